//! Turning the merged rows of every layer into the validated [`Dataset`].

use std::collections::{HashMap, HashSet};

use super::merge::{Merged, merge_layers};
use super::rows::{ClauseRow, MappingRow, TermRow};
use super::table::{Located, read_table};
use super::{Layer, LoadError, Problem, Problems};
use crate::model::*;

const MAX_SUMMARY_WORDS: usize = 40;

pub(super) fn build(layers: &[Layer]) -> Result<Dataset, LoadError> {
    let mut problems = Problems::default();
    let (merged, hash) = merge_layers(layers, &mut problems);
    let mut builder = Builder {
        problems,
        standards: Vec::new(),
        standard_by_id: HashMap::new(),
        clauses: Vec::new(),
        clause_by_id: HashMap::new(),
        themes: Vec::new(),
        bases: Vec::new(),
    };
    builder.themes = builder.terms(&merged.themes, "theme", is_slug);
    builder.bases = builder.terms(&merged.bases, "basis", is_basis_id);
    builder.standards(&merged);
    builder.clause_tables(&merged);
    builder.amendments(&merged);
    let (mapping_sets, mappings) = builder.mapping_sets(&merged);

    let Builder {
        problems,
        standards,
        standard_by_id,
        clauses,
        clause_by_id,
        themes,
        bases,
    } = builder;
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems.into_vec()));
    }
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
    Ok(Dataset {
        version: format!("{}+{:012x}", env!("CARGO_PKG_VERSION"), hash >> 16),
        standards,
        clauses,
        mapping_sets,
        mappings,
        themes,
        bases,
        standard_by_id,
        clause_by_id,
        mappings_by_clause,
    })
}

struct Builder {
    problems: Problems,
    standards: Vec<Standard>,
    standard_by_id: HashMap<String, StandardIdx>,
    clauses: Vec<Clause>,
    clause_by_id: HashMap<String, ClauseIdx>,
    themes: Vec<Term>,
    bases: Vec<Term>,
}

impl Builder {
    fn problem(&mut self, origin: &Origin, message: impl Into<String>) {
        self.problems.at(origin, message);
    }

    fn terms(
        &mut self,
        rows: &[Located<TermRow>],
        what: &str,
        valid_id: fn(&str) -> bool,
    ) -> Vec<Term> {
        let mut out = Vec::new();
        for Located { origin, row } in rows {
            if !valid_id(&row.id) {
                self.problem(origin, format!("invalid {what} id `{}`", row.id));
                continue;
            }
            if row.title.is_empty() {
                self.problem(origin, format!("{what} `{}` has no title", row.id));
            }
            out.push(Term {
                id: row.id.clone(),
                title: row.title.clone(),
                description: row.description.clone(),
            });
        }
        out
    }

    fn standards(&mut self, merged: &Merged) {
        for Located { origin, row } in &merged.standards {
            if !is_slug(&row.id) {
                self.problem(
                    origin,
                    format!(
                        "invalid standard id `{}`: use lower-case letters, digits and `-`",
                        row.id
                    ),
                );
                continue;
            }
            for (column, value) in [
                ("designation", &row.designation),
                ("title", &row.title),
                ("publisher", &row.publisher),
            ] {
                if value.is_empty() {
                    self.problem(origin, format!("standard `{}` has no {column}", row.id));
                }
            }
            let kind = self.vocab::<StandardKind>(
                origin,
                "kind",
                &row.kind,
                StandardKind::parse,
                StandardKind::expected,
            );
            let status = self.vocab::<EditionStatus>(
                origin,
                "status",
                &row.status,
                EditionStatus::parse,
                EditionStatus::expected,
            );
            let year = if row.year.is_empty() {
                if status != Some(EditionStatus::Anticipated) {
                    self.problem(origin, "year is required unless the status is ANTICIPATED");
                }
                None
            } else {
                self.year(origin, &row.year)
            };
            let idx = StandardIdx(self.standards.len() as u32);
            self.standard_by_id.insert(row.id.clone(), idx);
            self.standards.push(Standard {
                id: row.id.clone(),
                designation: row.designation.clone(),
                title: row.title.clone(),
                publisher: row.publisher.clone(),
                year,
                kind: kind.unwrap_or(StandardKind::Requirements),
                status: status.unwrap_or(EditionStatus::Published),
                supersedes: None,
                note: non_empty(&row.note),
                amendments: Vec::new(),
                clauses: Vec::new(),
                roots: Vec::new(),
            });
        }
        for Located { origin, row } in &merged.standards {
            if row.supersedes.is_empty() {
                continue;
            }
            let Some(&idx) = self.standard_by_id.get(&row.id) else {
                continue;
            };
            match self.standard_by_id.get(&row.supersedes).copied() {
                Some(previous) if previous == idx => {
                    self.problem(origin, format!("standard `{}` supersedes itself", row.id))
                }
                Some(previous) => self.standards[idx.0 as usize].supersedes = Some(previous),
                None => self.problem(
                    origin,
                    format!("supersedes unknown standard `{}`", row.supersedes),
                ),
            }
        }
    }

