//! The GraphQL API over the embedded dataset, through the real router in process.

mod common;

use common::{data, error_codes, graphql};
use serde_json::json;

#[tokio::test]
async fn clause_8_5_1_3_answers_with_title_parent_chain_and_mappings() {
    let d = data(
        r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") {
              id ref title normative
              parent { ref }
              ancestors { ref title }
              standard { designation }
              mappings { source { id } target { id } relationship change inverted }
            } }"#,
        json!({}),
    )
    .await;
    let clause = &d["clause"];
    assert_eq!(clause["id"], "iso-iec-20000-1-2018:8.5.1.3");
    assert_eq!(clause["title"], "Change management activities");
    assert_eq!(clause["standard"]["designation"], "ISO/IEC 20000-1:2018");
    assert_eq!(clause["parent"]["ref"], "8.5.1");
    let chain: Vec<&str> = clause["ancestors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ref"].as_str().unwrap())
        .collect();
    assert_eq!(chain, ["8.5.1", "8.5", "8"]);
    let mappings = clause["mappings"].as_array().unwrap();
    assert!(!mappings.is_empty());
    // Every mapping is read from this clause, whichever way it is stored.
    for m in mappings {
        assert_eq!(m["source"]["id"], "iso-iec-20000-1-2018:8.5.1.3");
    }
    // The 2011 change management clause was split into 8.5.1.1-3: stored 2011 -> 2018 as
    // SUPERSET_OF / SPLIT, so read from 2018 it is SUBSET_OF / MERGED.
    let from_2011 = mappings
        .iter()
        .find(|m| m["target"]["id"] == "iso-iec-20000-1-2011:9.2")
        .expect("a link to 2011 9.2 change management");
    assert_eq!(from_2011["relationship"], "SUBSET_OF");
    assert_eq!(from_2011["change"], "MERGED");
    assert_eq!(from_2011["inverted"], true);
}

#[tokio::test]
async fn mappings_read_from_the_stored_source_are_not_inverted() {
    let d = data(
        r#"{ clause(standard: "iso-iec-20000-1-2011", ref: "6.3") {
              mappings(to: ["iso-iec-20000-1-2018"]) { target { ref } relationship change inverted }
            } }"#,
        json!({}),
    )
    .await;
    let mappings = d["clause"]["mappings"].as_array().unwrap();
    let targets: Vec<&str> = mappings
        .iter()
        .map(|m| m["target"]["ref"].as_str().unwrap())
        .collect();
    assert!(
        targets.contains(&"8.7.1") && targets.contains(&"8.7.2"),
        "{targets:?}"
    );
    for m in mappings
        .iter()
        .filter(|m| m["target"]["ref"] == "8.7.1" || m["target"]["ref"] == "8.7.2")
    {
        assert_eq!(m["relationship"], "SUPERSET_OF");
        assert_eq!(m["change"], "SPLIT");
        assert_eq!(m["inverted"], false);
    }
}

#[tokio::test]
async fn mapping_filters_by_far_standard_and_relationship() {
    let d = data(
        r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "9.2") {
              all: mappings { target { standard { id } } }
              hub: mappings(to: ["iso-hs-2021"]) { target { id standard { id } } relationship }
              supersets: mappings(to: ["iso-hs-2021"], relationships: [SUPERSET_OF]) { target { id } }
            } }"#,
        json!({}),
    )
    .await;
    let hub = d["clause"]["hub"].as_array().unwrap();
    assert!(
        hub.iter()
            .all(|m| m["target"]["standard"]["id"] == "iso-hs-2021")
    );
    let hub_targets: Vec<&str> = hub
        .iter()
        .map(|m| m["target"]["id"].as_str().unwrap())
        .collect();
    assert!(
        hub_targets.contains(&"iso-hs-2021:9.2.1") && hub_targets.contains(&"iso-hs-2021:9.2.2"),
        "{hub_targets:?}"
    );
    assert!(d["clause"]["all"].as_array().unwrap().len() > hub.len());
    for m in d["clause"]["supersets"].as_array().unwrap() {
        assert!(hub_targets.contains(&m["target"]["id"].as_str().unwrap()));
    }
}

