//! The query language: words, `"phrases"`, `OR`, `-exclusion`, `title:`.
//!
//! Parsing only finds the structure and reports syntax errors with their
//! position; turning words into index terms is the planner's job, so this
//! stage can be tested without a dictionary.

use std::fmt;

/// Where a term must be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Paragraph text (titles add weight but do not satisfy the term).
    Text,
    /// Document titles only (`title:`).
    Title,
}

/// One searched-for piece of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// The text as typed (without quotes or prefixes).
    pub text: String,
    /// `"..."`: the exact phrase, not its words in any order.
    pub phrase: bool,
    /// Where it must match.
    pub scope: Scope,
}

/// Atoms joined by `OR`: a paragraph satisfies the clause if it matches any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// `-`: paragraphs matching the clause are excluded.
    pub negated: bool,
    /// The alternatives (one unless `OR` was used).
    pub alternatives: Vec<Atom>,
}

/// A parsed query: every non-negated clause is required.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// Clauses in the order typed.
    pub clauses: Vec<Clause>,
}

/// A syntax error, with the character position it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The query as typed.
    pub query: String,
    /// Character index of the problem in `query`.
    pub position: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// How many characters of the query an error message shows around the
/// position it points at; a longer query is cut with `…` on either side.
const ERROR_WINDOW_CHARS: usize = 60;

/// Whether a character would garble the one-line echo of the query: control
/// characters, and the invisible format characters (zero-width spaces and
/// joiners, bidirectional marks and isolates, BOM) that would shift or
/// reorder the line above the caret.
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{061c}'
            | '\u{00ad}')
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use unicode_width::UnicodeWidthStr;
        let shown: Vec<char> = self
            .query
            .chars()
            .map(|c| if is_unprintable(c) { '\u{fffd}' } else { c })
            .collect();
        let position = self.position.min(shown.len());
        let (from, to) = if shown.len() <= ERROR_WINDOW_CHARS {
            (0, shown.len())
        } else {
            let from = position
                .saturating_sub(ERROR_WINDOW_CHARS / 2)
                .min(shown.len() - ERROR_WINDOW_CHARS);
            (from, from + ERROR_WINDOW_CHARS)
        };
        let mut line = String::new();
        if from > 0 {
            line.push('…');
        }
        let caret_at = line.chars().count() + (position - from);
        line.extend(&shown[from..to]);
        if to < shown.len() {
            line.push('…');
        }
        let before: String = line.chars().take(caret_at).collect();
        let column = UnicodeWidthStr::width(before.as_str());
        write!(
            f,
            "query syntax error: {}\n  {}\n  {}^",
            self.message,
            line,
            " ".repeat(column)
        )
    }
}

impl std::error::Error for SyntaxError {}

/// A lexical token of the query with its character position.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word {
        text: String,
        negated: bool,
        title: bool,
    },
    Phrase {
        text: String,
        negated: bool,
        title: bool,
    },
    Or,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

fn is_open_quote(c: char) -> bool {
    c == '"' || c == '“'
}

fn closing_quote(open: char) -> char {
    if open == '“' {
        '”'
    } else {
        '"'
    }
}

/// Longest query accepted, in characters. Every word of a query is its own
/// requirement and the search relaxes them one by one for partial matches,
/// so the work grows much faster than the length: a pasted page would run
/// for minutes. Real queries, even whole sentences, are far shorter.
pub const MAX_QUERY_CHARS: usize = 256;

