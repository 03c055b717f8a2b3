//! Releases: `releases.csv` numbers and dates the states of the data (1, 2, ... in order; the
//! last is the release the data is), and `releases/<n>.csv` keeps the manifest of each earlier
//! release (every record's key and content fingerprint, as `itsm-crosswalk release-manifest`
//! writes it), so that what changed since any shipped release can be told. Both are optional: a
//! dataset without them is "unreleased".

use std::collections::BTreeMap;

use super::Problems;
use super::cells::{Cells, is_iso_date};
use super::merge::Merged;
use super::rows::ManifestRow;
use super::table::{Located, read_table};
use crate::model::{Manifest, RecordKind, Release};

pub(super) fn releases(
    merged: &Merged,
    problems: &mut Problems,
) -> (Vec<Release>, BTreeMap<u32, Manifest>) {
    let mut releases: Vec<Release> = Vec::new();
    for Located { origin, row } in &merged.releases {
        let mut cells = Cells::new(origin, problems);
        let Ok(number) = row.release.parse::<u32>() else {
            cells.problem(format!("release `{}` is not a number", row.release));
            continue;
        };
        let expected = releases.last().map_or(1, |r| r.number + 1);
        if number != expected {
            cells.problem(format!(
                "release {number} out of order: releases are numbered 1, 2, 3, ... in order; {expected} comes next"
            ));
        }
        if !is_iso_date(&row.date) {
            cells.problem(format!("date `{}` is not a date (YYYY-MM-DD)", row.date));
        }
        if row.title.is_empty() {
            cells.problem(format!("release {number} has no title"));
        }
        releases.push(Release {
            number,
            date: row.date.clone(),
            title: row.title.clone(),
        });
    }
    let current = releases.last().map(|r| r.number);
    let mut manifests = BTreeMap::new();
    for (name, (file, bytes)) in &merged.manifest_files {
        let Some(number) = name
            .parse::<u32>()
            .ok()
            .filter(|n| current.is_some_and(|c| *n < c))
        else {
            problems.push(super::Problem::at(
                file,
                1,
                format!(
                    "`releases/{name}.csv` is not the manifest of an earlier release in releases.csv (earlier releases: 1 to {})",
                    current.map_or(0, |c| c.saturating_sub(1))
                ),
            ));
            continue;
        };
        let rows: Vec<Located<ManifestRow>> = read_table(
            file,
            bytes,
            ManifestRow::COLUMNS,
            ManifestRow::OPTIONAL,
            problems,
        );
        let mut manifest = Manifest::default();
        for Located { origin, row } in rows {
            let mut cells = Cells::new(&origin, problems);
            let Some(kind) = RecordKind::parse(&row.kind) else {
                cells.problem(format!(
                    "kind `{}` is not one of: standard, clause, mapping",
                    row.kind
                ));
                continue;
            };
            if row.key.is_empty() || row.fingerprint.is_empty() {
                cells.problem("a manifest row needs a key and a fingerprint");
                continue;
            }
            if manifest
                .records
                .insert((kind, row.key.clone()), row.fingerprint)
                .is_some()
            {
                cells.problem(format!("{} `{}` appears twice", kind.as_str(), row.key));
            }
        }
        manifests.insert(number, manifest);
    }
    if let Some(current) = current {
        for earlier in 1..current {
            if !manifests.contains_key(&earlier) {
                let file = merged
                    .releases
                    .first()
                    .map_or("releases.csv".to_string(), |r| r.origin.file.clone());
                problems.push(super::Problem::at(
                    &file,
                    1,
                    format!(
                        "release {earlier} has no manifest `releases/{earlier}.csv`: write it with `itsm-crosswalk release-manifest` before the next release"
                    ),
                ));
            }
        }
    }
    (releases, manifests)
}
