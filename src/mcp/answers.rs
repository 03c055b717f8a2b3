//! What the MCP tools answer: plain serde structures with JSON schemas (the tools' output
//! schemas), filled from the core types. Every mapping carries its clause ids, relationship,
//! strength, provisional flag and provenance (set and `file:line` in the dataset), so that an
//! assistant can cite it. No requirement text: titles are facts, summaries and notes our words.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::coverage::{ClauseCoverage, CoverageReport};
use crate::analysis::integrated::IntegratedView;
use crate::analysis::plan::TransitionPlan;
use crate::model::{ClauseIdx, Dataset, OrientedMapping, StandardIdx};

/// A standard named in an answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StandardRef {
    /// The standard id, e.g. `iso-iec-20000-1-2018`.
    pub id: String,
    /// How the publisher designates it, e.g. `ISO/IEC 20000-1:2018`.
    pub designation: String,
    /// PUBLISHED, WITHDRAWN, DRAFT or ANTICIPATED (a projection: every clause provisional).
    pub status: String,
    /// For an edition not yet published, its ISO stage (WD, CD, DIS, FDIS).
    pub stage: Option<String>,
    /// When certification to this edition ends (ISO date), where the accreditation body set it.
    pub transition_ends: Option<String>,
}

impl StandardRef {
    pub fn new(data: &Dataset, standard: StandardIdx) -> StandardRef {
        let s = data.standard(standard);
        StandardRef {
            id: s.id.clone(),
            designation: s.designation.clone(),
            status: s.status.as_str().to_string(),
            stage: s.stage.map(|stage| stage.as_str().to_string()),
            transition_ends: s.transition_ends.clone(),
        }
    }
}

/// A clause named in an answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClauseRef {
    /// The clause id, `<standard id>:<ref>`, e.g. `iso-iec-27001-2022:A.8.32`.
    pub id: String,
    /// The clause number or practice slug, e.g. `8.5.1.3`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The published title (a fact); absent for a numbered paragraph left untitled.
    pub title: Option<String>,
}

impl ClauseRef {
    pub fn new(data: &Dataset, clause: ClauseIdx) -> ClauseRef {
        let c = data.clause(clause);
        ClauseRef {
            id: c.id.clone(),
            reference: c.reference.clone(),
            title: c.title.clone(),
        }
    }

    pub fn list(data: &Dataset, clauses: &[ClauseIdx]) -> Vec<ClauseRef> {
        clauses.iter().map(|c| ClauseRef::new(data, *c)).collect()
    }
}

/// A clause with what a reader needs to cite it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClauseSummary {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: Option<String>,
    /// The standard's id.
    pub standard: String,
    /// What the clause asks of an organisation, in our own words (never the standard's text).
    pub summary: Option<String>,
    /// Whether the clause itself carries requirements (false for headings and guidance).
    pub normative: bool,
    /// True when the clause is not confirmed by a published text (a projected edition).
    pub provisional: bool,
}

impl ClauseSummary {
    pub fn new(data: &Dataset, clause: ClauseIdx) -> ClauseSummary {
        let c = data.clause(clause);
        ClauseSummary {
            id: c.id.clone(),
            reference: c.reference.clone(),
            title: c.title.clone(),
            standard: data.standard(c.standard).id.clone(),
            summary: c.summary.clone(),
            normative: c.normative,
            provisional: c.provisional,
        }
    }
}

/// Where a row or clause is stored, for citing it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Provenance {
    /// The mapping set (for a mapping row), e.g. `iso-iec-20000-1-2018--iso-iec-27001-2022`.
    pub set: Option<String>,
    /// The file and line in the dataset, e.g. `mappings/iso-iec-20000-1-2018--iso-iec-27001-2022.csv:57`.
    pub row: String,
}

/// One mapping row, read from the clause the question was about (`source`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct MappingAnswer {
    /// The clause this row is read from.
    pub source: Option<ClauseRef>,
    /// The clause it leads to; absent on a NEW or REMOVED row of an edition transition.
    pub target: Option<ClauseRef>,
    /// NIST IR 8477, read from source to target: EQUAL, SUBSET_OF (the target asks everything
    /// the source asks and more), SUPERSET_OF, INTERSECTS_WITH, NOT_RELATED (a checked absence:
    /// the note says why), SUPPORTS / SUPPORTED_BY (guidance). Absent on NEW / REMOVED rows.
    pub relationship: Option<String>,
    /// SYNTACTIC, SEMANTIC or FUNCTIONAL.
    pub rationale: Option<String>,
    /// 0 to 10 (NIST IR 8278A): 10 equal, 7-9 much alike, 4-6 about as alike as not, 1-3 mostly different.
    pub strength: Option<u8>,
    /// In an edition transition: UNCHANGED, EDITORIAL, RENUMBERED, MODIFIED, SPLIT, MERGED, NEW, REMOVED.
    pub change: Option<String>,
    /// True when the link or its target edition is not confirmed by a published text.
    pub provisional: bool,
    /// Where the link comes from (basis ids, e.g. `HS-2021`, `ISO-IEC-27013`, `expert-judgement`).
    pub basis: Vec<String>,
    /// Why this relationship and not a stronger one, in our own words.
    pub note: Option<String>,
    /// True when the row is stored the other way round and was inverted for this reading.
    pub inverted: bool,
    pub provenance: Provenance,
}

