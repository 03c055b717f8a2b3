//! An integrated transition plan (several edition transitions for one inventory) as CSV,
//! Markdown, JSON or a spreadsheet: what the plans share first (one control for a requirement new
//! in several standards, controls serving several transitions), then each plan. Every format
//! lists every problem of the inventory with its line.

use std::fmt::Write as _;

use serde_json::json;

use super::plan::{
    LineProblem, action_sections, item_row, json_value, problem_list, problems_json, unpublished,
};
use super::{Format, Table, cell};
use crate::analysis::integrated_plan::{IntegratedPlan, ItemRef};
use crate::model::Dataset;

pub fn render(
    data: &Dataset,
    plan: &IntegratedPlan,
    problems: &[LineProblem],
    format: Format,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Csv => rows(data, plan, problems).to_csv(),
        Format::Md => markdown(data, plan, problems).into_bytes(),
        // Refused before it gets here, as for one plan (see `report::plan::render`).
        Format::Json | Format::Oscal => json_text(data, plan, problems).into_bytes(),
        Format::Xlsx => rows(data, plan, problems).to_xlsx(
            "Integrated plan",
            &[
                ("Transitions", transitions_line(data, plan)),
                ("Dataset version", data.version.clone()),
                ("Reading it", "Rows of kind `shared-requirement` name a harmonized-structure clause whose new or changed requirements appear in several transitions: one control could meet them all. Rows of kind `shared-control` name a control reusable in several transitions. Then one row per item of each plan (`transition` says which), and the inventory's problems with their line.".to_string()),
                (
                    "Inventory problems",
                    match problems.len() {
                        0 => "none".to_string(),
                        n => format!("{n}: the rows of kind `problem` at the top"),
                    },
                ),
            ],
        )?,
    })
}

fn transition_id(data: &Dataset, plan: &IntegratedPlan, p: usize) -> String {
    let t = &plan.plans[p];
    format!("{} -> {}", data.standard(t.from).id, data.standard(t.to).id)
}

