//! Plain domain types of the dataset. Nothing here knows CSV, GraphQL or HTTP.
//!
//! A [`Dataset`] is built once by the loader and is immutable afterwards; everything else
//! (the GraphQL layer, the CLI, the analyses) only reads it.

use std::collections::HashMap;
use std::fmt;

/// Declares a closed vocabulary: the Rust enum, its spelling in data files and the API
/// (SCREAMING_CASE), and parsing from that spelling.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in data files and in the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the exact spelling used in data files.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn expected() -> String {
                [$($text),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What kind of document a standard is.
    StandardKind {
        Requirements => "REQUIREMENTS",
        Guidance => "GUIDANCE",
        Structure => "STRUCTURE",
        Framework => "FRAMEWORK",
        Organisation => "ORGANISATION",
    }
}

vocabulary! {
    /// Publication status of an edition.
    EditionStatus {
        Published => "PUBLISHED",
        Withdrawn => "WITHDRAWN",
        Draft => "DRAFT",
        Anticipated => "ANTICIPATED",
    }
}

impl EditionStatus {
    /// Whether the edition's text is not confirmed by a published text (a draft or a
    /// projection): everything in it, and every row into it, is then provisional.
    pub fn is_unconfirmed(self) -> bool {
        matches!(self, EditionStatus::Draft | EditionStatus::Anticipated)
    }
}

vocabulary! {
    /// The ISO project stage of an edition that is not yet published.
    Stage {
        /// Working draft.
        Wd => "WD",
        /// Committee draft.
        Cd => "CD",
        /// Draft International Standard (enquiry ballot).
        Dis => "DIS",
        /// Final Draft International Standard (approval ballot).
        Fdis => "FDIS",
    }
}

vocabulary! {
    /// What a clause node is.
    ClauseKind {
        Clause => "CLAUSE",
        Annex => "ANNEX",
        ControlGroup => "CONTROL_GROUP",
        Control => "CONTROL",
        PracticeGroup => "PRACTICE_GROUP",
        Practice => "PRACTICE",
        GuidanceTopic => "GUIDANCE_TOPIC",
    }
}

vocabulary! {
    /// Set-theory and supportive relationships (NIST IR 8477), read from source to target.
    Relationship {
        Equal => "EQUAL",
        SubsetOf => "SUBSET_OF",
        SupersetOf => "SUPERSET_OF",
        IntersectsWith => "INTERSECTS_WITH",
        NotRelated => "NOT_RELATED",
        Supports => "SUPPORTS",
        SupportedBy => "SUPPORTED_BY",
    }
}

vocabulary! {
    /// Why a relationship holds, strictest first.
    Rationale {
        Syntactic => "SYNTACTIC",
        Semantic => "SEMANTIC",
        Functional => "FUNCTIONAL",
    }
}

vocabulary! {
    /// How a clause changed between two editions.
    Change {
        Unchanged => "UNCHANGED",
        Editorial => "EDITORIAL",
        Renumbered => "RENUMBERED",
        Modified => "MODIFIED",
        Split => "SPLIT",
        Merged => "MERGED",
        New => "NEW",
        Removed => "REMOVED",
    }
}

impl Relationship {
    /// The same fact read from the other side.
    pub fn inverse(self) -> Self {
        match self {
            Relationship::SubsetOf => Relationship::SupersetOf,
            Relationship::SupersetOf => Relationship::SubsetOf,
            Relationship::Supports => Relationship::SupportedBy,
            Relationship::SupportedBy => Relationship::Supports,
            symmetric => symmetric,
        }
    }

    /// Supportive links relate guidance to requirements; they are never chained or counted as
    /// set relations.
    pub fn is_supportive(self) -> bool {
        matches!(self, Relationship::Supports | Relationship::SupportedBy)
    }
}

impl Change {
    /// The same change read from the newer edition back to the older one.
    pub fn inverse(self) -> Self {
        match self {
            Change::New => Change::Removed,
            Change::Removed => Change::New,
            Change::Split => Change::Merged,
            Change::Merged => Change::Split,
            symmetric => symmetric,
        }
    }
}

impl StandardKind {
    /// Guidance-like documents may be the guidance side of `SUPPORTS` / `SUPPORTED_BY`.
    pub fn is_guidance_like(self) -> bool {
        matches!(self, StandardKind::Guidance | StandardKind::Framework)
    }
}

/// Index of a standard in [`Dataset::standards`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StandardIdx(pub u32);

/// Index of a clause in [`Dataset::clauses`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClauseIdx(pub u32);

/// Index of a mapping in [`Dataset::mappings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MappingIdx(pub u32);

/// Index of a mapping set in [`Dataset::mapping_sets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MappingSetIdx(pub u32);

