//! The README is part of the interface: every `jwtcred …` command line it shows (in code blocks,
//! inline code and command tables) names a subcommand that exists and only flags that the
//! `--help` of that very subcommand lists, with one of the listed values where the help fixes
//! them; every ```` ```sh runnable ```` block runs against the built binary; every `(#anchor)`
//! link names a heading. CONTRIBUTING.md ("The README is tested") describes the rules.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

const README: &str = include_str!("../../README.md");
const BIN: &str = env!("CARGO_BIN_EXE_jwtcred");
const RUNNABLE: &str = "sh runnable";

/// One option of a `--help` page: whether it takes a value, and the values it allows (empty:
/// any).
#[derive(Debug, Default)]
struct HelpFlag {
    takes_value: bool,
    values: Vec<String>,
}

/// What `jwtcred <path> --help` says: its options (long and short spellings) and subcommands.
#[derive(Debug, Default)]
struct HelpPage {
    flags: HashMap<String, HelpFlag>,
    subcommands: BTreeSet<String>,
}

/// Runs `--help` of each subcommand path once; paths with no help page (an unknown
/// subcommand) are `None`.
struct Helps(HashMap<Vec<String>, Option<HelpPage>>);

impl Helps {
    fn new() -> Self {
        Helps(HashMap::new())
    }

    fn page(&mut self, path: &[String]) -> Option<&HelpPage> {
        self.0
            .entry(path.to_vec())
            .or_insert_with(|| {
                let out = Command::new(BIN)
                    .args(path)
                    .arg("--help")
                    .env_clear()
                    .output()
                    .expect("run jwtcred --help");
                out.status
                    .success()
                    .then(|| parse_help(&String::from_utf8_lossy(&out.stdout)))
            })
            .as_ref()
    }

    /// The flag as the command `path` accepts it: the bare form is `get`, so it takes the top
    /// level's options and get's.
    fn flag(&mut self, path: &[String], name: &str) -> Option<&HelpFlag> {
        if path.is_empty() && !self.page(&[]).is_some_and(|p| p.flags.contains_key(name)) {
            return self.page(&["get".to_string()])?.flags.get(name);
        }
        self.page(path)?.flags.get(name)
    }
}

/// Reads clap's help layout: a `Commands:` list, then (under `Options:` or any other
/// `… options:` heading) options as `  -o, --output <FORMAT>` lines, each followed by its
/// indented description (`[possible values: a, b]`, or a `Possible values:` list of `- a: …`).
fn parse_help(text: &str) -> HelpPage {
    let mut page = HelpPage::default();
    let mut section = "";
    let mut current: Vec<String> = Vec::new();
    let mut description = String::new();
    let finish = |names: &mut Vec<String>, description: &mut String, page: &mut HelpPage| {
        let values = possible_values(description);
        for name in names.drain(..) {
            let flag = page.flags.entry(name).or_default();
            flag.values = values.clone();
        }
        description.clear();
    };
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            finish(&mut current, &mut description, &mut page);
            section = line;
            continue;
        }
        match section {
            "Commands:" => {
                if let Some(name) = line
                    .split_whitespace()
                    .next()
                    .filter(|_| line.starts_with("  ") && !line.starts_with("   "))
                {
                    page.subcommands.insert(name.to_string());
                }
            }
            // "Options:" and any other option heading ("Source options:", "Token exchange
            // options (RFC 8693):", …).
            s if s.to_ascii_lowercase().contains("options") => {
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                if trimmed.starts_with('-') && indent <= 6 {
                    finish(&mut current, &mut description, &mut page);
                    // `-o, --output <FORMAT>`, then (in short help) the description after two blanks.
                    let (spec, rest) = trimmed.split_once("  ").unwrap_or((trimmed, ""));
                    description.push_str(rest.trim());
                    let takes_value = spec.contains(" <");
                    for spelling in spec.split([',', ' ']).filter(|w| w.starts_with('-')) {
                        current.push(spelling.to_string());
                        page.flags
                            .entry(spelling.to_string())
                            .or_default()
                            .takes_value = takes_value;
                    }
                } else {
                    description.push('\n');
                    description.push_str(trimmed);
                }
            }
            _ => {}
        }
    }
    finish(&mut current, &mut description, &mut page);
    page
}

