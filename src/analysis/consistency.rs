//! Do the rows tell one story? Two checks the quality report runs over the whole dataset:
//!
//! - **Through a third clause**: where `A r1 M` and `M r2 B` are stored (M in a third standard,
//!   typically the harmonized structure, or an edition in between) and a direct row `A r3 B`
//!   exists, `r3` must be one of the relations composing `r1` and `r2` allows.
//! - **Headings and their sub-clauses**: a sub-clause is contained in its heading (a heading is
//!   the union of its sub-clauses), so within one set a row on a heading and a row on one of its
//!   sub-clauses (or on a sub-clause of the heading's target) must agree by the same composition;
//!   a heading none of whose own text adds anything is contained in a target that contains every
//!   one of its sub-clauses; and in a transition a heading whose requirements did not change
//!   (`UNCHANGED`, `EDITORIAL`, `RENUMBERED`) has no sub-clause whose requirements did.
//!
//! Relations are read as sets of five atoms (RCC5): EQ (`EQUAL`), PP (`SUBSET_OF`, proper), PPI
//! (`SUPERSET_OF`, proper), PO (`INTERSECTS_WITH`) and DR (`NOT_RELATED`). Supportive rows and
//! one-sided `NEW` / `REMOVED` rows are not composed. docs/data-notes/conventions.md states the
//! conventions these rules enforce.

use std::collections::BTreeSet;

use crate::model::{Change, ClauseIdx, Dataset, MappingIdx, OrientedMapping, Relationship};

/// A set of RCC5 atoms, as a bit set: what may hold between two clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atoms(u8);

const EQ: u8 = 1;
const PP: u8 = 2;
const PPI: u8 = 4;
const PO: u8 = 8;
const DR: u8 = 16;
const ANY: u8 = EQ | PP | PPI | PO | DR;

/// Composition of single atoms: `A x B` and `B y C` allow these between A and C.
fn compose_atom(x: u8, y: u8) -> u8 {
    match (x, y) {
        (EQ, y) => y,
        (x, EQ) => x,
        (PP, PP) => PP,
        (PP, PPI) => ANY,
        (PP, PO) => PP | PO | DR,
        (PP, DR) => DR,
        (PPI, PP) => EQ | PP | PPI | PO,
        (PPI, PPI) => PPI,
        (PPI, PO) => PPI | PO,
        (PPI, DR) => PPI | PO | DR,
        (PO, PP) => PP | PO,
        (PO, PPI) => PPI | PO | DR,
        (PO, PO) => ANY,
        (PO, DR) => PPI | PO | DR,
        (DR, PP) => PP | PO | DR,
        (DR, PPI) => DR,
        (DR, PO) => PP | PO | DR,
        (DR, DR) => ANY,
        _ => ANY,
    }
}

impl Atoms {
    /// The single atom that holds between two non-empty finite sets (for testing the table).
    pub fn between<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Atoms {
        let shared = a.intersection(b).count();
        Atoms(if a == b {
            EQ
        } else if shared == a.len() {
            PP
        } else if shared == b.len() {
            PPI
        } else if shared > 0 {
            PO
        } else {
            DR
        })
    }

    pub const EQUAL_OR_CONTAINED: Atoms = Atoms(EQ | PP);
    pub const EQUAL_OR_CONTAINING: Atoms = Atoms(EQ | PPI);

    /// The atom a stored relationship claims; `None` for supportive links.
    pub fn of(relationship: Relationship) -> Option<Atoms> {
        Some(Atoms(match relationship {
            Relationship::Equal => EQ,
            Relationship::SubsetOf => PP,
            Relationship::SupersetOf => PPI,
            Relationship::IntersectsWith => PO,
            Relationship::NotRelated => DR,
            Relationship::Supports | Relationship::SupportedBy => return None,
        }))
    }

