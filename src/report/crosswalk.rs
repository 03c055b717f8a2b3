//! A crosswalk between two standards as CSV or JSON, oriented from `from` to `to`
//! (`GET /export/crosswalk` and `itsm-crosswalk export`).

use serde_json::json;

use super::{Format, Table, cell};
use crate::analysis::crosswalk::{Crosswalk, CrosswalkFilter, crosswalk};
use crate::model::{Dataset, OrientedMapping, StandardIdx};

/// `loaded_at` (RFC 3339) dates the OSCAL document; the other formats carry the dataset version.
pub fn render(
    data: &Dataset,
    from: StandardIdx,
    to: StandardIdx,
    format: Format,
    loaded_at: &str,
) -> Result<Vec<u8>, String> {
    let table = crosswalk(data, from, to, &CrosswalkFilter::default());
    Ok(match format {
        Format::Csv => rows(data, &table).to_csv(),
        Format::Json => json_text(data, from, to, &table).into_bytes(),
        Format::Md => markdown(data, from, to, &table).into_bytes(),
        Format::Oscal => super::oscal::render(data, from, to, loaded_at).into_bytes(),
        Format::Xlsx => rows(data, &table).to_xlsx(
            "Crosswalk",
            &[
                ("From", data.standard(from).designation.clone()),
                ("To", data.standard(to).designation.clone()),
                ("Dataset version", data.version.clone()),
                ("Source coverage", format!("{:.0} %", table.source_coverage * 100.0)),
                ("Target coverage", format!("{:.0} %", table.target_coverage * 100.0)),
                ("Reading a row", "The relationship compares what the two clauses require, read from source to target (NIST IR 8477): SUBSET_OF means the target asks everything the source asks and more. Strength 0-10 per NIST IR 8278A. Provisional rows are not confirmed by a published text.".to_string()),
                ("Copyright", "Clause numbers and titles are facts; summaries and notes are our own words. No requirement text of any standard is included.".to_string()),
            ],
        )?,
    })
}

struct Row {
    source: String,
    source_title: String,
    target: String,
    target_title: String,
    relationship: String,
    rationale: String,
    strength: String,
    change: String,
    provisional: bool,
    basis: String,
    note: String,
}

fn row(data: &Dataset, m: &OrientedMapping) -> Row {
    let mapping = data.mapping(m.mapping);
    let side = |c: Option<crate::model::ClauseIdx>| {
        c.map_or((String::new(), String::new()), |c| {
            (
                data.clause(c).id.clone(),
                data.clause(c).title.clone().unwrap_or_default(),
            )
        })
    };
    let (source, source_title) = side(m.near(data));
    let (target, target_title) = side(m.far(data));
    Row {
        source,
        source_title,
        target,
        target_title,
        relationship: m
            .relationship(data)
            .map_or(String::new(), |r| r.as_str().to_string()),
        rationale: mapping
            .rationale
            .map_or(String::new(), |r| r.as_str().to_string()),
        strength: mapping.strength.map_or(String::new(), |s| s.to_string()),
        change: m
            .change(data)
            .map_or(String::new(), |c| c.as_str().to_string()),
        provisional: mapping.provisional,
        basis: mapping.basis.join(";"),
        note: mapping.note.clone().unwrap_or_default(),
    }
}

fn rows(data: &Dataset, table: &Crosswalk) -> Table {
    Table {
        headers: &[
            "source",
            "source_title",
            "target",
            "target_title",
            "relationship",
            "rationale",
            "strength",
            "change",
            "provisional",
            "basis",
            "note",
        ],
        rows: table
            .mappings
            .iter()
            .map(|m| {
                let r = row(data, m);
                vec![
                    r.source,
                    r.source_title,
                    r.target,
                    r.target_title,
                    r.relationship,
                    r.rationale,
                    r.strength,
                    r.change,
                    r.provisional.to_string(),
                    r.basis,
                    r.note,
                ]
            })
            .collect(),
    }
}

fn json_text(data: &Dataset, from: StandardIdx, to: StandardIdx, table: &Crosswalk) -> String {
    let value = json!({
        "from": data.standard(from).id,
        "to": data.standard(to).id,
        "datasetVersion": data.version,
        "sourceCoverage": table.source_coverage,
        "targetCoverage": table.target_coverage,
        "mappings": table.mappings.iter().map(|m| {
            let r = row(data, m);
            json!({
                "source": r.source, "target": r.target, "relationship": r.relationship, "rationale": r.rationale,
                "strength": r.strength.parse::<u8>().ok(), "change": (!r.change.is_empty()).then_some(r.change),
                "provisional": r.provisional, "basis": r.basis.split(';').filter(|s| !s.is_empty()).collect::<Vec<_>>(), "note": r.note,
            })
        }).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn markdown(data: &Dataset, from: StandardIdx, to: StandardIdx, table: &Crosswalk) -> String {
    let mut out = format!(
        "# {} to {}\n\n| source | target | relationship | strength | note |\n|---|---|---|---|---|\n",
        data.standard(from).designation,
        data.standard(to).designation
    );
    for m in &table.mappings {
        let r = row(data, m);
        out.push_str(&format!(
            "| {} {} | {} {} | {} | {} | {} |\n",
            r.source,
            cell(&r.source_title),
            r.target,
            cell(&r.target_title),
            r.relationship,
            r.strength,
            cell(&r.note)
        ));
    }
    out
}