fn possible_values(description: &str) -> Vec<String> {
    let joined = description.replace('\n', " ");
    if let Some(start) = joined.find("[possible values: ") {
        let rest = &joined[start + "[possible values: ".len()..];
        let end = rest.find(']').unwrap_or(rest.len());
        return rest[..end]
            .split(',')
            .map(|v| v.trim().to_string())
            .collect();
    }
    let mut values = Vec::new();
    let mut listing = false;
    for line in description.lines() {
        if line.starts_with("Possible values:") {
            listing = true;
        } else if let Some(item) = line.strip_prefix("- ").filter(|_| listing) {
            values.push(
                item.split(':')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            );
        }
    }
    values
}

/// Where a README text came from, for the failure message.
#[derive(Clone, Copy)]
struct At(usize);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "README.md:{}", self.0)
    }
}

/// Splits shell-like text into commands (word lists): `|`, `&&`, `;`, newlines and `$( … )`
/// (also inside double quotes) separate commands; quotes group words; `#` after a blank starts
/// a comment. Good enough for the README's snippets, which are shell, YAML or console text.
fn commands(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    let mut word = String::new();
    let mut in_word = false;
    // Quote state per `$(` nesting level: None, Some('\'') or Some('"').
    let mut quotes: Vec<Option<char>> = vec![None];
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    let end_word = |word: &mut String, in_word: &mut bool, out: &mut Vec<Vec<String>>| {
        if *in_word {
            out.last_mut().unwrap().push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        let quote = *quotes.last().unwrap();
        match (quote, c) {
            (Some('\''), '\'') => *quotes.last_mut().unwrap() = None,
            (Some('\''), _) => word.push(c),
            (_, '$') if chars.peek() == Some(&'(') => {
                chars.next();
                end_word(&mut word, &mut in_word, &mut out);
                out.push(Vec::new());
                quotes.push(None);
            }
            (None, ')') if quotes.len() > 1 => {
                end_word(&mut word, &mut in_word, &mut out);
                out.push(Vec::new());
                quotes.pop();
            }
            (Some('"'), '"') | (None, '"') | (None, '\'') => {
                *quotes.last_mut().unwrap() = if quote.is_some() { None } else { Some(c) };
                in_word = true;
            }
            (Some('"'), '\\') | (None, '\\') => match chars.next() {
                Some('\n') | None => {}
                Some(escaped) => {
                    word.push(escaped);
                    in_word = true;
                }
            },
            (Some('"'), _) => word.push(c),
            (None, '#') if prev.is_whitespace() && !in_word => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            (None, '\n' | ';' | '|' | '&' | '`') => {
                end_word(&mut word, &mut in_word, &mut out);
                out.push(Vec::new());
            }
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut in_word, &mut out),
            (None, _) => {
                word.push(c);
                in_word = true;
            }
            _ => unreachable!(),
        }
        prev = c;
    }
    end_word(&mut word, &mut in_word, &mut out);
    out.retain(|c| !c.is_empty());
    out
}

/// A word that runs jwtcred: its names, or a path to it (`./target/release/jwtcred`).
fn is_jwtcred(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    let is_path = word.starts_with(['/', '.', '~']);
    (name == "jwtcred" || name == "kubectl-jwtcred") && (is_path || !word.contains('/'))
}

/// The jwtcred invocations in a command: the words after each jwtcred word, up to a
/// redirection or the next jwtcred word.
fn invocations(command: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for word in command {
        // `--command /custom-tools/jwtcred` is a value, not a new invocation.
        let is_value = current
            .as_ref()
            .and_then(|args| args.last())
            .is_some_and(|last| is_flag(last) && !last.contains('='));
        if is_jwtcred(word) && !is_value {
            out.extend(current.take());
            current = Some(Vec::new());
        } else if word.starts_with(['>', '<']) || word.starts_with("2>") {
            out.extend(current.take());
        } else if let Some(args) = current.as_mut() {
            args.push(word.clone());
        }
    }
    out.extend(current);
    out
}

