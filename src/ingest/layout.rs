//! Fixed-layout pages (PDF, OFD) → blocks. Readers hand over positioned
//! text fragments; this module groups them into lines (same baseline, left
//! to right, a space where a gap is wide, so table cells stay apart and a
//! row stays one line), drops page furniture (page numbers such as `— 3 —`,
//! `第 3 页 共 12 页`, `3/12`, and lines repeated at the same place on most
//! pages), and joins lines into paragraphs: a paragraph ends at a larger
//! vertical gap, a change of type size, an indented next line, or a line
//! that stops short of the right margin; it carries on over a page break.

use super::gongwen::{join_line, Block};

/// One run of text at a position on a page, in a top-down coordinate space
/// (y grows downwards) of any unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// Left edge.
    pub x: f32,
    /// Baseline (or top; the same for every fragment of a reader).
    pub y: f32,
    /// Advance width; 0 when unknown (estimated from the size).
    pub width: f32,
    /// Type size, in the same unit as x and y.
    pub size: f32,
    /// The text.
    pub text: String,
}

/// One page of fragments and its height, in the fragments' unit.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The fragments, in any order.
    pub fragments: Vec<Fragment>,
    /// Height of the page; 0 when unknown.
    pub height: f32,
}

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Has a gap wide enough to be a column (a table row, a form).
    gapped: bool,
    page: u32,
}

/// The blocks of the pages, in reading order.
pub fn blocks(pages: &[Page]) -> Vec<Block> {
    let mut all: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| lines(&p.fragments, i as u32 + 1))
        .collect();
    drop_furniture(&mut all, pages);
    paragraphs(&all)
}

/// Groups fragments into lines by baseline, each sorted left to right.
fn lines(fragments: &[Fragment], page: u32) -> Vec<Line> {
    let mut frags: Vec<&Fragment> = fragments
        .iter()
        .filter(|f| !f.text.trim().is_empty() && f.x.is_finite() && f.y.is_finite())
        .collect();
    frags.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Fragment>> = Vec::new();
    for f in frags {
        let size = f.size.max(0.1);
        match groups.last_mut() {
            Some(g) if (g[0].y - f.y).abs() <= 0.45 * size.max(g[0].size) => g.push(f),
            _ => groups.push(vec![f]),
        }
    }
    groups.into_iter().map(|g| line_of(g, page)).collect()
}

fn line_of(mut g: Vec<&Fragment>, page: u32) -> Line {
    g.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = g.iter().map(|f| f.size).fold(0.0f32, f32::max).max(0.1);
    let mut text = String::new();
    let mut gapped = false;
    let mut end: Option<f32> = None;
    for f in &g {
        if let Some(e) = end {
            let gap = f.x - e;
            if gap > 1.5 * size {
                gapped = true;
                text.push(' ');
            } else if gap > 0.25 * size && !text.ends_with(' ') {
                let wide = |c: char| c as u32 >= 0x2E80;
                let cjk = text.chars().next_back().is_some_and(wide)
                    || f.text.chars().next().is_some_and(wide);
                if !cjk || gap > 0.8 * size {
                    text.push(' ');
                }
            }
        }
        text.push_str(&f.text);
        end = Some(f.x + width(f));
    }
    Line {
        text: text.trim().to_owned(),
        x0: g.first().map_or(0.0, |f| f.x),
        x1: end.unwrap_or(0.0),
        y: g[0].y,
        size,
        gapped,
        page,
    }
}

/// A fragment's width, estimated from its characters when unknown.
fn width(f: &Fragment) -> f32 {
    if f.width > 0.0 {
        return f.width;
    }
    f.text
        .chars()
        .map(|c| {
            if c as u32 >= 0x2E80 {
                f.size
            } else {
                f.size * 0.5
            }
        })
        .sum()
}

/// Removes page numbers and running headers and footers.
fn drop_furniture(all: &mut [Vec<Line>], pages: &[Page]) {
    let heights: Vec<f32> = all
        .iter()
        .zip(pages)
        .map(|(lines, p)| {
            if p.height > 0.0 {
                p.height
            } else {
                lines.iter().map(|l| l.y).fold(0.0, f32::max) * 1.1
            }
        })
        .collect();
    let repeated = repeated_lines(all);
    for (i, page) in all.iter_mut().enumerate() {
        let h = heights[i];
        page.retain(|l| {
            let band = l.y < h * 0.12 || l.y > h * 0.85;
            let key = (shape(&l.text), (l.y / 2.0).round() as i32);
            !(is_page_number(&l.text) && (band || l.text.contains('页')))
                && !(band && repeated.contains(&key))
        });
    }
}

