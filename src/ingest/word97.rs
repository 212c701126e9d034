//! DOC and WPS (Word 97–2003 binary, also what WPS Office writes as `.wps`)
//! → blocks. Both are Compound File Binary containers (read with `cfb`):
//! the `WordDocument` stream starts with the FIB, whose `fcClx` points into
//! the table stream (`0Table` or `1Table`) at the piece table, and each
//! piece is either 8-bit text (cp1252, "compressed") or UTF-16LE in the
//! `WordDocument` stream. No well-kept crate reads this text, so it is read
//! here ([MS-DOC] 2.4.1, "Retrieving Text").
//!
//! The main text comes first, then footnotes, endnotes and text boxes;
//! headers, footers and comments are left out. Paragraph marks end blocks;
//! cell marks separate a row's cells, and a row ends a block; the code part
//! of a field (`PAGE`, `HYPERLINK …`) is dropped, its result kept.

use std::io::{Cursor, Read};

use super::gongwen::Block;
use super::guard::{Budget, FormatError, MAX_TEXT_CHARS};

/// The FIB's magic number (`wIdent`).
const WORD_IDENT: u16 = 0xA5EC;
/// Lowest `nFib` of Word 97; older files (Word 6/95) keep no piece table.
const NFIB_WORD97: u16 = 0x00C1;

/// The blocks of a `.doc` file (a [`guard::run`](super::guard::run) reader).
pub fn read_doc(bytes: &[u8], budget: Budget) -> Result<Vec<Block>, FormatError> {
    read_container(bytes, "DOC", budget)
}

/// The blocks of a `.wps` file (a [`guard::run`](super::guard::run) reader).
pub fn read_wps(bytes: &[u8], budget: Budget) -> Result<Vec<Block>, FormatError> {
    read_container(bytes, "WPS", budget)
}

/// The blocks of a CFB container named as `format` ("DOC", "WPS", "DOCX"):
/// a Word-97 document, or a verdict for an encrypted or foreign container.
pub fn read_container(
    bytes: &[u8],
    format: &'static str,
    budget: Budget,
) -> Result<Vec<Block>, FormatError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| FormatError::damaged(format, format!("not a readable CFB container: {e}")))?;
    if cfb.is_stream("EncryptedPackage") {
        return Err(FormatError::Encrypted(format));
    }
    if !cfb.is_stream("WordDocument") {
        return Err(FormatError::Unsupported {
            format,
            detail:
                "an Office container without a Word document in it (an Excel or PowerPoint file?)"
                    .into(),
        });
    }
    let word = stream(&mut cfb, "WordDocument", format)?;
    let fib =
        Fib::parse(&word).ok_or_else(|| FormatError::damaged(format, "the FIB is cut short"))?;
    if fib.ident != WORD_IDENT {
        return Err(FormatError::damaged(
            format,
            "no Word FIB at the start of WordDocument",
        ));
    }
    if fib.encrypted {
        return Err(FormatError::Encrypted(format));
    }
    if fib.nfib < NFIB_WORD97 {
        return Err(FormatError::Unsupported {
            format,
            detail: "saved by Word 6 or Word 95".into(),
        });
    }
    let table = stream(&mut cfb, fib.table_stream(), format)?;
    budget.check()?;
    let text = document_text(&word, &table, &fib).ok_or_else(|| {
        FormatError::damaged(
            format,
            "the piece table is cut short or points outside the file",
        )
    })?;
    Ok(blocks(&text, &fib))
}

/// What the FIB says about where the text is.
struct Fib {
    ident: u16,
    nfib: u16,
    encrypted: bool,
    table1: bool,
    /// Characters of main text, footnotes, headers, comments, endnotes,
    /// text boxes, header text boxes, in that order in CP space.
    ccp: [u32; 7],
    fc_clx: u32,
    lcb_clx: u32,
}

impl Fib {
    fn parse(w: &[u8]) -> Option<Fib> {
        let flags = u16_at(w, 0x0A)?;
        let ccp_at = [0x4C, 0x50, 0x54, 0x5C, 0x60, 0x64, 0x68];
        let mut ccp = [0u32; 7];
        for (c, at) in ccp.iter_mut().zip(ccp_at) {
            *c = u32_at(w, at)?;
        }
        Some(Fib {
            ident: u16_at(w, 0)?,
            nfib: u16_at(w, 2)?,
            encrypted: flags & 0x0100 != 0,
            table1: flags & 0x0200 != 0,
            ccp,
            fc_clx: u32_at(w, 0x01A2)?,
            lcb_clx: u32_at(w, 0x01A6)?,
        })
    }

    fn table_stream(&self) -> &'static str {
        if self.table1 {
            "1Table"
        } else {
            "0Table"
        }
    }
}

fn stream(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    format: &'static str,
) -> Result<Vec<u8>, FormatError> {
    let mut s = cfb
        .open_stream(name)
        .map_err(|e| FormatError::damaged(format, format!("no {name} stream: {e}")))?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)
        .map_err(|e| FormatError::damaged(format, format!("{name}: {e}")))?;
    Ok(out)
}

