-- wrk script: POST a GraphQL clause query and count answers that carry errors
-- (a 200 with an error body is not a success; see async-graphql issue #1477).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ clause(standard: \\"iso-iec-20000-1-2018\\", ref: \\"8.5.1.3\\") { id title ancestors { ref } mappings { target { id title } relationship strength change note } } }"}'

local errors = 0
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("responses with errors: %d\n", errors))
end
