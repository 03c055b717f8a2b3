//! Reading the cells of one row: booleans, years, values of a closed vocabulary, `;` lists of
//! themes or bases, and the shapes of ids. Every rule family reads its cells through these, so a
//! bad cell is reported in the same words wherever it appears.

use super::Problems;
use crate::model::{
    Change, ClauseKind, EditionStatus, Origin, Rationale, Relationship, Stage, StandardKind, Term,
};

/// One row's cells being read: every problem found in the row is reported at its line.
pub(super) struct Cells<'a> {
    origin: &'a Origin,
    problems: &'a mut Problems,
}

impl<'a> Cells<'a> {
    pub fn new(origin: &'a Origin, problems: &'a mut Problems) -> Self {
        Cells { origin, problems }
    }

    pub fn problem(&mut self, message: impl Into<String>) {
        self.problems.at(self.origin, message);
    }

    /// A value of a closed vocabulary; `None` (reported) when it is not one of the spellings.
    pub fn vocabulary<T: Vocabulary>(&mut self, column: &str, value: &str) -> Option<T> {
        let parsed = T::parse(value);
        if parsed.is_none() {
            self.problem(format!(
                "{column} `{value}` is not one of: {}",
                T::expected()
            ));
        }
        parsed
    }

    /// As [`Cells::vocabulary`], and an empty cell is a problem of its own.
    pub fn required_vocabulary<T: Vocabulary>(&mut self, column: &str, value: &str) -> Option<T> {
        if value.is_empty() {
            self.problem(format!("{column} is required ({})", T::expected()));
            return None;
        }
        self.vocabulary(column, value)
    }

    /// A boolean whose empty cell means `false`.
    pub fn boolean(&mut self, column: &str, value: &str) -> bool {
        self.boolean_cell(column, value, false)
    }

    /// A boolean that must be written out.
    pub fn required_boolean(&mut self, column: &str, value: &str) -> bool {
        self.boolean_cell(column, value, true)
    }

    fn boolean_cell(&mut self, column: &str, value: &str, required: bool) -> bool {
        match value {
            "true" => true,
            "false" => false,
            "" if !required => false,
            _ => {
                self.problem(format!(
                    "{column} must be `true` or `false`, found `{value}`"
                ));
                false
            }
        }
    }

    pub fn year(&mut self, value: &str) -> Option<u16> {
        match value.parse::<u16>() {
            Ok(year) if (1900..=2100).contains(&year) => Some(year),
            _ => {
                self.problem(format!(
                    "year `{value}` is not a year between 1900 and 2100"
                ));
                None
            }
        }
    }

    /// Splits a `;` list and checks each entry against a vocabulary the dataset declares.
    pub fn terms(&mut self, declared: &DeclaredTerms, cell: &str) -> Vec<String> {
        let ids = split_list(cell);
        for id in &ids {
            if !declared.terms.iter().any(|term| &term.id == id) {
                self.problem(format!(
                    "unknown {} `{id}` (not in {})",
                    declared.kind.noun(),
                    declared.kind.file()
                ));
            }
        }
        ids
    }
}

/// A closed vocabulary of the model, read from its spelling in a cell.
pub(super) trait Vocabulary: Sized {
    fn parse(text: &str) -> Option<Self>;
    /// The accepted spellings, for messages.
    fn expected() -> String;
}

macro_rules! closed_vocabularies {
    ($($name:ident),+) => {
        $(impl Vocabulary for $name {
            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
            fn expected() -> String {
                $name::expected()
            }
        })+
    };
}

closed_vocabularies!(
    StandardKind,
    EditionStatus,
    Stage,
    ClauseKind,
    Relationship,
    Rationale,
    Change
);

/// The two vocabularies a dataset declares itself, each in its own file.
#[derive(Debug, Clone, Copy)]
pub(super) enum TermKind {
    Theme,
    Basis,
}

impl TermKind {
    /// How messages name one entry.
    pub fn noun(self) -> &'static str {
        match self {
            TermKind::Theme => "theme",
            TermKind::Basis => "basis",
        }
    }

    /// The file that declares the vocabulary.
    pub fn file(self) -> &'static str {
        match self {
            TermKind::Theme => "themes.csv",
            TermKind::Basis => "bases.csv",
        }
    }

    /// Themes are slugs; basis ids may also use upper case (`HS-2021`).
    pub fn is_valid_id(self, id: &str) -> bool {
        match self {
            TermKind::Theme => is_slug(id),
            TermKind::Basis => is_basis_id(id),
        }
    }
}

/// A vocabulary the dataset declares, as read from its file.
pub(super) struct DeclaredTerms {
    pub kind: TermKind,
    pub terms: Vec<Term>,
}

pub(super) fn split_list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

/// Standard, theme and mapping set ids: lower-case letters, digits and `-`.
pub(super) fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_basis_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Clause refs: letters, digits, `.`, `-` and `_`.
pub(super) fn is_ref(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `YYYY-MM-DD` with a month 01-12 and a day 01-31.
pub(super) fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        part.len() == len
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse().is_ok_and(|n| range.contains(&n))
    };
    parts.len() == 3
        && number(parts[0], 4, 1900..=2999)
        && number(parts[1], 2, 1..=12)
        && number(parts[2], 2, 1..=31)
}
