//! itsm-crosswalk: crosswalks between ISO/IEC 20000-1 and related management-system standards,
//! served as a read-only GraphQL API.
//!
//! Layers (see ARCHITECTURE.md): [`model`] and [`load`] are the data core and know no wire
//! format; [`analysis`] computes answers from a [`model::Dataset`]; [`graphql`] wraps both for
//! the API; [`http`] wires axum; [`cli`] is the command line.

pub mod analysis;
pub mod cli;
pub mod graphql;
pub mod http;
pub mod load;
pub mod model;
pub mod report;
pub mod service;

/// The dataset compiled into the binary.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
