//! Private files written whole: a temporary file next to the target, readable by its owner
//! only (0600), synced, then renamed over the target, and the rename synced too. A reader sees
//! the old content or the new, never a part; a crash leaves one of them. The keyring and
//! backups are written so.

use std::io::Write as _;
use std::path::Path;

/// The error of one step, naming the file.
fn failed(what: &str, path: &Path, error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("{what} {}: {error}", path.display()))
}

/// Replaces `path` with `bytes` as described above.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(directory)
        .map_err(|error| failed("cannot write next to", path, error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|error| failed("cannot restrict", path, error))?;
    }
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|error| failed("cannot write", path, error))?;
    file.persist(path)
        .map_err(|error| failed("cannot replace", path, error.error))?;
    // The rename itself must survive a crash too.
    if let Ok(directory) = std::fs::File::open(directory) {
        let _ = directory.sync_all();
    }
    Ok(())
}
