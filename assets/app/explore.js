// Explore: pick a standard, walk its clause tree, open a clause: title, summary, themes, every
// mapping (read from this clause, whichever way it is stored) and its lineage across editions.
// URL: /app/explore?standard=ID&clause=REF
import { html } from "./html.js";
import { href, navigate } from "./router.js";
import { clausesOf, graphql } from "./api.js";
import { View, loaded, StandardSelect, ClauseLink, MappingTable, ProvisionalBadge, standardName, standardOf } from "./widgets.js";
import { STATUSES, KINDS } from "./vocab.js";

const CLAUSE = `query($standard: ID!, $ref: String!) {
  clause(standard: $standard, ref: $ref) {
    id ref title kind normative provisional summary provenance
    standard { id designation }
    themes { id title }
    ancestors { id ref title }
    children { id ref title }
    basis { id title description }
    amendments { designation title note }
    lineage { id ref title standard { id designation status } }
    mappings {
      source { id ref title }
      target { id ref title }
      relationship rationale strength change provisional inverted note
      basis { id title }
      mappingSet { id title transition }
    }
  }
}`;

const STANDARD = `query($id: ID!) {
  standard(id: $id) {
    id designation title publisher year kind status note clauseCount
    supersedes { id designation } supersededBy { id designation }
    amendments { designation title note }
    mappingSets { id title mappingCount transition source { id designation } target { id designation } }
  }
}`;

/** Trees of this many clauses or fewer start fully open. */
const OPEN_ALL_UP_TO = 100;

export class Explore extends View {
  constructor(props) {
    super(props);
    this.state = { toggled: new Set() };
  }

  standardId() {
    const { params, catalogue } = this.props;
    return params.standard || catalogue.standards.find((s) => s.id === "iso-iec-20000-1-2018")?.id || catalogue.standards[0].id;
  }

  sync({ params }) {
    const standard = this.standardId();
    this.load("tree", standard, () => clausesOf(standard));
    this.load("standard", standard, () => graphql(STANDARD, { id: standard }));
    this.load("clause", params.clause ? `${standard}:${params.clause}` : null, () =>
      graphql(CLAUSE, { standard, ref: params.clause }),
    );
    if (this.keys.toggledFor !== standard) {
      this.keys.toggledFor = standard;
      if (this.state.toggled.size) this.setState({ toggled: new Set() });
    }
  }

  isOpen(clause, tree, selectedAncestors) {
    const byDefault = tree.list.length <= OPEN_ALL_UP_TO || selectedAncestors.has(clause.id);
    return this.state.toggled.has(clause.id) ? !byDefault : byDefault;
  }

  toggle(id) {
    const toggled = new Set(this.state.toggled);
    if (toggled.has(id)) toggled.delete(id);
    else toggled.add(id);
    this.setState({ toggled });
  }

  render({ params, catalogue }) {
    const standardId = this.standardId();
    const standard = catalogue.standards.find((s) => s.id === standardId);
    const clause = this.state.clause;
    const title = clause && clause.data && clause.data.clause
      ? `${clause.data.clause.standard.designation} ${clause.data.clause.ref}`
      : standard ? standardName(standard) : "Explore";
    return html`
      <h1>Explore <span class="sub">${title}</span></h1>
      <div class="controls">
        <${StandardSelect} id="explore-standard" label="Standard" value=${standardId} standards=${catalogue.standards}
          onChange=${(id) => navigate(href("explore", { standard: id }))} />
      </div>
      ${!standard
        ? html`<p class="error" role="alert">There is no standard with id “${standardId}”.</p>`
        : html`<div class="explore">
            <nav class="tree" aria-label=${`Clauses of ${standard.designation}`}>
              <h2>Clauses</h2>
              ${loaded(this.state.tree, (tree) => this.renderTree(tree, standardId, params.clause))}
            </nav>
            <section class="detail" aria-label="Details">
              ${params.clause
                ? loaded(clause, (data) =>
                    data.clause
                      ? html`<${ClauseDetail} clause=${data.clause} catalogue=${catalogue} />`
                      : html`<p class="error" role="alert">${standard.designation} has no clause “${params.clause}”.</p>`,
                  )
                : loaded(this.state.standard, (data) => html`<${StandardDetail} standard=${data.standard} />`)}
            </section>
          </div>`}
    `;
  }

  renderTree(tree, standardId, selectedRef) {
    const selectedId = selectedRef ? `${standardId}:${selectedRef}` : null;
    const selectedAncestors = new Set();
    for (let c = selectedId && tree.byId.get(selectedId); c && c.parent; c = tree.byId.get(c.parent)) {
      selectedAncestors.add(c.parent);
    }
    const branch = (ids, depth) => html`<ul class=${depth === 0 ? "tree-root" : "tree-branch"}>
      ${ids.map((id) => {
        const c = tree.byId.get(id);
        const open = c.children.length > 0 && this.isOpen(c, tree, selectedAncestors);
        return html`<li>
          <div class="tree-item">
            ${c.children.length
              ? html`<button type="button" class="toggle" aria-expanded=${open ? "true" : "false"}
                  aria-label=${`${open ? "Collapse" : "Expand"} ${c.ref}`} onClick=${() => this.toggle(c.id)}
                  ><span aria-hidden="true">${open ? "▾" : "▸"}</span></button>`
              : html`<span class="toggle-space"></span>`}
            <a href=${href("explore", { standard: standardId, clause: c.ref })}
              aria-current=${c.id === selectedId ? "page" : undefined}
              class=${c.normative ? "" : "heading-clause"}
              ><span class="ref">${c.ref}</span> ${c.title || html`<span class="muted">(untitled)</span>`}</a>
          </div>
          ${open && branch(c.children, depth + 1)}
        </li>`;
      })}
    </ul>`;
    const roots = tree.list.filter((c) => !c.parent || !tree.byId.has(c.parent)).map((c) => c.id);
    return branch(roots, 0);
  }
}

