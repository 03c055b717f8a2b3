//! The data-quality bar, checked on the embedded dataset, and the committed report kept in step.

mod common;

use std::path::Path;

use itsm_crosswalk::analysis::quality::{
    GAP_PAIRS, INTERSECTS_SHARE_EXCEPTIONS, LeafStanding, MAX_INTERSECTS_SHARE, intersects_cap,
    leaf_standing, requirement_leaves, set_quality,
};
use itsm_crosswalk::model::MappingSetIdx;
use itsm_crosswalk::report::quality::report;

#[test]
fn no_mapping_set_is_mostly_intersections() {
    let data = common::dataset();
    let mut over = Vec::new();
    for i in 0..data.mapping_sets.len() {
        let q = set_quality(&data, MappingSetIdx(i as u32));
        let id = &data.mapping_sets[i].id;
        if q.intersects_share() > intersects_cap(id) {
            over.push(format!("{id}: {:.0} %", q.intersects_share() * 100.0));
        }
    }
    assert!(over.is_empty(), "too many INTERSECTS_WITH rows: {over:?}");
}

#[test]
fn every_exception_to_the_intersects_bar_is_still_needed_and_stays_modest() {
    let data = common::dataset();
    for exception in INTERSECTS_SHARE_EXCEPTIONS {
        let set = data
            .mapping_sets
            .iter()
            .position(|s| s.id == exception.set)
            .unwrap_or_else(|| panic!("{} is not a mapping set", exception.set));
        let share = set_quality(&data, MappingSetIdx(set as u32)).intersects_share();
        assert!(
            share > MAX_INTERSECTS_SHARE,
            "{} is back under the bar ({:.0} %): drop its exception",
            exception.set,
            share * 100.0
        );
        assert!(
            exception.cap <= 0.5,
            "an exception never makes a set mostly intersections"
        );
    }
}

#[test]
fn every_requirement_leaf_of_the_checked_pairs_is_mapped_or_explained() {
    let data = common::dataset();
    for (subject_id, other_id) in GAP_PAIRS {
        let subject = data.standard_by_id(subject_id).unwrap();
        let other = data.standard_by_id(other_id).unwrap();
        let unaccounted: Vec<&str> = requirement_leaves(&data, subject)
            .into_iter()
            .filter(|leaf| leaf_standing(&data, *leaf, other) == LeafStanding::Unaccounted)
            .map(|leaf| data.clause(leaf).reference.as_str())
            .collect();
        assert!(
            unaccounted.is_empty(),
            "{subject_id} against {other_id}: no row for {unaccounted:?}"
        );
    }
}

#[test]
fn the_committed_quality_report_matches_the_data() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DATA_QUALITY.md");
    let generated = report(&common::dataset());
    if std::env::var_os("UPDATE_REPORTS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == generated,
        "docs/DATA_QUALITY.md is stale: run `cargo run -- stats -o docs/DATA_QUALITY.md`"
    );
}

#[test]
fn the_rows_tell_one_story() {
    let data = common::dataset();
    let found = itsm_crosswalk::analysis::consistency::contradictions(&data);
    let messages: Vec<&str> = found.iter().map(|c| c.message.as_str()).collect();
    assert!(messages.is_empty(), "{messages:#?}");
}

/// The check bites: a heading said unchanged over a modified sub-clause, and a hub row turned
/// round, are each found, with the rows that contradict them.
#[test]
fn a_contradicting_heading_or_hub_row_is_found() {
    use itsm_crosswalk::analysis::consistency::{ContradictionKind, contradictions};
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crosswalks");
    for sub in ["", "clauses", "mappings", "releases"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "csv") {
                std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join("mappings").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with(from))
            .unwrap_or_else(|| panic!("no row starting {from} in {file}"))
            .to_string();
        let fields: Vec<&str> = line.splitn(7, ',').collect();
        let replaced = format!("{},{},{},{}", fields[0], fields[1], to, fields[6]);
        std::fs::write(&path, text.replace(&line, &replaced)).unwrap();
        // Where the edited row is: its file and its line.
        let number = text.lines().position(|l| l == line).unwrap() as u64 + 1;
        (file.to_string(), number)
    };
    // 2018 -> next: heading 4 said EQUAL and UNCHANGED although 4.2 gains an item.
    let heading = edit(
        "iso-iec-20000-1-2018--iso-iec-20000-1-next.csv",
        "4,4,",
        "EQUAL,SYNTACTIC,10,UNCHANGED",
    );
    // 20000-1:2018 4.2 said SUPERSET_OF the hub's 4.2 (the hub added an item it lacks).
    let hub_row = edit(
        "iso-iec-20000-1-2018--iso-hs-2021.csv",
        "4.2,4.2,",
        "SUPERSET_OF,SEMANTIC,9,",
    );
    let data = itsm_crosswalk::load::load_dirs(&[dir.path().to_path_buf()]).expect("still valid");
    let found = contradictions(&data);
    // Whether a contradiction names the edited row, as the one it blames or among the rows
    // against it.
    let names = |c: &itsm_crosswalk::analysis::consistency::Contradiction,
                 (file, line): &(String, u64)| {
        std::iter::once(c.row)
            .chain(c.against.iter().copied())
            .any(|m| {
                let origin = &data.mapping(m).origin;
                origin.file.ends_with(file.as_str()) && origin.line == *line
            })
    };
    let messages: Vec<&str> = found.iter().map(|c| c.message.as_str()).collect();
    assert!(
        found
            .iter()
            .any(|c| c.kind == ContradictionKind::HeadingChange && names(c, &heading)),
        "the unchanged heading 4 is reported: {messages:?}"
    );
    // Composing through the hub or through another clause may be what rules the row out; either
    // way the turned-round row is among the rows of the report.
    assert!(
        found.iter().any(|c| matches!(
            c.kind,
            ContradictionKind::ThroughTheHub | ContradictionKind::ThroughAThirdClause
        ) && names(c, &hub_row)),
        "the turned-round hub row 4.2 is reported: {messages:?}"
    );
    // Our own data has none: both come from the two edits.
    assert!(
        found
            .iter()
            .all(|c| names(c, &heading) || names(c, &hub_row)),
        "{messages:?}"
    );
}
