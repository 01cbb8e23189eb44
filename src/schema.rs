//! Which schema applies to a file, and the schema `.todo.yml` declares.
//!
//! The schema type and the reading of a file's `Task schema` section live in
//! [`crate::model::schema`] (the parser fills them); this module holds the rules above the
//! parser: the config's schema overrides the file's, and the config's `schema:` block becomes
//! a [`Schema`]. It must not read files or parse Markdown.

use std::collections::BTreeMap;

use crate::model::canonical_key;
pub use crate::model::schema::{
    IdPattern, Schema, SchemaField, SchemaSource, from_declarations, is_schema_heading,
};

/// The schema that applies to a file: the config's when it declares one, else the file's own.
pub fn applicable<'a>(config: Option<&'a Schema>, file: Option<&'a Schema>) -> Option<&'a Schema> {
    config.or(file)
}

/// A schema from the config's declarations: the ID pattern, the required fields and the
/// allowed values per field. Names that the alias table folds together (`deps`,
/// `dependencies`) are one field.
pub fn from_config(
    id: Option<&str>,
    required: &[String],
    values: &BTreeMap<String, Vec<String>>,
) -> Schema {
    let same = |a: &str, b: &str| match (canonical_key(a), canonical_key(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.trim().eq_ignore_ascii_case(b.trim()),
    };
    let mut names: Vec<&String> = required.iter().collect();
    for name in values.keys() {
        if !names.iter().any(|n| same(n, name)) {
            names.push(name);
        }
    }
    let fields = names
        .into_iter()
        .map(|name| SchemaField {
            name: name.clone(),
            key: canonical_key(name),
            values: values
                .iter()
                .find(|(k, _)| same(k, name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            required: required.iter().any(|r| same(r, name)),
            description: String::new(),
            span: None,
        })
        .collect();
    Schema {
        source: SchemaSource::Config,
        id_pattern: id.map(|p| IdPattern(p.to_string())),
        unique_ids: true,
        fields,
        span: None,
    }
}
