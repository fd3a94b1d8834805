//! `command` source: a token printed by a program (Buildkite's `buildkite-agent oidc
//! request-token`, `gcloud auth print-identity-token`, Vault, …). The command line is split
//! into words like a shell would, but no shell runs it: `;`, `|` and `$VAR` reach the program
//! literally. It runs with jwtcred's environment, in its own process group, within what is
//! left of `--timeout`; past it the whole group is killed. Its stdout is capped, and a
//! non-zero exit is reported with an excerpt of its stderr (secrets scrubbed, terminal-safe).

use std::io::Read;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::context::Context;
use crate::error::{HintExt, Hinted, one_line, outside_text};
use crate::secret::{Scrubber, Secret, looks_like_token, redact, redact_token_shapes};

#[derive(Debug, Clone, Default)]
pub struct CommandSettings {
    /// `--token-command` / `JWTCRED_TOKEN_COMMAND`, as given (split when the source is built).
    pub line: Option<String>,
}

/// The placeholder replaced by the first audience, anywhere in a word.
pub const AUDIENCE_PLACEHOLDER: &str = "{audience}";
/// More stdout than this is not a token: the command is killed.
pub const MAX_STDOUT_BYTES: usize = 256 * 1024;
/// How much stderr is kept for the error message; the rest is read and dropped.
const MAX_STDERR_BYTES: usize = 64 * 1024;
/// How much of the scrubbed stderr an error message shows.
const STDERR_EXCERPT_CHARS: usize = 600;
/// After the command exits, how long its pipes may take to deliver what it wrote. Anything
/// that keeps them open longer is a leftover (killed with the group, or escaped from it).
const DRAIN_GRACE: Duration = Duration::from_millis(500);
const POLL_MIN: Duration = Duration::from_millis(2);
const POLL_MAX: Duration = Duration::from_millis(25);
/// Variables of jwtcred's environment that hold secrets; the command inherits them and may
/// echo them, so they are scrubbed from its stderr.
const SECRET_VARS: [&str; 6] = [
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "CIRCLE_OIDC_TOKEN_V2",
    "CIRCLE_OIDC_TOKEN",
    "BITBUCKET_STEP_OIDC_TOKEN",
    "JWTCRED_CLIENT_SECRET",
    "JWTCRED_EXCHANGE_CLIENT_SECRET",
];

#[derive(Debug)]
pub struct CommandSource {
    /// The words that run, `{audience}` already replaced; `words[0]` is the program.
    words: Vec<String>,
    audiences: Vec<String>,
    origin: String,
    /// `--token-env`'s variable: its value is scrubbed from the command's stderr too.
    token_env: Option<String>,
}

impl CommandSource {
    /// Splits `line` and substitutes the audience; runs nothing.
    pub fn new(
        line: &str,
        origin: String,
        audiences: &[String],
        token_env: Option<&str>,
    ) -> Result<Self> {
        let words = shlex::split(line).ok_or_else(|| {
            Hinted::new(
                format!("the token command ({origin}) cannot be split into words: it has an unterminated quote or ends in a backslash"),
                "quote the command line like a POSIX shell would, e.g. --token-command 'tool --flag \"a b\"'",
            )
        })?;
        if words.is_empty() {
            bail!(Hinted::new(
                format!("the token command ({origin}) is empty"),
                "give the program and its arguments, e.g. --token-command 'buildkite-agent oidc request-token --audience {audience}'",
            ));
        }
        let words = substitute_audience(words, audiences.first(), &origin)?;
        Ok(Self {
            words,
            audiences: audiences.to_vec(),
            origin,
            token_env: token_env.map(str::to_owned),
        })
    }

    /// "command buildkite-agent oidc request-token --audience kube"; a word that looks like a
    /// token is shown redacted.
    pub fn describe(&self) -> String {
        format!("command `{}`", display_words(&self.words))
    }

