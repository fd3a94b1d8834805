#!/usr/bin/env bash
# Builds the Linux release binary as it is shipped: glibc static-pie (`+crt-static`, ASLR
# kept), release profile, names resolved by src/resolve.rs (no getaddrinfo, no NSS), in its own
# target dir so that it never waits on a dev build's lock:
#   packaging/build-static.sh [OUT_DIR]       (default dist)
# writes OUT_DIR/jwtcred, checks it with packaging/check-static.sh and prints its path.
# Env: JWTCRED_STATIC_TARGET_DIR (default target/static). Builds for the host (x86_64 or
# aarch64 Linux); `--target` keeps build scripts and proc-macros dynamic.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
case "$(uname -s)" in
  Linux) ;;
  *) echo "$0: static builds are for Linux; build other platforms with cargo build --release" >&2; exit 2 ;;
esac
triple=$(rustc -vV | awk '/^host:/ {print $2}')
target_dir=${JWTCRED_STATIC_TARGET_DIR:-target/static}
mkdir -p "$target_dir"
# The linker records why it took each archive member (lld --why-extract): check-static.sh
# reads it to see which libc functions the program itself calls. Extra link arguments go to
# the final crate only (`cargo rustc`), so the dependencies' build stays cached.
# rustc links x86_64 Linux with its bundled lld; GNU ld (aarch64) has no --why-extract, so
# there the check is the ELF one alone.
why=""
link_args=()
if [ "${triple%%-*}" = x86_64 ]; then
  why="$(cd "$target_dir" && pwd)/why-extract.tsv"
  # RELR packs the ~8,000 relative relocations static-pie applies at start from ~190 KiB to a
  # few KiB (glibc >= 2.36 applies them), and safe identical-code folding (only functions
  # whose address is never taken) shrinks the text: fewer pages touched, a smaller hit RSS,
  # ASLR kept.
  link_args=(-C "link-arg=-Wl,--why-extract=$why" -C "link-arg=-Wl,-z,pack-relative-relocs"
    -C "link-arg=-Wl,--icf=safe")
fi
# getrandom 0.4 finds libc's getrandom() through a weak symbol, which a static binary lacks, and
# then falls back to /dev/urandom: call the getrandom syscall directly (no /dev needed).
RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+crt-static --cfg getrandom_backend=\"linux_getrandom\"" \
  CARGO_TARGET_DIR="$target_dir" cargo rustc --release --locked --quiet --target "$triple" \
  --bin jwtcred -- "${link_args[@]}"
mkdir -p "$out"
install -m 0755 "$target_dir/$triple/release/jwtcred" "$out/jwtcred"
bash packaging/check-static.sh "$out/jwtcred" ${why:+"$why"} >&2
echo "$out/jwtcred"
