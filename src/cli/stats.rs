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
    println!("terms        {} distinct words", stats.distinct_terms);
    println!(
        "size         {:.1} MB on disk ({})",
        stats.size_bytes as f64 / 1e6,
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

/// How long ago `secs` (unix time) was, and the time itself.
fn format_time(secs: u64) -> String {
    let ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .saturating_sub(secs);
    let when = match ago {
        0..=59 => format!("{ago} s ago"),
        60..=3599 => format!("{} min ago", ago / 60),
        3600..=86399 => format!("{} h ago", ago / 3600),
        _ => format!("{} days ago", ago / 86400),
    };
    format!("{when} (unix time {secs})")
}
