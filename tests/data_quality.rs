//! The data-quality bar, checked on the embedded dataset, and the committed report kept in step.

mod common;

use std::path::Path;

use itsm_crosswalk::analysis::quality::{
    GAP_STANDARDS, LeafStanding, MAX_INTERSECTS_SHARE, leaf_standing, requirement_leaves,
    set_quality,
};
use itsm_crosswalk::model::MappingSetIdx;
use itsm_crosswalk::report::quality::report;

#[test]
fn no_mapping_set_is_mostly_intersections() {
    let data = common::dataset();
    let mut over = Vec::new();
    for i in 0..data.mapping_sets.len() {
        let q = set_quality(&data, MappingSetIdx(i as u32));
        if q.intersects_share() > MAX_INTERSECTS_SHARE {
            over.push(format!(
                "{}: {:.0} %",
                data.mapping_sets[i].id,
                q.intersects_share() * 100.0
            ));
        }
    }
    assert!(over.is_empty(), "too many INTERSECTS_WITH rows: {over:?}");
}

#[test]
fn every_20000_1_requirement_leaf_is_mapped_or_explained_against_27001_and_9001() {
    let data = common::dataset();
    let subject = data
        .standard_by_id(itsm_crosswalk::analysis::quality::GAP_SUBJECT)
        .unwrap();
    for other_id in GAP_STANDARDS {
        let Some(other) = data.standard_by_id(other_id) else {
            continue;
        };
        let unaccounted: Vec<&str> = requirement_leaves(&data, subject)
            .into_iter()
            .filter(|leaf| leaf_standing(&data, *leaf, other) == LeafStanding::Unaccounted)
            .map(|leaf| data.clause(leaf).reference.as_str())
            .collect();
        assert!(
            unaccounted.is_empty(),
            "{other_id}: no row for {unaccounted:?}"
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
