//! `xunwen trend` for people (one bar per period, drawn in eighths of a
//! character cell) or programs (one JSON object per period).

use std::io::{self, Write};

use super::plural;
use crate::search::{By, Trend};

/// Columns a trend is drawn in when stdout is not a terminal: the width of
/// a classic terminal, so a chart saved to a file or pasted stays readable.
pub const PIPED_WIDTH: usize = 80;

/// The narrowest bar area, however narrow the terminal: below this the
/// bars no longer show proportions.
const MIN_BAR_CELLS: usize = 10;

/// Partial cells, by eighths (index 0 unused: a bar ends on a full cell).
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar of `value` out of `max` in `cells` character cells, to the
/// nearest eighth of a cell. Any value above zero shows at least an eighth,
/// so a period with one document never looks like one with none.
pub fn bar(value: usize, max: usize, cells: usize) -> String {
    if value == 0 || max == 0 || cells == 0 {
        return String::new();
    }
    let (value, max) = (value.min(max) as u128, max as u128);
    let eighths = ((value * cells as u128 * 8 + max / 2) / max).max(1) as usize;
    let (full, rest) = (eighths / 8, eighths % 8);
    let mut bar = "█".repeat(full);
    if rest > 0 {
        bar.push(EIGHTHS[rest]);
    }
    bar
}

/// A header, then one line per period: its label, a bar scaled to its
/// share of the busiest period's documents, and its document and paragraph
/// counts, the whole `width` columns wide.
pub fn write_bars(out: &mut impl Write, trend: &Trend, width: usize) -> io::Result<()> {
    if trend.periods.is_empty() {
        return Ok(());
    }
    let digits = |n: usize| n.to_string().len();
    let most = |count: fn(&crate::search::PeriodCount) -> usize| {
        trend.periods.iter().map(count).max().unwrap_or(0)
    };
    let max_docs = most(|c| c.documents);
    let label_w = match trend.by {
        By::Year => 4,
        By::Month => 7,
    }
    .max("period".len());
    let docs_w = digits(max_docs).max("documents".len());
    let paras_w = digits(most(|c| c.paragraphs)).max("paragraphs".len());
    let cells = width
        .saturating_sub(label_w + docs_w + paras_w + 3)
        .max(MIN_BAR_CELLS);
    writeln!(
        out,
        "{:<label_w$} {:cells$} {:>docs_w$} {:>paras_w$}",
        "period", "", "documents", "paragraphs"
    )?;
    for count in &trend.periods {
        writeln!(
            out,
            "{:<label_w$} {:<cells$} {:>docs_w$} {:>paras_w$}",
            count.period.to_string(),
            bar(count.documents, max_docs, cells),
            count.documents,
            count.paragraphs
        )?;
    }
    Ok(())
}

