//! The file layer: scenario files on disk, their `extends` chains and the
//! kinds of files they may name. The `scenario` target parses text already
//! in memory, so it cannot reach the reader; this one builds a small folder
//! from each input and loads its top file from disk.
//!
//! Input layout (every byte string is a valid input):
//! - byte 0, two bits per slot for `b.toml`, `sub/c.toml`, `d.toml` and
//!   `../outside.toml`: 0 a regular file, 1 a FIFO nobody writes, 2 a
//!   symlink to `/dev/zero`, 3 a folder;
//! - byte 1: `a.toml` is padded with comment lines to byte 1 × 8 KiB (up to
//!   ≈ 2 MiB, past the 1 MiB limit);
//! - the rest: the texts of `a.toml`, `b.toml`, `sub/c.toml`, `d.toml` and
//!   `../outside.toml`, separated by lines `%%`.
//!
//! Loading must end, within the fuzzer's timeout and memory limit, in a
//! scenario or a `ScenarioError`: a FIFO that blocks or a device read to
//! exhaustion is a hang or an out-of-memory the fuzzer reports.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One folder per fuzzing process, emptied before each input.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        std::env::temp_dir().join(format!("corridor-fuzz-files-{}", std::process::id()))
    })
}

#[cfg(unix)]
fn make_special(path: &Path, kind: u8) {
    match kind {
        1 => {
            let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
            // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
            unsafe { libc_mkfifo(c.as_ptr(), 0o600) };
        }
        2 => {
            let _ = std::os::unix::fs::symlink("/dev/zero", path);
        }
        _ => {
            let _ = std::fs::create_dir_all(path);
        }
    }
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "mkfifo"]
    fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}

fuzz_target!(|data: &[u8]| {
    let (kinds, pad) = (
        data.first().copied().unwrap_or(0),
        data.get(1).copied().unwrap_or(0),
    );
    let rest = data.get(2..).unwrap_or(&[]);
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split("\n%%\n");
    let root = root();
    let _ = std::fs::remove_dir_all(root);
    let home = root.join("home");
    std::fs::create_dir_all(home.join("sub")).unwrap();
    let mut top = parts.next().unwrap_or("").as_bytes().to_vec();
    if pad > 0 {
        let line = format!("# {}\n", "x".repeat(1021));
        while top.len() < usize::from(pad) * 8 * 1024 {
            top.extend_from_slice(line.as_bytes());
        }
    }
    std::fs::write(home.join("a.toml"), &top).unwrap();
    let slots = ["b.toml", "sub/c.toml", "d.toml", "../outside.toml"];
    for (i, slot) in slots.iter().enumerate() {
        let path = home.join(slot);
        let kind = (kinds >> (2 * i)) & 3;
        let body = parts.next().unwrap_or("");
        #[cfg(unix)]
        if kind != 0 {
            make_special(&path, kind);
            continue;
        }
        let _ = std::fs::write(&path, body);
    }
    let source = corridor::scenario::ScenarioRef::File(home.join("a.toml"));
    match corridor::scenario::load(&source) {
        Ok(loaded) => drop(loaded),
        Err(e) => drop(e.to_string()),
    }
});