    /// The exact words that run (list boundaries kept) and the audiences.
    pub fn key_material(&self, key: &mut KeyMaterial) {
        key.list("command", &self.words)
            .sorted_list("audience", &self.audiences);
    }

    pub fn run(&self, ctx: &Context) -> Result<RawToken> {
        let budget = ctx.remaining();
        crate::vlog!(
            ctx.log,
            "running {} (from {}) within {}",
            self.describe(),
            self.origin,
            crate::duration::format_duration(budget)
        );
        let output = run_bounded(&self.words, budget)
            .with_context(|| format!("running the token {}", self.describe()))?;
        let stderr = || {
            stderr_excerpt(
                &output.stderr,
                &known_secrets(ctx, self.token_env.as_deref(), &output.stdout),
            )
        };
        let failure = match output.outcome {
            Outcome::TimedOut => Some((
                format!(
                    "it did not finish within the {} --timeout and was killed with its process group",
                    crate::duration::format_duration(ctx.timeout())
                ),
                "raise --timeout, or check why the command hangs (run it by hand)",
            )),
            Outcome::Flooded => Some((
                format!(
                    "it printed more than {} KiB on stdout and was killed; a token is far smaller",
                    MAX_STDOUT_BYTES / 1024
                ),
                "the command must print only the token on stdout",
            )),
            Outcome::Exited(status) if !status.success() => Some((
                format!("it {}{}", describe_status(status), stderr_suffix(&stderr())),
                "run the command by hand to see why it fails",
            )),
            Outcome::Exited(_) => None,
        };
        if let Some((message, hint)) = failure {
            bail!(Hinted::new(
                format!("the token {} failed: {message}", self.describe()),
                hint,
            ));
        }
        let text = std::str::from_utf8(&output.stdout).map_err(|_| {
            Hinted::new(
                format!(
                    "the token {} printed something that is not UTF-8",
                    self.describe()
                ),
                "the command must print only the token on stdout",
            )
        })?;
        let token = text.trim();
        if token.is_empty() {
            bail!(Hinted::new(
                format!(
                    "the token {} printed nothing on stdout{}",
                    self.describe(),
                    stderr_suffix(&stderr())
                ),
                "the command must print the token on stdout",
            ));
        }
        Ok(RawToken {
            value: Secret::new(token),
            expires_in: None,
        })
    }
}

fn substitute_audience(
    words: Vec<String>,
    audience: Option<&String>,
    origin: &str,
) -> Result<Vec<String>> {
    if !words.iter().any(|w| w.contains(AUDIENCE_PLACEHOLDER)) {
        return Ok(words);
    }
    let Some(audience) = audience else {
        bail!(Hinted::new(
            format!(
                "the token command ({origin}) uses {AUDIENCE_PLACEHOLDER} but no audience was given"
            ),
            "pass --audience AUD (or set JWTCRED_AUDIENCE)",
        ));
    };
    Ok(words
        .into_iter()
        .map(|w| w.replace(AUDIENCE_PLACEHOLDER, audience))
        .collect())
}

/// A configured command line for messages and `detect`: its words as a shell would read them
/// back, token-shaped words redacted, control characters replaced — also when it cannot be
/// split.
pub fn display_line(line: &str) -> String {
    match shlex::split(line) {
        Some(words) => display_words(&words),
        None => one_line(&redact_token_shapes(line)),
    }
}

/// The words as a shell would read them back, tokens redacted and control characters replaced.
fn display_words(words: &[String]) -> String {
    let shown: Vec<String> = words
        .iter()
        .map(|word| {
            if looks_like_token(word) {
                redact(word)
            } else {
                let quoted = shlex::try_quote(word)
                    .map(|q| q.into_owned())
                    .unwrap_or_else(|_| word.clone());
                one_line(&quoted)
            }
        })
        .collect();
    shown.join(" ")
}

/// What the command did, as the loop observed it.
enum Outcome {
    Exited(ExitStatus),
    TimedOut,
    Flooded,
}

