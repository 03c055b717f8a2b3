//! Bad input never crashes anything and never goes unreported: random damage to dataset files
//! gives `file:line` problems (or a dataset that is still valid), random GraphQL text and random
//! inventory uploads get documented error codes or user errors, never a server fault.
//!
//! Long runs: `PROPTEST_CASES=20000 cargo test --release --test robustness` runs every property
//! below that many times instead of the counts written here (proptest's `proptest!` macro applies
//! the `PROPTEST_*` environment on top of an explicit `proptest_config`, since proptest 1.11 at
//! the latest). The coverage-guided fuzz targets of the same properties are in `fuzz/`.

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use itsm_crosswalk::graphql::ErrorCode;
use itsm_crosswalk::load::{Layer, LoadError, load_layers};
use proptest::prelude::*;
use serde_json::Value;

/// One way of damaging a file: at a position (a fraction of its length), with some bytes.
#[derive(Debug, Clone)]
enum Damage {
    Replace(f64, u8),
    Insert(f64, Vec<u8>),
    Delete(f64, usize),
    Truncate(f64),
    DuplicateLine(f64),
}

/// Bytes that matter to CSV and to our vocabularies, plus arbitrary ones (invalid UTF-8 included).
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(b','),
        Just(b'"'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b' '),
        Just(b';'),
        Just(b'.'),
        Just(b'-'),
        Just(b'0'),
        Just(b'9'),
        Just(0xff),
        Just(0xc3),
        any::<u8>(),
    ]
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0.0..1.0, interesting_byte()).prop_map(|(at, b)| Damage::Replace(at, b)),
        (0.0..1.0, prop::collection::vec(interesting_byte(), 1..6))
            .prop_map(|(at, bytes)| Damage::Insert(at, bytes)),
        (0.0..1.0, 1usize..40).prop_map(|(at, n)| Damage::Delete(at, n)),
        (0.0..1.0).prop_map(Damage::Truncate),
        (0.0..1.0).prop_map(Damage::DuplicateLine),
    ]
}

