//! Releases as files: the manifest of a release (`crosswalks/releases/<n>.csv`, written by
//! `itsm-crosswalk release-manifest`) and a list of changes between two states of the data (the
//! output of `itsm-crosswalk diff`), as Markdown or JSON.

use std::fmt::Write as _;

use serde_json::json;

use super::{Format, Table};
use crate::analysis::changes::Changes;
use crate::model::{Manifest, RecordKind};

/// A manifest as CSV (`kind,key,fingerprint`), in key order.
pub fn manifest_csv(manifest: &Manifest) -> Vec<u8> {
    Table {
        headers: &["kind", "key", "fingerprint"],
        rows: manifest
            .records
            .iter()
            .map(|((kind, key), fingerprint)| {
                vec![kind.as_str().to_string(), key.clone(), fingerprint.clone()]
            })
            .collect(),
    }
    .to_csv()
}

/// The changes from `old` to `new` (labels such as `release 1` or a directory).
pub fn changes(changes: &Changes, old: &str, new: &str, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => {
            let kinds = |kind: RecordKind| {
                let c = changes.of_kind(kind);
                json!({ "added": c.added, "removed": c.removed, "changed": c.changed })
            };
            let mut text = serde_json::to_string_pretty(&json!({
                "from": old,
                "to": new,
                "standards": kinds(RecordKind::Standard),
                "clauses": kinds(RecordKind::Clause),
                "mappings": kinds(RecordKind::Mapping),
            }))
            .unwrap_or_default();
            text.push('\n');
            text.into_bytes()
        }
        Format::Md => {
            let mut out = String::new();
            let _ = writeln!(out, "# Changes from {old} to {new}\n");
            let _ = writeln!(
                out,
                "| records | added | removed | changed |\n|---|---|---|---|"
            );
            for kind in RecordKind::ALL {
                let c = changes.of_kind(kind);
                let _ = writeln!(
                    out,
                    "| {}s | {} | {} | {} |",
                    kind.as_str(),
                    c.added.len(),
                    c.removed.len(),
                    c.changed.len()
                );
            }
            for kind in RecordKind::ALL {
                let c = changes.of_kind(kind);
                for (what, keys) in [
                    ("added", &c.added),
                    ("removed", &c.removed),
                    ("changed", &c.changed),
                ] {
                    if !keys.is_empty() {
                        let _ = writeln!(out, "\n## {}s {what} ({})\n", kind.as_str(), keys.len());
                        for key in keys {
                            let _ = writeln!(out, "- `{key}`");
                        }
                    }
                }
            }
            out.into_bytes()
        }
        other => {
            return Err(format!("changes come as md or json, not {}", other.name()));
        }
    })
}
