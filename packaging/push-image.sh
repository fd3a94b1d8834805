#!/usr/bin/env bash
# CI only: builds the multi-architecture image from the context packaging/build-image.sh made
# (rootfs-amd64 and rootfs-arm64) and pushes it:
#   packaging/push-image.sh CONTEXT_DIR IMAGE:TAG
# Needs docker with buildx and a registry login (the workflow's GITHUB_TOKEN); prints the
# pushed digest for the provenance and signing steps.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 CONTEXT_DIR IMAGE:TAG" >&2
  exit 2
fi
context=$1 image=$2
for arch in amd64 arm64; do
  [ -x "$context/rootfs-$arch/jwtcred" ] || { echo "$0: no $context/rootfs-$arch (packaging/build-image.sh)" >&2; exit 1; }
done
command -v docker >/dev/null 2>&1 || { echo "$0: docker is needed" >&2; exit 1; }
docker buildx build --platform linux/amd64,linux/arm64 --provenance=false \
  --metadata-file "$context/metadata.json" --push -t "$image" "$context" >&2
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["containerimage.digest"])' "$context/metadata.json"
