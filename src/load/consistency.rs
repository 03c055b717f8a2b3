//! Rules across mapping sets. The other families check one file, one row or one set; these compare
//! sets with each other (a direct row against what two rows through the hub prove, a heading's row
//! against the rows of its sub-clauses) and so see the whole dataset at once, with its indexes.
//! They run only when every file is valid on its own, since a comparison means nothing while one
//! of its rows names an unknown clause. No rule is enforced yet: a rule is a function added to
//! [`RULES`], which reports each conflict at the line of the row it blames.

use super::Problems;
use crate::model::Dataset;

/// A rule across mapping sets.
type Rule = fn(&Dataset, &mut Problems);

/// The rules, in the order their problems are reported.
const RULES: &[Rule] = &[];

pub(super) fn check(dataset: &Dataset, problems: &mut Problems) {
    for rule in RULES {
        rule(dataset, problems);
    }
}