    /// Everything `A self B`, `B other C` allows between A and C.
    pub fn then(self, other: Atoms) -> Atoms {
        let mut out = 0;
        for x in [EQ, PP, PPI, PO, DR] {
            for y in [EQ, PP, PPI, PO, DR] {
                if self.0 & x != 0 && other.0 & y != 0 {
                    out |= compose_atom(x, y);
                }
            }
        }
        Atoms(out)
    }

    pub fn allows(self, claimed: Atoms) -> bool {
        self.0 & claimed.0 == claimed.0
    }

    /// The relationships these atoms allow, for messages.
    pub fn describe(self) -> String {
        [
            (EQ, "EQUAL"),
            (PP, "SUBSET_OF"),
            (PPI, "SUPERSET_OF"),
            (PO, "INTERSECTS_WITH"),
            (DR, "NOT_RELATED"),
        ]
        .iter()
        .filter(|(bit, _)| self.0 & bit != 0)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(" or ")
    }
}

/// What kind of contradiction was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContradictionKind {
    /// A direct row that composing two rows through a harmonized-structure clause rules out.
    ThroughTheHub,
    /// The same, through a clause of any other standard (an edition in between, a third standard).
    ThroughAThirdClause,
    /// A heading row and a sub-clause row of the same set that cannot both hold.
    HeadingAndSubClause,
    /// A heading whose sub-clauses are all contained in the target, said to reach beyond it.
    HeadingUnion,
    /// A heading said unchanged in a transition while a sub-clause's requirements changed.
    HeadingChange,
}

impl ContradictionKind {
    pub const ALL: [ContradictionKind; 5] = [
        ContradictionKind::ThroughTheHub,
        ContradictionKind::ThroughAThirdClause,
        ContradictionKind::HeadingAndSubClause,
        ContradictionKind::HeadingUnion,
        ContradictionKind::HeadingChange,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            ContradictionKind::ThroughTheHub => {
                "direct row against two rows through the harmonized structure"
            }
            ContradictionKind::ThroughAThirdClause => {
                "direct row against two rows through another clause"
            }
            ContradictionKind::HeadingAndSubClause => {
                "heading row against a sub-clause row of the same set"
            }
            ContradictionKind::HeadingUnion => {
                "heading reaching beyond a target that contains all its sub-clauses"
            }
            ContradictionKind::HeadingChange => {
                "heading unchanged while a sub-clause's requirements changed"
            }
        }
    }
}

/// One contradiction: the row it is about, the rows that contradict it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    pub kind: ContradictionKind,
    pub row: MappingIdx,
    pub against: Vec<MappingIdx>,
    pub message: String,
}

/// The id of the harmonized structure, the hub of the integrated view.
const HUB: &str = super::integrated::HUB;

/// Every contradiction in the dataset, each reported once, in a stable order.
pub fn contradictions(data: &Dataset) -> Vec<Contradiction> {
    let mut found = Vec::new();
    through_a_third_clause(data, &mut found);
    headings(data, &mut found);
    // A triangle of three rows is one contradiction, whichever corner it was found from: keep
    // one report per set of rows (the hub reading first, since the hub is what the rows share).
    found.sort_by(|a, b| (a.kind, a.row, &a.against).cmp(&(b.kind, b.row, &b.against)));
    let mut seen = BTreeSet::new();
    found.retain(|c| {
        let mut rows = c.against.clone();
        rows.push(c.row);
        rows.sort();
        seen.insert(rows)
    });
    found
}

fn label(data: &Dataset, clause: ClauseIdx) -> &str {
    &data.clause(clause).id
}

/// A two-sided, composable row read from its near side: (far clause, atoms).
fn composable(data: &Dataset, oriented: OrientedMapping) -> Option<(ClauseIdx, Atoms)> {
    Some((
        oriented.far(data)?,
        Atoms::of(oriented.relationship(data)?)?,
    ))
}