/// Lines (by text with digits masked, and place) on more than half of the
/// pages, at least 3; on both pages of a two-page file.
fn repeated_lines(all: &[Vec<Line>]) -> std::collections::HashSet<(String, i32)> {
    let mut counts: std::collections::HashMap<(String, i32), usize> = Default::default();
    for page in all {
        let mut seen = std::collections::HashSet::new();
        for l in page {
            let key = (shape(&l.text), (l.y / 2.0).round() as i32);
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    let n = all.len();
    let need = if n <= 2 { 2 } else { (n / 2 + 1).max(3) };
    counts
        .into_iter()
        .filter(|(_, c)| *c >= need && n >= 2)
        .map(|(k, _)| k)
        .collect()
}

/// The text with digits masked, so `第 3 页` and `第 4 页` are alike.
fn shape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A page number: `3`, `- 3 -`, `— 3 —`, `·3·`, `第 3 页`, `第3页 共12页`,
/// `共12页 第3页`, `3/12`, `Page 3 of 12`.
pub fn is_page_number(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '－' | '·' | '•' | '‐'))
        .collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let lower = t.to_ascii_lowercase();
    if digits(&t) {
        // Not a year or an amount: pages run to 3 digits.
        return t.len() <= 3 && text.trim().chars().count() <= 8;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(rest),
        };
    }
    let core = t.replace(['第', '页', '共', '，', ','], "");
    t.contains('页') && core.chars().all(|c| c.is_ascii_digit()) && !core.is_empty()
}

/// Joins lines into paragraphs.
fn paragraphs(all: &[Vec<Line>]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut prev: Option<&Line> = None;
    for page in all {
        let (left, right) = margins(page);
        let spacing = line_spacing(page);
        for l in page {
            let continues = prev.is_some_and(|p| {
                let same_size = (p.size - l.size).abs() <= 0.15 * p.size;
                let gap_ok = p.page != l.page || (l.y - p.y) <= spacing * 1.35 + 0.05 * l.size;
                let full = p.x1 >= right - 1.5 * p.size;
                let indented = l.x0 > left + 1.2 * l.size;
                same_size && gap_ok && full && !indented && !p.gapped && !l.gapped
            });
            match out.last_mut() {
                Some(b) if continues => join_line(&mut b.text, &l.text),
                _ => out.push(Block {
                    text: l.text.clone(),
                    size: l.size,
                    page: l.page,
                }),
            }
            prev = Some(l);
        }
    }
    out
}

/// The left and right edges of a page's text.
fn margins(page: &[Line]) -> (f32, f32) {
    let left = page.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = page.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    (left, right)
}

/// The usual distance between consecutive lines on a page (the median).
fn line_spacing(page: &[Line]) -> f32 {
    let mut gaps: Vec<f32> = page
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|g| *g > 0.0)
        .collect();
    if gaps.is_empty() {
        return f32::MAX / 4.0;
    }
    gaps.sort_by(f32::total_cmp);
    gaps[gaps.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(x: f32, y: f32, text: &str) -> Fragment {
        Fragment {
            x,
            y,
            width: 0.0,
            size: 10.0,
            text: text.into(),
        }
    }

    /// A line of `n` CJK characters starting at `x`.
    fn cjk(x: f32, y: f32, s: &str) -> Fragment {
        frag(x, y, s)
    }

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "— 3 —",
            "第 3 页 共 12 页",
            "共12页第3页",
            "3/12",
            "Page 3 of 12",
            "·3·",
            "第3页",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2024", "3月", "第三章", "合计 12", "1234567"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn lines_paragraphs_and_furniture() {
        // Two pages, 10 wide chars per full line (x 100..200), header at
        // y 20, page number at y 390 on a 400-high page.
        let page1 = vec![
            frag(100.0, 20.0, "青山市人民政府公报"),
            cjk(120.0, 100.0, "一段正文从这里开始"), // indented first line
            cjk(100.0, 115.0, "接着写满整整一行字了"),
            cjk(100.0, 130.0, "到下一页还没有写完的"),
            frag(140.0, 390.0, "— 1 —"),
        ];
        let page2 = vec![
            frag(100.0, 20.0, "青山市人民政府公报"),
            cjk(100.0, 100.0, "段落。"),
            cjk(120.0, 115.0, "第二段"),
            frag(100.0, 160.0, "项目"),
            frag(170.0, 160.0, "金额"),
            frag(140.0, 390.0, "— 2 —"),
        ];
        let pages = [page1, page2].map(|fragments| Page {
            fragments,
            height: 400.0,
        });
        let b = blocks(&pages);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一段正文从这里开始接着写满整整一行字了到下一页还没有写完的段落。",
                "第二段",
                "项目 金额"
            ]
        );
        assert_eq!((b[0].page, b[1].page), (1, 2));
    }

    #[test]
    fn latin_words_get_spaces() {
        let mut a = frag(100.0, 50.0, "Annual");
        a.width = 30.0;
        let mut b = frag(133.0, 50.0, "budget");
        b.width = 30.0;
        let l = lines(&[b, a], 1);
        assert_eq!(l[0].text, "Annual budget");
        let l = lines(&[frag(100.0, 50.0, "预算"), frag(120.5, 50.5, "执行")], 1);
        assert_eq!(l[0].text, "预算执行");
    }
}
