#!/usr/bin/env bash
# The container image's root filesystem for one architecture, built from the static binary:
#   packaging/build-image.sh BINARY ARCH OUT_DIR
# writes OUT_DIR/rootfs-ARCH/{jwtcred, etc/ssl/certs/ca-certificates.crt, LICENSE} (what the
# FROM scratch packaging/Containerfile copies, nothing else) and OUT_DIR/Containerfile, so that
# OUT_DIR is the build context: `docker buildx build --platform linux/ARCH OUT_DIR`
# (packaging/push-image.sh in CI). The CA bundle is CA_BUNDLE, default this machine's
# /etc/ssl/certs/ca-certificates.crt (Debian/Ubuntu ca-certificates). ARCH is amd64 or arm64.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 BINARY ARCH OUT_DIR" >&2
  exit 2
fi
binary=$1 arch=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
case "$arch" in amd64 | arm64) ;; *) echo "$0: unsupported ARCH $arch" >&2; exit 2 ;; esac
bundle=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
[ -s "$bundle" ] || { echo "$0: no CA bundle at $bundle (apt-get install ca-certificates)" >&2; exit 1; }
# A scratch image has no loader and no libc: only a static binary runs there.
bash "$here/check-static.sh" "$binary" >&2

rootfs="$out/rootfs-$arch"
rm -rf "$rootfs"
install -D -m 0755 "$binary" "$rootfs/jwtcred"
install -D -m 0644 "$bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
install -D -m 0644 "$here/../LICENSE" "$rootfs/LICENSE"
install -m 0644 "$here/Containerfile" "$out/Containerfile"
echo "$rootfs"
