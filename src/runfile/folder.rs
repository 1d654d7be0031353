//! A run folder as a transaction.
//!
//! A new run is written into a staging folder beside its target
//! (`.NAME.corridor-staging-PID`), and swapped in whole when every file is
//! written: the target is renamed aside, the staging folder renamed to the
//! target, the old run removed. Until then the previous run stays whole; on
//! any failure, or a kill, the staging folder is all that is lost, and the
//! next run into the same target removes it (and puts an old run back if a
//! kill fell between the two renames).
//!
//! A lock file beside the target (`.NAME.corridor-lock`, held with an
//! advisory lock for as long as the run lasts) makes a second run into the
//! same folder fail at once with a clear message instead of mixing files.
//!
//! The folder's manifest (`.corridor-run`) lists the files `corridor` wrote.
//! A run replaces a folder only when every file in it is one `corridor`
//! wrote; otherwise it refuses, naming the others, so a user's own files are
//! never deleted.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::files;
use crate::error::InputError;

const STAGING: &str = "corridor-staging-";
const OLD: &str = "corridor-old-";
const LOCK: &str = "corridor-lock";

/// Files of a format-1 run folder, written before the manifest existed:
/// replaced as ours when no manifest is present.
const FORMAT_1_FILES: &[&str] = &[
    files::SHIPMENTS,
    files::SUMMARY_JSON,
    files::SUMMARY_CSV,
    files::QUEUES,
    files::ROUTES,
    files::ASSUMPTIONS,
    files::REPORT,
];

/// A claimed run folder: the lock is held and a staging folder is ready.
#[derive(Debug)]
pub struct RunFolder {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    staging: PathBuf,
    /// Held for the life of the value; the advisory lock goes with it.
    _lock: File,
    committed: bool,
}

/// What a committed run left: the folder and the files in it.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedRun {
    /// The run folder.
    pub dir: PathBuf,
    /// The files written, relative to `dir`, sorted.
    pub files: Vec<PathBuf>,
}

