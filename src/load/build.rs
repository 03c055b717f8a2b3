//! The builder: runs the rule families over the merged rows, in the order their problems are
//! reported, and assembles the validated [`Dataset`]. Each family lives in its own module and
//! says there what it checks:
//!
//! 1. `tables`: the declared vocabularies (themes, then bases) and the standards;
//! 2. `trees`: the clause table of each standard, its parents and cycles;
//! 3. `tables`: the amendments, which name clauses;
//! 4. `mappings`: each mapping set and its rows, followed at once, for a transition set, by
//!    `transitions`, so that the problems of one set are reported together;
//! 5. `releases`: the release list and the manifests of earlier releases.
//!
//! Whether mapping sets agree with each other (a direct row against two rows through the hub, a
//! heading against its sub-clauses) is not a loading rule: an overlay may disagree with us and
//! still be served. `analysis::consistency` measures it for the quality report, and
//! `tests/data_quality.rs` holds our own data at zero contradictions.

use std::collections::HashMap;

use super::cells::{DeclaredTerms, TermKind};
use super::mappings::{self, MappingTables};
use super::merge::merge_layers;
use super::{Layer, LoadError, Problems, releases, tables, transitions, trees};
use crate::model::{
    Clause, ClauseIdx, Dataset, MappingIdx, OrientedMapping, Standard, StandardIdx,
};

/// The dataset as far as the families have built it: what later families look ids up in.
pub(super) struct Draft {
    pub themes: DeclaredTerms,
    pub bases: DeclaredTerms,
    pub standards: Vec<Standard>,
    pub standard_by_id: HashMap<String, StandardIdx>,
    pub clauses: Vec<Clause>,
    pub clause_by_id: HashMap<String, ClauseIdx>,
}

impl Draft {
    pub fn standard(&self, idx: StandardIdx) -> &Standard {
        &self.standards[idx.0 as usize]
    }

    pub fn standard_mut(&mut self, idx: StandardIdx) -> &mut Standard {
        &mut self.standards[idx.0 as usize]
    }

    pub fn clause(&self, idx: ClauseIdx) -> &Clause {
        &self.clauses[idx.0 as usize]
    }

    pub fn clause_mut(&mut self, idx: ClauseIdx) -> &mut Clause {
        &mut self.clauses[idx.0 as usize]
    }
}

pub(super) fn build(layers: &[Layer]) -> Result<Dataset, LoadError> {
    let mut problems = Problems::default();
    let (merged, hash) = merge_layers(layers, &mut problems);

    let themes = tables::terms(&merged.themes, TermKind::Theme, &mut problems);
    let bases = tables::terms(&merged.bases, TermKind::Basis, &mut problems);
    let mut draft = Draft {
        themes,
        bases,
        standards: Vec::new(),
        standard_by_id: HashMap::new(),
        clauses: Vec::new(),
        clause_by_id: HashMap::new(),
    };
    tables::standards(&merged.standards, &mut draft, &mut problems);
    trees::clause_tables(&merged, &mut draft, &mut problems);
    tables::amendments(&merged.amendments, &mut draft, &mut problems);

    mappings::undeclared_files(&merged, &mut problems);
    let mut linked = MappingTables::default();
    for set_row in &merged.mapping_sets {
        if let Some((set, rows)) =
            linked.read_set(set_row, &merged.mapping_files, &draft, &mut problems)
            && set.transition
        {
            transitions::check(set, rows, &draft, &mut problems);
        }
    }
    let (releases, manifests) = releases::releases(&merged, &mut problems);
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems.into_vec()));
    }

    Ok(assemble(
        draft,
        linked,
        Releases {
            releases,
            manifests,
            hash,
        },
    ))
}

/// The releases, the manifests of the earlier ones and the content hash: what the version says.
struct Releases {
    releases: Vec<crate::model::Release>,
    manifests: std::collections::BTreeMap<u32, crate::model::Manifest>,
    hash: u64,
}

/// Builds the dataset and its look-up indexes from families that found no problem.
fn assemble(draft: Draft, linked: MappingTables, releases: Releases) -> Dataset {
    let Draft {
        themes,
        bases,
        standards,
        standard_by_id,
        clauses,
        clause_by_id,
    } = draft;
    let MappingTables { sets, mappings } = linked;
    let mut mappings_by_clause = vec![Vec::new(); clauses.len()];
    for (i, mapping) in mappings.iter().enumerate() {
        let idx = MappingIdx(i as u32);
        if let Some(source) = mapping.source {
            mappings_by_clause[source.0 as usize].push(OrientedMapping {
                mapping: idx,
                reversed: false,
            });
        }
        if let Some(target) = mapping.target {
            mappings_by_clause[target.0 as usize].push(OrientedMapping {
                mapping: idx,
                reversed: true,
            });
        }
    }
    Dataset {
        // The release number and the content hash: a cache keyed on it is dropped whenever any
        // file changes, and a reader sees which release it has.
        version: format!(
            "{}+{:012x}",
            releases
                .releases
                .last()
                .map_or_else(|| "unreleased".to_string(), |r| r.number.to_string()),
            releases.hash >> 16
        ),
        releases: releases.releases,
        manifests: releases.manifests,
        standards,
        clauses,
        mapping_sets: sets,
        mappings,
        themes: themes.terms,
        bases: bases.terms,
        standard_by_id,
        clause_by_id,
        mappings_by_clause,
    }
}
