//! A small YAML writer for generated documents that carry comments.
//!
//! Every scalar is written as a double-quoted string made of printable ASCII only (everything
//! else escaped), so no claim value can become another type, end its line, start a comment or
//! inject a key, whatever YAML 1.1 or 1.2 reader (kube-apiserver's, kubectl's, `oc`'s) loads it.
//! Keys are compile-time constants. Comments are sanitised the same way.

use std::fmt::Write as _;

/// One YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string, always double-quoted.
    Str(String),
    /// A literal block (`|`) of lines that [`Node::block`] checked to be safe printable ASCII.
    Block(Vec<String>),
    Map(Map),
    Seq(Vec<Item>),
}

impl Node {
    pub fn str(text: impl Into<String>) -> Self {
        Self::Str(text.into())
    }

    /// A literal block scalar. Lines must be non-empty printable ASCII with no leading space
    /// (as PEM is); anything else is written as a quoted string instead, which is always safe.
    pub fn block(text: &str) -> Self {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let safe = !lines.is_empty()
            && lines.iter().all(|line| {
                !line.is_empty()
                    && !line.starts_with(' ')
                    && !line.ends_with(' ')
                    && line.bytes().all(|b| (0x20..=0x7e).contains(&b))
            });
        if safe {
            Self::Block(lines)
        } else {
            Self::Str(text.to_owned())
        }
    }

    pub fn seq_of_str<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Self {
        Self::Seq(
            items
                .into_iter()
                .map(|s| Item::new(Node::str(s.as_ref())))
                .collect(),
        )
    }
}

/// A mapping: entries in order, each with the comment lines written above it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map(pub Vec<Entry>);

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub comments: Vec<String>,
    pub key: &'static str,
    pub value: Node,
}

impl Map {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    pub fn with(mut self, key: &'static str, value: Node) -> Self {
        self.push(key, value);
        self
    }

    pub fn with_comment(mut self, comment: &str, key: &'static str, value: Node) -> Self {
        self.push_commented(comment, key, value);
        self
    }

    pub fn push(&mut self, key: &'static str, value: Node) {
        self.0.push(Entry {
            comments: Vec::new(),
            key,
            value,
        });
    }

    /// Adds an entry with a comment above it (`comment` may hold several lines).
    pub fn push_commented(&mut self, comment: &str, key: &'static str, value: Node) {
        self.0.push(Entry {
            comments: comment.lines().map(str::to_owned).collect(),
            key,
            value,
        });
    }
}

/// A sequence item with the comment lines written above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub comments: Vec<String>,
    pub value: Node,
}

impl Item {
    pub fn new(value: Node) -> Self {
        Self {
            comments: Vec::new(),
            value,
        }
    }

    pub fn commented(comment: &str, value: Node) -> Self {
        Self {
            comments: comment.lines().map(str::to_owned).collect(),
            value,
        }
    }
}

/// One YAML document: header comment lines, then a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub comments: Vec<String>,
    pub root: Map,
}

/// Writes documents separated by `---`.
pub fn render(documents: &[Document]) -> String {
    let mut out = String::new();
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        for line in &doc.comments {
            write_comment(&mut out, 0, line);
        }
        write_map(&mut out, &doc.root, 0);
    }
    out
}

/// A YAML double-quoted scalar holding exactly `text`, in printable ASCII: `"` and `\` escaped,
/// common controls as `\n` `\t` `\r`, every other character outside space..`~` as `\uXXXX`
/// (or `\UXXXXXXXX` beyond the BMP; YAML has no surrogate pairs).
pub fn quote(text: &str) -> String {
    double_quoted(text, |out, c| match c {
        ' '..='~' => out.push(c),
        c if u32::from(c) <= 0xFFFF => {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\U{:08X}", u32::from(c));
        }
    })
}

