//! Files the kiosk creates are its own: folders 0700, files 0600, whatever the umask
//! (outside systemd's `UMask=0077` a database, an outbox of codes or a folder of mails must
//! not be readable by every local account). Only what is created here gets these modes;
//! an existing file or folder is left as its owner set it.

use std::fs::{DirBuilder, File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and every missing folder above it, each 0700; existing ones are kept.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_all(parent)?;
    }
    match DirBuilder::new().mode(DIR_MODE).create(dir) {
        // The umask may have taken bits away from the owner too: set the mode outright.
        Ok(()) => std::fs::set_permissions(dir, Permissions::from_mode(DIR_MODE)),
        // Another process made it meanwhile.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `path` empty with mode 0600 unless it exists (its folders 0700).
pub fn create_file(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        create_dir_all(dir)?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
    {
        Ok(file) => file.set_permissions(Permissions::from_mode(FILE_MODE)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens `path` to append, creating it 0600 (and its folders 0700) when missing.
pub fn open_append(path: &Path) -> io::Result<File> {
    create_file(path)?;
    OpenOptions::new().append(true).open(path)
}

/// Creates `path` new with mode 0600 (its folders 0700) and opens it to write; an existing
/// file is an `AlreadyExists` error, never overwritten or followed.
pub fn create_new(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        create_dir_all(dir)?;
    }
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)?;
    file.set_permissions(Permissions::from_mode(FILE_MODE))?;
    Ok(file)
}