/// Where a record came from, for provenance in answers and in error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An edition of a document.
#[derive(Debug, Clone)]
pub struct Standard {
    pub id: String,
    pub designation: String,
    pub title: String,
    pub publisher: String,
    pub year: Option<u16>,
    pub kind: StandardKind,
    pub status: EditionStatus,
    pub supersedes: Option<StandardIdx>,
    pub note: Option<String>,
    /// For an edition not yet published: the ISO stage its draft has reached.
    pub stage: Option<Stage>,
    /// When the accreditation body ends certification to this edition (ISO 8601 date), where
    /// one is public.
    pub transition_ends: Option<String>,
    pub amendments: Vec<Amendment>,
    /// All clauses in document order.
    pub clauses: Vec<ClauseIdx>,
    /// Top-level clauses in document order.
    pub roots: Vec<ClauseIdx>,
}

/// An amendment of an edition (e.g. the 2024 climate action changes): an annotation, not new
/// clauses.
#[derive(Debug, Clone)]
pub struct Amendment {
    pub designation: String,
    pub title: String,
    pub year: u16,
    pub clauses: Vec<ClauseIdx>,
    pub note: String,
}

/// A numbered heading, annex control, practice or guidance topic.
#[derive(Debug, Clone)]
pub struct Clause {
    /// `<standard id>:<ref>`.
    pub id: String,
    pub standard: StandardIdx,
    pub reference: String,
    /// `None` for a numbered paragraph the standard leaves untitled.
    pub title: Option<String>,
    pub parent: Option<ClauseIdx>,
    pub children: Vec<ClauseIdx>,
    pub kind: ClauseKind,
    pub normative: bool,
    pub summary: Option<String>,
    pub themes: Vec<String>,
    pub provisional: bool,
    pub basis: Vec<String>,
    /// Indexes into the owning standard's `amendments`.
    pub amendments: Vec<usize>,
    pub origin: Origin,
}

/// A vocabulary entry (theme or basis).
#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// A table of mappings between two standards.
#[derive(Debug, Clone)]
pub struct MappingSet {
    pub id: String,
    pub source: StandardIdx,
    pub target: StandardIdx,
    pub transition: bool,
    pub title: String,
    pub description: Option<String>,
    pub mappings: Vec<MappingIdx>,
}

/// One stored mapping row.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub set: MappingSetIdx,
    /// Empty only on a `NEW` row of a transition.
    pub source: Option<ClauseIdx>,
    /// Empty only on a `REMOVED` row of a transition.
    pub target: Option<ClauseIdx>,
    /// Empty only on `NEW` / `REMOVED` rows.
    pub relationship: Option<Relationship>,
    pub rationale: Option<Rationale>,
    pub strength: Option<u8>,
    pub change: Option<Change>,
    pub provisional: bool,
    pub basis: Vec<String>,
    pub note: Option<String>,
    pub origin: Origin,
}

/// A mapping read from one side: `reversed` means the stored target is the near side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrientedMapping {
    pub mapping: MappingIdx,
    pub reversed: bool,
}

/// A release of the dataset: a numbered, dated state of the data (`releases.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub number: u32,
    /// ISO 8601 date.
    pub date: String,
    pub title: String,
}

/// What a record of the dataset is, in a release manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Standard,
    Clause,
    Mapping,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Standard,
        RecordKind::Clause,
        RecordKind::Mapping,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Standard => "standard",
            RecordKind::Clause => "clause",
            RecordKind::Mapping => "mapping",
        }
    }

    pub fn parse(text: &str) -> Option<RecordKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Every record of a release with a fingerprint of its content: enough to say, for a later
/// state of the data, which records were added, removed or changed. Keys: a standard id, a
/// clause id, or `set|source ref|target ref` for a mapping row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub records: std::collections::BTreeMap<(RecordKind, String), String>,
}

/// The immutable, validated dataset with its look-up indexes.
#[derive(Debug)]
pub struct Dataset {
    /// Content version: the release number (`unreleased` without `releases.csv`) plus a hash of
    /// every input file, e.g. `2+8c6d04ba466d`.
    pub version: String,
    /// The releases, oldest first; the last is the one this data is (empty without `releases.csv`).
    pub releases: Vec<Release>,
    /// The manifests of the earlier releases, by number, so that "what changed since release N"
    /// can be answered for every release shipped.
    pub manifests: std::collections::BTreeMap<u32, Manifest>,
    pub standards: Vec<Standard>,
    pub clauses: Vec<Clause>,
    pub mapping_sets: Vec<MappingSet>,
    pub mappings: Vec<Mapping>,
    pub themes: Vec<Term>,
    pub bases: Vec<Term>,
    pub(crate) standard_by_id: HashMap<String, StandardIdx>,
    pub(crate) clause_by_id: HashMap<String, ClauseIdx>,
    /// For each clause, the mappings touching it, oriented with the clause as source.
    pub(crate) mappings_by_clause: Vec<Vec<OrientedMapping>>,
}

