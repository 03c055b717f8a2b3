//! The analysis queries answered from the real dataset: transition plans, coverage, derived
//! crosswalks, integrated views, search, crosswalk paging, themes and lineage.

mod common;

use common::{data, error_codes, graphql};
use serde_json::{Value, json};

const PLAN: &str = r#"query($input: TransitionPlanInput!) { transitionPlan(input: $input) {
    userErrors { field message }
    plan {
      from { id } to { id }
      summary { carryOver review implement retire readiness }
      items { clause { id } action change predecessors { id } reusableControls provisional rationale guidance { id } }
    } } }"#;

fn item<'a>(plan: &'a Value, clause: &str) -> &'a Value {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["clause"]["id"] == clause)
        .unwrap_or_else(|| panic!("no item for {clause}"))
}

#[tokio::test]
async fn a_plan_from_2018_to_the_next_edition_follows_the_certain_changes() {
    let controls = json!([
        { "id": "GOV-02", "title": "Service management plan", "clauses": ["6.3"] },
        { "id": "GOV-04", "clauses": ["4.2"] },
        { "id": "PER-01", "clauses": ["9.2"] },
        { "id": "PER-02", "clauses": ["9.3"], "status": "IMPLEMENTED" },
        { "id": "IMP-01", "clauses": ["10.1", "10.2"] },
        { "id": "OPS-06", "clauses": ["8.5.1"], "status": "PARTIAL" },
    ]);
    let d = data(PLAN, json!({ "input": { "from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": controls } })).await;
    let payload = &d["transitionPlan"];
    assert_eq!(payload["userErrors"], json!([]));
    let plan = &payload["plan"];
    // The service management plan moves from 6.3 to 6.4 unchanged: its control carries over.
    let moved = item(plan, "iso-iec-20000-1-next:6.4");
    assert_eq!(
        (moved["action"].as_str(), moved["change"].as_str()),
        (Some("CARRY_OVER"), Some("RENUMBERED"))
    );
    assert_eq!(moved["predecessors"][0]["id"], "iso-iec-20000-1-2018:6.3");
    assert_eq!(moved["reusableControls"], json!(["GOV-02"]));
    // HS 6.3 Planning of changes is new: nothing can be reused.
    let new = item(plan, "iso-iec-20000-1-next:6.3");
    assert_eq!(
        (new["action"].as_str(), new["change"].as_str()),
        (Some("IMPLEMENT"), Some("NEW"))
    );
    assert_eq!(new["predecessors"], json!([]));
    // 4.2 gains the HS item: the control is reusable but must be reviewed; climate guidance applies.
    let parties = item(plan, "iso-iec-20000-1-next:4.2");
    assert_eq!(
        (parties["action"].as_str(), parties["change"].as_str()),
        (Some("REVIEW"), Some("MODIFIED"))
    );
    assert!(
        parties["guidance"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == "iso-iec-ts-20000-16-2025:climate")
    );
    // 9.2 splits: the general part is contained in the old clause, so a full control carries over;
    // the programme part gains per-audit objectives from the harmonized structure, so it is reviewed.
    let general = item(plan, "iso-iec-20000-1-next:9.2.1");
    assert_eq!(
        (general["action"].as_str(), general["change"].as_str()),
        (Some("CARRY_OVER"), Some("SPLIT"))
    );
    let programme = item(plan, "iso-iec-20000-1-next:9.2.2");
    assert_eq!(
        (programme["action"].as_str(), programme["change"].as_str()),
        (Some("REVIEW"), Some("SPLIT"))
    );
    for i in [general, programme] {
        assert_eq!(i["reusableControls"], json!(["PER-01"]));
    }
    // 10.1 and 10.2 swap places.
    assert_eq!(
        item(plan, "iso-iec-20000-1-next:10.1")["predecessors"][0]["id"],
        "iso-iec-20000-1-2018:10.2"
    );
    assert_eq!(
        item(plan, "iso-iec-20000-1-next:10.2")["predecessors"][0]["id"],
        "iso-iec-20000-1-2018:10.1"
    );
    // A partly implemented control is only ever reviewed.
    assert_eq!(
        item(plan, "iso-iec-20000-1-next:8.5.1.3")["action"],
        "REVIEW"
    );
    // Everything into the anticipated edition is provisional; the summary adds up.
    let items = plan["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["provisional"] == true));
    let s = &plan["summary"];
    let total = ["carryOver", "review", "implement", "retire"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(total as usize, items.len());
    let readiness = s["readiness"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&readiness));
}

#[tokio::test]
async fn bad_inventory_values_are_user_errors_and_the_plan_is_still_computed() {
    let controls = json!([
        { "id": "A", "clauses": ["8.99"] },
        { "id": "B", "clauses": ["iso-iec-27001-2022:A.9.99"] },
        { "id": "A", "clauses": ["8.6.1"] },
        { "id": "C", "clauses": ["8.6.1", "nonsense:1"] },
    ]);
    let d = data(PLAN, json!({ "input": { "from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": controls } })).await;
    let fields = common::error_fields(&d["transitionPlan"]["userErrors"]);
    assert_eq!(
        fields,
        [
            "controls.0.clauses.0",
            "controls.1.clauses.0",
            "controls.2.id",
            "controls.3.clauses.1"
        ]
    );
    let plan = &d["transitionPlan"]["plan"];
    assert_eq!(
        item(plan, "iso-iec-20000-1-next:8.6.1")["reusableControls"],
        json!(["C"])
    );
}

/// A control resting on a clause that was checked and found to have no counterpart gets the
/// reason, not only "no mapping".
#[tokio::test]
async fn a_control_on_a_checked_absence_is_told_why_it_does_not_carry_over() {
    let controls = json!([{ "id": "PHY-01", "clauses": ["iso-iec-27001-2022:A.7.1"] }]);
    let d = data(PLAN, json!({ "input": { "from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": controls } })).await;
    let errors = d["transitionPlan"]["userErrors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.contains("no mapping to ISO/IEC 20000-1:2018")
            && message.contains("checked against 8.7.3.2: "),
        "{message}"
    );
}

#[tokio::test]
async fn a_plan_for_the_real_2011_to_2018_transition_reviews_splits_and_retires_removed_clauses() {
    let controls = json!([
        { "id": "CONT-01", "clauses": ["6.3"] },
        { "id": "SMS-01", "clauses": ["4.5"] },
        { "id": "ISMS-01", "clauses": ["iso-iec-27001-2022:A.8.32"] },
    ]);
    let d = data(PLAN, json!({ "input": { "from": "iso-iec-20000-1-2011", "to": "iso-iec-20000-1-2018", "controls": controls } })).await;
    assert_eq!(d["transitionPlan"]["userErrors"], json!([]));
    let plan = &d["transitionPlan"]["plan"];
    for part in ["iso-iec-20000-1-2018:8.7.1", "iso-iec-20000-1-2018:8.7.2"] {
        let i = item(plan, part);
        assert_eq!(i["change"], "SPLIT");
        assert!(
            i["reusableControls"]
                .as_array()
                .unwrap()
                .contains(&json!("CONT-01")),
            "{part}"
        );
        assert_ne!(i["action"], "IMPLEMENT");
    }
    let retired = item(plan, "iso-iec-20000-1-2011:4.5");
    assert_eq!(retired["action"], "RETIRE");
    assert!(
        retired["reusableControls"]
            .as_array()
            .unwrap()
            .contains(&json!("SMS-01"))
    );
    // A 27001 control is carried into 2011 clauses through the crosswalks and appears somewhere.
    assert!(plan["items"].as_array().unwrap().iter().any(|i| {
        i["reusableControls"]
            .as_array()
            .unwrap()
            .contains(&json!("ISMS-01"))
    }));
}

#[tokio::test]
async fn a_plan_between_editions_without_a_transition_is_refused() {
    let response = graphql(
        PLAN,
        json!({ "input": { "from": "iso-9001-2015", "to": "iso-iec-27001-2022", "controls": [] } }),
    )
    .await;
    assert_eq!(error_codes(&response), ["INVALID_ARGUMENT"]);
}

#[tokio::test]
async fn coverage_of_20000_1_by_27001_and_9001() {
    let d = data(
        r#"{ one: coverage(target: "iso-iec-20000-1-2018", sources: ["iso-iec-27001-2022"]) { full partial none ratio }
             both: coverage(target: "iso-iec-20000-1-2018", sources: ["iso-iec-27001-2022", "iso-9001-2015"]) {
               full partial none ratio
               clauses { clause { id normative children { id } } level via { target { standard { id } } relationship } } } }"#,
        json!({}),
    )
    .await;
    let (one, both) = (&d["one"], &d["both"]);
    let counted = |r: &Value| {
        r["full"].as_u64().unwrap() + r["partial"].as_u64().unwrap() + r["none"].as_u64().unwrap()
    };
    assert_eq!(counted(one), counted(both));
    assert!(
        both["full"].as_u64() >= one["full"].as_u64(),
        "a second source never lowers coverage"
    );
    assert!(both["none"].as_u64() <= one["none"].as_u64());
    let clauses = both["clauses"].as_array().unwrap();
    let level = |id: &str| {
        clauses.iter().find(|c| c["clause"]["id"] == id).unwrap()["level"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Knowledge is covered by 9001 7.1.6; of the service management plan only the obligations it
    // records (27001 A.5.31), so in part; budgeting and demand management by neither.
    assert_ne!(level("iso-iec-20000-1-2018:7.6"), "NONE");
    assert_eq!(level("iso-iec-20000-1-2018:6.3"), "PARTIAL");
    assert_eq!(level("iso-iec-20000-1-2018:8.4.1"), "NONE");
    assert_eq!(level("iso-iec-20000-1-2018:8.4.2"), "NONE");
    // A parent is FULL only when all its children are.
    for c in clauses {
        if c["level"] == "FULL" {
            for child in c["clause"]["children"].as_array().unwrap() {
                assert_eq!(
                    level(child["id"].as_str().unwrap()),
                    "FULL",
                    "{} is FULL but {} is not",
                    c["clause"]["id"],
                    child["id"]
                );
            }
        }
        for via in c["via"].as_array().unwrap() {
            let s = via["target"]["standard"]["id"].as_str().unwrap();
            assert!(s == "iso-iec-27001-2022" || s == "iso-9001-2015");
            assert_ne!(via["relationship"], "NOT_RELATED");
        }
    }
}

/// "We hold 20000-1: how much of 27001 do we cover, and for what we don't, why?" Every Annex A
/// control that is not covered says whether it was checked, and if so why nothing corresponds.
#[tokio::test]
async fn coverage_says_why_a_clause_is_not_covered() {
    let d = data(
        r#"{ coverage(target: "iso-iec-27001-2022", sources: ["iso-iec-20000-1-2018"]) {
               clauses { clause { ref normative children { id } } level
                         via { relationship }
                         checkedAbsences { relationship note target { id } } } } }"#,
        json!({}),
    )
    .await;
    let clauses = d["coverage"]["clauses"].as_array().unwrap();
    let clause = |r: &str| clauses.iter().find(|c| c["clause"]["ref"] == r).unwrap();
    // The physical perimeter: not covered, and checked against 8.7.3.2 with the reason.
    let perimeter = clause("A.7.1");
    assert_eq!(perimeter["level"], "NONE");
    let absences = perimeter["checkedAbsences"].as_array().unwrap();
    assert_eq!(absences.len(), 1, "{perimeter}");
    assert_eq!(absences[0]["relationship"], "NOT_RELATED");
    assert_eq!(absences[0]["target"]["id"], "iso-iec-20000-1-2018:8.7.3.2");
    assert!(!absences[0]["note"].as_str().unwrap().is_empty());
    // A covered control has no absence from the same clause standing in for a link.
    assert_ne!(clause("A.8.32")["level"], "NONE");
    // Every requirement leaf that is NONE was checked: the 27001 set is complete in this direction.
    for c in clauses {
        let leaf = c["clause"]["children"].as_array().unwrap().is_empty()
            && c["clause"]["normative"] == true;
        if leaf && c["level"] == "NONE" {
            assert!(
                !c["checkedAbsences"].as_array().unwrap().is_empty(),
                "{} is NONE without a checked absence",
                c["clause"]["ref"]
            );
        }
        for absence in c["checkedAbsences"].as_array().unwrap() {
            assert_eq!(absence["relationship"], "NOT_RELATED");
        }
    }
}

