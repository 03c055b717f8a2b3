// GraphQL-over-HTTP conformance audit (the graphql-http package) against a running server.
// Usage: cargo run --release & ; cd bench/graphql-http-audit && npm install && node audit.mjs
// Exits non-zero when a MUST fails.
import { serverAudits } from 'graphql-http';
const audits = serverAudits({ url: process.env.GRAPHQL_URL ?? 'http://127.0.0.1:8080/graphql', fetchFn: fetch });
let ok = 0, warn = 0, err = 0;
for (const audit of audits) {
  const r = await audit.fn();
  if (r.status === 'ok') ok++;
  else { if (r.status === 'warn') warn++; else err++; console.log(r.status, audit.name, '-', r.reason); }
}
console.log({ ok, warn, err });
if (err > 0) process.exit(1);
