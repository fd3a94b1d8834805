#!/usr/bin/env bash
# Runs one fuzz target (or `all`) for N executions (default 1,000,000) with cargo-fuzz on the
# STABLE toolchain: `-s none` turns off the sanitizer, the only part of cargo-fuzz that needs
# nightly; libFuzzer's coverage instrumentation (sancov) works on stable. Overflow checks and
# debug assertions stay on, so arithmetic overflow is a crash too.
#
#   fuzz/run.sh TARGET [RUNS] [extra libFuzzer flags…]     targets: fuzz/run.sh --list
#
# The corpus grows in fuzz/corpus/TARGET and crashes land in fuzz/artifacts/TARGET (both
# git-ignored); fuzz/seeds/TARGET holds the few committed seed inputs. Reproduce a crash with
# `cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…` from fuzz/.
set -euo pipefail
cd "$(dirname "$0")"
self="$PWD/$(basename "$0")"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz/run.sh: installing cargo-fuzz (about 30 s)" >&2
  cargo install cargo-fuzz --locked
fi

targets=$(cargo fuzz list)
if [ "${1:-}" = "--list" ] || [ $# -eq 0 ]; then
  echo "$targets"
  [ $# -eq 0 ] && { echo "usage: fuzz/run.sh TARGET|all [RUNS] [libFuzzer flags…]" >&2; exit 2; }
  exit 0
fi
target=$1
runs=${2:-1000000}
shift $(( $# >= 2 ? 2 : 1 ))

if [ "$target" = all ]; then
  for t in $targets; do "$self" "$t" "$runs" "$@"; done
  exit 0
fi
if ! grep -qx "$target" <<<"$targets"; then
  echo "fuzz/run.sh: unknown target $target; targets: $(echo $targets)" >&2
  exit 2
fi

mkdir -p "corpus/$target" "artifacts/$target"
seeds=()
[ -d "seeds/$target" ] && seeds=("seeds/$target")
log="artifacts/$target/last-run.log"
set +e
cargo fuzz run -s none "$target" "corpus/$target" "${seeds[@]}" -- \
  -runs="$runs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -dict=dict/json.dict \
  -print_final_stats=1 "$@" 2>&1 | tee "$log" | grep -E '^(Done|==|SUMMARY|INFO: -max_len|stat::)|panicked|Crash|crash-' 
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz/run.sh: $target FAILED (exit $status); full log: fuzz/$log" >&2
  exit "$status"
fi
echo "fuzz/run.sh: $target ok: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1)"
