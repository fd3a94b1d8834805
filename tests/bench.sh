#!/usr/bin/env bash
# Cache benchmark, run by hand (not part of the test suite's pass/fail):
#
#   tests/bench.sh          hit path vs `cat` of the cache entry, hit-path peak RSS, and 16
#                           concurrent cold calls (1 key, then 4 keys) against a delayed
#                           local Actions-like endpoint
#   tests/bench.sh file     `--source file --output token` vs `cat` of the same token file
#
# Env: RUNS (default 300 per command), DELAY_MS (endpoint delay, default 500), JWTCRED (a
# prebuilt binary; default: `cargo build --release` and target/release/jwtcred), STATIC=1
# (build and measure a statically linked glibc binary instead: most of a hit's remaining cost
# is the dynamic loader's, see the README's Performance section).
#
# Timing: a small Python driver spawns each command with os.posix_spawn and times spawn-to-exit
# with time.perf_counter_ns; the two commands alternate run by run (interleaved), so machine
# noise hits both alike, and the medians are compared. Peak RSS comes from /usr/bin/time -v.
set -euo pipefail

mode="${1:-cache}"
case "$mode" in cache | file) ;; *)
    echo "usage: $0 [cache|file]" >&2
    exit 2
    ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${JWTCRED:-}" && -n "${STATIC:-}" ]]; then
    # An explicit --target keeps build scripts and proc-macros (host code) dynamic.
    triple="$(rustc -vV | awk '/^host:/ {print $2}')"
    (cd "$root" && RUSTFLAGS="-C target-feature=+crt-static" \
        cargo build --release --quiet --target "$triple")
    JWTCRED="$root/target/$triple/release/jwtcred"
elif [[ -z "${JWTCRED:-}" ]]; then
    (cd "$root" && cargo build --release --quiet)
    JWTCRED="$root/target/release/jwtcred"
fi
command -v python3 >/dev/null || { echo "bench.sh needs python3" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # exit through the EXIT trap, so the endpoint does not outlive us

RUNS="${RUNS:-300}"
export DELAY_MS="${DELAY_MS:-500}"

# Prints an unsigned but well-formed JWT (1 h lifetime) for audience $1.
mint_jwt() {
    python3 - "$1" <<'EOF'
import base64, json, sys, time, uuid
b64 = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).rstrip(b"=").decode()
now = int(time.time())
claims = {"iss": "https://bench.invalid", "sub": "repo:bench/bench:ref:refs/heads/main",
          "aud": sys.argv[1], "iat": now, "exp": now + 3600, "jti": uuid.uuid4().hex}
print(b64({"alg": "RS256", "typ": "JWT"}) + "." + b64(claims) + "." + "c2ln" * 64)
EOF
}

# The interleaved timing driver: compare.py RUNS NAME_A NAME_B -- ARGV_A -- ARGV_B
cat >"$work/compare.py" <<'EOF'
import os, statistics, sys, time
runs, args = int(sys.argv[1]), sys.argv[2:]
name_a, name_b = args[0], args[1]
split = [i for i, a in enumerate(args) if a == "--"]
argv_a, argv_b = args[split[0] + 1:split[1]], args[split[1] + 1:]
devnull = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if status != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    return elapsed
for _ in range(20):  # warm-up: page cache, dynamic loader
    once(argv_a); once(argv_b)
a, b = [], []
for i in range(runs):
    # Alternate which goes first so neither always runs right after the other.
    if i % 2:
        a.append(once(argv_a)); b.append(once(argv_b))
    else:
        b.append(once(argv_b)); a.append(once(argv_a))
ma, mb = statistics.median(a), statistics.median(b)
print(f"  {name_a:<28} median {ma / 1e6:7.3f} ms  (p10 {sorted(a)[runs // 10] / 1e6:.3f}, p90 {sorted(a)[runs * 9 // 10] / 1e6:.3f}, n={runs})")
print(f"  {name_b:<28} median {mb / 1e6:7.3f} ms  (p10 {sorted(b)[runs // 10] / 1e6:.3f}, p90 {sorted(b)[runs * 9 // 10] / 1e6:.3f}, n={runs})")
print(f"  ratio {name_a} / {name_b}: {ma / mb:.2f}x")
EOF

peak_rss() { # prints the peak RSS in KiB of the command "$@"
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'
}

# Measure a copy, as an installed binary would be: the linker's output in target/ sits in the
# page cache in small pieces, and exec'ing it in place page-faults measurably more (about
# 0.1-0.4 ms per run on the machine the README figures come from) than a copied file.
install -m 0755 "$JWTCRED" "$work/jwtcred"
built="$JWTCRED"
JWTCRED="$work/jwtcred"

