//! A progress bar for index runs, shown only on a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use xunwen::index::ProgressEvent;

/// An indicatif bar fed by [`ProgressEvent`]s, or nothing when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar on stderr when `visible`, otherwise a no-op.
    pub fn new(visible: bool) -> Self {
        let bar = visible.then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} files ({eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message("indexing");
            bar
        });
        Progress { bar }
    }

    /// Updates the bar.
    pub fn event(&self, event: ProgressEvent) {
        let Some(bar) = &self.bar else { return };
        match event {
            ProgressEvent::Planned { to_read, .. } => bar.set_length(to_read as u64),
            ProgressEvent::FileDone => bar.inc(1),
            ProgressEvent::Committing => bar.set_message("committing"),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
