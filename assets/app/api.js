// Talking to the service: GraphQL at /graphql and the downloads under /export/. Nothing else,
// and nothing outside this origin.

const cache = new Map();

/** Runs a GraphQL query; answers are cached for the life of the page (the dataset is immutable
 *  per version). Throws an Error with the server's messages when the answer has errors. */
export function graphql(query, variables = {}) {
  const key = JSON.stringify([query, variables]);
  if (!cache.has(key)) {
    const answer = fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    })
      .then(async (response) => {
        let body;
        try {
          body = await response.json();
        } catch {
          throw new Error(`the service answered HTTP ${response.status} without JSON`);
        }
        if (body.errors && body.errors.length) {
          throw new Error(body.errors.map((e) => e.message).join("; "));
        }
        return body.data;
      })
      .catch((error) => {
        cache.delete(key);
        throw error;
      });
    cache.set(key, answer);
  }
  return cache.get(key);
}

const STANDARDS = `{
  dataset { version standardCount clauseCount mappingCount }
  standards {
    id designation title kind status year publisher note clauseCount
    supersedes { id } supersededBy { id }
    mappingSets { id title transition mappingCount source { id } target { id } }
  }
}`;

/** Every standard with its mapping sets, and the dataset's figures. */
export function standards() {
  return graphql(STANDARDS);
}

const CLAUSES = `query($id: ID!, $after: String) {
  standard(id: $id) {
    clauses(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id ref title kind normative provisional parent { id } basis { id title } }
    }
  }
}`;

const clauseLists = new Map();

/** Every clause of a standard in document order, each with `parent` (an id or null),
 *  `children` (ids) and `depth`. */
export function clausesOf(standardId) {
  if (!clauseLists.has(standardId)) {
    const list = (async () => {
      const clauses = [];
      let after = null;
      for (;;) {
        const data = await graphql(CLAUSES, { id: standardId, after });
        if (!data.standard) throw new Error(`no standard with id ${standardId}`);
        const page = data.standard.clauses;
        clauses.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const byId = new Map();
      for (const c of clauses) {
        byId.set(c.id, { ...c, parent: c.parent ? c.parent.id : null, children: [], depth: 0 });
      }
      const list = [...byId.values()];
      for (const c of list) {
        const parent = c.parent && byId.get(c.parent);
        if (parent) parent.children.push(c.id);
      }
      for (const c of list) {
        let depth = 0;
        for (let p = c.parent; p && byId.has(p); p = byId.get(p).parent) depth += 1;
        c.depth = depth;
      }
      return { list, byId };
    })();
    list.catch(() => clauseLists.delete(standardId));
    clauseLists.set(standardId, list);
  }
  return clauseLists.get(standardId);
}

const CROSSWALK = `query($from: ID!, $to: ID!, $after: String) {
  crosswalk(from: $from, to: $to, first: 100, after: $after) {
    sourceCoverage targetCoverage
    mappings {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        source { id ref title } target { id ref title }
        relationship rationale strength change provisional inverted note
        basis { id title }
      }
    }
  }
}`;

/** Every mapping between two standards, read from `from` to `to`, all pages. */
export async function crosswalk(from, to) {
  const mappings = [];
  let after = null;
  let figures;
  for (;;) {
    const data = await graphql(CROSSWALK, { from, to, after });
    figures = data.crosswalk;
    mappings.push(...figures.mappings.nodes);
    if (!figures.mappings.pageInfo.hasNextPage) break;
    after = figures.mappings.pageInfo.endCursor;
  }
  return {
    mappings,
    totalCount: figures.mappings.totalCount,
    sourceCoverage: figures.sourceCoverage,
    targetCoverage: figures.targetCoverage,
  };
}

/** The download URL of a crosswalk in one format. */
export function crosswalkDownload(from, to, format) {
  const query = new URLSearchParams({ from, to, format });
  return `/export/crosswalk?${query}`;
}

/** Plans a transition for an inventory CSV: the plan document (`format=json`). The inventory
 *  goes to the service in this request only; nothing stores it. */
export async function planDocument(from, to, inventoryCsv) {
  const response = await postPlan(from, to, "json", inventoryCsv);
  return response.json();
}

/** Downloads the plan in `format` (csv, md, xlsx): fetched, then saved through a Blob. */
export async function downloadPlan(from, to, format, inventoryCsv) {
  const response = await postPlan(from, to, format, inventoryCsv);
  const blob = await response.blob();
  const disposition = response.headers.get("content-disposition") || "";
  const named = /filename="([^"]+)"/.exec(disposition);
  const name = named ? named[1] : `plan-${from}--${to}.${format}`;
  saveBlob(blob, name);
  return name;
}

/** The integrated plan of an inventory whose controls name clauses of several standards: every
 *  transition it calls for at once (`POST /export/plan` without `from` and `to`). */
export async function integratedPlanDocument(inventoryCsv) {
  const response = await postPlan(null, null, "json", inventoryCsv);
  return response.json();
}

/** Downloads the integrated plan in `format` (csv, md, xlsx), saved through a Blob. */
export async function downloadIntegratedPlan(format, inventoryCsv) {
  const response = await postPlan(null, null, format, inventoryCsv);
  const blob = await response.blob();
  const disposition = response.headers.get("content-disposition") || "";
  const named = /filename="([^"]+)"/.exec(disposition);
  const name = named ? named[1] : `integrated-plan.${format}`;
  saveBlob(blob, name);
  return name;
}

async function postPlan(from, to, format, inventoryCsv) {
  const query = new URLSearchParams(from && to ? { from, to, format } : { format });
  const response = await fetch(`/export/plan?${query}`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: inventoryCsv,
  });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      message = body.errors.map((e) => e.message).join("; ");
    } catch {
      // keep the status line
    }
    throw new Error(message);
  }
  return response;
}

/** Saves a Blob as a file, through a temporary object URL. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Where the page's own files are: the directory main.js was loaded from. */
export const ASSETS = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
