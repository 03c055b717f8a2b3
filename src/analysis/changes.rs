//! What changed between two states of the dataset: every standard, clause and mapping row with a
//! fingerprint of its content (a manifest), and the difference of two manifests. A tool that
//! cached release N re-reads what `diff(manifest of N, manifest now)` lists.
//!
//! A fingerprint is the first 12 hex digits of the SHA-1 of the record's fields, in a fixed
//! order, joined by the unit separator (U+001F); a list field is joined by `;`. The field lists
//! below are part of the manifest format (crosswalks/README.md): change them only with a new
//! manifest for every kept release.

use sha1::{Digest, Sha1};

use crate::model::{Dataset, Manifest, RecordKind};

/// Keys of the records added, removed and changed, per kind, in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl RecordChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The difference of two manifests, by kind of record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub standards: RecordChanges,
    pub clauses: RecordChanges,
    pub mappings: RecordChanges,
}

impl Changes {
    pub fn of_kind(&self, kind: RecordKind) -> &RecordChanges {
        match kind {
            RecordKind::Standard => &self.standards,
            RecordKind::Clause => &self.clauses,
            RecordKind::Mapping => &self.mappings,
        }
    }

    fn of_kind_mut(&mut self, kind: RecordKind) -> &mut RecordChanges {
        match kind {
            RecordKind::Standard => &mut self.standards,
            RecordKind::Clause => &mut self.clauses,
            RecordKind::Mapping => &mut self.mappings,
        }
    }
}

fn fingerprint(fields: &[&str]) -> String {
    let digest = Sha1::digest(fields.join("\u{1f}").as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The key of a mapping row: its set, and the refs of its two sides (empty for a `NEW` source or
/// a `REMOVED` target).
pub fn mapping_key(set: &str, source: &str, target: &str) -> String {
    format!("{set}|{source}|{target}")
}

/// The manifest of a dataset.
pub fn manifest(data: &Dataset) -> Manifest {
    let mut manifest = Manifest::default();
    let mut put = |kind: RecordKind, key: String, fields: &[&str]| {
        manifest.records.insert((kind, key), fingerprint(fields));
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    for s in &data.standards {
        put(
            RecordKind::Standard,
            s.id.clone(),
            &[
                &s.designation,
                &s.title,
                &s.publisher,
                &s.year.map_or_else(String::new, |y| y.to_string()),
                s.kind.as_str(),
                s.status.as_str(),
                &s.supersedes
                    .map_or_else(String::new, |p| data.standard(p).id.clone()),
                &text(&s.note),
                s.stage.map_or("", |stage| stage.as_str()),
                &text(&s.transition_ends),
            ],
        );
    }
    for c in &data.clauses {
        put(
            RecordKind::Clause,
            c.id.clone(),
            &[
                &c.parent
                    .map_or_else(String::new, |p| data.clause(p).reference.clone()),
                &text(&c.title),
                c.kind.as_str(),
                &c.normative.to_string(),
                &c.themes.join(";"),
                &c.provisional.to_string(),
                &c.basis.join(";"),
                &text(&c.summary),
            ],
        );
    }
    for m in &data.mappings {
        let side = |c: Option<crate::model::ClauseIdx>| {
            c.map_or_else(String::new, |c| data.clause(c).reference.clone())
        };
        put(
            RecordKind::Mapping,
            mapping_key(
                &data.mapping_set(m.set).id,
                &side(m.source),
                &side(m.target),
            ),
            &[
                m.relationship.map_or("", |r| r.as_str()),
                m.rationale.map_or("", |r| r.as_str()),
                &m.strength.map_or_else(String::new, |s| s.to_string()),
                m.change.map_or("", |c| c.as_str()),
                &m.provisional.to_string(),
                &m.basis.join(";"),
                &text(&m.note),
            ],
        );
    }
    manifest
}

/// What `new` adds, removes and changes relative to `old`.
pub fn diff(old: &Manifest, new: &Manifest) -> Changes {
    let mut changes = Changes::default();
    for ((kind, key), fingerprint) in &new.records {
        match old.records.get(&(*kind, key.clone())) {
            None => changes.of_kind_mut(*kind).added.push(key.clone()),
            Some(before) if before != fingerprint => {
                changes.of_kind_mut(*kind).changed.push(key.clone())
            }
            Some(_) => {}
        }
    }
    for (kind, key) in old.records.keys() {
        if !new.records.contains_key(&(*kind, key.clone())) {
            changes.of_kind_mut(*kind).removed.push(key.clone());
        }
    }
    changes
}
