#!/usr/bin/env bash
# Builds the .deb from a release build and shows what is in it:
#   packaging/build-deb.sh [OUT_DIR]        (default target/debian)
# Needs cargo-deb (`cargo install cargo-deb --locked`) and, for the listing, dpkg-deb.
# The package metadata and file list are [package.metadata.deb] in Cargo.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/debian}
command -v cargo-deb >/dev/null 2>&1 || {
  echo "$0: cargo-deb is not installed (cargo install cargo-deb --locked)" >&2
  exit 1
}
deb=$(cargo deb --locked --output "$out" | tail -n 1)
echo "$deb"
if command -v dpkg-deb >/dev/null 2>&1; then
  dpkg-deb --info "$deb"
  dpkg-deb --contents "$deb"
fi
