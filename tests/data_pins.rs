//! Pinned mapping rows: the pairs a reviewer checks first, per mapping set, kept in
//! `tests/expected-pairs/*.csv` (`set,source,target,relationship`, refs as in the set's files).
//! A changed relationship on any of them fails here and must be a deliberate edit of both.

mod common;

use std::path::Path;

use itsm_crosswalk::model::clause_id;

#[test]
fn every_pinned_pair_is_in_its_set_with_its_relationship() {
    let data = common::dataset();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected-pairs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in files {
        let mut reader = csv::Reader::from_path(&file).unwrap();
        for (i, row) in reader.records().enumerate() {
            let row = row.unwrap();
            let (set_id, source, target, relationship) = (&row[0], &row[1], &row[2], &row[3]);
            let place = format!("{}:{}", file.file_name().unwrap().to_string_lossy(), i + 2);
            let Some(set) = data.mapping_sets.iter().find(|s| s.id == set_id) else {
                failures.push(format!("{place}: no mapping set `{set_id}`"));
                continue;
            };
            let source_id = clause_id(&data.standard(set.source).id, source);
            let target_id = clause_id(&data.standard(set.target).id, target);
            let found = set.mappings.iter().map(|m| data.mapping(*m)).find(|m| {
                m.source.map(|c| data.clause(c).id.as_str())
                    == (!source.is_empty()).then_some(source_id.as_str())
                    && m.target.map(|c| data.clause(c).id.as_str())
                        == (!target.is_empty()).then_some(target_id.as_str())
            });
            match found {
                None => failures.push(format!(
                    "{place}: no row {source} -> {target} in `{set_id}`"
                )),
                Some(m) => {
                    let actual = m.relationship.map_or("", |r| r.as_str());
                    if actual != relationship {
                        failures.push(format!(
                            "{place}: {source} -> {target} is {actual}, pinned {relationship}"
                        ));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} pins");
    assert!(failures.is_empty(), "{failures:#?}");
}