#[tokio::test]
async fn derived_crosswalk_through_the_hub_composes_and_reports_indeterminate_paths() {
    let d = data(
        r#"{ derivedCrosswalk(from: "iso-iec-27001-2022", via: ["iso-hs-2021"], to: "iso-iec-42001-2023") {
              mappings { source { id } target { id } relationship indeterminate strength path { source { id } target { id } relationship strength } } } }"#,
        json!({}),
    )
    .await;
    let mappings = d["derivedCrosswalk"]["mappings"].as_array().unwrap();
    assert!(!mappings.is_empty());
    let awareness = mappings
        .iter()
        .find(|m| {
            m["source"]["id"] == "iso-iec-27001-2022:7.3"
                && m["target"]["id"] == "iso-iec-42001-2023:7.3"
        })
        .expect("7.3 awareness is HS core text in both");
    assert_eq!(awareness["relationship"], "EQUAL");
    for m in mappings {
        let path = m["path"].as_array().unwrap();
        assert_eq!(path.len(), 2);
        assert_eq!(path[0]["source"]["id"], m["source"]["id"]);
        assert_eq!(
            path[0]["target"]["id"], path[1]["source"]["id"],
            "the path is connected"
        );
        assert_eq!(path[1]["target"]["id"], m["target"]["id"]);
        let weakest = path
            .iter()
            .map(|p| p["strength"].as_u64().unwrap())
            .min()
            .unwrap();
        assert_eq!(m["strength"].as_u64().unwrap(), weakest);
        assert_eq!(
            m["indeterminate"].as_bool().unwrap(),
            m["relationship"].is_null()
        );
        assert!(
            path.iter()
                .all(|p| p["relationship"] != "SUPPORTS" && p["relationship"] != "SUPPORTED_BY")
        );
    }
}