fn is_flag(word: &str) -> bool {
    let body = word.split('=').next().unwrap_or(word);
    let name = body.trim_start_matches('-');
    (body.starts_with("--") && name.len() > 1 || body.starts_with('-') && name.len() == 1)
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A literal value worth checking against the help's fixed set (placeholders such as `FORMAT`,
/// `X` or `…` and shell expansions are not).
fn is_literal_value(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

/// Checks one jwtcred invocation: its subcommand path exists, each flag is in that path's
/// `--help`, fixed values are allowed ones. Returns the subcommand path it resolved to.
fn check_invocation(
    helps: &mut Helps,
    at: At,
    args: &[String],
    problems: &mut Vec<String>,
) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    let mut positional = false;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if is_flag(word) {
            let (name, inline_value) = match word.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (word.as_str(), None),
            };
            let Some(flag) = helps.flag(&path, name) else {
                problems.push(format!(
                    "{at}: `jwtcred {}` has no flag {name} (`{}`)",
                    path.join(" "),
                    args.join(" ")
                ));
                continue;
            };
            if flag.takes_value {
                let allowed = flag.values.clone();
                let value = inline_value.or_else(|| words.next().cloned());
                let refused = value
                    .filter(|v| is_literal_value(v) && !allowed.is_empty() && !allowed.contains(v));
                if let Some(value) = refused {
                    problems.push(format!(
                        "{at}: `jwtcred {}` {name} takes {allowed:?}, not {value:?}",
                        path.join(" ")
                    ));
                }
            }
            continue;
        }
        let candidate =
            word.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !word.is_empty();
        let Some(page) = helps.page(&path) else { break };
        if candidate && !positional && !page.subcommands.is_empty() {
            if page.subcommands.contains(word) {
                path.push(word.clone());
                continue;
            }
            problems.push(format!(
                "{at}: `jwtcred {}` has no subcommand {word:?}",
                path.join(" ")
            ));
            break;
        }
        positional = true;
    }
    path
}

/// The README's fenced code blocks: (line of the opening fence, info string, body).
fn code_blocks(text: &str) -> Vec<(usize, String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for (index, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut open, fence) {
            (None, Some(info)) => open = Some((index + 1, info.trim().to_string(), String::new())),
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some((_, _, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Lines outside code blocks, with their line numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut inside = false;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
        } else if !inside {
            out.push((index + 1, line));
        }
    }
    out
}

/// The `code` spans of one line (table cells keep `\|` as `|`).
fn inline_spans(line: &str) -> Vec<String> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.replace("\\|", "|"))
        .collect()
}

