//! A transition plan as CSV (one row per item), Markdown (for people) or JSON (for tools).

use std::fmt::Write as _;

use serde_json::json;

use super::{Format, Table, cell, joined};
use crate::analysis::plan::{Action, TransitionItem, TransitionPlan, UserError};
use crate::model::{ClauseIdx, Dataset};

pub fn render(
    data: &Dataset,
    plan: &TransitionPlan,
    problems: &[UserError],
    format: Format,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Csv => rows(data, plan).to_csv(),
        Format::Md => markdown(data, plan, problems).into_bytes(),
        // `plan_for_inventory` refuses OSCAL (OSCAL mappings relate controls, not actions).
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
            about.extend(problems.iter().map(|p| {
                (
                    "Inventory problem",
                    format!("{}: {}", p.field.join("."), p.message),
                )
            }));
            rows(data, plan).to_xlsx("Plan", &about)?
        }
    })
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::CarryOver => "CARRY_OVER",
        Action::Review => "REVIEW",
        Action::Implement => "IMPLEMENT",
        Action::Retire => "RETIRE",
    }
}

fn refs(data: &Dataset, clauses: &[ClauseIdx]) -> String {
    joined(clauses.iter().map(|c| data.clause(*c).id.as_str()))
}

fn rows(data: &Dataset, plan: &TransitionPlan) -> Table {
    Table {
        headers: &[
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
        ],
        rows: plan
            .items
            .iter()
            .map(|item| {
                let c = data.clause(item.clause);
                vec![
                    c.id.clone(),
                    c.reference.clone(),
                    c.title.clone().unwrap_or_default(),
                    action_name(item.action).to_string(),
                    item.change.map_or("", |ch| ch.as_str()).to_string(),
                    refs(data, &item.predecessors),
                    joined(item.reusable_controls.iter().map(String::as_str)),
                    item.provisional.to_string(),
                    refs(data, &item.guidance),
                    item.rationale.clone(),
                ]
            })
            .collect(),
    }
}

fn markdown(data: &Dataset, plan: &TransitionPlan, problems: &[UserError]) -> String {
    let (from, to) = (data.standard(plan.from), data.standard(plan.to));
    let s = plan.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Transition plan: {} to {}\n",
        from.designation, to.designation
    );
    if to.status == crate::model::EditionStatus::Anticipated {
        let _ = writeln!(
            out,
            "> {} is anticipated, not published: every item resting on it is provisional.\n",
            to.designation
        );
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
        let _ = writeln!(out, "## {heading} ({})\n", items.len());
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
                joined(item.reusable_controls.iter().map(String::as_str)),
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
    if !problems.is_empty() {
        let _ = writeln!(out, "## Problems in the inventory ({})\n", problems.len());
        for p in problems {
            let _ = writeln!(out, "- `{}`: {}", p.field.join("."), p.message);
        }
    }
    out
}

fn json_text(data: &Dataset, plan: &TransitionPlan, problems: &[UserError]) -> String {
    let ids = |clauses: &[ClauseIdx]| -> Vec<&str> {
        clauses
            .iter()
            .map(|c| data.clause(*c).id.as_str())
            .collect()
    };
    let s = plan.summary;
    let value = json!({
        "from": data.standard(plan.from).id,
        "to": data.standard(plan.to).id,
        "datasetVersion": data.version,
        "summary": {
            "carryOver": s.carry_over, "review": s.review, "implement": s.implement, "retire": s.retire, "readiness": s.readiness,
        },
        "items": plan.items.iter().map(|item| {
            let c = data.clause(item.clause);
            json!({
                "clause": c.id,
                "title": c.title,
                "action": action_name(item.action),
                "change": item.change.map(|ch| ch.as_str()),
                "predecessors": ids(&item.predecessors),
                "reusableControls": item.reusable_controls,
                "provisional": item.provisional,
                "guidance": ids(&item.guidance),
                "rationale": item.rationale,
            })
        }).collect::<Vec<_>>(),
        "userErrors": problems.iter().map(|p| json!({ "field": p.field, "message": p.message })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