#[tokio::test]
async fn supportive_links_are_never_chained_in_derived_crosswalks() {
    let d = data(
        r#"{ derivedCrosswalk(from: "iso-iec-ts-20000-16-2025", via: ["iso-iec-20000-1-2018"], to: "iso-iec-27001-2022") { mappings { source { id } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(d["derivedCrosswalk"]["mappings"], json!([]));
}

#[tokio::test]
async fn integrated_view_anchors_rows_on_the_hub_then_lists_discipline_specific_clauses() {
    let d = data(
        r#"{ integratedView(standards: ["iso-iec-20000-1-2018", "iso-iec-27001-2022"]) {
              standards { id }
              rows { hub { id } cells { standard { id } clauses { id } } } } }"#,
        json!({}),
    )
    .await;
    let rows = d["integratedView"]["rows"].as_array().unwrap();
    let hub_rows: Vec<&Value> = rows.iter().filter(|r| !r["hub"].is_null()).collect();
    let audit = hub_rows
        .iter()
        .find(|r| r["hub"]["id"] == "iso-hs-2021:9.2.2")
        .unwrap();
    let cell = |row: &Value, standard: &str| -> Vec<String> {
        row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["standard"]["id"] == standard)
            .unwrap()["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        cell(audit, "iso-iec-20000-1-2018"),
        ["iso-iec-20000-1-2018:9.2"]
    );
    assert_eq!(
        cell(audit, "iso-iec-27001-2022"),
        ["iso-iec-27001-2022:9.2.2"]
    );
    // Hub rows come first; then discipline-specific rows with no hub.
    let first_specific = rows.iter().position(|r| r["hub"].is_null()).unwrap();
    assert!(rows[first_specific..].iter().all(|r| r["hub"].is_null()));
    let specific: Vec<String> = rows[first_specific..]
        .iter()
        .flat_map(|r| {
            r["cells"].as_array().unwrap().iter().flat_map(|c| {
                c["clauses"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x["id"].as_str().unwrap().to_string())
            })
        })
        .collect();
    assert!(specific.contains(&"iso-iec-20000-1-2018:8.6.1".to_string()));
    assert!(specific.contains(&"iso-iec-27001-2022:A.5.24".to_string()));
    assert!(
        !specific.contains(&"iso-iec-20000-1-2018:7.3".to_string()),
        "awareness maps to the hub"
    );
}

