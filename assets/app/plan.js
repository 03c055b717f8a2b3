// Plan a transition: an inventory of controls (pasted, uploaded, loaded from the example or
// built in a table) planned from one edition to the next, grouped by action and filterable,
// with what is provisional and why, downloadable as CSV, Markdown or xlsx.
//
// The inventory stays in this page's memory: it goes to the service only in the request that
// plans it (POST /export/plan), and nothing stores it. The view is a list of panels over the
// same inventory: the transition plan chosen, and, when the inventory names clauses (by full id)
// of two or more standards that have a newer edition, the integrated plan of every transition it
// calls for, with the requirements one control could meet for all.
// URL: /app/plan?from=ID&to=ID&action=REVIEW&provisional=1&q=TEXT&edit=table
import { html, Component } from "./html.js";
import { href, navigate, update } from "./router.js";
import {
  ASSETS, clausesOf, downloadIntegratedPlan, downloadPlan, integratedPlanDocument, planDocument,
} from "./api.js";
import { View, loaded, ClauseLink, defaultSuccessor, standardName, standardOf, ErrorBox } from "./widgets.js";
import { ACTIONS, CHANGES, percent } from "./vocab.js";
import * as csv from "./csv.js";

const TEMPLATE = `${ASSETS}/inventory-2018.csv`;

/** The inventory as typed and as last planned; kept while the page is open, never stored. */
const inventory = { text: "", planned: null };

export class Plan extends View {
  constructor(props) {
    super(props);
    this.state = { text: inventory.text, planned: inventory.planned, saved: null, busy: false };
  }

  transitions() {
    const { catalogue } = this.props;
    const byId = Object.fromEntries(catalogue.standards.map((s) => [s.id, s]));
    return catalogue.standards
      .filter((s) => s.supersedes && byId[s.supersedes.id])
      .map((s) => ({ from: byId[s.supersedes.id], to: s }));
  }

  pair() {
    const { params } = this.props;
    const transitions = this.transitions();
    const chosen = transitions.find((t) => t.from.id === params.from && t.to.id === params.to);
    const preferred = defaultSuccessor(transitions.map((t) => t.to));
    return chosen || transitions.find((t) => t.to === preferred);
  }

  sync({ params }) {
    const pair = this.pair();
    if (pair && (params.from !== pair.from.id || params.to !== pair.to.id)) {
      update({ from: pair.from.id, to: pair.to.id }, { replace: true });
      return;
    }
    const text = this.state.planned;
    this.load("plan", pair && text !== null ? `${pair.from.id}→${pair.to.id}\n${text}` : null, () =>
      planWithDetails(pair.from.id, pair.to.id, text),
    );
    const integrated = text !== null && this.superseded(text).length > 1;
    this.load("integrated", integrated ? `integrated\n${text}` : null, () => integratedPlanDocument(text));
  }

  /** The standards the inventory names by full clause id that a newer edition supersedes. */
  superseded(text) {
    const { catalogue } = this.props;
    const replaced = new Set(catalogue.standards.filter((s) => s.supersedes).map((s) => s.supersedes.id));
    const named = new Set();
    for (const row of csv.controls(text)) {
      for (const ref of row.clauses.split(";")) {
        const id = ref.trim();
        if (id.includes(":")) named.add(id.slice(0, id.indexOf(":")));
      }
    }
    return [...named].filter((id) => replaced.has(id));
  }

  async downloadIntegrated(format) {
    this.setState({ busy: true, saved: null, downloadError: null });
    try {
      const name = await downloadIntegratedPlan(format, this.state.planned);
      this.setState({ busy: false, saved: name });
    } catch (error) {
      this.setState({ busy: false, downloadError: error.message });
    }
  }

  setText(text) {
    inventory.text = text;
    this.setState({ text, saved: null });
  }

  makePlan(event) {
    if (event) event.preventDefault();
    inventory.planned = this.state.text;
    this.showPlanWhenReady = true;
    this.setState({ planned: this.state.text });
  }

  componentDidUpdate(previous) {
    super.componentDidUpdate(previous);
    // After "Make the plan", take keyboard focus (and the eye) to the plan once it is there.
    const plan = this.state.plan;
    if (this.showPlanWhenReady && plan && !plan.loading) {
      this.showPlanWhenReady = false;
      const heading = document.getElementById("transition-plan-heading");
      if (heading) {
        heading.focus({ preventScroll: true });
        heading.scrollIntoView({ block: "start" });
      }
    }
  }