fn through_a_third_clause(data: &Dataset, found: &mut Vec<Contradiction>) {
    let hub = data.standard_by_id(HUB);
    for (index, row) in data.mappings.iter().enumerate() {
        let (Some(a), Some(b), Some(claimed)) =
            (row.source, row.target, row.relationship.and_then(Atoms::of))
        else {
            continue;
        };
        let (standard_a, standard_b) = (data.clause(a).standard, data.clause(b).standard);
        for first in data.mappings_of(a) {
            let Some((middle, r1)) = composable(data, *first) else {
                continue;
            };
            let middle_standard = data.clause(middle).standard;
            if middle_standard == standard_a || middle_standard == standard_b {
                continue;
            }
            for second in data.mappings_of(middle) {
                if second.far(data) != Some(b) {
                    continue;
                }
                let Some((_, r2)) = composable(data, *second) else {
                    continue;
                };
                let allowed = r1.then(r2);
                if allowed.allows(claimed) {
                    continue;
                }
                let kind = if Some(middle_standard) == hub {
                    ContradictionKind::ThroughTheHub
                } else {
                    ContradictionKind::ThroughAThirdClause
                };
                let mut against = vec![first.mapping, second.mapping];
                against.sort();
                found.push(Contradiction {
                    kind,
                    row: MappingIdx(index as u32),
                    against,
                    message: format!(
                        "{} {} {} is stored, but {} {} {} and {} {} {} allow only {}",
                        label(data, a),
                        row.relationship.map_or("", |r| r.as_str()),
                        label(data, b),
                        label(data, a),
                        first.relationship(data).map_or("", |r| r.as_str()),
                        label(data, middle),
                        label(data, middle),
                        second.relationship(data).map_or("", |r| r.as_str()),
                        label(data, b),
                        allowed.describe()
                    ),
                });
            }
        }
    }
}

/// How `clause` stands to `anchor` in one tree: itself, inside it, around it, or neither.
fn tree_relation(data: &Dataset, clause: ClauseIdx, anchor: ClauseIdx) -> Option<Atoms> {
    if clause == anchor {
        return Some(Atoms(EQ));
    }
    if data.ancestors(clause).contains(&anchor) {
        return Some(Atoms::EQUAL_OR_CONTAINED);
    }
    if data.ancestors(anchor).contains(&clause) {
        return Some(Atoms::EQUAL_OR_CONTAINING);
    }
    None
}

fn headings(data: &Dataset, found: &mut Vec<Contradiction>) {
    for set in &data.mapping_sets {
        let rows: Vec<MappingIdx> = set.mappings.clone();
        // Pairs of rows in the same set whose sides lie in one tree each.
        for (i, &first) in rows.iter().enumerate() {
            let one = data.mapping(first);
            for &second in &rows[i + 1..] {
                let two = data.mapping(second);
                let (Some(a), Some(b), Some(c), Some(d)) =
                    (one.source, one.target, two.source, two.target)
                else {
                    continue;
                };
                let (Some(ca), Some(bd)) = (tree_relation(data, c, a), tree_relation(data, b, d))
                else {
                    continue;
                };
                let (Some(r1), Some(r2)) = (
                    one.relationship.and_then(Atoms::of),
                    two.relationship.and_then(Atoms::of),
                ) else {
                    continue;
                };
                // c in a, a r1 b, b around d  =>  what may hold between c and d.
                let allowed = ca.then(r1).then(bd);
                if !allowed.allows(r2) {
                    found.push(Contradiction {
                        kind: ContradictionKind::HeadingAndSubClause,
                        row: second.min(first),
                        against: vec![second.max(first)],
                        message: format!(
                            "{} {} {} and {} {} {} cannot both hold: the first allows only {} for the second",
                            label(data, a),
                            one.relationship.map_or("", |r| r.as_str()),
                            label(data, b),
                            label(data, c),
                            two.relationship.map_or("", |r| r.as_str()),
                            label(data, d),
                            allowed.describe()
                        ),
                    });
                }
            }
        }
        for &row in &rows {
            heading_union(data, row, found);
            heading_change(data, row, &rows, found);
        }
    }
}