/// Everything the README claims about the CLI, checked; returns the problems found.
fn check_cli(text: &str) -> Vec<String> {
    let mut helps = Helps::new();
    let mut problems = Vec::new();
    for (line, _, body) in code_blocks(text) {
        // Console transcripts: only the `$ ` lines are commands.
        let body: String = if body.lines().any(|l| l.starts_with("$ ")) {
            body.lines()
                .filter_map(|l| l.strip_prefix("$ "))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            body
        };
        for command in commands(&body) {
            for args in invocations(&command) {
                check_invocation(&mut helps, At(line), &args, &mut problems);
            }
        }
    }
    // Inline code, and tables: a row's flags belong to the row's (else the header's) command.
    let mut table_command: Option<Vec<String>> = None;
    for (line, text) in prose_lines(text) {
        let in_table = text.starts_with('|');
        if !in_table {
            table_command = None;
        }
        let mut row_command: Option<Vec<String>> = None;
        let mut loose_flags = Vec::new();
        for span in inline_spans(text) {
            let spans_commands = commands(&span);
            // In prose only a span that starts a command runs jwtcred (not `installed jwtcred to`).
            let found: Vec<_> = spans_commands
                .iter()
                .filter(|c| {
                    is_jwtcred(&c[0])
                        || c[0] == "kubectl" && c.get(1).is_some_and(|w| is_jwtcred(w))
                })
                .flat_map(|c| invocations(c))
                .collect();
            if found.is_empty() {
                // `-o, --output FORMAT`: a span that starts with a flag names options.
                let first = spans_commands
                    .first()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                if first
                    .first()
                    .is_some_and(|w| is_flag(w.trim_end_matches(',')))
                {
                    loose_flags.extend(
                        first
                            .iter()
                            .map(|w| w.trim_end_matches(',').to_string())
                            .filter(|w| is_flag(w)),
                    );
                }
                continue;
            }
            for args in found {
                let path = check_invocation(&mut helps, At(line), &args, &mut problems);
                row_command.get_or_insert(path);
            }
        }
        if in_table {
            if table_command.is_none() {
                // The header row names the table's command, if any (`| jwtcred get option |`).
                table_command = Some(row_command.clone().unwrap_or_else(|| vec!["<none>".into()]));
            }
            let command =
                row_command.or_else(|| table_command.clone().filter(|c| c[0] != "<none>"));
            if let Some(path) = command {
                for flag in loose_flags {
                    let name = flag.split('=').next().unwrap_or(&flag).to_string();
                    if helps.flag(&path, &name).is_none() {
                        problems.push(format!(
                            "{}: `jwtcred {}` has no flag {name}",
                            At(line),
                            path.join(" ")
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens; repeats get
/// `-1`, `-2`, ….
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let Some(title) = line.strip_prefix('#').map(|t| t.trim_start_matches('#')) else {
            continue;
        };
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let n = seen.entry(slug.clone()).or_insert(0);
        out.insert(if *n == 0 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        });
        *n += 1;
    }
    out
}

#[test]
fn readme_commands_and_flags_exist_in_help() {
    let problems = check_cli(README);
    assert!(
        problems.is_empty(),
        "the README shows what the binary does not have:\n{}",
        problems.join("\n")
    );
}

/// The checker itself catches what it is for (so the test above cannot pass by checking nothing).
#[test]
fn readme_checker_catches_unknown_subcommands_flags_and_values() {
    let cases = [
        (
            "```sh\njwtcred detect --no-such-flag\n```\n",
            "no flag --no-such-flag",
        ),
        (
            "```sh\njwtcred detect --dry-run\n```\n",
            "no flag --dry-run",
        ),
        (
            "```sh\nkubectl jwtcred cache wipe\n```\n",
            "no subcommand \"wipe\"",
        ),
        (
            "```console\n$ jwtcred --source bogus\n```\n",
            "not \"bogus\"",
        ),
        (
            "Run `jwtcred kubeconfig --user ci --bogus`.\n",
            "no flag --bogus",
        ),
        (
            "```sh\njwtcred argocd-cluster --command /x/jwtcred --dry-run\n```\n",
            "`jwtcred argocd-cluster` has no flag --dry-run",
        ),
        (
            "```sh\ntoken=\"$(jwtcred -o token --nope)\"\n```\n",
            "no flag --nope",
        ),
        (
            "| `jwtcred detect` | `--dry-run` |\n|---|---|\n",
            "no flag --dry-run",
        ),
        (
            "| `jwtcred get` option |\n|---|\n| `--bogus-option X` |\n",
            "no flag --bogus-option",
        ),
    ];
    for (text, wanted) in cases {
        let problems = check_cli(text);
        assert!(
            problems.iter().any(|p| p.contains(wanted)),
            "{text:?} should report {wanted:?}, got {problems:?}"
        );
    }
    let fine = "```sh\njwtcred kubeconfig --user ci --dry-run --source actions > out.yaml # note --x\n\
                ./target/release/jwtcred detect --check && echo '--not-jwtcred'\n```\n\
                | `jwtcred get` option |\n|---|\n| `--token-file PATH` |\n";
    assert_eq!(check_cli(fine), Vec::<String>::new());
}

#[test]
fn readme_links_name_headings() {
    let known = anchors(README);
    let mut missing = Vec::new();
    for (line, text) in prose_lines(README) {
        for part in text.split("](#").skip(1) {
            let anchor = part.split(')').next().unwrap_or_default();
            if !known.contains(anchor) {
                missing.push(format!("README.md:{line}: #{anchor}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "links to no heading:\n{}",
        missing.join("\n")
    );
}

#[test]
fn readme_runnable_blocks_run() {
    let blocks: Vec<_> = code_blocks(README)
        .into_iter()
        .filter(|(_, info, _)| info == RUNNABLE)
        .collect();
    assert!(
        !blocks.is_empty(),
        "the README marks no ```{RUNNABLE} block; the Quickstart should have one"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let bin_dir = Path::new(BIN).parent().expect("binary dir");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    for (line, _, body) in blocks {
        let out = Command::new("sh")
            .arg("-e")
            .arg("-c")
            .arg(&body)
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", &path)
            .env("HOME", dir.path())
            .env("XDG_CACHE_HOME", dir.path().join("xdg-cache"))
            .output()
            .expect("run sh");
        assert!(
            out.status.success(),
            "the runnable block at README.md:{line} failed ({}):\n{body}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
