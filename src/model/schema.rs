//! The schema type: the fields a file's tasks must have and the values they may take, and
//! what a declaration (`- **Field**: spec`) means.
//!
//! A schema comes from the file itself (a `## Task schema` section of `- **Field**: spec`
//! bullets, where a code span holding `A | B | C` enumerates the values and `` `T-###` ``
//! gives the ID pattern) or from `.todo.yml`. The type lives in the model because the parser
//! fills it from the file; choosing which schema applies, and building one from the config,
//! belong to `crate::schema`. Every lookup of a declared field goes through [`Schema`]'s
//! methods, so all readers match names the same way (through the alias table). Pure data and
//! text functions: nothing here reads files.

use serde::Serialize;

use super::{Field, FieldKey, canonical_key};
use crate::document::Span;

/// Where a schema came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaSource {
    /// A `Task schema` section in the task file.
    File,
    /// The `schema:` key of `.todo.yml`.
    Config,
    /// The `statuses` of Backlog.md's `backlog/config.yml`, for its task files: they enumerate
    /// the values of `status` and say nothing about other fields.
    Backlog,
    /// Legend tables of the task file (`| Status | Meaning |`): they enumerate values of the
    /// fields they name and say nothing about other fields.
    Legend,
}

/// One field the schema declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaField {
    /// The name as written (`Acceptance Criteria`).
    pub name: String,
    /// The canonical key, when the alias table knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<FieldKey>,
    /// Allowed values; empty when the value is free text.
    pub values: Vec<String>,
    /// True when every task must have the field.
    pub required: bool,
    /// The declaration's text after the name.
    pub description: String,
    /// Where the declaration stands (file schemas only).
    #[serde(skip)]
    pub span: Option<Span>,
}

/// An ID pattern such as `T-###`: `#` is a digit, `*` any run of letters and digits, every
/// other character stands for itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct IdPattern(pub String);

impl IdPattern {
    /// True when `id` matches the whole pattern: `#` is one digit, `*` any run of letters and
    /// digits (possibly empty), anything else itself.
    ///
    /// The pattern is the file's own text, so it may hold any number of `*`: the match walks
    /// the ID once, keeping the set of pattern positions reached (time `pattern × id`, never
    /// the backtracking blow-up of trying every split).
    pub fn matches(&self, id: &str) -> bool {
        let p = self.0.as_bytes();
        // `reached[i]`: the ID read so far can be followed by the pattern from `i` on.
        let mut reached = vec![false; p.len() + 1];
        let mut next = vec![false; p.len() + 1];
        reached[0] = true;
        close_stars(p, &mut reached);
        for &c in id.as_bytes() {
            next.fill(false);
            let mut any = false;
            for i in (0..p.len()).filter(|&i| reached[i]) {
                let to = match p[i] {
                    b'#' if c.is_ascii_digit() => i + 1,
                    b'*' if c.is_ascii_alphanumeric() => i,
                    b'#' | b'*' => continue,
                    lit if lit == c => i + 1,
                    _ => continue,
                };
                next[to] = true;
                any = true;
            }
            if !any {
                return false;
            }
            close_stars(p, &mut next);
            std::mem::swap(&mut reached, &mut next);
        }
        reached[p.len()]
    }
}

/// A `*` may match nothing: a position before one reaches the position after it too.
fn close_stars(p: &[u8], reached: &mut [bool]) {
    for i in 0..p.len() {
        if reached[i] && p[i] == b'*' {
            reached[i + 1] = true;
        }
    }
}

