//! Edits a YAML document in its own text: the document is parsed with byte positions, each
//! change replaces or inserts the text of one node, and every byte outside the changed nodes
//! stays as it was — comments, quoting, `0755`, `n`, dates, `!!binary`, anchors, flow style.
//! (Rendering a parsed value back would re-type what a YAML 1.1 reader such as kubectl reads.)

use anyhow::{Result, anyhow, bail};
// The event parser serde-saphyr itself uses, re-exported by it: byte spans, no extra crate.
use serde_saphyr::granit_parser::{Event, Parser, Span, StructureStyle};

use super::yaml::Yaml;

/// A node of the document with where its text lies.
#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    /// Byte offsets of the node's own text (an anchor or tag before it is not included).
    pub start: usize,
    pub end: usize,
    /// Column of `start`.
    pub col: usize,
    pub flow: bool,
}

#[derive(Debug)]
pub enum Kind {
    Scalar(String),
    Alias,
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The value under the plain string key `key` of a mapping, with its key node.
    pub fn pair(&self, key: &str) -> Option<&(Node, Node)> {
        match &self.kind {
            Kind::Map(pairs) => pairs.iter().find(|(k, _)| k.scalar() == Some(key)),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.pair(key).map(|(_, v)| v)
    }

    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, Kind::Map(_))
    }

    /// The item of a sequence whose `name` is `name`.
    pub fn named(&self, name: &str) -> Option<&Node> {
        self.items()
            .iter()
            .find(|item| item.get("name").and_then(Node::scalar) == Some(name))
    }
}

/// Parses the (single) document of `text` into positioned nodes.
pub fn parse(text: &str) -> Result<Node> {
    let mut events = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|err| anyhow!("not a valid YAML document: {err}"))?;
        events.push((event, span));
    }
    let mut builder = Builder {
        text,
        events: events.into_iter(),
    };
    loop {
        match builder.events.next() {
            Some((Event::DocumentStart(..), _)) => break,
            Some(_) => continue,
            None => bail!("the YAML text holds no document"),
        }
    }
    let root = builder.node()?;
    Ok(root)
}

struct Builder<'a> {
    text: &'a str,
    events: std::vec::IntoIter<(Event<'a>, Span)>,
}

fn offset(span: &Span) -> Result<(usize, usize)> {
    match (span.start.byte_offset(), span.end.byte_offset()) {
        (Some(start), Some(end)) => Ok((start, end)),
        _ => bail!("the YAML parser gave no byte positions"),
    }
}

impl Builder<'_> {
    fn node(&mut self) -> Result<Node> {
        loop {
            let (event, span) = self
                .events
                .next()
                .ok_or_else(|| anyhow!("the YAML document ends early"))?;
            let (start, end) = offset(&span)?;
            let col = span.start.col();
            return Ok(match event {
                Event::Scalar(value, ..) => Node {
                    kind: Kind::Scalar(value.into_owned()),
                    start,
                    end,
                    col,
                    flow: false,
                },
                Event::Alias(_) => Node {
                    kind: Kind::Alias,
                    start,
                    end,
                    col,
                    flow: false,
                },
                Event::SequenceStart(style, ..) => {
                    let mut items = Vec::new();
                    let close = loop {
                        if let Some(close) = self.end_of(true)? {
                            break close;
                        }
                        items.push(self.node()?);
                    };
                    collection(Kind::Seq(items), style, start, col, close)
                }
                Event::MappingStart(style, ..) => {
                    let mut pairs = Vec::new();
                    let close = loop {
                        if let Some(close) = self.end_of(false)? {
                            break close;
                        }
                        let key = self.node()?;
                        let mut value = self.node()?;
                        self.place_empty_value(&key, &mut value);
                        pairs.push((key, value));
                    };
                    collection(Kind::Map(pairs), style, start, col, close)
                }
                // Anchors and comments are presentation only; the node follows.
                _ => continue,
            });
        }
    }

    /// An empty value (`key:`) is reported at its key or the next token; it belongs right after the
    /// key's `:` (so that edits and the mapping's end stay on its line).
    fn place_empty_value(&self, key: &Node, value: &mut Node) {
        if !matches!(value.kind, Kind::Scalar(_)) || value.start != value.end {
            return;
        }
        let rest = &self.text[key.end.min(self.text.len())..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[skipped..].starts_with(':') {
            let at = key.end + skipped + 1;
            value.start = at;
            value.end = at;
        }
    }

    /// Consumes the collection's end event when it is next: Some(end offset of its text).
    fn end_of(&mut self, seq: bool) -> Result<Option<usize>> {
        let next = self.events.as_slice().first();
        let is_end = match next {
            Some((Event::SequenceEnd, _)) => seq,
            Some((Event::MappingEnd, _)) => !seq,
            _ => false,
        };
        if !is_end {
            return Ok(None);
        }
        let (_, span) = self.events.next().expect("peeked");
        Ok(Some(offset(&span)?.1))
    }
}

