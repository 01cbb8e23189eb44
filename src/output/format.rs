//! The output formats and how a command declares the ones it writes.
//!
//! Each renderer module declares its formats in one `FORMATS` list, the default first. That
//! one list is what the command accepts for `--format` and what its `--help` prints on the
//! "Formats:" line ([`help_line`]), so the two cannot drift apart. This module only names
//! formats; it knows nothing of the command line (the binary maps names to flags) and renders
//! nothing.

/// An output format; [`Format::about`] says what each one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Table,
    Json,
    Csv,
    Ids,
    Text,
    Md,
    Full,
    Concise,
    Github,
    Sarif,
    Junit,
    Mermaid,
    Dot,
    Svg,
    Compact,
}

impl Format {
    /// Every format, in the order `--help` and completions list them.
    pub const ALL: [Format; 15] = [
        Format::Table,
        Format::Json,
        Format::Csv,
        Format::Ids,
        Format::Text,
        Format::Md,
        Format::Full,
        Format::Concise,
        Format::Github,
        Format::Sarif,
        Format::Junit,
        Format::Mermaid,
        Format::Dot,
        Format::Svg,
        Format::Compact,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ids => "ids",
            Format::Text => "text",
            Format::Md => "md",
            Format::Full => "full",
            Format::Concise => "concise",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Compact => "compact",
        }
    }

    /// What the format is, in a phrase, for completions.
    pub fn about(self) -> &'static str {
        match self {
            Format::Table => "A table that fits the terminal",
            Format::Json => "JSON (the stable interface, see docs/json.md)",
            Format::Csv => "CSV with a header row",
            Format::Ids => "One ID per line",
            Format::Text => "Human-readable text",
            Format::Md => "The task's original Markdown, byte for byte",
            Format::Full => "Lint: rustc-style snippets with the span underlined",
            Format::Concise => {
                "Lint: one line per problem, `file:line:col: severity[rule] message`"
            }
            Format::Github => "Lint: GitHub Actions workflow annotations",
            Format::Sarif => "Lint: SARIF 2.1.0 for code scanning",
            Format::Junit => "Lint: JUnit XML",
            Format::Mermaid => "Graph: a Mermaid flowchart (renders on GitHub)",
            Format::Dot => "Graph: Graphviz DOT",
            Format::Svg => "Stats --history: an SVG chart",
            Format::Compact => "One line per task: ID, status, priority, owner, title",
        }
    }

    /// The format `name` names, if any.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A command's "Formats:" help line from its declared lists: each list's first format is
/// its default; a list after the first is introduced by its label (`with RULE`).
///
/// `[("", &[Table, Json]), ("with RULE", &[Text, Json])]` gives
/// `Formats: table (default), json; with RULE: text (default), json.`
pub fn help_line(lists: &[(&str, &[Format])]) -> String {
    let parts: Vec<String> = lists
        .iter()
        .map(|(label, formats)| {
            let names: Vec<String> = formats
                .iter()
                .enumerate()
                .map(|(i, f)| match i {
                    0 => format!("{} (default)", f.name()),
                    _ => f.name().to_string(),
                })
                .collect();
            if label.is_empty() {
                names.join(", ")
            } else {
                format!("{label}: {}", names.join(", "))
            }
        })
        .collect();
    format!("Formats: {}.", parts.join("; "))
}

/// Writes `value` as pretty JSON and a newline, streamed (no string of the whole output is
/// built): the one JSON writer every renderer uses, so every command's JSON is laid out alike.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    // serde_json writes a value in many small pieces; through `dyn Write` each would be a
    // dynamic call. A buffer of a concrete type takes them inline and passes `out` whole
    // blocks, so the output still streams.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value).map_err(std::io::Error::from)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}

/// Writes `items` as a pretty JSON array, byte for byte as [`write_json`] would write the array,
/// each item as `view` shows it. A long list is rendered in batches, each batch in parts on
/// several threads (see [`crate::par`]), and written as it is done: the output streams, and
/// only one batch is held in memory.
pub fn write_json_array<I: Sync, V: serde::Serialize>(
    out: &mut dyn std::io::Write,
    items: &[I],
    view: impl Fn(&I) -> V + Sync,
) -> std::io::Result<()> {
    write_json_array_with(out, items, |item, buf| {
        // One level deeper than alone, as inside the array: a formatter that has begun
        // an array (written to nowhere) indents what follows by one level.
        let mut fmt = serde_json::ser::PrettyFormatter::new();
        serde_json::ser::Formatter::begin_array(&mut fmt, &mut std::io::sink())?;
        let mut ser = serde_json::Serializer::with_formatter(buf, fmt);
        serde::Serialize::serialize(&view(item), &mut ser).map_err(std::io::Error::from)
    })
}

/// [`write_json_array`] with each item written by `render`, which appends the item's pretty
/// JSON at one level of indentation (as inside the array) to the buffer it is given.
pub fn write_json_array_with<I: Sync>(
    out: &mut dyn std::io::Write,
    items: &[I],
    render: impl Fn(&I, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    /// Items per batch.
    const BATCH: usize = 4096;
    if items.is_empty() {
        return out.write_all(b"[]\n");
    }
    let threads = crate::par::parts_for(items.len() * 512);
    let render = |range: std::ops::Range<usize>| -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(range.len() * 1536);
        for i in range {
            let at = buf.len();
            buf.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
            render(&items[i], &mut buf)?;
            debug_assert!(buf.len() > at);
        }
        Ok(buf)
    };
    out.write_all(b"[")?;
    for batch in (0..items.len()).step_by(BATCH) {
        let end = (batch + BATCH).min(items.len());
        let ranges = crate::par::split(&(batch..end).collect::<Vec<_>>(), end, threads, |i| i);
        for part in crate::par::map(&ranges, render) {
            out.write_all(&part?)?;
        }
    }
    out.write_all(b"\n]\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_array_in_parts_is_the_array_whole() {
        #[derive(serde::Serialize)]
        struct Item {
            id: usize,
            tags: Vec<&'static str>,
            nested: Option<std::collections::BTreeMap<&'static str, usize>>,
            text: &'static str,
        }
        let items: Vec<usize> = (0..10_000).collect();
        let view = |&i: &usize| Item {
            id: i,
            tags: if i % 3 == 0 { vec![] } else { vec!["a", "b"] },
            nested: (i % 2 == 0).then(|| [("k", i)].into_iter().collect()),
            text: "line\nbreak \"quoted\"",
        };
        let mut whole = Vec::new();
        let all: Vec<Item> = items.iter().map(view).collect();
        write_json(&mut whole, &all).unwrap();
        for n in [1, 2, 3, 8] {
            let mut parts = Vec::new();
            crate::par::with_threads(n, || write_json_array(&mut parts, &items, view)).unwrap();
            assert!(parts == whole, "{n} threads");
        }
        let mut empty = Vec::new();
        write_json_array(&mut empty, &items[..0], view).unwrap();
        let mut empty_whole = Vec::new();
        write_json(&mut empty_whole, &all[..0]).unwrap();
        assert_eq!(empty, empty_whole);
    }

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("yaml"), None);
    }

    #[test]
    fn help_line_marks_defaults_and_labels() {
        assert_eq!(
            help_line(&[("", &[Format::Table, Format::Json, Format::Csv])]),
            "Formats: table (default), json, csv."
        );
        assert_eq!(
            help_line(&[
                ("", &[Format::Table, Format::Json]),
                ("with RULE", &[Format::Text, Format::Json])
            ]),
            "Formats: table (default), json; with RULE: text (default), json."
        );
    }
}
