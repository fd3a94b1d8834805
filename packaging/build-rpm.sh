#!/usr/bin/env bash
# Builds the .rpm from a release build and shows what is in it:
#   packaging/build-rpm.sh [OUT_DIR]        (default target/generate-rpm)
# Needs cargo-generate-rpm (`cargo install cargo-generate-rpm --locked`) and, for the listing,
# rpm. The package metadata and file list are [package.metadata.generate-rpm] in Cargo.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/generate-rpm}
command -v cargo-generate-rpm >/dev/null 2>&1 || {
  echo "$0: cargo-generate-rpm is not installed (cargo install cargo-generate-rpm --locked)" >&2
  exit 1
}
cargo build --release --locked
mkdir -p "$out"
cargo generate-rpm --output "$out"
rpm_file=$(ls -t "$out"/*.rpm | head -n 1)
echo "$rpm_file"
if command -v rpm >/dev/null 2>&1; then
  rpm -qip "$rpm_file"
  rpm -qlvp "$rpm_file"
fi