impl RunFolder {
    /// Claims `target` for a new run: takes its lock, cleans what killed runs
    /// left, checks that the folder (if any) holds only files `corridor`
    /// wrote, and creates an empty staging folder beside it.
    pub fn claim(target: &Path) -> anyhow::Result<RunFolder> {
        let target = absolute(target)?;
        let (parent, name) = split(&target)?;
        fs::create_dir_all(&parent).map_err(|e| {
            InputError::new(format!(
                "cannot create the output folder {}: {e}",
                parent.display()
            ))
            .with_hint("choose a writable place with --out DIR")
        })?;
        let lock_path = parent.join(format!(".{name}.{LOCK}"));
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| {
                InputError::new(format!(
                    "cannot write beside the output folder ({}): {e}",
                    lock_path.display()
                ))
                .with_hint("choose a writable place with --out DIR")
            })?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(InputError::new(format!(
                    "another corridor run is writing to {} right now",
                    target.display()
                ))
                .with_hint("wait for it to finish, or write this run elsewhere with --out DIR")
                .into());
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot lock {}", lock_path.display()))
                );
            }
        }
        recover_leftovers(&parent, &name, &target)?;
        if target.exists() {
            if !target.is_dir() {
                return Err(InputError::new(format!(
                    "the output {} is a file, not a folder",
                    target.display()
                ))
                .with_hint("name a folder with --out DIR; it is created if missing")
                .into());
            }
            let foreign = foreign_files(&target)?;
            if !foreign.is_empty() {
                let shown: Vec<String> = foreign
                    .iter()
                    .take(5)
                    .map(|p| p.display().to_string())
                    .collect();
                return Err(InputError::new(format!(
                    "the output folder {} holds files corridor did not write: {}{}",
                    target.display(),
                    shown.join(", "),
                    if foreign.len() > 5 {
                        format!(" and {} more", foreign.len() - 5)
                    } else {
                        String::new()
                    }
                ))
                .with_hint(
                    "a run replaces its folder whole; move those files away, or choose another \
                     folder with --out DIR",
                )
                .into());
            }
        }
        let staging = parent.join(format!(".{name}.{STAGING}{}", std::process::id()));
        // A folder of this exact name can only be a leftover of an earlier
        // process with the same id.
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir(&staging).map_err(|e| {
            InputError::new(format!(
                "cannot write beside the output folder ({}): {e}",
                staging.display()
            ))
            .with_hint("choose a writable place with --out DIR")
        })?;
        Ok(RunFolder {
            target,
            parent,
            name,
            staging,
            _lock: lock,
            committed: false,
        })
    }

    /// Where the run's files are written until [`RunFolder::commit`].
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The folder the run will be in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes the manifest and swaps the staging folder in for the target.
    pub fn commit(mut self) -> anyhow::Result<StagedRun> {
        let mut written = list_files(&self.staging)?;
        written.retain(|p| p != Path::new(files::MANIFEST));
        let manifest: String = written
            .iter()
            .map(|p| format!("{}\n", p.display()))
            .collect();
        fs::write(self.staging.join(files::MANIFEST), manifest)
            .map_err(|e| io_context(e, &self.staging.join(files::MANIFEST)))?;
        let old = self
            .parent
            .join(format!(".{}.{OLD}{}", self.name, std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(|e| io_context(e, &self.target))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            // Put the previous run back; the new one stays in staging and is
            // removed on drop.
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(io_context(e, &self.target));
        }
        self.committed = true;
        if had_old {
            // The new run is in place; the old one is only garbage now, and a
            // later run removes it if this fails.
            let _ = fs::remove_dir_all(&old);
        }
        Ok(StagedRun {
            dir: self.target.clone(),
            files: written,
        })
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn io_context(e: io::Error, path: &Path) -> anyhow::Error {
    anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
}

/// `target` made absolute (so renames work whatever the working folder),
/// following a symbolic link to the folder it names.
fn absolute(target: &Path) -> anyhow::Result<PathBuf> {
    let path = if target.is_absolute() {
        target.to_path_buf()
    } else {
        std::env::current_dir()?.join(target)
    };
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return fs::canonicalize(&path).map_err(|e| {
            InputError::new(format!(
                "the output {} is a link that leads nowhere: {e}",
                target.display()
            ))
            .with_hint("name a folder with --out DIR")
            .into()
        });
    }
    Ok(path)
}

fn split(target: &Path) -> anyhow::Result<(PathBuf, String)> {
    // `a/b/.` and `a/b/..` name folders a rename cannot move.
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != "." && n != "..");
    match (target.parent(), name) {
        (Some(parent), Some(name)) => Ok((parent.to_path_buf(), name)),
        _ => Err(InputError::new(format!(
            "{} cannot be a run folder: a run replaces its folder whole",
            target.display()
        ))
        .with_hint("name a folder of its own, e.g. --out output/my-run")
        .into()),
    }
}

/// Removes staging folders of killed runs, and puts back an old run that a
/// kill left renamed aside (when the target is missing), or removes it.
fn recover_leftovers(parent: &Path, name: &str, target: &Path) -> anyhow::Result<()> {
    let staging_prefix = format!(".{name}.{STAGING}");
    let old_prefix = format!(".{name}.{OLD}");
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with(&staging_prefix) {
            let _ = fs::remove_dir_all(&path);
        } else if file_name.starts_with(&old_prefix) {
            if target.exists() {
                let _ = fs::remove_dir_all(&path);
            } else {
                fs::rename(&path, target).map_err(|e| io_context(e, target))?;
            }
        }
    }
    Ok(())
}

/// Every file below `dir`, relative to it, sorted.
fn list_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)
        .map_err(|e| anyhow::Error::new(e).context(format!("cannot list {}", dir.display())))?;
    out.sort();
    Ok(out)
}

