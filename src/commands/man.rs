//! `jwtcred man`: the man page (roff) generated from the clap definition with clap_mangen: the
//! get options, one section per command with its own options, exit status and environment.
//! `packaging/man/jwtcred.1` is kept equal to this output by a test.

use anyhow::{Context as _, Result};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use super::completions::{BIN_NAME, documented_command};

/// What roff's writer puts before every piece it renders.
const PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];

pub fn run() -> Result<String> {
    let root = documented_command();
    let man = Man::new(root.clone());
    let mut page = String::new();
    page.push_str(&PREAMBLE.map(|line| format!("{line}\n")).concat());
    page.push_str(&render(|w| man.render_title(w))?);
    page.push_str(&render(|w| man.render_name_section(w))?);
    page.push_str(&render(|w| man.render_synopsis_section(w))?);
    page.push_str(&render(|w| man.render_description_section(w))?);
    page.push_str(&render(|w| man.render_options_section(w))?.replacen(
        ".SH OPTIONS",
        ".SH \"GET OPTIONS\"",
        1,
    ));
    page.push_str(&render(|w| subcommands_section(&root).to_writer(w))?);
    // The subcommands as defined, before clap copies the global get options into each.
    for sub in root.get_subcommands() {
        page.push_str(&command_section(BIN_NAME, sub)?);
        let parent = format!("{BIN_NAME} {}", sub.get_name());
        for nested in sub.get_subcommands() {
            page.push_str(&command_section(&parent, nested)?);
        }
    }
    page.push_str(&render(|w| extra_sections().to_writer(w))?);
    page.push_str(&render(|w| man.render_version_section(w))?);
    Ok(page)
}

/// `.SH "JWTCRED KUBECONFIG"`: the command's synopsis, description and own options.
fn command_section(parent: &str, sub: &clap::Command) -> Result<String> {
    let full_name = format!("{parent} {}", sub.get_name());
    let sub = sub.clone().bin_name(full_name.clone());
    let has_options = sub.get_arguments().any(|a| !a.is_hide_set());
    let man = Man::new(sub);
    let mut text = render(|w| man.render_synopsis_section(w))?.replacen(
        ".SH SYNOPSIS",
        &format!(".SH \"{}\"", full_name.to_uppercase()),
        1,
    );
    text.push_str(".PP\n");
    text.push_str(&strip_heading(&render(|w| {
        man.render_description_section(w)
    })?));
    if has_options {
        text.push_str(&render(|w| man.render_options_section(w))?.replacen(
            ".SH OPTIONS",
            ".SS Options",
            1,
        ));
    }
    Ok(text)
}

/// The commands, named as they are typed (the sections below describe each).
fn subcommands_section(root: &clap::Command) -> Roff {
    let mut roff = Roff::default();
    roff.control("SH", ["COMMANDS"]);
    for sub in root.get_subcommands() {
        roff.control("TP", []);
        roff.text([bold(format!("{BIN_NAME} {}", sub.get_name()))]);
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        roff.text([roman(about)]);
    }
    roff
}

fn extra_sections() -> Roff {
    let mut roff = Roff::default();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "Success."),
        (
            "1",
            "Runtime failure: bad input content, an unusable file, socket or token, any upstream error.",
        ),
        ("2", "Usage error: what the argument parser rejects."),
        (
            "3",
            "No credential source: auto-detection found nothing, or the chosen source has no input.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "Every get option --foo-bar can also be set by JWTCRED_FOO_BAR (lists comma separated), \
         except --exec-api-version and --client-secret; a flag beats the variable. Secrets come \
         from JWTCRED_CLIENT_SECRET and JWTCRED_EXCHANGE_CLIENT_SECRET. jwtcred also reads \
         KUBERNETES_EXEC_INFO (set by kubectl/client-go), EXEC_CREDENTIAL_VERSION, \
         SPIFFE_ENDPOINT_SOCKET, SPIFFE_JWT_AUDIENCE, ACTIONS_ID_TOKEN_REQUEST_URL, \
         ACTIONS_ID_TOKEN_REQUEST_TOKEN, AWS_WEB_IDENTITY_TOKEN_FILE, AZURE_FEDERATED_TOKEN_FILE, \
         KUBECONFIG (the kubeconfig command), SSL_CERT_FILE, SSL_CERT_DIR, HTTPS_PROXY and NO_PROXY.",
    )]);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        italic("kubectl"),
        roman(
            "(1), the jwtcred README (installation, recipes for kubectl, Argo CD, SPIRE and CI).",
        ),
    ]);
    roff
}

/// One section as text, without the preamble roff repeats in every rendered piece (the page
/// carries it once, from the title).
fn render(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<String> {
    let mut out = Vec::new();
    f(&mut out)?;
    let text = String::from_utf8(out).context("the generated man page is not UTF-8")?;
    Ok(text
        .lines()
        .filter(|line| !PREAMBLE.contains(line))
        .map(|line| format!("{line}\n"))
        .collect())
}

/// Drops the `.SH …` line a clap_mangen section starts with.
fn strip_heading(section: &str) -> String {
    match section.split_once('\n') {
        Some((first, rest)) if first.starts_with(".SH") => rest.to_owned(),
        _ => section.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_every_command_and_the_exit_codes() {
        let page = super::run().unwrap();
        assert_eq!(page.matches(".TH jwtcred 1").count(), 1);
        assert_eq!(page.matches(".el .ds Aq").count(), 1);
        for heading in [
            "\"GET OPTIONS\"",
            "\"JWTCRED KUBECONFIG\"",
            "\"JWTCRED ARGOCD-CLUSTER\"",
            "\"JWTCRED INSTALL\"",
            "\"EXIT STATUS\"",
            "\"JWTCRED CACHE CLEAR\"",
        ] {
            assert!(page.contains(&format!(".SH {heading}")), "{heading}");
        }
    }
}
