#!/usr/bin/env bash
# Builds the release archive of one platform from an already built binary:
#   packaging/archive.sh VERSION OS ARCH BINARY OUT_DIR
# writes OUT_DIR/jwtcred-VERSION-OS-ARCH.tar.gz holding jwtcred, kubectl-jwtcred (the name krew
# installs), kubectl_complete-jwtcred (kubectl's plugin completion), LICENSE, README.md,
# completions/ and man/jwtcred.1 — the layout the krew manifest
# and the Homebrew formula expect. OS is linux or darwin, ARCH amd64 or arm64. The archive is
# reproducible (sorted, owner 0, mtime SOURCE_DATE_EPOCH or 0); needs GNU tar.
set -euo pipefail

if [ $# -ne 5 ]; then
  echo "usage: $0 VERSION OS ARCH BINARY OUT_DIR" >&2
  exit 2
fi
version=$1 os=$2 arch=$3 binary=$4 out=$5
case "$os/$arch" in
  linux/amd64 | linux/arm64 | darwin/amd64 | darwin/arm64) ;;
  *) echo "$0: unsupported platform $os/$arch" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$binary" ] || { echo "$0: no binary at $binary" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
install -m 0755 "$binary" "$stage/jwtcred"
install -m 0755 "$binary" "$stage/kubectl-jwtcred"
install -m 0644 "$root/LICENSE" "$root/README.md" "$stage/"
mkdir -p "$stage/completions" "$stage/man"
for script in "$root"/completions/*; do
  case "$(basename "$script")" in
    kubectl_complete-*) install -m 0755 "$script" "$stage/" ;;
    *) install -m 0644 "$script" "$stage/completions/" ;;
  esac
done
install -m 0644 "$root/packaging/man/jwtcred.1" "$stage/man/"

mkdir -p "$out"
name="jwtcred-$version-$os-$arch.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
  -C "$stage" -cf - . | gzip -n -9 > "$out/$name"
echo "$out/$name"
