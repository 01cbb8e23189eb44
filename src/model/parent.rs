//! A task's parent: the `parent_task_id` (or `parent`) field Backlog.md writes, else the ID a
//! dotted sub-task ID extends (`BACK-222.1` → `BACK-222`). Only the ID is named here; which
//! task it is (a legacy `task-N` spelling included) is the project index's business.

use super::Task;

/// Field keys that name the parent, compared with `_` and `-` read as spaces, any case.
const PARENT_KEYS: [&str; 3] = ["parent task id", "parent", "parent task"];

impl Task {
    /// The parent task's ID as written, or as the dotted ID implies. `src` is the text of the
    /// task's document.
    pub fn parent(&self, src: &str) -> Option<String> {
        let written = self.fields.iter().find(|f| is_parent_key(&f.key));
        if let Some(f) = written {
            let v = f.text(src);
            let v = v.trim();
            if !v.is_empty() {
                return Some(v.to_string());
            }
        }
        dotted_parent(self.id()?)
    }
}

/// True for a parent key, whatever its case and with `_` or `-` for spaces
/// (`parent_task_id`, `Parent-Task`). Compares in place: it runs for every field of every task.
fn is_parent_key(key: &str) -> bool {
    // Most keys are not: one that starts (past the trimmed bytes) with an ASCII byte other
    // than `p` is turned away at once.
    let lead = key
        .bytes()
        .find(|&b| !matches!(b, b' ' | b'\t'..=b'\r' | b'_' | b'-'));
    if lead.is_some_and(|b| b.is_ascii() && !b.eq_ignore_ascii_case(&b'p')) {
        return false;
    }
    // Trimmed only when an end may need it (`Priority` is compared as it stands).
    let bare = |b: Option<&u8>| {
        b.is_some_and(|&b| b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r' | b'_' | b'-'))
    };
    let key = if bare(key.as_bytes().first()) && bare(key.as_bytes().last()) {
        key
    } else {
        key.trim_matches(|c: char| c.is_whitespace() || c == '_' || c == '-')
    };
    PARENT_KEYS.iter().any(|p| {
        p.len() == key.len()
            && p.bytes().zip(key.bytes()).all(|(a, b)| {
                let b = if b == b'_' || b == b'-' { b' ' } else { b };
                a == b.to_ascii_lowercase()
            })
    })
}

/// The ID a dotted sub-task ID extends: `BACK-222.1` → `BACK-222`, `T-3.2.1` → `T-3.2`;
/// `None` when the last part is not a number after a dot, or the ID has no letter prefix.
pub fn dotted_parent(id: &str) -> Option<String> {
    let (head, last) = id.rsplit_once('.')?;
    let numbered = !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit());
    // A prefixed ID only: `2.7` is an outline number, not a sub-task of task `2`.
    let prefixed = head.starts_with(|c: char| c.is_ascii_alphabetic()) && head.contains('-');
    (numbered && prefixed && head.ends_with(|c: char| c.is_ascii_digit())).then(|| head.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_keys_in_any_spelling() {
        for k in [
            "parent",
            "Parent Task",
            "parent_task_id",
            "Parent-Task-ID",
            " parent ",
        ] {
            assert!(is_parent_key(k), "{k}");
        }
        for k in ["parents", "parent id", "Owner", ""] {
            assert!(!is_parent_key(k), "{k}");
        }
    }

    #[test]
    fn dotted_ids_name_their_parent() {
        assert_eq!(dotted_parent("BACK-222.1").as_deref(), Some("BACK-222"));
        assert_eq!(dotted_parent("T-3.2.1").as_deref(), Some("T-3.2"));
        assert_eq!(dotted_parent("BACK-222"), None);
        assert_eq!(dotted_parent("v1.x"), None);
        assert_eq!(dotted_parent("2.7"), None);
    }
}