    fn clause_tables(&mut self, merged: &Merged) {
        for (standard_id, (file, _)) in &merged.clause_files {
            if !self.standard_by_id.contains_key(standard_id) {
                self.problems.push(Problem::at(
                    file,
                    1,
                    format!("clause table for unknown standard `{standard_id}` (add it to standards.csv)"),
                ));
            }
        }
        // Rows with an invalid id were skipped, so a row's position need not be its index.
        for Located { origin, row } in &merged.standards {
            let Some(&standard) = self.standard_by_id.get(&row.id) else {
                continue;
            };
            match merged.clause_files.get(&row.id) {
                Some((file, bytes)) => self.clause_table(standard, file, bytes),
                None => self.problem(
                    origin,
                    format!(
                        "standard `{}` has no clause table clauses/{}.csv",
                        row.id, row.id
                    ),
                ),
            }
        }
    }

    fn clause_table(&mut self, standard: StandardIdx, file: &str, bytes: &[u8]) {
        let rows: Vec<Located<ClauseRow>> =
            read_table(file, bytes, ClauseRow::COLUMNS, &mut self.problems);
        let standard_id = self.standards[standard.0 as usize].id.clone();
        let anticipated = self.standards[standard.0 as usize].status == EditionStatus::Anticipated;
        let mut local: HashMap<String, (ClauseIdx, u64)> = HashMap::new();
        let mut parents: Vec<(ClauseIdx, String)> = Vec::new();
        for Located { origin, row } in &rows {
            if !is_ref(&row.reference) {
                self.problem(
                    origin,
                    format!(
                        "invalid ref `{}`: use letters, digits, `.`, `-` and `_`",
                        row.reference
                    ),
                );
                continue;
            }
            if let Some((_, first)) = local.get(&row.reference) {
                self.problem(
                    origin,
                    format!(
                        "duplicate ref `{}` (first defined on line {first})",
                        row.reference
                    ),
                );
                continue;
            }
            let kind = self
                .vocab::<ClauseKind>(
                    origin,
                    "kind",
                    &row.kind,
                    ClauseKind::parse,
                    ClauseKind::expected,
                )
                .unwrap_or(ClauseKind::Clause);
            let title = non_empty(&row.title);
            if title.is_none() && kind != ClauseKind::Clause {
                self.problem(
                    origin,
                    format!(
                        "`{}` has no title: only a numbered clause may be untitled",
                        row.reference
                    ),
                );
            }
            let normative = self.boolean(origin, "normative", &row.normative, true);
            let provisional = self.boolean(origin, "provisional", &row.provisional, false);
            let themes = self.known_terms(origin, &row.themes, "theme");
            let basis = self.known_terms(origin, &row.basis, "basis");
            if provisional && basis.is_empty() {
                self.problem(
                    origin,
                    format!("provisional clause `{}` has no basis", row.reference),
                );
            }
            if anticipated && !provisional {
                self.problem(
                    origin,
                    format!(
                        "`{}` belongs to an ANTICIPATED edition and must be provisional",
                        row.reference
                    ),
                );
            }
            let words = row.summary.split_whitespace().count();
            if words > MAX_SUMMARY_WORDS {
                self.problem(
                    origin,
                    format!("summary has {words} words; keep it to {MAX_SUMMARY_WORDS} (own words, never requirement text)"),
                );
            }
            let idx = ClauseIdx(self.clauses.len() as u32);
            let id = clause_id(&standard_id, &row.reference);
            local.insert(row.reference.clone(), (idx, origin.line));
            self.clause_by_id.insert(id.clone(), idx);
            if !row.parent.is_empty() {
                parents.push((idx, row.parent.clone()));
            }
            self.clauses.push(Clause {
                id,
                standard,
                reference: row.reference.clone(),
                title,
                parent: None,
                children: Vec::new(),
                kind,
                normative,
                summary: non_empty(&row.summary),
                themes,
                provisional,
                basis,
                amendments: Vec::new(),
                origin: origin.clone(),
            });
        }
        for (child, parent_ref) in parents {
            let origin = self.clauses[child.0 as usize].origin.clone();
            match local.get(&parent_ref) {
                Some(&(parent, _)) if parent == child => {
                    self.problem(&origin, format!("`{parent_ref}` is its own parent"))
                }
                Some(&(parent, _)) => self.clauses[child.0 as usize].parent = Some(parent),
                None => self.problem(
                    &origin,
                    format!("unknown parent `{parent_ref}` (no such ref in this file)"),
                ),
            }
        }
        let members: Vec<ClauseIdx> = {
            let mut v: Vec<ClauseIdx> = local.values().map(|(idx, _)| *idx).collect();
            v.sort();
            v
        };
        for &clause in &members {
            if let Some(cycle) = self.parent_cycle(clause, members.len()) {
                let origin = self.clauses[clause.0 as usize].origin.clone();
                self.problem(&origin, format!("parent cycle: {cycle}"));
            }
        }
        let standard_entry = &mut self.standards[standard.0 as usize];
        standard_entry.clauses = members.clone();
        for &clause in &members {
            match self.clauses[clause.0 as usize].parent {
                Some(parent) => self.clauses[parent.0 as usize].children.push(clause),
                None => self.standards[standard.0 as usize].roots.push(clause),
            }
        }
    }

