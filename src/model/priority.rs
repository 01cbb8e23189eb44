//! Priority spellings: `P0`…`P9` labels, words (`high`, `critical`), the five Obsidian Tasks
//! levels and their emoji, and how priorities compare.
//!
//! Every reader and writer of a priority (sorting, the heading lint, the Obsidian reader and
//! its edits, ID recognition) asks this module, so they agree on what a priority is. It holds
//! pure functions over text; it must not read files or know where in a task a priority stands.

/// The Obsidian Tasks levels, highest first, with their emoji. `P0`…`P4` map onto them in
/// order, which is also their [`rank`].
pub const LEVELS: [(&str, &str); 5] = [
    ("highest", "🔺"),
    ("high", "⏫"),
    ("medium", "🔼"),
    ("low", "🔽"),
    ("lowest", "⏬"),
];

/// The variation selector some editors append to an emoji; it does not change the level.
const VS16: char = '\u{FE0F}';

/// Sort rank of a priority text: `P0` → 0 … `P9` → 9; words (critical, high, medium, low)
/// map onto the same scale; anything else sorts last.
pub fn rank(priority: Option<&str>) -> u32 {
    let Some(p) = priority else { return 100 };
    let p = p.trim().trim_matches(['*', '`']);
    let b = p.as_bytes();
    if b.len() >= 2 && (b[0] == b'P' || b[0] == b'p') && b[1].is_ascii_digit() {
        let digits: String = p[1..].chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().unwrap_or(99);
    }
    match p
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
        .as_str()
    {
        "critical" | "urgent" | "highest" | "blocker" => 0,
        "high" => 1,
        "medium" | "med" | "normal" | "moderate" => 2,
        "low" => 3,
        "lowest" | "trivial" | "minor" => 4,
        _ => 99,
    }
}

/// True for a priority label as headings and IDs use it: `P` and digits only (`P0`, `P12`).
pub fn is_label(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 2 && b[0] == b'P' && b[1..].iter().all(u8::is_ascii_digit)
}

/// The single priority label a heading names (`P2 — Important`, `Blockers (P0)`), if exactly
/// one.
pub fn in_heading(heading: &str) -> Option<&str> {
    let b = heading.as_bytes();
    let mut found: Option<&str> = None;
    let mut i = 0;
    while i + 1 < b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if boundary && b[i] == b'P' && b[i + 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == b.len() || !b[j].is_ascii_alphanumeric() {
                if found.is_some_and(|f| f != &heading[i..j]) {
                    return None;
                }
                found = Some(&heading[i..j]);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    found
}

/// The emoji of an Obsidian Tasks level name (case-insensitive): `"high"` → `"⏫"`.
pub fn emoji(name: &str) -> Option<&'static str> {
    LEVELS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|&(_, e)| e)
}

/// The level name of an Obsidian Tasks priority emoji, with or without U+FE0F.
pub fn emoji_name(emoji: &str) -> Option<&'static str> {
    let bare = emoji.strip_suffix(VS16).unwrap_or(emoji);
    LEVELS.iter().find(|(_, e)| *e == bare).map(|&(n, _)| n)
}

/// The level name of a priority emoji character (`'⏫'` → `"high"`).
pub fn emoji_char_name(c: char) -> Option<&'static str> {
    let mut buf = [0; 4];
    emoji_name(c.encode_utf8(&mut buf))
}

/// The emoji an edit writes for a priority value: a level name, or `P0`…`P4`.
pub fn emoji_for(value: &str) -> Option<&'static str> {
    let v = value.trim();
    match ["p0", "p1", "p2", "p3", "p4"]
        .iter()
        .position(|p| p.eq_ignore_ascii_case(v))
    {
        Some(n) => Some(LEVELS[n].1),
        None => emoji(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_labels_and_words_on_one_scale() {
        assert_eq!(rank(Some("P2")), 2);
        assert_eq!(rank(Some("P10")), 10);
        assert_eq!(rank(Some("High")), 1);
        assert_eq!(rank(None), 100);
        for (i, (name, _)) in LEVELS.iter().enumerate() {
            assert_eq!(rank(Some(name)), i as u32);
        }
    }

    #[test]
    fn reads_one_priority_from_a_heading() {
        assert_eq!(in_heading("P2 — Important (do within 30 days)"), Some("P2"));
        assert_eq!(in_heading("Phase 0 — Production blockers (P0)"), Some("P0"));
        assert_eq!(in_heading("Phase 1 — Security (P1/P3)"), None);
        assert_eq!(in_heading("Active tasks"), None);
        assert_eq!(in_heading("HTTP2 support"), None);
    }

    #[test]
    fn emoji_round_trips() {
        for name in ["highest", "high", "medium", "low", "lowest"] {
            let e = emoji(name).unwrap();
            assert_eq!(emoji_name(e), Some(name));
            assert_eq!(emoji(&name.to_uppercase()), Some(e));
            assert_eq!(emoji_name(&format!("{e}\u{FE0F}")), Some(name));
            assert_eq!(emoji_char_name(e.chars().next().unwrap()), Some(name));
        }
        assert_eq!(emoji("High"), Some("⏫"));
        assert_eq!(emoji("p1"), None);
        assert_eq!(emoji("none"), None);
        assert_eq!(emoji_name("📅"), None);
        assert_eq!(emoji_name(""), None);
        assert_eq!(emoji_for("p0"), Some("🔺"));
        assert_eq!(emoji_for(" P4 "), Some("⏬"));
        assert_eq!(emoji_for("P5"), None);
        assert_eq!(emoji_for("Low"), Some("🔽"));
    }
}