fn collection(kind: Kind, style: StructureStyle, start: usize, col: usize, close: usize) -> Node {
    let flow = matches!(style, StructureStyle::Flow);
    // A block collection ends with its last child (its end event sits at the next token).
    let end = if flow {
        close
    } else {
        match &kind {
            Kind::Seq(items) => items.last().map_or(start, |n| n.end),
            Kind::Map(pairs) => pairs.last().map_or(start, |(_, v)| v.end),
            _ => start,
        }
    };
    Node {
        kind,
        start,
        end,
        col,
        flow,
    }
}

/// Replacements of byte ranges of one text, applied together.
pub struct Splices<'a> {
    text: &'a str,
    edits: Vec<(usize, usize, String)>,
}

impl<'a> Splices<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            edits: Vec::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Takes over the edits staged in `other` (made on the same text).
    pub fn absorb(&mut self, other: Splices<'a>) {
        self.edits.extend(other.edits);
    }

    /// Adds `key: new` on its own line just before the pair `before` of a block mapping.
    pub fn insert_before(&mut self, before: &(Node, Node), key: &str, new: &Yaml) -> Result<()> {
        let at_key = before.0.start;
        let line_start = self.text[..at_key].rfind('\n').map_or(0, |i| i + 1);
        if !self.text[line_start..at_key].bytes().all(|b| b == b' ') {
            bail!("a mapping key that does not start its line");
        }
        let col = before.0.col;
        let text = format!("{}{key}:{}\n", " ".repeat(col), block_value(new, col + 2)?);
        self.edits.push((line_start, line_start, text));
        Ok(())
    }

    /// The edited text. Edits must not overlap (an insertion may sit at a removal's start).
    pub fn apply(mut self) -> Result<String> {
        self.edits
            .sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        let mut out = self.text.to_owned();
        let mut limit = usize::MAX;
        for (start, end, text) in self.edits {
            if end > limit || start > end {
                bail!("overlapping edits of the YAML text");
            }
            out.replace_range(start..end, &text);
            limit = start;
        }
        Ok(out)
    }

    /// The end of `node`'s content, without the line breaks a block scalar carries.
    fn content_end(&self, node: &Node) -> usize {
        let bytes = self.text.as_bytes();
        let mut end = node.end.min(bytes.len());
        while end > node.start && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        end
    }

    /// The offset just after the `:` that follows a block mapping key.
    fn after_colon(&self, key: &Node) -> Result<usize> {
        let rest = &self.text[key.end..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[skipped..].starts_with(':') {
            Ok(key.end + skipped + 1)
        } else {
            bail!("a mapping key in an unsupported form (explicit `?` keys)")
        }
    }

    /// Replaces the value of the pair `(key, value)` of the mapping `parent`.
    pub fn set_value(&mut self, parent: &Node, pair: &(Node, Node), new: &Yaml) -> Result<()> {
        let (key, value) = pair;
        if parent.flow {
            let end = value.end;
            self.edits.push((value.start, end, flow(new)?));
            return Ok(());
        }
        let start = self.after_colon(key)?;
        let end = self.content_end(value).max(start);
        self.edits
            .push((start, end, block_value(new, key.col + 2)?));
        Ok(())
    }

    /// Adds `key: new` at the end of the mapping `map`.
    pub fn insert_pair(&mut self, map: &Node, key: &str, new: &Yaml) -> Result<()> {
        let Kind::Map(pairs) = &map.kind else {
            bail!("not a mapping");
        };
        if map.flow {
            let pair = format!("{}: {}", flow(&Yaml::str(key))?, flow(new)?);
            return self.push_into_flow(map, pairs.is_empty(), pair);
        }
        let at = self.content_end(map);
        let text = format!(
            "\n{}{key}:{}",
            " ".repeat(map.col),
            block_value(new, map.col + 2)?
        );
        self.edits.push((at, at, text));
        Ok(())
    }

    /// Adds `new` as the last item of the sequence `seq`.
    pub fn append_item(&mut self, seq: &Node, new: &Yaml) -> Result<()> {
        let Kind::Seq(items) = &seq.kind else {
            bail!("not a sequence");
        };
        if seq.flow {
            return self.push_into_flow(seq, items.is_empty(), flow(new)?);
        }
        let first = items
            .first()
            .ok_or_else(|| anyhow!("an empty block sequence"))?;
        let dash = self.text[..first.start]
            .rfind('-')
            .ok_or_else(|| anyhow!("a block sequence item without its dash"))?;
        let line_start = self.text[..dash].rfind('\n').map_or(0, |i| i + 1);
        let dash_col = self.text[line_start..dash].chars().count();
        let at = self.content_end(seq);
        self.edits
            .push((at, at, format!("\n{}", block_item(new, dash_col)?)));
        Ok(())
    }

    /// Adds `entry` (already rendered) at the end of the flow mapping or sequence `node`, just
    /// before its closing brace or bracket, after a comma unless `node` is `empty`.
    fn push_into_flow(&mut self, node: &Node, empty: bool, entry: String) -> Result<()> {
        let at = node.end.saturating_sub(1);
        let (close, what) = match node.kind {
            Kind::Map(_) => ('}', "a flow mapping without its closing brace"),
            _ => (']', "a flow sequence without its closing bracket"),
        };
        if !self.text[at..].starts_with(close) {
            bail!(what);
        }
        let sep = if empty { "" } else { ", " };
        self.edits.push((at, at, format!("{sep}{entry}")));
        Ok(())
    }

    /// Removes the pair `(key, value)` of a block mapping, with its lines. False (nothing
    /// done) when the key does not start its line (`- key: …`).
    pub fn remove_pair(&mut self, pair: &(Node, Node)) -> bool {
        let (key, value) = pair;
        let line_start = self.text[..key.start].rfind('\n').map_or(0, |i| i + 1);
        if !self.text[line_start..key.start].bytes().all(|b| b == b' ') {
            return false;
        }
        let end = self.content_end(value);
        let line_end = self.text[end..]
            .find('\n')
            .map_or(self.text.len(), |i| end + i + 1);
        self.edits.push((line_start, line_end, String::new()));
        true
    }
}

