//! `encoding-damage`: UTF-8 text that was decoded as Mac Roman or Windows-1252 and saved again.
//!
//! Detection maps each character back to the byte it stands for in the legacy code page and
//! accepts a run only when those bytes form complete, valid UTF-8 sequences (a lead byte and
//! its continuation bytes), so ordinary accented text is left alone.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::document::Span;
use crate::edit::Edit;
use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD014",
    name: "encoding-damage",
    severity: Severity::Warning,
    summary: "UTF-8 text that was read as Mac Roman or Windows-1252 and saved again.",
    doc: r#"## What it does
Finds mojibake: runs of characters such as `‚úÖ` or `â€”` that are the bytes of UTF-8
characters (`✅`, `—`) decoded with the Mac Roman or Windows-1252 code page and written back.

## Why is this bad?
Emoji and punctuation turn into noise, status markers such as `✅ Completed` no longer read
as such, and every later edit spreads the damage.

## Example
```markdown
- [x] Migrate the settings page ‚úÖ Completed
```

## How to fix
`todo lint --fix` restores the original characters (`✅`). Only complete, valid UTF-8
sequences are repaired, so the fix is safe."#,
    fix: Some(Applicability::Safe),
};

const MAC_ROMAN: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{a0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', //
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    '\u{f8ff}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ', //
];

/// Windows-1252 for 0x80–0x9F (five codes are undefined); 0xA0–0xFF is Latin-1.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn tables() -> &'static [HashMap<char, u8>; 2] {
    static TABLES: OnceLock<[HashMap<char, u8>; 2]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mac = MAC_ROMAN
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, 0x80 + i as u8))
            .collect();
        let mut win: HashMap<char, u8> = CP1252_HIGH
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (c, 0x80 + i as u8)))
            .collect();
        for b in 0xA0u8..=0xFF {
            win.insert(char::from(b), b);
        }
        [mac, win]
    })
}

/// Damaged runs in `text`: (span, repaired text). Adjacent sequences merge into one run.
/// Damage only ever spells non-ASCII characters, so only runs of them are examined.
pub fn find(text: &str) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            i = next_non_ascii(bytes, i);
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii() {
            i += 1;
        }
        find_in_run(text, start, i, &mut out);
    }
    out
}

/// The first non-ASCII byte at or after `i` (or the end), eight bytes at a time.
fn next_non_ascii(bytes: &[u8], mut i: usize) -> usize {
    while i + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    i
}

fn find_in_run(text: &str, from: usize, to: usize, out: &mut Vec<(Span, String)>) {
    let chars: Vec<(usize, char)> = text[from..to]
        .char_indices()
        .map(|(o, c)| (from + o, c))
        .collect();
    let text_end = to;
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_ascii() {
            i += 1;
            continue;
        }
        let mut hit = None;
        for table in tables() {
            if let Some(found) = sequence(&chars, i, table) {
                hit = Some(found);
                break;
            }
        }
        match hit {
            Some((len, repaired)) => {
                let end = chars.get(i + len).map_or(text_end, |(o, _)| *o);
                match out.last_mut() {
                    Some((span, fixed)) if span.end == start => {
                        span.end = end;
                        fixed.push(repaired);
                    }
                    _ => out.push((Span::new(start, end), repaired.to_string())),
                }
                i += len;
            }
            None => i += 1,
        }
    }
}

/// A complete UTF-8 sequence spelled by `chars[i..]` in `table`: (chars used, the character).
fn sequence(chars: &[(usize, char)], i: usize, table: &HashMap<char, u8>) -> Option<(usize, char)> {
    let lead = *table.get(&chars[i].1)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for k in 1..len {
        let (_, c) = *chars.get(i + k)?;
        let b = *table.get(&c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes.push(b);
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    s.chars()
        .next()
        .filter(|&c| plausible(c, len))
        .map(|c| (len, c))
}

/// Characters that such damage typically hides: accented Latin letters (two bytes),
/// punctuation, arrows, symbols, dingbats, CJK and variation selectors (three bytes), emoji
/// (four bytes). A decoded Hebrew or Cyrillic letter from `×–` is more likely real text.
fn plausible(c: char, len: usize) -> bool {
    let u = c as u32;
    match len {
        2 => (0xA0..=0x24F).contains(&u),
        3 => {
            (0x2000..=0x2BFF).contains(&u)
                || (0x3000..=0x9FFF).contains(&u)
                || (0xFE00..=0xFE0F).contains(&u)
                || (0xFF00..=0xFFEF).contains(&u)
        }
        _ => (0x1F000..=0x1FAFF).contains(&u),
    }
}

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file) in cx.files() {
        let text = file.file.doc.text();
        for (span, repaired) in find(text) {
            let written = &text[span.range()];
            let task = file
                .file
                .tasks
                .iter()
                .find(|t| t.span.start <= span.start && span.end <= t.span.end);
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                span,
                task,
                format!("`{written}` looks like `{repaired}` decoded with the wrong code page"),
            );
            d.help = Some(format!("replace it with `{repaired}`"));
            out.push(with_fix(
                d,
                Fix {
                    message: format!("restore `{repaired}`"),
                    edits: vec![Edit {
                        span,
                        replacement: repaired,
                    }],
                    applicability: Applicability::Safe,
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(_, r)| r).collect()
    }

    #[test]
    fn repairs_mac_roman_and_windows_1252_damage() {
        assert_eq!(repaired("done ‚úÖ now"), ["✅"]);
        assert_eq!(repaired("‚ö†Ô∏è Known"), ["⚠️"]);
        assert_eq!(repaired("## \u{f8ff}üö® P1"), ["🚨"]);
        assert_eq!(repaired("a â€” b"), ["—"]);
        assert_eq!(repaired("cafÃ©"), ["é"]);
    }

    #[test]
    fn leaves_real_text_alone() {
        for ok in [
            "Überarbeitung",
            "café",
            "naïve — “quoted”",
            "✅ Completed",
            "日本語",
            "Ärger",
            "√2",
            "3×–4",
        ] {
            assert!(find(ok).is_empty(), "{ok}");
        }
    }
}
