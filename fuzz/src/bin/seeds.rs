//! Writes a target's starting corpus and AFL dictionary from the project's real files, so that
//! they follow the data and the schema as these change:
//! `cargo run --release --bin seeds -- TARGET DIR` writes `DIR/in/*` and `DIR/dict`.
//!
//! - `loader`: every file of `tests/fixtures/valid` behind its pick byte, plus the head of real
//!   `crosswalks/` files in place of the fixture file of the same kind; the dictionary holds the
//!   column names, the vocabularies and the fixture's ids.
//! - `graphql`: every `graphql/examples/*.graphql` as a JSON body `{"query": ...}`, plus bodies
//!   with variables, an operation name, a batch and an extension; the dictionary holds every
//!   name of `graphql/schema.graphql` and the JSON keys of a request.
//! - `inventory`: `examples/*.csv` and a few small inventories (byte-order mark, quoting, an
//!   unknown status); the dictionary holds the columns, the statuses and real clause ids.
//!
//! Hand-made regression inputs live in `fuzz/seeds/TARGET/`; `run.sh` adds them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(relative: &str) -> Vec<u8> {
    fs::read(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The first `n` lines of a file (the header and some rows): small seeds fuzz faster.
fn head(bytes: &[u8], n: usize) -> Vec<u8> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .take(n)
        .flatten()
        .copied()
        .collect()
}

fn sorted_files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// Words of a text matching `[A-Za-z_][A-Za-z0-9_]*` with at least `min` characters.
fn words(text: &str, min: usize) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= min && !w.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// One AFL dictionary line: `"..."` with `\`, `"` and non-printable bytes escaped.
fn dict_entry(token: &[u8]) -> String {
    let mut line = String::from("\"");
    for &b in token {
        match b {
            b'"' | b'\\' => {
                line.push('\\');
                line.push(b as char);
            }
            0x20..=0x7e => line.push(b as char),
            _ => line.push_str(&format!("\\x{b:02x}")),
        }
    }
    line.push('"');
    line
}

struct Out {
    dir: PathBuf,
    count: usize,
    dict: BTreeSet<Vec<u8>>,
}

impl Out {
    fn seed(&mut self, name: &str, bytes: &[u8]) {
        self.count += 1;
        fs::write(
            self.dir
                .join("in")
                .join(format!("{:03}-{name}", self.count)),
            bytes,
        )
        .unwrap();
    }

    fn token(&mut self, token: impl AsRef<[u8]>) {
        let token = token.as_ref();
        if !token.is_empty() && token.len() <= 128 {
            self.dict.insert(token.to_vec());
        }
    }

    fn finish(self) {
        let lines: Vec<String> = self.dict.iter().map(|t| dict_entry(t)).collect();
        fs::write(self.dir.join("dict"), lines.join("\n") + "\n").unwrap();
        eprintln!(
            "{}: {} seeds, {} dictionary entries",
            self.dir.display(),
            self.count,
            self.dict.len()
        );
    }
}

fn loader(out: &mut Out) {
    let names = itsm_crosswalk_fuzz::fixture_files();
    let pick = |name: &str| names.iter().position(|n| n == name).unwrap() as u8;
    for (i, name) in names.iter().enumerate() {
        let mut seed = vec![i as u8];
        seed.extend(&itsm_crosswalk_fuzz::fixture().files[name]);
        out.seed(&name.replace('/', "_"), &seed);
        // Column names and ids of the fixture.
        for word in words(&String::from_utf8_lossy(&seed[1..]), 1) {
            out.token(word);
        }
    }
    // Real files of the shipped dataset in place of a fixture file of the same kind.
    for (real, into) in [
        ("crosswalks/standards.csv", "standards.csv"),
        ("crosswalks/amendments.csv", "amendments.csv"),
        ("crosswalks/mapping-sets.csv", "mapping-sets.csv"),
        (
            "crosswalks/clauses/iso-iec-20000-1-2018.csv",
            "clauses/new.csv",
        ),
        ("crosswalks/clauses/itil-4.csv", "clauses/tips.csv"),
        (
            "crosswalks/mappings/iso-iec-20000-1-2011--iso-iec-20000-1-2018.csv",
            "mappings/old--new.csv",
        ),
    ] {
        let mut seed = vec![pick(into)];
        seed.extend(head(&read(real), 25));
        out.seed(&format!("real-{}", into.replace('/', "_")), &seed);
    }
    let readme = String::from_utf8_lossy(&read("crosswalks/README.md")).into_owned();
    for word in words(&readme, 3) {
        if word.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            out.token(word);
        }
    }
    for token in [
        ",", "\"", "\"\"", "\r\n", "\n", ";", ":", "--", "true", "false", "\u{feff}", "/Amd 1:",
    ] {
        out.token(token);
    }
}

