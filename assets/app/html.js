// Preact with htm: `html` tagged templates instead of JSX, so the page needs no build step.
// Everything interpolated into a template becomes a text node or an attribute value, never
// markup: titles, summaries and notes from any dataset are shown as text.
import { h, render, Component, Fragment, createRef } from "./vendor/preact/preact.mjs";
import htm from "./vendor/htm/htm.module.js";

export const html = htm.bind(h);
export { render, Component, Fragment, createRef };