fn transitions_line(data: &Dataset, plan: &IntegratedPlan) -> String {
    (0..plan.plans.len())
        .map(|p| transition_id(data, plan, p))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "iso-14001-2026:6.3 (IMPLEMENT, NEW)" for an item.
fn item_label(data: &Dataset, plan: &IntegratedPlan, (p, k): ItemRef) -> String {
    let item = &plan.plans[p].items[k];
    format!(
        "{} ({}{})",
        data.clause(item.clause).id,
        item.action.as_str(),
        item.change
            .map_or(String::new(), |c| format!(", {}", c.as_str()))
    )
}

/// The labels of `items`, joined.
fn item_labels(data: &Dataset, plan: &IntegratedPlan, items: &[ItemRef]) -> String {
    items
        .iter()
        .map(|i| item_label(data, plan, *i))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The position of an integrated column, by name.
fn column(name: &str) -> usize {
    INTEGRATED_COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("no integrated column `{name}`"))
}

/// The integrated table: `transition` after `kind`, then the plan columns.
fn rows(data: &Dataset, plan: &IntegratedPlan, problems: &[LineProblem]) -> Table {
    let blank = || vec![String::new(); INTEGRATED_COLUMNS.len()];
    let mut rows = Vec::new();
    for problem in problems {
        let mut row = blank();
        row[column("kind")] = "problem".to_string();
        row[column("inventory_line")] = problem.line.map_or_else(String::new, |l| l.to_string());
        row[column("problem")] = problem.message.clone();
        rows.push(row);
    }
    for shared in &plan.shared_requirements {
        let hub = data.clause(shared.hub);
        let mut row = blank();
        row[column("kind")] = "shared-requirement".to_string();
        row[column("clause")] = hub.id.clone();
        row[column("ref")] = hub.reference.clone();
        row[column("title")] = hub.title.clone().unwrap_or_default();
        row[column("rationale")] = format!(
            "New or changed in {} transitions; one control could meet them all: {}",
            shared.items.len(),
            item_labels(data, plan, &shared.items)
        );
        rows.push(row);
    }
    for shared in &plan.shared_controls {
        let mut row = blank();
        row[column("kind")] = "shared-control".to_string();
        row[column("reusable_controls")] = plan.control_id(shared.control).to_string();
        row[column("rationale")] = format!(
            "Reusable in several transitions: {}",
            item_labels(data, plan, &shared.items)
        );
        rows.push(row);
    }
    for (p, one) in plan.plans.iter().enumerate() {
        for item in &one.items {
            let mut row = item_row(data, one, item);
            row.insert(1, transition_id(data, plan, p));
            rows.push(row);
        }
    }
    Table {
        headers: INTEGRATED_COLUMNS,
        rows,
    }
}

/// The plan columns with `transition` after `kind` (a test keeps the two in step).
const INTEGRATED_COLUMNS: &[&str] = &[
    "kind",
    "transition",
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

fn markdown(data: &Dataset, plan: &IntegratedPlan, problems: &[LineProblem]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Integrated transition plan\n");
    let _ = writeln!(
        out,
        "One inventory planned for {} transitions at once (dataset `{}`).\n\n| transition | carry over | review | implement | retire | readiness |\n|---|---|---|---|---|---|",
        plan.plans.len(),
        data.version
    );
    for one in &plan.plans {
        let s = one.summary;
        let _ = writeln!(
            out,
            "| {} → {} | {} | {} | {} | {} | {:.0} % |",
            data.standard(one.from).designation,
            data.standard(one.to).designation,
            s.carry_over,
            s.review,
            s.implement,
            s.retire,
            s.readiness * 100.0
        );
    }
    out.push('\n');
    for one in &plan.plans {
        if let Some(caveat) = unpublished(data.standard(one.to)) {
            let _ = writeln!(out, "{caveat}\n");
        }
    }
    problem_list(&mut out, problems, "##");
    let _ = writeln!(
        out,
        "## One control for several standards ({})\n\nNew or changed requirements of several transitions that correspond to one harmonized-structure clause: a single control, designed once, could meet them all.\n",
        plan.shared_requirements.len()
    );
    for shared in &plan.shared_requirements {
        let hub = data.clause(shared.hub);
        let _ = writeln!(
            out,
            "- **{} {}** (harmonized structure): {}",
            hub.reference,
            cell(hub.title.as_deref().unwrap_or("")),
            item_labels(data, plan, &shared.items)
        );
    }
    let _ = writeln!(
        out,
        "\n## Controls that serve several transitions ({})\n",
        plan.shared_controls.len()
    );
    for shared in &plan.shared_controls {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            plan.control_id(shared.control),
            item_labels(data, plan, &shared.items)
        );
    }
    for one in &plan.plans {
        let _ = writeln!(
            out,
            "\n## {} to {}\n",
            data.standard(one.from).designation,
            data.standard(one.to).designation
        );
        out.push_str(&action_sections(data, one, "###"));
    }
    out
}

fn json_text(data: &Dataset, plan: &IntegratedPlan, problems: &[LineProblem]) -> String {
    let items = |refs: &[ItemRef]| -> Vec<serde_json::Value> {
        refs.iter()
            .map(|&(p, k)| {
                let one = &plan.plans[p];
                let item = &one.items[k];
                json!({
                    "from": data.standard(one.from).id,
                    "to": data.standard(one.to).id,
                    "clause": data.clause(item.clause).id,
                    "action": item.action.as_str(),
                    "change": item.change.map(|c| c.as_str()),
                })
            })
            .collect()
    };
    let value = json!({
        "datasetVersion": data.version,
        "transitions": plan.plans.iter().map(|one| json_value(data, one)).collect::<Vec<_>>(),
        "sharedRequirements": plan.shared_requirements.iter().map(|shared| json!({
            "hub": data.clause(shared.hub).id,
            "title": data.clause(shared.hub).title,
            "items": items(&shared.items),
        })).collect::<Vec<_>>(),
        "sharedControls": plan.shared_controls.iter().map(|shared| json!({
            "control": plan.control_id(shared.control),
            "items": items(&shared.items),
        })).collect::<Vec<_>>(),
        "problems": problems_json(problems),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plan::PLAN_COLUMNS;

    #[test]
    fn the_integrated_columns_are_the_plan_columns_with_the_transition() {
        let mut expected = PLAN_COLUMNS.to_vec();
        expected.insert(1, "transition");
        assert_eq!(INTEGRATED_COLUMNS, expected);
    }
}
