//! `todo setup agents`: the AGENTS.md section that tells coding agents how to find work,
//! claim it, update it and finish it with `todo`, and how it is kept in a file — between two
//! marker comments, replaced there on a later run and appended when absent, every other byte
//! of the file kept.

/// The comment that opens the section.
pub const BEGIN: &str = "<!-- todo:agents:begin -->";
/// The comment that closes it.
pub const END: &str = "<!-- todo:agents:end -->";

/// The section, markers included, ending with a newline.
pub fn section() -> String {
    format!(
        "{BEGIN}
## Tasks (todo)

Tasks live in the repository's TODO.md files; read and change them with `todo`, not by hand.

- Start a session with `todo prime`: counts, who holds what, the next ready tasks.
- Find work: `todo ready --format compact` (one line a task), `todo show ID`.
- Claim before you start: `todo claim --next --as YOUR-NAME` (or `todo claim ID --as YOUR-NAME`).
  Exit 1 means someone else holds it: pick another task. Add `--push` when several clones work
  on the same remote.
- Update as you go: `todo check ID 2` ticks checklist item 2, `todo set ID blocker \"why\"`
  records what stops you.
- Finish: `todo move ID done`, or `todo release ID` to hand it back unfinished.
- Check before committing: `todo lint --format concise`.
{END}
"
    )
}

/// `existing` with the section put in: replacing what stands between the markers when both
/// are there, else appended after a blank line. Every byte outside the markers is kept.
pub fn splice(existing: &str, section: &str) -> String {
    if let Some(start) = existing.find(BEGIN)
        && let Some(end_rel) = existing[start..].find(END)
    {
        let mut end = start + end_rel + END.len();
        if existing[end..].starts_with("\r\n") {
            end += 2;
        } else if existing[end..].starts_with('\n') {
            end += 1;
        }
        return format!("{}{section}{}", &existing[..start], &existing[end..]);
    }
    let mut out = existing.to_string();
    if !out.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out.push_str(section);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_appends_once_and_replaces_in_place() {
        let s = section();
        let first = splice("# Agents\n\nBe kind.\n", &s);
        assert_eq!(first, format!("# Agents\n\nBe kind.\n\n{s}"));
        assert_eq!(splice(&first, &s), first);
        let edited = first.replace("## Tasks (todo)", "## Old heading") + "Tail.\n";
        assert_eq!(splice(&edited, &s), format!("{first}Tail.\n"));
        assert_eq!(splice("", &s), s);
        assert_eq!(splice("no newline", &s), format!("no newline\n\n{s}"));
    }
}
