//! Files that appear whole or not at all.
//!
//! Data goes to a hidden temporary file in the destination folder; `commit`
//! renames it over the final name (atomic on one file system). Dropping an
//! uncommitted file removes the temporary, so an error or an interrupted run
//! never leaves a half-written result behind.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written under a temporary name.
pub struct AtomicFile {
    temp: PathBuf,
    target: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing what will become `target`.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a file name is needed"))?;
        let temp = target.with_file_name(format!(
            ".{}.partial-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temp)?;
        Ok(AtomicFile {
            temp,
            target: target.to_path_buf(),
            writer: Some(BufWriter::new(file)),
        })
    }

    /// Writes everything and renames the file to its final name.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let writer = self.writer.take().expect("not yet committed");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        Ok(self.target.clone())
    }

    /// Writes `bytes` to `target` atomically in one call.
    pub fn write_all(target: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
        let mut f = AtomicFile::create(target)?;
        f.write_all(bytes)?;
        f.commit()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.as_mut().expect("not yet committed").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appears_only_on_commit_and_leaves_nothing_when_dropped() {
        let dir = std::env::temp_dir().join(format!("corridor-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("a.csv");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"x,y\n").unwrap();
        assert!(!target.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"x,y\n");

        let other = dir.join("b.csv");
        let mut g = AtomicFile::create(&other).unwrap();
        g.write_all(b"half").unwrap();
        drop(g);
        assert!(!other.exists());
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the committed file remains");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
