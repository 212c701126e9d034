//! Bytes → text: picks the encoding of a file and decodes it, counting every
//! invalid byte sequence that had to be replaced by U+FFFD.
//!
//! Order of decisions (first match wins):
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. a known binary signature (PDF, ZIP/Office, PNG, …) at the start, or NUL
//!    bytes in the first 1 KiB: binary, unless the file is long enough to
//!    tell and reads as plausible BOM-less UTF-16 text (see `sniff_utf16`);
//! 3. valid UTF-8 is UTF-8;
//! 4. damaged UTF-8 (a truncated download, a stray byte): decode line by
//!    line as in 6, so the damage is repaired and counted rather than the
//!    whole file read as legacy-encoding mojibake;
//! 5. for HTML, a declared `<meta charset>` if it decodes cleanly;
//! 6. UTF-8 with strong evidence (several valid multi-byte lines) but some bad
//!    lines: decode line by line, taking bad lines as GB18030 when they decode
//!    cleanly so, else repairing them;
//! 7. chardetng's guess, GB18030 (the usual legacy encoding of Chinese
//!    government sites) and Big5, preferring one that decodes without errors.

use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes are inspected for NULs (binary detection) and for a
/// `<meta charset>` declaration.
const SNIFF_LEN: usize = 1024;
/// HTML parsers look for `<meta charset>` in the first 1024 bytes; saved pages
/// often carry long `<head>`s, so ingest looks a bit further.
const META_SNIFF_LEN: usize = 4096;

/// Text decoded from a file, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, BOM removed.
    pub text: String,
    /// Display name of the encoding used, e.g. "UTF-8", "GB18030", "UTF-16LE",
    /// "Big5"; "UTF-8+GB18030" for a UTF-8 file with GB18030 lines pasted in.
    pub encoding: &'static str,
    /// Number of invalid byte sequences replaced by U+FFFD.
    pub repairs: usize,
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A known binary format (named, e.g. "a PDF document"), or NUL bytes
    /// near the start and not UTF-16 (`None`).
    Binary(Option<&'static str>),
    /// Decoding replaced so much that the result would be garbage.
    Undecodable(String),
}

/// Decodes `bytes`; `html` enables the `<meta charset>` sniffing.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    let decoded = decode_inner(bytes, html)?;
    let chars = decoded.text.chars().count();
    if decoded.repairs > 0 && decoded.repairs.saturating_mul(4) > chars {
        return Err(DecodeError::Undecodable(format!(
            "{} of {} characters are invalid byte sequences in {}",
            decoded.repairs, chars, decoded.encoding
        )));
    }
    Ok(decoded)
}

fn decode_inner(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    if let Some(format) = binary_format(bytes) {
        return Err(DecodeError::Binary(Some(format)));
    }
    // 1. Byte-order marks.
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(decode_utf8_mixed(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(with(UTF_16LE, rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(with(UTF_16BE, rest));
    }

    // 2. NULs: BOM-less UTF-16 or binary.
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.contains(&0) {
        return sniff_utf16(bytes).ok_or(DecodeError::Binary(None));
    }

    // 3. Valid UTF-8 is UTF-8.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
            repairs: 0,
        });
    }

    let guess = || {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    };

    // 4. Damaged UTF-8: valid UTF-8 but for a few bad bytes.
    if looks_like_damaged_utf8(bytes) {
        return Ok(decode_utf8_mixed(bytes));
    }

    // 5. Declared charset in HTML, if it decodes cleanly. A declared
    //    single-byte charset decodes anything, so a CJK guess that decodes
    //    cleanly overrides it (GBK pages saved with a wrong meta).
    let declared = if html { meta_charset(bytes) } else { None };
    if let Some(d) = declared.and_then(|enc| with_declared(bytes, enc, guess)) {
        return Ok(d);
    }

    // 6. Mostly UTF-8 with some bad lines.
    if strong_utf8_evidence(bytes) {
        return Ok(decode_utf8_mixed(bytes));
    }

    // 7. Guess among legacy encodings.
    Ok(best_legacy(bytes, guess(), declared))
}

