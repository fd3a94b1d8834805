#!/usr/bin/env bash
# Regenerates the committed completion scripts (completions/) and man page
# (packaging/man/jwtcred.1) from the clap definition; the drift tests in
# tests/integration/ecosystem.rs fail until this is run after a CLI change.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked
bin=target/debug/jwtcred
mkdir -p completions packaging/man
"$bin" completions bash > completions/jwtcred.bash
"$bin" completions zsh > completions/_jwtcred
"$bin" completions fish > completions/jwtcred.fish
"$bin" completions powershell > completions/_jwtcred.ps1
"$bin" completions elvish > completions/jwtcred.elv
"$bin" man > packaging/man/jwtcred.1
echo "regenerated completions/ and packaging/man/jwtcred.1" >&2
