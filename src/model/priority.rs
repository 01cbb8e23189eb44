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

/// Words that name a priority level in section headings, by language; [`SECTION_KEYWORDS`]
/// are the words for "priority" itself. A heading names a level when it is one of these words
/// alone (`## Low`), or when one stands right before or after a word for "priority"
/// (`## High priority`, `## Prioridad alta`, `## 우선순위 높음`, `(优先级: 高)`). The table
/// holds the languages the corpus shows; `.todo.yml`'s `priority_sections` adds words.
const SECTION_LEVELS: [(&str, &[&str]); 3] = [
    (
        "high",
        &[
            "high",
            "highest",
            "critical",
            "urgent",
            "alta",
            "alto",
            "haute",
            "haut",
            "hoch",
            "hohe",
            "высокий",
            "высокая",
            "высокое",
            "высоким",
            "높음",
            "magas",
            "높은",
            "高",
        ],
    ),
    (
        "medium",
        &[
            "medium",
            "normal",
            "moderate",
            "media",
            "medio",
            "moyenne",
            "moyen",
            "mittel",
            "mittlere",
            "средний",
            "средняя",
            "среднее",
            "보통",
            "közepes",
            "중간",
            "中",
        ],
    ),
    (
        "low",
        &[
            "low",
            "lowest",
            "baja",
            "bajo",
            "basse",
            "bas",
            "niedrig",
            "niedrige",
            "низкий",
            "низкая",
            "низкое",
            "낮음",
            "alacsony",
            "낮은",
            "低",
        ],
    ),
];

/// Words for "priority" in section headings (lower case; the CJK ones are matched inside
/// a run of characters, as CJK writes no spaces).
const SECTION_KEYWORDS: &[&str] = &[
    "priority",
    "priorities",
    "prio",
    "prioridad",
    "prioridade",
    "priorité",
    "priorität",
    "priorità",
    "приоритет",
    "приоритетом",
    "приоритеты",
    "우선순위",
    "优先级",
    "prioritású",
    "優先度",
    "優先順位",
];

/// Extra section words from `.todo.yml` (`priority_sections`): for each level, words or
/// whole headings that name it, added to the built-in table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionWords {
    /// Words for high priority.
    #[serde(default)]
    pub high: Vec<String>,
    /// Words for medium priority.
    #[serde(default)]
    pub medium: Vec<String>,
    /// Words for low priority.
    #[serde(default)]
    pub low: Vec<String>,
}

impl SectionWords {
    fn level_of(&self, word: &str) -> Option<&'static str> {
        let extra = [
            ("high", &self.high),
            ("medium", &self.medium),
            ("low", &self.low),
        ];
        SECTION_LEVELS
            .iter()
            .find(|(_, words)| words.contains(&word))
            .map(|&(level, _)| level)
            .or_else(|| {
                extra
                    .iter()
                    .find(|(_, words)| words.iter().any(|w| w.trim().to_lowercase() == word))
                    .map(|&(level, _)| level)
            })
    }
}

/// The priority a section heading gives the tasks under it, if it names one: a `P` label
/// (`## P1`, `## P2 — Important`), else a level word (`high`, `medium`, `low`) as
/// [`SectionWords`] describes. A label followed by `.` and a digit (`P6.1`) is an outline
/// number, not a priority.
pub fn from_section(heading: &str, extra: &SectionWords) -> Option<String> {
    if let Some(label) = in_heading(heading) {
        let outline = heading.split(label).nth(1).is_some_and(|rest| {
            rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        });
        if !outline {
            return Some(label.to_string());
        }
    }
    let lower = heading.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() || core.len() > 200 {
        return None;
    }
    if let Some(level) = extra.level_of(core) {
        return Some(level.to_string());
    }
    // Words, with each CJK character a word of its own and every word for "priority" one
    // marker word.
    let mut words: Vec<&str> = Vec::new();
    let mut rest = core;
    'scan: while !rest.is_empty() {
        for k in SECTION_KEYWORDS {
            if let Some(after) = rest.strip_prefix(k) {
                let cjk = k.chars().next().is_some_and(is_cjk);
                if cjk || !after.starts_with(char::is_alphanumeric) {
                    words.push("\u{1}");
                    rest = after;
                    continue 'scan;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        let len = if is_cjk(c) {
            c.len_utf8()
        } else if c.is_alphanumeric() {
            rest.find(|c: char| !c.is_alphanumeric() || is_cjk(c))
                .unwrap_or(rest.len())
        } else {
            rest = &rest[c.len_utf8()..];
            continue;
        };
        if len > 0 {
            words.push(&rest[..len]);
        }
        // Skip the rest of a word that starts like no keyword.
        rest = &rest[len.max(c.len_utf8())..];
    }
    let levels = |i: usize| words.get(i).and_then(|w| extra.level_of(w));
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| **w == "\u{1}")
        .find_map(|(i, _)| levels(i + 1).or_else(|| i.checked_sub(1).and_then(levels)))
        .map(str::to_string)
}

/// Han ideographs and kana, which run without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
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

    #[test]
    fn sections_name_priorities_in_several_languages() {
        let none = SectionWords::default();
        let p = |h: &str| from_section(h, &none);
        for (h, want) in [
            ("High priority", Some("high")),
            ("Высокий приоритет", Some("high")),
            ("우선순위 높음", Some("high")),
            ("Prioridad alta", Some("high")),
            ("🎯 Priority: LOW (Nice to Have)", Some("low")),
            ("阶段二：角色选择与 AI 对话基础 (优先级: 高)", Some("high")),
            ("2. 重要（中優先度）", Some("medium")),
            ("Low", Some("low")),
            ("P1", Some("P1")),
            ("P1 — serious", Some("P1")),
            ("P6.1 Core methods", None),
            ("Phase 6 — Medium AI bot", None),
            ("Critical Path", None),
            ("Must-Have Features (Priority Order)", None),
            ("🔴 Priority: Fix", None),
            ("Lowlands", None),
            ("Magas prioritású feladatok", Some("high")),
            ("Priorities", None),
        ] {
            assert_eq!(p(h).as_deref(), want, "{h}");
        }
        let extra = SectionWords {
            low: vec!["Nice to have".into(), "someday".into()],
            high: vec!["dringend".into()],
            ..SectionWords::default()
        };
        assert_eq!(from_section("Nice to have", &extra).as_deref(), Some("low"));
        assert_eq!(from_section("Dringend", &extra).as_deref(), Some("high"));
        assert_eq!(
            from_section("Priorität dringend", &extra).as_deref(),
            Some("high")
        );
        assert_eq!(from_section("Nice to have", &none), None);
    }
}
