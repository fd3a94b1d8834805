//! The cache key's encoding is injective: material built from arbitrary items decodes back to
//! exactly those items (so two different settings can never share an encoding, hence a key),
//! two materials have one encoding exactly when their items are equal, and any bytes that do
//! decode are the encoding of what they decode to.
#![no_main]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use jwtcred::cache::KeyMaterial;
use jwtcred::cache::key::{KEY_VERSION, Value, decode_material};
use jwtcred::source::SourceKind;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// One builder call, as generated.
#[derive(Debug)]
enum Item {
    Field(String, String),
    Optional(String, Option<String>),
    List(String, Vec<String>),
    Sorted(String, Vec<String>),
    Path(String, Vec<u8>),
}

fn item(u: &mut Unstructured) -> Result<Item> {
    let name: String = u.arbitrary()?;
    Ok(match u.int_in_range(0..=4u8)? {
        0 => Item::Field(name, u.arbitrary()?),
        1 => Item::Optional(name, u.arbitrary()?),
        2 => Item::List(name, u.arbitrary()?),
        3 => Item::Sorted(name, u.arbitrary()?),
        _ => Item::Path(name, u.arbitrary()?),
    })
}

fn material(u: &mut Unstructured) -> Result<(SourceKind, Vec<Item>)> {
    let kind = *u.choose(&SourceKind::ORDER)?;
    let count = u.int_in_range(0..=8usize)?;
    let items = (0..count).map(|_| item(u)).collect::<Result<_>>()?;
    Ok((kind, items))
}

fn build(kind: SourceKind, items: &[Item]) -> KeyMaterial {
    let mut m = KeyMaterial::new(kind.name());
    for item in items {
        match item {
            Item::Field(n, v) => m.field(n, v),
            Item::Optional(n, v) => m.optional(n, v.as_deref()),
            Item::List(n, v) => m.list(n, v),
            Item::Sorted(n, v) => m.sorted_list(n, v),
            Item::Path(n, v) => m.path(n, Path::new(OsStr::from_bytes(v))),
        };
    }
    m
}

/// What decoding must give back: the source first, sorted lists sorted.
fn expected(kind: SourceKind, items: &[Item]) -> Vec<(String, Value)> {
    let mut out = vec![("source".to_owned(), Value::Text(kind.name().to_owned()))];
    for item in items {
        out.push(match item {
            Item::Field(n, v) => (n.clone(), Value::Text(v.clone())),
            Item::Optional(n, v) => (n.clone(), v.clone().map_or(Value::Absent, Value::Text)),
            Item::List(n, v) => (n.clone(), Value::List(v.clone())),
            Item::Sorted(n, v) => {
                let mut v = v.clone();
                v.sort();
                (n.clone(), Value::List(v))
            }
            Item::Path(n, v) => (n.clone(), Value::Path(v.clone())),
        });
    }
    out
}

/// Rebuilds decoded items through the builder; None when they do not start with a source.
fn rebuild(items: &[(String, Value)]) -> Option<KeyMaterial> {
    let (first, rest) = items.split_first()?;
    let kind = match first {
        (name, Value::Text(kind)) if name == "source" => {
            *SourceKind::ORDER.iter().find(|k| k.name() == kind)?
        }
        _ => return None,
    };
    let mut m = KeyMaterial::new(kind.name());
    for (name, value) in rest {
        match value {
            Value::Text(v) => m.field(name, v),
            Value::Absent => m.optional(name, None),
            Value::List(v) => m.list(name, v),
            Value::Path(v) => m.path(name, Path::new(OsStr::from_bytes(v))),
        };
    }
    Some(m)
}

fuzz_target!(|data: &[u8]| {
    // Raw bytes that decode are exactly the encoding of what they decode to.
    if let Some((version, items)) = decode_material(data) {
        if version == KEY_VERSION {
            if let Some(m) = rebuild(&items) {
                assert_eq!(m.encoding(), data, "two encodings of one material");
            }
        }
    }

    let mut u = Unstructured::new(data);
    let Ok((kind_a, a)) = material(&mut u) else {
        return;
    };
    let built_a = build(kind_a, &a);
    let (version, decoded) = decode_material(built_a.encoding()).expect("an encoding decodes");
    assert_eq!(version, KEY_VERSION);
    let expected_a = expected(kind_a, &a);
    assert_eq!(decoded, expected_a, "the encoding lost information");

    // A second material from the rest of the input: one key exactly for equal material.
    let Ok((kind_b, b)) = material(&mut u) else {
        return;
    };
    let built_b = build(kind_b, &b);
    let same = expected_a == expected(kind_b, &b);
    assert_eq!(built_a.encoding() == built_b.encoding(), same);
    assert_eq!(built_a.into_key() == built_b.into_key(), same);
});
