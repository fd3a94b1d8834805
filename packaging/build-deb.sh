#!/usr/bin/env bash
# Builds the .deb around the shipped static binary (packaging/build-static.sh) and shows what
# is in it:
#   packaging/build-deb.sh [OUT_DIR]        (default target/debian); prints the .deb's path last
# Needs cargo-deb (`cargo install cargo-deb --locked`) and, for the listing, dpkg-deb. The
# package metadata and file list are [package.metadata.deb] in Cargo.toml; cargo-deb maps its
# `target/release/` asset paths into the static build's target dir. The binary links nothing,
# so the package depends on nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/debian}
command -v cargo-deb >/dev/null 2>&1 || {
  echo "$0: cargo-deb is not installed (cargo install cargo-deb --locked)" >&2
  exit 1
}
target_dir=${JWTCRED_STATIC_TARGET_DIR:-target/static}
triple=$(rustc -vV | awk '/^host:/ {print $2}')
JWTCRED_STATIC_TARGET_DIR="$target_dir" bash packaging/build-static.sh "$target_dir/dist" >/dev/null
mkdir -p "$out"
deb=$(CARGO_TARGET_DIR="$target_dir" cargo deb --locked --no-build --no-strip \
  --target "$triple" --output "$out" | tail -n 1)
if command -v dpkg-deb >/dev/null 2>&1; then
  dpkg-deb --info "$deb" >&2
  dpkg-deb --contents "$deb" >&2
fi
echo "$deb"