/// A task schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schema {
    /// Where it came from.
    pub source: SchemaSource,
    /// The ID pattern, when declared.
    pub id_pattern: Option<IdPattern>,
    /// True when IDs must be unique (the default).
    pub unique_ids: bool,
    /// Declared fields, in order.
    pub fields: Vec<SchemaField>,
    /// The section heading's span (file schemas only).
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Schema {
    /// The declaration of a field, by canonical key or by written name.
    pub fn field(&self, name: &str) -> Option<&SchemaField> {
        self.position(name).map(|i| &self.fields[i])
    }

    /// Where a field's declaration stands among the declarations, by canonical key or by
    /// written name: the order a new field is placed in.
    pub fn position(&self, name: &str) -> Option<usize> {
        let canon = canonical_key(name);
        self.fields.iter().position(|f| match (canon, f.key) {
            (Some(a), Some(b)) => a == b,
            _ => f.name.eq_ignore_ascii_case(name.trim()),
        })
    }

    /// The fields every task must have, in declaration order.
    pub fn required(&self) -> impl Iterator<Item = &SchemaField> {
        self.fields.iter().filter(|f| f.required)
    }

    /// The same schema without positions: what it requires and allows, comparable across
    /// versions of a file.
    pub fn without_spans(&self) -> Schema {
        let mut s = self.clone();
        s.span = None;
        for f in &mut s.fields {
            f.span = None;
        }
        s
    }

    /// The declaration of a task's field: by its canonical key when it has one (no
    /// re-normalising), else by its written name.
    pub fn declaration(&self, field: &Field) -> Option<&SchemaField> {
        match field.canon {
            Some(k) => self.fields.iter().find(|f| f.key == Some(k)),
            None => self
                .fields
                .iter()
                .find(|f| f.key.is_none() && f.name.eq_ignore_ascii_case(field.key.trim())),
        }
    }

    /// Allowed values of a canonical field (empty when free).
    pub fn values(&self, key: FieldKey) -> &[String] {
        self.fields
            .iter()
            .find(|f| f.key == Some(key))
            .map_or(&[], |f| f.values.as_slice())
    }
}

/// True for a heading that introduces a schema section (`Task schema`, `Task schema (required)`).
pub fn is_schema_heading(text: &str) -> bool {
    if text.is_ascii() {
        // Every heading of a file is asked: no lower-cased copy for the usual ASCII text.
        return has_task_schema(text.as_bytes()) || text.trim().eq_ignore_ascii_case("schema");
    }
    let t = text.to_lowercase();
    t.contains("task schema") || t.trim() == "schema"
}

/// True when ASCII `b` holds `task schema` in any case, found eight bytes at a time by its
/// `k`: every heading of a file is asked, and most hold no `k` at all.
fn has_task_schema(b: &[u8]) -> bool {
    const K: u64 = 0x6b6b_6b6b_6b6b_6b6b;
    const CASE: u64 = 0x2020_2020_2020_2020;
    let mut at = 0;
    while at < b.len() {
        // Beyond the end the word is zero bytes, which `| 0x20` makes spaces, never a `k`.
        let mut hits = crate::document::zero_bytes((crate::document::word(&b[at..]) | CASE) ^ K);
        while hits != 0 {
            let k = at + (hits.trailing_zeros() / 8) as usize;
            if k >= 3
                && b.get(k - 3..k + 8)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"task schema"))
            {
                return true;
            }
            hits &= hits - 1;
        }
        at += 8;
    }
    false
}

/// Builds a schema from a section's declarations: `(name, spec, span)` triples in file order.
/// `all_required` comes from a `(required)` marker on the heading.
pub fn from_declarations<'a>(
    decls: impl IntoIterator<Item = (&'a str, &'a str, Span)>,
    all_required: bool,
    heading: Span,
) -> Schema {
    let mut schema = Schema {
        source: SchemaSource::File,
        id_pattern: None,
        unique_ids: true,
        fields: Vec::new(),
        span: Some(heading),
    };
    for (name, spec, span) in decls {
        let key = canonical_key(name);
        let code = first_code_span(spec);
        let lower = spec.to_lowercase();
        if key == Some(FieldKey::Id) {
            schema.id_pattern = code.map(|c| IdPattern(c.trim().to_string()));
        }
        let values = match code {
            Some(c) if c.contains('|') && key != Some(FieldKey::Id) => c
                .split('|')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
            _ => Vec::new(),
        };
        let required = (all_required || lower.contains("(required)"))
            && !lower.contains("(optional)")
            && key != Some(FieldKey::Id);
        schema.fields.push(SchemaField {
            name: name.to_string(),
            key,
            values,
            required,
            description: spec.to_string(),
            span: Some(span),
        });
    }
    schema
}

