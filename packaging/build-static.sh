#!/usr/bin/env bash
# Builds the Linux release binary as it is shipped: glibc static, not PIE (`+crt-static`,
# `relocation-model=static`: nothing to relocate at start), release profile, names resolved by
# src/resolve.rs (no getaddrinfo, no NSS), in its own target dir so that it never waits on a
# dev build's lock:
#   packaging/build-static.sh [OUT_DIR]       (default dist)
# writes OUT_DIR/jwtcred, checks it with packaging/check-static.sh and prints its path.
# Env: JWTCRED_STATIC_TARGET_DIR (default target/static). Builds for the host (x86_64 or
# aarch64 Linux); `--target` keeps build scripts and proc-macros dynamic. Needs binutils
# (readelf, nm, strip).
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
# The release tests and scripts run this concurrently (a test thread each, and build-deb.sh or
# release-build.sh calling it again): one run at a time, or one run's copy and in-place strip
# below is read half-written by another (nm: "file format not recognized").
exec 9>"$target_dir/build-static.lock"
flock 9
# The linker records why it took each archive member (lld --why-extract): check-static.sh
# reads it to see which libc functions the program itself calls. Extra link arguments go to
# the final crate only (`cargo rustc`), so the dependencies' build stays cached.
# rustc links x86_64 Linux with its bundled lld; GNU ld (aarch64) has no --why-extract, so
# there the check is the ELF one alone.
why=""
link_args=()
if [ "${triple%%-*}" = x86_64 ]; then
  why="$(cd "$target_dir" && pwd)/why-extract.tsv"
  # Safe identical-code folding (only functions whose address is never taken) shrinks the text.
  link_args=(-C "link-arg=-Wl,--why-extract=$why" -C "link-arg=-Wl,--icf=safe")
  # The functions a cache hit runs, first and together in .text (packaging/hot-path.sh made the
  # list): the hit then faults in a few 64 KiB windows of code instead of most of the 5.6 MiB.
  # A name the build no longer has is skipped; the check below counts them. The list is passed
  # under a name made of its hash: cargo relinks when link arguments change, not file contents.
  order="$(cd "$target_dir" && pwd)/hot-path-$(sha256sum packaging/hot-path.order | cut -c1-16).order"
  cp packaging/hot-path.order "$order"
  link_args+=(-C "link-arg=-Wl,--symbol-ordering-file=$order"
    -C "link-arg=-Wl,--no-warn-symbol-ordering")
fi
# Not PIE: static-pie relocated its ~8,000 pointers in .data.rel.ro at every start, 28% of a
# cache hit's instructions and 59 of its 120 page faults (copy-on-write of each page), for ASLR
# of the image alone (stack, heap and mmap stay randomised). jwtcred runs for a millisecond as
# the calling user, listens on nothing, and parses outside input in safe Rust; the Go exec
# plugins and kubectl it sits beside are non-PIE static binaries too.
# getrandom 0.4 finds libc's getrandom() through a weak symbol, which a static binary lacks, and
# then falls back to /dev/urandom: call the getrandom syscall directly (no /dev needed).
link() {
  RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+crt-static -C relocation-model=static --cfg getrandom_backend=\"linux_getrandom\"" \
    CARGO_PROFILE_RELEASE_STRIP=false CARGO_TARGET_DIR="$target_dir" cargo rustc --release \
    --locked --quiet --target "$triple" --bin jwtcred -- "${link_args[@]}"
}
# The link keeps its symbols: they are saved under the binary's build ID (the order check
# below, packaging/hot-path.sh and the release tests read them through jwtcred.symbols), then
# the binary is stripped in place, as `strip = true` would have done (the .deb and .rpm take it
# from there). Cargo may reuse an earlier link, already stripped: its symbols are found by ID.
built="$target_dir/$triple/release/jwtcred"
has_symbols() { readelf -SW "$built" | grep -q ' \.symtab '; }
symbols_of_build() { echo "$target_dir/symbols/$(readelf -nW "$built" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')"; }
link
if ! has_symbols && [ ! -f "$(symbols_of_build)" ]; then
  # A stripped link whose symbols are gone: remove it and its hard link in deps/, link again.
  find "$target_dir/$triple/release/deps" -samefile "$built" -delete
  rm -f "$built"
  link
fi
symbols=$(symbols_of_build)
if has_symbols; then
  mkdir -p "$target_dir/symbols"
  # Copied under a temporary name and renamed: an interrupted copy never passes for the symbols.
  cp "$built" "$symbols.partial"
  mv -f "$symbols.partial" "$symbols"
  strip "$built"
fi
ln -sfn "symbols/${symbols##*/}" "$target_dir/jwtcred.symbols"
if [ -n "${order:-}" ]; then
  wanted=$(grep -vc '^#' "$order" || true)
  placed=$(nm "$symbols" | awk '{print $NF}' | sort -u | comm -12 - <(grep -v '^#' "$order" | sort) | wc -l)
  echo "$0: hot path: $placed of $wanted functions of packaging/hot-path.order placed first" >&2
  if [ "$wanted" -eq 0 ] || [ $((placed * 10)) -lt $((wanted * 9)) ]; then
    echo "$0: warning: packaging/hot-path.order is stale (a cache hit's code is scattered again): run packaging/hot-path.sh" >&2
  fi
fi
mkdir -p "$out"
# Renamed into place: a test may be running an earlier copy of OUT_DIR/jwtcred right now.
install -m 0755 "$built" "$out/.jwtcred.partial"
mv -f "$out/.jwtcred.partial" "$out/jwtcred"
bash packaging/check-static.sh "$out/jwtcred" ${why:+"$why"} >&2
echo "$out/jwtcred"