#[tokio::test]
async fn search_ranks_word_forms_typos_and_refs() {
    let d = data(
        r#"{ a: search(query: "incidents", first: 5) { totalCount nodes { id } }
             b: search(query: "continuty plan", first: 5) { nodes { id title } }
             e: search(query: "continuity plans", first: 5) { nodes { id } }
             c: search(query: "A.5.24") { nodes { id } }
             d: search(query: "incident", standards: ["iso-iec-27001-2022"], first: 3) { nodes { id standard { id } } } }"#,
        json!({}),
    )
    .await;
    let ids = |key: &str| common::ids(&d[key]["nodes"]);
    assert_eq!(ids("a")[0], "iso-iec-20000-1-2018:8.6.1");
    assert_eq!(
        ids("b"),
        ids("e"),
        "a typo finds what the right spelling finds"
    );
    for title in d["b"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_lowercase())
    {
        assert!(title.contains("continuity"), "{title}");
    }
    assert_eq!(ids("c")[0], "iso-iec-27001-2022:A.5.24");
    assert!(
        d["d"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["standard"]["id"] == "iso-iec-27001-2022")
    );
    let empty = graphql(r#"{ search(query: "  ") { totalCount } }"#, json!({})).await;
    assert_eq!(error_codes(&empty), ["INVALID_ARGUMENT"]);
}

