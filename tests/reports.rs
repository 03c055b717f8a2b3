//! Documents people hand on: the CLI and the HTTP downloads give the same bytes, inventory
//! problems are reported with their line, and the generated documents in docs/ are current.

mod common;

use std::path::Path;
use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};

const BIN: &str = env!("CARGO_BIN_EXE_itsm-crosswalk");

fn cli(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `itsm-crosswalk plan` from 2018 to the next edition for an inventory file.
fn plan_2018_to_next(inventory: &str, format: &str) -> (bool, String, String) {
    cli(&[
        "plan",
        "--from",
        "iso-iec-20000-1-2018",
        "--to",
        "iso-iec-20000-1-next",
        "--inventory",
        inventory,
        "--format",
        format,
    ])
}

#[tokio::test]
async fn plan_downloads_equal_the_cli_output_in_every_format() {
    let inventory =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inventory-2018.csv"))
            .unwrap();
    for format in ["csv", "md", "json"] {
        let (ok, stdout, stderr) = plan_2018_to_next("examples/inventory-2018.csv", format);
        assert!(ok, "{stderr}");
        assert!(
            stderr.is_empty(),
            "the example inventory is clean: {stderr}"
        );
        let request = Request::post(format!(
            "/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format={format}"
        ))
        .body(Body::from(inventory.clone()))
        .unwrap();
        let (status, _, body) = common::send(request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(String::from_utf8(body).unwrap(), stdout, "{format}");
    }
}

#[tokio::test]
async fn crosswalk_downloads_equal_the_cli_output() {
    let mut csv = String::new();
    for format in ["csv", "json"] {
        let (ok, stdout, stderr) = cli(&[
            "export",
            "--from",
            "iso-iec-20000-1-2018",
            "--to",
            "iso-iec-27001-2022",
            "--format",
            format,
        ]);
        assert!(ok, "{stderr}");
        let (status, content_type, body) = common::get(format!(
            "/export/crosswalk?from=iso-iec-20000-1-2018&to=iso-iec-27001-2022&format={format}"
        ))
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.contains(if format == "csv" { "text/csv" } else { "json" }));
        assert_eq!(String::from_utf8(body).unwrap(), stdout, "{format}");
        if format == "csv" {
            csv = stdout;
        }
    }
    let data = common::dataset();
    let set = data
        .mapping_sets
        .iter()
        .find(|s| s.id == "iso-iec-20000-1-2018--iso-iec-27001-2022")
        .unwrap();
    assert_eq!(
        csv.lines().count(),
        set.mappings.len() + 1,
        "one line per row plus the header"
    );
}

#[tokio::test]
async fn download_parameters_are_checked() {
    let cases = [
        (
            "/export/crosswalk?from=iso-iec-20000-1-2018&to=nope",
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            "/export/crosswalk?from=iso-iec-20000-1-2018&to=iso-iec-27001-2022&format=xls",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
        (
            "/export/crosswalk?to=iso-iec-27001-2022",
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
        ),
    ];
    for (uri, status, code) in cases {
        let (got, _, body) = common::get(uri).await;
        assert_eq!(got, status, "{uri}");
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(common::error_codes(&body), [code], "{uri}");
    }
}

#[test]
fn inventory_problems_are_reported_with_file_and_line_and_the_plan_still_comes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.csv");
    std::fs::write(
        &path,
        "id,title,clauses,status\nC-1,Incidents,8.6.1,IMPLEMENTED\nC-2,Ghost,8.99,IMPLEMENTED\nC-3,Odd,8.6.2,SOMETIMES\nC-1,Again,8.6.3,\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = plan_2018_to_next(path.to_str().unwrap(), "csv");
    assert!(ok, "{stderr}");
    let file = path.display().to_string();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with(&format!(
            "{file}:3: `8.99` is not a clause of ISO/IEC 20000-1:2018"
        )),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!("{file}:4: status `SOMETIMES`")),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "{file}:5: control id `C-1` appears more than once"
        )),
        "{stderr}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("item,iso-iec-20000-1-next:8.6.1,") && l.contains("C-1")),
        "{stdout}"
    );
    // The document lists the same problems, each on a row of its own kind with its line.
    let problem_lines: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("problem,,,,,,,,,,,"))
        .map(|rest| rest.split(',').next().unwrap())
        .collect();
    assert_eq!(problem_lines, ["3", "4", "5"], "{stdout}");
}

