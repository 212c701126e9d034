//! Spaces that are not boundaries.
//!
//! Chinese puts no spaces between words, yet sources scatter them: text
//! taken from PDFs, pages typeset with spaces for width, or a number set off
//! from its word (`活动 2000余场次`). A space between two Han characters, or
//! between a Han character and a digit, separates nothing, so literal
//! matching reads through it, on both sides: the index cuts
//! `活动 2000余场次` as if it were `活动2000余场次`, and the quoted query
//! `"党史 学习"` is the literal `党史学习`. Spaces between Latin words, or
//! between a Han character and a Latin letter, stay boundaries.
//!
//! The text is taken after [`super::normalize`], where the ideographic and
//! no-break spaces are already plain spaces.

use std::borrow::Cow;

/// Whether `c` is a Han ideograph (the CJK Unified Ideographs blocks and
/// their compatibility block).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}')
}

/// Whether a run of spaces between `before` and `after` separates nothing:
/// Han on both sides, or Han on one side and a digit on the other.
pub(crate) fn joins(before: char, after: char) -> bool {
    let digit = |c: char| c.is_ascii_digit();
    (is_han(before) && (is_han(after) || digit(after))) || (digit(before) && is_han(after))
}

/// For each of `len` characters (read through `char_at`), whether it is a
/// space this module drops: calls `drop` with the range of every such run.
pub(crate) fn stray_runs(
    len: usize,
    char_at: impl Fn(usize) -> char,
    mut drop: impl FnMut(std::ops::Range<usize>),
) {
    let mut i = 0;
    while i < len {
        if !char_at(i).is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < len && char_at(i).is_whitespace() {
            i += 1;
        }
        if start > 0 && i < len && joins(char_at(start - 1), char_at(i)) {
            drop(start..i);
        }
    }
}

/// `text` (normalized) without the spaces that separate nothing; borrowed
/// when it has none, as almost every paragraph.
///
/// One pass over the text, copying only once a run is dropped: every
/// paragraph is joined on its way into the `words` field, and collecting
/// its characters first (as [`stray_runs`] reads them) was 2 % of a build.
pub fn join_stray_spaces(text: &str) -> Cow<'_, str> {
    let mut joined: Option<String> = None;
    // Bytes of `text` already copied into `joined`.
    let mut copied = 0;
    // The character before the current run of spaces (never a space).
    let mut before = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_space(c) {
            before = Some(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek().filter(|&&(_, d)| is_space(d)) {
            end = i + d.len_utf8();
            chars.next();
        }
        let after = chars.peek().map(|&(_, d)| d);
        if let (Some(before), Some(after)) = (before, after) {
            if joins(before, after) {
                let out = joined.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..start]);
                copied = end;
            }
        }
    }
    match joined {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// `char::is_whitespace`, answered without the Unicode table for the bulk
/// of the text: no white space lies above U+3000, the ideographic space.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

/// The characters of `text` (normalized) that literal matching sees, each
/// with its char index in `text`: every character but the dropped spaces.
pub fn matched_chars(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    stray_runs(chars.len(), |i| chars[i], |run| keep[run].fill(false));
    chars
        .into_iter()
        .enumerate()
        .filter(|&(i, _)| keep[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_han_or_han_and_digits_are_dropped() {
        assert_eq!(join_stray_spaces("活动 2000余场次"), "活动2000余场次");
        assert_eq!(join_stray_spaces("党史 学习"), "党史学习");
        assert_eq!(join_stray_spaces("共 15 件"), "共15件");
        assert_eq!(join_stray_spaces("党史   学习"), "党史学习");
    }

    #[test]
    fn spaces_beside_latin_or_punctuation_stay() {
        for text in [
            "学习 app",
            "app 学习",
            "hello world",
            "学习， 教育",
            "2021 2022",
        ] {
            assert_eq!(join_stray_spaces(text), text);
        }
        assert!(matches!(join_stray_spaces("党史学习"), Cow::Borrowed(_)));
        assert!(matches!(join_stray_spaces("学习 app"), Cow::Borrowed(_)));
    }

    /// The joining as it was written first, over the collected characters
    /// with [`stray_runs`]: the one-pass version must give the same text.
    fn joined_by_runs(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut keep = vec![true; chars.len()];
        stray_runs(chars.len(), |i| chars[i], |run| keep[run].fill(false));
        chars
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(&c, _)| c)
            .collect()
    }

    #[test]
    fn one_pass_joining_agrees_with_the_runs() {
        for text in [
            "",
            " ",
            "  党史",
            "党史  ",
            "党 史 学 习",
            "活动 2000余场次 共 15 件",
            "2021 2022 年",
            "学习 app 教育\t\u{3000}工作",
            "党\u{2003}史\u{a0}\u{3000}学习，\u{3000}教育",
            "a 党 1 b",
            "𠀀 党",
        ] {
            assert_eq!(join_stray_spaces(text), joined_by_runs(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_joining_agrees_with_the_runs_on_any_text(
            text in "[党史 1a\u{3000}\u{a0}\t,𠀀]{0,24}"
        ) {
            proptest::prop_assert_eq!(join_stray_spaces(&text), joined_by_runs(&text));
        }
    }

    #[test]
    fn is_space_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn matched_chars_keep_their_index_in_the_text() {
        let chars = matched_chars("活动 20");
        assert_eq!(chars, [(0, '活'), (1, '动'), (3, '2'), (4, '0')]);
        assert_eq!(matched_chars(" 党 "), [(0, ' '), (1, '党'), (2, ' ')]);
    }
}
