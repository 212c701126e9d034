//! The query language: words, `"phrases"`, `OR`, `-exclusion`, `title:`.
//!
//! Two small stages, as in tantivy's query grammar: a [lexer](lex) turns the
//! string into [`Lexeme`]s with their positions, and a grammar joins them
//! into [`Clause`]s. Turning words into index terms is the planner's job, so
//! this stage can be tested without a dictionary.
//!
//! Pasted Chinese text often carries typographic quotes that are not meant as
//! operators, and one of a pair is easily lost when copying. A quote without
//! its partner is therefore ignored (the query is searched as if it were
//! absent) and reported in [`ParsedQuery::notes`]; only real mistakes, such as
//! a query that only excludes or an `OR` with nothing on one side, are errors.

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
    /// What was read leniently (a stray quote ignored), for a note on
    /// stderr: the query still ran, but not quite as typed.
    pub notes: Vec<String>,
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
        if self.query.chars().all(is_space) {
            // Nothing to point at: a caret under an empty line says nothing.
            return write!(f, "query syntax error: {}", self.message);
        }
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

/// Longest query accepted, in characters. Every word of a query is its own
/// requirement and the search relaxes them for partial matches, so the work
/// grows with the length: a pasted page would run for minutes. Real queries,
/// even whole sentences, are far shorter.
pub const MAX_QUERY_CHARS: usize = 256;

/// A lexical unit of the query, with the character position it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lexeme {
    /// A word or a quoted phrase, with its prefixes.
    Term {
        /// The text, without quotes or prefixes.
        text: String,
        /// It was quoted.
        quoted: bool,
        /// `-` before it.
        negated: bool,
        /// `title:` before it.
        title: bool,
        /// Character position of its first character (the `-`, if any).
        at: usize,
    },
    /// The `OR` operator.
    Or {
        /// Character position.
        at: usize,
    },
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

fn is_open_quote(c: char) -> bool {
    c == '"' || c == '“'
}

/// Whether `c` closes a phrase opened by `open`. Keyboards mix the two
/// kinds, so an ASCII quote also closes a Chinese one.
fn closes(open: char, c: char) -> bool {
    c == '"' || (open == '“' && c == '”')
}

/// The prefix that scopes a term to titles (`title:` or `title：`).
fn title_prefix_len(chars: &[char]) -> Option<usize> {
    let head: String = chars.iter().take(6).collect();
    (head.eq_ignore_ascii_case("title:") || head == "title：").then_some(6)
}

/// Pairs the quotes of `chars`: returns, for each character, whether it is a
/// quote without a partner, to be read as if it were absent. An opening
/// quote pairs with the next closing one; a closing quote met outside a
/// phrase, and an opening one never closed, are stray.
fn stray_quotes(chars: &[char]) -> Vec<bool> {
    let mut stray = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_open_quote(c) {
            match chars[i + 1..].iter().position(|&d| closes(c, d)) {
                Some(offset) => i += offset + 1,
                None => stray[i] = true,
            }
        } else if c == '”' {
            stray[i] = true;
        }
        i += 1;
    }
    stray
}

/// The lexer: the query as [`Lexeme`]s, plus a note per stray quote.
pub fn lex(query: &str) -> Result<(Vec<Lexeme>, Vec<String>), SyntaxError> {
    let chars: Vec<char> = query.chars().collect();
    let stray = stray_quotes(&chars);
    let notes = stray
        .iter()
        .enumerate()
        .filter(|(_, &s)| s)
        .map(|(i, _)| {
            format!(
                "ignored the unmatched quote {} at character {}: searched as if it were not there",
                chars[i],
                i + 1
            )
        })
        .collect();
    let mut lexemes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) || stray[i] {
            i += 1;
            continue;
        }
        let (lexeme, next) = lex_one(query, &chars, &stray, i)?;
        lexemes.push(lexeme);
        i = next;
    }
    Ok((lexemes, notes))
}