impl MappingAnswer {
    pub fn new(
        data: &Dataset,
        oriented: OrientedMapping,
        provenance_of: &dyn Fn(&crate::model::Origin) -> String,
    ) -> MappingAnswer {
        let row = data.mapping(oriented.mapping);
        MappingAnswer {
            source: oriented.near(data).map(|c| ClauseRef::new(data, c)),
            target: oriented.far(data).map(|c| ClauseRef::new(data, c)),
            relationship: oriented.relationship(data).map(|r| r.as_str().to_string()),
            rationale: row.rationale.map(|r| r.as_str().to_string()),
            strength: row.strength,
            change: oriented.change(data).map(|c| c.as_str().to_string()),
            provisional: row.provisional,
            basis: row.basis.clone(),
            note: row.note.clone(),
            inverted: oriented.reversed,
            provenance: Provenance {
                set: Some(data.mapping_set(row.set).id.clone()),
                row: provenance_of(&row.origin),
            },
        }
    }
}

/// The answer of `search_clauses`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchAnswer {
    pub query: String,
    /// How many clauses matched in all (only the first `limit` are listed).
    pub total: usize,
    /// Best matches first.
    pub results: Vec<ClauseSummary>,
}

/// The answer of `get_clause`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClauseAnswer {
    pub clause: ClauseSummary,
    pub standard: StandardRef,
    /// CLAUSE, ANNEX, CONTROL_GROUP, CONTROL, PRACTICE_GROUP, PRACTICE or GUIDANCE_TOPIC.
    pub kind: String,
    /// Why a provisional clause is expected (basis ids).
    pub basis: Vec<String>,
    pub themes: Vec<String>,
    /// From the parent up to the top-level clause.
    pub ancestors: Vec<ClauseRef>,
    pub children: Vec<ClauseRef>,
    /// Every mapping of this clause, in every mapping set, read from it.
    pub mappings: Vec<MappingAnswer>,
    /// The same clause across editions (e.g. 2011 -> 2018 -> next), oldest first.
    pub lineage: Vec<ClauseSummary>,
    pub provenance: Provenance,
}

/// The answer of `crosswalk`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CrosswalkAnswer {
    pub from: StandardRef,
    pub to: StandardRef,
    /// Number of rows in the whole crosswalk (after filters), across pages.
    pub total: usize,
    /// Share of `from`'s requirement clauses with a link to `to`.
    pub source_coverage: f64,
    /// Share of `to`'s requirement clauses with a link to `from`.
    pub target_coverage: f64,
    /// This page's rows, read from `from`.
    pub mappings: Vec<MappingAnswer>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// One clause of the measured standard in a coverage answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClauseCoverageAnswer {
    pub clause: ClauseRef,
    /// FULL (a source clause contains it), PARTIAL (an overlap) or NONE.
    pub level: String,
    /// The rows that justify the level.
    pub via: Vec<MappingAnswer>,
    /// NOT_RELATED rows: it was compared with the sources and the note says why nothing
    /// corresponds. Empty at NONE means not assessed.
    pub checked_absences: Vec<MappingAnswer>,
}

/// The answer of `coverage`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CoverageAnswer {
    pub target: StandardRef,
    pub sources: Vec<StandardRef>,
    /// Counts over the requirement-carrying clauses.
    pub full: usize,
    pub partial: usize,
    pub none: usize,
    /// FULL as a share of the requirement-carrying clauses.
    pub ratio: f64,
    /// Every clause of the target, in document order.
    pub clauses: Vec<ClauseCoverageAnswer>,
}

impl CoverageAnswer {
    pub fn new(
        data: &Dataset,
        target: StandardIdx,
        sources: &[StandardIdx],
        report: &CoverageReport,
        provenance_of: &dyn Fn(&crate::model::Origin) -> String,
    ) -> CoverageAnswer {
        let rows = |list: &[OrientedMapping]| -> Vec<MappingAnswer> {
            list.iter()
                .map(|m| MappingAnswer::new(data, *m, provenance_of))
                .collect()
        };
        let clause = |c: &ClauseCoverage| ClauseCoverageAnswer {
            clause: ClauseRef::new(data, c.clause),
            level: c.level.as_str().to_string(),
            via: rows(&c.via),
            checked_absences: rows(&c.checked_absences),
        };
        CoverageAnswer {
            target: StandardRef::new(data, target),
            sources: sources.iter().map(|s| StandardRef::new(data, *s)).collect(),
            full: report.full,
            partial: report.partial,
            none: report.none,
            ratio: report.ratio(),
            clauses: report.clauses.iter().map(clause).collect(),
        }
    }
}

