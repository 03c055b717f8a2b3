// The API's vocabularies in words people read, with the symbols the heat map uses. Colour is
// never the only carrier: every coloured cell also shows a symbol and a number.

export const RELATIONSHIPS = {
  EQUAL: { symbol: "=", label: "equal", help: "the same requirements" },
  SUBSET_OF: {
    symbol: "⊂",
    label: "subset of",
    help: "the other side asks all this asks, and more",
  },
  SUPERSET_OF: {
    symbol: "⊃",
    label: "superset of",
    help: "this asks all the other side asks, and more",
  },
  INTERSECTS_WITH: {
    symbol: "∩",
    label: "intersects with",
    help: "a real overlap; each asks something the other does not",
  },
  SUPPORTS: { symbol: "→", label: "supports", help: "guidance that helps meet the other side" },
  SUPPORTED_BY: {
    symbol: "←",
    label: "supported by",
    help: "the other side is guidance that helps meet this",
  },
  NOT_RELATED: {
    symbol: "∅",
    label: "not related",
    help: "checked: nothing corresponds (the note says why)",
  },
};

/** Order for picking the strongest of several mappings at equal strength. */
const RANK = ["EQUAL", "SUBSET_OF", "SUPERSET_OF", "INTERSECTS_WITH", "SUPPORTS", "SUPPORTED_BY", "NOT_RELATED"];

export function relationshipLabel(relationship) {
  return relationship ? RELATIONSHIPS[relationship]?.label ?? relationship : "none (one-sided row)";
}

export function relationshipSymbol(relationship) {
  return relationship ? RELATIONSHIPS[relationship]?.symbol ?? "?" : "·";
}

/** The strongest mapping of a list: highest strength, then the most precise relationship. */
export function strongest(mappings) {
  let best = null;
  for (const m of mappings) {
    if (
      !best ||
      (m.strength ?? -1) > (best.strength ?? -1) ||
      ((m.strength ?? -1) === (best.strength ?? -1) && rank(m) < rank(best))
    ) {
      best = m;
    }
  }
  return best;
}

function rank(m) {
  const i = RANK.indexOf(m.relationship);
  return i < 0 ? RANK.length : i;
}

/** Strength bands of NIST IR 8278A, as CSS class suffixes. */
export function band(strength) {
  if (strength === null || strength === undefined) return "none";
  if (strength >= 7) return "high";
  if (strength >= 4) return "mid";
  return "low";
}

export const BANDS = [
  { id: "high", label: "7–10: much more alike than not (10 = equal)" },
  { id: "mid", label: "4–6: about as alike as not" },
  { id: "low", label: "0–3: mostly different" },
];

export const ACTIONS = {
  CARRY_OVER: { label: "Carry over", help: "existing controls carry the clause as they are" },
  REVIEW: { label: "Review", help: "controls can be reused but must be checked against changed or wider requirements" },
  IMPLEMENT: { label: "Implement", help: "nothing existing covers the clause" },
  RETIRE: { label: "Retire", help: "the clause is gone: its controls can be retired or re-mapped" },
};

export const LEVELS = {
  FULL: { label: "Full", help: "meeting the sources meets every requirement of the clause" },
  PARTIAL: { label: "Partial", help: "the sources meet some of its requirements" },
  NONE: { label: "None", help: "nothing in the sources meets its requirements" },
};

export const CHANGES = {
  UNCHANGED: "unchanged",
  EDITORIAL: "editorial",
  RENUMBERED: "renumbered",
  MODIFIED: "modified",
  SPLIT: "split",
  MERGED: "merged",
  NEW: "new",
  REMOVED: "removed",
};

export const KINDS = {
  REQUIREMENTS: "Requirements",
  GUIDANCE: "Guidance",
  STRUCTURE: "Structure",
  FRAMEWORK: "Framework",
  ORGANISATION: "Your organisation",
};

export const STATUSES = {
  PUBLISHED: "published",
  WITHDRAWN: "withdrawn",
  DRAFT: "draft",
  ANTICIPATED: "anticipated",
};

export function percent(ratio) {
  return `${Math.round(ratio * 1000) / 10} %`;
}
