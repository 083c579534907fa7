//! The keyring file: the per-account data keys, each wrapped by the master key, next to the
//! database (`<store.path>.keys`). It is rewritten whole on every change — a new file,
//! synced, then renamed over the old one — so a shredded key leaves no copy in the data
//! directory, unlike a value removed from sled ([`crate::files::write_private`]).

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

impl KeyringStore for FileKeyring {
    fn load(&self) -> Result<Option<Vec<u8>>, KeyringError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(KeyringError::Storage(format!(
                "cannot read {}: {error}",
                self.path.display()
            ))),
        }
    }

    fn save(&self, bytes: &[u8]) -> Result<(), KeyringError> {
        crate::files::write_private(&self.path, bytes)
            .map_err(|error| KeyringError::Storage(error.to_string()))
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