/// Step 5: `bytes` in their declared charset `enc` if that decodes them
/// cleanly, unless a CJK guess also does and `enc` is single-byte.
fn with_declared(
    bytes: &[u8],
    enc: &'static Encoding,
    guess: impl Fn() -> &'static Encoding,
) -> Option<Decoded> {
    if enc == UTF_8 {
        return None;
    }
    if !is_cjk_multibyte(enc) {
        let g = guess();
        if is_cjk_multibyte(g) {
            let d = with(g, bytes);
            if d.repairs == 0 {
                return Some(d);
            }
        }
    }
    let d = with(enc, bytes);
    (d.repairs == 0).then_some(d)
}

/// Step 7: the first legacy encoding that decodes `bytes` cleanly (a CJK
/// guess first, then GB18030 and Big5, then another guess and the declared
/// charset), else the one with the fewest repairs.
fn best_legacy(
    bytes: &[u8],
    guess: &'static Encoding,
    declared: Option<&'static Encoding>,
) -> Decoded {
    let mut candidates: Vec<&'static Encoding> = Vec::with_capacity(4);
    let guess_is_cjk = is_cjk_multibyte(guess);
    if guess_is_cjk {
        candidates.push(guess);
    }
    candidates.push(GB18030);
    candidates.push(BIG5);
    if !guess_is_cjk {
        candidates.push(guess);
    }
    if let Some(enc) = declared {
        candidates.push(enc);
    }
    let mut best: Option<Decoded> = None;
    for enc in candidates {
        let d = with(enc, bytes);
        if d.repairs == 0 {
            return d;
        }
        if best.as_ref().is_none_or(|b| d.repairs < b.repairs) {
            best = Some(d);
        }
    }
    // `candidates` is never empty, so `best` is set; fall back to UTF-8 anyway.
    best.unwrap_or_else(|| with(UTF_8, bytes))
}

/// Signatures of binary formats that end up with a text file's name (a PDF or
/// Word file renamed, a picture saved as `.txt`), and what to call them in a
/// message. Each is unlikely at the start of a text file.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, or a .docx/.xlsx/.pptx file"),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Office file (.doc/.xls/.ppt)",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7FELF", "a program (ELF)"),
    (b"Rar!\x1A\x07", "a RAR archive"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    (b"\x1F\x8B\x08", "a gzip archive"),
];

/// The binary format `bytes` start with, if they carry a known signature.
fn binary_format(bytes: &[u8]) -> Option<&'static str> {
    BINARY_SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, name)| *name)
}

/// Whether an encoding is one of the double-byte East Asian encodings, whose
/// clean decode is real evidence (single-byte encodings decode anything).
fn is_cjk_multibyte(enc: &'static Encoding) -> bool {
    enc == GB18030
        || enc == GBK
        || enc == BIG5
        || enc == encoding_rs::SHIFT_JIS
        || enc == encoding_rs::EUC_JP
        || enc == encoding_rs::EUC_KR
        || enc == encoding_rs::ISO_2022_JP
}

/// The display name of an encoding; GBK and GB18030 share one decoder in
/// encoding_rs, so both are reported as "GB18030".
fn display_name(enc: &'static Encoding) -> &'static str {
    if enc == GB18030 || enc == GBK {
        "GB18030"
    } else {
        enc.name()
    }
}

/// Decodes all of `bytes` (no BOM handling) with `enc`, counting repairs.
fn with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, repairs) = decode_counting(enc, bytes);
    Decoded {
        text,
        encoding: display_name(enc),
        repairs,
    }
}

/// Decodes with `enc`, replacing each malformed sequence by U+FFFD and
/// counting the replacements (encoding_rs's own replacing decoder only says
/// whether there were any).
pub(crate) fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3))
        .saturating_add(16);
    let mut out = String::with_capacity(cap);
    let mut repairs = 0usize;
    let mut src = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut out, true);
        src = &src[read.min(src.len())..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::Malformed(_, _) => {
                out.push('\u{FFFD}');
                repairs += 1;
            }
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(src.len())
                    .unwrap_or(src.len().saturating_mul(3))
                    .saturating_add(16);
                out.reserve(more);
            }
        }
    }
    (out, repairs)
}

/// Decodes `bytes` with `enc` only if that yields no error.
fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let (text, repairs) = decode_counting(enc, bytes);
    (repairs == 0).then_some(text)
}

