//! A transition plan as CSV (one row per item, then one per inventory problem), Markdown (for
//! people), JSON (for tools) or a spreadsheet. Every format lists every problem of the inventory
//! the plan was made from, with its line.

use std::fmt::Write as _;

use serde_json::json;

use super::{Format, Table, cell, joined};
use crate::analysis::plan::{Action, TransitionItem, TransitionPlan};
use crate::model::{ClauseIdx, Dataset};

/// A problem of the inventory, at its line of the file (none for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: Option<u64>,
    pub message: String,
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

pub fn render(
    data: &Dataset,
    plan: &TransitionPlan,
    problems: &[LineProblem],
    format: Format,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Csv => rows(data, plan, problems).to_csv(),
        Format::Md => markdown(data, plan, problems).into_bytes(),
        // `Snapshot::plan_request_document` refuses OSCAL (OSCAL mappings relate controls, not
        // actions); a caller that asks here anyway gets JSON.
        Format::Json | Format::Oscal => json_text(data, plan, problems).into_bytes(),
        Format::Xlsx => {
            let s = plan.summary;
            let mut about = vec![
                ("From", data.standard(plan.from).designation.clone()),
                ("To", data.standard(plan.to).designation.clone()),
                ("Dataset version", data.version.clone()),
                (
                    "Summary",
                    format!(
                        "{} carry over, {} review, {} implement, {} retire; readiness {:.0} % = (carry over + half of review) / (carry over + review + implement)",
                        s.carry_over,
                        s.review,
                        s.implement,
                        s.retire,
                        s.readiness * 100.0
                    ),
                ),
            ];
            about.push((
                "Inventory problems",
                match problems.len() {
                    0 => "none".to_string(),
                    n => format!("{n}: the rows of kind `problem` at the top of the Plan sheet"),
                },
            ));
            rows(data, plan, problems).to_xlsx("Plan", &about)?
        }
    })
}

fn refs(data: &Dataset, clauses: &[ClauseIdx]) -> String {
    joined(clauses.iter().map(|c| data.clause(*c).id.as_str()))
}

/// The plan as a table: the inventory's problems first (a person opening the file sees them),
/// then one row per item. The `kind` column tells them apart.
fn rows(data: &Dataset, plan: &TransitionPlan, problems: &[LineProblem]) -> Table {
    let problem_rows = problems.iter().map(|p| {
        let mut row = vec![String::new(); PLAN_COLUMNS.len()];
        row[0] = "problem".to_string();
        row[PLAN_COLUMNS.len() - 2] = p.line.map_or_else(String::new, |l| l.to_string());
        row[PLAN_COLUMNS.len() - 1] = p.message.clone();
        row
    });
    let item_rows = plan.items.iter().map(|item| item_row(data, plan, item));
    Table {
        headers: PLAN_COLUMNS,
        rows: problem_rows.chain(item_rows).collect(),
    }
}

/// One item as a row of [`PLAN_COLUMNS`].
pub(super) fn item_row(
    data: &Dataset,
    plan: &TransitionPlan,
    item: &TransitionItem,
) -> Vec<String> {
    let c = data.clause(item.clause);
    vec![
        "item".to_string(),
        c.id.clone(),
        c.reference.clone(),
        c.title.clone().unwrap_or_default(),
        item.action.as_str().to_string(),
        item.change.map_or("", |ch| ch.as_str()).to_string(),
        refs(data, &item.predecessors),
        joined(plan.reusable_ids(item)),
        item.provisional.to_string(),
        refs(data, &item.guidance),
        item.rationale.clone(),
        String::new(),
        String::new(),
    ]
}

/// The columns of a plan table; a `problem` row fills only `kind`, `inventory_line` and `problem`.
pub(super) const PLAN_COLUMNS: &[&str] = &[
    "kind",
    "clause",
    "ref",
    "title",
    "action",
    "change",
    "predecessors",
    "reusable_controls",
    "provisional",
    "guidance",
    "rationale",
    "inventory_line",
    "problem",
];

fn markdown(data: &Dataset, plan: &TransitionPlan, problems: &[LineProblem]) -> String {
    let (from, to) = (data.standard(plan.from), data.standard(plan.to));
    let s = plan.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Transition plan: {} to {}\n",
        from.designation, to.designation
    );
    if let Some(caveat) = unpublished(to) {
        let _ = writeln!(out, "{caveat}\n");
    }
    let _ = writeln!(
        out,
        "| carry over | review | implement | retire | readiness |\n|---|---|---|---|---|\n| {} | {} | {} | {} | {:.0} % |\n",
        s.carry_over,
        s.review,
        s.implement,
        s.retire,
        s.readiness * 100.0
    );
    let _ = writeln!(
        out,
        "Readiness = (carry over + ½ review) / (carry over + review + implement).\n"
    );
    problem_list(&mut out, problems, "##");
    out.push_str(&action_sections(data, plan, "##"));
    out
}