#[test]
fn the_committed_transition_summaries_match_the_data() {
    // Every edition transition people plan with has its summary in docs/, kept in step.
    for (file, from, to, expect) in [
        (
            "TRANSITION-2018-TO-NEXT.md",
            "iso-iec-20000-1-2018",
            "iso-iec-20000-1-next",
            "6.3 Planning of changes",
        ),
        (
            "TRANSITION-14001-2015-TO-2026.md",
            "iso-14001-2015",
            "iso-14001-2026",
            "6.3 Planning of changes",
        ),
        (
            "TRANSITION-9001-2015-TO-2026.md",
            "iso-9001-2015",
            "iso-9001-2026",
            "FDIS",
        ),
        (
            "TRANSITION-45001-2018-TO-NEXT.md",
            "iso-45001-2018",
            "iso-45001-next",
            "6.3 Planning of changes",
        ),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(file);
        let (ok, generated, stderr) = cli(&["transition-report", "--from", from, "--to", to]);
        assert!(ok, "{stderr}");
        assert!(generated.contains(expect), "{file} lacks {expect}");
        assert!(
            std::fs::read_to_string(&path).unwrap_or_default() == generated,
            "docs/{file} is stale: run `cargo run -- transition-report --from {from} --to {to} -o docs/{file}`"
        );
    }
}

