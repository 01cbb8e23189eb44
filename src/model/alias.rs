//! The alias table: the many spellings of the same field key.
//!
//! Keys are compared case-insensitively, with runs of white space folded and a trailing `:` or
//! `.` dropped. The table is the one documented in docs/format.md; change both together. Only
//! names live here: what a field's value means belongs to the modules that read it.

use serde::Serialize;

/// A field key the model understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKey {
    /// `ID`
    Id,
    /// `Priority`, `Prio`, `Pri`
    Priority,
    /// `Status`, `State`
    Status,
    /// `Type`, `Kind`
    Type,
    /// `Owner`, `Assignee`, `Assigned to`, `Assigned`
    Owner,
    /// `Blocker`, `Blocked by`, `Blockers`
    Blocker,
    /// `Dependencies`, `Dependency`, `Depends on`, `Depends`, `Deps`, `Requires`
    Dependencies,
    /// `Effort`, `Estimate`, `Size`, `Est`
    Effort,
    /// `Acceptance Criteria`, `Acceptance`, `Done when`, `Definition of Done`
    Acceptance,
    /// `Context`
    Context,
    /// `References`, `Refs`
    References,
}

const ALIASES: &[(&str, FieldKey)] = &[
    ("id", FieldKey::Id),
    ("priority", FieldKey::Priority),
    ("prio", FieldKey::Priority),
    ("pri", FieldKey::Priority),
    ("status", FieldKey::Status),
    ("state", FieldKey::Status),
    ("current state", FieldKey::Status),
    ("current status", FieldKey::Status),
    ("type", FieldKey::Type),
    ("kind", FieldKey::Type),
    ("owner", FieldKey::Owner),
    ("assignee", FieldKey::Owner),
    ("assigned to", FieldKey::Owner),
    ("assigned", FieldKey::Owner),
    ("assignees", FieldKey::Owner),
    ("blocker", FieldKey::Blocker),
    ("blockers", FieldKey::Blocker),
    ("blocked by", FieldKey::Blocker),
    ("dependencies", FieldKey::Dependencies),
    ("dependency", FieldKey::Dependencies),
    ("depends on", FieldKey::Dependencies),
    ("depends", FieldKey::Dependencies),
    ("deps", FieldKey::Dependencies),
    ("requires", FieldKey::Dependencies),
    ("dependson", FieldKey::Dependencies),
    ("depends-on", FieldKey::Dependencies),
    ("effort", FieldKey::Effort),
    ("estimate", FieldKey::Effort),
    ("size", FieldKey::Effort),
    ("est", FieldKey::Effort),
    ("estimated effort", FieldKey::Effort),
    ("task id", FieldKey::Id),
    ("acceptance criteria", FieldKey::Acceptance),
    ("acceptance", FieldKey::Acceptance),
    ("done when", FieldKey::Acceptance),
    ("definition of done", FieldKey::Acceptance),
    ("context", FieldKey::Context),
    ("references", FieldKey::References),
    ("refs", FieldKey::References),
];

impl FieldKey {
    /// The canonical name, as used in JSON and in `.todo.yml`.
    pub fn name(&self) -> &'static str {
        match self {
            FieldKey::Id => "id",
            FieldKey::Priority => "priority",
            FieldKey::Status => "status",
            FieldKey::Type => "type",
            FieldKey::Owner => "owner",
            FieldKey::Blocker => "blocker",
            FieldKey::Dependencies => "dependencies",
            FieldKey::Effort => "effort",
            FieldKey::Acceptance => "acceptance",
            FieldKey::Context => "context",
            FieldKey::References => "references",
        }
    }

    /// Keys whose presence as the first body line makes an unnumbered title a task.
    pub fn marks_task(&self) -> bool {
        matches!(
            self,
            FieldKey::Id
                | FieldKey::Priority
                | FieldKey::Status
                | FieldKey::Type
                | FieldKey::Owner
                | FieldKey::Blocker
                | FieldKey::Dependencies
                | FieldKey::Effort
        )
    }

    /// All keys with their spellings, for documentation.
    pub fn aliases() -> &'static [(&'static str, FieldKey)] {
        ALIASES
    }
}

