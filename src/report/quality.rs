//! The data-quality report as Markdown (`itsm-crosswalk stats`, `docs/DATA_QUALITY.md`), from
//! the figures of `analysis::quality`.

use std::fmt::Write as _;

use crate::analysis::consistency::{ContradictionKind, contradictions};
use crate::analysis::quality::{
    GAP_PAIRS, INTERSECTS_SHARE_EXCEPTIONS, LeafStanding, MAX_INTERSECTS_SHARE, intersects_cap,
    leaf_standing, requirement_leaves, set_quality,
};
use crate::model::{Dataset, MappingSetIdx, Rationale, Relationship};

/// The whole report as Markdown.
pub fn report(data: &Dataset) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Data quality\n\nGenerated from the dataset by `itsm-crosswalk stats` (dataset `{}`); do not edit by hand.\nA test fails when this file and the data disagree.\n",
        data.version
    );
    let _ = writeln!(
        out,
        "## Mapping sets\n\nShare of `INTERSECTS_WITH` is counted over all rows of the set; the bar is at most {:.0} % per set, except for the sets listed after the table (marked †).\nStrength bands follow NIST IR 8278A: 0 not related, 1–3 mostly different, 4–6 about as alike as not, 7–9 much more alike than not, 10 equal.\n",
        MAX_INTERSECTS_SHARE * 100.0
    );
    let _ = writeln!(
        out,
        "| set | rows | EQUAL | SUBSET_OF | SUPERSET_OF | INTERSECTS_WITH | NOT_RELATED | SUPPORTS / SUPPORTED_BY | NEW / REMOVED | intersects share | SYNTACTIC / SEMANTIC / FUNCTIONAL | strength 0 / 1–3 / 4–6 / 7–9 / 10 | provisional |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for i in 0..data.mapping_sets.len() {
        let idx = MappingSetIdx(i as u32);
        let q = set_quality(data, idx);
        let count = |r: Relationship| *q.by_relationship.get(&r).unwrap_or(&0);
        let rat = |r: Rationale| *q.by_rationale.get(&r).unwrap_or(&0);
        let share = q.intersects_share();
        let cap = intersects_cap(&data.mapping_set(idx).id);
        let flag = if share > cap {
            " ⚠"
        } else if share > MAX_INTERSECTS_SHARE {
            " †"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} %{} | {} / {} / {} | {} / {} / {} / {} / {} | {} |",
            data.mapping_set(idx).id,
            q.rows,
            count(Relationship::Equal),
            count(Relationship::SubsetOf),
            count(Relationship::SupersetOf),
            count(Relationship::IntersectsWith),
            count(Relationship::NotRelated),
            count(Relationship::Supports) + count(Relationship::SupportedBy),
            q.one_sided,
            share * 100.0,
            flag,
            rat(Rationale::Syntactic),
            rat(Rationale::Semantic),
            rat(Rationale::Functional),
            q.by_strength_band[0],
            q.by_strength_band[1],
            q.by_strength_band[2],
            q.by_strength_band[3],
            q.by_strength_band[4],
            q.provisional,
        );
    }
    for exception in INTERSECTS_SHARE_EXCEPTIONS {
        let _ = writeln!(
            out,
            "\n† `{}`: allowed up to {:.0} %. {}",
            exception.set,
            exception.cap * 100.0,
            exception.reason
        );
    }
    consistency(data, &mut out);
    for (subject_id, other_id) in GAP_PAIRS {
        let (Some(subject), Some(other)) = (
            data.standard_by_id(subject_id),
            data.standard_by_id(other_id),
        ) else {
            let _ = writeln!(
                out,
                "\n## {subject_id} against {other_id}\n\nNot in the dataset yet."
            );
            continue;
        };
        let leaves = requirement_leaves(data, subject);
        let mut mapped = 0;
        let mut explained = Vec::new();
        let mut unaccounted = Vec::new();
        for leaf in &leaves {
            match leaf_standing(data, *leaf, other) {
                LeafStanding::Mapped => mapped += 1,
                LeafStanding::Explained(notes) => explained.push((*leaf, notes)),
                LeafStanding::Unaccounted => unaccounted.push(*leaf),
            }
        }
        let _ = writeln!(
            out,
            "\n## {} requirement clauses against {}\n\n{} leaf clauses carry requirements: {} mapped, {} explained as a checked absence (`NOT_RELATED`; the note says why), {} unaccounted.\n",
            data.standard(subject).designation,
            data.standard(other).designation,
            leaves.len(),
            mapped,
            explained.len(),
            unaccounted.len()
        );
        for (leaf, notes) in &explained {
            let c = data.clause(*leaf);
            let _ = writeln!(
                out,
                "- **{} {}**: {}",
                c.reference,
                c.title.as_deref().unwrap_or(""),
                notes.join("; ")
            );
        }
        for leaf in &unaccounted {
            let c = data.clause(*leaf);
            let _ = writeln!(
                out,
                "- **{} {}**: no row yet (unaccounted)",
                c.reference,
                c.title.as_deref().unwrap_or("")
            );
        }
    }
    out
}

/// The consistency section: how many rows contradict others, by kind, and each of them.
fn consistency(data: &Dataset, out: &mut String) {
    let found = contradictions(data);
    let _ = writeln!(
        out,
        "\n## Consistency\n\nRows must tell one story (docs/data-notes/conventions.md): a heading row agrees with its sub-clause rows, and a direct row agrees with what composing two rows through a third clause proves (relations read as RCC5 sets, `analysis::consistency`).\n\n| check | contradictions |\n|---|---|"
    );
    for kind in ContradictionKind::ALL {
        let n = found.iter().filter(|c| c.kind == kind).count();
        let _ = writeln!(out, "| {} | {n} |", kind.describe());
    }
    let _ = writeln!(out, "| **all** | **{}** |", found.len());
    for contradiction in &found {
        let place =
            |m: crate::model::MappingIdx| crate::service::provenance(&data.mapping(m).origin);
        let _ = writeln!(
            out,
            "- `{}` ({}): {}; against {}",
            place(contradiction.row),
            contradiction.kind.describe(),
            contradiction.message,
            contradiction
                .against
                .iter()
                .map(|m| format!("`{}`", place(*m)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
