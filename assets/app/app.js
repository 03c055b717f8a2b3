// The shell: header with navigation and search (on every view), the view the URL names, and
// focus moved to the new view's heading after each navigation, for keyboard and screen-reader
// users.
import { html, Component } from "./html.js";
import { current, href, navigate, subscribe } from "./router.js";
import { standards } from "./api.js";
import { ErrorBox } from "./widgets.js";
import { Home } from "./home.js";
import { Explore } from "./explore.js";
import { Compare } from "./compare.js";
import { Coverage } from "./coverage.js";
import { Plan } from "./plan.js";
import { Integrated } from "./integrated.js";
import { Search } from "./search.js";

const VIEWS = {
  home: { title: "Overview", component: Home },
  explore: { title: "Explore", component: Explore, nav: "Explore" },
  compare: { title: "Compare two standards", component: Compare, nav: "Compare" },
  coverage: { title: "Coverage", component: Coverage, nav: "Coverage" },
  plan: { title: "Plan a transition", component: Plan, nav: "Plan a transition" },
  integrated: { title: "Integrated view", component: Integrated, nav: "Integrated view" },
  search: { title: "Search", component: Search },
};

export class App extends Component {
  constructor(props) {
    super(props);
    const location = current();
    this.state = { location, catalogue: null, error: null, query: location.view === "search" ? location.params.q || "" : "" };
  }

  componentDidMount() {
    this.unsubscribe = subscribe(({ replace }) => {
      const location = current();
      const viewChanged = location.view !== this.state.location.view;
      this.setState({ location, query: location.view === "search" ? location.params.q || "" : this.state.query }, () => {
        if (!replace || viewChanged) this.focusHeading();
      });
    });
    standards().then(
      (catalogue) => this.setState({ catalogue }),
      (error) => this.setState({ error: error.message }),
    );
  }

  componentWillUnmount() {
    this.unsubscribe();
  }

  focusHeading() {
    // After the view has rendered its heading.
    requestAnimationFrame(() => {
      const heading = document.querySelector("main h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
    });
  }

  search(event) {
    event.preventDefault();
    const q = this.state.query.trim();
    if (q) navigate(href("search", { q }));
  }

  render() {
    const { location, catalogue, error } = this.state;
    const view = VIEWS[location.view];
    document.title = `${view ? view.title : "Not found"} · itsm-crosswalk`;
    const View = view && view.component;
    return html`
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <div class="brand"><a href="/app">itsm-crosswalk</a>
          <span class="tagline">ISO/IEC 20000-1 and the standards around it</span></div>
        <nav aria-label="Views">
          <ul>
            ${Object.entries(VIEWS)
              .filter(([, v]) => v.nav)
              .map(
                ([id, v]) => html`<li><a href=${href(id)} aria-current=${location.view === id ? "page" : undefined}>${v.nav}</a></li>`,
              )}
          </ul>
        </nav>
        <form class="site-search" role="search" onSubmit=${(e) => this.search(e)}>
          <label for="site-search-input">Search clauses</label>
          <input id="site-search-input" type="search" value=${this.state.query} placeholder="e.g. change management, A.5.24"
            autocomplete="off" onInput=${(e) => this.setState({ query: e.currentTarget.value })} />
          <button type="submit">Search</button>
        </form>
      </header>
      <main id="main" tabindex="-1">
        ${error
          ? html`<h1>itsm-crosswalk</h1><${ErrorBox} message=${error} />`
          : !catalogue
            ? html`<h1>${view ? view.title : "itsm-crosswalk"}</h1><p class="status" role="status">Loading…</p>`
            : View
              ? html`<${View} params=${location.params} catalogue=${catalogue} />`
              : html`<h1>Not found</h1><p>This page has no view called “${location.view}”. <a href="/app">Go to the overview</a>.</p>`}
      </main>
      <footer class="site-footer">
        ${catalogue && html`<p>${
          `Dataset ${catalogue.dataset.version}: ${catalogue.dataset.standardCount} standards, ` +
          `${catalogue.dataset.clauseCount} clauses, ${catalogue.dataset.mappingCount} mappings. ` +
          "Summaries and notes are our own words, never the standards' text. For programs: "
        }<a href="/">the GraphQL API</a>.</p>`}
      </footer>
    `;
  }
}
