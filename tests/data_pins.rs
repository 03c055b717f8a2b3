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

/// The changes DESIGN §4 calls certain for the anticipated edition, with their change kinds.
#[test]
fn the_certain_changes_of_the_anticipated_edition_are_pinned() {
    let data = common::dataset();
    let set = data
        .mapping_sets
        .iter()
        .find(|s| s.id == "iso-iec-20000-1-2018--iso-iec-20000-1-next")
        .expect("the 2018 -> next set");
    assert!(set.transition);
    let rows: Vec<(String, String, &str)> = set
        .mappings
        .iter()
        .map(|m| data.mapping(*m))
        .map(|m| {
            let side = |c: Option<itsm_crosswalk::model::ClauseIdx>| {
                c.map_or(String::new(), |c| data.clause(c).reference.clone())
            };
            (
                side(m.source),
                side(m.target),
                m.change.map_or("", |c| c.as_str()),
            )
        })
        .collect();
    let pinned = [
        ("", "6.3", "NEW"),           // HS 6.3 Planning of changes
        ("6.3", "6.4", "RENUMBERED"), // Plan the SMS moves out of HS 6.3's way
        ("9.2", "9.2.1", "SPLIT"),
        ("9.2", "9.2.2", "SPLIT"),
        ("9.3", "9.3.1", "SPLIT"),
        ("9.3", "9.3.2", "SPLIT"),
        ("9.3", "9.3.3", "SPLIT"),
        ("10.1", "10.2", "RENUMBERED"), // nonconformity and corrective action swaps with
        ("10.2", "10.1", "RENUMBERED"), // continual improvement
        ("4.2", "4.2", "MODIFIED"),     // the new HS item
        ("8.1", "8.1", "MODIFIED"),     // externally provided processes, products or services
        ("4.1", "4.1", "EDITORIAL"),    // the climate sentence is already there through Amd 1:2024
    ];
    for (source, target, change) in pinned {
        assert!(
            rows.iter()
                .any(|(s, t, c)| s == source && t == target && *c == change),
            "{source} -> {target} should be {change}"
        );
    }
    let next = data.standard(data.standard_by_id("iso-iec-20000-1-next").unwrap());
    assert!(
        next.clauses
            .iter()
            .all(|c| data.clause(*c).provisional && !data.clause(*c).basis.is_empty())
    );
    assert!(set.mappings.iter().all(|m| data.mapping(*m).provisional));
    let plan = data.clause_by_ref("iso-iec-20000-1-next", "6.4").unwrap();
    assert_eq!(
        data.clause(plan).title.as_deref(),
        Some("Plan the service management system")
    );
    let hs_changes = data.clause_by_ref("iso-iec-20000-1-next", "6.3").unwrap();
    assert_eq!(
        data.clause(hs_changes).title.as_deref(),
        Some("Planning of changes")
    );
}