/// A heading without text of its own whose every sub-clause is contained in the row's far side
/// (by a row of the same set to it or to a part of it) is contained in it too.
fn heading_union(data: &Dataset, row: MappingIdx, found: &mut Vec<Contradiction>) {
    let m = data.mapping(row);
    let (Some(source), Some(target), Some(relationship)) = (m.source, m.target, m.relationship)
    else {
        return;
    };
    for (heading, far, read_as) in [
        (source, target, relationship),
        (target, source, relationship.inverse()),
    ] {
        let clause = data.clause(heading);
        let Some(claimed) = Atoms::of(read_as) else {
            continue;
        };
        if clause.children.is_empty() || clause.normative {
            continue;
        }
        let contained_by = |child: ClauseIdx| {
            data.mappings_of(child).iter().copied().find(|m| {
                data.mapping(m.mapping).set == data.mapping(row).set
                    && m.far(data)
                        .is_some_and(|f| f == far || data.ancestors(f).contains(&far))
                    && matches!(
                        m.relationship(data),
                        Some(Relationship::Equal | Relationship::SubsetOf)
                    )
            })
        };
        let evidence: Option<Vec<MappingIdx>> = clause
            .children
            .iter()
            .map(|&child| contained_by(child).map(|m| m.mapping))
            .collect();
        if let Some(mut evidence) = evidence
            && !Atoms::EQUAL_OR_CONTAINED.allows(claimed)
        {
            evidence.sort();
            found.push(Contradiction {
                kind: ContradictionKind::HeadingUnion,
                row,
                against: evidence,
                message: format!(
                    "every sub-clause of {} is EQUAL to or SUBSET_OF {} (or a part of it), so the heading is too, not {}",
                    label(data, heading),
                    label(data, far),
                    read_as.as_str()
                ),
            });
        }
    }
}

/// In a transition, a heading whose requirements did not change has no sub-clause whose
/// requirements did.
fn heading_change(
    data: &Dataset,
    row: MappingIdx,
    set_rows: &[MappingIdx],
    found: &mut Vec<Contradiction>,
) {
    let m = data.mapping(row);
    let (Some(from), Some(to), Some(change)) = (m.source, m.target, m.change) else {
        return;
    };
    if !matches!(
        change,
        Change::Unchanged | Change::Editorial | Change::Renumbered
    ) {
        return;
    }
    if data.clause(from).children.is_empty() && data.clause(to).children.is_empty() {
        return;
    }
    let (under_from, under_to): (BTreeSet<ClauseIdx>, BTreeSet<ClauseIdx>) = (
        data.subtree(from).into_iter().collect(),
        data.subtree(to).into_iter().collect(),
    );
    let changed: Vec<MappingIdx> = set_rows
        .iter()
        .copied()
        .filter(|&other| other != row)
        .filter(|&other| {
            let o = data.mapping(other);
            let inside = o
                .source
                .is_some_and(|s| s != from && under_from.contains(&s))
                || o.target.is_some_and(|t| t != to && under_to.contains(&t));
            let within = o.source.is_none_or(|s| under_from.contains(&s))
                && o.target.is_none_or(|t| under_to.contains(&t));
            inside
                && within
                && matches!(
                    o.change,
                    Some(Change::Modified | Change::New | Change::Removed)
                )
        })
        .collect();
    if !changed.is_empty() {
        found.push(Contradiction {
            kind: ContradictionKind::HeadingChange,
            row,
            message: format!(
                "{} -> {} is {} but {} of its sub-clause rows change requirements (MODIFIED, NEW or REMOVED)",
                label(data, from),
                label(data, to),
                change.as_str(),
                changed.len()
            ),
            against: changed,
        });
    }
}