#[tokio::test]
async fn oscal_export_is_a_mapping_collection_with_one_map_per_two_sided_row() {
    let request = Request::get(
        "/export/crosswalk?from=iso-iec-20000-1-2011&to=iso-iec-20000-1-2018&format=oscal",
    )
    .body(Body::empty())
    .unwrap();
    let (status, _, body) = common::send(request).await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let collection = &doc["mapping-collection"];
    assert_eq!(collection["metadata"]["oscal-version"], "1.2.3");
    assert_eq!(
        collection["metadata"]["version"],
        common::dataset().version.as_str()
    );
    let maps: Vec<&serde_json::Value> = collection["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["maps"].as_array().unwrap())
        .collect();
    let data = common::dataset();
    let set = data
        .mapping_sets
        .iter()
        .find(|s| s.id == "iso-iec-20000-1-2011--iso-iec-20000-1-2018")
        .unwrap();
    let two_sided = set
        .mappings
        .iter()
        .filter(|m| data.mapping(**m).source.is_some() && data.mapping(**m).target.is_some())
        .count();
    assert_eq!(
        maps.len(),
        two_sided,
        "NEW and REMOVED rows are left out (and said so in the description)"
    );
    assert!(
        collection["provenance"]["mapping-description"]
            .as_str()
            .unwrap()
            .contains("not representable as maps")
    );
    let allowed = [
        "equal-to",
        "equivalent-to",
        "subset-of",
        "superset-of",
        "intersects-with",
        "no-relationship",
    ];
    let mut uuids = std::collections::HashSet::new();
    for map in maps {
        assert!(
            allowed.contains(&map["relationship"].as_str().unwrap()),
            "{map}"
        );
        assert!(
            uuids.insert(map["uuid"].as_str().unwrap().to_string()),
            "uuids are unique"
        );
        assert!(
            map["sources"][0]["id-ref"]
                .as_str()
                .unwrap()
                .starts_with("iso-iec-20000-1-2011:")
        );
        assert!(
            map["targets"][0]["id-ref"]
                .as_str()
                .unwrap()
                .starts_with("iso-iec-20000-1-2018:")
        );
    }
    // The same data gives the same identifiers.
    let (_, _, again) = common::get(
        "/export/crosswalk?from=iso-iec-20000-1-2011&to=iso-iec-20000-1-2018&format=oscal",
    )
    .await;
    assert_eq!(body, again);
    // A plan has no OSCAL form.
    let refused = Request::post(
        "/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format=oscal",
    )
    .body(Body::from("id,clauses\nA,8.6.1\n"))
    .unwrap();
    let (status, _, _) = common::send(refused).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn spreadsheets_are_served_for_crosswalks_and_plans() {
    let (status, content_type, body) = common::get(
        "/export/crosswalk?from=iso-iec-20000-1-2018&to=iso-iec-27001-2022&format=xlsx",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        body.starts_with(b"PK"),
        "an Office Open XML file is a zip archive"
    );
    // Zip directories name their entries in plain text: the table and the About sheet.
    let names = String::from_utf8_lossy(&body);
    assert!(
        names.contains("xl/worksheets/sheet1.xml") && names.contains("xl/worksheets/sheet2.xml")
    );

    let inventory =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inventory-2018.csv"))
            .unwrap();
    let (status, _, body) = common::send(
        Request::post("/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format=xlsx")
            .body(Body::from(inventory))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with(b"PK"));
    let (ok, _, stderr) = cli(&[
        "export",
        "--from",
        "iso-iec-20000-1-2018",
        "--to",
        "iso-iec-27001-2022",
        "--format",
        "xlsx",
        "-o",
        "/dev/null",
    ]);
    assert!(ok, "{stderr}");
}

/// Every problem of an uploaded inventory, including those found while reading the CSV, is
/// listed in every format of the downloaded plan with its line, and counted in the header.
#[tokio::test]
async fn every_inventory_problem_is_listed_in_every_plan_format() {
    let inventory = "id,title,clauses,status\nC-1,Incidents,8.6.1,IMPLEMENTED\nC-2,Odd,8.6.2,SOMETIMES\nC-3,Short\nC-4,Ghost,8.99,\n";
    for format in ["csv", "md", "json", "xlsx"] {
        let (status, headers, body) = post_plan(inventory.as_bytes(), format).await;
        assert_eq!(status, StatusCode::OK, "{format}");
        assert_eq!(headers["x-inventory-problems"], "3", "{format}");
        assert_eq!(headers["cache-control"], "no-store", "{format}");
        let text = if format == "xlsx" {
            xlsx_text(&body)
        } else {
            String::from_utf8(body).unwrap()
        };
        for needle in ["SOMETIMES", "expected 4 fields, found 2", "`8.99`"] {
            assert!(text.contains(needle), "{format} lacks {needle}:\n{text}");
        }
        if format == "json" {
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            let lines: Vec<u64> = json["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["line"].as_u64().unwrap())
                .collect();
            assert_eq!(lines, [3, 4, 5]);
        }
    }
}

/// An empty or unreadable upload is reported as a problem of the inventory, not planned as if
/// the organisation had no controls without a word.
#[tokio::test]
async fn an_empty_or_binary_inventory_is_a_reported_problem() {
    for (name, body) in [
        ("empty", Vec::new()),
        ("blank", b"  \n\n".to_vec()),
        (
            "binary",
            vec![0x00, 0xff, 0xfe, 0x10, 0x80, 0x81, b'\n', 0x00],
        ),
        ("header only", b"id,title,clauses,status\n".to_vec()),
    ] {
        let (status, headers, answer) = post_plan(&body, "json").await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert_ne!(headers["x-inventory-problems"], "0", "{name}");
        let json: serde_json::Value = serde_json::from_slice(&answer).unwrap();
        assert!(
            !json["problems"].as_array().unwrap().is_empty(),
            "{name}: {json}"
        );
    }
}

async fn post_plan(body: &[u8], format: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    post_plan_to(
        &format!("/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format={format}"),
        body,
    )
    .await
}

/// The shared strings of a spreadsheet (every text cell), read with the zip reader the xlsx
/// writer already brings.
fn xlsx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut text = String::new();
    for name in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
        if let Ok(mut file) = archive.by_name(name) {
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        }
    }
    text
}

/// The integrated plan of the example inventory: every transition it calls for, what the plans
/// share, the same bytes from the CLI and the download, and each plan equal to the plan of that
/// one transition for the same controls.
#[tokio::test]
async fn an_integrated_plan_covers_every_transition_the_inventory_calls_for() {
    let inventory = "examples/inventory-integrated.csv";
    let (ok, json_text, stderr) = cli(&["plan", "--inventory", inventory, "--format", "json"]);
    assert!(ok, "{stderr}");
    let plan: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let transitions: Vec<(String, String)> = plan["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap().to_string(),
                t["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("iso-iec-20000-1-2018", "iso-iec-20000-1-next"),
        ("iso-14001-2015", "iso-14001-2026"),
        ("iso-9001-2015", "iso-9001-2026"),
    ];
    assert_eq!(
        transitions,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Planning of changes is new in 14001:2026 and the projected 20000-1: one control for both.
    let planning_of_changes = plan["sharedRequirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["hub"] == "iso-hs-2021:6.3")
        .expect("6.3 is shared");
    let items: Vec<&str> = planning_of_changes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["clause"].as_str().unwrap())
        .collect();
    assert!(
        items.contains(&"iso-14001-2026:6.3") && items.contains(&"iso-iec-20000-1-next:6.3"),
        "{items:?}"
    );
    assert!(!plan["sharedControls"].as_array().unwrap().is_empty());
    assert_eq!(plan["problems"].as_array().unwrap().len(), 0);

    // Each plan is the one-transition plan of the same controls.
    for (from, to) in expected {
        let (ok, single, stderr) = cli(&[
            "plan",
            "--from",
            from,
            "--to",
            to,
            "--inventory",
            inventory,
            "--format",
            "json",
        ]);
        assert!(ok, "{stderr}");
        let single: serde_json::Value = serde_json::from_str(&single).unwrap();
        let integrated = plan["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["to"] == to)
            .unwrap();
        assert_eq!(integrated["summary"], single["summary"], "{from} -> {to}");
    }

    // The download gives the same bytes in every format, and explicit transitions narrow it.
    let out = tempfile::tempdir().unwrap();
    for format in ["csv", "md", "json", "xlsx"] {
        let written = out.path().join(format!("plan.{format}"));
        let (ok, _, stderr) = cli(&[
            "plan",
            "--inventory",
            inventory,
            "--format",
            format,
            "-o",
            written.to_str().unwrap(),
        ]);
        assert!(ok, "{stderr}");
        let from_cli = std::fs::read(&written).unwrap();
        let body = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(inventory)).unwrap();
        let (status, _, downloaded) =
            post_plan_to(&format!("/export/plan?format={format}"), &body).await;
        assert_eq!(status, StatusCode::OK, "{format}");
        if format == "xlsx" {
            // A spreadsheet's zip differs by its timestamps; its text must not.
            let text = xlsx_text(&downloaded);
            assert!(text.contains("iso-14001-2026"), "{text}");
            assert_eq!(text, xlsx_text(&from_cli));
        } else {
            assert_eq!(downloaded, from_cli, "{format}");
        }
    }
    let body = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(inventory)).unwrap();
    let (status, _, narrowed) = post_plan_to(
        "/export/plan?format=json&transitions=iso-14001-2015:iso-14001-2026",
        &body,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let narrowed: serde_json::Value = serde_json::from_slice(&narrowed).unwrap();
    assert_eq!(narrowed["transitions"].as_array().unwrap().len(), 1);
}

/// In an integrated inventory a bare ref is ambiguous (8.5.1 is a clause of 20000-1 and of
/// 9001): it is a problem with its line, and the rest is planned.
#[tokio::test]
async fn a_bare_ref_in_an_integrated_inventory_is_a_problem_with_its_line() {
    let body = b"id,title,clauses,status\nA,Change board,iso-iec-20000-1-2018:8.5.1,\nB,Ambiguous,8.5.1,\n";
    let (status, headers, answer) = post_plan_to("/export/plan?format=json", body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-inventory-problems"], "1");
    let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(answer["problems"][0]["line"], 3);
    assert!(
        answer["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bare ref")
    );
    assert_eq!(answer["transitions"].as_array().unwrap().len(), 1);
}

async fn post_plan_to(uri: &str, body: &[u8]) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use http_body_util::BodyExt;
    let request = axum::http::Request::post(uri)
        .body(axum::body::Body::from(body.to_vec()))
        .unwrap();
    let response = tower::ServiceExt::oneshot(common::router(), request)
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}
