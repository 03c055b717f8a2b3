//! The two ends of a mapping row, and what the data calls a clause on each end: every rule that
//! reads a row from either side is written once, for a [`Side`], instead of twice, mirrored.

use crate::model::{Change, ClauseIdx, Mapping, MappingSet, StandardIdx};

/// Which end of a mapping row (or of a mapping set) a clause or standard is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Source,
    Target,
}

impl Side {
    /// Both sides, source first: the order in which problems of a row are reported.
    pub const BOTH: [Side; 2] = [Side::Source, Side::Target];

    pub fn other(self) -> Side {
        match self {
            Side::Source => Side::Target,
            Side::Target => Side::Source,
        }
    }

    /// The column that holds this side (`source`, `target`), as messages name it.
    pub fn column(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }

    /// This side's value of a pair written as (source, target).
    pub fn pick<T>(self, source: T, target: T) -> T {
        match self {
            Side::Source => source,
            Side::Target => target,
        }
    }

    /// The clause of a mapping row on this side.
    pub fn clause(self, mapping: &Mapping) -> Option<ClauseIdx> {
        self.pick(mapping.source, mapping.target)
    }

    /// The standard of a mapping set on this side.
    pub fn standard(self, set: &MappingSet) -> StandardIdx {
        self.pick(set.source, set.target)
    }

    /// The side a NEW or REMOVED row keeps: a NEW clause has only a target, a REMOVED clause
    /// only a source. `None` for every change that links both sides.
    pub fn kept_by(change: Change) -> Option<Side> {
        match change {
            Change::Removed => Some(Side::Source),
            Change::New => Some(Side::Target),
            _ => None,
        }
    }

    /// The change of a row that has this side only: the inverse of [`Side::kept_by`].
    pub fn alone(self) -> Change {
        self.pick(Change::Removed, Change::New)
    }

    /// The change of a clause on this side that has a row per part: a SPLIT source, a MERGED
    /// target.
    pub fn in_parts(self) -> Change {
        self.pick(Change::Split, Change::Merged)
    }

    /// What the clause on the other side is to a clause on this side, in an edition transition.
    pub fn counterpart(self) -> &'static str {
        self.pick("successor", "predecessor")
    }
}

/// One value for each side.
#[derive(Debug, Default)]
pub(super) struct BySide<T> {
    pub source: T,
    pub target: T,
}

impl<T> BySide<T> {
    /// Computes the source value first, then the target value.
    pub fn from_fn(mut value: impl FnMut(Side) -> T) -> Self {
        let source = value(Side::Source);
        let target = value(Side::Target);
        BySide { source, target }
    }

    pub fn get(&self, side: Side) -> &T {
        side.pick(&self.source, &self.target)
    }

    pub fn get_mut(&mut self, side: Side) -> &mut T {
        side.pick(&mut self.source, &mut self.target)
    }
}