/// Counts and readiness of a plan.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanSummary {
    pub carry_over: usize,
    pub review: usize,
    pub implement: usize,
    pub retire: usize,
    /// (carry over + half of review) / (carry over + review + implement).
    pub readiness: f64,
}

/// One item of a transition plan.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanItemAnswer {
    /// A clause of the new edition (for RETIRE, the removed clause of the old one).
    pub clause: ClauseRef,
    /// CARRY_OVER, REVIEW, IMPLEMENT or RETIRE.
    pub action: String,
    /// The change from the old edition, the most significant when several rows apply.
    pub change: Option<String>,
    pub predecessors: Vec<ClauseRef>,
    /// Ids of the input controls that can be reused (for RETIRE: that served the clause).
    pub reusable_controls: Vec<String>,
    pub provisional: bool,
    /// Why this action, with the transition row's note.
    pub rationale: String,
    /// Guidance clauses that help (e.g. ISO/IEC TS 20000-16 topics).
    pub guidance: Vec<ClauseRef>,
    /// The transition rows the item rests on.
    pub transition_rows: Vec<MappingAnswer>,
}

/// A problem of the input controls; the plan is made for the rest.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanProblem {
    /// The control's position in `controls` (from 0).
    pub control: Option<usize>,
    /// `id`, `clauses` or `clauses[j]`.
    pub field: Option<String>,
    pub message: String,
}

/// The answer of `transition_plan`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanAnswer {
    pub from: StandardRef,
    pub to: StandardRef,
    pub summary: PlanSummary,
    pub items: Vec<PlanItemAnswer>,
    pub problems: Vec<PlanProblem>,
}

impl PlanAnswer {
    pub fn new(
        data: &Dataset,
        plan: &TransitionPlan,
        problems: Vec<PlanProblem>,
        provenance_of: &dyn Fn(&crate::model::Origin) -> String,
    ) -> PlanAnswer {
        let s = plan.summary;
        PlanAnswer {
            from: StandardRef::new(data, plan.from),
            to: StandardRef::new(data, plan.to),
            summary: PlanSummary {
                carry_over: s.carry_over,
                review: s.review,
                implement: s.implement,
                retire: s.retire,
                readiness: s.readiness,
            },
            items: plan
                .items
                .iter()
                .map(|item| PlanItemAnswer {
                    clause: ClauseRef::new(data, item.clause),
                    action: item.action.as_str().to_string(),
                    change: item.change.map(|c| c.as_str().to_string()),
                    predecessors: ClauseRef::list(data, &item.predecessors),
                    reusable_controls: plan.reusable_ids(item).map(str::to_string).collect(),
                    provisional: item.provisional,
                    rationale: item.rationale.clone(),
                    guidance: ClauseRef::list(data, &item.guidance),
                    transition_rows: item
                        .transition_mappings
                        .iter()
                        .map(|m| MappingAnswer::new(data, *m, provenance_of))
                        .collect(),
                })
                .collect(),
            problems,
        }
    }
}

/// One cell of an integrated-view row: a chosen standard's clauses there.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IntegratedCellAnswer {
    pub standard: String,
    pub clauses: Vec<ClauseRef>,
}

/// One row of the integrated view.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IntegratedRowAnswer {
    /// The harmonized-structure clause the row is anchored on; absent on a discipline-specific row.
    pub hub: Option<ClauseRef>,
    pub cells: Vec<IntegratedCellAnswer>,
}

/// The answer of `integrated_view`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IntegratedAnswer {
    pub standards: Vec<StandardRef>,
    pub rows: Vec<IntegratedRowAnswer>,
    /// Chosen standards with no mapping to the harmonized structure (empty cells on hub rows).
    pub without_hub_mapping: Vec<String>,
}

impl IntegratedAnswer {
    pub fn new(data: &Dataset, view: &IntegratedView) -> IntegratedAnswer {
        IntegratedAnswer {
            standards: view
                .standards
                .iter()
                .map(|s| StandardRef::new(data, *s))
                .collect(),
            rows: view
                .rows
                .iter()
                .map(|row| IntegratedRowAnswer {
                    hub: row.hub.map(|h| ClauseRef::new(data, h)),
                    cells: row
                        .cells
                        .iter()
                        .map(|(s, clauses)| IntegratedCellAnswer {
                            standard: data.standard(*s).id.clone(),
                            clauses: ClauseRef::list(data, clauses),
                        })
                        .collect(),
                })
                .collect(),
            without_hub_mapping: view
                .without_hub_mapping
                .iter()
                .map(|s| data.standard(*s).id.clone())
                .collect(),
        }
    }
}
