//! Where a file the user named on the command line is written: `-` is
//! standard output; a FIFO, a device or a socket is written through (never
//! replaced by a regular file); a symlink is followed to what it points at
//! (never replaced itself); a regular file, or a new one, appears whole or
//! not at all ([`AtomicFile`]).

use std::io::Write;

use anyhow::Context;
use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::runfile::AtomicFile;

/// A destination named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// `-`: standard output.
    Stdout,
    /// A regular file (or one to create): written to a temporary name and
    /// renamed over this path.
    File(PathBuf),
    /// A FIFO, a device or a socket (or a symlink to one): opened and
    /// written as it is.
    Special(PathBuf),
}

impl Sink {
    /// What `path` is, following symlinks; a folder or a symlink that leads
    /// nowhere is refused.
    pub fn resolve(path: &Path) -> Result<Sink, InputError> {
        if path.as_os_str() == "-" {
            return Ok(Sink::Stdout);
        }
        let refuse = |why: &str| InputError::new(format!("cannot write {}: {why}", path.display()));
        let link = match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Sink::File(path.to_path_buf()));
            }
            Err(e) => return Err(refuse(&e.to_string())),
            Ok(m) => m,
        };
        let target = if link.file_type().is_symlink() {
            std::fs::metadata(path).map_err(|e| {
                refuse(&format!(
                    "it is a symlink to nothing that can be written ({e})"
                ))
                .with_hint("point the symlink at a file, or name another path")
            })?
        } else {
            link.clone()
        };
        if target.is_dir() {
            return Err(refuse("it is a folder").with_hint("name a file, e.g. route.geojson"));
        }
        if !target.is_file() {
            return Ok(Sink::Special(path.to_path_buf()));
        }
        if !link.file_type().is_symlink() {
            return Ok(Sink::File(path.to_path_buf()));
        }
        // A symlink to a regular file: replace the file it points at, not
        // the link. Links into /proc or /dev (such as /dev/stdout when the
        // shell redirected it to a file) name an open descriptor: written
        // through, so the shell's file gets the bytes.
        match std::fs::canonicalize(path) {
            Ok(real) if !real.starts_with("/proc") && !real.starts_with("/dev") => {
                Ok(Sink::File(real))
            }
            _ => Ok(Sink::Special(path.to_path_buf())),
        }
    }

    /// Writes `bytes` to the destination. A failure to write a named file
    /// is an input error; one on standard output keeps its `io::Error`, so a
    /// closed pipe counts as success (`app::run`).
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        let failed = |path: &Path, e: std::io::Error| {
            InputError::new(format!("cannot write {}: {e}", path.display()))
        };
        match self {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .context("cannot write to standard output")
            }
            Sink::File(path) => AtomicFile::write_all(path, bytes)
                .map(|_| ())
                .map_err(|e| failed(path, e).into()),
            Sink::Special(path) => std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
                .map_err(|e| failed(path, e).into()),
        }
    }
}
