// The web page at /app in a real browser (Debian's Chromium through playwright-core): every
// view loads with no error and no serious or critical axe-core violation; the main flows work
// and show what the API answers; nothing is requested outside the service; a dataset overlay
// whose texts carry markup shows them as text and runs nothing. Started by run.sh, which sets
// BASE_URL, HOSTILE_URL, ARTIFACTS and ROOT.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const BASE = process.env.BASE_URL;
const HOSTILE = process.env.HOSTILE_URL;
const ARTIFACTS = process.env.ARTIFACTS || "target/browser-artifacts";
const ROOT = process.env.ROOT || "../..";
assert.ok(BASE && HOSTILE, "run through tests/browser/run.sh (BASE_URL and HOSTILE_URL)");

const FROM = "iso-iec-20000-1-2018";
const TO_27001 = "iso-iec-27001-2022";
const NEXT = "iso-iec-20000-1-next";

let browser;
/** Every URL any page asked for, across all tests (checked by the last test). */
const requested = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A fresh page on `base` that records requests, page errors, console errors and CSP
 *  violations, and refuses every request that would leave the service's origin. */
async function open(base = BASE, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const origin = new URL(base).origin;
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    if (url.startsWith("blob:") || url.startsWith("data:") || new URL(url).origin === origin) return route.continue();
    return route.abort();
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("request", (request) => requested.push(request.url()));
  return { context, page, problems };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** The serious and critical axe-core violations on the page as it is now. */
async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const outcome = await axe.run(document, { resultTypes: ["violations"] });
    return outcome.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

async function assertClean(page, problems, what) {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(csp, [], `${what}: Content-Security-Policy violations`);
  assert.deepEqual(problems, [], `${what}: errors in the page`);
}

async function graphql(query, variables = {}) {
  const response = await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

async function apiCrosswalk(from, to) {
  const mappings = [];
  let after = null;
  for (;;) {
    const data = await graphql(
      `query($from: ID!, $to: ID!, $after: String) { crosswalk(from: $from, to: $to, first: 100, after: $after) {
        mappings { pageInfo { hasNextPage endCursor } nodes { source { id ref } target { id ref } relationship strength } } } }`,
      { from, to, after },
    );
    mappings.push(...data.crosswalk.mappings.nodes);
    if (!data.crosswalk.mappings.pageInfo.hasNextPage) return mappings;
    after = data.crosswalk.mappings.pageInfo.endCursor;
  }
}

async function apiClauses(standard) {
  const clauses = [];
  let after = null;
  for (;;) {
    const data = await graphql(
      `query($id: ID!, $after: String) { standard(id: $id) { clauses(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { id ref parent { id } } } } }`,
      { id: standard, after },
    );
    clauses.push(...data.standard.clauses.nodes);
    if (!data.standard.clauses.pageInfo.hasNextPage) return clauses;
    after = data.standard.clauses.pageInfo.endCursor;
  }
}

/** A clause id and every clause below it. */
function subtree(clauses, id) {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of clauses) {
      if (c.parent && ids.has(c.parent.id) && !ids.has(c.id)) {
        ids.add(c.id);
        grew = true;
      }
    }
  }
  return ids;
}

async function planFromApi(from, to, format, csvText) {
  const response = await fetch(`${BASE}/export/plan?from=${from}&to=${to}&format=${format}`, { method: "POST", body: csvText });
  assert.equal(response.status, 200);
  return Buffer.from(await response.arrayBuffer());
}

const VIEWS = [
  ["home", "/app", "ul.tasks"],
  ["explore", `/app/explore?standard=${FROM}&clause=8.5.1.3`, "h2.clause-title"],
  ["compare", `/app/compare?from=${FROM}&to=${TO_27001}`, "table.matrix td.cell button"],
  ["coverage", `/app/coverage?target=${FROM}&sources=${TO_27001},iso-9001-2015`, "table.coverage tbody tr"],
  ["plan", `/app/plan?from=${FROM}&to=${NEXT}`, "#plan-inventory"],
  ["integrated", `/app/integrated?standards=${FROM},${TO_27001},iso-9001-2015`, "table.integrated tbody tr"],
  ["search", "/app/search?q=continuty%20plans", "ol.results li"],
];

