# Nix package for jwtcred, built from this checkout:
#   nix-build -E 'with import <nixpkgs> {}; callPackage ./packaging/package.nix {}'
# or, in an overlay / flake: jwtcred = pkgs.callPackage ./packaging/package.nix { };
{
  lib,
  rustPlatform,
  installShellFiles,
}:

let
  cargoToml = lib.importTOML ../Cargo.toml;
in
rustPlatform.buildRustPackage {
  pname = "jwtcred";
  inherit (cargoToml.package) version;

  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../Cargo.toml
      ../Cargo.lock
      ../src
      ../completions
      ../packaging/man
      ../LICENSE
      ../README.md
    ];
  };
  cargoLock.lockFile = ../Cargo.lock;

  nativeBuildInputs = [ installShellFiles ];

  # The integration tests need peers (kubectl, an OIDC provider, local HTTPS servers);
  # the unit tests run.
  cargoTestFlags = [ "--lib" ];

  postInstall = ''
    ln -s jwtcred $out/bin/kubectl-jwtcred
    install -Dm755 completions/kubectl_complete-jwtcred $out/bin/kubectl_complete-jwtcred
    installShellCompletion --cmd jwtcred \
      --bash completions/jwtcred.bash \
      --zsh completions/_jwtcred \
      --fish completions/jwtcred.fish
    installManPage packaging/man/jwtcred.1
  '';

  meta = {
    description = cargoToml.package.description;
    license = lib.licenses.asl20;
    mainProgram = "jwtcred";
    platforms = lib.platforms.unix;
  };
}
