#!/usr/bin/env bash
# Prints the version in Cargo.toml; with a tag (vX.Y.Z, e.g. the workflow's GITHUB_REF_NAME),
# fails unless the tag names that version:
#   packaging/version.sh [TAG]
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
[ -n "$version" ] || { echo "$0: no version in Cargo.toml" >&2; exit 1; }
if [ $# -ge 1 ] && [ "$1" != "v$version" ]; then
  echo "$0: tag $1 does not match Cargo.toml version $version (expected v$version)" >&2
  exit 1
fi
echo "$version"
