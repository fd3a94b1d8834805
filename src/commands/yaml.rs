//! An ordered YAML document value: the model the kubeconfig writer edits (and renders for a
//! new file); an existing file is edited in its text (`yaml_edit`), checked against this model.

use std::fmt;

use anyhow::{Context as _, Result};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    Seq(Vec<Yaml>),
    /// Entries in document order (duplicates are kept as they were).
    Map(Vec<(Yaml, Yaml)>),
}

impl Yaml {
    /// Parses one YAML (or JSON) document; an empty document is `Null`.
    pub fn parse(text: &str) -> Result<Self> {
        if text.trim().is_empty() {
            return Ok(Self::Null);
        }
        // Only the place of the problem: the parser's own message quotes the document.
        serde_saphyr::from_str(text).map_err(|err| {
            let at = err.location().map(|l| (l.line(), l.column()));
            crate::error::FileParseError::error("not a valid YAML document", at)
        })
    }

    /// Block style as kubectl writes it: multi-line strings as literal blocks, long lines never
    /// folded, strings a YAML 1.1 reader (kubectl's) would take for another type quoted.
    pub fn to_yaml(&self) -> Result<String> {
        let options = serde_saphyr::ser_options! {
            folded_wrap_chars: usize::MAX,
        };
        serde_saphyr::to_string_with_options(self, options).context("rendering YAML")
    }

    pub fn str(text: impl Into<String>) -> Self {
        Self::String(text.into())
    }

    pub fn map<'a>(entries: impl IntoIterator<Item = (&'a str, Yaml)>) -> Self {
        Self::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Self::str(k), v))
                .collect(),
        )
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value under a string key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Self::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Yaml> {
        match self {
            Self::Map(entries) => entries
                .iter_mut()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets a key of a mapping: in place when present, appended otherwise. A `Null` becomes an
    /// empty mapping first; any other non-mapping is an error naming `what`.
    pub fn set(&mut self, key: &str, value: Yaml, what: &str) -> Result<()> {
        let entries = self.as_map_mut(what)?;
        match entries.iter_mut().find(|(k, _)| k.as_str() == Some(key)) {
            Some((_, slot)) => *slot = value,
            None => entries.push((Self::str(key), value)),
        }
        Ok(())
    }

    pub fn as_map_mut(&mut self, what: &str) -> Result<&mut Vec<(Yaml, Yaml)>> {
        if *self == Self::Null {
            *self = Self::Map(Vec::new());
        }
        match self {
            Self::Map(entries) => Ok(entries),
            _ => anyhow::bail!("{what} is not a mapping"),
        }
    }

    /// The sequence under `key` of this mapping, created when absent or null.
    pub fn seq_mut(&mut self, key: &str, what: &str) -> Result<&mut Vec<Yaml>> {
        if self.get(key).is_none() {
            self.set(key, Self::Seq(Vec::new()), what)?;
        }
        let slot = self
            .get_mut(key)
            .with_context(|| format!("{what} is not a mapping"))?;
        if *slot == Self::Null {
            *slot = Self::Seq(Vec::new());
        }
        match slot {
            Self::Seq(items) => Ok(items),
            _ => anyhow::bail!("{what}.{key} is not a list"),
        }
    }

    /// The mapping under `key`, created when absent or null.
    pub fn map_mut(&mut self, key: &str, what: &str) -> Result<&mut Yaml> {
        if self.get(key).is_none() {
            self.set(key, Self::Map(Vec::new()), what)?;
        }
        let slot = self
            .get_mut(key)
            .with_context(|| format!("{what} is not a mapping"))?;
        slot.as_map_mut(&format!("{what}.{key}"))?;
        Ok(slot)
    }
}

impl Serialize for Yaml {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Int(i) => serializer.serialize_i64(*i),
            Self::UInt(u) => serializer.serialize_u64(*u),
            Self::Float(f) => serializer.serialize_f64(*f),
            Self::String(s) => serializer.serialize_str(s),
            Self::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(d)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Yaml, E> {
        Ok(match i64::try_from(u) {
            Ok(i) => Yaml::Int(i),
            Err(_) => Yaml::UInt(u),
        })
    }

    fn visit_f64<E>(self, f: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Yaml, E> {
        Ok(Yaml::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Yaml, E> {
        Ok(Yaml::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Yaml::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry()? {
            entries.push((k, v));
        }
        Ok(Yaml::Map(entries))
    }

    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Yaml, E> {
        String::from_utf8(b.to_vec())
            .map(Yaml::String)
            .map_err(|_| E::custom("binary YAML values are not supported"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_order_and_types() {
        let long = "x ".repeat(100);
        let text = "b: 1\na:\n- x: \"on\"\n  y: 'yes'\n  z: \"0755\"\nc: {}\nd: []\ne: null\nf: 1.5\ng: true\n";
        let mut doc = Yaml::parse(text).unwrap();
        doc.set("long", Yaml::str(long.trim()), "doc").unwrap();
        doc.set("multi", Yaml::str("{\n  \"a\": 1\n}"), "doc")
            .unwrap();
        let out = doc.to_yaml().unwrap();
        assert!(out.contains(&format!("long: {}\n", long.trim())), "{out}");
        assert!(out.contains("multi: |-\n  {\n    \"a\": 1\n  }\n"), "{out}");
        assert_eq!(Yaml::parse(&out).unwrap(), doc);
        assert!(out.starts_with("b: 1\na:\n"), "{out}");
        // Strings YAML 1.1 readers (kubectl's) would take for booleans or numbers stay quoted.
        assert!(out.contains("\"on\""), "{out}");
        assert!(out.contains("\"yes\""), "{out}");
        assert!(out.contains("\"0755\""), "{out}");
    }

    #[test]
    fn edits_in_place() {
        let mut doc = Yaml::parse("users:\nkind: Config\n").unwrap();
        doc.seq_mut("users", "the kubeconfig")
            .unwrap()
            .push(Yaml::str("u"));
        doc.set("kind", Yaml::str("Other"), "the kubeconfig")
            .unwrap();
        assert_eq!(doc.to_yaml().unwrap(), "users:\n- u\nkind: Other\n");
    }

    #[test]
    fn empty_is_null() {
        assert_eq!(Yaml::parse(" \n").unwrap(), Yaml::Null);
    }
}