/// The canonical key for a written key, if the alias table knows it.
pub fn canonical_key(written: &str) -> Option<FieldKey> {
    // White space as `str::trim` sees it, for ASCII (vertical tab included).
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let bytes = written.as_bytes();
    if !bytes.is_ascii() {
        // `trim` also removes Unicode white space; every alias is ASCII, so the key must be
        // ASCII once trimmed.
        let trimmed = written.trim().trim_end_matches([':', '.']).trim();
        return if trimmed.is_ascii() {
            lookup(trimmed.as_bytes())
        } else {
            None
        };
    }
    // Trim white space, then `:` and `.`, then white space again.
    let mut end = bytes.len();
    while end > 0 && space(bytes[end - 1]) {
        end -= 1;
    }
    while end > 0 && matches!(bytes[end - 1], b':' | b'.') {
        end -= 1;
    }
    while end > 0 && space(bytes[end - 1]) {
        end -= 1;
    }
    let mut start = 0;
    while start < end && space(bytes[start]) {
        start += 1;
    }
    lookup(&bytes[start..end])
}

/// One remembered answer of [`lookup`]: the trimmed spelling (zero-padded) and its key.
#[derive(Clone, Copy)]
struct Memo {
    len: u8,
    bytes: [u8; 24],
    key: Option<FieldKey>,
}

thread_local! {
    /// Recent answers of [`lookup`], by a hash of the spelling: a file writes the same few
    /// keys on every task (`Status`, `Priority`, …), so most lookups are answered here.
    static MEMO: std::cell::RefCell<[Memo; 64]> = const {
        std::cell::RefCell::new([Memo { len: u8::MAX, bytes: [0; 24], key: None }; 64])
    };
}

/// The key for a trimmed ASCII spelling.
fn lookup(trimmed: &[u8]) -> Option<FieldKey> {
    if trimmed.len() > 24 || trimmed.is_empty() {
        return None; // every alias is short
    }
    let mut bytes = [0u8; 24];
    bytes[..trimmed.len()].copy_from_slice(trimmed);
    let slot = (trimmed.len() * 31
        + usize::from(trimmed[0]) * 7
        + usize::from(trimmed[trimmed.len() - 1]))
        % 64;
    let len = trimmed.len() as u8;
    if let Ok(Some(key)) = MEMO.try_with(|m| {
        let m = m.borrow();
        let e = &m[slot];
        (e.len == len && e.bytes == bytes).then_some(e.key)
    }) {
        return key;
    }
    let key = normalize_and_find(trimmed);
    let _ = MEMO.try_with(|m| m.borrow_mut()[slot] = Memo { len, bytes, key });
    key
}

/// [`lookup`] without the memo.
fn normalize_and_find(trimmed: &[u8]) -> Option<FieldKey> {
    // Lower-case with single spaces, in a stack buffer: this runs for every field line.
    // `depends_on`, `task_id`: YAML keys join words with `_`.
    let mut buf = [0u8; 24];
    let mut len = 0;
    let mut gap = false;
    for &b in trimmed {
        if b.is_ascii_whitespace() || b == b'_' {
            gap = len > 0;
            continue;
        }
        if gap {
            buf[len] = b' ';
            len += 1;
            gap = false;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    // Answered from the memo in `lookup` for all but a file's first few keys, so a plain
    // scan of the table is enough here.
    let key = &buf[..len];
    ALIASES
        .iter()
        .find(|(alias, _)| alias.as_bytes() == key)
        .map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_and_its_memo_agree_with_the_aliases() {
        for (alias, key) in ALIASES {
            assert_eq!(lookup(alias.as_bytes()), Some(*key), "{alias}");
            assert_eq!(normalize_and_find(alias.as_bytes()), Some(*key), "{alias}");
            // Remembered answers are the same answers.
            assert_eq!(lookup(alias.as_bytes()), Some(*key), "{alias}");
            let upper = alias.to_uppercase();
            assert_eq!(lookup(upper.as_bytes()), Some(*key), "{upper}");
            let other = format!("{alias}x");
            assert_eq!(
                lookup(other.as_bytes()),
                normalize_and_find(other.as_bytes())
            );
        }
        assert_eq!(lookup(b"statuses"), None);
    }

    #[test]
    fn folds_case_space_and_punctuation() {
        assert_eq!(canonical_key("Depends  On"), Some(FieldKey::Dependencies));
        assert_eq!(
            canonical_key("ACCEPTANCE CRITERIA:"),
            Some(FieldKey::Acceptance)
        );
        assert_eq!(canonical_key("Blocked by"), Some(FieldKey::Blocker));
        assert_eq!(canonical_key("Assigned to"), Some(FieldKey::Owner));
        assert_eq!(canonical_key("Est."), Some(FieldKey::Effort));
        assert_eq!(canonical_key("Why this stays active"), None);
    }
}
