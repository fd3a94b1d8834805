//! `jwtcred kubeconfig`: writes or replaces a kubeconfig `users[]` entry whose exec runs
//! jwtcred with the get options given on the command line; optionally points a context at it
//! and gives a cluster its per-cluster audience (the `client.authentication.k8s.io/exec`
//! extension, read back through `provideClusterInfo`). The edit is made in the file's own
//! text (`yaml_edit`): everything outside the edited nodes stays byte for byte, comments
//! included, and the result is parsed back and checked against the same edit made to the
//! parsed document. The file is replaced atomically with its mode kept.

use std::ffi::OsStr;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::exec_entry::{self, ExecArgs, INSTALL_HINT, Paths};
use super::yaml::Yaml;
use super::yaml_edit::{self, Node, Splices};
use crate::cli::KubeconfigArgs;
use crate::config::{CommandLine, DEFAULT_TIMEOUT};
use crate::env::Env;
use crate::error::Hinted;
use crate::fsutil::{self, MAX_KUBECONFIG_BYTES, NonRegular};
use crate::notes::Notes;

/// The cluster extension client-go passes to the plugin as `spec.cluster.config`.
pub const EXEC_EXTENSION: &str = "client.authentication.k8s.io/exec";

/// Mode of a kubeconfig jwtcred creates (it may hold cluster CAs and other users' secrets).
const NEW_FILE_MODE: u32 = 0o600;
/// How long to wait for another writer's `<kubeconfig>.lock` (kubectl's convention).
const LOCK_WAIT: Duration = Duration::from_secs(5);

pub fn run(
    args: &KubeconfigArgs,
    given: &CommandLine,
    env: &Env,
    notes: &mut Notes,
    invoked: &str,
) -> Result<String> {
    let exec = exec_entry::from_command_line(given, Paths::Absolute)?;
    exec_entry::note_env_settings(given, "kubeconfig", notes);
    if exec.has_audience && !args.cluster_audience.is_empty() {
        notes.warn(
            "--audience in the exec args overrides every cluster's audience; drop it to let --cluster-audience take effect"
        );
    }
    let path = kubeconfig_path(args.kubeconfig.as_deref(), env)?;
    let command = match &args.command {
        Some(command) => command.clone(),
        None => default_command(invoked, env.raw("PATH").map(|p| p.as_os_str()))?,
    };

    let existing = read_existing(&path)?;
    let mut doc = match &existing {
        Some((text, _)) => Yaml::parse(text)
            .with_context(|| format!("reading the kubeconfig {}", path.display()))?,
        None => Yaml::Null,
    };
    if doc == Yaml::Null {
        doc = new_kubeconfig();
    }
    let edit = Edit {
        user: &args.user,
        command: &command,
        exec: &exec,
        context: args.context.as_deref(),
        cluster: args
            .cluster
            .as_deref()
            .map(|name| (name, args.cluster_audience.as_slice())),
    };
    edit.apply(&mut doc)
        .with_context(|| format!("updating the kubeconfig {}", path.display()))?;
    // An existing file is edited in its own text: everything outside the edited entries
    // stays byte for byte (a re-rendered YAML 1.1 file would change what kubectl reads).
    let text = match &existing {
        Some((text, _)) if !text.trim().is_empty() => edit
            .splice(text, &doc)
            .with_context(|| format!("updating the kubeconfig {}", path.display()))?,
        _ => doc.to_yaml()?,
    };

    if args.dry_run {
        return Ok(text);
    }
    let mode = existing.map_or(NEW_FILE_MODE, |(_, mode)| mode);
    write_locked(&path, text.as_bytes(), mode)
        .with_context(|| format!("writing the kubeconfig {}", path.display()))?;
    let mut done = format!("user {:?} written to {}", args.user, path.display());
    if let Some(context) = &args.context {
        done.push_str(&format!("; context {context:?} uses it"));
    }
    if let Some(cluster) = &args.cluster {
        done.push_str(&format!("; cluster {cluster:?} has its audience"));
    }
    Ok(done + "\n")
}