/// The whole text in CP order, read through the piece table.
fn document_text(word: &[u8], table: &[u8], fib: &Fib) -> Option<Vec<char>> {
    let start = fib.fc_clx as usize;
    let clx = table.get(start..start.checked_add(fib.lcb_clx as usize)?)?;
    let plc = piece_table(clx)?;
    let n = (plc.len().checked_sub(4)?) / 12;
    let cp = |i: usize| u32_at(plc, i * 4).map(|v| v as usize);
    let wanted: usize = fib.ccp.iter().map(|c| *c as usize).sum::<usize>() + 1;
    let mut text = Vec::new();
    for i in 0..n {
        let (from, to) = (cp(i)?, cp(i + 1)?);
        let pcd = plc.get(4 * (n + 1) + 8 * i..4 * (n + 1) + 8 * i + 8)?;
        let fc = u32_at(pcd, 2)?;
        let count = to.checked_sub(from)?.min(wanted.saturating_sub(text.len()));
        if fc & 0x4000_0000 != 0 {
            let at = ((fc & !0x4000_0000) / 2) as usize;
            let raw = word.get(at..at.checked_add(count)?)?;
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(raw);
            text.extend(s.chars());
        } else {
            let at = fc as usize;
            let raw = word.get(at..at.checked_add(count.checked_mul(2)?)?)?;
            let units = raw
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]));
            text.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
        }
        if text.len() >= wanted || text.len() > MAX_TEXT_CHARS {
            break;
        }
    }
    Some(text)
}

/// The PlcPcd inside a CLX: past any `Prc` entries (type 1), the `Pcdt`
/// (type 2).
fn piece_table(clx: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    loop {
        match *clx.get(at)? {
            1 => at += 3 + u16_at(clx, at + 1)? as usize,
            2 => {
                let len = u32_at(clx, at + 1)? as usize;
                return clx.get(at + 5..at + 5 + len);
            }
            _ => return None,
        }
    }
}

/// The blocks of the main text, footnotes, endnotes and text boxes.
fn blocks(text: &[char], fib: &Fib) -> Vec<Block> {
    let mut out = Vec::new();
    let mut from = 0usize;
    for (part, len) in fib.ccp.iter().enumerate() {
        let to = (from + *len as usize).min(text.len());
        // Main text, footnotes, endnotes, text boxes.
        if matches!(part, 0 | 1 | 4 | 5) {
            split(&text[from.min(to)..to], &mut out);
        }
        from = to;
    }
    out
}

/// Splits one story at paragraph, cell and row marks, without field codes.
fn split(story: &[char], out: &mut Vec<Block>) {
    let mut line = String::new();
    let mut after_cell = false;
    // For each open field: whether its code part is still running.
    let mut fields: Vec<bool> = Vec::new();
    let emit = |line: &mut String, out: &mut Vec<Block>| {
        let t = line.trim();
        if !t.is_empty() {
            out.push(Block::plain(t));
        }
        line.clear();
    };
    for &c in story {
        match c {
            '\u{13}' => fields.push(true),
            '\u{14}' => {
                if let Some(code) = fields.last_mut() {
                    *code = false;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            _ if fields.iter().any(|code| *code) => {}
            '\r' | '\u{0C}' => emit(&mut line, out),
            '\u{07}' => {
                if after_cell {
                    emit(&mut line, out);
                } else {
                    line.push(' ');
                }
                after_cell = true;
                continue;
            }
            '\u{0B}' | '\t' | '\u{A0}' => line.push(' '),
            '\u{1E}' => line.push('-'),
            c if (c as u32) < 0x20 => {}
            c => line.push(c),
        }
        after_cell = false;
    }
    emit(&mut line, out);
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(story: &str) -> Vec<String> {
        let chars: Vec<char> = story.chars().collect();
        let mut out = Vec::new();
        split(&chars, &mut out);
        out.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn marks_split_the_story() {
        assert_eq!(
            texts("关于开展检查的通知\r各单位：\r项目\u{7}金额\u{7}\u{7}合计\u{7}12\u{7}\u{7}尾段\u{0B}续\r"),
            ["关于开展检查的通知", "各单位：", "项目 金额", "合计 12", "尾段 续"]
        );
        assert_eq!(
            texts("第\u{13} PAGE \u{14}3\u{15}页\r\u{13}HYPERLINK \"x\"\u{14}链接\u{15}\r"),
            ["第3页", "链接"]
        );
    }

    #[test]
    fn pieces_of_both_kinds() {
        // Piece 1: "AB" compressed at byte 0x200; piece 2: "中文" UTF-16 at 0x300.
        let mut word = vec![0u8; 0x400];
        word[0x200..0x202].copy_from_slice(b"AB");
        for (i, u) in "中文".encode_utf16().enumerate() {
            word[0x300 + 2 * i..0x302 + 2 * i].copy_from_slice(&u.to_le_bytes());
        }
        let mut plc = Vec::new();
        for cp in [0u32, 2, 4] {
            plc.extend(cp.to_le_bytes());
        }
        for fc in [0x4000_0000u32 | 0x400, 0x300] {
            plc.extend(0u16.to_le_bytes());
            plc.extend(fc.to_le_bytes());
            plc.extend(0u16.to_le_bytes());
        }
        let mut clx = vec![1, 2, 0, 0xAA, 0xBB, 2];
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(&plc);
        let fib = Fib {
            ident: WORD_IDENT,
            nfib: NFIB_WORD97,
            encrypted: false,
            table1: false,
            ccp: [4, 0, 0, 0, 0, 0, 0],
            fc_clx: 0,
            lcb_clx: clx.len() as u32,
        };
        let text: String = document_text(&word, &clx, &fib)
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(text, "AB中文");
        // A piece table pointing past the stream is damage, not a panic.
        let mut bad = clx.clone();
        let n = bad.len();
        bad[n - 6..n - 2].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
        assert!(document_text(&word, &bad, &fib).is_none());
    }

    #[test]
    fn containers_get_verdicts() {
        let e = read_container(b"\xD0\xCF\x11\xE0 cut", "DOC", Budget::new("DOC")).unwrap_err();
        assert_eq!(e.kind(), "damaged");
    }
}
