//! GraphQL mirrors of the core vocabularies. The core enums know nothing of GraphQL; these carry
//! the API descriptions and convert both ways.

use async_graphql::Enum;

use crate::model;

macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident = $model:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl From<model::$model> for $name {
            fn from(value: model::$model) -> Self {
                match value { $(model::$model::$variant => $name::$variant),+ }
            }
        }

        impl From<$name> for model::$model {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => model::$model::$variant),+ }
            }
        }
    };
}

mirror! {
    /// What kind of document a standard is.
    StandardKind = StandardKind {
        /// Carries requirements an organisation can be certified against (ISO/IEC 20000-1, 27001, ...).
        Requirements,
        /// Guidance that helps meet requirements (ISO/IEC TS 20000-16, ...).
        Guidance,
        /// A structure shared by other standards (the harmonized structure of Annex SL).
        Structure,
        /// A body of practice outside ISO (ITIL 4).
        Framework,
        /// An organisation's own control catalogue, loaded as an overlay.
        Organisation,
    }
}

mirror! {
    /// Publication status of an edition.
    EditionStatus = EditionStatus {
        /// Published and current.
        Published,
        /// Replaced or withdrawn by its publisher.
        Withdrawn,
        /// A draft stage (CD, DIS, FDIS) whose text is available.
        Draft,
        /// Expected but not published: a projection, every clause and link provisional.
        Anticipated,
    }
}

mirror! {
    /// The ISO project stage of an edition that is not yet published.
    Stage = Stage {
        /// Working draft.
        Wd,
        /// Committee draft.
        Cd,
        /// Draft International Standard: the enquiry ballot.
        Dis,
        /// Final Draft International Standard: the approval ballot, the last stage before publication.
        Fdis,
    }
}

mirror! {
    /// What a clause node is.
    ClauseKind = ClauseKind {
        /// A numbered heading of the standard's body.
        Clause,
        /// An annex (e.g. Annex A of ISO/IEC 27001).
        Annex,
        /// A group of annex controls (e.g. 27001 A.5 Organizational controls).
        ControlGroup,
        /// An annex control (e.g. 27001 A.5.24).
        Control,
        /// A group of practices (e.g. ITIL 4 general management practices).
        PracticeGroup,
        /// A management practice (e.g. ITIL 4 incident management).
        Practice,
        /// A topic of guidance (e.g. TS 20000-16 energy use).
        GuidanceTopic,
    }
}

mirror! {
    /// How two clauses relate, read from the source to the target (NIST IR 8477).
    Relationship = Relationship {
        /// The same requirements.
        Equal,
        /// Everything the source asks, the target asks too, and more: meeting the target meets the source.
        SubsetOf,
        /// The source asks everything the target asks, and more: meeting the source meets the target.
        SupersetOf,
        /// A real overlap; each side asks something the other does not.
        IntersectsWith,
        /// A checked absence: no relation, recorded where one might be expected.
        NotRelated,
        /// The source is guidance that helps meet the target requirement.
        Supports,
        /// The target is guidance that helps meet the source requirement.
        SupportedBy,
    }
}

mirror! {
    /// Why a relationship holds.
    Rationale = Rationale {
        /// The same words (shared core text).
        Syntactic,
        /// The same meaning in other words.
        Semantic,
        /// The same purpose or effect, reached differently.
        Functional,
    }
}

mirror! {
    /// How a clause changed between two editions, read from the near edition to the far one.
    Change = Change {
        /// Same number, same requirements.
        Unchanged,
        /// Wording changed, requirements did not.
        Editorial,
        /// Same requirements under a new number.
        Renumbered,
        /// Requirements added or removed.
        Modified,
        /// One clause became several (one mapping per part).
        Split,
        /// Several clauses became one (one mapping per part).
        Merged,
        /// The clause has no predecessor.
        New,
        /// The clause has no successor.
        Removed,
    }
}
