//! The CSV row shapes, exactly as the files spell them. The rule families (`tables`, `trees`,
//! `mappings`) turn them into validated domain types; nothing outside the loader sees them.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct StandardRow {
    pub id: String,
    pub designation: String,
    pub title: String,
    pub publisher: String,
    pub year: String,
    pub kind: String,
    pub status: String,
    pub supersedes: String,
    pub note: String,
    /// Optional (added with the 2026 editions): the ISO stage of a draft, e.g. `FDIS`.
    #[serde(default)]
    pub stage: String,
    /// Optional: when the accreditation body ends certification to this edition (ISO date).
    #[serde(default)]
    pub transition_ends: String,
}

impl StandardRow {
    pub const COLUMNS: &[&str] = &[
        "id",
        "designation",
        "title",
        "publisher",
        "year",
        "kind",
        "status",
        "supersedes",
        "note",
    ];
    pub const OPTIONAL: &[&str] = &["stage", "transition_ends"];
}

#[derive(Debug, Clone, Deserialize)]
pub struct AmendmentRow {
    pub standard: String,
    pub designation: String,
    pub title: String,
    pub year: String,
    pub clauses: String,
    pub note: String,
}

impl AmendmentRow {
    pub const COLUMNS: &[&str] = &[
        "standard",
        "designation",
        "title",
        "year",
        "clauses",
        "note",
    ];
    pub const OPTIONAL: &[&str] = &[];
}

#[derive(Debug, Clone, Deserialize)]
pub struct TermRow {
    pub id: String,
    pub title: String,
    pub description: String,
}

impl TermRow {
    pub const COLUMNS: &[&str] = &["id", "title", "description"];
    pub const OPTIONAL: &[&str] = &[];
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClauseRow {
    #[serde(rename = "ref")]
    pub reference: String,
    pub parent: String,
    pub title: String,
    pub kind: String,
    pub normative: String,
    pub themes: String,
    pub provisional: String,
    pub basis: String,
    pub summary: String,
}

impl ClauseRow {
    pub const COLUMNS: &[&str] = &[
        "ref",
        "parent",
        "title",
        "kind",
        "normative",
        "themes",
        "provisional",
        "basis",
        "summary",
    ];
    pub const OPTIONAL: &[&str] = &[];
}

#[derive(Debug, Clone, Deserialize)]
pub struct MappingSetRow {
    pub id: String,
    pub source: String,
    pub target: String,
    pub transition: String,
    pub title: String,
    pub description: String,
}

impl MappingSetRow {
    pub const COLUMNS: &[&str] = &[
        "id",
        "source",
        "target",
        "transition",
        "title",
        "description",
    ];
    pub const OPTIONAL: &[&str] = &[];
}

#[derive(Debug, Clone, Deserialize)]
pub struct MappingRow {
    pub source: String,
    pub target: String,
    pub relationship: String,
    pub rationale: String,
    pub strength: String,
    pub change: String,
    pub provisional: String,
    pub basis: String,
    pub note: String,
}

impl MappingRow {
    pub const COLUMNS: &[&str] = &[
        "source",
        "target",
        "relationship",
        "rationale",
        "strength",
        "change",
        "provisional",
        "basis",
        "note",
    ];
    pub const OPTIONAL: &[&str] = &[];
}

/// A row of `releases.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ReleaseRow {
    pub release: String,
    pub date: String,
    pub title: String,
}

impl ReleaseRow {
    pub const COLUMNS: &[&str] = &["release", "date", "title"];
    pub const OPTIONAL: &[&str] = &[];
}

/// A row of a release manifest, `releases/<n>.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ManifestRow {
    pub kind: String,
    pub key: String,
    pub fingerprint: String,
}

impl ManifestRow {
    pub const COLUMNS: &[&str] = &["kind", "key", "fingerprint"];
    pub const OPTIONAL: &[&str] = &[];
}
