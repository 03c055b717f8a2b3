// Entry point of the page at /app: mounts the application into #root.
import { html, render } from "./html.js";
import { App } from "./app.js";

const root = document.getElementById("root");
root.textContent = "";
render(html`<${App} />`, root);