function StandardDetail({ standard }) {
  if (!standard) return null;
  return html`
    <h2>${standard.designation}</h2>
    <p class="lead">${standard.title}</p>
    <dl class="facts">
      <dt>Publisher</dt><dd>${standard.publisher}</dd>
      <dt>Year</dt><dd>${standard.year ?? "not yet published"}</dd>
      <dt>Kind</dt><dd>${KINDS[standard.kind] || standard.kind}</dd>
      <dt>Status</dt><dd>${STATUSES[standard.status] || standard.status}</dd>
      <dt>Clauses</dt><dd>${standard.clauseCount}</dd>
      ${standard.supersedes && html`<dt>Replaces</dt><dd><a href=${href("explore", { standard: standard.supersedes.id })}>${standard.supersedes.designation}</a></dd>`}
      ${standard.supersededBy.length ? html`<dt>Replaced by</dt><dd>${standard.supersededBy.map((s, i) => html`${i ? ", " : ""}<a href=${href("explore", { standard: s.id })}>${s.designation}</a>`)}</dd>` : null}
    </dl>
    ${standard.note && html`<p class="note">${standard.note}</p>`}
    ${standard.amendments.length ? html`<h3>Amendments</h3><ul>${standard.amendments.map((a) => html`<li><strong>${a.designation}</strong> ${a.title}: ${a.note}</li>`)}</ul>` : null}
    <h3>Crosswalks</h3>
    <ul class="sets">
      ${standard.mappingSets.map((set) => {
        const other = set.source.id === standard.id ? set.target : set.source;
        return html`<li><a href=${href("compare", { from: standard.id, to: other.id })}>${standard.designation} against ${other.designation}</a>
          <span class="muted"> ${set.mappingCount} mappings${set.transition ? ", edition transition" : ""}</span></li>`;
      })}
    </ul>
    <p class="hint">Pick a clause in the tree to see its summary and mappings.</p>
  `;
}

function ClauseDetail({ clause, catalogue }) {
  const designations = Object.fromEntries(catalogue.standards.map((s) => [s.id, s.designation]));
  const groups = new Map();
  for (const m of clause.mappings) {
    const other = m.target ? standardOf(m.target.id) : m.mappingSet.id;
    if (!groups.has(other)) groups.set(other, []);
    groups.get(other).push(m);
  }
  return html`
    ${clause.ancestors.length ? html`<nav aria-label="Clause path" class="breadcrumb"><ol>
      ${[...clause.ancestors].reverse().map((a) => html`<li><${ClauseLink} clause=${a} /></li>`)}
    </ol></nav>` : null}
    <h2 class="clause-title"><span class="ref">${clause.ref}</span> ${clause.title || html`<span class="muted">(untitled)</span>`}</h2>
    <p class="meta">
      <span>${clause.kind.toLowerCase().replace(/_/g, " ")}</span>
      <span>${clause.normative ? "carries requirements" : "heading only (no requirements of its own)"}</span>
      <${ProvisionalBadge} provisional=${clause.provisional} />
    </p>
    ${clause.summary ? html`<p class="summary">${clause.summary}</p>` : html`<p class="muted">No summary.</p>`}
    ${clause.provisional && clause.basis.length ? html`<p class="why-provisional"><strong>Why provisional:</strong> ${clause.basis.map((b) => `${b.title}: ${b.description}`).join(" ")}</p>` : null}
    ${clause.themes.length ? html`<p class="themes"><span class="label">Themes:</span> ${clause.themes.map((t) => html`<span class="badge theme">${t.title}</span> `)}</p>` : null}
    ${clause.amendments.length ? html`<p><span class="label">Amended by:</span> ${clause.amendments.map((a) => `${a.designation} (${a.title})`).join("; ")}</p>` : null}
    ${clause.children.length ? html`<h3>Sub-clauses</h3><ul class="plain">${clause.children.map((c) => html`<li><${ClauseLink} clause=${c} /></li>`)}</ul>` : null}

    <h3>Across editions</h3>
    ${clause.lineage.length > 1
      ? html`<ol class="lineage">${clause.lineage.map((c) => html`<li>
          ${c.id === clause.id ? html`<strong>${c.standard.designation} ${c.ref}</strong> ${c.title} (this clause)` : html`<${ClauseLink} clause=${c} showStandard designation=${c.standard.designation} />`}
        </li>`)}</ol>`
      : html`<p class="muted">No other edition of this clause in the dataset.</p>`}

    <h3>Mappings <span class="muted">(${clause.mappings.length})</span></h3>
    ${clause.mappings.length === 0 ? html`<p class="muted">No mappings touch this clause.</p>` : null}
    <p class="hint">Each row is read from this clause, whichever way it is stored: “subset of” means the other clause asks everything this one asks, and more.</p>
    ${[...groups.entries()].map(
      ([other, mappings]) => html`<${MappingTable}
        caption=${`${clause.ref} against ${designations[other] || other}`}
        mappings=${mappings} hideSource />
        ${designations[other] && html`<p class="small"><a href=${href("compare", { from: standardOf(clause.id), to: other })}>Compare ${designations[standardOf(clause.id)]} with ${designations[other]}</a></p>`}`,
    )}
    <p class="muted small">Defined at ${clause.provenance}.</p>
  `;
}
