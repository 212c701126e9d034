//! `xunwen stats`: what the index holds, as text or JSON.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::index::locate::Purpose;
use xunwen::index::{IndexStats, XunwenIndex};

use super::place::Place;
use super::stdout::plural;

/// Flags of `xunwen stats`.
#[derive(Args)]
pub struct StatsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Prints the index's figures.
pub fn run(place: &Place, args: &StatsArgs) -> Result<ExitCode> {
    let place = place.locate(Purpose::Stats)?;
    let stats = XunwenIndex::open(&place.index)?.stats()?;
    if args.json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &stats)?;
        println!();
    } else {
        print_stats(&stats);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_stats(stats: &IndexStats) {
    println!("index        {}", stats.index);
    println!("corpus       {}", stats.corpus);
    println!("documents    {}", stats.documents);
    println!("paragraphs   {}", stats.paragraphs);
    println!(
        "undated      {} (no date of their own found)",
        plural(stats.undated_documents, "document")
    );
    println!("terms        {} distinct words", stats.distinct_terms);
    println!(
        "size         {} on disk ({})",
        format_size(stats.size_bytes),
        plural(stats.segments as u64, "segment")
    );
    println!("built        {}", format_time(stats.built_at));
    println!(
        "skipped      {}",
        plural(stats.skipped_files as u64, "file")
    );
    match stats.changed_folders {
        Some(0) => println!("changed      nothing in the corpus since"),
        Some(n) => println!(
            "changed      files added, removed or renamed in {} of the corpus since; run `xunwen index`",
            plural(n as u64, "folder")
        ),
        None => {}
    }
}

/// A size in the largest unit that keeps it at least 1 (`740 bytes`,
/// `48.2 KB`, `191.6 MB`): a small index is not `0.0 MB`.
fn format_size(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..=999 => plural(bytes, "byte"),
        1_000..=999_999 => format!("{:.1} KB", b / 1e3),
        1_000_000..=999_999_999 => format!("{:.1} MB", b / 1e6),
        _ => format!("{:.2} GB", b / 1e9),
    }
}

/// When `secs` (unix time) was, in UTC, and how long ago.
fn format_time(secs: u64) -> String {
    let ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .saturating_sub(secs);
    let ago = match ago {
        0..=59 => format!("{ago} s ago"),
        60..=3599 => format!("{} min ago", ago / 60),
        3600..=86399 => format!("{} h ago", ago / 3600),
        _ => format!("{} days ago", ago / 86400),
    };
    let when = i64::try_from(secs)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok());
    match when {
        Some(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC ({ago})",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
        None => ago,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_keep_a_unit_that_shows_them() {
        assert_eq!(format_size(740), "740 bytes");
        assert_eq!(format_size(48_200), "48.2 KB");
        assert_eq!(format_size(191_600_000), "191.6 MB");
        assert_eq!(format_size(2_500_000_000), "2.50 GB");
    }

    #[test]
    fn times_are_dates_in_utc() {
        assert!(format_time(1_796_354_863).starts_with("2026-12-04 03:27 UTC"));
        assert!(format_time(1_796_354_863).contains(" UTC ("));
    }
}