  async loadExample() {
    const response = await fetch(TEMPLATE);
    this.setText(await response.text());
  }

  async upload(event) {
    const file = event.currentTarget.files && event.currentTarget.files[0];
    if (file) this.setText(await file.text());
  }

  async download(format) {
    const pair = this.pair();
    this.setState({ busy: true, saved: null, downloadError: null });
    try {
      const name = await downloadPlan(pair.from.id, pair.to.id, format, this.state.planned);
      this.setState({ busy: false, saved: name });
    } catch (error) {
      this.setState({ busy: false, downloadError: error.message });
    }
  }

  render({ params, catalogue }) {
    const transitions = this.transitions();
    const pair = this.pair();
    if (!pair) return html`<h1>Plan a transition</h1><p class="notice">This dataset has no edition transition.</p>`;
    const { text, planned } = this.state;
    const plan = this.state.plan;
    const problems = plan && plan.data ? plan.data.problems : [];
    const stale = planned !== null && planned !== text;
    const mode = params.edit === "table" ? "table" : "text";
    return html`
      <h1>Plan a transition</h1>
      <p class="lead">Describe the controls you have, each with the clauses of the old edition it serves, and
        get, for every requirement of the new edition, what to carry over, review or implement.
        Your inventory stays in this browser; it is sent only to plan it, and never stored.</p>
      <form class="plan-form" onSubmit=${(e) => this.makePlan(e)}>
        <div class="controls">
          <div class="field">
            <label for="plan-transition">Transition</label>
            <select id="plan-transition" value=${`${pair.from.id}|${pair.to.id}`}
              onChange=${(e) => {
                const [from, to] = e.currentTarget.value.split("|");
                navigate(href("plan", { ...params, from, to }));
              }}>
              ${transitions.map((t) => html`<option value=${`${t.from.id}|${t.to.id}`}>${standardName(t.from)} → ${standardName(t.to)}</option>`)}
            </select>
          </div>
        </div>
        <fieldset class="inventory">
          <legend>Your inventory of controls</legend>
          <p class="hint" id="inventory-format">A CSV file with the columns <code>id,title,clauses,status</code>: <code>clauses</code> lists clause numbers of ${pair.from.designation} (such as <code>8.5.1</code>) or clause ids of any standard (such as <code>iso-iec-27001-2022:A.8.32</code>), separated by <code>;</code>; <code>status</code> is IMPLEMENTED (the default), PARTIAL or PLANNED.</p>
          <div class="inventory-actions">
            <button type="button" class="secondary" onClick=${() => this.loadExample()}>Load the example inventory</button>
            <a class="button secondary" href=${TEMPLATE} download="inventory-template.csv">Download the template</a>
            <span class="field file">
              <label for="plan-upload">Upload a CSV file</label>
              <input id="plan-upload" type="file" accept=".csv,text/csv,text/plain" onChange=${(e) => this.upload(e)} />
            </span>
          </div>
          <div class="segmented" role="group" aria-label="Edit the inventory as">
            <button type="button" aria-pressed=${mode === "text" ? "true" : "false"} onClick=${() => update({ edit: "" }, { replace: true })}>Edit as text</button>
            <button type="button" aria-pressed=${mode === "table" ? "true" : "false"} onClick=${() => update({ edit: "table" }, { replace: true })}>Edit as a table</button>
          </div>
          ${mode === "text"
            ? html`<${TextEditor} text=${text} onChange=${(t) => this.setText(t)} problems=${stale ? [] : problems} />`
            : html`<${TableEditor} text=${text} onChange=${(t) => this.setText(t)} problems=${stale ? [] : problems} />`}
          ${stale && html`<p class="notice" role="status">The inventory changed since the plan below was made.</p>`}
        </fieldset>
        <p><button type="submit" class="primary" disabled=${!text.trim()}>Make the plan</button></p>
      </form>
      ${problems.length && !stale ? html`<${ProblemList} problems=${problems} text=${planned} />` : null}
      <div class="plan-panels">
        <section class="panel" aria-labelledby="transition-plan-heading">
          <h2 id="transition-plan-heading" tabindex="-1">${standardName(pair.from)} → ${standardName(pair.to)}</h2>
          ${planned === null
            ? html`<p class="muted">Load, upload, paste or build an inventory, then make the plan.</p>`
            : loaded(plan, (answer) => html`
                <div class="downloads" role="group" aria-label="Download this plan">
                  <span class="label">Download the plan:</span>
                  ${[["csv", "CSV"], ["md", "Markdown"], ["xlsx", "Excel (xlsx)"]].map(
                    ([format, label]) => html`<button type="button" class="secondary" disabled=${this.state.busy} onClick=${() => this.download(format)}>${label}</button> `,
                  )}
                  <span role="status" class="saved">${this.state.saved ? `Saved ${this.state.saved}` : ""}</span>
                </div>
                ${this.state.downloadError && html`<${ErrorBox} message=${this.state.downloadError} />`}
                <${TransitionPlan} answer=${answer} params=${params} />`)}
        </section>
        ${this.state.integrated && html`<section class="panel" aria-labelledby="integrated-plan-heading">
          <h2 id="integrated-plan-heading">Integrated plan: every transition this inventory calls for</h2>
          <p class="muted">Your controls name clauses of several standards that have a newer edition, so
            each transition is planned for the same inventory, with what they have in common.</p>
          ${loaded(this.state.integrated, (doc) => html`
            <div class="downloads" role="group" aria-label="Download the integrated plan">
              <span class="label">Download the integrated plan:</span>
              ${[["csv", "CSV"], ["md", "Markdown"], ["xlsx", "Excel (xlsx)"]].map(
                ([format, label]) => html`<button type="button" class="secondary" disabled=${this.state.busy} onClick=${() => this.downloadIntegrated(format)}>${label}</button> `,
              )}
            </div>
            <${IntegratedPlan} doc=${doc} catalogue=${catalogue} />`)}
        </section>`}
      </div>
    `;
  }
}

