//! RTF → blocks, for `.rtf` files and the many `.doc` files that are RTF
//! inside (Word's and WPS's "Rich Text" save, CMS exports). Only the text is
//! taken: groups that are not text (font and colour tables, styles, document
//! info, pictures, headers and footers, field codes) are skipped; `\'hh`
//! bytes are decoded in the document's code page (`\ansicpg936` is GBK, or
//! GBK when a font says `\fcharset134`), `\uN` characters taken as they are.

use super::gongwen::Block;
use super::guard::{Budget, FormatError, MAX_TEXT_CHARS};

/// Groups whose text is not document text.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "fldinst",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "datastore",
    "xmlnstbl",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "nonshppict",
    "object",
    "bkmkstart",
    "bkmkend",
    "filetbl",
    "revtbl",
    "pgdsctbl",
    "userprops",
    "xmlopen",
    "mmathPr",
    "wgrffmtfilter",
];

/// Deepest group nesting followed; deeper groups are skipped.
const MAX_DEPTH: usize = 256;

#[derive(Clone, Copy)]
struct State {
    skip: bool,
    uc: usize,
}

/// The reader's state: decoded text, bytes waiting for their code page,
/// and the group stack.
struct Reader {
    encoding: &'static encoding_rs::Encoding,
    text: String,
    pending: Vec<u8>,
    stack: Vec<State>,
    st: State,
    /// Fallback characters still to skip after a `\uN`.
    to_skip: usize,
}

/// The blocks of an RTF file.
pub fn read(bytes: &[u8], budget: Budget) -> Result<Vec<Block>, FormatError> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err(FormatError::damaged("RTF", "no {\\rtf at the start"));
    }
    let mut r = Reader {
        encoding: code_page(bytes),
        text: String::new(),
        pending: Vec::new(),
        stack: Vec::new(),
        st: State { skip: false, uc: 1 },
        to_skip: 0,
    };
    let mut i = 0;
    let mut steps = 0u32;
    while i < bytes.len() {
        steps = steps.wrapping_add(1);
        if steps.is_multiple_of(1 << 20) {
            budget.check()?;
        }
        let b = bytes[i];
        i += 1;
        match b {
            b'{' => {
                r.stack.push(r.st);
                if r.stack.len() > MAX_DEPTH {
                    r.st.skip = true;
                }
            }
            b'}' => r.st = r.stack.pop().unwrap_or(r.st),
            b'\\' => {
                let (word, param, next) = control(bytes, i);
                i = next;
                r.control(&word, param);
            }
            b'\r' | b'\n' => {}
            _ if r.to_skip > 0 => r.to_skip -= 1,
            _ if !r.st.skip => r.pending.push(b),
            _ => {}
        }
        if r.text.len() > MAX_TEXT_CHARS {
            return Err(FormatError::limit(
                "RTF",
                "more than 20 million characters of text",
            ));
        }
    }
    r.flush();
    Ok(r.text.split('\n').map(Block::plain).collect())
}

impl Reader {
    /// Applies one control word (or symbol) with its parameter.
    fn control(&mut self, word: &str, param: Option<i64>) {
        if self.to_skip > 0 && word != "u" {
            self.to_skip -= 1;
            return;
        }
        let mut scratch = Vec::new();
        let out = if self.st.skip {
            &mut scratch
        } else {
            &mut self.pending
        };
        match word {
            "'" => out.push(param.unwrap_or(0) as u8),
            "*" => self.st.skip = true,
            w if SKIPPED.contains(&w) => self.st.skip = true,
            "uc" => self.st.uc = param.unwrap_or(1).clamp(0, 8) as usize,
            "u" if !self.st.skip => {
                self.flush();
                let n = param.unwrap_or(0);
                let n = if n < 0 { n + 65536 } else { n };
                self.text
                    .push(char::from_u32(n as u32).unwrap_or('\u{fffd}'));
                self.to_skip = self.st.uc;
            }
            "par" | "line" | "sect" | "page" | "row" | "\n" | "\r" => out.push(b'\n'),
            "tab" | "cell" | "~" => out.push(b' '),
            "\\" | "{" | "}" => out.push(word.as_bytes()[0]),
            "_" => out.push(b'-'),
            _ => {}
        }
    }

    /// Decodes the bytes waiting in the code page.
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let (s, _) = self.encoding.decode_without_bom_handling(&self.pending);
            self.text.push_str(&s);
            self.pending.clear();
        }
    }
}

/// The control word at `i` (just past the backslash): its name (a symbol
/// such as `'`, `*` or `\` is a name of one character), its numeric
/// parameter (the byte of a `\'hh`), and where the text goes on.
fn control(bytes: &[u8], mut i: usize) -> (String, Option<i64>, usize) {
    let Some(&first) = bytes.get(i) else {
        return (String::new(), None, i);
    };
    if first == b'\'' {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        let value = hex.and_then(|h| i64::from_str_radix(h, 16).ok());
        return ("'".into(), value, (i + 3).min(bytes.len()));
    }
    if !first.is_ascii_alphabetic() {
        return ((first as char).to_string(), None, i + 1);
    }
    let start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - start < 32 {
        i += 1;
    }
    let word = String::from_utf8_lossy(&bytes[start..i]).into_owned();
    let num_start = i;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - num_start < 10 {
        i += 1;
    }
    let param = std::str::from_utf8(&bytes[num_start..i])
        .ok()
        .and_then(|s| s.parse().ok());
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    (word, param, i)
}

/// The encoding of `\'hh` bytes.
fn code_page(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let has = |s: &[u8]| head.windows(s.len()).any(|w| w == s);
    if has(b"\\ansicpg936") || has(b"\\fcharset134") {
        encoding_rs::GB18030
    } else if has(b"\\ansicpg950") || has(b"\\fcharset136") {
        encoding_rs::BIG5
    } else if has(b"\\ansicpg65001") {
        encoding_rs::UTF_8
    } else {
        encoding_rs::WINDOWS_1252
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rtf: &[u8]) -> Vec<String> {
        read(rtf, Budget::new("RTF"))
            .unwrap()
            .into_iter()
            .map(|b| b.text)
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    #[test]
    fn gbk_bytes_unicode_and_skipped_groups() {
        let rtf = b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}\
{\\header \\'d2\\'b3\\'c3\\'bc}{\\*\\generator x;}\\f0 \\'b9\\'d8\\'d3\\'da\\par \
\\uc1\\u36890?\\u30693?\\par {\\field{\\*\\fldinst PAGE}{\\fldrslt 3}}\\cell x\\}\\par}";
        assert_eq!(texts(rtf), ["关于", "通知", "3 x}"]);
    }

    #[test]
    fn bad_rtf_never_panics() {
        for rtf in [
            &b"{\\rtf1 \\'"[..],
            b"{\\rtf1 \\u-3",
            b"{\\rtf1 }}}}\\",
            b"{\\rtf",
        ] {
            assert!(read(rtf, Budget::new("RTF")).is_ok());
        }
        let deep = [b"{\\rtf1 ".to_vec(), vec![b'{'; 100_000], b"x".to_vec()].concat();
        assert!(read(&deep, Budget::new("RTF"))
            .unwrap()
            .iter()
            .all(|b| b.text.is_empty()));
        assert_eq!(
            read(b"plain", Budget::new("RTF")).unwrap_err().kind(),
            "damaged"
        );
    }
}
