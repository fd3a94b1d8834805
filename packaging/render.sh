#!/usr/bin/env bash
# Renders the krew manifest and the Homebrew formula from really built release archives:
#   packaging/render.sh [--partial] VERSION ARCHIVE_DIR REPO_URL [OUT_DIR]
# ARCHIVE_DIR holds jwtcred-VERSION-{linux,darwin}-{amd64,arm64}.tar.gz (packaging/archive.sh);
# each SHA256_* placeholder becomes the sha256 of its archive. REPO_URL is the project page
# (also JWTCRED_REPO_URL); archives are downloaded from JWTCRED_DOWNLOAD_URL, by default
# REPO_URL/releases/download/vVERSION. Writes OUT_DIR (default ARCHIVE_DIR)/jwtcred.yaml and
# jwtcred.rb. A missing archive is an error, unless --partial: then its placeholder stays
# (and the result must not be published).
set -euo pipefail

partial=0
if [ "${1:-}" = "--partial" ]; then
  partial=1
  shift
fi
if [ $# -lt 2 ] || [ $# -gt 4 ]; then
  echo "usage: $0 [--partial] VERSION ARCHIVE_DIR REPO_URL [OUT_DIR]" >&2
  exit 2
fi
version=$1 dir=$2 repo=${3:-${JWTCRED_REPO_URL:-}} out=${4:-$2}
if [ -z "$repo" ]; then
  echo "$0: REPO_URL (or JWTCRED_REPO_URL) is required" >&2
  exit 2
fi
download=${JWTCRED_DOWNLOAD_URL:-$repo/releases/download/v$version}
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  echo "$0: VERSION must look like 1.2.3, not $version" >&2
  exit 2
fi
for value in "$repo" "$download"; do
  if [[ "$value" == *"|"* || "$value" == *"&"* || "$value" == *\\* ]]; then
    echo "$0: URL contains a character sed cannot take: $value" >&2
    exit 2
  fi
done

here=$(cd "$(dirname "$0")" && pwd)
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

substitutions=(-e "s|@VERSION@|$version|g" -e "s|@REPO_URL@|$repo|g" -e "s|@DOWNLOAD_URL@|$download|g")
missing=()
for platform in linux-amd64 linux-arm64 darwin-amd64 darwin-arm64; do
  placeholder="SHA256_$(echo "$platform" | tr 'a-z-' 'A-Z_')"
  archive="$dir/jwtcred-$version-$platform.tar.gz"
  if [ -f "$archive" ]; then
    substitutions+=(-e "s|$placeholder|$(sha256 "$archive")|g")
  else
    missing+=("$platform")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ $partial -eq 0 ]; then
    echo "$0: no archive for ${missing[*]} in $dir (use --partial to render anyway)" >&2
    exit 1
  fi
  echo "$0: warning: no archive for ${missing[*]}; their SHA256_* placeholders stay" >&2
fi

mkdir -p "$out"
sed "${substitutions[@]}" "$here/krew/jwtcred.yaml" > "$out/jwtcred.yaml"
sed "${substitutions[@]}" "$here/homebrew/jwtcred.rb" > "$out/jwtcred.rb"
echo "$out/jwtcred.yaml"
echo "$out/jwtcred.rb"
