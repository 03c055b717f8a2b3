//! Overlaying dataset directories: every file of every layer is read into rows, the shared tables
//! are merged by key (a later layer's row replaces an earlier one in place), and a later clause or
//! mapping file replaces the earlier file of the same name whole. The content hash behind the
//! dataset version is taken here, over every file as read.

use std::collections::{BTreeMap, HashMap};

use super::rows::{AmendmentRow, MappingSetRow, ReleaseRow, StandardRow, TermRow};
use super::table::{Located, read_table};
use super::{Layer, Problem, Problems};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The rows of every layer, merged.
pub(super) struct Merged {
    pub standards: Vec<Located<StandardRow>>,
    pub amendments: Vec<Located<AmendmentRow>>,
    pub themes: Vec<Located<TermRow>>,
    pub bases: Vec<Located<TermRow>>,
    pub mapping_sets: Vec<Located<MappingSetRow>>,
    /// Standard id -> (file as displayed, contents); a later layer replaces the whole file.
    pub clause_files: BTreeMap<String, (String, Vec<u8>)>,
    /// Mapping set id -> (file as displayed, contents).
    pub mapping_files: BTreeMap<String, (String, Vec<u8>)>,
    pub releases: Vec<Located<ReleaseRow>>,
    /// Release number as written in the file name -> (file as displayed, contents).
    pub manifest_files: BTreeMap<String, (String, Vec<u8>)>,
}

/// Reads and merges the layers; returns the merged rows and the hash of every file read.
pub(super) fn merge_layers(layers: &[Layer], problems: &mut Problems) -> (Merged, u64) {
    let mut hash = FNV_OFFSET;
    let first_root = layers
        .first()
        .map_or_else(|| "crosswalks".to_string(), |l| l.display_root.clone());
    let mut merged = Merged {
        standards: Vec::new(),
        amendments: Vec::new(),
        themes: Vec::new(),
        bases: Vec::new(),
        mapping_sets: Vec::new(),
        clause_files: BTreeMap::new(),
        mapping_files: BTreeMap::new(),
        releases: Vec::new(),
        manifest_files: BTreeMap::new(),
    };
    let mut releases = Vec::new();
    let mut standards = Vec::new();
    let mut amendments = Vec::new();
    let mut themes = Vec::new();
    let mut bases = Vec::new();
    let mut sets = Vec::new();
    for layer in layers {
        for (relative, bytes) in &layer.files {
            hash = fnv1a(fnv1a(hash, relative.as_bytes()), bytes);
            let file = layer.display(relative);
            match relative.as_str() {
                "standards.csv" => standards.push(read_table(
                    &file,
                    bytes,
                    StandardRow::COLUMNS,
                    StandardRow::OPTIONAL,
                    problems,
                )),
                "amendments.csv" => amendments.push(read_table(
                    &file,
                    bytes,
                    AmendmentRow::COLUMNS,
                    AmendmentRow::OPTIONAL,
                    problems,
                )),
                "themes.csv" => themes.push(read_table(
                    &file,
                    bytes,
                    TermRow::COLUMNS,
                    TermRow::OPTIONAL,
                    problems,
                )),
                "bases.csv" => bases.push(read_table(
                    &file,
                    bytes,
                    TermRow::COLUMNS,
                    TermRow::OPTIONAL,
                    problems,
                )),
                "mapping-sets.csv" => sets.push(read_table(
                    &file,
                    bytes,
                    MappingSetRow::COLUMNS,
                    MappingSetRow::OPTIONAL,
                    problems,
                )),
                "releases.csv" => releases.push(read_table(
                    &file,
                    bytes,
                    ReleaseRow::COLUMNS,
                    ReleaseRow::OPTIONAL,
                    problems,
                )),
                other => {
                    if let Some(number) = other
                        .strip_prefix("releases/")
                        .and_then(|n| n.strip_suffix(".csv"))
                    {
                        merged
                            .manifest_files
                            .insert(number.to_string(), (file, bytes.clone()));
                    } else if let Some(id) = other
                        .strip_prefix("clauses/")
                        .and_then(|n| n.strip_suffix(".csv"))
                    {
                        merged
                            .clause_files
                            .insert(id.to_string(), (file, bytes.clone()));
                    } else if let Some(id) = other
                        .strip_prefix("mappings/")
                        .and_then(|n| n.strip_suffix(".csv"))
                    {
                        merged
                            .mapping_files
                            .insert(id.to_string(), (file, bytes.clone()));
                    } else {
                        problems.push(Problem::at(&file, 1, "unexpected file: a dataset holds standards.csv, amendments.csv, themes.csv, bases.csv, mapping-sets.csv, releases.csv, clauses/*.csv, mappings/*.csv and releases/*.csv"));
                    }
                }
            }
        }
    }
    if standards.is_empty() {
        problems.push(Problem::at(
            &format!("{first_root}/standards.csv"),
            1,
            "no standards.csv in any data directory",
        ));
    }
    merged.standards = merge_by_key(standards, |r| r.id.clone(), problems);
    merged.amendments = merge_by_key(
        amendments,
        |r| format!("{} {}", r.standard, r.designation),
        problems,
    );
    merged.themes = merge_by_key(themes, |r| r.id.clone(), problems);
    merged.bases = merge_by_key(bases, |r| r.id.clone(), problems);
    merged.mapping_sets = merge_by_key(sets, |r| r.id.clone(), problems);
    merged.releases = merge_by_key(releases, |r| r.release.clone(), problems);
    (merged, hash)
}

/// Merges the rows of several layers by key: a duplicate key within one layer is a problem; a
/// later layer's row replaces an earlier one in place.
fn merge_by_key<T>(
    layers: Vec<Vec<Located<T>>>,
    key: impl Fn(&T) -> String,
    problems: &mut Problems,
) -> Vec<Located<T>> {
    let mut out: Vec<Located<T>> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for rows in layers {
        let mut seen_in_layer: HashMap<String, u64> = HashMap::new();
        for located in rows {
            let k = key(&located.row);
            if let Some(first) = seen_in_layer.get(&k) {
                problems.at(
                    &located.origin,
                    format!("duplicate id `{k}` (first defined on line {first})"),
                );
                continue;
            }
            seen_in_layer.insert(k.clone(), located.origin.line);
            match position.get(&k) {
                Some(&i) => out[i] = located,
                None => {
                    position.insert(k, out.len());
                    out.push(located);
                }
            }
        }
    }
    out
}

/// A stable 64-bit FNV-1a hash, so that the dataset version is the same on every machine.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