fn first_code_span(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_headings_in_any_case() {
        for (text, want) in [
            ("Task schema", true),
            ("Our TASK SCHEMA (required)", true),
            ("  schema ", true),
            ("Schemas", false),
            ("Task", false),
            ("Tâche — task Schema", true),
            ("Schéma", false),
            ("tasks schema", false),
            ("Backlog task schema", true),
            ("kkk task schem", false),
            ("k", false),
            ("Take a task Schema here", true),
        ] {
            assert_eq!(is_schema_heading(text), want, "{text}");
        }
    }

    #[test]
    fn reads_declarations() {
        let decls = [
            ("ID", "`T-###` (unique)", Span::default()),
            ("Priority", "`P0 | P1 | P2 | P3`", Span::default()),
            ("Blocker", "`None` or explicit dependency", Span::default()),
        ];
        let s = from_declarations(decls, true, Span::default());
        assert_eq!(s.id_pattern, Some(IdPattern("T-###".into())));
        assert_eq!(s.values(FieldKey::Priority), ["P0", "P1", "P2", "P3"]);
        assert!(s.values(FieldKey::Blocker).is_empty());
        assert!(s.field("priority").unwrap().required);
        assert!(!s.field("ID").unwrap().required);
    }

    #[test]
    fn matches_id_patterns() {
        let p = IdPattern("T-###".into());
        assert!(p.matches("T-128"));
        assert!(!p.matches("T-12") && !p.matches("T-1288") && !p.matches("X-128"));
        assert!(IdPattern("BACK-*".into()).matches("BACK-345"));
        assert!(IdPattern("BACK-*".into()).matches("BACK-"));
        assert!(!IdPattern("BACK-*".into()).matches("BACK-3-4"));
        assert!(IdPattern("*-#*".into()).matches("ab-1x2"));
        assert!(!IdPattern("*#".into()).matches("ab"));
        assert!(!IdPattern("".into()).matches("a"));
        assert!(IdPattern("".into()).matches(""));
    }

    /// Found by the `edit` fuzz target: a schema whose ID pattern held 108 stars took ten
    /// minutes to check one ID, trying every way of splitting the ID between the stars. The
    /// match now walks the ID once.
    #[test]
    fn an_id_pattern_of_many_stars_answers_at_once() {
        let p = IdPattern(format!("T-##{}#", "*".repeat(108)));
        assert!(!p.matches("T-005x"));
        assert!(p.matches("T-0050"));
        assert!(!p.matches(&format!("T-{}x", "1".repeat(300))));
    }

    /// The walk answers as trying every split would, on every short pattern and ID.
    #[test]
    fn id_patterns_answer_as_trying_every_split() {
        fn slow(p: &[u8], s: &[u8]) -> bool {
            match p.first() {
                None => s.is_empty(),
                Some(b'#') => s.first().is_some_and(u8::is_ascii_digit) && slow(&p[1..], &s[1..]),
                Some(b'*') => (0..=s.len())
                    .take_while(|&n| n == 0 || s[n - 1].is_ascii_alphanumeric())
                    .any(|n| slow(&p[1..], &s[n..])),
                Some(c) => s.first() == Some(c) && slow(&p[1..], &s[1..]),
            }
        }
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| ["#", "*", "a", "1", "-"].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        for p in &words {
            for s in words.iter().filter(|s| !s.contains(['#', '*'])) {
                assert_eq!(
                    IdPattern(p.clone()).matches(s),
                    slow(p.as_bytes(), s.as_bytes()),
                    "pattern {p:?}, id {s:?}"
                );
            }
        }
    }
}
