#!/usr/bin/env bash
# Builds the .rpm around the shipped static binary (packaging/build-static.sh) and shows what
# is in it:
#   packaging/build-rpm.sh [OUT_DIR]        (default target/generate-rpm); prints the .rpm's path last
# Needs cargo-generate-rpm (`cargo install cargo-generate-rpm --locked`) and, for the listing,
# rpm. The package metadata and file list are [package.metadata.generate-rpm] in Cargo.toml;
# `target/release/` asset paths are mapped into the static build's target dir.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/generate-rpm}
command -v cargo-generate-rpm >/dev/null 2>&1 || {
  echo "$0: cargo-generate-rpm is not installed (cargo install cargo-generate-rpm --locked)" >&2
  exit 1
}
target_dir=${JWTCRED_STATIC_TARGET_DIR:-target/static}
triple=$(rustc -vV | awk '/^host:/ {print $2}')
JWTCRED_STATIC_TARGET_DIR="$target_dir" bash packaging/build-static.sh "$target_dir/dist" >/dev/null
mkdir -p "$out"
version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
arch=${triple%%-*}
rpm_file="$out/jwtcred-$version-1.$arch.rpm"
rm -f "$rpm_file"
cargo generate-rpm --target "$triple" --target-dir "$target_dir" --output "$rpm_file" >&2
if command -v rpm >/dev/null 2>&1; then
  rpm -qip "$rpm_file" >&2
  rpm -qlvp "$rpm_file" >&2
fi
echo "$rpm_file"
