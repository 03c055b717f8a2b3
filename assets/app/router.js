// Every view's state lives in the URL (path + query string), so any view can be bookmarked and
// shared. Links inside the page are ordinary <a href="/app/..."> elements; clicks on them are
// turned into history entries instead of page loads.

const listeners = new Set();

/** The current location as { view, params } (params: a plain object of strings). */
export function current() {
  const path = location.pathname.replace(/^\/app\/?/, "").replace(/\/$/, "");
  const params = {};
  for (const [key, value] of new URLSearchParams(location.search)) params[key] = value;
  return { view: path.split("/")[0] || "home", params };
}

/** The URL of a view with parameters (empty and missing values left out). */
export function href(view, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "" && value !== false) {
      query.set(key, Array.isArray(value) ? value.join(",") : String(value));
    }
  }
  const text = query.toString();
  return `/app${view === "home" ? "" : `/${view}`}${text ? `?${text}` : ""}`;
}

/** Goes to a URL of the page. `replace` keeps the history entry (for refinements such as a
 *  filter), otherwise a new entry is added (a new question). */
export function navigate(url, { replace = false } = {}) {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  for (const listener of listeners) listener({ replace });
}

/** Changes some parameters of the current view. */
export function update(params, options) {
  const { view, params: now } = current();
  navigate(href(view, { ...now, ...params }), options);
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener("popstate", () => {
  for (const listener of listeners) listener({ replace: false, pop: true });
});

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest && event.target.closest("a[href]");
  if (!link || link.hasAttribute("download") || link.target) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !/^\/app(\/|$)/.test(url.pathname)) return;
  if (/^\/app\/assets\//.test(url.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

/** A comma-separated parameter as a list. */
export function list(value) {
  return value ? value.split(",").filter(Boolean) : [];
}
