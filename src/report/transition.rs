//! The transition summary for people (`docs/TRANSITION-2018-TO-NEXT.md`), generated from an
//! edition-transition set: what changes, what is new or removed, what is provisional and why,
//! and which guidance applies.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::cell;
use crate::analysis::plan::transition_set;
use crate::model::{
    Change, Dataset, EditionStatus, Mapping, Relationship, StandardIdx, StandardKind,
};

/// Renders the summary, or `None` when no transition set leads from `from` to `to`.
pub fn render(data: &Dataset, from: StandardIdx, to: StandardIdx) -> Option<String> {
    let set = data.mapping_set(transition_set(data, from, to)?);
    let (old, new) = (data.standard(from), data.standard(to));
    let rows: Vec<&Mapping> = set.mappings.iter().map(|m| data.mapping(*m)).collect();
    let title = |c: Option<crate::model::ClauseIdx>| {
        c.map_or_else(
            || "—".to_string(),
            |c| {
                format!(
                    "{} {}",
                    data.clause(c).reference,
                    cell(data.clause(c).title.as_deref().unwrap_or(""))
                )
            },
        )
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Transition: {} to {}\n",
        old.designation, new.designation
    );
    let _ = writeln!(
        out,
        "Generated from the dataset (`{}`) by `itsm-crosswalk transition-report --from {} --to {}`; do not edit by hand. \
         Every row below is a row of `crosswalks/mappings/{}.csv`.\n",
        data.version, old.id, new.id, set.id
    );
    if new.status.is_unconfirmed() {
        let state = match (new.status, new.stage) {
            (EditionStatus::Draft, Some(stage)) => {
                format!("a draft at {stage} stage, not published")
            }
            (_, Some(stage)) => {
                format!("anticipated: its draft is at {stage} stage and not public")
            }
            _ => "anticipated, not published: no draft is public".to_string(),
        };
        let _ = writeln!(
            out,
            "> **{} is {state}.** Every clause and every row is provisional and names its basis; the rows \
             will be replaced by data when the published text appears.{}\n",
            new.designation,
            new.note
                .as_deref()
                .map(|note| format!(" {note}"))
                .unwrap_or_default()
        );
    }
    let mut by_change: BTreeMap<Change, usize> = BTreeMap::new();
    for row in &rows {
        if let Some(change) = row.change {
            *by_change.entry(change).or_default() += 1;
        }
    }
    let _ = writeln!(out, "## At a glance\n\n| change | rows |\n|---|---|");
    for change in Change::ALL {
        if let Some(n) = by_change.get(change) {
            let _ = writeln!(out, "| {} | {n} |", change.as_str());
        }
    }
    let provisional = rows.iter().filter(|r| r.provisional).count();
    let _ = writeln!(
        out,
        "\n{} rows in all, {} of them provisional.\n",
        rows.len(),
        provisional
    );

    let changed: Vec<&&Mapping> = rows
        .iter()
        .filter(|r| {
            !matches!(
                r.change,
                Some(Change::Unchanged | Change::New | Change::Removed)
            )
        })
        .collect();
    let _ = writeln!(out, "## What changes\n");
    let _ = writeln!(
        out,
        "| {} | {} | change | relationship | basis | why |\n|---|---|---|---|---|---|",
        old.designation, new.designation
    );
    for row in &changed {
        let _ = writeln!(
            out,
            "| {} | {} | {}{} | {} | {} | {} |",
            title(row.source),
            title(row.target),
            row.change.map_or("", |c| c.as_str()),
            if row.provisional {
                " (provisional)"
            } else {
                ""
            },
            row.relationship.map_or("", Relationship::as_str),
            row.basis.join(", "),
            cell(row.note.as_deref().unwrap_or(""))
        );
    }
    for (change, heading) in [
        (Change::New, "What is new"),
        (Change::Removed, "What is removed"),
    ] {
        let _ = writeln!(out, "\n## {heading}\n");
        let selected: Vec<&&Mapping> = rows.iter().filter(|r| r.change == Some(change)).collect();
        if selected.is_empty() {
            let _ = writeln!(out, "Nothing.");
        }
        for row in selected {
            let clause = if change == Change::New {
                row.target
            } else {
                row.source
            };
            let _ = writeln!(
                out,
                "- **{}**{}: {} (basis: {})",
                title(clause),
                if row.provisional {
                    " (provisional)"
                } else {
                    ""
                },
                row.note.as_deref().unwrap_or(""),
                row.basis.join(", ")
            );
        }
    }
    let unchanged: Vec<String> = rows
        .iter()
        .filter(|r| r.change == Some(Change::Unchanged))
        .filter_map(|r| r.source.map(|c| data.clause(c).reference.clone()))
        .collect();
    let _ = writeln!(
        out,
        "\n## Expected unchanged\n\n{}\n",
        if unchanged.is_empty() {
            "None.".to_string()
        } else {
            unchanged.join(", ")
        }
    );

    let _ = writeln!(out, "## Why provisional: the bases used\n");
    let mut bases: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.provisional) {
        for basis in &row.basis {
            *bases.entry(basis.as_str()).or_default() += 1;
        }
    }
    for clause in &new.clauses {
        for basis in &data.clause(*clause).basis {
            bases.entry(basis.as_str()).or_default();
        }
    }
    for (basis, count) in bases {
        let term = data.basis(basis);
        let _ = writeln!(
            out,
            "- **{basis}** ({}; {count} provisional rows): {}",
            term.map_or("", |t| t.title.as_str()),
            term.map_or("", |t| t.description.as_str())
        );
    }

    let _ = writeln!(out, "\n## Guidance that applies\n");
    let mut any = false;
    for clause in &new.clauses {
        let guidance: Vec<String> = data
            .mappings_of(*clause)
            .iter()
            .filter(|m| m.relationship(data) == Some(Relationship::SupportedBy))
            .filter_map(|m| m.far(data))
            .filter(|g| data.standard(data.clause(*g).standard).kind == StandardKind::Guidance)
            .map(|g| {
                format!(
                    "{} ({})",
                    data.clause(g).title.as_deref().unwrap_or(""),
                    data.standard(data.clause(g).standard).designation
                )
            })
            .collect();
        if !guidance.is_empty() {
            any = true;
            let _ = writeln!(
                out,
                "- **{}**: {}",
                title(Some(*clause)),
                guidance.join("; ")
            );
        }
    }
    if !any {
        let _ = writeln!(
            out,
            "No guidance document is linked to {}.",
            new.designation
        );
    }
    Some(out)
}
