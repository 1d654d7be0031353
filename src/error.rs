//! Errors shared across the crate and the mapping from errors to exit codes.
//!
//! Library modules own typed errors for their own phase (`network::NetworkError`,
//! …). The application layer wraps them in `anyhow` with context; this module
//! decides, by looking through that chain, whether the user caused the failure
//! (exit code 2) or we did (exit code 1).

use std::fmt;

/// Exit code for a failure caused by the input: a flag, a file, a name.
pub const EXIT_INPUT: u8 = 2;
/// Exit code for a failure that is our fault (a bug, an I/O error we did not foresee).
pub const EXIT_INTERNAL: u8 = 1;

/// Exit code for a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
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

/// The process exit code for an error chain: 130 for an interrupted run, 2
/// when any link is an error that describes bad input, 1 otherwise.
///
/// Every library error type that only ever describes bad input is listed here.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|cause| cause.is::<Interrupted>()) {
        return EXIT_INTERRUPTED;
    }
    let input = err.chain().any(|cause| {
        cause.is::<InputError>()
            || cause.is::<crate::network::NetworkError>()
            || cause.is::<crate::scenario::ScenarioError>()
    });
    if input { EXIT_INPUT } else { EXIT_INTERNAL }
}
