-- wrk script for scripts/bench-relay: adds the manifest Accept header and the Bearer token
-- (BENCH_TOKEN, fetched beforehand from the stack's token server), and prints one
-- machine-readable line at the end:
--   BENCH requests_per_sec p50_ms p99_ms requests status_errors(>=400) socket_errors
-- No response() hook: it would make wrk parse every answer in Lua and cost the load
-- generator more CPU than the servers under test.
wrk.headers["Accept"] = "application/vnd.oci.image.index.v1+json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %.1f %.3f %.3f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
