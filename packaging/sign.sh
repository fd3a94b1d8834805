#!/usr/bin/env bash
# CI only: keyless signatures (Sigstore cosign, the workflow's OIDC identity) of the release
# files, or of an image digest:
#   packaging/sign.sh DIR                    → DIR/FILE.bundle for SHA256SUMS and each artifact
#   packaging/sign.sh --image IMAGE@DIGEST   → a signature pushed next to the image
# Keyless signing needs the CI's identity token, so outside CI (no ACTIONS_ID_TOKEN_REQUEST_URL)
# this refuses to run. Verify a download with:
#   cosign verify-blob --bundle FILE.bundle --certificate-identity-regexp \
#     'https://github.com/OWNER/jwtcred/.github/workflows/release.yml@refs/tags/v.*' \
#     --certificate-oidc-issuer https://token.actions.githubusercontent.com FILE
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DIR | --image IMAGE@DIGEST" >&2
  exit 2
fi
if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ]; then
  echo "$0: keyless signing needs the CI's OIDC identity (id-token: write); it runs only in the release workflow" >&2
  exit 1
fi
command -v cosign >/dev/null 2>&1 || { echo "$0: cosign is needed (sigstore/cosign-installer)" >&2; exit 1; }
if [ "$1" = --image ]; then
  [ $# -eq 2 ] || { echo "usage: $0 --image IMAGE@DIGEST" >&2; exit 2; }
  cosign sign --yes "$2"
  exit 0
fi
dir=$1
[ -f "$dir/SHA256SUMS" ] || { echo "$0: run packaging/checksums.sh $dir first" >&2; exit 1; }
while read -r _ file; do
  cosign sign-blob --yes --bundle "$dir/$file.bundle" "$dir/$file" >/dev/null
  echo "$dir/$file.bundle"
done < "$dir/SHA256SUMS"
cosign sign-blob --yes --bundle "$dir/SHA256SUMS.bundle" "$dir/SHA256SUMS" >/dev/null
echo "$dir/SHA256SUMS.bundle"
