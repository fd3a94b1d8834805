#!/usr/bin/env bash
# Installs the packaging tools the release scripts use, at pinned versions, when missing:
#   packaging/install-tools.sh [sbom] [deb] [rpm]      (default: all three)
# sbom: cargo-cyclonedx; deb: cargo-deb; rpm: cargo-generate-rpm.
set -euo pipefail
[ $# -gt 0 ] || set -- sbom deb rpm
install_crate() { # install_crate CRATE VERSION
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "install-tools.sh: cargo install $1 $2" >&2
    cargo install --locked --quiet "$1" --version "$2"
  fi
}
for tool in "$@"; do
  case "$tool" in
    sbom) install_crate cargo-cyclonedx "${CARGO_CYCLONEDX_VERSION:-0.5.9}" ;;
    deb) install_crate cargo-deb "${CARGO_DEB_VERSION:-3.8.0}" ;;
    rpm) install_crate cargo-generate-rpm "${CARGO_GENERATE_RPM_VERSION:-0.21.1}" ;;
    *) echo "$0: unknown tool $tool (sbom, deb, rpm)" >&2; exit 2 ;;
  esac
done