    /// Follows parents from `start`; returns the loop as text if it comes back to `start`.
    fn parent_cycle(&self, start: ClauseIdx, limit: usize) -> Option<String> {
        let mut path = vec![self.clauses[start.0 as usize].reference.clone()];
        let mut current = self.clauses[start.0 as usize].parent;
        for _ in 0..=limit {
            let clause = current?;
            path.push(self.clauses[clause.0 as usize].reference.clone());
            if clause == start {
                return Some(path.join(" -> "));
            }
            current = self.clauses[clause.0 as usize].parent;
        }
        None
    }

    fn amendments(&mut self, merged: &Merged) {
        for Located { origin, row } in &merged.amendments {
            let Some(&standard) = self.standard_by_id.get(&row.standard) else {
                self.problem(
                    origin,
                    format!("amendment of unknown standard `{}`", row.standard),
                );
                continue;
            };
            for (column, value) in [
                ("designation", &row.designation),
                ("title", &row.title),
                ("note", &row.note),
            ] {
                if value.is_empty() {
                    self.problem(origin, format!("amendment has no {column}"));
                }
            }
            let year = self.year(origin, &row.year).unwrap_or(0);
            let position = self.standards[standard.0 as usize].amendments.len();
            let mut clauses = Vec::new();
            for reference in split_list(&row.clauses) {
                match self.clause_by_id.get(&clause_id(&row.standard, &reference)) {
                    Some(&clause) => {
                        clauses.push(clause);
                        self.clauses[clause.0 as usize].amendments.push(position);
                    }
                    None => self.problem(
                        origin,
                        format!(
                            "amendment names unknown clause `{reference}` of `{}`",
                            row.standard
                        ),
                    ),
                }
            }
            if clauses.is_empty() {
                self.problem(origin, "an amendment must name the clauses it changes");
            }
            self.standards[standard.0 as usize]
                .amendments
                .push(Amendment {
                    designation: row.designation.clone(),
                    title: row.title.clone(),
                    year,
                    clauses,
                    note: row.note.clone(),
                });
        }
    }

