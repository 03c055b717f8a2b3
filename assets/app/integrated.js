// Integrated view: several standards side by side on the harmonized structure (Annex SL), one
// row per harmonized clause, then each standard's own requirements; ready to print.
// URL: /app/integrated?standards=ID,ID,ID
import { html } from "./html.js";
import { update, list } from "./router.js";
import { graphql } from "./api.js";
import { View, loaded, StandardChecklist, ClauseLink } from "./widgets.js";

const INTEGRATED = `query($standards: [ID!]!) {
  integratedView(standards: $standards) {
    standards { id designation }
    withoutHubMapping { id designation }
    rows {
      hub { id ref title }
      cells { standard { id } clauses { id ref title } }
    }
  }
}`;

const DEFAULT = ["iso-iec-20000-1-2018", "iso-iec-27001-2022", "iso-9001-2015"];

export class Integrated extends View {
  candidates() {
    return this.props.catalogue.standards.filter((s) => s.kind !== "STRUCTURE");
  }

  sync({ params }) {
    if (params.standards === undefined) {
      const known = new Set(this.candidates().map((s) => s.id));
      update({ standards: DEFAULT.filter((id) => known.has(id)).join(",") }, { replace: true });
      return;
    }
    const chosen = list(params.standards);
    this.load("view", chosen.length ? chosen.join(",") : null, () => graphql(INTEGRATED, { standards: chosen }));
  }

  render({ params }) {
    const chosen = list(params.standards);
    return html`
      <h1>Integrated view</h1>
      <p class="lead no-print">One management system for several standards: each row is a clause of the harmonized
        structure with the clauses of every chosen standard that correspond to it, followed by the
        requirements particular to each standard.</p>
      <form class="controls no-print" onSubmit=${(e) => e.preventDefault()}>
        <${StandardChecklist} legend="Standards to integrate" idPrefix="integrated" standards=${this.candidates()} chosen=${chosen}
          onChange=${(next) => update({ standards: next.join(",") }, { replace: true })} />
        <p><button type="button" class="secondary" onClick=${() => window.print()}>Print</button></p>
      </form>
      ${!chosen.length
        ? html`<p class="notice">Tick at least one standard.</p>`
        : loaded(this.state.view, ({ integratedView }) => renderTable(integratedView))}
    `;
  }
}

function renderTable(view) {
  const hubRows = view.rows.filter((r) => r.hub);
  const ownRows = view.rows.filter((r) => !r.hub);
  const row = (r, i) => html`<tr>
    <th scope="row">${r.hub ? html`<${ClauseLink} clause=${r.hub} />` : html`<span class="muted">particular to one standard</span>`}</th>
    ${r.cells.map(
      (cell) => html`<td>${cell.clauses.length
        ? html`<ul class="plain">${cell.clauses.map((c) => html`<li><${ClauseLink} clause=${c} /></li>`)}</ul>`
        : html`<span class="muted" aria-label="nothing">—</span>`}</td>`,
    )}
  </tr>`;
  return html`
    ${view.withoutHubMapping.length
      ? html`<p class="notice">No crosswalk to the harmonized structure for ${view.withoutHubMapping.map((s) => s.designation).join(", ")}: their cells on harmonized rows stay empty.</p>`
      : null}
    <div class="table-scroll integrated-scroll" tabindex="0" role="region" aria-label="Integrated view table">
      <table class="integrated">
        <caption>${view.standards.map((s) => s.designation).join(" + ")} on the harmonized structure</caption>
        <thead>
          <tr>
            <th scope="col">Harmonized structure</th>
            ${view.standards.map((s) => html`<th scope="col">${s.designation}</th>`)}
          </tr>
        </thead>
        <tbody>${hubRows.map(row)}</tbody>
        ${ownRows.length
          ? html`<tbody class="own">
              <tr><th scope="rowgroup" colspan=${view.standards.length + 1} class="section">Requirements particular to one standard (${ownRows.length})</th></tr>
              ${ownRows.map(row)}
            </tbody>`
          : null}
      </table>
    </div>
  `;
}