/// The changes one run makes to the document.
struct Edit<'a> {
    user: &'a str,
    command: &'a str,
    exec: &'a ExecArgs,
    context: Option<&'a str>,
    cluster: Option<(&'a str, &'a [String])>,
}

impl Edit<'_> {
    /// Validates everything first (missing context or cluster), then edits.
    fn apply(&self, doc: &mut Yaml) -> Result<()> {
        doc.as_map_mut("the kubeconfig")?;
        let context_index = match self.context {
            Some(name) => Some(find_named(doc, "contexts", name, "context")?),
            None => None,
        };
        let cluster_index = match self.cluster {
            Some((name, _)) => Some(find_named(doc, "clusters", name, "cluster")?),
            None => None,
        };

        let users = doc.seq_mut("users", "the kubeconfig")?;
        let existing = users
            .iter()
            .position(|u| u.get("name").and_then(Yaml::as_str) == Some(self.user));
        let previous_provide = existing
            .and_then(|i| users[i].get("user"))
            .and_then(|u| u.get("exec"))
            .and_then(|e| e.get("provideClusterInfo"))
            == Some(&Yaml::Bool(true));
        // Clusters already carrying an audience for this user keep working after a rewrite.
        let exec = self.exec_entry(self.cluster.is_some() || previous_provide);
        match existing {
            Some(i) => {
                let entry = &mut users[i];
                let what = format!("users[{i}]");
                let mut user = Yaml::map([("exec", exec)]);
                if let Some(extensions) = entry.get("user").and_then(|u| u.get("extensions")) {
                    user.set("extensions", extensions.clone(), &what)?;
                }
                entry.set("user", user, &what)?;
            }
            None => users.push(Yaml::map([
                ("name", Yaml::str(self.user)),
                ("user", Yaml::map([("exec", exec)])),
            ])),
        }

        if let Some(i) = context_index {
            let entry = &mut doc.seq_mut("contexts", "the kubeconfig")?[i];
            let what = format!("contexts[{i}]");
            entry.map_mut("context", &what)?.set(
                "user",
                Yaml::str(self.user),
                &format!("{what}.context"),
            )?;
        }
        if let (Some(i), Some((_, audience))) = (cluster_index, self.cluster) {
            let entry = &mut doc.seq_mut("clusters", "the kubeconfig")?[i];
            let what = format!("clusters[{i}].cluster");
            let cluster = entry.map_mut("cluster", &format!("clusters[{i}]"))?;
            set_audience(cluster.seq_mut("extensions", &what)?, audience)?;
        }
        Ok(())
    }

    /// The same changes as `apply` made to `expected` (the parsed file, edited), made to the
    /// file's text instead; checked by parsing the result back.
    fn splice(&self, text: &str, expected: &Yaml) -> Result<String> {
        let root = yaml_edit::parse(text)?;
        let mut splices = Splices::new(text);
        self.splice_user(&root, &mut splices, expected)?;
        if let Some(context) = self.context {
            splice_context(&root, &mut splices, expected, context)?;
        }
        if let Some((cluster, _)) = self.cluster {
            splice_cluster(&root, &mut splices, expected, cluster)?;
        }
        let out = splices.apply()?;
        let reparsed = Yaml::parse(&out)?;
        if reparsed != *expected {
            anyhow::bail!(
                "internal error: editing the file's text would change more than the entry (nothing written; please report this, and use --dry-run to see the entry)"
            );
        }
        Ok(out)
    }

    fn splice_user(&self, root: &Node, splices: &mut Splices, expected: &Yaml) -> Result<()> {
        let new_item = named(expected.get("users"), self.user)
            .ok_or_else(|| anyhow::anyhow!("the edited user entry is missing"))?;
        let new_user = new_item.get("user").unwrap_or(&Yaml::Null);
        let Some(users) = root.pair("users") else {
            return splices.insert_pair(root, "users", &Yaml::Seq(vec![new_item.clone()]));
        };
        let Some(item) = users.1.named(self.user) else {
            return match &users.1.kind {
                // An empty `[]` has no text to keep: it becomes a block list.
                yaml_edit::Kind::Seq(items) if !items.is_empty() => {
                    splices.append_item(&users.1, new_item)
                }
                _ => splices.set_value(root, users, &Yaml::Seq(vec![new_item.clone()])),
            };
        };
        let Some(user) = item.pair("user") else {
            return splices.insert_pair(item, "user", new_user);
        };
        // A block mapping with extensions: keep their text, replace the rest by the exec.
        if let (Some(extensions), false) = (user.1.pair("extensions"), user.1.flow) {
            let others: Vec<_> = match &user.1.kind {
                yaml_edit::Kind::Map(pairs) => pairs
                    .iter()
                    .filter(|(k, _)| !matches!(k.scalar(), Some("exec" | "extensions")))
                    .collect(),
                _ => Vec::new(),
            };
            let mut staged = Splices::new(splices.text());
            let removable = others.iter().all(|pair| staged.remove_pair(pair));
            let exec = new_user.get("exec").unwrap_or(&Yaml::Null);
            if removable {
                match user.1.pair("exec") {
                    Some(old) => staged.set_value(&user.1, old, exec)?,
                    None => staged.insert_before(extensions, "exec", exec)?,
                }
                splices.absorb(staged);
                return Ok(());
            }
        }
        splices.set_value(item, user, new_user)
    }

    fn exec_entry(&self, provide_cluster_info: bool) -> Yaml {
        let mut exec = Yaml::map([
            (
                "apiVersion",
                Yaml::str(self.exec.api_version.as_api_version()),
            ),
            (
                "args",
                Yaml::Seq(self.exec.args.iter().map(Yaml::str).collect()),
            ),
            ("command", Yaml::str(self.command)),
            ("installHint", Yaml::str(INSTALL_HINT)),
            ("interactiveMode", Yaml::str("Never")),
        ]);
        if provide_cluster_info && let Yaml::Map(entries) = &mut exec {
            entries.push((Yaml::str("provideClusterInfo"), Yaml::Bool(true)));
        }
        exec
    }
}