    fn mapping_sets(&mut self, merged: &Merged) -> (Vec<MappingSet>, Vec<Mapping>) {
        let declared: HashSet<&str> = merged
            .mapping_sets
            .iter()
            .map(|s| s.row.id.as_str())
            .collect();
        for (id, (file, _)) in &merged.mapping_files {
            if !declared.contains(id.as_str()) {
                self.problems.push(Problem::at(
                    file,
                    1,
                    format!("mapping file for undeclared set `{id}` (add it to mapping-sets.csv)"),
                ));
            }
        }
        let mut sets = Vec::new();
        let mut mappings = Vec::new();
        for Located { origin, row } in &merged.mapping_sets {
            if !is_slug(&row.id) {
                self.problem(origin, format!("invalid mapping set id `{}`", row.id));
                continue;
            }
            let source = self.standard_ref(origin, "source", &row.source);
            let target = self.standard_ref(origin, "target", &row.target);
            let transition = self.boolean(origin, "transition", &row.transition, true);
            if row.title.is_empty() {
                self.problem(origin, format!("mapping set `{}` has no title", row.id));
            }
            let (Some(source), Some(target)) = (source, target) else {
                continue;
            };
            if source == target {
                self.problem(origin, "a mapping set needs two different standards");
                continue;
            }
            let Some((file, bytes)) = merged.mapping_files.get(&row.id) else {
                self.problem(
                    origin,
                    format!(
                        "mapping set `{}` has no file mappings/{}.csv",
                        row.id, row.id
                    ),
                );
                continue;
            };
            let set_idx = MappingSetIdx(sets.len() as u32);
            let mut set = MappingSet {
                id: row.id.clone(),
                source,
                target,
                transition,
                title: row.title.clone(),
                description: non_empty(&row.description),
                mappings: Vec::new(),
            };
            let first = mappings.len();
            self.mapping_rows(&set, set_idx, file, bytes, &mut mappings);
            set.mappings = (first..mappings.len())
                .map(|i| MappingIdx(i as u32))
                .collect();
            if transition {
                self.check_transition(&set, &mappings[first..]);
            }
            sets.push(set);
        }
        (sets, mappings)
    }

