//! itsm-crosswalk: crosswalks between ISO/IEC 20000-1 and related management-system standards,
//! served as a read-only GraphQL API.
//!
//! Layers (see ARCHITECTURE.md): [`model`] holds the domain types; [`load`] reads and validates
//! the CSV files (the only module that knows the dataset's CSV format) into a [`model::Dataset`];
//! [`analysis`] computes answers from it and [`report`] renders documents; [`service`] is what
//! every front end calls (ids, formats and inventories resolved once, the live snapshot, heavy
//! work). The front ends translate their wire format into service calls: [`graphql`] (the
//! schema), [`http`] (axum: GraphQL, downloads, health, the server loop) and [`cli`].

pub mod analysis;
pub mod cli;
pub mod graphql;
pub mod http;
pub mod load;
pub mod mcp;
pub mod model;
pub mod report;
pub mod service;

/// The dataset compiled into the binary.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
