# Homebrew formula. A template: `packaging/render.sh VERSION DIR REPO_URL` fills in VERSION,
# REPO_URL and DOWNLOAD_URL and replaces each SHA256_* placeholder with the sha256 of the
# release archive built for that platform. Never publish it with a placeholder left.
class Jwtcred < Formula
  desc "Workload identity (SPIFFE, Actions OIDC, token files) as kubectl credentials"
  homepage "@REPO_URL@"
  version "@VERSION@"
  license "Apache-2.0"

  on_macos do
    on_arm do
      url "@DOWNLOAD_URL@/jwtcred-@VERSION@-darwin-arm64.tar.gz"
      sha256 "SHA256_DARWIN_ARM64"
    end
    on_intel do
      url "@DOWNLOAD_URL@/jwtcred-@VERSION@-darwin-amd64.tar.gz"
      sha256 "SHA256_DARWIN_AMD64"
    end
  end

  on_linux do
    on_arm do
      url "@DOWNLOAD_URL@/jwtcred-@VERSION@-linux-arm64.tar.gz"
      sha256 "SHA256_LINUX_ARM64"
    end
    on_intel do
      url "@DOWNLOAD_URL@/jwtcred-@VERSION@-linux-amd64.tar.gz"
      sha256 "SHA256_LINUX_AMD64"
    end
  end

  def install
    bin.install "jwtcred"
    # `kubectl jwtcred …` finds the plugin under this name.
    bin.install_symlink "jwtcred" => "kubectl-jwtcred"
    # `kubectl jwtcred <TAB>`: kubectl runs kubectl_complete-jwtcred from PATH.
    bin.install "kubectl_complete-jwtcred"
    bash_completion.install "completions/jwtcred.bash" => "jwtcred"
    zsh_completion.install "completions/_jwtcred"
    fish_completion.install "completions/jwtcred.fish"
    man1.install "man/jwtcred.1"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/jwtcred --version")
    # Exit 3: no credential source in the test sandbox, and nothing on stdout.
    assert_equal "", shell_output("#{bin}/jwtcred --source actions 2>/dev/null", 3)
  end
end
