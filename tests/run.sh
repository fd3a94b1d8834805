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
# Release artifacts and channels (tests/integration/static_artifact.rs, channels.rs).
command -v rpm >/dev/null 2>&1 || need_apt+=(rpm)
command -v cpio >/dev/null 2>&1 || need_apt+=(cpio)
command -v readelf >/dev/null 2>&1 || need_apt+=(binutils)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
command -v strace >/dev/null 2>&1 || need_apt+=(strace)
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

# The packaging tests build with cargo-deb, cargo-generate-rpm and cargo-cyclonedx (pinned).
bash packaging/install-tools.sh deb rpm sbom

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

# --- Release artifacts (issue 18) ---
# The static release binary, every package channel built from it and the workflow lint are
# `#[ignore]`d in the default suite (they build the release artifact once, in target/static);
# the whole run includes them.
if [ $# -eq 0 ]; then
  cargo test --test integration release_ -- --ignored
fi
