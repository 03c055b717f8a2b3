//! Answers computed from a [`Dataset`](crate::model::Dataset): pure functions over the core
//! types, shared by the GraphQL layer and the CLI.

pub mod compose;
pub mod coverage;
pub mod crosswalk;
pub mod derive;
pub mod integrated;
pub mod lineage;
pub mod plan;
pub mod quality;
pub mod search;