/// Shortest BOM-less file taken as UTF-16. Below this there is too little
/// text to tell: a few ASCII bytes with NULs between them read as UTF-16 look
/// like CJK characters (`abc\0\x01\x02\x03binary\0data` → 扡c…慤慴).
const MIN_UTF16_BYTES: usize = 64;
/// Share of plausible characters (see [`plausibility`]) a BOM-less UTF-16
/// decode needs, at the start and over the whole file.
const MIN_UTF16_PLAUSIBLE: f64 = 0.9;
/// Largest share of code units whose two bytes are both ASCII letters or
/// digits. ASCII read as UTF-16 pairs its letters into CJK-looking code units
/// (`ab` → 扡), so such text scores 0.55 and more; Chinese text in UTF-16
/// scores about 0.1, and at most 0.375 over any 64 bytes of the development
/// corpus (0.21 over 4 KiB).
const MAX_ALNUM_PAIR_SHARE: f64 = 0.45;

/// BOM-less UTF-16: a file of at least [`MIN_UTF16_BYTES`] whose start, in
/// one byte order, decodes as plausible text (ASCII, CJK, CJK and full-width
/// punctuation) that is not ASCII paired up into code units, and whose whole
/// decode is plausible, clean and free of stray control characters.
///
/// (NUL parity alone is not enough: common characters such as 一 U+4E00 and
/// 开 U+5F00 put NULs on the "other" byte.)
fn sniff_utf16(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < MIN_UTF16_BYTES {
        return None;
    }
    let head = &bytes[..bytes.len().min(4 * SNIFF_LEN) & !1];
    if alnum_pair_share(head) > MAX_ALNUM_PAIR_SHARE {
        return None;
    }
    let enc = [UTF_16LE, UTF_16BE]
        .into_iter()
        .map(|enc| (enc, plausibility(&decode_counting(enc, head).0)))
        .filter(|(_, p)| *p >= MIN_UTF16_PLAUSIBLE)
        .max_by(|a, b| a.1.total_cmp(&b.1))?
        .0;
    let d = with(enc, bytes);
    let controls = d
        .text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    let clean = d.repairs == 0 && controls == 0;
    (clean && plausibility(&d.text) >= MIN_UTF16_PLAUSIBLE).then_some(d)
}

/// Share of the 2-byte code units of `bytes` whose two bytes are both ASCII
/// letters or digits (the same in either byte order).
fn alnum_pair_share(bytes: &[u8]) -> f64 {
    let units = bytes.len() / 2;
    if units == 0 {
        return 0.0;
    }
    let pairs = bytes
        .chunks_exact(2)
        .filter(|u| u[0].is_ascii_alphanumeric() && u[1].is_ascii_alphanumeric())
        .count();
    pairs as f64 / units as f64
}

/// Share of characters typical of Chinese (or English) text.
fn plausibility(text: &str) -> f64 {
    let (mut good, mut total) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        let u = c as u32;
        if matches!(c, '\t' | '\n' | '\r')
            || (0x20..0x7F).contains(&u)
            || (0xA0..0x250).contains(&u)
            || (0x2000..0x2070).contains(&u)
            || (0x3000..0x3040).contains(&u)
            || (0x3400..0x4DC0).contains(&u)
            || (0x4E00..0xA000).contains(&u)
            || (0xFF00..0xFFF0).contains(&u)
        {
            good += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    }
}