/// The item named `name` of a parsed list.
fn named<'a>(list: Option<&'a Yaml>, name: &str) -> Option<&'a Yaml> {
    match list? {
        Yaml::Seq(items) => items
            .iter()
            .find(|i| i.get("name").and_then(Yaml::as_str) == Some(name)),
        _ => None,
    }
}

/// Points the context's `user` at the entry, in the text.
fn splice_context(root: &Node, splices: &mut Splices, expected: &Yaml, name: &str) -> Result<()> {
    let new_item = named(expected.get("contexts"), name)
        .ok_or_else(|| anyhow::anyhow!("the edited context is missing"))?;
    let new_context = new_item.get("context").unwrap_or(&Yaml::Null);
    let item = root
        .get("contexts")
        .and_then(|c| c.named(name))
        .ok_or_else(|| anyhow::anyhow!("context {name:?} not found in the text"))?;
    let Some(context) = item.pair("context") else {
        return splices.insert_pair(item, "context", new_context);
    };
    let user = new_context.get("user").unwrap_or(&Yaml::Null);
    match (&context.1.kind, context.1.pair("user")) {
        (_, Some(old)) => splices.set_value(&context.1, old, user),
        (yaml_edit::Kind::Map(_), None) => splices.insert_pair(&context.1, "user", user),
        _ => splices.set_value(item, context, new_context),
    }
}

