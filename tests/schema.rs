//! The schema contract: the committed SDL matches the code, every element is documented, and
//! every example query runs against the embedded dataset.

mod common;

use std::path::Path;

use itsm_crosswalk::graphql::{build_schema, sdl};
use serde_json::json;

#[test]
fn committed_schema_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/schema.graphql");
    let generated = sdl(&build_schema());
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "graphql/schema.graphql is out of date: run `cargo run -- schema > graphql/schema.graphql` (or UPDATE_SCHEMA=1 cargo test --test schema) and commit it"
    );
}

#[tokio::test]
async fn every_type_field_argument_and_enum_value_has_a_description() {
    let d = common::data(
        r#"{ __schema { types {
              name kind description
              fields(includeDeprecated: true) { name description args { name description } }
              inputFields { name description }
              enumValues(includeDeprecated: true) { name description }
            } } }"#,
        json!({}),
    )
    .await;
    let builtin = ["String", "Int", "Float", "Boolean", "ID"];
    let mut missing = Vec::new();
    let undocumented = |v: &serde_json::Value| {
        v["description"]
            .as_str()
            .is_none_or(|d| d.trim().is_empty())
    };
    for t in d["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || builtin.contains(&name) {
            continue;
        }
        if undocumented(t) {
            missing.push(name.to_string());
        }
        for f in t["fields"].as_array().into_iter().flatten() {
            if undocumented(f) {
                missing.push(format!("{name}.{}", f["name"]));
            }
            for a in f["args"].as_array().into_iter().flatten() {
                if undocumented(a) {
                    missing.push(format!("{name}.{}({})", f["name"], a["name"]));
                }
            }
        }
        for f in t["inputFields"].as_array().into_iter().flatten() {
            if undocumented(f) {
                missing.push(format!("{name}.{}", f["name"]));
            }
        }
        for v in t["enumValues"].as_array().into_iter().flatten() {
            if undocumented(v) {
                missing.push(format!("{name}.{}", v["name"]));
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}

#[tokio::test]
async fn every_example_query_runs_and_returns_data() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/examples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "keep a handful of useful examples");
    for file in files {
        let query = std::fs::read_to_string(&file).unwrap();
        let response = common::graphql(&query, json!({})).await;
        assert!(
            response.get("errors").is_none(),
            "{}: {}",
            file.display(),
            response["errors"]
        );
        let data = response["data"].as_object().unwrap();
        assert!(
            data.values()
                .all(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty())),
            "{}: an example must return something: {}",
            file.display(),
            response["data"]
        );
    }
}
