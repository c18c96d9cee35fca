//! The secret key file on disk (`keys.file`): created once with 32 bytes from the OS
//! generator, mode 0600 whatever the umask, never overwritten; refused when unreadable,
//! malformed, or readable by anyone but its owner. See `domain::keys` for its contents.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::domain::keys::{KEY_BYTES, KeyFormatError, KeyRing};
use crate::random::{OsRandom, Random, RngError};

/// Why the key file cannot be used. Never holds key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error(
        "the secret key file {0} exists already and is never overwritten \
         (kiosk init-secret --rotate replaces its key)"
    )]
    Exists(PathBuf),
    #[error("cannot read the secret key file {0}: {1}")]
    Unreadable(PathBuf, #[source] std::io::Error),
    #[error(
        "the secret key file {path} may be read by group or others (mode {mode:04o}): \
         chmod 600 it and make the kiosk user its owner"
    )]
    Unsafe { path: PathBuf, mode: u32 },
    #[error("the secret key file {0} is malformed: {1}")]
    Malformed(PathBuf, #[source] KeyFormatError),
    #[error("cannot create the secret key file {0}: {1}")]
    Create(PathBuf, #[source] std::io::Error),
    #[error("cannot draw a key: {0}")]
    Random(#[from] RngError),
}

/// Reads and checks the key file.
pub fn load(path: &Path) -> Result<KeyRing, KeyFileError> {
    let unreadable = |e| KeyFileError::Unreadable(path.to_path_buf(), e);
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    // The mode of the file opened, not of the path (which could change in between).
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(unreadable(std::io::Error::other("not a regular file")));
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::Unsafe {
            path: path.to_path_buf(),
            mode,
        });
    }
    let mut text = Zeroizing::new(String::new());
    std::io::Read::read_to_string(&mut file, &mut text).map_err(unreadable)?;
    KeyRing::parse(&text).map_err(|e| KeyFileError::Malformed(path.to_path_buf(), e))
}

/// Creates the key file with a fresh key; [`KeyFileError::Exists`] when there is one.
pub fn create(path: &Path) -> Result<KeyRing, KeyFileError> {
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    OsRandom.fill(key.as_mut())?;
    let text = KeyRing::file_text(key.as_ref(), None);
    write_file(path, &text, false)?;
    load(path)
}

/// The key file, created when missing (the kiosk at start). Two kiosks starting at once
/// on one file end up with the same key: the file appears whole or not at all, and the
/// one that finds it made already reads it.
pub fn load_or_create(path: &Path) -> Result<KeyRing, KeyFileError> {
    match load(path) {
        Err(KeyFileError::Unreadable(_, e)) if e.kind() == std::io::ErrorKind::NotFound => {
            match create(path) {
                Err(KeyFileError::Exists(_)) => load(path),
                other => other,
            }
        }
        other => other,
    }
}

/// Replaces the key file's current key with a fresh one, keeping the older keys (they
/// still verify the audit rows they signed and the hashes they peppered). Returns the new
/// ring.
pub fn rotate(path: &Path) -> Result<KeyRing, KeyFileError> {
    let old = load(path)?;
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    OsRandom.fill(key.as_mut())?;
    let text = KeyRing::file_text(key.as_ref(), Some(&old));
    write_file(path, &text, true)?;
    load(path)
}

/// Writes `text` to a private temporary file beside `path` and moves it into place:
/// `replace` renames over an existing file; otherwise a hard link, which fails when
/// `path` exists, so a file is never overwritten and never seen half-written.
fn write_file(path: &Path, text: &str, replace: bool) -> Result<(), KeyFileError> {
    let create_err = |e| KeyFileError::Create(path.to_path_buf(), e);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(create_err)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "secret.key".into());
    let mut tag = [0u8; 8];
    OsRandom.fill(&mut tag)?;
    let tag: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = dir.join(format!(".{name}.{tag}.tmp"));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        // The umask can only take bits away from 0600; set it exactly all the same.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if replace {
            std::fs::rename(&tmp, path)
        } else {
            std::fs::hard_link(&tmp, path)
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(KeyFileError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(create_err(e)),
    }
}