echo "binary: $built ($(stat -c %s "$JWTCRED") bytes, $(file -b "$JWTCRED" 2>/dev/null | grep -o 'static[a-z-]* linked\|dynamically linked' || echo 'linkage unknown'))"
echo "machine: $(nproc) cores, $(uname -sr)"

if [[ "$mode" == file ]]; then
    mint_jwt bench >"$work/token"
    echo
    echo "== file source: --output token vs cat of the same file"
    env -i PATH="$PATH" HOME="$work" python3 "$work/compare.py" "$RUNS" "jwtcred file -o token" "cat token" \
        -- "$JWTCRED" --source file --token-file "$work/token" --output token \
        -- /bin/cat "$work/token"
    echo "  peak RSS jwtcred: $(peak_rss env -i HOME="$work" "$JWTCRED" --source file --token-file "$work/token" --output token) KiB, cat: $(peak_rss /bin/cat "$work/token") KiB"
    exit 0
fi

# A delayed Actions-like endpoint: counts requests, sleeps DELAY_MS, mints a JWT for the
# requested audience. GET /count answers the number of token requests so far.
cat >"$work/server.py" <<'EOF'
import base64, json, os, sys, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
lock, count = threading.Lock(), 0
b64 = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).rstrip(b"=").decode()
class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        global count
        url = urlparse(self.path)
        if url.path == "/count":
            body = str(count).encode()
        else:
            with lock:
                count += 1
            time.sleep(int(os.environ["DELAY_MS"]) / 1000)
            aud = parse_qs(url.query).get("audience", ["none"])[0]
            now = int(time.time())
            claims = {"iss": "https://bench.invalid", "sub": "repo:bench/bench:ref:refs/heads/main",
                      "aud": aud, "iat": now, "exp": now + 3600, "jti": uuid.uuid4().hex}
            jwt = b64({"alg": "RS256", "typ": "JWT"}) + "." + b64(claims) + "." + "c2ln" * 64
            body = json.dumps({"value": jwt}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$work/server.py" >"$work/port" &
server_pid=$!
for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
port="$(cat "$work/port")"
base="http://127.0.0.1:$port"
count() { python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "$base/count"; }

# The environment of a CI job: only what jwtcred needs (as kubectl would pass it).
run_env=(env -i PATH="$PATH" HOME="$work"
    ACTIONS_ID_TOKEN_REQUEST_URL="$base/token?api-version=2.0"
    ACTIONS_ID_TOKEN_REQUEST_TOKEN="bench-request-token")

echo
echo "== (a) cache hit vs cat of the cache entry"
cache="$work/hit-cache"
"${run_env[@]}" "$JWTCRED" --audience k8s --cache-dir "$cache" >/dev/null
entry="$(ls "$cache"/*.json)"
"${run_env[@]}" python3 "$work/compare.py" "$RUNS" "jwtcred (hit)" "cat entry" \
    -- "$JWTCRED" --audience k8s --cache-dir "$cache" \
    -- /bin/cat "$entry"
echo "  upstream requests during the hit runs: $(($(count) - 1)) (expected 0)"

echo
echo "== (b) peak RSS"
# `env` execs jwtcred in the same process, so the peak is jwtcred's.
echo "  jwtcred (hit): $(peak_rss "${run_env[@]}" "$JWTCRED" --audience k8s --cache-dir "$cache") KiB"
echo "  cat entry:     $(peak_rss /bin/cat "$entry") KiB"

cold() { # cold NAME AUDIENCES...: 16 concurrent calls spread over the given audiences
    local name="$1" before after start end
    shift
    local dir="$work/cold-$name" auds=("$@")
    before="$(count)"
    start="$(date +%s%N)"
    local pids=()
    for i in $(seq 0 15); do
        "${run_env[@]}" "$JWTCRED" --audience "${auds[$((i % ${#auds[@]}))]}" --cache-dir "$dir" \
            --output token >"$work/out-$name-$i" &
        pids+=($!)
    done
    wait "${pids[@]}" # not a bare `wait`: the endpoint is a background job too
    end="$(date +%s%N)"
    after="$(count)"
    local distinct
    distinct="$(sort -u "$work"/out-"$name"-* | wc -l)"
    echo "  $name: 16 calls, $((after - before)) upstream request(s), $distinct distinct token(s), wall $(((end - start) / 1000000)) ms (endpoint delay ${DELAY_MS} ms)"
}

echo
echo "== (c) 16 concurrent cold calls against a ${DELAY_MS} ms endpoint"
cold "1-key" k8s
cold "4-keys" aud-0 aud-1 aud-2 aud-3