impl Dataset {
    pub fn standard(&self, idx: StandardIdx) -> &Standard {
        &self.standards[idx.0 as usize]
    }

    /// The release this data is, if the dataset has releases.
    pub fn release(&self) -> Option<&Release> {
        self.releases.last()
    }

    pub fn clause(&self, idx: ClauseIdx) -> &Clause {
        &self.clauses[idx.0 as usize]
    }

    pub fn mapping(&self, idx: MappingIdx) -> &Mapping {
        &self.mappings[idx.0 as usize]
    }

    pub fn mapping_set(&self, idx: MappingSetIdx) -> &MappingSet {
        &self.mapping_sets[idx.0 as usize]
    }

    pub fn standard_by_id(&self, id: &str) -> Option<StandardIdx> {
        self.standard_by_id.get(id).copied()
    }

    /// Looks a clause up by its full id (`iso-iec-27001-2022:A.8.32`).
    pub fn clause_by_id(&self, id: &str) -> Option<ClauseIdx> {
        self.clause_by_id.get(id).copied()
    }

    /// Looks a clause up by standard and ref.
    pub fn clause_by_ref(&self, standard: &str, reference: &str) -> Option<ClauseIdx> {
        self.clause_by_id(&clause_id(standard, reference))
    }

    /// Every mapping touching `clause`, oriented with `clause` as the near side, in stored order.
    pub fn mappings_of(&self, clause: ClauseIdx) -> &[OrientedMapping] {
        &self.mappings_by_clause[clause.0 as usize]
    }

    /// The mappings of `clause` whose far side is a clause of one of `standards` (one-sided
    /// transition rows have no far side and are left out).
    pub fn mappings_toward<'a>(
        &'a self,
        clause: ClauseIdx,
        standards: &'a [StandardIdx],
    ) -> impl Iterator<Item = OrientedMapping> + 'a {
        self.mappings_of(clause).iter().copied().filter(move |m| {
            m.far(self)
                .is_some_and(|far| standards.contains(&self.clause(far).standard))
        })
    }

    /// The checked absences of `clause` against `standards`: its `NOT_RELATED` rows, whose notes
    /// say why nothing corresponds.
    pub fn checked_absences<'a>(
        &'a self,
        clause: ClauseIdx,
        standards: &'a [StandardIdx],
    ) -> impl Iterator<Item = OrientedMapping> + 'a {
        self.mappings_toward(clause, standards)
            .filter(|m| m.relationship(self) == Some(Relationship::NotRelated))
    }

    /// The mapping sets between two standards, in either direction.
    pub fn sets_between(
        &self,
        a: StandardIdx,
        b: StandardIdx,
    ) -> impl Iterator<Item = (MappingSetIdx, &MappingSet)> {
        self.mapping_sets
            .iter()
            .enumerate()
            .filter(move |(_, set)| {
                (set.source == a && set.target == b) || (set.source == b && set.target == a)
            })
            .map(|(i, set)| (MappingSetIdx(i as u32), set))
    }

    /// Ancestors of a clause, nearest first.
    pub fn ancestors(&self, clause: ClauseIdx) -> Vec<ClauseIdx> {
        let mut chain = Vec::new();
        let mut current = self.clause(clause).parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.clause(parent).parent;
        }
        chain
    }

    /// The clause and all its descendants, in document order.
    pub fn subtree(&self, clause: ClauseIdx) -> Vec<ClauseIdx> {
        let mut out = vec![clause];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.clause(out[i]).children.iter().copied());
            i += 1;
        }
        out.sort();
        out
    }

    pub fn theme(&self, id: &str) -> Option<&Term> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn basis(&self, id: &str) -> Option<&Term> {
        self.bases.iter().find(|b| b.id == id)
    }
}

/// Builds a clause id from a standard id and a ref.
pub fn clause_id(standard: &str, reference: &str) -> String {
    format!("{standard}:{reference}")
}

impl OrientedMapping {
    /// The near side (the clause this mapping is read from).
    pub fn near(self, data: &Dataset) -> Option<ClauseIdx> {
        let m = data.mapping(self.mapping);
        if self.reversed { m.target } else { m.source }
    }

    /// The far side.
    pub fn far(self, data: &Dataset) -> Option<ClauseIdx> {
        let m = data.mapping(self.mapping);
        if self.reversed { m.source } else { m.target }
    }

    /// The relationship read from the near side.
    pub fn relationship(self, data: &Dataset) -> Option<Relationship> {
        let r = data.mapping(self.mapping).relationship;
        if self.reversed {
            r.map(Relationship::inverse)
        } else {
            r
        }
    }

    /// The change read from the near side.
    pub fn change(self, data: &Dataset) -> Option<Change> {
        let c = data.mapping(self.mapping).change;
        if self.reversed {
            c.map(Change::inverse)
        } else {
            c
        }
    }
}
