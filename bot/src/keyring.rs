//! The keyring file: the per-account data keys, each wrapped by the master key, next to the
//! database (`<store.path>.keys`). It is rewritten whole on every change — a new file,
//! synced, then renamed over the old one — so a shredded key leaves no copy in the data
//! directory, unlike a value removed from sled.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use engine::data_keys::{KeyringError, KeyringStore};

/// Where the keyring of the database at `store_path` lives.
pub fn keyring_path(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push(".keys");
    PathBuf::from(name)
}

/// A keyring in a file.
#[derive(Debug, Clone)]
pub struct FileKeyring {
    path: PathBuf,
}

impl FileKeyring {
    /// The keyring at `path` (created on the first save).
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }
}

fn storage(what: &str, path: &Path, error: std::io::Error) -> KeyringError {
    KeyringError::Storage(format!("{what} {}: {error}", path.display()))
}

impl KeyringStore for FileKeyring {
    fn load(&self) -> Result<Option<Vec<u8>>, KeyringError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(storage("cannot read", &self.path, error)),
        }
    }

    fn save(&self, bytes: &[u8]) -> Result<(), KeyringError> {
        let directory = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut file = tempfile::NamedTempFile::new_in(directory)
            .map_err(|error| storage("cannot write next to", &self.path, error))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            file.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|error| storage("cannot restrict", &self.path, error))?;
        }
        file.write_all(bytes)
            .and_then(|()| file.as_file().sync_all())
            .map_err(|error| storage("cannot write", &self.path, error))?;
        file.persist(&self.path)
            .map_err(|error| storage("cannot replace", &self.path, error.error))?;
        // The rename itself must survive a crash too.
        if let Ok(directory) = std::fs::File::open(directory) {
            let _ = directory.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_replace_the_whole_file_and_a_missing_file_is_empty() {
        let directory = tempfile::tempdir().unwrap();
        let keyring = FileKeyring::new(keyring_path(&directory.path().join("pulse.sled")));
        assert_eq!(keyring.load().unwrap(), None);
        keyring.save(b"first, longer content").unwrap();
        keyring.save(b"second").unwrap();
        assert_eq!(keyring.load().unwrap().unwrap(), b"second");
        assert!(directory.path().join("pulse.sled.keys").exists());
        let leftovers = std::fs::read_dir(directory.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(directory.path().join("pulse.sled.keys"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