/// JSON is YAML that no reader types differently, and fits in any flow context.
fn flow(value: &Yaml) -> Result<String> {
    serde_json::to_string(value).map_err(|err| anyhow!("rendering YAML: {err}"))
}

/// The text after `key:` in block context, children indented by `indent`.
fn block_value(value: &Yaml, indent: usize) -> Result<String> {
    Ok(match value {
        Yaml::Map(entries) if !entries.is_empty() => format!("\n{}", indented(value, indent)?),
        Yaml::Seq(items) if !items.is_empty() => format!("\n{}", indented(value, indent)?),
        scalar => format!(" {}", inline(scalar)?),
    })
}

/// `- value` at `dash_col`, its continuation lines under the value.
fn block_item(value: &Yaml, dash_col: usize) -> Result<String> {
    let pad = " ".repeat(dash_col);
    Ok(match value {
        Yaml::Map(entries) if !entries.is_empty() => {
            let body = indented(value, dash_col + 2)?;
            format!("{pad}- {}", &body[dash_col + 2..])
        }
        other => format!("{pad}-{}", block_value(other, dash_col + 2)?),
    })
}

/// A scalar (or empty collection) on one line; a multi-line string as a JSON string.
fn inline(value: &Yaml) -> Result<String> {
    let text = value.to_yaml()?;
    let text = text.trim_end_matches('\n');
    if text.contains('\n') {
        flow(value)
    } else {
        Ok(text.to_owned())
    }
}

