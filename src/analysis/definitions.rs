//! Short forms a document defines for itself:
//! `国家发展和改革委员会（以下简称国家发改委）`, `（简称…）`, `（下称…）`.
//!
//! Only definitions that read as abbreviations are kept: the short form's
//! characters appear, in order, in the full form (国家发改委 in
//! 国家发展和改革委员会), it is not simply a piece of the full form (《行政
//! 许可法》 for 《中华人民共和国行政许可法》 needs no synonym: a literal
//! search finds it), and it does not stand for "this one" (本办法, 该公司,
//! 甲方). Which full form a short form stands for is read back from the
//! bracket: the quoted title (《…》, “…”) just before it, else the shortest
//! stretch of the clause before it that holds the short form's characters.

use super::normalize::is_indexable;

/// What opens a definition inside a bracket, longest first.
const MARKERS: [&str; 5] = ["以下简称", "以下称", "简称为", "简称", "下称"];
/// Longest short form, and longest full form, in characters.
const MAX_SHORT: usize = 12;
const MAX_FULL: usize = 40;
/// Short forms that point at the text itself or a party to it, not a name.
const DEICTIC: [char; 8] = ['本', '该', '此', '我', '甲', '乙', '丙', '各'];

/// The `(full, short)` pairs `text` (one paragraph) defines.
pub fn definitions(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (open, &c) in chars.iter().enumerate() {
        if c != '（' && c != '(' {
            continue;
        }
        let Some(short) = short_form(&chars[open + 1..]) else {
            continue;
        };
        let Some(full) = full_form(&chars[..open], &short) else {
            continue;
        };
        let full: String = full.into_iter().collect();
        let short: String = short.into_iter().collect();
        if is_abbreviation(&full, &short) && !found.iter().any(|(f, s)| f == &full && s == &short) {
            found.push((full, short));
        }
    }
    found
}

/// The short form a bracket's text defines: the letters and digits after a
/// marker, quotes and a colon skipped, up to the first other character.
fn short_form(inside: &[char]) -> Option<Vec<char>> {
    let end = inside
        .iter()
        .take(MAX_SHORT + 12)
        .position(|&c| c == '）' || c == ')')?;
    let inside: String = inside[..end].iter().collect();
    let rest = MARKERS
        .iter()
        .find_map(|m| inside.trim_start().strip_prefix(m))?;
    let rest = rest.trim_start_matches(['：', ':', '“', '"', '《', '「', '『', ' ']);
    let short: Vec<char> = rest.chars().take_while(|&c| is_indexable(c)).collect();
    let count = short.len();
    ((2..=MAX_SHORT).contains(&count) && !DEICTIC.contains(&short[0])).then_some(short)
}

/// The full form before the bracket: a quoted title right before it, else
/// the shortest end of the clause that starts with the short form's first
/// character and holds its characters in order.
fn full_form(before: &[char], short: &[char]) -> Option<Vec<char>> {
    let quote = match before.last()? {
        '》' => Some('《'),
        '”' => Some('“'),
        '"' => Some('"'),
        _ => None,
    };
    if let Some(opening) = quote {
        let inner = &before[..before.len() - 1];
        let start = inner.iter().rposition(|&c| c == opening)? + 1;
        let full = &inner[start..];
        return (full.len() <= MAX_FULL).then(|| full.to_vec());
    }
    let clause_start = before
        .iter()
        .rposition(|&c| !is_indexable(c))
        .map_or(0, |p| p + 1);
    let clause = &before[clause_start..];
    let start = (0..clause.len())
        .rev()
        .find(|&p| clause[p] == short[0] && holds_in_order(&clause[p..], short))?;
    let full = &clause[start..];
    (full.len() <= MAX_FULL).then(|| full.to_vec())
}

/// Whether `short`'s characters appear in `full` in order.
fn holds_in_order(full: &[char], short: &[char]) -> bool {
    let mut rest = full.iter();
    short.iter().all(|c| rest.any(|f| f == c))
}

/// A real abbreviation: shorter than its full form, its characters in order
/// in it, and not a piece of it.
fn is_abbreviation(full: &str, short: &str) -> bool {
    let f: Vec<char> = full.chars().collect();
    let s: Vec<char> = short.chars().collect();
    s.len() < f.len()
        && f.iter().all(|&c| is_indexable(c))
        && holds_in_order(&f, &s)
        && !full.contains(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        definitions(text)
    }

    #[test]
    fn a_named_body_and_its_short_form() {
        assert_eq!(
            pairs("会议听取了国家发展和改革委员会（以下简称国家发改委）的汇报。"),
            [("国家发展和改革委员会".to_string(), "国家发改委".to_string())]
        );
        assert_eq!(
            pairs("由鹤山市教育局(简称“鹤教局”)牵头"),
            [("鹤山市教育局".to_string(), "鹤教局".to_string())]
        );
        assert_eq!(
            pairs("粤港澳大湾区青年创业示范基地（下称：青创基地）"),
            [("青年创业示范基地".to_string(), "青创基地".to_string())]
        );
    }

    #[test]
    fn a_quoted_title_is_the_full_form() {
        assert_eq!(
            pairs("印发《乡村教师支持计划实施办法》（以下简称《乡教办法》）"),
            [(
                "乡村教师支持计划实施办法".to_string(),
                "乡教办法".to_string()
            )]
        );
    }

    #[test]
    fn pieces_pointers_and_non_abbreviations_are_not_pairs() {
        // A piece of the full form: a literal search finds it already.
        assert!(pairs("《中华人民共和国行政许可法》（以下简称《行政许可法》）").is_empty());
        // "This one" and the parties of a contract.
        assert!(pairs("《某某管理办法》（以下简称本办法）").is_empty());
        assert!(pairs("某某科技有限公司（以下简称甲方）").is_empty());
        // Characters the full form does not hold.
        assert!(pairs("两项制度（以下简称双轨）").is_empty());
        // No marker, or no closing bracket.
        assert!(pairs("国家发展和改革委员会（发改委）").is_empty());
        assert!(pairs("国家发展和改革委员会（以下简称国家发改委").is_empty());
    }
}