fn apply(bytes: &mut Vec<u8>, damage: &Damage) {
    let at = |fraction: f64, len: usize| ((len as f64) * fraction) as usize;
    match damage {
        Damage::Replace(f, b) => {
            if !bytes.is_empty() {
                let i = at(*f, bytes.len()).min(bytes.len() - 1);
                bytes[i] = *b;
            }
        }
        Damage::Insert(f, new) => {
            let i = at(*f, bytes.len());
            bytes.splice(i..i, new.iter().copied());
        }
        Damage::Delete(f, n) => {
            let i = at(*f, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Damage::Truncate(f) => bytes.truncate(at(*f, bytes.len())),
        Damage::DuplicateLine(f) => {
            let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
            if lines.len() > 1 {
                let i = at(*f, lines.len()).min(lines.len() - 1);
                let mut out = Vec::with_capacity(bytes.len() + lines[i].len());
                for (n, line) in lines.iter().enumerate() {
                    out.extend_from_slice(line);
                    if n == i {
                        out.extend_from_slice(line);
                    }
                }
                *bytes = out;
            }
        }
    }
}

fn valid_fixture() -> Layer {
    Layer::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"))
        .expect("the fixture is readable")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// Damage to one to three files of a valid dataset: either the dataset still loads, or every
    /// problem names one of the files and a line inside it (or the line just after its end).
    #[test]
    fn damaged_datasets_are_refused_with_located_problems(
        picks in prop::collection::vec((any::<prop::sample::Index>(), damage()), 1..4)
    ) {
        let mut layer = valid_fixture();
        let names: Vec<String> = layer.files.keys().cloned().collect();
        for (pick, damage) in &picks {
            let name = pick.get(&names);
            apply(layer.files.get_mut(name).unwrap(), damage);
        }
        match load_layers(std::slice::from_ref(&layer)) {
            Ok(_) => {}
            Err(LoadError::Invalid(problems)) => {
                prop_assert!(!problems.is_empty());
                for problem in &problems {
                    let relative = problem
                        .file
                        .strip_prefix(&format!("{}/", layer.display_root))
                        .unwrap_or_else(|| panic!("{problem} is not under the dataset directory"));
                    let bytes = layer
                        .files
                        .get(relative)
                        .unwrap_or_else(|| panic!("{problem} names a file that does not exist"));
                    let lines = bytes.split(|b| *b == b'\n').count() as u64;
                    prop_assert!(
                        problem.line >= 1 && problem.line <= lines + 1,
                        "{} has {} lines", problem, lines
                    );
                    prop_assert!(!problem.message.trim().is_empty(), "{}", problem);
                }
            }
            Err(other) => prop_assert!(false, "unexpected error kind: {}", other),
        }
    }
}

/// Every top-level error of a GraphQL response body carries a documented code, and none is a
/// server fault.
fn codes_are_documented(body: &Value) -> Result<(), String> {
    for code in common::error_codes(body) {
        if !ErrorCode::ALL.iter().any(|known| known.as_str() == code) {
            return Err(format!("undocumented code {code} in {body}"));
        }
        if code == ErrorCode::InternalError.as_str() {
            return Err(format!("a server fault for client input: {body}"));
        }
    }
    Ok(())
}

/// POSTs a GraphQL request body; the answer must be a 200 or 400 with a JSON body whose errors
/// all carry documented codes, none of them a server fault.
fn post_graphql(body: impl Into<Body>) -> Result<Value, TestCaseError> {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    let (status, _, body) = runtime().block_on(common::send(request));
    prop_assert!(
        status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
        "{}",
        status
    );
    let json: Value = serde_json::from_slice(&body).expect("the answer is JSON");
    codes_are_documented(&json).map_err(TestCaseError::fail)?;
    Ok(json)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Valid documents over every root field, with their arguments as variables: random variable
/// values reach coercion and the resolvers, not only the parser.
const DOCUMENTS: &[&str] = &[
    "query($a: ID!, $b: String!) { clause(standard: $a, ref: $b) { id title ancestors { ref } mappings { relationship strength target { id } } } }",
    "query($a: ID!, $b: ID!, $n: Int, $c: String, $m: Int) { crosswalk(from: $a, to: $b, first: $n, after: $c, minStrength: $m) { sourceCoverage targetCoverage mappings { totalCount } } }",
    "query($a: ID!, $l: [ID!]!) { coverage(target: $a, sources: $l) { full partial none ratio } }",
    "query($a: ID!, $l: [ID!]!, $b: ID!, $x: Boolean) { derivedCrosswalk(from: $a, via: $l, to: $b) { mappings(includeIndeterminate: $x) { totalCount } } }",
    "query($b: String!, $n: Int, $c: String, $l: [ID!]) { search(query: $b, first: $n, after: $c, standards: $l) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }",
    "query($a: ID!) { lineage(clause: $a) { id } node(id: $a) { id } standard(id: $a) { id } theme(id: $a) { id } }",
    "query($l: [ID!]!) { integratedView(standards: $l) { standards { id } rows { __typename } } }",
    "query($a: ID!, $b: ID!, $k: [ControlInput!]!) { transitionPlan(input: { from: $a, to: $b, controls: $k }) { userErrors { field message } plan { summary { readiness } } } }",
];

/// Values a client might send, well-formed or not.
fn variable_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        Just(Value::from("iso-iec-20000-1-2018")),
        Just(Value::from("iso-iec-27001-2022")),
        Just(Value::from("iso-hs-2021")),
        Just(Value::from("iso-iec-20000-1-2018:8.5.1.3")),
        Just(Value::from("8.5.1.3")),
        Just(Value::from("")),
        Just(Value::from("bm90IGEgY3Vyc29y")),
        Just(Value::from(0)),
        Just(Value::from(-1)),
        Just(Value::from(101)),
        Just(Value::from(i64::MAX)),
        Just(Value::from(2.5)),
        Just(Value::from(true)),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("clauses".to_string()),
                    Just("status".to_string()),
                    Just("title".to_string()),
                    "[a-z]{1,5}",
                ],
                inner,
                0..4,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A standard or clause id, real or not.
fn id_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::from("iso-iec-20000-1-2018")),
        Just(Value::from("iso-iec-20000-1-2011")),
        Just(Value::from("iso-iec-20000-1-next")),
        Just(Value::from("iso-iec-27001-2022")),
        Just(Value::from("iso-9001-2015")),
        Just(Value::from("iso-hs-2021")),
        Just(Value::from("itil-4")),
        Just(Value::from("iso-iec-ts-20000-16-2025")),
        Just(Value::from("iso-iec-20000-1-2018:8.5.1.3")),
        Just(Value::from("iso-iec-27001-2022:A.8.32")),
        Just(Value::from("8.5.1.3")),
        Just(Value::from("9.3")),
        "\\PC{0,10}".prop_map(Value::from),
    ]
}