#[tokio::test]
async fn crosswalk_pages_and_filters() {
    let query = r#"query($after: String) { crosswalk(from: "iso-iec-27001-2022", to: "iso-iec-20000-1-2018", first: 25, after: $after) {
        from { id } to { id } sourceCoverage targetCoverage
        mappings { totalCount pageInfo { hasNextPage endCursor } nodes { source { standard { id } } target { standard { id } } relationship } } } }"#;
    let mut after = Value::Null;
    let mut rows = 0;
    let mut total;
    loop {
        let d = data(query, json!({ "after": after })).await;
        let c = &d["crosswalk"];
        total = c["mappings"]["totalCount"].as_u64().unwrap();
        for n in c["mappings"]["nodes"].as_array().unwrap() {
            assert_eq!(
                n["source"]["standard"]["id"], "iso-iec-27001-2022",
                "read from `from`"
            );
            assert_eq!(n["target"]["standard"]["id"], "iso-iec-20000-1-2018");
            rows += 1;
        }
        if !c["mappings"]["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = c["mappings"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(rows, total);
    let d = data(
        r#"{ strong: crosswalk(from: "iso-iec-20000-1-2018", to: "iso-iec-27001-2022", minStrength: 9, relationships: [EQUAL, SUPERSET_OF]) {
              mappings { nodes { relationship strength } } } }"#,
        json!({}),
    )
    .await;
    for n in d["strong"]["mappings"]["nodes"].as_array().unwrap() {
        assert!(n["strength"].as_u64().unwrap() >= 9);
        assert!(n["relationship"] == "EQUAL" || n["relationship"] == "SUPERSET_OF");
    }
    let bad = graphql(r#"{ crosswalk(from: "iso-iec-20000-1-2018", to: "iso-iec-27001-2022", first: 0) { sourceCoverage } }"#, json!({})).await;
    assert_eq!(error_codes(&bad), ["INVALID_ARGUMENT"]);
}

#[tokio::test]
async fn themes_gather_clauses_across_standards() {
    let d = data(
        r#"{ themes { id } theme(id: "climate") { title standards { id } clauses { id } } ai: theme(id: "ai") { standards { id } } }"#,
        json!({}),
    )
    .await;
    let climate: Vec<&str> = d["theme"]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "iso-iec-20000-1-2018:4.1",
        "iso-iec-27001-2022:4.1",
        "iso-iec-20000-1-next:4.1",
        "iso-iec-ts-20000-16-2025:climate",
    ] {
        assert!(climate.contains(&id), "{id}");
    }
    let ai: Vec<&str> = d["ai"]["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ai.contains(&"iso-iec-42001-2023"),
        "AI links to the AI standard, not only to invented clauses"
    );
}