for (const [name, url, ready] of VIEWS) {
  test(`the ${name} view loads with no error and no serious accessibility violation`, async () => {
    const { context, page, problems } = await open();
    await page.goto(BASE + url);
    await page.waitForSelector(ready);
    await page.waitForLoadState("networkidle");
    assert.ok((await page.textContent("main h1")).trim().length > 0, "a heading");
    await shot(page, `view-${name}`);
    assert.deepEqual(await axeViolations(page), [], `${name}: axe-core`);
    await assertClean(page, problems, name);
    await context.close();
  });
}

test("the first view transfers less than 200 KB, everything counted", async () => {
  const { context, page, problems } = await open();
  await page.goto(`${BASE}/app`);
  await page.waitForSelector("ul.tasks");
  await page.waitForLoadState("networkidle");
  const entries = await page.evaluate(() =>
    performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).map((e) => ({ name: e.name, transferSize: e.transferSize, decodedBodySize: e.decodedBodySize })),
  );
  const total = entries.reduce((sum, e) => sum + e.transferSize, 0);
  await writeFile(path.join(ARTIFACTS, "first-view.json"), `${JSON.stringify({ total, entries }, null, 2)}\n`);
  assert.ok(entries.every((e) => e.transferSize > 0), "every response was counted (not from a cache)");
  assert.ok(total < 200 * 1024, `the first view transferred ${total} bytes`);
  await assertClean(page, problems, "first view");
  await context.close();
});