/// A warning for a plan into an edition that is not published, or `None`.
pub(super) fn unpublished(to: &crate::model::Standard) -> Option<String> {
    let state = match (to.status, to.stage) {
        (crate::model::EditionStatus::Draft, Some(stage)) => format!("a draft at {stage} stage"),
        (crate::model::EditionStatus::Draft, None) => "a draft".to_string(),
        (crate::model::EditionStatus::Anticipated, _) => "anticipated".to_string(),
        _ => return None,
    };
    Some(format!(
        "> {} is {state}, not published: every item resting on it is provisional.",
        to.designation
    ))
}

/// The inventory's problems as a list under a heading of the given level (`##`).
pub(super) fn problem_list(out: &mut String, problems: &[LineProblem], level: &str) {
    if !problems.is_empty() {
        let _ = writeln!(
            out,
            "{level} Problems in the inventory ({})\n",
            problems.len()
        );
        for p in problems {
            let _ = writeln!(out, "- {}", cell(&p.to_string()));
        }
        out.push('\n');
    }
}

/// The plan's items grouped by action, each group under a heading of the given level.
pub(super) fn action_sections(data: &Dataset, plan: &TransitionPlan, level: &str) -> String {
    let mut out = String::new();
    for (action, heading) in [
        (Action::Implement, "Implement"),
        (Action::Review, "Review"),
        (Action::CarryOver, "Carry over"),
        (Action::Retire, "Retire"),
    ] {
        let items: Vec<&TransitionItem> =
            plan.items.iter().filter(|i| i.action == action).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{level} {heading} ({})\n", items.len());
        let _ = writeln!(
            out,
            "| clause | change | from | controls | guidance | why |\n|---|---|---|---|---|---|"
        );
        for item in items {
            let c = data.clause(item.clause);
            let _ = writeln!(
                out,
                "| {} {}{} | {} | {} | {} | {} | {} |",
                c.reference,
                cell(c.title.as_deref().unwrap_or("")),
                if item.provisional {
                    " *(provisional)*"
                } else {
                    ""
                },
                item.change.map_or("", |ch| ch.as_str()),
                joined(
                    item.predecessors
                        .iter()
                        .map(|p| data.clause(*p).reference.as_str())
                ),
                joined(plan.reusable_ids(item)),
                joined(
                    item.guidance
                        .iter()
                        .map(|g| data.clause(*g).title.as_deref().unwrap_or(""))
                ),
                cell(&item.rationale)
            );
        }
        out.push('\n');
    }
    out
}

fn json_text(data: &Dataset, plan: &TransitionPlan, problems: &[LineProblem]) -> String {
    let mut value = json_value(data, plan);
    value["datasetVersion"] = json!(data.version);
    value["problems"] = problems_json(problems);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

pub(super) fn problems_json(problems: &[LineProblem]) -> serde_json::Value {
    problems
        .iter()
        .map(|p| json!({ "line": p.line, "message": p.message }))
        .collect()
}

/// The plan as JSON: editions, summary and items.
pub(super) fn json_value(data: &Dataset, plan: &TransitionPlan) -> serde_json::Value {
    let ids = |clauses: &[ClauseIdx]| -> Vec<&str> {
        clauses
            .iter()
            .map(|c| data.clause(*c).id.as_str())
            .collect()
    };
    let s = plan.summary;
    json!({
        "from": data.standard(plan.from).id,
        "to": data.standard(plan.to).id,
        "summary": {
            "carryOver": s.carry_over, "review": s.review, "implement": s.implement, "retire": s.retire, "readiness": s.readiness,
        },
        "items": plan.items.iter().map(|item| {
            let c = data.clause(item.clause);
            json!({
                "clause": c.id,
                "title": c.title,
                "action": item.action.as_str(),
                "change": item.change.map(|ch| ch.as_str()),
                "predecessors": ids(&item.predecessors),
                "reusableControls": plan.reusable_ids(item).collect::<Vec<_>>(),
                "provisional": item.provisional,
                "guidance": ids(&item.guidance),
                "rationale": item.rationale,
            })
        }).collect::<Vec<_>>(),
    })
}
