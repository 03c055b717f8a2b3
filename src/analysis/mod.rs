//! Answers computed from a [`Dataset`](crate::model::Dataset): pure functions over the core
//! types. The service layer and the GraphQL objects call them; they know no wire format.

pub mod changes;
pub mod compose;
pub mod consistency;
pub mod coverage;
pub mod crosswalk;
pub mod derive;
pub mod integrated;
pub mod integrated_plan;
pub mod lineage;
pub mod plan;
pub mod quality;
pub mod search;