/// Reads one lexeme starting at `start`; returns it and the position after it.
fn lex_one(
    query: &str,
    chars: &[char],
    stray: &[bool],
    start: usize,
) -> Result<(Lexeme, usize), SyntaxError> {
    let (negated, title, i) = read_prefixes(query, chars, start)?;
    let (text, quoted, next) = if is_open_quote(chars[i]) && !stray[i] {
        let (text, next) = read_phrase(query, chars, i)?;
        (text, true, next)
    } else {
        let (text, next) = read_word(chars, stray, i);
        (text, false, next)
    };
    if text.is_empty() {
        // `-”` or `title:"`: the prefix stood before a stray quote only.
        return Err(syntax_error(
            query,
            start,
            "this prefix has no term after it",
        ));
    }
    if text == "OR" && !quoted && !negated && !title {
        return Ok((Lexeme::Or { at: start }, next));
    }
    let term = Lexeme::Term {
        text,
        quoted,
        negated,
        title,
        at: start,
    };
    Ok((term, next))
}

/// Reads `-` and `title:` before a term: whether each was there, and where
/// the term starts. A prefix with nothing after it is an error.
fn read_prefixes(
    query: &str,
    chars: &[char],
    start: usize,
) -> Result<(bool, bool, usize), SyntaxError> {
    let mut i = start;
    let nothing_after = |i: usize| i >= chars.len() || is_space(chars[i]);
    let negated = chars[i] == '-';
    if negated {
        i += 1;
        if nothing_after(i) {
            let message = "`-` must be followed by the term to exclude, as in `-党史`";
            return Err(syntax_error(query, start, message));
        }
    }
    let title = title_prefix_len(&chars[i..]);
    if let Some(len) = title {
        i += len;
        if nothing_after(i) {
            let message = "`title:` must be followed by a term, as in `title:政府工作报告`";
            return Err(syntax_error(query, start, message));
        }
    }
    Ok((negated, title.is_some(), i))
}

/// Reads a quoted phrase opening at `open_at` (its closing quote is known to
/// exist: unpaired quotes are stray); returns its text and the position
/// after the closing quote.
fn read_phrase(
    query: &str,
    chars: &[char],
    open_at: usize,
) -> Result<(String, usize), SyntaxError> {
    let open = chars[open_at];
    let end = chars[open_at + 1..]
        .iter()
        .position(|&c| closes(open, c))
        .map_or(chars.len(), |p| open_at + 1 + p);
    let text: String = chars[open_at + 1..end].iter().collect();
    if text.trim().is_empty() {
        let message = "empty phrase: put the words to find between the quotes";
        return Err(syntax_error(query, open_at, message));
    }
    Ok((text, end + 1))
}

/// Reads a bare word up to a space or an opening quote, leaving out stray
/// quotes; returns its text and the position after it.
fn read_word(chars: &[char], stray: &[bool], from: usize) -> (String, usize) {
    let mut text = String::new();
    let mut i = from;
    while i < chars.len() && !is_space(chars[i]) {
        if is_open_quote(chars[i]) && !stray[i] {
            break;
        }
        if !stray[i] {
            text.push(chars[i]);
        }
        i += 1;
    }
    (text, i)
}

fn syntax_error(query: &str, position: usize, message: &str) -> SyntaxError {
    SyntaxError {
        query: query.to_string(),
        position,
        message: message.to_string(),
    }
}

/// Parses a query string: [`lex`], then the grammar
/// `query := clause (OR? clause)*`, where `a OR b` joins two terms into one
/// clause and every other term is a clause of its own.
pub fn parse(query: &str) -> Result<ParsedQuery, SyntaxError> {
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(syntax_error(
            query,
            MAX_QUERY_CHARS,
            &format!(
                "the query is too long ({length} characters, at most {MAX_QUERY_CHARS}): \
                 keep its key words or a short phrase"
            ),
        ));
    }
    let (lexemes, notes) = lex(query)?;
    let clauses = clauses(query, lexemes)?;
    let error = |message: &str| Err(syntax_error(query, 0, message));
    if clauses.is_empty() {
        return error("the query is empty: give at least one word to search for");
    }
    if clauses.iter().all(|c| c.negated) {
        return error("the query only excludes: add a term to search for, as in `党建 -党史`");
    }
    Ok(ParsedQuery { clauses, notes })
}

