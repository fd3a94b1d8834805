#!/usr/bin/env bash
# CI only: creates the GitHub release for TAG with every file in DIR (archives, packages, SBOMs,
# SHA256SUMS, signature bundles, the rendered krew manifest and Homebrew formula):
#   packaging/publish-release.sh TAG DIR
# Needs gh and GH_TOKEN (the workflow's GITHUB_TOKEN with contents: write).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 TAG DIR" >&2
  exit 2
fi
tag=$1 dir=$2
[ -n "${GH_TOKEN:-}" ] || { echo "$0: GH_TOKEN is needed; this runs only in the release workflow" >&2; exit 1; }
[ -f "$dir/SHA256SUMS" ] || { echo "$0: no $dir/SHA256SUMS (packaging/checksums.sh)" >&2; exit 1; }
if grep -q 'SHA256_' "$dir/jwtcred.yaml" "$dir/jwtcred.rb"; then
  echo "$0: the krew manifest or Homebrew formula still has a placeholder" >&2
  exit 1
fi
gh release create "$tag" --verify-tag --title "jwtcred $tag" --notes "See SHA256SUMS and the .bundle signatures (README, Install)." "$dir"/*
