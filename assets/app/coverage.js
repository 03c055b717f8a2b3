// Coverage: "we hold these standards; how much of that one do we cover?" FULL / PARTIAL / NONE
// per clause with the mappings behind each level, the reasons recorded for checked absences,
// and the ratio. URL: /app/coverage?target=ID&sources=ID,ID&level=NONE
import { html } from "./html.js";
import { href, navigate, update, list } from "./router.js";
import { graphql } from "./api.js";
import { View, loaded, StandardSelect, StandardChecklist, ClauseLink, RelationshipBadge } from "./widgets.js";
import { LEVELS, percent } from "./vocab.js";

const COVERAGE = `query($target: ID!, $sources: [ID!]!) {
  coverage(target: $target, sources: $sources) {
    full partial none ratio
    target { designation }
    clauses {
      clause { id ref title normative }
      level
      via { target { id ref title standard { designation } } relationship strength provisional }
      checkedAbsences { target { id ref title standard { designation } } note }
    }
  }
}`;

export class Coverage extends View {
  target() {
    const { params, catalogue } = this.props;
    return params.target || (catalogue.standards.some((s) => s.id === "iso-iec-20000-1-2018") ? "iso-iec-20000-1-2018" : catalogue.standards[0].id);
  }

  sync({ params }) {
    const target = this.target();
    const sources = list(params.sources).filter((id) => id !== target);
    this.load("coverage", sources.length ? `${target}<${sources.join(",")}` : null, () =>
      graphql(COVERAGE, { target, sources }),
    );
  }

  render({ params, catalogue }) {
    const target = this.target();
    const sources = list(params.sources).filter((id) => id !== target);
    const candidates = catalogue.standards.filter((s) => s.id !== target);
    const level = LEVELS[params.level] ? params.level : "";
    return html`
      <h1>Coverage</h1>
      <p class="lead">Pick the standards your organisation already meets and the one you want to measure.</p>
      <form class="controls stacked" onSubmit=${(e) => e.preventDefault()}>
        <${StandardSelect} id="coverage-target" label="Standard to measure" value=${target} standards=${catalogue.standards}
          onChange=${(id) => navigate(href("coverage", { target: id, sources: sources.filter((s) => s !== id) }))} />
        <${StandardChecklist} legend="Standards you already meet" idPrefix="coverage-source" standards=${candidates} chosen=${sources}
          onChange=${(chosen) => update({ sources: chosen.join(",") }, { replace: true })} />
      </form>
      ${!sources.length
        ? html`<p class="notice">Tick at least one standard you already meet.</p>`
        : loaded(this.state.coverage, ({ coverage }) => this.renderReport(coverage, level))}
    `;
  }

  renderReport(coverage, level) {
    const shown = coverage.clauses.filter((c) => c.clause.normative && (!level || c.level === level));
    return html`
      <section aria-labelledby="coverage-summary">
        <h2 id="coverage-summary">${percent(coverage.ratio)} of ${coverage.target.designation} fully covered</h2>
        <dl class="counts">
          ${["FULL", "PARTIAL", "NONE"].map(
            (l) => html`<div class=${`count level-${l}`}><dt>${LEVELS[l].label}</dt><dd>${coverage[l.toLowerCase()]}</dd></div>`,
          )}
        </dl>
        <p class="hint">Counts are of requirement-carrying clauses. A parent is full only when all its sub-clauses are.</p>
      </section>
      <div class="field inline">
        <label for="coverage-level">Show</label>
        <select id="coverage-level" value=${level} onChange=${(e) => update({ level: e.currentTarget.value }, { replace: true })}>
          <option value="">every level</option>
          ${Object.entries(LEVELS).map(([id, l]) => html`<option value=${id}>${l.label} only</option>`)}
        </select>
      </div>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Coverage by clause">
        <table class="coverage">
          <caption>Coverage of ${coverage.target.designation}, clause by clause (${shown.length})</caption>
          <thead><tr><th scope="col">Clause</th><th scope="col">Level</th><th scope="col">Why</th></tr></thead>
          <tbody>
            ${shown.map(
              (c) => html`<tr>
                <th scope="row"><${ClauseLink} clause=${c.clause} /></th>
                <td><span class=${`badge level level-${c.level}`}>${LEVELS[c.level].label}</span></td>
                <td>
                  ${c.via.length
                    ? html`<ul class="plain">${c.via.map(
                        (m) => html`<li><${RelationshipBadge} relationship=${m.relationship} strength=${m.strength} />
                          ${m.strength !== null ? ` ${m.strength}/10 ` : " "}<span class="muted">${m.target.standard.designation}</span>${" "}<${ClauseLink} clause=${m.target} />${m.provisional ? html` <span class="badge provisional">provisional</span>` : null}</li>`,
                      )}</ul>`
                    : null}
                  ${c.checkedAbsences.length
                    ? html`<ul class="plain absences">${c.checkedAbsences.map(
                        (m) => html`<li><strong>Checked, nothing corresponds</strong> in ${m.target.standard.designation}${m.note ? `: ${m.note}` : "."}</li>`,
                      )}</ul>`
                    : c.level === "NONE"
                      ? html`<p class="muted">Not assessed against these standards: no mapping records a relationship or a checked absence.</p>`
                      : null}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}