/// Writes the cluster's exec extension audience, in the text.
fn splice_cluster(root: &Node, splices: &mut Splices, expected: &Yaml, name: &str) -> Result<()> {
    let new_item = named(expected.get("clusters"), name)
        .ok_or_else(|| anyhow::anyhow!("the edited cluster is missing"))?;
    let new_cluster = new_item.get("cluster").unwrap_or(&Yaml::Null);
    let new_extensions = new_cluster.get("extensions").unwrap_or(&Yaml::Null);
    let new_extension = named(Some(new_extensions), EXEC_EXTENSION).unwrap_or(&Yaml::Null);
    let item = root
        .get("clusters")
        .and_then(|c| c.named(name))
        .ok_or_else(|| anyhow::anyhow!("cluster {name:?} not found in the text"))?;
    let Some(cluster) = item.pair("cluster") else {
        return splices.insert_pair(item, "cluster", new_cluster);
    };
    if !cluster.1.is_map() {
        return splices.set_value(item, cluster, new_cluster);
    }
    let Some(extensions) = cluster.1.pair("extensions") else {
        return splices.insert_pair(&cluster.1, "extensions", new_extensions);
    };
    let Some(extension_item) = extensions.1.named(EXEC_EXTENSION) else {
        return match &extensions.1.kind {
            yaml_edit::Kind::Seq(items) if !items.is_empty() => {
                splices.append_item(&extensions.1, new_extension)
            }
            _ => splices.set_value(&cluster.1, extensions, new_extensions),
        };
    };
    let audience = new_extension
        .get("extension")
        .and_then(|e| e.get("audience"))
        .unwrap_or(&Yaml::Null);
    let Some(extension) = extension_item.pair("extension") else {
        return splices.insert_pair(
            extension_item,
            "extension",
            new_extension.get("extension").unwrap_or(&Yaml::Null),
        );
    };
    match (extension.1.is_map(), extension.1.pair("audience")) {
        (_, Some(old)) => splices.set_value(&extension.1, old, audience),
        (true, None) => splices.insert_pair(&extension.1, "audience", audience),
        (false, None) => splices.set_value(
            extension_item,
            extension,
            new_extension.get("extension").unwrap_or(&Yaml::Null),
        ),
    }
}

/// Index of the entry named `name` in the list `key`, or an error listing what exists.
fn find_named(doc: &Yaml, key: &str, name: &str, what: &str) -> Result<usize> {
    let items = match doc.get(key) {
        Some(Yaml::Seq(items)) => items.as_slice(),
        _ => &[],
    };
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| i.get("name").and_then(Yaml::as_str))
        .collect();
    match names.iter().position(|n| *n == name) {
        Some(i) => Ok(i),
        None => {
            let known = if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            };
            Err(Hinted::new(
                format!("the kubeconfig has no {what} named {name:?} (it has: {known})"),
                format!(
                    "create it first (kubectl config set-{what} {name} …) or name an existing one"
                ),
            )
            .into())
        }
    }
}

/// Writes `audience` into the exec extension, keeping its other keys (`source`, …).
fn set_audience(extensions: &mut Vec<Yaml>, audience: &[String]) -> Result<()> {
    let value = match audience {
        [one] => Yaml::str(one.clone()),
        many => Yaml::Seq(many.iter().map(Yaml::str).collect()),
    };
    let position = extensions
        .iter()
        .position(|e| e.get("name").and_then(Yaml::as_str) == Some(EXEC_EXTENSION));
    match position {
        Some(i) => {
            let entry = &mut extensions[i];
            let what = format!("the {EXEC_EXTENSION} extension");
            let extension = entry.map_mut("extension", &what)?;
            extension.set("audience", value, &what)?;
        }
        None => extensions.push(Yaml::map([
            ("name", Yaml::str(EXEC_EXTENSION)),
            ("extension", Yaml::map([("audience", value)])),
        ])),
    }
    Ok(())
}

fn new_kubeconfig() -> Yaml {
    Yaml::map([
        ("apiVersion", Yaml::str("v1")),
        ("kind", Yaml::str("Config")),
        ("clusters", Yaml::Seq(Vec::new())),
        ("contexts", Yaml::Seq(Vec::new())),
        ("current-context", Yaml::str("")),
        ("preferences", Yaml::Map(Vec::new())),
        ("users", Yaml::Seq(Vec::new())),
    ])
}