fn json_body(value: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

fn graphql(out: &mut Out) {
    for file in sorted_files("graphql/examples", "graphql") {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        out.seed(&name, &json_body(serde_json::json!({ "query": text })));
    }
    let extra = [
        serde_json::json!({ "query": "query($a: ID!, $n: Int) { standard(id: $a) { id clauses(first: $n) { edges { node { id } } } } }", "variables": { "a": "iso-iec-20000-1-2018", "n": 3 } }),
        serde_json::json!({ "query": "query Q($a: ID!) { lineage(clause: $a) { id } }", "operationName": "Q", "variables": { "a": "iso-iec-20000-1-2018:8.5.1.3" } }),
        serde_json::json!({ "query": "query($q: String!) { search(query: $q, first: 2) { totalCount } }", "variables": { "q": "incidnet managment" } }),
        serde_json::json!({ "query": "{ __schema { queryType { name } types { name kind } } }" }),
        serde_json::json!({ "query": "query A { __typename } query B { __typename }", "operationName": "C" }),
        serde_json::json!({ "query": "fragment F on Query { ...F } { ...F }" }),
        serde_json::json!({ "query": "mutation { x }" }),
        serde_json::json!({ "query": "{ __typename }", "extensions": { "persistedQuery": { "version": 1, "sha256Hash": "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38" } } }),
        serde_json::json!([{ "query": "{ __typename }" }, { "query": "{ __typename }" }]),
        serde_json::json!({ "query": null, "variables": "not an object" }),
    ];
    for (i, body) in extra.into_iter().enumerate() {
        out.seed(&format!("request-{i}"), &json_body(body));
    }
    let schema = String::from_utf8_lossy(&read("graphql/schema.graphql")).into_owned();
    for word in words(&schema, 2) {
        out.token(word);
    }
    for token in [
        "{\"query\":\"",
        "\"variables\":",
        "\"operationName\":",
        "\"extensions\":",
        "\\n",
        "\\\"",
        "\\u0000",
        "...",
        "... on ",
        "fragment ",
        "query ",
        "mutation ",
        "subscription ",
        "$a",
        ": ID!",
        "@skip(if: true)",
        "@include(if: false)",
        "__typename",
        "__schema",
        "__type",
        "null",
        "true",
        "false",
        "1e999",
        "-0",
        "9223372036854775808",
        "iso-iec-20000-1-2018",
        "iso-iec-27001-2022:A.8.32",
        "bm90IGEgY3Vyc29y",
    ] {
        out.token(token);
    }
}

fn inventory(out: &mut Out) {
    for file in sorted_files("examples", "csv") {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        out.seed(&name, &fs::read(&file).unwrap());
    }
    for (name, text) in [
        ("minimal", "id,clauses\nA,8.5.1\n"),
        (
            "bom-crlf",
            "\u{feff}id,title,clauses,status\r\nA,\"Quoted, title\",8.5.1;9.2,PARTIAL\r\n",
        ),
        (
            "bad-status",
            "id,title,clauses,status\nA,t,6.3,DONE\nB,t,6.3\n",
        ),
        (
            "other-standard",
            "id,clauses,status\nOPS-06,iso-iec-27001-2022:A.8.32,PLANNED\nOPS-99,8.99,\n",
        ),
        ("duplicate", "id,clauses\nA,9.3\nA,9.3\n"),
        ("unknown-column", "id,clauses,owner\nA,4.1,someone\n"),
        ("quote", "id,clauses\n\"A,4.1\n"),
    ] {
        out.seed(name, text.as_bytes());
    }
    for token in [
        "id",
        "title",
        "clauses",
        "status",
        "IMPLEMENTED",
        "PARTIAL",
        "PLANNED",
        ",",
        ";",
        "\"",
        "\r\n",
        "\u{feff}",
        "iso-iec-20000-1-2018:",
        "iso-iec-27001-2022:A.8.32",
        "iso-hs-2021:",
        "iso-9001-2015:",
        "itil-4:",
    ] {
        out.token(token);
    }
    // Real refs of the `from` edition.
    let clauses = read("crosswalks/clauses/iso-iec-20000-1-2018.csv");
    for line in clauses.split(|b| *b == b'\n').skip(1).step_by(4) {
        if let Some(reference) = line.split(|b| *b == b',').next() {
            out.token(reference);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(target), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: seeds loader|graphql|inventory DIR");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    fs::create_dir_all(dir.join("in")).unwrap();
    let mut out = Out {
        dir,
        count: 0,
        dict: BTreeSet::new(),
    };
    match target.as_str() {
        "loader" => loader(&mut out),
        "graphql" => graphql(&mut out),
        "inventory" => inventory(&mut out),
        _ => {
            eprintln!("usage: seeds loader|graphql|inventory DIR");
            std::process::exit(2);
        }
    }
    out.finish();
}