/// `text` between double quotes, with `"`, `\` and `\n` `\t` `\r` escaped as YAML and CEL both
/// spell them; `other` writes every other character.
fn double_quoted(text: &str, other: impl Fn(&mut String, char)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => other(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// Comment text as one safe line: anything that is not printable ASCII becomes `?`, so a
/// comment can never end early and turn the rest of its text into YAML.
pub fn sanitize_comment(text: &str) -> String {
    text.chars()
        .map(|c| if (' '..='~').contains(&c) { c } else { '?' })
        .collect()
}

/// Comment lines are wrapped at spaces to stay within this width (a long word stays whole).
const COMMENT_WIDTH: usize = 100;

fn write_comment(out: &mut String, indent: usize, line: &str) {
    let line = sanitize_comment(line);
    let line = line.trim_end();
    if line.is_empty() {
        pad(out, indent);
        out.push_str("#\n");
        return;
    }
    let width = COMMENT_WIDTH.saturating_sub(indent + 2).max(40);
    if line.len() <= width {
        push_comment_line(out, indent, line);
        return;
    }
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.len() + 1 + word.len() > width {
            push_comment_line(out, indent, &current);
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    push_comment_line(out, indent, &current);
}

fn push_comment_line(out: &mut String, indent: usize, text: &str) {
    pad(out, indent);
    out.push_str("# ");
    out.push_str(text.trim_end());
    out.push('\n');
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_map(out: &mut String, map: &Map, indent: usize) {
    for entry in &map.0 {
        for line in &entry.comments {
            write_comment(out, indent, line);
        }
        pad(out, indent);
        write_entry(out, entry, indent);
    }
}

/// `key: value` at the current position (indentation already written).
fn write_entry(out: &mut String, entry: &Entry, indent: usize) {
    out.push_str(entry.key);
    out.push(':');
    write_value(out, &entry.value, indent);
}

/// The value after `key:`; nested structures go on the following lines, indented by two.
fn write_value(out: &mut String, value: &Node, indent: usize) {
    match value {
        Node::Str(text) => {
            out.push(' ');
            out.push_str(&quote(text));
            out.push('\n');
        }
        Node::Block(lines) => {
            out.push_str(" |\n");
            for line in lines {
                pad(out, indent + 2);
                out.push_str(line);
                out.push('\n');
            }
        }
        Node::Map(map) if map.0.is_empty() => out.push_str(" {}\n"),
        Node::Map(map) => {
            out.push('\n');
            write_map(out, map, indent + 2);
        }
        Node::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Node::Seq(items) => {
            out.push('\n');
            write_seq(out, items, indent + 2);
        }
    }
}

fn write_seq(out: &mut String, items: &[Item], indent: usize) {
    for item in items {
        for line in &item.comments {
            write_comment(out, indent, line);
        }
        match &item.value {
            Node::Map(map) if !map.0.is_empty() => {
                // The first entry shares the dash's line; its comments go above the dash.
                let (first, rest) = map.0.split_first().expect("non-empty map");
                for line in &first.comments {
                    write_comment(out, indent, line);
                }
                pad(out, indent);
                out.push_str("- ");
                write_entry(out, first, indent + 2);
                write_map(out, &Map(rest.to_vec()), indent + 2);
            }
            other => {
                pad(out, indent);
                out.push('-');
                write_value(out, other, indent);
            }
        }
    }
}

/// A CEL string literal (double-quoted) holding exactly `text`.
pub fn cel_string(text: &str) -> String {
    double_quoted(text, |out, c| {
        if c.is_control() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::yaml::Yaml;
    use super::*;

    /// Claim values an attacker controls (a repository name, a branch, a SPIFFE path).
    const HOSTILE: &[&str] = &[
        "plain",
        "",
        "with \"double\" and 'single' quotes",
        "back\\slash \\n not a newline",
        "line1\nline2\r\nline3",
        "key: value",
        "a: b\nevil: injected",
        "# not a comment",
        "value # trailing comment",
        "- item",
        "[flow, seq]",
        "{flow: map}",
        "&anchor *alias !tag %directive @at `tick`",
        "---",
        "...",
        "true",
        "no",
        "on",
        "null",
        "~",
        "0755",
        "1e3",
        "0x1F",
        ".inf",
        "2001-01-01",
        "system:masters",
        "system:",
        " leading and trailing ",
        "\ttab",
        "é ü ß 日本語",
        "emoji 😀 and 𝄞",
        "nul\u{0}bell\u{7}esc\u{1b}del\u{7f}",
        "nel\u{85}ls\u{2028}ps\u{2029}bom\u{feff}",
        "c1 \u{80}\u{9f} private \u{e000} nonchar \u{fffe}\u{ffff}",
        "|\n  block",
        ">\n  folded",
        "\"",
        "\\",
    ];

    #[test]
    fn quoted_scalars_round_trip_exactly_and_stay_ascii() {
        for value in HOSTILE {
            let quoted = quote(value);
            assert!(
                quoted.bytes().all(|b| (0x20..=0x7e).contains(&b)),
                "{quoted}"
            );
            let doc = format!("a: {quoted}\nb: \"after\"\n");
            let parsed = Yaml::parse(&doc).unwrap_or_else(|e| panic!("{doc}: {e:#}"));
            assert_eq!(parsed.get("a"), Some(&Yaml::str(*value)), "{doc}");
            // Nothing was injected: exactly the two keys, the second untouched.
            assert_eq!(parsed.get("b"), Some(&Yaml::str("after")), "{doc}");
            let Yaml::Map(entries) = &parsed else {
                panic!("not a map")
            };
            assert_eq!(entries.len(), 2, "{doc}");
        }
    }

    #[test]
    fn rendered_documents_round_trip_with_comments() {
        let mut rules = Vec::new();
        for value in HOSTILE {
            rules.push(Item::commented(
                &format!("pins {} -- and\nsecond line {}", quote(value), value),
                Node::Map(
                    Map::new()
                        .with_comment(value, "claim", Node::str(*value))
                        .with("requiredValue", Node::str(*value)),
                ),
            ));
        }
        let doc = Document {
            comments: vec!["header: with a colon".into(), "evil\nkey: x".into()],
            root: Map::new()
                .with("kind", Node::str("Test"))
                .with("rules", Node::Seq(rules))
                .with("empty", Node::Seq(Vec::new()))
                .with("list", Node::seq_of_str(HOSTILE.iter()))
                .with("nested", Node::Map(Map::new().with("x", Node::str("y")))),
        };
        let text = render(&[doc]);
        assert!(
            text.bytes()
                .all(|b| b == b'\n' || (0x20..=0x7e).contains(&b))
        );
        let parsed = Yaml::parse(&text).unwrap_or_else(|e| panic!("{text}: {e:#}"));
        let Yaml::Map(top) = &parsed else {
            panic!("{text}")
        };
        let keys: Vec<_> = top.iter().map(|(k, _)| k.as_str().unwrap()).collect();
        assert_eq!(keys, ["kind", "rules", "empty", "list", "nested"], "{text}");
        let Some(Yaml::Seq(parsed_rules)) = parsed.get("rules") else {
            panic!("{text}")
        };
        assert_eq!(parsed_rules.len(), HOSTILE.len());
        for (rule, value) in parsed_rules.iter().zip(HOSTILE) {
            let Yaml::Map(fields) = rule else {
                panic!("{text}")
            };
            assert_eq!(fields.len(), 2, "{text}");
            assert_eq!(rule.get("claim"), Some(&Yaml::str(*value)));
            assert_eq!(rule.get("requiredValue"), Some(&Yaml::str(*value)));
        }
        let Some(Yaml::Seq(list)) = parsed.get("list") else {
            panic!("{text}")
        };
        assert_eq!(
            list,
            &HOSTILE.iter().map(|v| Yaml::str(*v)).collect::<Vec<_>>()
        );
        assert_eq!(parsed.get("empty"), Some(&Yaml::Seq(Vec::new())));
        assert_eq!(
            parsed.get("nested").and_then(|n| n.get("x")),
            Some(&Yaml::str("y"))
        );
    }

    #[test]
    fn literal_blocks_only_for_safe_lines() {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert!(matches!(Node::block(pem), Node::Block(_)));
        for unsafe_text in [
            "  indented\nx",
            "a\n\nb",
            "trailing \n",
            "ctrl\u{7}",
            "é",
            "",
        ] {
            assert!(
                matches!(Node::block(unsafe_text), Node::Str(_)),
                "{unsafe_text:?}"
            );
        }
        let doc = Document {
            comments: Vec::new(),
            root: Map::new()
                .with("ca", Node::block(pem))
                .with("list", Node::Seq(vec![Item::new(Node::block(pem))])),
        };
        let text = render(&[doc]);
        let parsed = Yaml::parse(&text).unwrap();
        assert_eq!(parsed.get("ca"), Some(&Yaml::str(pem)), "{text}");
        assert_eq!(
            parsed.get("list"),
            Some(&Yaml::Seq(vec![Yaml::str(pem)])),
            "{text}"
        );
    }

    #[test]
    fn several_documents() {
        let one = Document {
            comments: vec!["first".into()],
            root: Map::new().with("a", Node::str("1")),
        };
        let text = render(&[one.clone(), one]);
        assert_eq!(text, "# first\na: \"1\"\n---\n# first\na: \"1\"\n");
    }

    #[test]
    fn long_comments_wrap_at_spaces_and_keep_short_ones_as_written() {
        let long = format!("{} {}", "word ".repeat(40).trim(), "x".repeat(120));
        let doc = Document {
            comments: vec!["  indented stays".into(), long.clone()],
            root: Map::new().with_comment(&long, "k", Node::str("v")),
        };
        let text = render(&[doc]);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("#   indented stays"));
        for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
            let long_word = line.contains(&"x".repeat(120));
            assert!(line.len() <= 100 || long_word, "{line}");
        }
        let rejoined: Vec<&str> = text
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches("# "))
            .collect();
        assert_eq!(
            rejoined.join(" "),
            format!("{long} {long}"),
            "header, then the entry's comment"
        );
        assert_eq!(Yaml::parse(&text).unwrap().get("k"), Some(&Yaml::str("v")));
    }

    #[test]
    fn comments_cannot_break_out() {
        assert_eq!(sanitize_comment("a\nb\rc\u{2028}d\u{85}e"), "a?b?c?d?e");
    }

    #[test]
    fn cel_strings_escape_quotes_and_controls() {
        assert_eq!(
            cel_string("spiffe://example.org/"),
            "\"spiffe://example.org/\""
        );
        assert_eq!(cel_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
