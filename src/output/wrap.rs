//! Wrapping marked text at a terminal's width the way Chinese typesetting
//! does: lines break only where Unicode's line-breaking rules (UAX #14,
//! through `unicode-linebreak`) allow, so numbers (`13个`), Latin words and
//! bracketed marks stay whole, and no line starts with closing punctuation
//! (the 避头 rule: `。`, `，`, `」` and their kind end the line before).

use unicode_linebreak::linebreaks;
use unicode_width::UnicodeWidthChar;

use super::terminal::Piece;

/// Characters that never start a line. UAX #14 already keeps most of them
/// (its CL, CP, EX, IS and NS classes) off a line's start; they are listed
/// here too so that a line forced to break inside an over-long run of
/// letters still honours the rule.
const NO_LINE_START: &str = "。，、；：？！．…‥）》」』】〉〕〗〙〛｝］”’·%,.;:?!)]}";

/// Splits `pieces` into lines of at most `width` columns (`None`: one line),
/// each piece keeping its style, a piece marked `whole` kept on one line.
/// Spaces at the end of a wrapped line are dropped.
pub(crate) fn wrap(pieces: &[Piece], width: Option<usize>) -> Vec<Vec<Piece>> {
    let Some(width) = width else {
        return vec![pieces.to_vec()];
    };
    let chars: Vec<(char, usize)> = pieces
        .iter()
        .enumerate()
        .flat_map(|(p, piece)| piece.text.chars().map(move |c| (c, p)))
        .collect();
    let text: String = chars.iter().map(|&(c, _)| c).collect();
    let mut breaks = break_opportunities(&text, chars.len());
    // A marked term reads as one unit: no break inside it (unless it is
    // longer than a line, when the overflow cut still applies).
    for i in 1..chars.len() {
        let (_, p) = chars[i];
        if pieces[p].whole && chars[i - 1].1 == p {
            breaks[i] = false;
        }
    }
    line_ranges(&chars, &breaks, width.max(1))
        .into_iter()
        .map(|(from, to)| {
            let mut to = to;
            while to > from && chars[to - 1].0 == ' ' {
                to -= 1;
            }
            pieces_of(&chars[from..to], pieces)
        })
        .collect()
}

/// For each character, whether a line may start at it: an opportunity
/// UAX #14 gives, and not a character of [`NO_LINE_START`].
fn break_opportunities(text: &str, len: usize) -> Vec<bool> {
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (n, (i, _)) in text.char_indices().enumerate() {
        byte_to_char[i] = n;
    }
    byte_to_char[text.len()] = len;
    let mut breakable = vec![false; len];
    for (byte, _) in linebreaks(text) {
        let at = byte_to_char[byte];
        if at < len {
            breakable[at] = true;
        }
    }
    for (i, c) in text.chars().enumerate() {
        if NO_LINE_START.contains(c) {
            breakable[i] = false;
        }
    }
    breakable
}

/// Greedy line filling: each line ends at the last opportunity that keeps it
/// within `width`; a run with no opportunity is cut where it overflows, one
/// character earlier if that would start a line with closing punctuation.
fn line_ranges(chars: &[(char, usize)], breakable: &[bool], width: usize) -> Vec<(usize, usize)> {
    let column = |i: usize| chars[i].0.width().unwrap_or(0);
    let mut lines = Vec::new();
    let (mut start, mut used, mut last_break) = (0usize, 0usize, None::<usize>);
    for i in 0..chars.len() {
        if i > start && breakable[i] {
            last_break = Some(i);
        }
        let w = column(i);
        let fits = used + w <= width || chars[i].0 == ' ';
        if !fits && i > start {
            let end = match last_break {
                Some(b) => b,
                None if i > start + 1 && NO_LINE_START.contains(chars[i].0) => i - 1,
                None => i,
            };
            lines.push((start, end));
            start = end;
            used = (start..i).map(column).sum();
            last_break = None;
        }
        used += w;
    }
    lines.push((start, chars.len()));
    lines
}

/// The characters of one line as pieces, a new piece wherever the source
/// piece changes.
fn pieces_of(line: &[(char, usize)], pieces: &[Piece]) -> Vec<Piece> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for &(c, p) in line {
        match out.last_mut() {
            Some((last, text)) if *last == p => text.push(c),
            _ => out.push((p, c.to_string())),
        }
    }
    out.into_iter()
        .map(|(p, text)| Piece {
            text,
            style: pieces[p].style,
            whole: pieces[p].whole,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<String> {
        let piece = Piece::plain(text.into());
        wrap(&[piece], Some(width))
            .into_iter()
            .map(|l| l.into_iter().map(|p| p.text).collect())
            .collect()
    }

    fn width_of(line: &str) -> usize {
        line.chars().map(|c| c.width().unwrap_or(0)).sum()
    }

    #[test]
    fn numbers_and_latin_words_stay_whole() {
        // Nine columns: 党总支部 (8) and then 13 would overflow.
        assert_eq!(lines("党总支部13个", 9), ["党总支部", "13个"]);
        assert_eq!(lines("党总支部13个", 10), ["党总支部13", "个"]);
        assert_eq!(lines("下载xuexi强国", 8), ["下载", "xuexi强", "国"]);
        for line in lines(&"共开展活动2000余场次，".repeat(8), 30) {
            assert!(width_of(&line) <= 30, "{line}");
        }
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let text = "把党史学习教育引向深入。坚持学史明理，学史增信、学史崇德。";
        for width in 4..30 {
            let wrapped = lines(text, width);
            assert_eq!(wrapped.concat(), text, "width {width}");
            for line in &wrapped {
                let first = line.chars().next().unwrap_or(' ');
                assert!(!NO_LINE_START.contains(first), "width {width}: {wrapped:?}");
                assert!(width_of(line) <= width.max(4), "width {width}: {wrapped:?}");
            }
        }
    }

    #[test]
    fn brackets_stay_on_their_word() {
        let wrapped = lines("开展党史学习教育[党史]学习", 18);
        assert_eq!(wrapped, ["开展党史学习教育", "[党史]学习"]);
    }

    #[test]
    fn styles_follow_their_characters_across_lines() {
        let pieces = [
            Piece::plain("一二三".into()),
            Piece {
                text: "四五".into(),
                style: Some(anstyle::Style::new().bold()),
                whole: false,
            },
        ];
        let wrapped = wrap(&pieces, Some(8));
        assert_eq!(wrapped.len(), 2);
        assert_eq!(wrapped[0][1].text, "四");
        assert_eq!(wrapped[1][0].text, "五");
        assert!(wrapped[1][0].style.is_some());
    }

    #[test]
    fn a_marked_term_is_kept_on_one_line() {
        let pieces = [
            Piece::plain("在学习中运用".into()),
            Piece {
                text: "[党史学习教育]".into(),
                style: None,
                whole: true,
            },
            Piece::plain("成果".into()),
        ];
        let wrapped: Vec<String> = wrap(&pieces, Some(20))
            .into_iter()
            .map(|l| l.into_iter().map(|p| p.text).collect())
            .collect();
        assert_eq!(wrapped, ["在学习中运用", "[党史学习教育]成果"]);
    }

    #[test]
    fn spaces_end_a_line_and_are_dropped_there() {
        assert_eq!(lines("hello world again", 11), ["hello world", "again"]);
        assert_eq!(lines("abc", 10), ["abc"]);
        assert_eq!(lines("", 10), [""]);
    }
}