/// Mostly a value of the type the documents declare for the variable, sometimes anything.
fn typed(name: &'static str) -> BoxedStrategy<Value> {
    let good: BoxedStrategy<Value> = match name {
        "a" | "b" => id_value().boxed(),
        "c" => prop_oneof![
            Just(Value::from("")),
            Just(Value::from("bm90IGEgY3Vyc29y")),
            "[A-Za-z0-9+/=]{0,16}".prop_map(Value::from),
        ]
        .boxed(),
        "l" => prop::collection::vec(id_value(), 0..4)
            .prop_map(Value::from)
            .boxed(),
        "n" | "m" => prop_oneof![-2i64..12, 95i64..105, Just(i64::from(i32::MAX))]
            .prop_map(Value::from)
            .boxed(),
        "x" => any::<bool>().prop_map(Value::from).boxed(),
        _ => prop::collection::vec(
            (
                "[A-Z]{1,3}-[0-9]{1,2}",
                prop::collection::vec(id_value(), 0..3),
                prop_oneof![
                    Just(Value::Null),
                    Just(Value::from("IMPLEMENTED")),
                    Just(Value::from("PARTIAL")),
                    Just(Value::from("PLANNED")),
                    Just(Value::from("nonsense")),
                ],
            )
                .prop_map(|(id, clauses, status)| {
                    serde_json::json!({ "id": id, "clauses": clauses, "status": status })
                }),
            0..4,
        )
        .prop_map(Value::from)
        .boxed(),
    };
    prop_oneof![8 => good, 2 => variable_value()].boxed()
}