/// The files in an existing run folder that `corridor` did not write.
fn foreign_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let present = list_files(dir)?;
    let manifest = dir.join(files::MANIFEST);
    let ours: Vec<PathBuf> = match fs::read_to_string(&manifest) {
        Ok(text) => text.lines().map(PathBuf::from).collect(),
        // A format-1 folder: its documented files and its charts.
        Err(_) => present
            .iter()
            .filter(|p| {
                let s = p.to_string_lossy();
                FORMAT_1_FILES.contains(&s.as_ref())
                    || (p.parent() == Some(Path::new(files::PLOTS_DIR))
                        && (s.ends_with(".svg") || s.ends_with(".png")))
                    // Temporary files of killed format-1 runs.
                    || p.file_name()
                        .is_some_and(|n| n.to_string_lossy().contains(".partial-"))
            })
            .cloned()
            .collect(),
    };
    Ok(present
        .into_iter()
        .filter(|p| p != Path::new(files::MANIFEST) && !ours.contains(p))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("corridor-folder-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_committed_run_replaces_the_previous_one_whole() {
        let root = temp("replace");
        let target = root.join("run");
        let a = RunFolder::claim(&target).unwrap();
        fs::write(a.staging().join("summary.json"), "a").unwrap();
        fs::create_dir(a.staging().join("plots")).unwrap();
        fs::write(a.staging().join("plots/x.svg"), "a").unwrap();
        a.commit().unwrap();
        let b = RunFolder::claim(&target).unwrap();
        fs::write(b.staging().join("summary.json"), "b").unwrap();
        let run = b.commit().unwrap();
        assert_eq!(run.files, vec![PathBuf::from("summary.json")]);
        assert_eq!(
            fs::read_to_string(target.join("summary.json")).unwrap(),
            "b"
        );
        assert!(!target.join("plots").exists(), "nothing of run a is left");
        let names: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| n == "run" || n.ends_with(LOCK)),
            "{names:?}"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_dropped_run_leaves_the_previous_one_untouched() {
        let root = temp("drop");
        let target = root.join("run");
        let a = RunFolder::claim(&target).unwrap();
        fs::write(a.staging().join("summary.json"), "a").unwrap();
        a.commit().unwrap();
        let b = RunFolder::claim(&target).unwrap();
        fs::write(b.staging().join("summary.json"), "b").unwrap();
        drop(b);
        assert_eq!(
            fs::read_to_string(target.join("summary.json")).unwrap(),
            "a"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_second_claim_is_refused_while_the_first_holds_the_lock() {
        let root = temp("lock");
        let target = root.join("run");
        let _a = RunFolder::claim(&target).unwrap();
        let err = RunFolder::claim(&target).unwrap_err();
        assert!(err.to_string().contains("another corridor run"), "{err}");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn user_files_are_refused_by_name_never_deleted() {
        let root = temp("foreign");
        let target = root.join("run");
        let a = RunFolder::claim(&target).unwrap();
        fs::write(a.staging().join("summary.json"), "a").unwrap();
        a.commit().unwrap();
        fs::create_dir_all(target.join("plots")).unwrap();
        fs::write(target.join("plots/annotated.svg"), "mine").unwrap();
        let err = RunFolder::claim(&target).unwrap_err();
        assert!(err.to_string().contains("plots/annotated.svg"), "{err}");
        assert!(target.join("plots/annotated.svg").exists());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleaned_and_an_old_run_put_back() {
        let root = temp("leftovers");
        let target = root.join("run");
        // A kill between the two renames: the old run aside, no target.
        let old = root.join(format!(".run.{OLD}99999"));
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("summary.json"), "old").unwrap();
        let staging = root.join(format!(".run.{STAGING}99998"));
        fs::create_dir_all(&staging).unwrap();
        let claim = RunFolder::claim(&target).unwrap();
        assert!(!staging.exists());
        assert!(!old.exists());
        assert_eq!(
            fs::read_to_string(target.join("summary.json")).unwrap(),
            "old"
        );
        drop(claim);
        fs::remove_dir_all(&root).unwrap();
    }
}