/** Plans, then fetches the clause lists the plan refers to (titles, and why a clause is
 *  provisional). Problems are read as `{ line, message }`; a service that still lists
 *  `userErrors` (with a field path) gives them without a line. */
async function planWithDetails(from, to, text) {
  const doc = await planDocument(from, to, text);
  const problems = Array.isArray(doc.problems)
    ? doc.problems.map((p) => ({ line: typeof p.line === "number" ? p.line : null, message: p.message }))
    : (doc.userErrors || []).map((p) => ({ line: null, message: p.message }));
  const standards = new Set([from, to]);
  for (const item of doc.items) {
    for (const id of [...item.guidance, ...item.predecessors]) standards.add(standardOf(id));
  }
  const clauses = new Map();
  for (const id of standards) {
    const tree = await clausesOf(id);
    for (const c of tree.list) clauses.set(c.id, c);
  }
  return { doc, problems, clauses };
}

function TextEditor({ text, onChange, problems }) {
  return html`<div class="field">
    <label for="plan-inventory">Inventory (CSV)</label>
    <textarea id="plan-inventory" rows="12" spellcheck="false" aria-describedby="inventory-format"
      value=${text} onInput=${(e) => onChange(e.currentTarget.value)}
      placeholder="id,title,clauses,status"></textarea>
    ${problems.some((p) => p.line) ? html`<p class="hint">Problems are listed below with the line they come from.</p>` : null}
  </div>`;
}

/** The inventory as a table; every edit rewrites the CSV text. */
class TableEditor extends Component {
  change(rows) {
    this.props.onChange(csv.write(rows));
  }

  render({ text, problems }) {
    const rows = csv.controls(text);
    const set = (i, column, value) => this.change(rows.map((r, j) => (j === i ? { ...r, [column]: value } : r)));
    const byLine = new Map();
    for (const p of problems) if (p.line) byLine.set(p.line, [...(byLine.get(p.line) || []), p.message]);
    return html`<div class="table-scroll" tabindex="0" role="region" aria-label="Inventory table">
      <table class="inventory-table">
        <caption>Controls (${rows.length})</caption>
        <thead><tr><th scope="col">Line</th><th scope="col">Id</th><th scope="col">Title</th><th scope="col">Clauses (separated by ;)</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${rows.map((row, i) => {
            const rowProblems = byLine.get(row.line) || [];
            const label = (what) => `${what} of control ${i + 1}${row.id ? ` (${row.id})` : ""}`;
            return html`<tr class=${rowProblems.length ? "has-problem" : ""}>
              <td class="line">${row.line}</td>
              <td><input aria-label=${label("Id")} value=${row.id} onInput=${(e) => set(i, "id", e.currentTarget.value)} /></td>
              <td><input aria-label=${label("Title")} value=${row.title} onInput=${(e) => set(i, "title", e.currentTarget.value)} /></td>
              <td><input aria-label=${label("Clauses")} value=${row.clauses} onInput=${(e) => set(i, "clauses", e.currentTarget.value)} />
                ${rowProblems.map((m) => html`<p class="problem">${m}</p>`)}</td>
              <td><select aria-label=${label("Status")} value=${row.status} onChange=${(e) => set(i, "status", e.currentTarget.value)}>
                <option value="">(implemented)</option>
                ${csv.STATUSES.map((s) => html`<option value=${s}>${s.toLowerCase()}</option>`)}
                ${row.status && !csv.STATUSES.includes(row.status) ? html`<option value=${row.status}>${row.status}</option>` : null}
              </select></td>
              <td><button type="button" class="link" aria-label=${`Remove control ${i + 1}${row.id ? ` (${row.id})` : ""}`}
                onClick=${() => this.change(rows.filter((_, j) => j !== i))}>Remove</button></td>
            </tr>`;
          })}
        </tbody>
      </table>
      <p><button type="button" class="secondary" onClick=${() => this.change([...rows, { id: "", title: "", clauses: "", status: "IMPLEMENTED" }])}>Add a control</button></p>
    </div>`;
  }
}

