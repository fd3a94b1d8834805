#!/usr/bin/env bash
# Builds the release archive of one platform from an already built binary:
#   packaging/archive.sh VERSION OS ARCH BINARY OUT_DIR
# writes OUT_DIR/jwtcred-VERSION-OS-ARCH.tar.gz holding jwtcred, kubectl-jwtcred (the name krew
# installs), kubectl_complete-jwtcred (kubectl's plugin completion), LICENSE, README.md,
# completions/ and man/jwtcred.1 — the layout the krew manifest and the Homebrew formula
# expect. OS/ARCH is linux or darwin with amd64 or arm64, or windows/amd64 (a .zip with
# jwtcred.exe and kubectl-jwtcred.exe). The archive is reproducible (sorted, owner 0, mtime
# SOURCE_DATE_EPOCH or 0); needs GNU tar (python3 for the .zip).
set -euo pipefail

if [ $# -ne 5 ]; then
  echo "usage: $0 VERSION OS ARCH BINARY OUT_DIR" >&2
  exit 2
fi
version=$1 os=$2 arch=$3 binary=$4 out=$5
case "$os/$arch" in
  linux/amd64 | linux/arm64 | darwin/amd64 | darwin/arm64 | windows/amd64) ;;
  *) echo "$0: unsupported platform $os/$arch" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$binary" ] || { echo "$0: no binary at $binary" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
exe=""
[ "$os" = windows ] && exe=".exe"
install -m 0755 "$binary" "$stage/jwtcred$exe"
install -m 0755 "$binary" "$stage/kubectl-jwtcred$exe"
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
if [ "$os" = windows ]; then
  name="jwtcred-$version-$os-$arch.zip"
  python3 - "$stage" "$out/$name" "${SOURCE_DATE_EPOCH:-0}" <<'EOF'
import os, sys, time, zipfile
stage, target, epoch = sys.argv[1], sys.argv[2], max(int(sys.argv[3]), 315532800)  # zip: >= 1980
stamp = time.gmtime(epoch)[:6]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for root, dirs, files in os.walk(stage):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            info = zipfile.ZipInfo(os.path.relpath(path, stage).replace(os.sep, "/"), stamp)
            info.external_attr = (os.stat(path).st_mode & 0o777) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                archive.writestr(info, f.read())
EOF
  echo "$out/$name"
  exit 0
fi
name="jwtcred-$version-$os-$arch.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${SOURCE_DATE_EPOCH:-0}" \
  -C "$stage" -cf - . | gzip -n -9 > "$out/$name"
echo "$out/$name"
