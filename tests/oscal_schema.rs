//! Our OSCAL exports validate against NIST's official JSON schema for the control mapping model
//! (vendored in tests/fixtures/oscal/, see the README there), in every direction we serve.

mod common;

use std::sync::OnceLock;

use axum::http::StatusCode;
use jsonschema::Validator;
use serde_json::Value;

/// Crosswalks exported as OSCAL: stored directions, reversed ones (relationships and change kinds
/// inverted), an anticipated edition (status `draft`) and supportive guidance (our namespace).
const CROSSWALKS: &[(&str, &str)] = &[
    ("iso-iec-20000-1-2011", "iso-iec-20000-1-2018"),
    ("iso-iec-20000-1-2018", "iso-iec-27001-2022"),
    ("iso-iec-20000-1-2018", "iso-iec-20000-1-next"),
    ("iso-iec-20000-1-2018", "iso-iec-20000-1-2011"),
    ("iso-iec-27001-2022", "iso-iec-20000-1-2018"),
    ("iso-iec-20000-1-next", "iso-iec-20000-1-2018"),
    ("iso-iec-ts-20000-16-2025", "iso-iec-20000-1-next"),
    ("iso-iec-20000-1-2018", "iso-iec-ts-20000-16-2025"),
    ("iso-9001-2015", "iso-hs-2021"),
];

/// The official schema, compiled once. Formats (`date-time`, `uri`, `uri-reference`) are checked
/// too: OSCAL means them as constraints, not annotations.
fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text = include_str!("fixtures/oscal/oscal_mapping_schema.json");
        let schema: Value = serde_json::from_str(text).expect("the vendored schema is JSON");
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the vendored schema compiles")
    })
}

/// Every schema violation of a document, one line each: instance path, message, schema path.
/// The evaluation output reaches into `anyOf` branches (the collection's `mappings` is one), where
/// the first error alone would only say that no branch matched. Messages quote the offending
/// value, so long ones are cut.
fn violations(document: &Value) -> Vec<String> {
    const LONGEST_MESSAGE: usize = 240;
    validator()
        .evaluate(document)
        .iter_errors()
        .map(|entry| {
            let mut message = entry.error.to_string();
            if let Some((cut, _)) = message.char_indices().nth(LONGEST_MESSAGE) {
                message.truncate(cut);
                message.push_str(" ...");
            }
            format!(
                "{}: {message} (schema {})",
                entry.instance_location, entry.schema_location
            )
        })
        .collect()
}

async fn oscal_export(from: &str, to: &str) -> Value {
    let (status, content_type, body) = common::get(format!(
        "/export/crosswalk?from={from}&to={to}&format=oscal"
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{from} -> {to}");
    assert!(
        content_type.contains("json"),
        "{from} -> {to}: {content_type}"
    );
    serde_json::from_slice(&body).expect("the OSCAL export is JSON")
}

#[tokio::test]
async fn oscal_exports_validate_against_the_official_nist_mapping_schema() {
    let mut failures = Vec::new();
    for (from, to) in CROSSWALKS {
        let document = oscal_export(from, to).await;
        let maps = document["mapping-collection"]["mappings"]
            .as_array()
            .map_or(0, |mappings| {
                mappings
                    .iter()
                    .map(|mapping| mapping["maps"].as_array().map_or(0, Vec::len))
                    .sum()
            });
        assert!(maps > 0, "{from} -> {to}: no maps, so nothing was checked");
        for violation in violations(&document) {
            failures.push(format!("{from} -> {to}: {violation}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} schema violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The check itself must bite: a document the schema forbids is reported with its path.
#[tokio::test]
async fn the_schema_check_reports_a_broken_document_with_its_instance_path() {
    let mut document = oscal_export("iso-iec-20000-1-2011", "iso-iec-20000-1-2018").await;
    let collection = &mut document["mapping-collection"];
    collection["mappings"][0]["maps"][0]["uuid"] = Value::from("not-a-uuid");
    collection["provenance"]
        .as_object_mut()
        .expect("provenance")
        .remove("status");
    let found = violations(&document);
    assert!(
        found
            .iter()
            .any(|v| v.starts_with("/mapping-collection/provenance: ")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|v| v.starts_with("/mapping-collection/mappings")),
        "{found:#?}"
    );
}

/// Every pair of standards the API can be asked for gives either a valid OSCAL document or a
/// coded refusal: `from == to` is 400 INVALID_ARGUMENT, a pair with no stored row 404 NOT_FOUND
/// (in every format: an empty mapping collection is not valid OSCAL, and an empty table would be
/// no answer).
#[tokio::test]
async fn every_pair_gives_valid_oscal_or_a_coded_refusal() {
    let data = common::dataset();
    let (mut valid, mut refused, mut failures) = (0, 0, Vec::new());
    for from in &data.standards {
        for to in &data.standards {
            let uri = format!(
                "/export/crosswalk?from={}&to={}&format=oscal",
                from.id, to.id
            );
            let (status, _, body) = common::get(&uri).await;
            let body: Value = serde_json::from_slice(&body).expect("JSON either way");
            if status == StatusCode::OK {
                valid += 1;
                for violation in violations(&body) {
                    failures.push(format!("{uri}: {violation}"));
                }
                continue;
            }
            refused += 1;
            let expected = if from.id == to.id {
                (StatusCode::BAD_REQUEST, "INVALID_ARGUMENT")
            } else {
                (StatusCode::NOT_FOUND, "NOT_FOUND")
            };
            assert_eq!(
                (status, common::error_codes(&body)),
                (expected.0, vec![expected.1.to_string()]),
                "{uri}: {body}"
            );
            // The same refusal for every other format.
            for format in ["csv", "json", "md", "xlsx"] {
                let other = uri.replace("format=oscal", &format!("format={format}"));
                assert_eq!(common::get(&other).await.0, status, "{other}");
            }
        }
    }
    assert!(
        valid > 40 && refused > 100,
        "{valid} valid, {refused} refused"
    );
    assert!(
        failures.is_empty(),
        "{} schema violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
