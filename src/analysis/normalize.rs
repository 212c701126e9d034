//! Character normalization shared by the index and the query side.
//!
//! Every rule maps one `char` to exactly one `char`. That invariant is what lets
//! the rest of xunwen treat character positions in the normalized text as
//! character positions in the original text: phrase positions, highlights and
//! snippet offsets never need a remapping table, only byte offsets do.

use std::borrow::Cow;

use super::script::to_simplified;

/// Maps one character to its searchable form.
///
/// - full-width ASCII (`Ａ`, `１`, `（`) to half-width, because government pages
///   mix both freely and a user types whichever their input method gives;
/// - ideographic space (U+3000) and no-break space to a plain space;
/// - letters to lower case when the lower case is a single character;
/// - Traditional Chinese characters to Simplified ([`super::script`]), so
///   黨史 finds 党史 and the other way round.
#[inline]
pub fn normalize_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        c if c.is_ascii() => c,
        // CJK ideographs first: the bulk of the text, never upper case.
        '\u{3400}'..='\u{9fff}' => to_simplified(c),
        '\u{3000}' | '\u{a0}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => {
            // The full-width block mirrors ASCII 0x21..=0x7E at a fixed distance.
            let half = char::from_u32(c as u32 - 0xfee0).unwrap_or(c);
            half.to_ascii_lowercase()
        }
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        c => to_simplified(c),
    }
}

/// Normalizes `text`, borrowing it when nothing changes (the common case for
/// plain Chinese prose, so the indexing hot path does not allocate).
pub fn normalize(text: &str) -> Cow<'_, str> {
    match text.char_indices().find(|&(_, c)| normalize_char(c) != c) {
        None => Cow::Borrowed(text),
        Some((first, _)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..first]);
            out.extend(text[first..].chars().map(normalize_char));
            Cow::Owned(out)
        }
    }
}

/// The characters a paragraph is compared by when duplicates are folded:
/// normalized letters and digits only, so copies that differ in spaces,
/// punctuation, width or script are one paragraph.
pub fn folding_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(normalize_char)
        .filter(|&c| is_indexable(c))
}

/// Whether a character carries meaning for search: letters (including CJK
/// ideographs) and digits. Punctuation and spaces separate terms but are never
/// terms themselves.
#[inline]
pub fn is_indexable(c: char) -> bool {
    match c {
        // The bulk of the text, answered without the Unicode tables (whose
        // lookup for CJK was 3-4 % of a build). Every code point of the CJK
        // Unified Ideographs block is assigned and alphabetic.
        '\u{4e00}'..='\u{9fff}' => true,
        c if c.is_ascii() => c.is_ascii_alphanumeric(),
        c => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_spaces_punctuation_width_and_script() {
        let key = |text| folding_chars(text).collect::<String>();
        assert_eq!(
            key("鹤山市　开展“党史”学习，ＡＢ。"),
            key("鹤山市开展黨史学习ab")
        );
        assert_ne!(key("党史学习"), key("党史教育"));
    }

    #[test]
    fn folds_full_width_ascii_and_case() {
        assert_eq!(normalize("ＡＰＰ下载２０２１年"), "app下载2021年");
        assert_eq!(normalize("（ＣＰＣ）"), "(cpc)");
    }

    #[test]
    fn ideographic_and_no_break_spaces_become_spaces() {
        assert_eq!(
            normalize("\u{3000}\u{3000}第一条\u{a0}总则"),
            "  第一条 总则"
        );
    }

    #[test]
    fn traditional_folds_to_simplified_keeping_char_count() {
        assert_eq!(normalize("黨史學習教育"), "党史学习教育");
        assert_eq!(normalize("鄉村振興ＡＰＰ"), "乡村振兴app");
        let s = "中華人民共和國𡞵";
        assert_eq!(s.chars().count(), normalize(s).chars().count());
    }

    #[test]
    fn normalization_is_idempotent() {
        for s in ["ＡＢＣ　黨史", "İstanbul ΣΑΣ", "薴麻", "臺灣"] {
            let once = normalize(s).into_owned();
            assert_eq!(normalize(&once), once.as_str(), "{s}");
        }
    }

    #[test]
    fn plain_chinese_is_borrowed() {
        assert!(matches!(normalize("党史学习教育"), Cow::Borrowed(_)));
    }

    #[test]
    fn normalization_keeps_char_count() {
        for s in [
            "ＡＢＣ　党史",
            "İstanbul ΣΑΣ",
            "ß ǅ Ⅻ",
            "混合Mixed　ｔｅｘｔ",
        ] {
            assert_eq!(s.chars().count(), normalize(s).chars().count(), "{s}");
        }
    }

    #[test]
    fn indexable_fast_paths_agree_with_unicode() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_indexable(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn punctuation_is_not_indexable() {
        assert!(is_indexable('党'));
        assert!(is_indexable('7'));
        assert!(!is_indexable('，'));
        assert!(!is_indexable(' '));
        assert!(!is_indexable('▲'));
    }
}