/// The grammar: joins `a OR b` into one clause of alternatives.
fn clauses(query: &str, lexemes: Vec<Lexeme>) -> Result<Vec<Clause>, SyntaxError> {
    let or_error = |at| {
        syntax_error(
            query,
            at,
            "`OR` needs a term on each side, as in `党史 OR 党建`",
        )
    };
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or: Option<usize> = None;
    for lexeme in lexemes {
        let (text, quoted, negated, title, at) = match lexeme {
            Lexeme::Or { at } => {
                if pending_or.is_some() || clauses.is_empty() {
                    return Err(or_error(at));
                }
                pending_or = Some(at);
                continue;
            }
            Lexeme::Term {
                text,
                quoted,
                negated,
                title,
                at,
            } => (text, quoted, negated, title, at),
        };
        let atom = Atom {
            text,
            phrase: quoted,
            scope: if title { Scope::Title } else { Scope::Text },
        };
        if pending_or.take().is_none() {
            clauses.push(Clause {
                negated,
                alternatives: vec![atom],
            });
            continue;
        }
        match clauses.last_mut() {
            Some(clause) if !clause.negated && !negated => clause.alternatives.push(atom),
            _ => {
                return Err(syntax_error(
                    query,
                    at,
                    "an excluded term (`-term`) cannot be part of an `OR`",
                ))
            }
        }
    }
    match pending_or {
        Some(at) => Err(or_error(at)),
        None => Ok(clauses),
    }
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
    fn a_stray_quote_is_ignored_with_a_note() {
        // The opening quote was lost when the question was pasted.
        let q = parse("某市四类”重点企业有哪些？").expect("lenient");
        assert_eq!(
            q.clauses[0].alternatives,
            [atom("某市四类重点企业有哪些？", false, Scope::Text)]
        );
        assert_eq!(q.notes.len(), 1);
        assert!(q.notes[0].contains("character 5"), "{:?}", q.notes);
        let q = parse("党史 \"学习").expect("lenient");
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(
            q.clauses[1].alternatives,
            [atom("学习", false, Scope::Text)]
        );
        let q = parse("“党史学习").expect("lenient");
        assert_eq!(
            q.clauses[0].alternatives,
            [atom("党史学习", false, Scope::Text)]
        );
        assert_eq!(parse("\"").expect_err("nothing left").position, 0);
    }

    #[test]
    fn balanced_quotes_leave_no_note() {
        let q = parse("某市“四类”重点企业").expect("parses");
        assert!(q.notes.is_empty());
        assert_eq!(q.clauses.len(), 3);
        assert!(q.clauses[1].alternatives[0].phrase);
        let q = parse("“党史学习教育\" 鹤山").expect("mixed quotes pair");
        assert!(q.clauses[0].alternatives[0].phrase);
        assert!(q.notes.is_empty());
    }

    #[test]
    fn excluded_phrases_and_scoped_terms() {
        let q = parse("党建 -\"党史学习\" title:通知").expect("parses");
        assert!(q.clauses[1].negated && q.clauses[1].alternatives[0].phrase);
        assert_eq!(q.clauses[2].alternatives[0].scope, Scope::Title);
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
        let err = parse("\u{200f}\u{7}党史 OR").expect_err("dangling OR");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], "  \u{fffd}\u{fffd}党史 OR");
        // Two one-column replacement chars, 党史 (4 columns) and a space.
        assert_eq!(lines[2], format!("  {}^", " ".repeat(7)));
    }

    #[test]
    fn an_empty_query_is_one_line_without_a_caret() {
        for query in ["", "   ", "\u{3000}"] {
            let shown = parse(query).expect_err("empty").to_string();
            assert_eq!(shown.lines().count(), 1, "{shown:?}");
            assert!(shown.contains("the query is empty") && !shown.contains('^'));
        }
    }

    #[test]
    fn error_display_shows_a_caret_under_wide_chars() {
        let err = parse("党史 OR").expect_err("dangling OR");
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[2], format!("  {}^", " ".repeat(5)));
    }
}
