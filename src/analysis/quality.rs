//! Data-quality figures: per mapping set, how its rows are distributed, and which
//! ISO/IEC 20000-1:2018 requirement clauses have no counterpart in the standards most
//! organisations combine it with. `report::quality` renders them for `docs/DATA_QUALITY.md`.

use std::collections::BTreeMap;

use crate::model::{ClauseIdx, Dataset, MappingSetIdx, Rationale, Relationship, StandardIdx};

/// The largest share of `INTERSECTS_WITH` rows a set may have before it answers too little.
pub const MAX_INTERSECTS_SHARE: f64 = 0.40;

/// Figures for one mapping set.
#[derive(Debug, Clone)]
pub struct SetQuality {
    pub set: MappingSetIdx,
    pub rows: usize,
    pub by_relationship: BTreeMap<Relationship, usize>,
    pub by_rationale: BTreeMap<Rationale, usize>,
    /// Strength bands: 0, 1-3, 4-6, 7-9, 10.
    pub by_strength_band: [usize; 5],
    /// Rows with no relationship (NEW / REMOVED rows of a transition).
    pub one_sided: usize,
    pub provisional: usize,
    pub without_note: usize,
}

impl SetQuality {
    /// Share of `INTERSECTS_WITH` among all rows of the set.
    pub fn intersects_share(&self) -> f64 {
        if self.rows == 0 {
            return 0.0;
        }
        *self
            .by_relationship
            .get(&Relationship::IntersectsWith)
            .unwrap_or(&0) as f64
            / self.rows as f64
    }
}

/// How a requirement clause of one standard stands against another standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafStanding {
    /// At least one mapping other than `NOT_RELATED`.
    Mapped,
    /// Only checked absences; the notes say why.
    Explained(Vec<String>),
    /// No row at all.
    Unaccounted,
}

pub fn set_quality(data: &Dataset, set: MappingSetIdx) -> SetQuality {
    let mut q = SetQuality {
        set,
        rows: 0,
        by_relationship: BTreeMap::new(),
        by_rationale: BTreeMap::new(),
        by_strength_band: [0; 5],
        one_sided: 0,
        provisional: 0,
        without_note: 0,
    };
    for m in &data.mapping_set(set).mappings {
        let m = data.mapping(*m);
        q.rows += 1;
        match m.relationship {
            Some(r) => *q.by_relationship.entry(r).or_default() += 1,
            None => q.one_sided += 1,
        }
        if let Some(r) = m.rationale {
            *q.by_rationale.entry(r).or_default() += 1;
        }
        if let Some(s) = m.strength {
            let band = match s {
                0 => 0,
                1..=3 => 1,
                4..=6 => 2,
                7..=9 => 3,
                _ => 4,
            };
            q.by_strength_band[band] += 1;
        }
        q.provisional += usize::from(m.provisional);
        q.without_note += usize::from(m.note.is_none());
    }
    q
}

/// The leaf clauses of `standard` that carry requirements, in document order.
pub fn requirement_leaves(data: &Dataset, standard: StandardIdx) -> Vec<ClauseIdx> {
    data.standard(standard)
        .clauses
        .iter()
        .copied()
        .filter(|c| data.clause(*c).children.is_empty() && data.clause(*c).normative)
        .collect()
}

/// How `clause` stands against `other`.
pub fn leaf_standing(data: &Dataset, clause: ClauseIdx, other: StandardIdx) -> LeafStanding {
    let mut explained = Vec::new();
    for oriented in data.mappings_of(clause) {
        let Some(far) = oriented.far(data) else {
            continue;
        };
        if data.clause(far).standard != other {
            continue;
        }
        match oriented.relationship(data) {
            Some(Relationship::NotRelated) => explained.push(format!(
                "{} ({}): {}",
                data.clause(far).reference,
                data.clause(far).title.as_deref().unwrap_or("untitled"),
                data.mapping(oriented.mapping).note.as_deref().unwrap_or("")
            )),
            Some(_) => return LeafStanding::Mapped,
            None => {}
        }
    }
    if explained.is_empty() {
        LeafStanding::Unaccounted
    } else {
        LeafStanding::Explained(explained)
    }
}

/// The standards whose gaps against 20000-1:2018 the report lists (the ones most often combined
/// with it in one management system).
pub const GAP_STANDARDS: &[&str] = &["iso-iec-27001-2022", "iso-9001-2015"];
/// The standard whose requirement clauses are checked against `GAP_STANDARDS`.
pub const GAP_SUBJECT: &str = "iso-iec-20000-1-2018";