#[tokio::test]
async fn the_2018_tree_is_complete_to_the_fourth_level() {
    let d = data(
        r#"{ standard(id: "iso-iec-20000-1-2018") {
              designation status year clauseCount
              supersedes { id }
              amendments { designation title clauses { ref } }
              topLevelClauses { ref }
              clauses(first: 100) { totalCount nodes { ref } }
            } }"#,
        json!({}),
    )
    .await;
    let s = &d["standard"];
    assert_eq!(s["status"], "PUBLISHED");
    assert_eq!(s["year"], 2018);
    assert_eq!(s["supersedes"]["id"], "iso-iec-20000-1-2011");
    assert_eq!(
        s["clauseCount"], 77,
        "77 numbered headings in clauses 4 to 10"
    );
    let top: Vec<&str> = s["topLevelClauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ref"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["4", "5", "6", "7", "8", "9", "10"]);
    let refs: Vec<&str> = s["clauses"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ref"].as_str().unwrap())
        .collect();
    for expected in [
        "8.3.4.2", "8.5.1.3", "8.5.2.3", "8.7.3.2", "9.4", "7.6", "7.5.4",
    ] {
        assert!(refs.contains(&expected), "{expected} missing");
    }
    let amendment = &s["amendments"][0];
    assert_eq!(amendment["designation"], "ISO/IEC 20000-1:2018/Amd 1:2024");
    let amended: Vec<&str> = amendment["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ref"].as_str().unwrap())
        .collect();
    assert_eq!(amended, ["4.1", "4.2"]);
}

#[tokio::test]
async fn clauses_page_through_with_cursors() {
    let query = r#"query($after: String) { standard(id: "iso-iec-20000-1-2018") {
        clauses(first: 30, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { ref } } } }"#;
    let mut after = serde_json::Value::Null;
    let mut seen = Vec::new();
    for _ in 0..10 {
        let d = data(query, json!({ "after": after })).await;
        let page = &d["standard"]["clauses"];
        seen.extend(
            page["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["ref"].as_str().unwrap().to_string()),
        );
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 77);
    assert_eq!(seen.first().map(String::as_str), Some("4"));
    assert_eq!(seen.last().map(String::as_str), Some("10.2"));
}

#[tokio::test]
async fn node_resolves_standards_clauses_and_mapping_sets() {
    let d = data(
        r#"{ a: node(id: "iso-iec-20000-1-2018:8.7.3.2") { __typename id ... on Clause { title } }
             b: node(id: "iso-hs-2021") { __typename id ... on Standard { kind } }
             c: node(id: "iso-iec-20000-1-2011--iso-iec-20000-1-2018") { __typename ... on MappingSet { transition } }
             d: node(id: "iso-iec-20000-1-2018:99.9") { id } }"#,
        json!({}),
    )
    .await;
    assert_eq!(d["a"]["__typename"], "Clause");
    assert_eq!(d["a"]["title"], "Information security controls");
    assert_eq!(d["b"]["__typename"], "Standard");
    assert_eq!(d["b"]["kind"], "STRUCTURE");
    assert_eq!(d["c"]["transition"], true);
    assert!(d["d"].is_null());
}

#[tokio::test]
async fn lineage_follows_transitions_without_wandering_into_siblings() {
    let d = data(
        r#"{ old: lineage(clause: "iso-iec-20000-1-2011:6.3") { id }
             split: lineage(clause: "iso-iec-20000-1-2018:8.7.1") { id } }"#,
        json!({}),
    )
    .await;
    let ids = |key: &str| common::ids(&d[key]);
    let old = ids("old");
    assert_eq!(old[0], "iso-iec-20000-1-2011:6.3", "oldest edition first");
    assert!(old.contains(&"iso-iec-20000-1-2018:8.7.1".to_string()));
    assert!(old.contains(&"iso-iec-20000-1-2018:8.7.2".to_string()));
    let split = ids("split");
    assert!(split.contains(&"iso-iec-20000-1-2011:6.3".to_string()));
    assert!(
        !split.contains(&"iso-iec-20000-1-2018:8.7.2".to_string()),
        "a sibling of a split is not lineage: {split:?}"
    );
}