test("views fit a tablet: no horizontal scrolling of the page itself", async () => {
  const { context, page, problems } = await open(BASE, { width: 768, height: 1024 });
  for (const [name, url, ready] of VIEWS) {
    await page.goto(BASE + url);
    await page.waitForSelector(ready);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name} overflows the tablet width by ${overflow}px`);
    await shot(page, `tablet-${name}`);
  }
  await assertClean(page, problems, "tablet");
  await context.close();
});

test("a new user finds 20000-1:2018 against 27001:2022, opens a cell and sees the API's rows", async () => {
  const { context, page, problems } = await open();
  await page.goto(`${BASE}/app`);
  await page.getByRole("link", { name: /Compare 20000-1:2018 with 27001:2022/ }).click();
  await page.waitForSelector("table.matrix td.cell button");
  const url = new URL(page.url());
  assert.equal(url.pathname, "/app/compare");
  assert.equal(url.searchParams.get("from"), FROM);
  assert.equal(url.searchParams.get("to"), TO_27001);

  // The row of 8.5.2.3 (deployment of service changes) against the collapsed Annex A group A.8,
  // where several of its mappings land.
  const row = page.locator("table.matrix tbody tr", { has: page.locator("th .ref", { hasText: /^8\.5\.2\.3$/ }) });
  const cell = row.locator("td.cell button").first();
  const label = await cell.textContent();
  await cell.click();
  await page.waitForSelector(".cell-detail table.mappings tbody tr");
  assert.equal(await page.evaluate(() => document.activeElement.id), "cell-heading", "focus moves to the opened cell");
  const [rowId, columnId] = new URL(page.url()).searchParams.get("cell").split("|");
  assert.equal(rowId, `${FROM}:8.5.2.3`);

  const shownRows = async () =>
    (
      await page.$$eval(".cell-detail table.mappings tbody tr", (trs) =>
        trs.map((tr) => {
          const cells = tr.querySelectorAll("td");
          return [
            cells[0].querySelector(".ref").textContent,
            cells[3].querySelector(".ref").textContent,
            cells[1].querySelector(".badge").textContent.replace(/^\S+\s/, "").trim(),
            cells[2].textContent.replace("/ 10", "").trim(),
          ].join(" ");
        }),
      )
    ).sort();
  const shown = await shownRows();

  const clauses = await apiClauses(TO_27001);
  const columnClauses = subtree(clauses, columnId);
  const labels = { EQUAL: "equal", SUBSET_OF: "subset of", SUPERSET_OF: "superset of", INTERSECTS_WITH: "intersects with", NOT_RELATED: "not related", SUPPORTS: "supports", SUPPORTED_BY: "supported by" };
  const expected = (await apiCrosswalk(FROM, TO_27001))
    .filter((m) => m.source && m.source.id === rowId && m.target && columnClauses.has(m.target.id))
    .map((m) => `${m.source.ref} ${m.target.ref} ${labels[m.relationship]} ${m.strength}`)
    .sort();
  assert.ok(expected.length > 1, "the API has several mappings for this cell");
  assert.deepEqual(shown, expected);
  assert.match(label, new RegExp(expected.length === 1 ? "1 mapping" : `${expected.length} mappings`));
  await shot(page, "compare-cell-open");

  // The URL is the bookmark: a fresh load shows the same cell.
  const bookmark = page.url();
  await page.goto(bookmark);
  await page.waitForSelector(".cell-detail table.mappings tbody tr");
  assert.deepEqual(await shownRows(), expected);
  assert.deepEqual(await axeViolations(page), [], "compare with a cell open: axe-core");

  // Downloads are the service's own bytes.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  const saved = await readFile(await download.path());
  const direct = Buffer.from(await (await fetch(`${BASE}/export/crosswalk?from=${FROM}&to=${TO_27001}&format=csv`)).arrayBuffer());
  assert.ok(saved.equals(direct), "the CSV download is the export");
  for (const format of ["xlsx", "oscal"]) {
    const href = await page.locator(`.downloads a[href*="format=${format}"]`).getAttribute("href");
    assert.equal(href, `/export/crosswalk?from=${FROM}&to=${TO_27001}&format=${format}`);
  }
  await assertClean(page, problems, "compare flow");
  await context.close();
});

test("the heat map is usable from the keyboard", async () => {
  const { context, page, problems } = await open();
  await page.goto(`${BASE}/app/compare?from=${FROM}&to=${TO_27001}`);
  await page.waitForSelector("table.matrix td.cell button");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  const first = page.locator("table.matrix td.cell button").first();
  await first.focus();
  const before = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press("ArrowDown");
  const afterMove = await page.evaluate(() => document.activeElement.textContent);
  assert.notEqual(afterMove, before, "arrow keys move between cells");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".cell-detail");
  assert.equal(await page.evaluate(() => document.activeElement.id), "cell-heading");
  // Collapsed groups open from the keyboard too.
  const expand = page.locator("th.column button.toggle[aria-expanded=false]").first();
  const closedBefore = await page.locator("th.column button.toggle[aria-expanded=false]").count();
  await expand.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("toggled"));
  // The group is open: one closed toggle fewer.
  await page.waitForFunction(
    (closed) => document.querySelectorAll("th.column button.toggle[aria-expanded=false]").length === closed - 1,
    closedBefore,
  );
  await assertClean(page, problems, "keyboard");
  await context.close();
});

test("a new user plans 2018 → next from the example inventory and downloads the plan", async () => {
  const inventoryPath = path.join(ROOT, "examples/inventory-2018.csv");
  const inventory = await readFile(inventoryPath, "utf8");
  const { context, page, problems } = await open();
  const posted = [];
  page.on("request", (request) => {
    if (request.postData() && request.postData().includes("GOV-01")) posted.push(new URL(request.url()).pathname);
  });
  await page.goto(`${BASE}/app`);
  await page.getByRole("link", { name: /^Plan ISO\/IEC 20000-1:2018 → / }).click();
  await page.waitForSelector("#plan-upload");
  assert.equal(new URL(page.url()).searchParams.get("to"), NEXT);

  // The template is downloadable from the page.
  const [template] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the template" }).click()]);
  assert.equal(await readFile(await template.path(), "utf8"), inventory);

  await page.setInputFiles("#plan-upload", inventoryPath);
  await page.waitForFunction(() => document.querySelector("#plan-inventory").value.includes("GOV-01"));
  await page.getByRole("button", { name: "Make the plan" }).click();
  await page.waitForSelector("tr.plan-item");

  const document_ = JSON.parse((await planFromApi(FROM, NEXT, "json", inventory)).toString("utf8"));
  const counts = await page.$$eval("dl.counts .count", (divs) => Object.fromEntries(divs.map((d) => [d.querySelector("dt").textContent, Number(d.querySelector("dd").textContent)])));
  assert.deepEqual(counts, {
    "Carry over": document_.summary.carryOver,
    Review: document_.summary.review,
    Implement: document_.summary.implement,
    Retire: document_.summary.retire,
  });
  const shownItems = await page.$$eval("tr.plan-item", (trs) => trs.map((tr) => tr.dataset.clause));
  assert.deepEqual(shownItems.sort(), document_.items.map((i) => i.clause).sort());
  const provisional = await page.locator("tr.plan-item .badge.provisional").count();
  assert.equal(provisional, document_.items.filter((i) => i.provisional).length, "provisional items are marked");
  await shot(page, "plan-made");
  assert.deepEqual(await axeViolations(page), [], "plan view with a plan: axe-core");

  // Filtering by action keeps the filter in the URL.
  await page.selectOption("#plan-action", "REVIEW");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("action") === "REVIEW");
  const reviews = await page.$$eval("tr.plan-item", (trs) => trs.length);
  assert.equal(reviews, document_.items.filter((i) => i.action === "REVIEW").length);
  await page.selectOption("#plan-action", "");

  // Downloads: fetched with the inventory, saved through a Blob, the service's own bytes.
  for (const [button, format, check] of [
    ["CSV", "csv", (bytes, direct) => assert.ok(bytes.equals(direct), "CSV plan")],
    ["Markdown", "md", (bytes, direct) => assert.ok(bytes.equals(direct), "Markdown plan")],
    ["Excel (xlsx)", "xlsx", (bytes) => assert.equal(bytes.subarray(0, 2).toString(), "PK", "an xlsx is a zip")],
  ]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button, exact: true }).click()]);
    assert.equal(download.suggestedFilename(), `plan-${FROM}--${NEXT}.${format}`);
    const bytes = await readFile(await download.path());
    check(bytes, await planFromApi(FROM, NEXT, format, inventory));
  }
  await page.waitForSelector(".saved:not(:empty)");
  assert.ok(posted.length >= 4, "the inventory was sent to plan it");
  assert.deepEqual([...new Set(posted)], ["/export/plan"], "the inventory goes nowhere but the plan request");
  await assertClean(page, problems, "plan flow");
  await context.close();
});

test("an inventory of several standards also gets the integrated plan, as the service makes it", async () => {
  const inventoryPath = path.join(ROOT, "examples/inventory-integrated.csv");
  const inventory = await readFile(inventoryPath, "utf8");
  const { context, page, problems } = await open();
  await page.goto(`${BASE}/app/plan?from=${FROM}&to=${NEXT}`);
  await page.waitForSelector("#plan-upload");
  await page.setInputFiles("#plan-upload", inventoryPath);
  await page.waitForFunction(() => document.querySelector("#plan-inventory").value.includes("IMS-01"));
  await page.getByRole("button", { name: "Make the plan" }).click();
  await page.waitForSelector(".integrated-transitions tbody tr");
  const response = await fetch(`${BASE}/export/plan?format=json`, { method: "POST", body: inventory });
  const document_ = await response.json();
  const rows = await page.$$eval(".integrated-transitions tbody tr", (trs) => trs.length);
  assert.equal(rows, document_.transitions.length);
  assert.ok(rows >= 3, "20000-1, 14001 and 9001 are each planned");
  const shared = await page.$$eval(".shared-requirements > li > strong", (els) => els.map((e) => e.textContent));
  assert.equal(shared.length, document_.sharedRequirements.length);
  assert.ok(shared.some((t) => t.startsWith("6.3")), `planning of changes is one control for several: ${shared}`);
  await shot(page, "plan-integrated");
  assert.deepEqual(await axeViolations(page), [], "plan view with an integrated plan: axe-core");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("group", { name: "Download the integrated plan" }).getByRole("button", { name: "Markdown" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "integrated-plan.md");
  assert.match(await readFile(await download.path(), "utf8"), /^# Integrated transition plan/);
  await assertClean(page, problems, "integrated plan");
  await context.close();
});

test("inventory problems are shown next to the line they come from", async () => {
  const { context, page, problems } = await open();
  await page.goto(`${BASE}/app/plan?from=${FROM}&to=${NEXT}`);
  await page.waitForSelector("#plan-inventory");
  const text = "id,title,clauses,status\nGOV-01,Policy,5.2,IMPLEMENTED\nOPS-99,Typo,8.99,IMPLEMENTED\n";
  await page.fill("#plan-inventory", text);
  await page.getByRole("button", { name: "Make the plan" }).click();
  await page.waitForSelector(".problems li");
  const document_ = JSON.parse((await planFromApi(FROM, NEXT, "json", text)).toString("utf8"));
  const listed = await page.$$eval(".problems li", (lis) => lis.map((li) => li.textContent));
  assert.ok(listed.some((t) => t.includes("8.99")), `the unknown clause is reported: ${listed}`);
  // The plan document lists problems by line: the page shows the line with its text.
  assert.ok(Array.isArray(document_.problems), "the plan document lists its problems");
  const line = document_.problems.find((p) => p.message.includes("8.99")).line;
  assert.equal(line, 3);
  assert.ok(listed.some((t) => t.includes("Line 3") && t.includes("OPS-99,Typo,8.99")), `line 3 shown: ${listed}`);
  await page.getByRole("button", { name: "Edit as a table" }).click();
  const flagged = await page.$$eval("tr.has-problem td.line", (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(flagged, ["3"]);
  await shot(page, "plan-problems");
  // Editing as a table writes the CSV back.
  await page.getByRole("button", { name: "Edit as a table" }).click();
  await page.getByRole("button", { name: "Add a control" }).click();
  await page.getByLabel("Id of control 3").fill("NEW-1");
  await page.getByLabel("Clauses of control 3 (NEW-1)").fill("9.2");
  await page.getByRole("button", { name: "Edit as text" }).click();
  assert.match(await page.inputValue("#plan-inventory"), /\nNEW-1,,9\.2,IMPLEMENTED\n$/);
  await assertClean(page, problems, "inventory problems");
  await context.close();
});

test("search is on every view and forgives typos", async () => {
  const { context, page, problems } = await open();
  await page.goto(`${BASE}/app/integrated?standards=${FROM},${TO_27001}`);
  await page.waitForSelector("table.integrated");
  await page.fill("#site-search-input", "incident managment");
  await page.keyboard.press("Enter");
  await page.waitForSelector("ol.results li");
  assert.equal(new URL(page.url()).searchParams.get("q"), "incident managment");
  const expected = await graphql(`{ search(query: "incident managment", first: 25) { nodes { id } } }`);
  // The same clauses in the same order as the API's answer (a link names its standard and ref).
  const shown = await page.$$eval("ol.results li a", (links) =>
    links.map((a) => {
      const params = new URL(a.href).searchParams;
      return `${params.get("standard")}:${params.get("clause")}`;
    }),
  );
  assert.deepEqual(shown, expected.search.nodes.map((n) => n.id));
  await page.locator("ol.results li a").first().click();
  await page.waitForSelector("h2.clause-title");
  await page.goBack();
  await page.waitForSelector("ol.results li");
  await assertClean(page, problems, "search");
  await context.close();
});

test("a dataset overlay's markup shows as text and runs nothing", async () => {
  const { context, page, problems } = await open(HOSTILE);
  const urls = [
    "/app",
    "/app/explore?standard=org-hostile",
    "/app/explore?standard=org-hostile&clause=C-1",
    "/app/explore?standard=org-hostile&clause=C-2",
    "/app/compare?from=org-hostile&to=iso-iec-20000-1-2018&cell=org-hostile%3AC-1%7Ciso-iec-20000-1-2018%3A8.5.1",
    "/app/explore?standard=iso-iec-20000-1-2018&clause=8.5.1",
    "/app/search?q=change%20control",
  ];
  for (const url of urls) {
    await page.goto(HOSTILE + url);
    await page.waitForLoadState("networkidle");
    await page.waitForSelector("main h1");
    const injected = await page.evaluate(() => ({
      ran: window.__xss ?? null,
      images: document.querySelectorAll("#root img").length,
      scripts: document.querySelectorAll("#root script").length,
      svgs: document.querySelectorAll("#root svg").length,
      bold: document.querySelectorAll("#root b, #root i").length,
      javascriptLinks: document.querySelectorAll('#root a[href^="javascript:"]').length,
    }));
    assert.deepEqual(injected, { ran: null, images: 0, scripts: 0, svgs: 0, bold: 0, javascriptLinks: 0 }, url);
  }
  await page.goto(`${HOSTILE}/app/explore?standard=org-hostile&clause=C-1`);
  await page.waitForSelector("h2.clause-title");
  assert.match(await page.textContent("h2.clause-title"), /<img src=x onerror="window.__xss='clause-title'">Change control/);
  assert.match(await page.textContent("p.summary"), /<script>window.__xss='clause-summary'<\/script>Changes are approved/);
  assert.match(await page.textContent("table.mappings"), /<img src=x onerror="window.__xss='mapping-note'">/);
  await shot(page, "hostile-overlay-clause");
  await page.goto(`${HOSTILE}/app/search?q=change%20control`);
  await page.waitForSelector("ol.results li");
  assert.match(await page.textContent("ol.results"), /<img src=x onerror=/);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  await assertClean(page, problems, "hostile overlay");
  await context.close();
});

test("no page asked for anything outside the service", () => {
  const origins = new Set([new URL(BASE).origin, new URL(HOSTILE).origin]);
  const outside = requested.filter((url) => !url.startsWith("blob:") && !url.startsWith("data:") && !origins.has(new URL(url).origin));
  assert.ok(requested.length > 50, "requests were recorded");
  assert.deepEqual([...new Set(outside)], []);
});