/// `{"period":"2025-10","documents":N,"paragraphs":M}` per period, in
/// order, empty periods included.
pub fn write_trend_json(out: &mut impl Write, trend: &Trend) -> io::Result<()> {
    for count in &trend.periods {
        serde_json::to_writer(&mut *out, count)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The line for stderr after a trend: what matched, in how many periods,
/// and the time.
pub fn trend_summary(query: &str, trend: &Trend) -> String {
    let unit = match trend.by {
        By::Year => "year",
        By::Month => "month",
    };
    let ms = trend.elapsed.as_secs_f64() * 1000.0;
    if trend.total_hits == 0 {
        return format!("no paragraph matches \"{query}\" · {ms:.1} ms");
    }
    let periods = trend.periods.len();
    format!(
        "{} in {} match \"{query}\" · {periods} {unit}{} · {ms:.1} ms",
        plural(trend.total_hits as u64, "paragraph"),
        plural(trend.documents as u64, "document"),
        if periods == 1 { "" } else { "s" },
    )
}

/// What stderr says about matching documents without a date, if any.
pub fn undated_note(trend: &Trend) -> Option<String> {
    (trend.undated_documents > 0).then(|| {
        format!(
            "{} ({}) without a date match{} too; they are in no period",
            plural(trend.undated_documents as u64, "document"),
            plural(trend.undated_paragraphs as u64, "paragraph"),
            if trend.undated_documents == 1 {
                "es"
            } else {
                ""
            }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Period, PeriodCount};
    use std::time::Duration;

    fn trend(by: By, rows: &[(Period, usize, usize)]) -> Trend {
        let periods: Vec<PeriodCount> = rows
            .iter()
            .map(|&(period, documents, paragraphs)| PeriodCount {
                period,
                documents,
                paragraphs,
            })
            .collect();
        Trend {
            by,
            total_hits: periods.iter().map(|c| c.paragraphs).sum(),
            documents: periods.iter().map(|c| c.documents).sum(),
            periods,
            undated_documents: 0,
            undated_paragraphs: 0,
            notes: Vec::new(),
            elapsed: Duration::from_millis(3),
        }
    }

    #[test]
    fn bars_scale_to_the_largest_value_in_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        // 3/10 of 4 cells = 1.2 cells = 9.6 eighths → 10 eighths.
        assert_eq!(bar(3, 10, 4), "█▎");
        assert_eq!(bar(1, 16, 2), "▏");
        // A value far too small to see still gets an eighth; zero gets none.
        assert_eq!(bar(1, 1_000_000, 10), "▏");
        assert_eq!(bar(0, 10, 4), "");
        assert_eq!(bar(0, 0, 4), "");
    }

    #[test]
    fn lines_fill_the_width_and_keep_empty_periods() {
        let t = trend(
            By::Month,
            &[
                (Period::month(2024, 1), 4, 9),
                (Period::month(2024, 2), 0, 0),
                (Period::month(2024, 3), 2, 2),
            ],
        );
        let mut buf = Vec::new();
        write_bars(&mut buf, &t, 60).expect("write");
        let text = String::from_utf8(buf).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("period") && lines[0].ends_with("paragraphs"));
        for line in &lines[1..] {
            assert_eq!(line.chars().count(), 60, "{line:?}");
        }
        let cells = 60 - (7 + 9 + 10 + 3);
        assert!(lines[1].starts_with(&format!("2024-01 {}", "█".repeat(cells))));
        assert!(lines[2].starts_with("2024-02  ") && lines[2].ends_with(" 0          0"));
        assert!(lines[3].contains(&"█".repeat(cells / 2)), "{}", lines[3]);
    }

    #[test]
    fn a_narrow_terminal_still_gets_a_readable_bar() {
        let t = trend(By::Year, &[(Period::year(2024), 1, 1)]);
        let mut buf = Vec::new();
        write_bars(&mut buf, &t, 20).expect("write");
        let text = String::from_utf8(buf).expect("utf-8");
        assert!(text.contains(&"█".repeat(MIN_BAR_CELLS)), "{text}");
    }

    #[test]
    fn json_is_one_object_per_period() {
        let t = trend(
            By::Year,
            &[(Period::year(2023), 1, 2), (Period::year(2024), 0, 0)],
        );
        let mut buf = Vec::new();
        write_trend_json(&mut buf, &t).expect("write");
        assert_eq!(
            String::from_utf8(buf).expect("utf-8"),
            "{\"period\":\"2023\",\"documents\":1,\"paragraphs\":2}\n\
             {\"period\":\"2024\",\"documents\":0,\"paragraphs\":0}\n"
        );
    }

    #[test]
    fn the_summary_counts_and_the_note_names_undated_documents() {
        let mut t = trend(By::Year, &[(Period::year(2024), 2, 3)]);
        assert!(trend_summary("党史", &t)
            .starts_with("3 paragraphs in 2 documents match \"党史\" · 1 year"));
        assert_eq!(undated_note(&t), None);
        t.undated_documents = 1;
        t.undated_paragraphs = 2;
        let note = undated_note(&t).expect("a note");
        assert!(
            note.starts_with("1 document (2 paragraphs) without a date"),
            "{note}"
        );
    }
}