    fn mapping_rows(
        &mut self,
        set: &MappingSet,
        set_idx: MappingSetIdx,
        file: &str,
        bytes: &[u8],
        out: &mut Vec<Mapping>,
    ) {
        let rows: Vec<Located<MappingRow>> =
            read_table(file, bytes, MappingRow::COLUMNS, &mut self.problems);
        let source_std = self.standards[set.source.0 as usize].clone_header();
        let target_std = self.standards[set.target.0 as usize].clone_header();
        let anticipated = source_std.status == EditionStatus::Anticipated
            || target_std.status == EditionStatus::Anticipated;
        let mut pairs: HashMap<(Option<ClauseIdx>, Option<ClauseIdx>), u64> = HashMap::new();
        for Located { origin, row } in &rows {
            let source = self.clause_ref(origin, &source_std.id, &row.source);
            let target = self.clause_ref(origin, &target_std.id, &row.target);
            if (!row.source.is_empty() && source.is_none())
                || (!row.target.is_empty() && target.is_none())
            {
                continue;
            }
            let change = if set.transition {
                if row.change.is_empty() {
                    self.problem(
                        origin,
                        format!("a transition row needs a change ({})", Change::expected()),
                    );
                    None
                } else {
                    self.vocab(
                        origin,
                        "change",
                        &row.change,
                        Change::parse,
                        Change::expected,
                    )
                }
            } else {
                if !row.change.is_empty() {
                    self.problem(
                        origin,
                        "change is only for edition-transition sets; leave it empty",
                    );
                }
                None
            };
            let one_sided = matches!(change, Some(Change::New | Change::Removed));
            match change {
                Some(Change::New) if !row.source.is_empty() || row.target.is_empty() => {
                    self.problem(origin, "a NEW row has an empty source and a target")
                }
                Some(Change::Removed) if row.source.is_empty() || !row.target.is_empty() => {
                    self.problem(origin, "a REMOVED row has a source and an empty target")
                }
                _ if !one_sided && (row.source.is_empty() || row.target.is_empty()) => self.problem(
                    origin,
                    "source and target are both required (only NEW and REMOVED rows of a transition have one side)",
                ),
                _ => {}
            }
            let (relationship, rationale, strength) = if one_sided {
                if !(row.relationship.is_empty()
                    && row.rationale.is_empty()
                    && row.strength.is_empty())
                {
                    self.problem(
                        origin,
                        "a NEW or REMOVED row has no relationship, rationale or strength",
                    );
                }
                (None, None, None)
            } else {
                let relationship = self.required_vocab(
                    origin,
                    "relationship",
                    &row.relationship,
                    Relationship::parse,
                    Relationship::expected,
                );
                let rationale = self.required_vocab(
                    origin,
                    "rationale",
                    &row.rationale,
                    Rationale::parse,
                    Rationale::expected,
                );
                let strength = self.strength(origin, &row.strength, relationship);
                (relationship, rationale, strength)
            };
            if let Some(relationship) = relationship {
                self.check_supportive(
                    origin,
                    relationship,
                    source,
                    target,
                    &source_std,
                    &target_std,
                );
            }
            let provisional = self.boolean(origin, "provisional", &row.provisional, false);
            if anticipated && !provisional {
                self.problem(
                    origin,
                    "a row into an ANTICIPATED edition must be provisional",
                );
            }
            let basis = self.known_terms(origin, &row.basis, "basis");
            if row.basis.is_empty() {
                self.problem(origin, "every row needs a basis (see bases.csv)");
            }
            if row.note.is_empty() && relationship != Some(Relationship::Equal) {
                self.problem(
                    origin,
                    "every row that is not EQUAL needs a note saying why",
                );
            }
            if let Some(first) = pairs.insert((source, target), origin.line) {
                self.problem(
                    origin,
                    format!(
                        "duplicate pair `{}` -> `{}` (first on line {first})",
                        row.source, row.target
                    ),
                );
            }
            out.push(Mapping {
                set: set_idx,
                source,
                target,
                relationship,
                rationale,
                strength,
                change,
                provisional,
                basis,
                note: non_empty(&row.note),
                origin: origin.clone(),
            });
        }
    }

    fn check_supportive(
        &mut self,
        origin: &Origin,
        relationship: Relationship,
        source: Option<ClauseIdx>,
        target: Option<ClauseIdx>,
        source_std: &StandardHeader,
        target_std: &StandardHeader,
    ) {
        let guidance_like = |clause: Option<ClauseIdx>, standard: &StandardHeader| {
            standard.kind.is_guidance_like()
                || clause.is_some_and(|c| {
                    matches!(
                        self.clauses[c.0 as usize].kind,
                        ClauseKind::GuidanceTopic
                            | ClauseKind::Practice
                            | ClauseKind::PracticeGroup
                    )
                })
        };
        match relationship {
            Relationship::Supports if !guidance_like(source, source_std) => self.problem(
                origin,
                "SUPPORTS needs a guidance source (a GUIDANCE or FRAMEWORK standard, a guidance topic or practice)",
            ),
            Relationship::SupportedBy if !guidance_like(target, target_std) => self.problem(
                origin,
                "SUPPORTED_BY needs a guidance target (a GUIDANCE or FRAMEWORK standard, a guidance topic or practice)",
            ),
            _ => {}
        }
    }

