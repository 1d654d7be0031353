//! Errors shared across the crate, and the exit codes they lead to.
//!
//! A leaf: it imports nothing from the crate. Library modules own typed
//! errors for their own phase (`network::NetworkError`, …); the application
//! layer wraps them in `anyhow` with context and maps the chain to an exit
//! code (`app::exit_code`).

use std::fmt;

/// Exit code for a failure caused by the input: a flag, a file, a name.
pub const EXIT_INPUT: u8 = 2;
/// Exit code for a failure that is our fault (a bug).
pub const EXIT_INTERNAL: u8 = 1;
/// Exit code for a failure of the environment rather than of the input or
/// of corridor: a file that cannot be written or read (disk full, no
/// permission, an I/O error). 74 is `EX_IOERR` of BSD's sysexits.h.
pub const EXIT_ENVIRONMENT: u8 = 74;

/// Exit code for a run stopped by Ctrl-C, SIGTERM or SIGHUP (128 + SIGINT,
/// as shells report Ctrl-C; the run ends the same way whichever signal
/// stopped it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// A run stopped by Ctrl-C; the message says what was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Interrupted(pub String);

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

/// A failure caused by what the user gave us, with an optional hint on how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// What is wrong, naming the offending flag, file, line or field.
    pub message: String,
    /// What to do about it, if we can tell.
    pub hint: Option<String>,
}

impl InputError {
    /// An input error without a hint.
    pub fn new(message: impl Into<String>) -> Self {
        InputError {
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint, shown on its own line after the message.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}
