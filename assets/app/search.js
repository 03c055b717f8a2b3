// Search: ranked, typo-tolerant clause search across standards (the API's `search`).
// URL: /app/search?q=TEXT&standard=ID
import { html } from "./html.js";
import { update } from "./router.js";
import { graphql } from "./api.js";
import { View, loaded, StandardSelect, ClauseLink } from "./widgets.js";

const SEARCH = `query($query: String!, $standards: [ID!], $after: String) {
  search(query: $query, standards: $standards, first: 25, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id ref title summary standard { id designation } themes { title } }
  }
}`;

export class Search extends View {
  sync({ params }) {
    const q = (params.q || "").trim();
    const standards = params.standard ? [params.standard] : null;
    this.load("results", q ? `${q}\n${params.standard || ""}` : null, () => searchAll(q, standards, 1));
  }

  async more() {
    const { params } = this.props;
    const current = this.state.results.data;
    const next = await graphql(SEARCH, {
      query: params.q.trim(),
      standards: params.standard ? [params.standard] : null,
      after: current.pageInfo.endCursor,
    });
    this.setState({
      results: { data: { ...next.search, nodes: [...current.nodes, ...next.search.nodes] } },
    });
  }

  render({ params, catalogue }) {
    const q = (params.q || "").trim();
    return html`
      <h1>Search${q ? html` <span class="sub">“${q}”</span>` : null}</h1>
      <form class="controls" onSubmit=${(e) => e.preventDefault()}>
        <${StandardSelect} id="search-standard" label="In" value=${params.standard || ""} standards=${catalogue.standards} empty="every standard"
          onChange=${(id) => update({ standard: id }, { replace: true })} />
      </form>
      ${!q
        ? html`<p class="notice">Type words or a clause number in the search box at the top of the page. Typos and word forms are forgiven (“continuty plans”).</p>`
        : loaded(this.state.results, (results) => html`
            <p role="status">${results.totalCount} ${results.totalCount === 1 ? "clause" : "clauses"} found, best match first.</p>
            <ol class="results">
              ${results.nodes.map(
                (c) => html`<li>
                  <p class="muted small">${c.standard.designation}</p>
                  <p class="result-title"><${ClauseLink} clause=${c} /></p>
                  ${c.summary && html`<p class="summary">${c.summary}</p>`}
                  ${c.themes.length ? html`<p class="small">${c.themes.map((t) => html`<span class="badge theme">${t.title}</span> `)}</p>` : null}
                </li>`,
              )}
            </ol>
            ${results.pageInfo.hasNextPage && html`<p><button type="button" class="secondary" onClick=${() => this.more()}>Show more results</button></p>`}
          `)}
    `;
  }
}

async function searchAll(query, standards) {
  const data = await graphql(SEARCH, { query, standards, after: null });
  return data.search;
}