/// Parses a query string.
pub fn parse(query: &str) -> Result<ParsedQuery, SyntaxError> {
    let error = |position: usize, message: &str| SyntaxError {
        query: query.to_string(),
        position,
        message: message.to_string(),
    };
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(error(
            MAX_QUERY_CHARS,
            &format!(
                "the query is too long ({length} characters, at most {MAX_QUERY_CHARS}): \
                 keep its key words or a short phrase"
            ),
        ));
    }
    let chars: Vec<char> = query.chars().collect();
    let mut tokens: Vec<(usize, Token)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut negated = false;
        let mut title = false;
        if chars[i] == '-' {
            negated = true;
            i += 1;
            if i >= chars.len() || is_space(chars[i]) {
                return Err(error(
                    start,
                    "`-` must be followed by the term to exclude, as in `-党史`",
                ));
            }
        }
        let rest: String = chars[i..chars.len().min(i + 6)].iter().collect();
        if rest.to_ascii_lowercase().starts_with("title:") || rest.starts_with("title：") {
            title = true;
            i += 6;
            if i >= chars.len() || is_space(chars[i]) {
                return Err(error(
                    start,
                    "`title:` must be followed by a term, as in `title:政府工作报告`",
                ));
            }
        }
        if is_open_quote(chars[i]) {
            let close = closing_quote(chars[i]);
            let open_at = i;
            let end = chars[i + 1..]
                .iter()
                .position(|&c| c == close || (close == '”' && c == '"'))
                .map(|p| p + i + 1)
                .ok_or_else(|| {
                    error(
                        open_at,
                        "this quote is never closed: add the closing quote or remove it",
                    )
                })?;
            let text: String = chars[i + 1..end].iter().collect();
            if text.trim().is_empty() {
                return Err(error(
                    open_at,
                    "empty phrase: put the words to find between the quotes",
                ));
            }
            tokens.push((
                start,
                Token::Phrase {
                    text,
                    negated,
                    title,
                },
            ));
            i = end + 1;
            continue;
        }
        let word_start = i;
        while i < chars.len() && !is_space(chars[i]) {
            if is_open_quote(chars[i]) {
                break;
            }
            if chars[i] == '”' {
                return Err(error(
                    i,
                    "closing quote without an opening one: remove it or add `\"` before the phrase",
                ));
            }
            i += 1;
        }
        let text: String = chars[word_start..i].iter().collect();
        if text == "OR" && !negated && !title {
            tokens.push((start, Token::Or));
        } else {
            tokens.push((
                start,
                Token::Word {
                    text,
                    negated,
                    title,
                },
            ));
        }
    }

    let mut parsed = ParsedQuery::default();
    let mut pending_or: Option<usize> = None;
    for (position, token) in tokens {
        let (text, phrase, negated, title) = match token {
            Token::Or => {
                if pending_or.is_some() || parsed.clauses.is_empty() {
                    return Err(error(
                        position,
                        "`OR` needs a term on each side, as in `党史 OR 党建`",
                    ));
                }
                pending_or = Some(position);
                continue;
            }
            Token::Word {
                text,
                negated,
                title,
            } => (text, false, negated, title),
            Token::Phrase {
                text,
                negated,
                title,
            } => (text, true, negated, title),
        };
        let atom = Atom {
            text,
            phrase,
            scope: if title { Scope::Title } else { Scope::Text },
        };
        if pending_or.take().is_some() {
            let previous = parsed.clauses.last_mut();
            match previous {
                Some(clause) if !clause.negated && !negated => clause.alternatives.push(atom),
                _ => {
                    return Err(error(
                        position,
                        "an excluded term (`-term`) cannot be part of an `OR`",
                    ));
                }
            }
        } else {
            parsed.clauses.push(Clause {
                negated,
                alternatives: vec![atom],
            });
        }
    }
    if let Some(position) = pending_or {
        return Err(error(
            position,
            "`OR` needs a term on each side, as in `党史 OR 党建`",
        ));
    }
    if parsed.clauses.is_empty() {
        return Err(error(
            0,
            "the query is empty: give at least one word to search for",
        ));
    }
    if parsed.clauses.iter().all(|c| c.negated) {
        return Err(error(
            0,
            "the query only excludes: add a term to search for, as in `党建 -党史`",
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(text: &str, phrase: bool, scope: Scope) -> Atom {
        Atom {
            text: text.into(),
            phrase,
            scope,
        }
    }

    #[test]
    fn words_phrases_exclusions_and_title() {
        let q = parse("党建 -党史 \"学习 强国\" title:政府工作报告").expect("parses");
        assert_eq!(q.clauses.len(), 4);
        assert_eq!(
            q.clauses[0].alternatives,
            [atom("党建", false, Scope::Text)]
        );
        assert!(q.clauses[1].negated);
        assert_eq!(
            q.clauses[2].alternatives,
            [atom("学习 强国", true, Scope::Text)]
        );
        assert_eq!(
            q.clauses[3].alternatives,
            [atom("政府工作报告", false, Scope::Title)]
        );
    }

    #[test]
    fn or_joins_alternatives() {
        let q = parse("党史 OR 党建 教育").expect("parses");
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(q.clauses[0].alternatives.len(), 2);
    }

    #[test]
    fn chinese_quotes_make_phrases() {
        let q = parse("“党史学习教育”").expect("parses");
        assert_eq!(
            q.clauses[0].alternatives,
            [atom("党史学习教育", true, Scope::Text)]
        );
    }

    #[test]
    fn lowercase_or_is_a_word() {
        let q = parse("a or b").expect("parses");
        assert_eq!(q.clauses.len(), 3);
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let cases = [
            ("党史 \"学习", 3, "never closed"),
            ("党史 OR", 3, "OR"),
            ("OR 党史", 0, "OR"),
            ("党史 OR OR 党建", 6, "OR"),
            ("党史 -", 3, "`-`"),
            ("-党史", 0, "only excludes"),
            ("   ", 0, "empty"),
            ("\"\"", 0, "empty phrase"),
            ("title:", 0, "title:"),
            ("党史 OR -党建", 6, "cannot be part"),
        ];
        for (query, position, needle) in cases {
            let err = parse(query).expect_err(query);
            assert_eq!(err.position, position, "{query}: {err}");
            assert!(err.message.contains(needle), "{query}: {err}");
        }
    }

    #[test]
    fn overlong_queries_are_refused_with_a_short_echo() {
        let long = "党史".repeat(5_000);
        let err = parse(&long).expect_err("too long");
        assert!(err.message.contains("too long (10000 characters"), "{err}");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[1].chars().count() < 70, "{}", lines[1]);
        assert!(lines[1].starts_with("  …") && lines[1].ends_with('…'));
        let at_limit = "党".repeat(MAX_QUERY_CHARS);
        assert!(parse(&at_limit).is_ok());
    }

    #[test]
    fn error_echo_hides_invisible_and_control_chars() {
        let err = parse("\u{200f}\u{7}党史 \"学习").expect_err("unbalanced");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], "  \u{fffd}\u{fffd}党史 \"学习");
        // Two one-column replacement chars, 党史 (4 columns) and a space.
        assert_eq!(lines[2], format!("  {}^", " ".repeat(7)));
    }

    #[test]
    fn error_display_shows_a_caret_under_wide_chars() {
        let err = parse("党史 \"学习").expect_err("unbalanced");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[2], format!("  {}^", " ".repeat(5)));
    }
}
