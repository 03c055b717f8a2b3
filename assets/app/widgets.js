// Pieces several views share: the base class that loads data for the URL's state, standard
// pickers, clause links, the table of mappings, status messages.
import { html, Component } from "./html.js";
import { href } from "./router.js";
import { KINDS, STATUSES, relationshipLabel, relationshipSymbol, CHANGES, band } from "./vocab.js";

/** A view whose data follows its URL parameters. Subclasses implement `sync(props)`, which calls
 *  `this.load(name, key, fetcher)`: a fetch runs only when its key changes, and only the answer
 *  to the latest key is kept (answers to earlier questions arriving late are dropped). */
export class View extends Component {
  constructor(props) {
    super(props);
    this.state = {};
    this.keys = {};
  }

  componentDidMount() {
    this.sync(this.props);
  }

  componentDidUpdate() {
    this.sync(this.props);
  }

  sync() {}

  load(name, key, fetcher) {
    if (this.keys[name] === key) return;
    this.keys[name] = key;
    if (key === null) {
      this.setState({ [name]: null });
      return;
    }
    this.setState({ [name]: { loading: true } });
    Promise.resolve()
      .then(fetcher)
      .then(
        (data) => this.keys[name] === key && this.setState({ [name]: { data } }),
        (error) =>
          this.keys[name] === key &&
          this.setState({ [name]: { error: error && error.message ? error.message : String(error) } }),
      );
  }
}

/** Renders a loaded value: "Loading…", an error, or `ready(data)`. */
export function loaded(value, ready) {
  if (!value) return null;
  if (value.loading) return html`<p class="status" role="status">Loading…</p>`;
  if (value.error) return html`<${ErrorBox} message=${value.error} />`;
  return ready(value.data);
}

export function ErrorBox({ message }) {
  return html`<p class="error" role="alert"><strong>Something went wrong:</strong> ${message}</p>`;
}

/** A labelled <select> of standards, grouped by kind. `allowed` (a Set of ids) limits the
 *  choice; `empty` adds a first option with no value. */
export function StandardSelect({ id, label, value, standards, onChange, allowed, empty, hint }) {
  const groups = {};
  for (const s of standards) {
    if (allowed && !allowed.has(s.id)) continue;
    (groups[s.kind] ||= []).push(s);
  }
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${hint && html`<span class="hint" id=${`${id}-hint`}>${hint}</span>`}
    <select id=${id} value=${value || ""} aria-describedby=${hint ? `${id}-hint` : undefined}
      onChange=${(event) => onChange(event.currentTarget.value)}>
      ${empty !== undefined && html`<option value="">${empty}</option>`}
      ${Object.keys(KINDS)
        .filter((kind) => groups[kind])
        .map(
          (kind) => html`<optgroup label=${KINDS[kind]}>
            ${groups[kind].map((s) => html`<option value=${s.id}>${standardName(s)}</option>`)}
          </optgroup>`,
        )}
    </select>
  </div>`;
}

/** A standard's designation, with its status when it is not simply published. */
export function standardName(standard) {
  const status = standard.status && standard.status !== "PUBLISHED" ? ` (${STATUSES[standard.status] || standard.status})` : "";
  return `${standard.designation}${status}`;
}

/** The standard part of a clause id (`iso-iec-27001-2022:A.5.1` → `iso-iec-27001-2022`). */
/**
 * The edition transition offered when none is chosen: 20000-1's own first (the tool is about it),
 * then any upcoming edition, then any. Returns the successor standard, or undefined.
 */
export function defaultSuccessor(standards) {
  const successors = standards.filter((s) => s.supersedes);
  return (
    successors.find((s) => s.supersedes.id === "iso-iec-20000-1-2018") ||
    successors.find((s) => s.status === "ANTICIPATED") ||
    successors[0]
  );
}

export function standardOf(clauseId) {
  const i = clauseId.indexOf(":");
  return i < 0 ? clauseId : clauseId.slice(0, i);
}

export function refOf(clauseId) {
  const i = clauseId.indexOf(":");
  return i < 0 ? clauseId : clauseId.slice(i + 1);
}

export function exploreHref(clauseId) {
  return href("explore", { standard: standardOf(clauseId), clause: refOf(clauseId) });
}

/** A link to a clause in Explore: its ref and, when known, its title. */
export function ClauseLink({ clause, showStandard, designation }) {
  if (!clause) return html`<span class="muted">none</span>`;
  const prefix = showStandard && designation ? `${designation} ` : "";
  return html`<a href=${exploreHref(clause.id)}
    ><span class="ref">${prefix}${clause.ref}</span>${clause.title ? html` <span class="title">${clause.title}</span>` : null}</a
  >`;
}

export function ProvisionalBadge({ provisional }) {
  return provisional ? html`<span class="badge provisional">provisional</span>` : null;
}

export function RelationshipBadge({ relationship, strength }) {
  return html`<span class=${`badge rel rel-${relationship || "NONE"} band-${band(strength)}`}
    ><span aria-hidden="true">${relationshipSymbol(relationship)} </span>${relationshipLabel(relationship)}</span
  >`;
}

/** A table of mappings, each read from its source: source, relationship, strength, target,
 *  and why (rationale, basis, provisional, note). */
export function MappingTable({ mappings, caption, hideSource, designations = {} }) {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label=${caption}>
    <table class="mappings">
      <caption>${caption}</caption>
      <thead>
        <tr>
          ${!hideSource && html`<th scope="col">From</th>`}
          <th scope="col">Relationship</th>
          <th scope="col">Strength</th>
          <th scope="col">To</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        ${mappings.map(
          (m) => html`<tr class="mapping-row">
            ${!hideSource &&
            html`<td class="source"><${ClauseLink} clause=${m.source} /></td>`}
            <td><${RelationshipBadge} relationship=${m.relationship} strength=${m.strength} />
              ${m.change && html`<div class="change">change: ${CHANGES[m.change] || m.change}</div>`}
              ${m.inverted && html`<div class="muted small">stored the other way round</div>`}</td>
            <td class="strength">${m.strength ?? "—"}${m.strength !== null && m.strength !== undefined ? html`<span class="muted"> / 10</span>` : null}</td>
            <td class="target">
              ${m.target && designations[standardOf(m.target.id)] && html`<div class="muted small">${designations[standardOf(m.target.id)]}</div>`}
              <${ClauseLink} clause=${m.target} />
            </td>
            <td class="why">
              ${m.note && html`<p class="note">${m.note}</p>`}
              <p class="meta">
                ${m.rationale && html`<span>rationale: ${m.rationale.toLowerCase()}</span>`}
                ${m.basis && m.basis.length ? html`<span>basis: ${m.basis.map((b) => b.title || b.id).join("; ")}</span>` : null}
                <${ProvisionalBadge} provisional=${m.provisional} />
              </p>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Checkboxes of standards (for coverage sources and the integrated view). */
export function StandardChecklist({ legend, standards, chosen, onChange, idPrefix }) {
  const set = new Set(chosen);
  return html`<fieldset class="checklist">
    <legend>${legend}</legend>
    ${standards.map(
      (s) => html`<div class="check">
        <input type="checkbox" id=${`${idPrefix}-${s.id}`} checked=${set.has(s.id)}
          onChange=${(event) => {
            const next = event.currentTarget.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id);
            onChange(standards.map((x) => x.id).filter((id) => next.includes(id)));
          }} />
        <label for=${`${idPrefix}-${s.id}`}>${standardName(s)}</label>
      </div>`,
    )}
  </fieldset>`;
}
