#!/usr/bin/env bash
# Builds the Go test peers into target/peers (or $JWTCRED_PEERS_DIR): kube-authn (the Kubernetes
# JWT authenticator from k8s.io/apiserver), spire-server/spire-agent (SPIRE v1.13.3, pinned as
# Go tools in tests/peers/spire/go.mod) and dex (Dex v2.45.1 as a Go tool of the wrapper module
# tests/peers/dex: the module path has no /v2, so the tag is named by its pseudo-version
# v0.0.0-20260303133905-11d2eeb52b42; Dex's own replace of api/v2 does not apply to a
# dependency and the published api/v2 v2.4.0 it requires builds). Each peer is its own module; the Go build cache makes a
# rerun with nothing changed take seconds. Exits non-zero naming every peer that did not build.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${JWTCRED_PEERS_DIR:-$root/target/peers}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if ! command -v go >/dev/null 2>&1; then
  echo "tests/peers/build.sh: go is not installed; the Go test peers cannot be built" >&2
  exit 1
fi

# Read-only module graph: the committed go.mod/go.sum files are the pins. No VCS stamping
# (a worktree or a tarball builds the same).
export GOFLAGS="-mod=readonly -buildvcs=false"
# SPIRE's SQLite datastore needs cgo.
export CGO_ENABLED=1

failed=()
build() { # build NAME DIR PACKAGE...
  local name="$1" dir="$2"
  shift 2
  local started=$SECONDS
  if (cd "$here/$dir" && GOBIN="$out" go install "$@"); then
    echo "tests/peers/build.sh: $name ready in $((SECONDS - started)) s" >&2
  else
    echo "tests/peers/build.sh: $name failed to build" >&2
    failed+=("$name")
  fi
}

build kube-authn kube-authn .
build spire spire github.com/spiffe/spire/cmd/spire-server github.com/spiffe/spire/cmd/spire-agent
build dex dex github.com/dexidp/dex/cmd/dex
# client-go as Argo CD drives it (tests/integration/argocd_exec.rs).
build argocd-exec argocd-exec .

if [ ${#failed[@]} -gt 0 ]; then
  echo "tests/peers/build.sh: not built: ${failed[*]}" >&2
  exit 1
fi
