//! Reading input files safely: only regular files (a device, FIFO or folder is refused before
//! it is opened for reading, so `/dev/zero` or a pipe cannot exhaust memory or hang the tool),
//! and never more than a cap, checked from the file's size before anything is read.

use std::io::Read;
use std::path::Path;

/// Largest scenario or sweep file read (bytes).
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;
/// Largest catalogue file read (bytes): 20 million SKUs of about 50 bytes each.
pub const MAX_CATALOGUE_BYTES: u64 = 1 << 30;
/// Largest result file that `report` reads (bytes).
pub const MAX_RESULT_BYTES: u64 = 4 << 30;

/// Why a file was not read: a message that names the file and the numbers, never its content.
pub fn check_regular(path: &Path, cap: u64) -> Result<std::fs::File, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
    if !meta.is_file() {
        let kind = kind_of(&meta);
        return Err(format!(
            "{} is {kind}, not a regular file: omnisim reads only regular files",
            path.display()
        ));
    }
    if meta.len() > cap {
        return Err(size_message(path, meta.len(), cap));
    }
    let file = open_nonblocking(path)
        .map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
    // The path may have been swapped between the two looks: check what was opened.
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!(
            "{} is {}, not a regular file: omnisim reads only regular files",
            path.display(),
            kind_of(&meta)
        ));
    }
    if meta.len() > cap {
        return Err(size_message(path, meta.len(), cap));
    }
    Ok(file)
}

fn size_message(path: &Path, len: u64, cap: u64) -> String {
    format!(
        "{} is {} ({len} bytes); omnisim reads input files of at most {}",
        path.display(),
        human_bytes(len),
        human_bytes(cap)
    )
}

/// Bytes as MiB or GiB for messages.
pub fn human_bytes(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{:.1} GiB", n as f64 / f64::from(1u32 << 30))
    } else if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20))
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(target_os = "linux")]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(not(target_os = "linux"))]
const O_NONBLOCK: i32 = 0x0004;

/// Opens for reading without blocking on a FIFO swapped in after the first look.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(path)
}

/// Reads a regular file of at most `cap` bytes whole.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let file = check_regular(path, cap)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(len as usize).map_err(|_| {
        format!(
            "cannot read {}: not enough memory for {}",
            path.display(),
            human_bytes(len)
        )
    })?;
    // The file may grow while it is read: never past the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
    if bytes.len() as u64 > cap {
        return Err(size_message(path, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

/// Reads a regular UTF-8 text file of at most `cap` bytes.
pub fn read_text_capped(path: &Path, cap: u64) -> Result<String, String> {
    let bytes = read_capped(path, cap)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "cannot read {}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Checks that `name` can name a file or folder on its own: not empty, not `.` or `..`, no
/// path separator and no control character. `what` says whose name it is.
pub fn check_plain_name(name: &str, what: &str) -> Result<(), String> {
    let bad = if name.is_empty() {
        Some("it is empty")
    } else if name == "." || name == ".." {
        Some("`.` and `..` name folders that already exist")
    } else if name.contains('/') || name.contains('\\') {
        Some("it holds a path separator")
    } else if name.chars().any(char::is_control) {
        Some("it holds a control character")
    } else {
        None
    };
    match bad {
        Some(why) => Err(format!(
            "{what} {name:?} is not a plain file name ({why}); it names the output folder results/<name>"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_big_files_are_refused() {
        let e = read_capped(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(e.contains("a device"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let e = read_capped(dir.path(), 100).unwrap_err();
        assert!(e.contains("a folder"), "{e}");
        let f = dir.path().join("big");
        std::fs::write(&f, vec![b'a'; 200]).unwrap();
        let e = read_capped(&f, 100).unwrap_err();
        assert!(
            e.contains("200 bytes") && e.contains("at most 100 bytes"),
            "{e}"
        );
        assert_eq!(read_capped(&f, 200).unwrap().len(), 200);
    }

    #[test]
    fn plain_names() {
        for bad in ["", ".", "..", "a/b", "a\\b", "x\ny", "\u{7}"] {
            assert!(check_plain_name(bad, "scenario name").is_err(), "{bad:?}");
        }
        for good in ["default", "a.b", "..x", "café-2"] {
            assert!(check_plain_name(good, "scenario name").is_ok(), "{good:?}");
        }
    }
}