    /// The structural rules of an edition transition: splits and merges have several parts, a
    /// NEW clause has no predecessor, and every clause of both editions is accounted for.
    fn check_transition(&mut self, set: &MappingSet, rows: &[Mapping]) {
        let mut split_parts: HashMap<ClauseIdx, Vec<u64>> = HashMap::new();
        let mut merge_parts: HashMap<ClauseIdx, Vec<u64>> = HashMap::new();
        let mut as_source: HashMap<ClauseIdx, Vec<&Mapping>> = HashMap::new();
        let mut as_target: HashMap<ClauseIdx, Vec<&Mapping>> = HashMap::new();
        for row in rows {
            if let (Some(Change::Split), Some(source)) = (row.change, row.source) {
                split_parts.entry(source).or_default().push(row.origin.line);
            }
            if let (Some(Change::Merged), Some(target)) = (row.change, row.target) {
                merge_parts.entry(target).or_default().push(row.origin.line);
            }
            if let Some(source) = row.source {
                as_source.entry(source).or_default().push(row);
            }
            if let Some(target) = row.target {
                as_target.entry(target).or_default().push(row);
            }
        }
        for row in rows {
            if let (Some(Change::Split), Some(source)) = (row.change, row.source)
                && split_parts[&source].len() < 2
            {
                self.problem(
                    &row.origin,
                    format!(
                        "`{}` is SPLIT but has only one part: a split needs a row per part",
                        self.clauses[source.0 as usize].reference
                    ),
                );
            }
            if let (Some(Change::Merged), Some(target)) = (row.change, row.target)
                && merge_parts[&target].len() < 2
            {
                self.problem(
                    &row.origin,
                    format!(
                        "`{}` is MERGED from only one clause: a merge needs a row per part",
                        self.clauses[target.0 as usize].reference
                    ),
                );
            }
            if let (Some(Change::New), Some(target)) = (row.change, row.target)
                && let Some(other) = as_target[&target].iter().find(|m| m.source.is_some())
            {
                self.problem(
                    &row.origin,
                    format!(
                        "`{}` is NEW but line {} gives it a predecessor",
                        self.clauses[target.0 as usize].reference, other.origin.line
                    ),
                );
            }
            if let (Some(Change::Removed), Some(source)) = (row.change, row.source)
                && let Some(other) = as_source[&source].iter().find(|m| m.target.is_some())
            {
                self.problem(
                    &row.origin,
                    format!(
                        "`{}` is REMOVED but line {} gives it a successor",
                        self.clauses[source.0 as usize].reference, other.origin.line
                    ),
                );
            }
        }
        for (side, standard, seen) in [
            ("source", set.source, &as_source),
            ("target", set.target, &as_target),
        ] {
            let (remedy, standard_id) = if side == "source" {
                (
                    "a REMOVED row if it has no successor",
                    &self.standards[standard.0 as usize].id,
                )
            } else {
                (
                    "a NEW row if it has no predecessor",
                    &self.standards[standard.0 as usize].id,
                )
            };
            let standard_id = standard_id.clone();
            for clause in self.standards[standard.0 as usize].clauses.clone() {
                if !seen.contains_key(&clause) {
                    let c = &self.clauses[clause.0 as usize];
                    let message = format!(
                        "clause `{}` of `{standard_id}` is not accounted for in transition set `{}` (mappings/{}.csv): add a row, {remedy}",
                        c.reference, set.id, set.id
                    );
                    let origin = c.origin.clone();
                    self.problem(&origin, message);
                }
            }
        }
    }

    fn standard_ref(&mut self, origin: &Origin, column: &str, id: &str) -> Option<StandardIdx> {
        let found = self.standard_by_id.get(id).copied();
        if found.is_none() {
            self.problem(origin, format!("{column}: unknown standard `{id}`"));
        }
        found
    }

