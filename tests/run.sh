#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need when it is missing,
# saying what and why before it does (apt packages, the oidc-provider npm package, the pinned
# cargo packaging tools, the Go test peers from the Go module proxy), then runs every test.
# README and .ci/run call this.
#
# JWTCRED_TEST_NO_INSTALL=1 installs nothing: the run fails (exit 1) naming each missing piece
# and the command that installs it. Extra arguments go to `cargo test --all-targets`.
set -euo pipefail
cd "$(dirname "$0")/.."

no_install=${JWTCRED_TEST_NO_INSTALL:-}
missing=()

say() { echo "tests/run.sh: $*" >&2; }

# plan WHAT HOW WHY: WHAT is missing; install it with HOW (or, under JWTCRED_TEST_NO_INSTALL,
# remember it for the final refusal). Returns 0 when the caller should install it now.
plan() {
  if [ -n "$no_install" ]; then
    missing+=("$1 ($2): $3")
    return 1
  fi
  say "installing $1 ($2): $3"
  return 0
}

# --- apt packages: command that proves it is there, package, why the tests need it ---
apt_needs=(
  "kubectl kubectl the kubeconfig and whoami tests run the real kubectl"
  "node nodejs the oidc-provider test peer runs on Node.js"
  "npm npm npm ci installs the oidc-provider test peer"
  "keyctl keyutils the keyring cache tests use the Linux kernel keyring"
  "ruby ruby the Homebrew test checks the rendered formula's syntax with ruby -c"
  "dpkg-deb dpkg the .deb test installs the package with dpkg --root"
  "rpm rpm the .rpm test queries the package with rpm"
  "cpio cpio the .rpm test unpacks the payload with rpm2cpio | cpio"
  "readelf binutils packaging/check-static.sh reads the static binary with readelf"
  "shellcheck shellcheck the workflow lint checks run: scripts with shellcheck"
  "strace strace the release tests trace the static binary's system calls"
)
apt_pkgs=()
for need in "${apt_needs[@]}"; do
  read -r cmd pkg why <<<"$need"
  command -v "$cmd" >/dev/null 2>&1 && continue
  if plan "$pkg" "apt-get install $pkg" "$why"; then apt_pkgs+=("$pkg"); fi
done
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq || true
  # One at a time, so that one package without a candidate does not block the others.
  for pkg in "${apt_pkgs[@]}"; do
    $sudo apt-get install -y -qq "$pkg" >/dev/null ||
      say "apt-get could not install $pkg; tests that need it fail under CI"
  done
fi

# --- cargo packaging tools (pinned in packaging/install-tools.sh) ---
cargo_needs=(
  "cargo-deb deb the .deb channel test builds the package with cargo-deb"
  "cargo-generate-rpm rpm the .rpm channel test builds the package with cargo-generate-rpm"
  "cargo-cyclonedx sbom the SBOM test generates CycloneDX files with cargo-cyclonedx"
)
cargo_tools=()
for need in "${cargo_needs[@]}"; do
  read -r bin tool why <<<"$need"
  command -v "$bin" >/dev/null 2>&1 && continue
  if plan "$bin" "bash packaging/install-tools.sh $tool" "$why; cargo install compiles it, which takes a few minutes the first time"; then
    cargo_tools+=("$tool")
  fi
done
if [ ${#cargo_tools[@]} -gt 0 ]; then
  bash packaging/install-tools.sh "${cargo_tools[@]}"
fi

# --- the oidc-provider npm package (tests/peers/oidc-provider), as its lockfile pins it ---
peer=tests/peers/oidc-provider
if [ -f "$peer/package-lock.json" ] &&
  { [ ! -f "$peer/node_modules/.package-lock.json" ] ||
    [ "$peer/package-lock.json" -nt "$peer/node_modules/.package-lock.json" ]; }; then
  if plan "oidc-provider" "npm ci --prefix $peer" "the client-credentials and exchange tests run against this certified OpenID Provider"; then
    npm ci --prefix "$peer" --no-audit --no-fund --loglevel=error
  fi
fi

# --- the Go test peers (real Kubernetes JWT authenticator, SPIRE, Dex, client-go) ---
# tests/peers/build.sh builds them into target/peers; with the Go build cache warm this takes
# seconds and downloads nothing. Under JWTCRED_TEST_NO_INSTALL the module proxy is off, so a
# module that is not in the local cache fails the build instead of being downloaded.
if [ -n "$no_install" ]; then
  export GOPROXY=off
  if ! bash tests/peers/build.sh; then
    missing+=("the Go test peers (bash tests/peers/build.sh, with the Go module proxy reachable): kube-authn, SPIRE, Dex and argocd-exec are real peers of the integration tests")
  fi
  # A release test builds actionlint (packaging/lint-workflows.sh) the same way.
  if [ ! -x target/peers/actionlint ] && [ -z "${ACTIONLINT:-}" ]; then
    missing+=("actionlint (bash packaging/lint-workflows.sh builds it into target/peers/actionlint): the workflow lint test runs it")
  fi
else
  say "building the Go test peers (bash tests/peers/build.sh): the integration tests run the real Kubernetes authenticator, SPIRE, Dex and client-go; seconds with the Go build cache warm, 10-60 minutes with it empty (modules not yet cached come from the Go module proxy)"
  if ! bash tests/peers/build.sh; then
    if [ -n "${CI:-}" ]; then
      say "the Go test peers did not build (see above); failing under CI"
      exit 1
    fi
    say "some Go test peers did not build; their tests will skip (set CI=1 to fail)"
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "JWTCRED_TEST_NO_INSTALL is set and the suite needs what is missing here:"
  for m in "${missing[@]}"; do echo "  missing $m" >&2; done
  say "install those (or unset JWTCRED_TEST_NO_INSTALL to let this script install them)"
  exit 1
fi

cargo test --all-targets "$@"

# --- Release artifacts (issue 18) ---
# The static release binary, every package channel built from it and the workflow lint are
# `#[ignore]`d in the default suite (they build the release artifact once, in target/static);
# the whole run includes them.
if [ $# -eq 0 ]; then
  cargo test --test integration release_ -- --ignored
fi