/// `--kubeconfig`, else the first entry of `KUBECONFIG`, else `~/.kube/config`.
fn kubeconfig_path(flag: Option<&Path>, env: &Env) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_owned());
    }
    if let Some(list) = env.raw("KUBECONFIG")
        && let Some(first) = std::env::split_paths(list).find(|p| !p.as_os_str().is_empty())
    {
        return Ok(first);
    }
    let home = env
        .raw("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(crate::userdirs::home_dir)
        .ok_or_else(|| {
            Hinted::new(
                "no kubeconfig path: --kubeconfig and KUBECONFIG are unset and there is no home directory",
                "pass --kubeconfig PATH",
            )
        })?;
    Ok(home.join(".kube").join("config"))
}

/// The exec `command`: the name jwtcred was invoked by when PATH finds this very binary under
/// it, else the binary's absolute path.
fn default_command(invoked: &str, path_var: Option<&OsStr>) -> Result<String> {
    let exe = std::env::current_exe().context("finding the running jwtcred binary")?;
    let exe = fs::canonicalize(&exe).unwrap_or(exe);
    let on_path = path_var
        .into_iter()
        .flat_map(std::env::split_paths)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(invoked))
        .find(|candidate| is_executable(candidate));
    if let Some(found) = on_path
        && fs::canonicalize(&found).is_ok_and(|found| found == exe)
    {
        return Ok(invoked.to_owned());
    }
    exe.to_str().map(str::to_owned).with_context(|| {
        format!(
            "the path of the running binary ({}) is not valid UTF-8; pass --command",
            exe.display()
        )
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The file's text and mode, or None when it does not exist yet.
/// Read through the bounded reader: capped, and a FIFO within the default `--timeout`.
fn read_existing(path: &Path) -> Result<Option<(String, u32)>> {
    let deadline = fsutil::deadline_after(DEFAULT_TIMEOUT);
    let file =
        match fsutil::open_bounded(path, MAX_KUBECONFIG_BYTES, NonRegular::ReadUntil(deadline)) {
            Ok(file) => file,
            Err(err) if err.is_not_found() => return Ok(None),
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("reading the kubeconfig {}", path.display()));
            }
        };
    let mode = file_mode(file.metadata());
    let bytes = file
        .read_all()
        .with_context(|| format!("reading the kubeconfig {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("the kubeconfig {} is not UTF-8", path.display()))?;
    Ok(Some((text, mode)))
}

#[cfg(unix)]
fn file_mode(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn file_mode(_meta: &fs::Metadata) -> u32 {
    NEW_FILE_MODE
}

/// Replaces the file (its symlink target, when it is a link) under kubectl's
/// `<file>.lock`: a temporary file beside it, then a rename.
fn write_locked(path: &Path, contents: &[u8], mode: u32) -> Result<()> {
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).context("resolving the kubeconfig symlink")?
        }
        _ => path.to_owned(),
    };
    let dir = crate::fsutil::dir_of(&target);
    if !dir.exists() {
        crate::fsutil::create_private_dir(dir)
            .with_context(|| format!("creating the directory {}", dir.display()))?;
    }
    let _lock = FileLock::acquire(&target)?;
    crate::fsutil::replace_atomically(&target, mode, true, |file| file.write_all(contents))
        .with_context(|| format!("writing {}", target.display()))
}

/// `<kubeconfig>.lock`, created exclusively as kubectl does; removed on drop.
struct FileLock(PathBuf);

