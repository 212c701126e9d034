//! Ctrl-C while the index is written: the first one asks the run to stop
//! cleanly (it removes what it wrote and says what it left, exit 130); a
//! second one ends the process at once, as Ctrl-C always does.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use signal_hook::consts::SIGINT;
use signal_hook::SigId;

/// Exit status of a command stopped by Ctrl-C (128 + SIGINT), as shells
/// report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Ctrl-C caught for as long as this lives; afterwards it ends the process
/// again (a search that follows a build stops at once).
pub struct CtrlC {
    flag: Arc<AtomicBool>,
    ids: Vec<SigId>,
}

impl CtrlC {
    /// Starts catching Ctrl-C. Where the handlers cannot be installed, the
    /// flag simply stays unset and Ctrl-C keeps its default effect.
    pub fn catch() -> CtrlC {
        let flag = Arc::new(AtomicBool::new(false));
        // Registered first, so it runs first: a second Ctrl-C (the flag is
        // already set) exits at once.
        let second = signal_hook::flag::register_conditional_shutdown(
            SIGINT,
            i32::from(EXIT_INTERRUPTED),
            flag.clone(),
        );
        let first = signal_hook::flag::register(SIGINT, flag.clone());
        let ids = [second, first].into_iter().filter_map(Result::ok).collect();
        CtrlC { flag, ids }
    }

    /// The flag the first Ctrl-C sets, for `RefreshOptions::interrupt`.
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.flag.clone()
    }
}

impl Drop for CtrlC {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