    fn clause_ref(
        &mut self,
        origin: &Origin,
        standard: &str,
        reference: &str,
    ) -> Option<ClauseIdx> {
        if reference.is_empty() {
            return None;
        }
        let found = self
            .clause_by_id
            .get(&clause_id(standard, reference))
            .copied();
        if found.is_none() {
            self.problem(
                origin,
                format!("unknown clause `{reference}` in `{standard}`"),
            );
        }
        found
    }

    fn vocab<T>(
        &mut self,
        origin: &Origin,
        column: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
        expected: fn() -> String,
    ) -> Option<T> {
        let parsed = parse(value);
        if parsed.is_none() {
            self.problem(
                origin,
                format!("{column} `{value}` is not one of: {}", expected()),
            );
        }
        parsed
    }

    fn required_vocab<T>(
        &mut self,
        origin: &Origin,
        column: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
        expected: fn() -> String,
    ) -> Option<T> {
        if value.is_empty() {
            self.problem(origin, format!("{column} is required ({})", expected()));
            return None;
        }
        self.vocab(origin, column, value, parse, expected)
    }

    fn boolean(&mut self, origin: &Origin, column: &str, value: &str, required: bool) -> bool {
        match value {
            "true" => true,
            "false" => false,
            "" if !required => false,
            _ => {
                self.problem(
                    origin,
                    format!("{column} must be `true` or `false`, found `{value}`"),
                );
                false
            }
        }
    }

    fn year(&mut self, origin: &Origin, value: &str) -> Option<u16> {
        match value.parse::<u16>() {
            Ok(year) if (1900..=2100).contains(&year) => Some(year),
            _ => {
                self.problem(
                    origin,
                    format!("year `{value}` is not a year between 1900 and 2100"),
                );
                None
            }
        }
    }

    fn strength(
        &mut self,
        origin: &Origin,
        value: &str,
        relationship: Option<Relationship>,
    ) -> Option<u8> {
        if value.is_empty() {
            self.problem(origin, "strength is required (0 to 10)");
            return None;
        }
        let strength = match value.parse::<u8>() {
            Ok(s) if s <= 10 => s,
            _ => {
                self.problem(origin, format!("strength `{value}` is outside 0-10"));
                return None;
            }
        };
        let allowed = match relationship {
            Some(Relationship::Equal) => 10..=10,
            Some(Relationship::NotRelated) => 0..=0,
            Some(Relationship::Supports | Relationship::SupportedBy) => 1..=10,
            Some(_) => 1..=9,
            None => 0..=10,
        };
        if !allowed.contains(&strength) {
            let relationship = relationship.map_or("", Relationship::as_str);
            self.problem(
                origin,
                format!(
                    "strength {strength} does not fit {relationship} (allowed {}-{})",
                    allowed.start(),
                    allowed.end()
                ),
            );
        }
        Some(strength)
    }

    /// Splits a `;` list and checks each entry against the theme or basis vocabulary.
    fn known_terms(&mut self, origin: &Origin, cell: &str, what: &str) -> Vec<String> {
        let ids = split_list(cell);
        for id in &ids {
            let known = match what {
                "theme" => self.themes.iter().any(|t| &t.id == id),
                _ => self.bases.iter().any(|b| &b.id == id),
            };
            if !known {
                let file = if what == "theme" {
                    "themes.csv"
                } else {
                    "bases.csv"
                };
                self.problem(origin, format!("unknown {what} `{id}` (not in {file})"));
            }
        }
        ids
    }
}

/// The parts of a standard the mapping checks need, copied out to keep the borrow checker calm.
struct StandardHeader {
    id: String,
    kind: StandardKind,
    status: EditionStatus,
}

impl Standard {
    fn clone_header(&self) -> StandardHeader {
        StandardHeader {
            id: self.id.clone(),
            kind: self.kind,
            status: self.status,
        }
    }
}

fn split_list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_basis_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_ref(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}