impl FileLock {
    fn acquire(target: &Path) -> Result<Self> {
        let mut name = target.as_os_str().to_owned();
        name.push(".lock");
        let lock = PathBuf::from(name);
        let start = Instant::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock)
            {
                Ok(_) => return Ok(Self(lock)),
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                    if start.elapsed() > LOCK_WAIT {
                        return Err(Hinted::new(
                            format!("{} is held by another writer", lock.display()),
                            "wait for the other kubectl/jwtcred to finish, or remove the stale lock file",
                        )
                        .into());
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(err) => {
                    return Err(err).with_context(|| format!("creating {}", lock.display()));
                }
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec_credential::ExecApiVersion;

    fn exec(args: &[&str]) -> ExecArgs {
        ExecArgs {
            args: args.iter().map(|s| s.to_string()).collect(),
            api_version: ExecApiVersion::V1,
            has_audience: false,
        }
    }

    const EXISTING: &str = r#"apiVersion: v1
kind: Config
preferences:
  colors: true
clusters:
- name: a
  cluster:
    server: https://a.example
    extensions:
    - name: other
      extension: {keep: me}
- name: b
  cluster: {server: "https://b.example"}
contexts:
- name: ctx
  context: {cluster: a, user: old, namespace: ns}
current-context: ctx
users:
- name: other
  user: {token: "0123"}
- name: me
  user:
    token: stale
    extensions:
    - name: x
      extension: {y: z}
extensions:
- name: top
  extension: {on: "on"}
x-unknown: 5
"#;

    #[test]
    fn replaces_the_user_and_keeps_everything_else() {
        let mut doc = Yaml::parse(EXISTING).unwrap();
        let exec = exec(&["--source", "actions"]);
        Edit {
            user: "me",
            command: "jwtcred",
            exec: &exec,
            context: Some("ctx"),
            cluster: Some(("b", &["aud-b".to_owned()])),
        }
        .apply(&mut doc)
        .unwrap();
        let out = doc.to_yaml().unwrap();
        let doc = Yaml::parse(&out).unwrap();
        let users = match doc.get("users") {
            Some(Yaml::Seq(users)) => users,
            other => panic!("{other:?}"),
        };
        assert_eq!(users.len(), 2);
        assert_eq!(
            users[0].get("user").unwrap().get("token"),
            Some(&Yaml::str("0123"))
        );
        let me = users[1].get("user").unwrap();
        assert_eq!(me.get("token"), None);
        assert!(me.get("extensions").is_some());
        let exec = me.get("exec").unwrap();
        assert_eq!(exec.get("command"), Some(&Yaml::str("jwtcred")));
        assert_eq!(exec.get("interactiveMode"), Some(&Yaml::str("Never")));
        assert_eq!(exec.get("provideClusterInfo"), Some(&Yaml::Bool(true)));
        assert!(out.contains("x-unknown: 5"), "{out}");
        assert!(out.contains("colors: true"), "{out}");
        assert!(out.contains("keep: me"), "{out}");
        assert!(out.contains("namespace: ns"), "{out}");
        assert!(out.contains("user: me"), "{out}");
        assert!(out.contains("audience: aud-b"), "{out}");
    }

    #[test]
    fn missing_context_or_cluster_changes_nothing() {
        let mut doc = Yaml::parse(EXISTING).unwrap();
        let before = doc.clone();
        let exec = exec(&[]);
        let edit = Edit {
            user: "me",
            command: "jwtcred",
            exec: &exec,
            context: Some("nope"),
            cluster: None,
        };
        let err = edit.apply(&mut doc).unwrap_err();
        assert!(format!("{err:#}").contains("ctx"), "{err:#}");
        assert_eq!(doc, before);
    }

    #[test]
    fn audience_list_and_existing_extension() {
        let mut exts = vec![Yaml::map([
            ("name", Yaml::str(EXEC_EXTENSION)),
            ("extension", Yaml::map([("source", Yaml::str("spiffe"))])),
        ])];
        set_audience(&mut exts, &["x".into(), "y".into()]).unwrap();
        let ext = exts[0].get("extension").unwrap();
        assert_eq!(ext.get("source"), Some(&Yaml::str("spiffe")));
        assert_eq!(
            ext.get("audience"),
            Some(&Yaml::Seq(vec![Yaml::str("x"), Yaml::str("y")]))
        );
    }

    #[test]
    fn kubeconfig_env_first_entry() {
        let env = Env::from_pairs([("KUBECONFIG", ":/a/one:/b/two"), ("HOME", "/h")]);
        assert_eq!(kubeconfig_path(None, &env).unwrap(), Path::new("/a/one"));
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(
            kubeconfig_path(None, &env).unwrap(),
            Path::new("/h/.kube/config")
        );
    }
}
