//! The check of a front matter block by a real YAML parser (`serde_saphyr`): its first error,
//! with a byte offset into the whole file and a one-line message. It must not read entries or
//! values; the line grammar in `scan` does that.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::MessageFormatter as _;

use super::scan::{Line, indent, is_blank, is_comment};
use super::{FmError, NOT_MAPPING, Span};

/// What the top level of the YAML document is.
struct TopLevel {
    mapping: bool,
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(TopLevel { mapping: true })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TopLevel { mapping: false })
    }

    fn visit_unit<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: true })
    }

    fn visit_none<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: true })
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<TopLevel, D::Error> {
        d.deserialize_any(TopVisitor)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_char<E: de::Error>(self, _: char) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TopVisitor)
    }
}

/// The first problem `serde_saphyr` finds in the body, at an offset into the whole file.
pub(super) fn yaml_error(text: &str, body: Span, lines: &[Line]) -> Option<FmError> {
    let first_content = lines.iter().find(|l| {
        let s = &text[l.start..l.end];
        !is_blank(s) && !is_comment(s)
    })?;
    let yaml = &text[body.range()];
    // The parser is not expected to panic; if it ever does, the front matter is still read.
    let parsed = std::panic::catch_unwind(|| serde_saphyr::from_str::<TopLevel>(yaml)).ok()?;
    match parsed {
        Ok(TopLevel { mapping: true }) => None,
        Ok(TopLevel { mapping: false }) => Some(FmError {
            message: NOT_MAPPING.to_string(),
            offset: first_content.start + indent(&text[first_content.start..first_content.end]),
        }),
        Err(err) => {
            let err = err.without_snippet();
            let message = tidy_message(&serde_saphyr::DefaultMessageFormatter.format_message(err));
            let offset = err
                .location()
                .filter(|loc| loc.line() > 0)
                .map(|loc| location_offset(text, body, lines, loc))
                .unwrap_or(first_content.start);
            Some(FmError { message, offset })
        }
    }
}

/// A byte offset into the whole file for a saphyr location in the body.
fn location_offset(text: &str, body: Span, lines: &[Line], loc: serde_saphyr::Location) -> usize {
    let yaml = &text[body.range()];
    if let Some(b) = loc.span().byte_offset()
        && let Ok(b) = usize::try_from(b)
        && b <= yaml.len()
        && yaml.is_char_boundary(b)
    {
        return body.start + b;
    }
    // Fall back on line/column (1-based, columns in characters).
    let line = usize::try_from(loc.line()).unwrap_or(usize::MAX).max(1);
    let Some(l) = lines.get(line - 1) else {
        return body.end;
    };
    let column = usize::try_from(loc.column()).unwrap_or(usize::MAX).max(1);
    text[l.start..l.end]
        .char_indices()
        .nth(column - 1)
        .map_or(l.end, |(i, _)| l.start + i)
}

/// One line, lower-case start, no trailing period, no location suffix.
fn tidy_message(raw: &str) -> String {
    let line = raw.lines().next().unwrap_or("").trim();
    let line = match line.find(" at line ") {
        Some(i) => &line[..i],
        None => line,
    };
    // "duplicate mapping key: a, set DuplicateKeyPolicy in Options if acceptable"
    let line = match line.find(", set DuplicateKeyPolicy") {
        Some(i) => &line[..i],
        None => line,
    };
    let line = line.trim_end_matches('.').trim_end();
    let mut chars = line.chars();
    let mut out = match chars.next() {
        Some(c) => {
            let mut s: String = c.to_lowercase().collect();
            s.push_str(chars.as_str());
            s
        }
        None => String::new(),
    };
    if out.is_empty() {
        out = "invalid YAML".to_string();
    }
    out
}
