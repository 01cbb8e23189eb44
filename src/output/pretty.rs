//! A pretty JSON writer for the task list, byte for byte what `serde_json`'s pretty printer
//! writes for the same values (two-space indent, `": "` after keys, `[]` and `{}` when
//! empty, the same string escapes), but several times faster on a long list: keys are
//! written with their indentation in one step, and strings are scanned eight bytes at a time
//! for the few bytes JSON escapes. `list --format json` spends most of its output time here.
//! The test `the_fast_writer_writes_what_serde_json_writes` holds it to `serde_json`'s bytes
//! on every fixture.

/// Spaces for indentation, sliced to the depth.
const SPACES: &[u8; 64] = b"                                                                ";

/// Appends pretty JSON to a buffer.
pub(crate) struct Pretty<'b> {
    buf: &'b mut Vec<u8>,
    depth: usize,
}

impl<'b> Pretty<'b> {
    /// A writer at `depth` levels of indentation (1 inside a top-level array).
    pub(crate) fn new(buf: &'b mut Vec<u8>, depth: usize) -> Self {
        Pretty { buf, depth }
    }

    fn newline(&mut self) {
        self.buf.push(b'\n');
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.buf.extend_from_slice(&SPACES[..k]);
            n -= k;
        }
    }

    /// `{` or `[`, one level deeper.
    pub(crate) fn open(&mut self, c: u8) {
        self.buf.push(c);
        self.depth += 1;
    }

    /// `}` or `]`, on a line of its own unless the object or array is empty.
    pub(crate) fn close(&mut self, c: u8, empty: bool) {
        self.depth -= 1;
        if !empty {
            self.newline();
        }
        self.buf.push(c);
    }

    /// An object's key, after a `,` unless it is the first.
    pub(crate) fn key(&mut self, first: bool, key: &str) {
        if !first {
            self.buf.push(b',');
        }
        self.newline();
        self.string(key);
        self.buf.extend_from_slice(b": ");
    }

    /// The start of an array's element, after a `,` unless it is the first.
    pub(crate) fn element(&mut self, first: bool) {
        if !first {
            self.buf.push(b',');
        }
        self.newline();
    }

    pub(crate) fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    pub(crate) fn bool(&mut self, v: bool) {
        self.buf
            .extend_from_slice(if v { b"true" as &[u8] } else { b"false" });
    }

    pub(crate) fn number(&mut self, mut v: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[at..]);
    }

    pub(crate) fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    /// An array of strings.
    pub(crate) fn strings<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) {
        self.open(b'[');
        let mut first = true;
        for s in items {
            self.element(first);
            self.string(s);
            first = false;
        }
        self.close(b']', first);
    }

    /// A JSON string: quoted, with `"`, `\` and control characters escaped as `serde_json`
    /// escapes them.
    pub(crate) fn string(&mut self, s: &str) {
        self.buf.push(b'"');
        self.escaped(s);
        self.buf.push(b'"');
    }

    /// A field's text as one JSON string: its inline value, then each item on a line of its
    /// own (what [`crate::model::Field::text`] makes), without building that text.
    pub(crate) fn field_text(&mut self, f: &crate::model::Field, src: &str) {
        self.buf.push(b'"');
        self.escaped(&f.value);
        let mut any = !f.value.is_empty();
        for item in &f.items {
            if any {
                self.buf.extend_from_slice(b"\\n");
            }
            let text = item.text(src);
            self.escaped(text);
            any |= !text.is_empty();
        }
        self.buf.push(b'"');
    }

    /// The inside of a JSON string.
    fn escaped(&mut self, s: &str) {
        let b = s.as_bytes();
        self.buf.reserve(b.len() + 2);
        // The first byte that needs an escape: eight bytes at a time, then one at a time.
        let mut i = 0;
        while i + 8 <= b.len() {
            let w = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
            if needs_escape(w) {
                break;
            }
            i += 8;
        }
        while i < b.len() && !ESCAPED[usize::from(b[i])] {
            i += 1;
        }
        if i == b.len() {
            // The usual case: copied whole.
            self.buf.extend_from_slice(b);
            return;
        }
        let mut start = 0;
        while i < b.len() {
            let c = b[i];
            if !ESCAPED[usize::from(c)] {
                i += 1;
                continue;
            }
            self.buf.extend_from_slice(&b[start..i]);
            match c {
                b'"' => self.buf.extend_from_slice(b"\\\""),
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                b'\t' => self.buf.extend_from_slice(b"\\t"),
                0x08 => self.buf.extend_from_slice(b"\\b"),
                0x0c => self.buf.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.buf.extend_from_slice(b"\\u00");
                    self.buf.push(HEX[usize::from(c >> 4)]);
                    self.buf.push(HEX[usize::from(c & 0xf)]);
                }
            }
            i += 1;
            start = i;
        }
        self.buf.extend_from_slice(&b[start..]);
    }

    /// An object's key that is a literal of this module's callers (no byte to escape).
    pub(crate) fn plain_key(&mut self, first: bool, key: &'static str) {
        debug_assert!(!key.bytes().any(|c| ESCAPED[usize::from(c)]));
        if !first {
            self.buf.push(b',');
        }
        self.newline();
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }
}

/// The bytes a JSON string escapes: control characters, `"` and `\\`.
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// True when a byte of the word is below 0x20, a `"` or a `\`.
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A zero byte of `x` sets its high bit in `zero(x)`; other bytes may too only above a
    // zero byte, which is found anyway (the exact byte is checked one at a time).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    below_space | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\'))) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn via_serde(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = (0u8..0x80).map(|b| (b as char).to_string()).collect();
        cases.extend(
            [
                "",
                "plain text of some length, longer than eight bytes",
                "a \"quoted\" word and a back\\slash",
                "tab\there, line\nbreak, cr\r, bell\u{7}, del\u{7f}",
                "naïve café — ✅ done 🚧",
                "\u{1}\u{1f}\u{8}\u{c}",
                "12345678\"",
                "1234567\\8",
                "abcdefgh\u{0}ijklmnop",
            ]
            .map(String::from),
        );
        for s in cases {
            let mut buf = Vec::new();
            Pretty::new(&mut buf, 0).string(&s);
            assert_eq!(buf, via_serde(&s), "{s:?}");
        }
    }

    #[test]
    fn the_word_check_finds_every_escaped_byte() {
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut w = *b"abcdefgh";
                w[at] = b;
                let must = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(needs_escape(u64::from_le_bytes(w)), must, "{b} at {at}");
            }
        }
    }

    #[test]
    fn numbers_and_nesting_match_serde_json() {
        #[derive(serde::Serialize)]
        struct S {
            n: usize,
            z: usize,
            big: usize,
            b: bool,
            none: Option<&'static str>,
            empty: Vec<&'static str>,
            list: Vec<&'static str>,
        }
        let v = S {
            n: 42,
            z: 0,
            big: usize::MAX,
            b: true,
            none: None,
            empty: vec![],
            list: vec!["a", "b"],
        };
        let want = serde_json::to_vec_pretty(&v).unwrap();
        let mut buf = Vec::new();
        let mut w = Pretty::new(&mut buf, 0);
        w.open(b'{');
        w.key(true, "n");
        w.number(42);
        w.key(false, "z");
        w.number(0);
        w.key(false, "big");
        w.number(usize::MAX);
        w.key(false, "b");
        w.bool(true);
        w.key(false, "none");
        w.opt_string(None);
        w.key(false, "empty");
        w.strings([]);
        w.key(false, "list");
        w.strings(["a", "b"]);
        w.close(b'}', false);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }
}
