#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the test peers when missing (kubectl from
# apt, the oidc-provider npm package), builds the Go peers (tests/peers/build.sh), then runs
# every test. README and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v kubectl >/dev/null 2>&1 || need_apt+=(kubectl)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v keyctl >/dev/null 2>&1 || need_apt+=(keyutils)
command -v ruby >/dev/null 2>&1 || need_apt+=(ruby)
command -v dpkg-deb >/dev/null 2>&1 || need_apt+=(dpkg)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${need_apt[*]} with apt-get" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq || true
  # One at a time, so that one package without a candidate does not block the others.
  for pkg in "${need_apt[@]}"; do
    $sudo apt-get install -y -qq "$pkg" >/dev/null ||
      echo "tests/run.sh: apt-get could not install $pkg; tests that need it fail under CI" >&2
  done
fi

# The .deb packaging test builds with cargo-deb.
command -v cargo-deb >/dev/null 2>&1 || cargo install cargo-deb --locked --quiet

if [ -f tests/peers/oidc-provider/package-lock.json ]; then
  npm ci --prefix tests/peers/oidc-provider --no-audit --no-fund --loglevel=error
fi

# The Go test peers (real Kubernetes JWT authenticator, SPIRE server and agent) into
# target/peers; the Go build cache makes this take seconds when nothing changed. A peer that
# does not build fails the run under CI; locally its tests skip, saying why.
if ! bash tests/peers/build.sh; then
  if [ -n "${CI:-}" ]; then
    echo "tests/run.sh: the Go test peers did not build (see above); failing under CI" >&2
    exit 1
  fi
  echo "tests/run.sh: some Go test peers did not build; their tests will skip (set CI=1 to fail)" >&2
fi

cargo test --all-targets "$@"
