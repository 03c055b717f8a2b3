-- wrk script: POST the README's GraphQL clause query (8.5.1.3 with its parent chain and every
-- mapping, about 4 KB). No per-response Lua: on a 2-core machine wrk's own Lua would cost the
-- server a tenth of its throughput. bench/http-load.sh checks once, with curl, that the answer
-- carries no error, and wrk reports any non-2xx status.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ clause(standard: \\"iso-iec-20000-1-2018\\", ref: \\"8.5.1.3\\") { id title ancestors { ref } mappings { target { id title } relationship strength change note } } }"}'
