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

/// What clients see is what is committed: every type of the committed SDL (the error codes
/// included) is served by introspection with the same fields (with their arguments and types),
/// input fields and enum values, and introspection serves nothing the SDL lacks.
#[tokio::test]
async fn the_served_schema_is_the_committed_schema() {
    use async_graphql::parser::types::{
        FieldDefinition, InputValueDefinition, TypeKind, TypeSystemDefinition,
    };
    use std::collections::{BTreeMap, BTreeSet};

    // A member as SDL writes it: `name(arg: Type, ...): Type`, `name: Type`, or a bare name.
    let input = |v: &InputValueDefinition| format!("{}: {}", v.name.node, v.ty.node);
    let field = |f: &FieldDefinition| {
        // Arguments in name order: the exported SDL sorts them, introspection keeps the code's.
        let mut args: Vec<String> = f.arguments.iter().map(|a| input(&a.node)).collect();
        args.sort();
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        };
        format!("{}{args}: {}", f.name.node, f.ty.node)
    };
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/schema.graphql"),
    )
    .unwrap();
    let document = async_graphql::parser::parse_schema(&committed).expect("the SDL parses");
    let mut from_sdl: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let members: BTreeSet<String> = match &ty.node.kind {
            TypeKind::Object(o) => o.fields.iter().map(|f| field(&f.node)).collect(),
            TypeKind::Interface(i) => i.fields.iter().map(|f| field(&f.node)).collect(),
            TypeKind::InputObject(i) => i.fields.iter().map(|f| input(&f.node)).collect(),
            TypeKind::Enum(e) => e
                .values
                .iter()
                .map(|v| v.node.value.node.to_string())
                .collect(),
            TypeKind::Union(u) => u.members.iter().map(|m| m.node.to_string()).collect(),
            TypeKind::Scalar => BTreeSet::new(),
        };
        from_sdl.insert(ty.node.name.node.to_string(), members);
    }

    // Introspection writes a type as nested kinds; four levels cover `[X!]!`.
    const TYPE: &str =
        "type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
    let served = common::data(
        &format!(
            r#"{{ __schema {{ types {{ name kind
              fields(includeDeprecated: true) {{ name args {{ name {TYPE} }} {TYPE} }}
              inputFields {{ name {TYPE} }}
              enumValues(includeDeprecated: true) {{ name }}
              possibleTypes {{ name }} }} }} }}"#
        ),
        json!({}),
    )
    .await;
    fn type_ref(t: &serde_json::Value) -> String {
        match t["kind"].as_str().unwrap() {
            "NON_NULL" => format!("{}!", type_ref(&t["ofType"])),
            "LIST" => format!("[{}]", type_ref(&t["ofType"])),
            _ => t["name"].as_str().unwrap().to_string(),
        }
    }
    let served_input = |v: &serde_json::Value| {
        format!("{}: {}", v["name"].as_str().unwrap(), type_ref(&v["type"]))
    };
    let builtin = ["String", "Int", "Float", "Boolean", "ID"];
    let mut from_introspection: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ty in served["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || builtin.contains(&name) {
            continue;
        }
        let list = |key: &str| ty[key].as_array().into_iter().flatten();
        let members: BTreeSet<String> = match ty["kind"].as_str().unwrap() {
            "OBJECT" | "INTERFACE" => list("fields")
                .map(|f| {
                    let mut args: Vec<String> = f["args"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(served_input)
                        .collect();
                    args.sort();
                    let args = if args.is_empty() {
                        String::new()
                    } else {
                        format!("({})", args.join(", "))
                    };
                    format!(
                        "{}{args}: {}",
                        f["name"].as_str().unwrap(),
                        type_ref(&f["type"])
                    )
                })
                .collect(),
            "INPUT_OBJECT" => list("inputFields").map(served_input).collect(),
            "ENUM" => list("enumValues")
                .map(|v| v["name"].as_str().unwrap().to_string())
                .collect(),
            "UNION" => list("possibleTypes")
                .map(|v| v["name"].as_str().unwrap().to_string())
                .collect(),
            _ => BTreeSet::new(),
        };
        from_introspection.insert(name.to_string(), members);
    }
    for name in builtin {
        from_sdl.remove(name);
    }
    assert_eq!(from_introspection, from_sdl);
    assert!(
        from_introspection.contains_key("ErrorCode"),
        "the codes are served"
    );
}