#[tokio::test]
async fn standards_filter_by_kind_and_status() {
    let d = data(
        r#"{ all: standards { id } withdrawn: standards(statuses: [WITHDRAWN]) { id } structures: standards(kinds: [STRUCTURE]) { id } }"#,
        json!({}),
    )
    .await;
    let ids = |key: &str| common::ids(&d[key]);
    assert!(ids("all").len() >= 3);
    assert!(ids("withdrawn").contains(&"iso-iec-20000-1-2011".to_string()));
    assert!(!ids("withdrawn").contains(&"iso-iec-20000-1-2018".to_string()));
    assert_eq!(ids("structures"), ["iso-hs-2021"]);
}

#[tokio::test]
async fn unknown_ids_are_null_or_not_found() {
    let response = graphql(
        r#"{ standard(id: "iso-9999") { id } clause(standard: "iso-iec-20000-1-2018", ref: "8.99") { id } }"#,
        json!({}),
    )
    .await;
    assert!(response["data"]["standard"].is_null());
    assert!(response["data"]["clause"].is_null());
    assert!(response.get("errors").is_none());
    let response = graphql(r#"{ lineage(clause: "nope:1") { id } }"#, json!({})).await;
    assert_eq!(error_codes(&response), ["NOT_FOUND"]);
    // A typo in a filter is an error, not a silently empty list.
    let response = graphql(
        r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "8.6.1") { mappings(to: ["iso-iec-27001-2013"]) { note } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&response), ["NOT_FOUND"]);
    let response = graphql(
        r#"{ theme(id: "climate") { clauses(standards: ["iso-14001"]) { id } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&response), ["NOT_FOUND"]);
}

#[tokio::test]
async fn dataset_reports_version_and_counts() {
    let d = data(
        "{ dataset { version release releases { number } loadedAt standardCount clauseCount mappingSetCount mappingCount } }",
        json!({}),
    )
    .await;
    let info = &d["dataset"];
    // The version is the release and the content hash.
    let release = info["release"].as_u64().unwrap();
    assert!(release >= 2);
    assert!(
        info["version"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{release}+")),
        "{info}"
    );
    assert_eq!(info["releases"].as_array().unwrap().len() as u64, release);
    assert!(info["clauseCount"].as_u64().unwrap() > 77);
    assert!(info["mappingCount"].as_u64().unwrap() > 0);
    assert!(info["loadedAt"].as_str().unwrap().ends_with('Z'));
}

/// What changed since release 1, as a tool that cached it would ask; the second release's own
/// additions are listed, nothing is listed since the current release, and an unknown release is
/// NOT_FOUND.
#[tokio::test]
async fn dataset_changes_list_what_to_re_read_since_a_release() {
    let d = data(
        "{ datasetChanges(since: 1) { since release standards { added removed changed } clauses { added } mappings { added removed changed } } }",
        json!({}),
    )
    .await;
    let changes = &d["datasetChanges"];
    let added = |kind: &str| -> Vec<String> {
        changes[kind]["added"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert!(added("standards").contains(&"iso-14001-2026".to_string()));
    assert!(added("clauses").contains(&"iso-14001-2026:6.3".to_string()));
    assert!(
        added("mappings")
            .iter()
            .any(|k| k.starts_with("iso-14001-2015--iso-14001-2026|")),
        "{changes}"
    );
    let current = data("{ dataset { release } }", json!({})).await["dataset"]["release"].clone();
    let none = data(
        "query($r: Int!) { datasetChanges(since: $r) { standards { added removed changed } mappings { added removed changed } } }",
        json!({ "r": current }),
    )
    .await;
    assert_eq!(none["datasetChanges"]["standards"]["added"], json!([]));
    assert_eq!(none["datasetChanges"]["mappings"]["changed"], json!([]));
    let unknown = graphql("{ datasetChanges(since: 99) { release } }", json!({})).await;
    assert_eq!(error_codes(&unknown), ["NOT_FOUND"]);
}
