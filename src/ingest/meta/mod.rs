//! Document metadata: the title and the publication date.
//!
//! * [`title`] — the first meaningful line, or an HTML `<title>` without
//!   its site suffix;
//! * [`date_policy`] — which of the dates a document holds is its own;
//! * [`date_lex`] — the dates a line holds (digits, Chinese numerals,
//!   stamps).

pub mod date_lex;
pub mod date_policy;
pub mod title;

pub use date_policy::{find_date, DateSources, DATE_LABELS, DATE_META_NAMES};
pub use title::{
    is_stamp, title_from_html, title_from_lines, TitlePick, MAX_LATIN_TITLE_LINE_CHARS,
    MAX_TITLE_LINE_CHARS,
};