/// The block rendering of `value`, every line indented by `indent`, no final line break.
fn indented(value: &Yaml, indent: usize) -> Result<String> {
    let text = value.to_yaml()?;
    let pad = " ".repeat(indent);
    Ok(text
        .trim_end_matches('\n')
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, f: impl FnOnce(&Node, &mut Splices)) -> String {
        let root = parse(text).unwrap();
        let mut splices = Splices::new(text);
        f(&root, &mut splices);
        splices.apply().unwrap()
    }

    #[test]
    fn set_value_keeps_every_other_byte() {
        let text = "a: 0755   # mode\nb: n\nc: {x: 1}\nd: !!binary aGk=\n";
        let out = edit(text, |root, s| {
            s.set_value(root, root.pair("b").unwrap(), &Yaml::str("yes"))
                .unwrap();
        });
        assert_eq!(
            out,
            "a: 0755   # mode\nb: \"yes\"\nc: {x: 1}\nd: !!binary aGk=\n"
        );
        let out = edit(text, |root, s| {
            let c = root.get("c").unwrap();
            s.set_value(c, c.pair("x").unwrap(), &Yaml::map([("k", Yaml::str("v"))]))
                .unwrap();
        });
        assert_eq!(
            out,
            "a: 0755   # mode\nb: n\nc: {x: {\"k\":\"v\"}}\nd: !!binary aGk=\n"
        );
    }

    #[test]
    fn block_values_items_and_pairs() {
        let text = "users:\n- name: a\n  user:\n    token: t\n    extensions: []\nz: 1\n";
        let out = edit(text, |root, s| {
            let users = root.get("users").unwrap();
            s.append_item(users, &Yaml::map([("name", Yaml::str("b"))]))
                .unwrap();
            let user = users.items()[0].get("user").unwrap();
            assert!(s.remove_pair(user.pair("token").unwrap()));
            s.insert_pair(
                user,
                "exec",
                &Yaml::map([("command", Yaml::str("jwtcred"))]),
            )
            .unwrap();
        });
        assert_eq!(
            out,
            "users:\n- name: a\n  user:\n    extensions: []\n    exec:\n      command: jwtcred\n- name: b\nz: 1\n"
        );
        assert_eq!(Yaml::parse(&out).unwrap().get("z"), Some(&Yaml::Int(1)));
    }

    #[test]
    fn empty_values_are_edited_on_their_line() {
        let text = "users:\n- name: a\n  user:\nclusters: []\n";
        let out = edit(text, |root, s| {
            let item = &root.get("users").unwrap().items()[0];
            s.set_value(
                item,
                item.pair("user").unwrap(),
                &Yaml::map([("k", Yaml::str("v"))]),
            )
            .unwrap();
        });
        assert_eq!(out, "users:\n- name: a\n  user:\n    k: v\nclusters: []\n");
        let text = "a:\n  b:\nc: 1\n";
        let out = edit(text, |root, s| {
            s.insert_pair(root.get("a").unwrap(), "d", &Yaml::str("e"))
                .unwrap();
        });
        assert_eq!(out, "a:\n  b:\n  d: e\nc: 1\n");
    }

    #[test]
    fn flow_collections_get_json() {
        let text = "users: [{name: a}]\nm: {}\n";
        let out = edit(text, |root, s| {
            s.append_item(
                root.get("users").unwrap(),
                &Yaml::map([("name", Yaml::str("b"))]),
            )
            .unwrap();
            s.insert_pair(root.get("m").unwrap(), "k", &Yaml::str("v"))
                .unwrap();
        });
        assert_eq!(
            out,
            "users: [{name: a}, {\"name\":\"b\"}]\nm: {\"k\": \"v\"}\n"
        );
    }
}
