//! The README's second command (`cargo test --release`) must reuse what the
//! first (`cargo run --release`) compiled: the dev-dependencies may not turn
//! on features of the crates the library uses, or cargo compiles tantivy and
//! its dependencies a second time. Checked with `cargo tree`, from a folder
//! outside the repository.

use std::collections::BTreeSet;
use std::process::Command;

/// Each package with its features, as `cargo tree` resolves them for the
/// given dependency kinds (`normal,build` for a build; with `dev` for tests).
fn features(kinds: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = Command::new(cargo)
        .args(["tree", "--locked", "--offline", "--prefix", "none"])
        .args(["-e", kinds, "-f", "{p} {f}", "--manifest-path", manifest])
        .current_dir(dir.path())
        .output()
        .expect("this test needs cargo (it runs `cargo tree`)");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.trim_end_matches(" (*)").to_string())
        .collect()
}

#[test]
fn dev_dependencies_change_no_feature_of_the_build() {
    let build = features("normal,build");
    let test = features("normal,build,dev");
    let changed: Vec<&String> = build.difference(&test).collect();
    assert!(
        changed.is_empty(),
        "the tests build these with other features, so `cargo test --release` \
         compiles them again: {changed:?}"
    );
}

#[test]
fn the_release_binary_carries_no_debug_info() {
    // What `cargo install --locked --path .` copies: 22 MB without debug
    // info, 99 MB with line tables. (The section names alone would not do:
    // the backtrace code holds them as strings.)
    let binary = assert_cmd::cargo::cargo_bin("xunwen");
    if !binary.components().any(|c| c.as_os_str() == "release") {
        // `cargo test` without --release: a debug binary has debug info by
        // design; the project's tests run with --release (README).
        eprintln!("not checked: {} is not a release build", binary.display());
        return;
    }
    let size = std::fs::metadata(&binary).expect("the xunwen binary").len();
    assert!(size < 40_000_000, "{}: {size} bytes", binary.display());
}