struct Output {
    outcome: Outcome,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `words` with no shell, stdin closed, in a new process group, and waits at most
/// `budget`. Whatever happens, nothing of the group outlives this call and no pipe it holds
/// open can make the call wait past the budget.
fn run_bounded(words: &[String], budget: Duration) -> Result<Output> {
    let deadline = Instant::now() + budget;
    let mut command = std::process::Command::new(&words[0]);
    command
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    group::isolate(&mut command);
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {}", one_line(&words[0])))
        .hint(
            "check that the program is installed and on PATH (the command runs without a shell)",
        )?;
    let stdout = Capture::start(child.stdout.take(), MAX_STDOUT_BYTES, true);
    let stderr = Capture::start(child.stderr.take(), MAX_STDERR_BYTES, false);
    let outcome = wait_bounded(&mut child, &stdout, deadline);
    // Leftovers (a grandchild holding the pipes) go with the group, whatever the outcome.
    group::kill(&mut child);
    let status = child.wait().context("waiting for the command")?;
    // Past the cap the reader stops and the command may die of SIGPIPE before the loop sees
    // the overflow: flooding is the cause either way.
    let outcome = match outcome {
        Some(outcome) => outcome,
        None if stdout.overflowed() => Outcome::Flooded,
        None => Outcome::Exited(status),
    };
    let drain_until = deadline.min(Instant::now() + DRAIN_GRACE);
    Ok(Output {
        outcome,
        stdout: stdout.finish(drain_until),
        stderr: stderr.finish(drain_until),
    })
}

/// Polls until the command exits (None: the caller reaps it), floods stdout or runs out of time.
fn wait_bounded(child: &mut Child, stdout: &Capture, deadline: Instant) -> Option<Outcome> {
    let mut poll = POLL_MIN;
    loop {
        if group::has_exited(child) {
            return None;
        }
        if stdout.overflowed() {
            return Some(Outcome::Flooded);
        }
        let now = Instant::now();
        if now >= deadline {
            return Some(Outcome::TimedOut);
        }
        std::thread::sleep(poll.min(deadline - now));
        poll = (poll * 2).min(POLL_MAX);
    }
}

/// One pipe read on its own thread into a capped buffer, so that the caller never blocks on
/// it: `finish` waits only until a deadline.
struct Capture {
    bytes: Arc<Mutex<Vec<u8>>>,
    overflow: Arc<AtomicBool>,
    done: Option<Receiver<()>>,
}

impl Capture {
    /// `stop_at_cap`: stop reading past `cap` (stdout: the command is then killed); otherwise
    /// keep draining and drop the excess (stderr: the command must not block on a full pipe).
    fn start(pipe: Option<impl Read + Send + 'static>, cap: usize, stop_at_cap: bool) -> Self {
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let overflow = Arc::new(AtomicBool::new(false));
        let Some(mut pipe) = pipe else {
            return Self {
                bytes,
                overflow,
                done: None,
            };
        };
        let (tx, rx) = mpsc::channel();
        let (shared, flag) = (Arc::clone(&bytes), Arc::clone(&overflow));
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                let mut buffer = shared.lock().unwrap_or_else(|e| e.into_inner());
                let room = cap.saturating_sub(buffer.len());
                buffer.extend_from_slice(&chunk[..n.min(room)]);
                if n > room {
                    flag.store(true, Ordering::SeqCst);
                    if stop_at_cap {
                        break;
                    }
                }
            }
            let _ = tx.send(());
        });
        Self {
            bytes,
            overflow,
            done: Some(rx),
        }
    }

    fn overflowed(&self) -> bool {
        self.overflow.load(Ordering::SeqCst)
    }

    /// What was read by the time the pipe closed, or by `until` if it stays open.
    fn finish(self, until: Instant) -> Vec<u8> {
        if let Some(done) = &self.done {
            let _ = done.recv_timeout(until.saturating_duration_since(Instant::now()));
        }
        std::mem::take(&mut *self.bytes.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Process-group handling: the command leads a group of its own so that a timeout or its
/// end takes everything it started with it.
#[cfg(unix)]
mod group {
    use std::os::unix::process::CommandExt as _;
    use std::process::{Child, Command};

    use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, kill_process_group, waitid};

    pub fn isolate(command: &mut Command) {
        command.process_group(0);
    }

    /// Whether the leader has exited, without reaping it: while it is a zombie its pid (the
    /// group id) cannot be reused, so `kill` cannot hit another group.
    pub fn has_exited(child: &mut Child) -> bool {
        let options = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
        !matches!(
            waitid(WaitId::Pid(Pid::from_child(child)), options),
            Ok(None)
        )
    }

    /// SIGKILL to the whole group. ESRCH (nobody left) is the normal case after a clean exit.
    pub fn kill(child: &mut Child) {
        let _ = kill_process_group(Pid::from_child(child), Signal::KILL);
        let _ = child.kill();
    }
}

#[cfg(not(unix))]
mod group {
    use std::process::{Child, Command};

    pub fn isolate(_command: &mut Command) {}

    /// No process groups here: reaping at once is harmless (`wait` returns the saved status).
    pub fn has_exited(child: &mut Child) -> bool {
        child.try_wait().ok().flatten().is_some()
    }

    pub fn kill(child: &mut Child) {
        let _ = child.kill();
    }
}

#[cfg(unix)]
fn describe_status(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt as _;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        (None, None) => "ended abnormally".to_owned(),
    }
}

