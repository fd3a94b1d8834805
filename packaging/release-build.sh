#!/usr/bin/env bash
# One platform's release artifacts, on a runner of that platform (the workflow's build matrix;
# runs here for linux/amd64):
#   packaging/release-build.sh VERSION OS ARCH OUT_DIR
# Linux: the static binary (packaging/build-static.sh). darwin/windows: `cargo build --release`.
# Writes OUT_DIR/jwtcred-VERSION-OS-ARCH.{tar.gz|zip} (packaging/archive.sh) and its CycloneDX
# SBOM OUT_DIR/jwtcred-VERSION-OS-ARCH.cdx.json (packaging/sbom.sh); prints their paths.
# Refuses to cross-build: each artifact is built where it can be run.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 VERSION OS ARCH OUT_DIR" >&2
  exit 2
fi
version=$1 os=$2 arch=$3 out=$4
cd "$(dirname "$0")/.."

host_os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$host_os" in mingw* | msys* | cygwin*) host_os=windows ;; esac
case "$(uname -m)" in
  x86_64 | amd64) host_arch=amd64 ;;
  aarch64 | arm64) host_arch=arm64 ;;
  *) host_arch=$(uname -m) ;;
esac
if [ "$os/$arch" != "$host_os/$host_arch" ]; then
  echo "$0: this runner is $host_os/$host_arch, not $os/$arch (no cross builds)" >&2
  exit 2
fi

mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
case "$os" in
  linux) binary=$(bash packaging/build-static.sh "$stage") ;;
  darwin)
    cargo build --release --locked --quiet
    binary=target/release/jwtcred
    ;;
  windows)
    cargo build --release --locked --quiet
    binary=target/release/jwtcred.exe
    ;;
  *) echo "$0: unsupported OS $os" >&2; exit 2 ;;
esac
bash packaging/archive.sh "$version" "$os" "$arch" "$binary" "$out"
bash packaging/sbom.sh "$version" "$os" "$arch" "$out"
