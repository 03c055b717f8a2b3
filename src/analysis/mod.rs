//! Answers computed from a [`Dataset`](crate::model::Dataset): pure functions over the core
//! types, shared by the GraphQL layer and the CLI.

pub mod compose;
pub mod crosswalk;
pub mod lineage;
pub mod quality;