#[cfg(not(unix))]
fn describe_status(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended abnormally".to_owned(),
    }
}

fn stderr_suffix(excerpt: &str) -> String {
    if excerpt.is_empty() {
        "; its stderr was empty".to_owned()
    } else {
        format!("; its stderr: {excerpt}")
    }
}

/// Secrets the command could echo: what it printed on stdout and the secret variables of the
/// environment it inherited.
fn known_secrets(ctx: &Context, token_env: Option<&str>, stdout: &[u8]) -> Vec<Secret> {
    let mut secrets: Vec<Secret> = SECRET_VARS
        .iter()
        .chain(token_env.as_slice())
        .filter_map(|name| ctx.env.get(name))
        // Shorter values would match ordinary text all over the stderr.
        .filter(|value| value.len() >= 4)
        .map(Secret::new)
        .collect();
    // Each line and each word of it: the token may be all of a line or one word of it (the
    // scrubber replaces a line whole before a word inside it).
    let printed = String::from_utf8_lossy(stdout);
    let lines = printed.lines().map(str::trim);
    let words = printed.split_whitespace();
    let pieces = lines.chain(words).filter(|p| p.len() >= 8);
    secrets.extend(pieces.map(Secret::new));
    secrets
}

/// The command's stderr as one bounded, terminal-safe line: known secrets and anything shaped
/// like a token redacted (before cutting, so that no prefix of a secret survives the cut),
/// lines joined with " | ", control characters replaced.
fn stderr_excerpt(stderr: &[u8], secrets: &[Secret]) -> String {
    let text = Scrubber::new(secrets).scrub(&String::from_utf8_lossy(stderr));
    let text = redact_token_shapes(&text);
    let joined = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" | ");
    outside_text(&joined, STDERR_EXCERPT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(line: &str, audiences: &[&str]) -> Result<CommandSource> {
        let audiences: Vec<String> = audiences.iter().map(|s| s.to_string()).collect();
        CommandSource::new(line, "--token-command".into(), &audiences, None)
    }

    #[test]
    fn words_split_like_a_shell_but_metacharacters_stay_literal() {
        let s = source(r#"tool 'a b' "c d" e\ f ; | $HOME"#, &[]).unwrap();
        assert_eq!(s.words, ["tool", "a b", "c d", "e f", ";", "|", "$HOME"]);
    }

    #[test]
    fn audience_is_substituted_anywhere_in_a_word() {
        let s = source(
            "tool --audience {audience} --x=aud:{audience}",
            &["k8s", "b"],
        )
        .unwrap();
        assert_eq!(s.words, ["tool", "--audience", "k8s", "--x=aud:k8s"]);
        let err = source("tool {audience}", &[]).unwrap_err();
        assert!(format!("{err:#}").contains("no audience"), "{err:#}");
        assert!(
            source("tool", &[]).is_ok(),
            "no placeholder, no audience needed"
        );
    }

    #[test]
    fn the_readme_recipes_split_as_documented() {
        let circle = source(
            r#"circleci run oidc get --claims '{"aud":"{audience}"}'"#,
            &["kubernetes"],
        )
        .unwrap();
        assert_eq!(
            circle.words,
            [
                "circleci",
                "run",
                "oidc",
                "get",
                "--claims",
                r#"{"aud":"kubernetes"}"#
            ]
        );
        let buildkite = source(
            "buildkite-agent oidc request-token --audience {audience}",
            &["kubernetes"],
        )
        .unwrap();
        assert_eq!(buildkite.words[4], "kubernetes");
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(source("tool 'open", &[]).is_err());
        assert!(source("   ", &[]).is_err());
        assert!(source("# only a comment", &[]).is_err());
    }

    fn key(line: &str, audiences: &[&str]) -> String {
        let mut key = KeyMaterial::new("command");
        source(line, audiences).unwrap().key_material(&mut key);
        key.into_key().digest
    }

    #[test]
    fn key_keeps_word_boundaries_and_sorts_audiences() {
        assert_ne!(key("tool 'a b'", &[]), key("tool a b", &[]));
        assert_ne!(key("tool a", &[]), key("tool b", &[]));
        assert_eq!(key("tool", &["b", "a"]), key("tool", &["a", "b"]));
        assert_ne!(key("tool", &["a"]), key("tool", &["a", "b"]));
        // {audience} is the first one: another order runs another command.
        assert_ne!(
            key("tool {audience}", &["b", "a"]),
            key("tool {audience}", &["a", "b"])
        );
    }

    #[test]
    fn describe_redacts_token_shaped_words() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        let s = source(&format!("echo {jwt} 'two words'"), &[]).unwrap();
        let shown = s.describe();
        assert!(!shown.contains(jwt), "{shown}");
        assert!(shown.contains("eyJhbG…"), "{shown}");
        assert!(shown.contains("'two words'"), "{shown}");
        let line = display_line(&format!("echo {jwt} 'open"));
        assert!(!line.contains(jwt) && line.contains("eyJhbG…"), "{line}");
        assert_eq!(display_line("tool {audience}"), "tool '{audience}'");
    }

    #[test]
    fn stderr_excerpt_is_scrubbed_cut_and_terminal_safe() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        let raw = format!("bad \x1b]0;title\x07 token={jwt}\nsecret hunter2-long\r\n\n");
        let text = stderr_excerpt(raw.as_bytes(), &[Secret::new("hunter2-long")]);
        assert!(
            !text.contains(jwt) && !text.contains("hunter2-long"),
            "{text}"
        );
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        assert!(text.contains("token=eyJhbG…"), "{text}");
        assert!(text.contains(" | "), "{text}");
        let long = stderr_excerpt("x".repeat(10_000).as_bytes(), &[]);
        assert_eq!(long.chars().count(), STDERR_EXCERPT_CHARS + 1);
        // A token cut by the length limit still shows no more than its redacted form.
        let tail = format!("{}{jwt}", "y ".repeat(STDERR_EXCERPT_CHARS / 2 - 3));
        assert!(!stderr_excerpt(tail.as_bytes(), &[]).contains("eyJhbGc"));
    }
}