/// Each variable present nine times in ten, so most requests get past coercion.
fn variables() -> impl Strategy<Value = Value> {
    let names = ["a", "b", "c", "l", "n", "m", "x", "k"];
    names
        .map(|name| prop::option::weighted(0.9, typed(name)))
        .prop_map(move |values| {
            Value::Object(
                names
                    .iter()
                    .zip(values)
                    .filter_map(|(name, value)| Some((name.to_string(), value?)))
                    .collect(),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any variables for any root field: 200 with data or documented errors, never a fault.
    #[test]
    fn random_variables_get_documented_errors_never_a_fault(
        document in prop::sample::select(DOCUMENTS),
        variables in variables(),
    ) {
        let body = serde_json::json!({ "query": document, "variables": variables }).to_string();
        let json = post_graphql(body)?;
        prop_assert!(json.get("data").is_some() || json.get("errors").is_some(), "{}", json);
    }

    /// Random text as the query: a parse or validation error with its code, never a fault.
    #[test]
    fn random_query_text_gets_documented_errors(
        query in prop::collection::vec(
            prop_oneof![
                Just("{"), Just("}"), Just("("), Just(")"), Just(":"), Just("..."),
                Just("clause"), Just("search"), Just("standards"), Just("id"), Just("\""),
                Just("__typename"), Just("@skip(if: true)"), Just("query"), Just("fragment"),
            ],
            0..30,
        ).prop_map(|tokens| tokens.join(" "))
    ) {
        post_graphql(serde_json::json!({ "query": query }).to_string())?;
    }

    /// Any bytes posted as a GraphQL request body: a documented refusal, never a fault.
    #[test]
    fn random_request_bodies_get_documented_errors(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        post_graphql(bytes)?;
    }

    /// Any inventory upload: a plan (with the bad rows as user errors) or a 400, never a fault.
    #[test]
    fn random_inventories_get_a_plan_or_a_refusal(
        lines in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    Just("8.5.1.3".to_string()),
                    Just("iso-iec-27001-2022:A.8.32".to_string()),
                    Just("IMPLEMENTED".to_string()),
                    Just("\"".to_string()),
                    Just(";".to_string()),
                    "\\PC{0,6}",
                ],
                0..5,
            ),
            0..8,
        )
    ) {
        let mut csv = String::from("id,clauses,status\n");
        for fields in &lines {
            csv.push_str(&fields.join(","));
            csv.push('\n');
        }
        let request = Request::post(
            "/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format=json",
        )
        .body(Body::from(csv))
        .unwrap();
        let (status, _, body) = runtime().block_on(common::send(request));
        prop_assert!(status == StatusCode::OK || status == StatusCode::BAD_REQUEST, "{}", status);
        if status == StatusCode::BAD_REQUEST {
            let json: Value = serde_json::from_slice(&body).expect("the refusal is JSON");
            codes_are_documented(&json).map_err(TestCaseError::fail)?;
        }
    }
}

/// Found by the damage test: a standard row with an invalid id ahead of valid ones once tripped
/// an internal assertion instead of being reported.
#[test]
fn an_invalid_standard_id_ahead_of_valid_ones_is_reported() {
    let mut layer = valid_fixture();
    let standards = layer.files.get_mut("standards.csv").unwrap();
    let header_end = standards.iter().position(|b| *b == b'\n').unwrap() + 1;
    standards.splice(
        header_end..header_end,
        b"Not A Slug,X:1,Broken,ISO,2020,REQUIREMENTS,PUBLISHED,,\n"
            .iter()
            .copied(),
    );
    let Err(LoadError::Invalid(problems)) = load_layers(&[layer.clone()]) else {
        panic!("an invalid id is refused");
    };
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [format!(
            "{}/standards.csv:2: invalid standard id `Not A Slug`: use lower-case letters, digits and `-`",
            layer.display_root
        )]
    );
}

/// Found by the variables test: variable values are only read inside the resolvers, and a
/// missing or mistyped one came back as a field error coded INTERNAL_ERROR. It is a request
/// error (the spec's variable coercion), with no `data`.
#[tokio::test]
async fn missing_or_mistyped_variables_are_request_errors() {
    let plan = "query($k: [ControlInput!]!) { transitionPlan(input: { from: \"iso-iec-20000-1-2018\", to: \"iso-iec-20000-1-next\", controls: $k }) { userErrors { message } } clause(standard: \"nope\", ref: \"1\") { id } }";
    for variables in [
        serde_json::json!({}),
        serde_json::json!({ "k": null }),
        serde_json::json!({ "k": ["8.5.1.3"] }),
        serde_json::json!({ "k": [{ "id": "A", "clauses": "8.5.1.3", "status": "NONSENSE" }] }),
    ] {
        let response = common::graphql(plan, variables.clone()).await;
        assert!(response.get("data").is_none(), "{variables}: {response}");
        assert_eq!(
            common::error_codes(&response),
            ["GRAPHQL_VALIDATION_FAILED"],
            "{variables}: {response}"
        );
    }
    let first = "query($n: Int) { search(query: \"incident\", first: $n) { totalCount } }";
    let response = common::graphql(first, serde_json::json!({ "n": 1_u64 << 40 })).await;
    assert_eq!(
        common::error_codes(&response),
        ["GRAPHQL_VALIDATION_FAILED"],
        "{response}"
    );
}
