// GraphQL-over-HTTP conformance audit (the graphql-http package) against a running server.
// Usage: bash bench/graphql-http-audit/run.sh (starts a server), or against a running one:
// GRAPHQL_URL=http://127.0.0.1:8080/graphql node audit.mjs
// Exits non-zero when a MUST fails, and with STRICT=1 when a SHOULD warns too.
import { serverAudits } from 'graphql-http';
const audits = serverAudits({ url: process.env.GRAPHQL_URL ?? 'http://127.0.0.1:8080/graphql', fetchFn: fetch });
let ok = 0, warn = 0, err = 0;
for (const audit of audits) {
  const r = await audit.fn();
  if (r.status === 'ok') ok++;
  else { if (r.status === 'warn') warn++; else err++; console.log(r.status, audit.name, '-', r.reason); }
}
console.log({ ok, warn, err });
if (err > 0 || (process.env.STRICT && warn > 0)) process.exit(1);
