-- wrk script for scripts/bench: every request POSTs one prepared multipart/form-data body (a 1 MiB WAV and its
-- fields) with a bearer token. Set by the environment:
--   BENCH_BODY      file holding the multipart body
--   BENCH_BOUNDARY  its boundary
--   BENCH_TOKEN     the bearer token
--   BENCH_PATH      the path (default /v1/audio/transcriptions)
local file = assert(io.open(assert(os.getenv("BENCH_BODY"), "BENCH_BODY is not set"), "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH") or "/v1/audio/transcriptions"
wrk.body = body
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. assert(os.getenv("BENCH_BOUNDARY"), "BENCH_BOUNDARY is not set")
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
