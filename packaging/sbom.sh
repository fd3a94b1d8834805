#!/usr/bin/env bash
# The CycloneDX SBOM of one platform's artifact: the crates compiled into the binary for that
# target (cargo-cyclonedx resolves the platform-specific dependencies):
#   packaging/sbom.sh VERSION OS ARCH OUT_DIR [ARTIFACT]
# writes OUT_DIR/jwtcred-VERSION-OS-ARCH.cdx.json, or OUT_DIR/$(basename ARTIFACT).cdx.json for a
# package (.deb, .rpm) that holds that platform's binary.
# Needs cargo-cyclonedx (`cargo install cargo-cyclonedx --locked`).
set -euo pipefail
if [ $# -lt 4 ] || [ $# -gt 5 ]; then
  echo "usage: $0 VERSION OS ARCH OUT_DIR [ARTIFACT]" >&2
  exit 2
fi
version=$1 os=$2 arch=$3 out=$4 artifact=${5:-}
cd "$(dirname "$0")/.."
command -v cargo-cyclonedx >/dev/null 2>&1 || {
  echo "$0: cargo-cyclonedx is not installed (cargo install cargo-cyclonedx --locked)" >&2
  exit 1
}
case "$os/$arch" in
  linux/amd64) triple=x86_64-unknown-linux-gnu ;;
  linux/arm64) triple=aarch64-unknown-linux-gnu ;;
  darwin/amd64) triple=x86_64-apple-darwin ;;
  darwin/arm64) triple=aarch64-apple-darwin ;;
  windows/amd64) triple=x86_64-pc-windows-msvc ;;
  *) echo "$0: unsupported platform $os/$arch" >&2; exit 2 ;;
esac
name="jwtcred-$version-$os-$arch.cdx"
[ -z "$artifact" ] || name="$(basename "$artifact").cdx"
# Written next to Cargo.toml, then moved: cargo-cyclonedx has no output-directory option.
cargo cyclonedx --quiet --format json --spec-version 1.5 \
  --target "$triple" --override-filename "$name" >&2
generated=$(find . -maxdepth 1 -name "$name*.json" -newer Cargo.toml -print -quit)
[ -n "$generated" ] || { echo "$0: cargo-cyclonedx wrote no $name*.json" >&2; exit 1; }
mkdir -p "$out"
mv "$generated" "$out/$name.json"
echo "$out/$name.json"
