//! A crosswalk as an OSCAL 1.2 control-mapping collection (`mapping-collection`), so that GRC
//! tools that read OSCAL can take our tables. One `mapping` per stored mapping set between the
//! two standards, one `map` per row with both sides; relationships follow NIST IR 8477 as OSCAL
//! spells them. Supportive links use our own namespace, as OSCAL allows for other values.

use std::sync::LazyLock;

use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use crate::model::{Dataset, OrientedMapping, Rationale, Relationship, StandardIdx};

/// Our namespace for properties and relationship values OSCAL does not define.
pub const NAMESPACE: &str = "urn:itsm-crosswalk";
const OSCAL_VERSION: &str = "1.2.3";

/// Renders the collection; `last_modified` is an RFC 3339 time (when the dataset was loaded).
pub fn render(data: &Dataset, from: StandardIdx, to: StandardIdx, last_modified: &str) -> String {
    let (source, target) = (data.standard(from), data.standard(to));
    let mut mappings = Vec::new();
    let mut one_sided = 0;
    for (_, set) in data.sets_between(from, to) {
        let reversed = set.source != from;
        let mut maps = Vec::new();
        for m in &set.mappings {
            let oriented = OrientedMapping {
                mapping: *m,
                reversed,
            };
            let (Some(near), Some(far), Some(relationship)) = (
                oriented.near(data),
                oriented.far(data),
                oriented.relationship(data),
            ) else {
                one_sided += 1;
                continue;
            };
            let row = data.mapping(*m);
            let rationale = row.rationale.unwrap_or(Rationale::Functional);
            let (ns, name) = oscal_relationship(relationship, rationale);
            let mut map = json!({
                "uuid": uuid(&[&set.id, &data.clause(near).id, &data.clause(far).id]),
                "relationship": name,
                "matching-rationale": rationale.as_str().to_lowercase(),
                "sources": [{ "type": "control", "id-ref": data.clause(near).id }],
                "targets": [{ "type": "control", "id-ref": data.clause(far).id }],
                "props": [
                    { "name": "strength", "ns": NAMESPACE, "value": row.strength.unwrap_or(0).to_string() },
                    { "name": "provisional", "ns": NAMESPACE, "value": row.provisional.to_string() },
                    { "name": "basis", "ns": NAMESPACE, "value": row.basis.join(";") },
                ],
            });
            if let Some(ns) = ns {
                map["ns"] = Value::from(ns);
            }
            if let Some(change) = oriented.change(data) {
                map["props"]
                    .as_array_mut()
                    .expect("props")
                    .push(json!({ "name": "change", "ns": NAMESPACE, "value": change.as_str() }));
            }
            if let Some(note) = &row.note {
                map["remarks"] = Value::from(note.as_str());
            }
            maps.push(map);
        }
        if maps.is_empty() {
            continue;
        }
        mappings.push(json!({
            "uuid": uuid(&[&set.id, if reversed { "reversed" } else { "stored" }]),
            "source-resource": { "type": "catalog", "href": format!("{NAMESPACE}:standard:{}", source.id) },
            "target-resource": { "type": "catalog", "href": format!("{NAMESPACE}:standard:{}", target.id) },
            "maps": maps,
        }));
    }
    let mut description = format!(
        "Crosswalk from {} to {} by itsm-crosswalk: each map compares what the two clauses require (NIST IR 8477 set theory), \
         read from source to target, with our strength (0-10, NIST IR 8278A), basis and provisional flag as properties and our note as remarks. \
         Clause numbers and titles are facts; no requirement text of either standard is included.",
        source.designation, target.designation
    );
    if one_sided > 0 {
        description.push_str(&format!(
            " {one_sided} edition-transition rows with one side only (NEW or REMOVED clauses) are not representable as maps and are left out; see the CSV or JSON export."
        ));
    }
    let value = json!({
        "mapping-collection": {
            "uuid": uuid(&["collection", &source.id, &target.id, &data.version]),
            "metadata": {
                "title": format!("{} to {}", source.designation, target.designation),
                "last-modified": last_modified,
                "version": data.version,
                "oscal-version": OSCAL_VERSION,
            },
            "provenance": {
                "method": "human",
                "matching-rationale": "semantic",
                "status": if source.status == crate::model::EditionStatus::Anticipated || target.status == crate::model::EditionStatus::Anticipated { "draft" } else { "complete" },
                "mapping-description": description,
            },
            "mappings": mappings,
        }
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The OSCAL relationship for ours: `(namespace if not OSCAL's own, value)`.
fn oscal_relationship(
    relationship: Relationship,
    rationale: Rationale,
) -> (Option<&'static str>, &'static str) {
    match relationship {
        // OSCAL splits equality: the same text (equal-to) or the same meaning in other words (equivalent-to).
        Relationship::Equal if rationale == Rationale::Syntactic => (None, "equal-to"),
        Relationship::Equal => (None, "equivalent-to"),
        Relationship::SubsetOf => (None, "subset-of"),
        Relationship::SupersetOf => (None, "superset-of"),
        Relationship::IntersectsWith => (None, "intersects-with"),
        Relationship::NotRelated => (None, "no-relationship"),
        Relationship::Supports => (Some(NAMESPACE), "supports"),
        Relationship::SupportedBy => (Some(NAMESPACE), "supported-by"),
    }
}

/// The UUID namespace of our OSCAL identifiers: the name-based UUID of [`NAMESPACE`] in the URL
/// namespace of RFC 9562 (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`).
static UUID_NAMESPACE: LazyLock<[u8; 16]> = LazyLock::new(|| {
    const URL_NAMESPACE: [u8; 16] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];
    name_based_uuid(&URL_NAMESPACE, NAMESPACE.as_bytes())
});

/// A deterministic UUID from names, so the same data gives the same document. OSCAL's schema
/// accepts only random (version 4) or name-based SHA-1 (version 5) UUIDs; version 5 is the one
/// that is reproducible. Each part ends in a NUL byte, which no id or name contains, so different
/// lists of parts never give the same name.
fn uuid(parts: &[&str]) -> String {
    let mut name = Vec::new();
    for part in parts {
        name.extend_from_slice(part.as_bytes());
        name.push(0);
    }
    let bytes = name_based_uuid(&UUID_NAMESPACE, &name);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A version 5 UUID (RFC 9562, section 5.5): the SHA-1 of namespace and name, with the version
/// and variant bits set.
fn name_based_uuid(namespace: &[u8; 16], name: &[u8]) -> [u8; 16] {
    let digest = Sha1::new()
        .chain_update(namespace)
        .chain_update(name)
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_based_uuids_match_the_rfc_9562_example() {
        // RFC 9562, appendix A.4: "www.example.com" in the DNS namespace.
        let dns_namespace = [
            0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4,
            0x30, 0xc8,
        ];
        let bytes = name_based_uuid(&dns_namespace, b"www.example.com");
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "2ed6657de927568b95e12665a8aea6a2");
    }

    #[test]
    fn uuids_are_version_5_and_differ_with_the_split_of_the_parts() {
        let one = uuid(&["ab", "c"]);
        assert_eq!(&one[14..15], "5");
        assert!(matches!(&one[19..20], "8" | "9" | "a" | "b"), "{one}");
        assert_eq!(one, uuid(&["ab", "c"]));
        assert_ne!(one, uuid(&["a", "bc"]));
    }
}