/// Whether invalid UTF-8 nevertheless has lines that are valid multi-byte
/// UTF-8 — strong evidence that the file is UTF-8 with some lines pasted in
/// from another encoding (legacy double-byte text rarely forms valid UTF-8).
fn strong_utf8_evidence(bytes: &[u8]) -> bool {
    let mut multibyte = 0usize;
    for line in bytes.split(|b| *b == b'\n') {
        if let Ok(s) = std::str::from_utf8(line) {
            let n = s.chars().filter(|c| !c.is_ascii()).count();
            if n >= 2 {
                multibyte += n;
                if multibyte >= 4 {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether `bytes` are UTF-8 with a little damage: some invalid sequences,
/// but at least four times as many valid characters of three or more bytes
/// (CJK text). Legacy double-byte text read as UTF-8 is the other way round:
/// nearly every character is invalid, and only a few byte pairs happen to
/// form valid (mostly two-byte) sequences. Used on whole files and on lines:
/// a line cut short by a truncated download would otherwise often decode
/// "cleanly" as GB18030 mojibake, its text silently lost.
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|&c| c >= '\u{800}').count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    bad > 0 && wide >= 2 && wide >= 4 * bad
}

/// Decodes UTF-8 line by line: valid lines as they are, damaged UTF-8 lines
/// with U+FFFD repairs, other invalid lines as GB18030 when that is clean,
/// otherwise with repairs.
fn decode_utf8_mixed(bytes: &[u8]) -> Decoded {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
            repairs: 0,
        };
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut repairs = 0usize;
    let mut used_gb = false;
    let mut first = true;
    for line in bytes.split(|b| *b == b'\n') {
        if !first {
            text.push('\n');
        }
        first = false;
        if let Ok(s) = std::str::from_utf8(line) {
            text.push_str(s);
        } else if looks_like_damaged_utf8(line) {
            let (s, r) = decode_counting(UTF_8, line);
            repairs += r;
            text.push_str(&s);
        } else if let Some(s) = decode_strict(GB18030, line) {
            used_gb = true;
            text.push_str(&s);
        } else {
            let (s, r) = decode_counting(UTF_8, line);
            repairs += r;
            text.push_str(&s);
        }
    }
    Decoded {
        text,
        encoding: if used_gb { "UTF-8+GB18030" } else { "UTF-8" },
        repairs,
    }
}

/// Finds a charset declared by `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">` near the
/// start of an HTML file. A declared UTF-16 is taken as UTF-8, as browsers do
/// for ASCII-compatible bytes.
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SNIFF_LEN)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut pos = 0;
    while let Some(off) = find(&lower[pos..], b"<meta") {
        let start = pos + off + 5;
        let end = lower[start..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            rest = trim_ascii_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_ascii_start(r);
                let r = r
                    .strip_prefix(b"\"")
                    .or_else(|| r.strip_prefix(b"'"))
                    .unwrap_or(r);
                let len = r
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t'))
                    .unwrap_or(r.len());
                if let Some(enc) = Encoding::for_label(&r[..len]) {
                    if enc == UTF_16LE || enc == UTF_16BE {
                        return Some(UTF_8);
                    }
                    return Some(enc);
                }
            }
        }
        pos = end.max(start);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str =
        "市教育局召开党史学习教育动员会，全面部署各项工作。\n各学校认真组织学习，效果良好。\n";

    fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, errors) = enc.encode(s);
        assert!(!errors);
        b.into_owned()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf8_plain_and_bom() {
        let d = decode(ZH.as_bytes(), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.repairs), (ZH, "UTF-8", 0));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(ZH.as_bytes());
        let d = decode(&b, false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.repairs), (ZH, "UTF-8", 0));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16(ZH, true));
        let d = decode(&le, false).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.repairs),
            (ZH, "UTF-16LE", 0)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16(ZH, false));
        let d = decode(&be, false).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.repairs),
            (ZH, "UTF-16BE", 0)
        );
    }

    #[test]
    fn utf16_without_bom_by_nul_pattern() {
        // 帀 (U+5E00) puts a NUL on the "wrong" parity.
        let s = "2021年12月14日 news release\n鹤山市帀 education bureau\n";
        assert!(s.encode_utf16().count() * 2 >= MIN_UTF16_BYTES);
        let d = decode(&utf16(s, true), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-16LE"));
        let d = decode(&utf16(s, false), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-16BE"));
        // Mostly CJK, with many U+xx00 characters.
        let s = "一开一开一开始工作，一是二是。\n第一开\n".repeat(2);
        let d = decode(&utf16(&s, true), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s.as_str(), "UTF-16LE"));
        let d = decode(&utf16(&s, false), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s.as_str(), "UTF-16BE"));
        // Exactly the shortest length that is looked at.
        let s = "2023年市政府召开常务会议，研究部署防汛抗旱工作，压实责任。\n";
        assert_eq!(utf16(s, true).len(), MIN_UTF16_BYTES);
        let d = decode(&utf16(s, true), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-16LE"));
    }

    #[test]
    fn short_files_with_nuls_are_binary() {
        // The 18 bytes that once became 扡cȁ戃湩牡y慤慴.
        let b = b"abc\0\x01\x02\x03binary\0data";
        assert_eq!(b.len(), 18);
        assert_eq!(decode(b, false), Err(DecodeError::Binary(None)));
        assert_eq!(decode(b, true), Err(DecodeError::Binary(None)));
        for b in [&b"\0"[..], b"a\0", b"\0\0\0\0", b"ab\0cd\0ef\0gh\0"] {
            assert_eq!(decode(b, false), Err(DecodeError::Binary(None)), "{b:?}");
        }
        // Short BOM-less UTF-16 cannot be told from binary: refused; with a
        // BOM it is text whatever its length.
        let short = utf16("2023年市政府通知", true);
        assert!(short.len() < MIN_UTF16_BYTES);
        assert_eq!(decode(&short, false), Err(DecodeError::Binary(None)));
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&short);
        assert_eq!(decode(&bom, false).unwrap().text, "2023年市政府通知");
    }

    #[test]
    fn ascii_with_nuls_is_binary_at_any_length() {
        // Letters paired into code units look like CJK (ab → 扡): the
        // share of such pairs gives it away.
        let b = b"abc\0\x01\x02\x03binary\0data".repeat(8);
        assert!(alnum_pair_share(&b) > MAX_ALNUM_PAIR_SHARE);
        assert_eq!(decode(&b, false), Err(DecodeError::Binary(None)));
        let mut b = b"Bush hid the facts and this app can break things".repeat(3);
        b.push(0);
        b.push(0);
        assert_eq!(decode(&b, false), Err(DecodeError::Binary(None)));
        // Chinese text in UTF-16 scores far below the limit.
        let zh = utf16(&ZH.repeat(3), true);
        assert!(alnum_pair_share(&zh) < 0.3, "{}", alnum_pair_share(&zh));
    }

    #[test]
    fn utf16_with_a_binary_tail_is_binary() {
        let mut b = utf16(&ZH.repeat(4), true);
        b.extend([0u8; 64]);
        assert_eq!(decode(&b, false), Err(DecodeError::Binary(None)));
    }

    #[test]
    fn known_binary_formats_are_named() {
        let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".to_vec();
        pdf.extend("正文".as_bytes());
        assert_eq!(
            decode(&pdf, false),
            Err(DecodeError::Binary(Some("a PDF document")))
        );
        let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF";
        assert_eq!(
            decode(jpeg, true),
            Err(DecodeError::Binary(Some("a JPEG image")))
        );
        // Text that merely mentions a format is text.
        assert!(decode("PDF 文件请另行下载。".as_bytes(), false).is_ok());
    }

    #[test]
    fn utf16_odd_length_is_repaired() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16(ZH, true));
        le.push(b'x');
        let d = decode(&le, false).unwrap();
        assert_eq!(d.repairs, 1);
        assert!(d.text.starts_with("市教育局"));
    }

    #[test]
    fn gbk_and_gb18030() {
        let b = encode(GBK, ZH);
        let d = decode(&b, false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.repairs), (ZH, "GB18030", 0));
        // A character outside GBK needs GB18030's four-byte form.
        let s = format!("{ZH}𠀀字在扩展区。\n");
        let d = decode(&encode(GB18030, &s), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s.as_str(), "GB18030"));
    }

    #[test]
    fn big5() {
        let s = "中華民國政府新聞稿，教育部召開記者會說明相關政策。\n各級學校應配合辦理。\n";
        let d = decode(&encode(BIG5, s), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.repairs), (s, "Big5", 0));
    }

    #[test]
    fn wrong_meta_charset_prefers_clean_decode() {
        let html = format!(
            "<html><head><meta charset=\"utf-8\"><title>通知</title></head><body><p>{ZH}</p></body></html>"
        );
        let d = decode(&encode(GBK, &html), true).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.repairs),
            (html.as_str(), "GB18030", 0)
        );
    }

    #[test]
    fn wrong_single_byte_meta_charset_loses_to_clean_gbk() {
        let html = format!(
            "<html><head><meta charset=\"iso-8859-1\"></head><body><p>{ZH}</p></body></html>"
        );
        let d = decode(&encode(GBK, &html), true).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (html.as_str(), "GB18030"));
        // A genuinely Latin page keeps its declared charset.
        let latin = "<meta charset=\"windows-1252\"><p>Caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e, na\u{ef}ve fa\u{e7}ade</p>";
        let d = decode(&encode(encoding_rs::WINDOWS_1252, latin), true).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (latin, "windows-1252"));
    }

    #[test]
    fn meta_charset_is_honoured() {
        let html = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{ZH}</body></html>"
        );
        assert_eq!(meta_charset(html.as_bytes()), Some(GBK));
        let d = decode(&encode(GBK, &html), true).unwrap();
        assert_eq!(d.text, html);
        assert_eq!(meta_charset(b"<meta charset='big5'>"), Some(BIG5));
        assert_eq!(meta_charset(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta name=x><p>charset=gbk"), None);
    }

    #[test]
    fn gbk_line_pasted_into_utf8() {
        let mut b = "第一段是正常的UTF-8文字。\n第二段也是正常文字。\n"
            .as_bytes()
            .to_vec();
        b.extend(encode(GBK, "这一段是从旧网站粘贴的GBK文字。"));
        b.extend("\n第四段又回到UTF-8。\n".as_bytes());
        let d = decode(&b, false).unwrap();
        assert_eq!(d.repairs, 0);
        assert_eq!(d.encoding, "UTF-8+GB18030");
        assert!(d.text.contains("这一段是从旧网站粘贴的GBK文字。"));
        assert!(d.text.contains("第四段又回到UTF-8。"));
    }

    #[test]
    fn invalid_utf8_bytes_are_counted() {
        let mut b = "第一段是正常的文字内容。\n第二段".as_bytes().to_vec();
        b.extend([0xFF, 0xFF]);
        b.extend("继续写下去的文字。\n".as_bytes());
        let d = decode(&b, false).unwrap();
        assert_eq!(d.repairs, 2);
        assert!(d.text.contains("继续写下去的文字。"));
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn truncated_utf8_is_repaired_not_read_as_gb18030() {
        // Cut inside the last character: the remaining bytes of the last
        // line happen to form clean GB18030 (mojibake) when cut by one byte.
        let full =
            "市教育局召开党史学习教育动员会。\n\n全面部署各项工作。\n最后一行被截断的文字内容";
        for cut in 1..=2 {
            let b = &full.as_bytes()[..full.len() - cut];
            let d = decode(b, false).unwrap();
            assert_eq!((d.encoding, d.repairs), ("UTF-8", 1), "cut {cut}");
            assert!(
                d.text.contains("最后一行被截断的文字内"),
                "cut {cut}: {}",
                d.text
            );
        }
        // A one-line file, and an HTML page declaring a legacy charset.
        let one = "最后一行被截断的文字内容".as_bytes();
        let d = decode(&one[..one.len() - 1], false).unwrap();
        assert_eq!((d.encoding, d.repairs), ("UTF-8", 1));
        assert!(d.text.starts_with("最后一行被截断的文字内"));
        let html = format!("<meta charset=\"gbk\"><p>{full}</p>");
        let d = decode(&html.as_bytes()[..html.len() - 5], true).unwrap();
        assert_eq!((d.encoding, d.repairs), ("UTF-8", 1));
    }

    #[test]
    fn a_stray_byte_in_a_one_line_utf8_file_is_one_repair() {
        let mut b = "第一句话是正常的文字内容，".as_bytes().to_vec();
        b.push(0xA1);
        b.extend("第二句话也是正常的文字内容。".as_bytes());
        let d = decode(&b, false).unwrap();
        assert_eq!((d.encoding, d.repairs), ("UTF-8", 1));
        assert!(d.text.ends_with("第二句话也是正常的文字内容。"));
    }

    #[test]
    fn legacy_text_is_not_damaged_utf8() {
        let s = "市教育局召开党史学习教育动员会，全面部署各项工作。各学校认真组织学习，效果良好。";
        assert!(!looks_like_damaged_utf8(&encode(GBK, s)));
        assert!(!looks_like_damaged_utf8(&encode(GB18030, s)));
        let t = "中華民國政府新聞稿，教育部召開記者會說明相關政策。";
        assert!(!looks_like_damaged_utf8(&encode(BIG5, t)));
    }

    #[test]
    fn binary_is_refused() {
        let b = [
            0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0,
        ];
        assert_eq!(
            decode(&b, false),
            Err(DecodeError::Binary(Some("a program (ELF)")))
        );
        let mut b = b"PK\x03\x04".to_vec();
        b.extend([0u8; 40]);
        assert!(matches!(
            decode(&b, false),
            Err(DecodeError::Binary(Some(_)))
        ));
        // No signature, NULs: binary without a name.
        let mut b = b"\x01\x02data".to_vec();
        b.extend([0u8; 80]);
        assert_eq!(decode(&b, false), Err(DecodeError::Binary(None)));
    }

    #[test]
    fn garbage_is_undecodable_or_decoded_never_panics() {
        for seed in 0u32..200 {
            let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
            let bytes: Vec<u8> = (0..(seed as usize % 97))
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x >> 8) as u8
                })
                .collect();
            let _ = decode(&bytes, seed % 2 == 0);
        }
        assert_eq!(decode(b"", false).unwrap().text, "");
    }
}
