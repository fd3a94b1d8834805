#!/usr/bin/env bash
# Fails unless BINARY needs nothing at run time: an ELF with no program interpreter and no
# shared-library dependency. With WHY_EXTRACT (the linker's --why-extract report, written by
# packaging/build-static.sh), also fails when the program itself calls a glibc function that
# goes through NSS (the password/group databases, gethostbyname, getservbyname, ...), which a
# static glibc binary can only serve by loading libnss_*.so of the build machine's glibc:
#   packaging/check-static.sh BINARY [WHY_EXTRACT]
# Needs readelf (binutils).
#
# One such function is known and allowed: getaddrinfo. reqwest builds its default resolver
# (hyper-util's GaiResolver) before the client's own resolver (src/resolve.rs) replaces it, and
# tonic's connector has one for the SPIFFE tcp:// endpoint, which is always an IP literal and
# never resolved; neither is ever called. tests/integration/static_artifact.rs checks at run
# time (strace) that no NSS file is ever opened.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BINARY [WHY_EXTRACT]" >&2
  exit 2
fi
bin=$1 why=${2:-}
fail() { echo "$0: $bin: $*" >&2; exit 1; }
[ -f "$bin" ] || fail "no such file"
command -v readelf >/dev/null 2>&1 || fail "readelf is needed (apt-get install binutils)"
readelf -h "$bin" >/dev/null 2>&1 || fail "not an ELF file"
if readelf -lW "$bin" | grep -q 'Requesting program interpreter'; then
  fail "has a program interpreter (dynamically linked)"
fi
needed=$(readelf -dW "$bin" | awk '/\(NEEDED\)/ {print $NF}' | tr -d '[]' | paste -sd, -)
[ -z "$needed" ] || fail "needs shared libraries: $needed"

nss_note=""
if [ -n "$why" ]; then
  [ -s "$why" ] || fail "no linker report at $why"
  # Columns: reference, extracted member, symbol. The program's own references are those of
  # the Rust objects (*.rcgu.o); glibc's internal references are not the program's doing.
  own=$(awk -F'\t' '$1 ~ /\.rcgu\.o$/ && $2 ~ /libc\.a\(/ {print $3}' "$why" | sort -u)
  [ -n "$own" ] || fail "the linker report lists no libc function the program calls ($why)"
  nss=$(grep -E '^(getpw|getgr|getsp|initgroups|getgrouplist|gethostby|getservby|getprotoby|getnetby|getaddrinfo|getnameinfo|getlogin|cuserid|dlopen)' <<<"$own" || true)
  unexpected=$(grep -vx 'getaddrinfo' <<<"$nss" || true)
  [ -z "$unexpected" ] || fail "calls glibc functions that load NSS at run time: $(paste -sd, - <<<"$unexpected")"
  [ -z "$nss" ] || nss_note=", NSS entry points linked: $(paste -sd, - <<<"$nss") (known, never called)"
fi
echo "$bin: static, no interpreter, no shared libraries ($(stat -c %s "$bin") bytes)$nss_note"
