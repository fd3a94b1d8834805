#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint v1.7.12 (pinned in tests/peers/actionlint,
# built from the Go module proxy into target/peers/actionlint on first use; shellcheck is used
# for `run:` scripts when it is on PATH):
#   packaging/lint-workflows.sh [WORKFLOW...]      (default .github/workflows/*.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ACTIONLINT:-target/peers/actionlint}
if [ ! -x "$bin" ]; then
  command -v go >/dev/null 2>&1 || { echo "$0: go is needed to build actionlint" >&2; exit 1; }
  mkdir -p "$(dirname "$bin")"
  (cd tests/peers/actionlint && go build -o "$OLDPWD/$bin" github.com/rhysd/actionlint/cmd/actionlint)
fi
if [ $# -eq 0 ]; then
  set -- .github/workflows/*.yml
fi
"$bin" -no-color "$@"
echo "actionlint: $# workflow file(s) clean" >&2
