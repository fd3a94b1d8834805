#!/usr/bin/env bash
# SHA256SUMS of every release file in DIR (archives, SBOMs, packages), in `sha256sum -c` format:
#   packaging/checksums.sh DIR            → DIR/SHA256SUMS, then verified with sha256sum -c
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
cd "$1"
files=()
while IFS= read -r -d '' file; do
  files+=("${file#./}")
done < <(find . -maxdepth 1 -type f ! -name SHA256SUMS ! -name '*.sig' ! -name '*.pem' ! -name '*.bundle' -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || { echo "$0: no files in $1" >&2; exit 1; }
sha256sum -- "${files[@]}" > SHA256SUMS
sha256sum --quiet -c SHA256SUMS
echo "$1/SHA256SUMS"