#[tokio::test]
async fn lineage_spans_three_editions_both_ways() {
    let d = data(
        r#"{ forward: lineage(clause: "iso-iec-20000-1-2011:6.3") { id }
             back: lineage(clause: "iso-iec-20000-1-next:9.3.2") { id } }"#,
        json!({}),
    )
    .await;
    let ids = |key: &str| common::ids(&d[key]);
    let forward = ids("forward");
    assert!(
        forward.contains(&"iso-iec-20000-1-next:8.7.1".to_string())
            && forward.contains(&"iso-iec-20000-1-next:8.7.2".to_string()),
        "{forward:?}"
    );
    let back = ids("back");
    assert!(
        back.contains(&"iso-iec-20000-1-2018:9.3".to_string()),
        "{back:?}"
    );
    assert!(
        back.contains(&"iso-iec-20000-1-2011:4.5.4.3".to_string()),
        "{back:?}"
    );
    assert_eq!(
        back.last().unwrap(),
        "iso-iec-20000-1-next:9.3.2",
        "oldest edition first, the clause itself last"
    );
}

#[tokio::test]
async fn one_query_answers_what_9_3_becomes_why_which_guidance_and_how_sure() {
    let d = data(
        r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "9.3") {
              next: mappings(to: ["iso-iec-20000-1-next"]) { target { ref title provisional basis { id } } relationship change provisional note basis { id } }
              guidance: mappings(to: ["iso-iec-ts-20000-16-2025"]) { target { title } relationship provisional } } }"#,
        json!({}),
    )
    .await;
    let next = d["clause"]["next"].as_array().unwrap();
    let split: Vec<&str> = next
        .iter()
        .filter(|m| m["change"] == "SPLIT")
        .map(|m| m["target"]["ref"].as_str().unwrap())
        .collect();
    assert_eq!(split, ["9.3.1", "9.3.2", "9.3.3"]);
    assert!(
        next.iter()
            .all(|m| m["provisional"] == true && !m["note"].as_str().unwrap().is_empty())
    );
    assert!(
        d["clause"]["guidance"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["relationship"] == "SUPPORTED_BY")
    );
}

#[tokio::test]
async fn an_integrated_plan_over_graphql_names_each_problem_by_its_path() {
    let data = common::data(
        r#"{ integratedTransitionPlan(input: { controls: [
            { id: "A", clauses: ["iso-iec-20000-1-2018:8.5.1", "iso-14001-2015:6.1.2"] }
            { id: "B", clauses: ["8.5.1"] }
            { id: "C", clauses: ["iso-9001-2015:6.3", "iso-9001-2015:99"] }
        ] }) {
            plan { plans { from { id } to { id } } sharedRequirements { hub { ref } } }
            userErrors { field message }
        } }"#,
        serde_json::json!({}),
    )
    .await;
    let payload = &data["integratedTransitionPlan"];
    let targets: Vec<&str> = payload["plan"]["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["to"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        ["iso-iec-20000-1-next", "iso-14001-2026", "iso-9001-2026"]
    );
    let fields = common::error_fields(&payload["userErrors"]);
    assert_eq!(
        fields,
        ["controls.1.clauses.0", "controls.2.clauses.1"],
        "{payload}"
    );
    let hubs: Vec<&str> = payload["plan"]["sharedRequirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["hub"]["ref"].as_str().unwrap())
        .collect();
    assert!(hubs.contains(&"6.3"), "{hubs:?}");
}

/// The commonest typo, a swapped pair of letters, finds what the right spelling finds, even where
/// it keeps a word from stemming ("incidnet" is not "incid" to the stemmer).
#[tokio::test]
async fn a_swapped_pair_of_letters_finds_what_the_right_spelling_finds() {
    let d = data(
        r#"{ typo: search(query: "incidnet managment", first: 5) { nodes { id } }
             right: search(query: "incident management", first: 5) { nodes { id } }
             alone: search(query: "incidnet", first: 50) { nodes { id } } }"#,
        json!({}),
    )
    .await;
    let ids = |key: &str| common::ids(&d[key]["nodes"]);
    assert_eq!(ids("typo")[0], ids("right")[0]);
    assert!(
        ids("typo").contains(&"iso-iec-20000-1-2018:8.6.1".to_string()),
        "{:?}",
        ids("typo")
    );
    // Alone, the misspelt word still finds incident management (before, it found nothing).
    assert!(
        ids("alone").contains(&"iso-iec-20000-1-2018:8.6.1".to_string()),
        "{:?}",
        ids("alone")
    );
}