function ProblemList({ problems, text }) {
  return html`<section class="problems" aria-labelledby="problems-heading">
    <h2 id="problems-heading">Problems in the inventory (${problems.length})</h2>
    <p class="hint">The plan was made for every line that could be read.</p>
    <ul>
      ${problems.map(
        (p) => html`<li>
          ${p.line ? html`<span class="line-ref">Line ${p.line}</span> <code class="line-text">${csv.lineText(text, p.line)}</code>` : null}
          <span class="problem">${p.message}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

function TransitionPlan({ answer, params }) {
  const { doc, clauses } = answer;
  const s = doc.summary;
  const action = ACTIONS[params.action] ? params.action : "";
  const onlyProvisional = params.provisional === "1";
  const q = (params.q || "").trim().toLowerCase();
  const clause = (id) => clauses.get(id) || { id, ref: id.slice(id.indexOf(":") + 1), title: null };
  const matches = (item) => {
    if (action && item.action !== action) return false;
    if (onlyProvisional && !item.provisional) return false;
    if (!q) return true;
    const c = clause(item.clause);
    return [c.ref, c.title || item.title || "", item.rationale, ...item.reusableControls].some((t) => t && t.toLowerCase().includes(q));
  };
  const items = doc.items.filter(matches);
  return html`
    <p class="readiness"><strong>${percent(s.readiness)}</strong> ready <span class="muted">(carry over + half of review, over carry over + review + implement)</span></p>
    <dl class="counts">
      ${[["CARRY_OVER", s.carryOver], ["REVIEW", s.review], ["IMPLEMENT", s.implement], ["RETIRE", s.retire]].map(
        ([id, n]) => html`<div class=${`count action-${id}`}><dt>${ACTIONS[id].label}</dt><dd>${n}</dd></div>`,
      )}
    </dl>
    <form class="controls filters" onSubmit=${(e) => e.preventDefault()} aria-label="Filter the plan">
      <div class="field">
        <label for="plan-action">Action</label>
        <select id="plan-action" value=${action} onChange=${(e) => update({ action: e.currentTarget.value }, { replace: true })}>
          <option value="">every action</option>
          ${Object.entries(ACTIONS).map(([id, a]) => html`<option value=${id}>${a.label}</option>`)}
        </select>
      </div>
      <div class="field check">
        <input type="checkbox" id="plan-provisional" checked=${onlyProvisional}
          onChange=${(e) => update({ provisional: e.currentTarget.checked ? "1" : "" }, { replace: true })} />
        <label for="plan-provisional">Only provisional items</label>
      </div>
      <div class="field">
        <label for="plan-filter">Clause, control or word</label>
        <input id="plan-filter" type="search" value=${params.q || ""} onInput=${(e) => update({ q: e.currentTarget.value }, { replace: true })} />
      </div>
    </form>
    <p role="status" class="muted">${items.length} of ${doc.items.length} items shown.</p>
    ${Object.keys(ACTIONS).map((id) => {
      const group = items.filter((i) => i.action === id);
      if (!group.length) return null;
      return html`<section class=${`action-group action-${id}`} aria-labelledby=${`group-${id}`}>
        <h3 id=${`group-${id}`}><span class=${`badge action action-${id}`}>${ACTIONS[id].label}</span> ${group.length}
          <span class="muted small">${ACTIONS[id].help}</span></h3>
        <div class="table-scroll" tabindex="0" role="region" aria-label=${`${ACTIONS[id].label} items`}>
          <table class="plan-items">
            <thead><tr><th scope="col">Clause</th><th scope="col">Change</th><th scope="col">Comes from</th><th scope="col">Your controls</th><th scope="col">Provisional</th><th scope="col">Why</th></tr></thead>
            <tbody>
              ${group.map((item) => {
                const c = clause(item.clause);
                return html`<tr class="plan-item" data-clause=${item.clause}>
                  <th scope="row"><${ClauseLink} clause=${{ ...c, title: c.title || item.title }} /></th>
                  <td>${item.change ? CHANGES[item.change] || item.change : "—"}</td>
                  <td>${item.predecessors.length ? item.predecessors.map((p, i) => html`${i ? ", " : ""}<${ClauseLink} clause=${{ ...clause(p), title: null }} />`) : html`<span class="muted">nothing</span>`}</td>
                  <td>${item.reusableControls.length ? item.reusableControls.join(", ") : html`<span class="muted">none</span>`}</td>
                  <td>${item.provisional ? html`<${WhyProvisional} clause=${c} />` : "no"}</td>
                  <td>
                    <p class="note">${item.rationale}</p>
                    ${item.guidance.length ? html`<p class="small"><span class="label">Guidance:</span> ${item.guidance.map((g, i) => html`${i ? "; " : ""}<${ClauseLink} clause=${clause(g)} />`)}</p>` : null}
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
      </section>`;
    })}
  `;
}

/** The integrated plan: each transition's counts, the requirements one control could meet for
 *  all, and the controls that serve several transitions. */
function IntegratedPlan({ doc, catalogue }) {
  const byId = Object.fromEntries(catalogue.standards.map((s) => [s.id, s]));
  const name = (id) => (byId[id] ? standardName(byId[id]) : id);
  const item = (i) => html`<${ClauseLink} clause=${{ id: i.clause, ref: i.clause.slice(i.clause.indexOf(":") + 1), title: null }} />
    <span class=${`badge action action-${i.action}`}>${ACTIONS[i.action] ? ACTIONS[i.action].label : i.action}</span>
    ${i.change ? html` <span class="small muted">${CHANGES[i.change] || i.change}</span>` : null}`;
  return html`
    <div class="table-scroll" tabindex="0" role="region" aria-label="Transitions">
      <table class="integrated-transitions">
        <caption>Transitions planned (${doc.transitions.length})</caption>
        <thead><tr><th scope="col">Transition</th><th scope="col">Carry over</th><th scope="col">Review</th><th scope="col">Implement</th><th scope="col">Retire</th><th scope="col">Ready</th></tr></thead>
        <tbody>
          ${doc.transitions.map((t) => html`<tr>
            <th scope="row"><a href=${href("plan", { from: t.from, to: t.to })}>${name(t.from)} → ${name(t.to)}</a></th>
            <td>${t.summary.carryOver}</td><td>${t.summary.review}</td><td>${t.summary.implement}</td><td>${t.summary.retire}</td>
            <td>${percent(t.summary.readiness)}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>
    <h3>One control for several standards (${doc.sharedRequirements.length})</h3>
    <p class="hint">New or changed requirements of several transitions that correspond to one clause of the harmonized structure: a single control, designed once, could meet them all.</p>
    <ul class="shared-requirements">
      ${doc.sharedRequirements.map((s) => html`<li>
        <strong>${s.hub.slice(s.hub.indexOf(":") + 1)} ${s.title || ""}</strong> (harmonized structure):
        <ul>${s.items.map((i) => html`<li>${name(i.to)}: ${item(i)}</li>`)}</ul>
      </li>`)}
    </ul>
    <h3>Controls that serve several transitions (${doc.sharedControls.length})</h3>
    <ul class="shared-controls">
      ${doc.sharedControls.map((c) => html`<li><strong>${c.control}</strong>: ${c.items.map((i, n) => html`${n ? "; " : ""}${item(i)}`)}</li>`)}
    </ul>`;
}

function WhyProvisional({ clause }) {
  const basis = clause.basis || [];
  return html`<span class="badge provisional">provisional</span>
    <span class="small"> ${basis.length ? `basis: ${basis.map((b) => b.title || b.id).join("; ")}` : "the transition is not confirmed by a published text"}</span>`;
}
