// The overview: what the page does, one way into each task, and the standards in the dataset.
import { html } from "./html.js";
import { href } from "./router.js";
import { defaultSuccessor, standardName } from "./widgets.js";
import { KINDS } from "./vocab.js";

export function Home({ catalogue }) {
  const has = (id) => catalogue.standards.some((s) => s.id === id);
  const designation = (id) => catalogue.standards.find((s) => s.id === id)?.designation ?? id;
  const pick = (...ids) => ids.filter(has);
  const [from, to] = pick("iso-iec-20000-1-2018", "iso-iec-27001-2022");
  const transition = defaultSuccessor(catalogue.standards);
  const tasks = [
    {
      title: "Explore a standard",
      text: "Walk a standard's clauses; open one for our summary, its themes, every mapping and its history across editions.",
      link: href("explore", { standard: from }),
      action: "Explore ISO/IEC 20000-1:2018",
    },
    {
      title: "Compare two standards",
      text: "A heat map of one standard's clauses against another's; open a cell for the mappings behind it; download the crosswalk.",
      link: href("compare", { from, to }),
      action: "Compare 20000-1:2018 with 27001:2022",
    },
    {
      title: "Coverage",
      text: "We hold these standards: how much of that one do we already cover, clause by clause?",
      link: href("coverage", { target: from, sources: pick("iso-iec-27001-2022", "iso-9001-2015") }),
      action: "Coverage of 20000-1:2018 by 27001 and 9001",
    },
    {
      title: "Plan a transition",
      text: "Upload your inventory of controls and get, for each clause of the new edition, carry over, review or implement.",
      link: href("plan", transition ? { from: transition.supersedes.id, to: transition.id } : {}),
      action: transition ? `Plan ${designation(transition.supersedes.id)} → ${designation(transition.id)}` : "Plan a transition",
    },
    {
      title: "Integrated view",
      text: "Several management-system standards side by side on the harmonized structure, ready to print.",
      link: href("integrated", { standards: pick("iso-iec-20000-1-2018", "iso-iec-27001-2022", "iso-9001-2015") }),
      action: "20000-1, 27001 and 9001 together",
    },
  ];
  const byKind = {};
  for (const s of catalogue.standards) (byKind[s.kind] ||= []).push(s);
  return html`
    <h1>How the standards fit together</h1>
    <p class="lead">Crosswalks between ISO/IEC 20000-1 (IT service management), its editions, and the
      management-system standards around it. Every mapping says how two clauses relate, how strongly
      (0–10), on what basis, whether it is provisional, and why.</p>
    <ul class="tasks">
      ${tasks.map(
        (t) => html`<li class="task">
          <h2>${t.title}</h2>
          <p>${t.text}</p>
          <p><a class="button" href=${t.link}>${t.action}</a></p>
        </li>`,
      )}
    </ul>
    <h2>Standards in the dataset</h2>
    ${Object.keys(KINDS)
      .filter((kind) => byKind[kind])
      .map(
        (kind) => html`<h3>${KINDS[kind]}</h3>
          <ul class="standards">
            ${byKind[kind].map(
              (s) => html`<li><a href=${href("explore", { standard: s.id })}>${standardName(s)}</a>
                <span class="muted"> ${s.title} · ${s.clauseCount} clauses</span></li>`,
            )}
          </ul>`,
      )}
  `;
}
