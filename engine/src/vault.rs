//! The token vault: AES-256-GCM under a master key that never leaves the process's memory.
//!
//! A sealed value is `version (1) ‖ key id (8) ‖ nonce (12) ‖ ciphertext+tag`. The nonce is
//! 96 random bits per encryption. The associated data binds the ciphertext to its owner and
//! field (`pulse/v1/<key id>/<owner>/<field>`), so a token copied to another account's row, or
//! into another field, fails to open. The key id lets a vault hold older keys for rotation.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

const FORMAT_VERSION: u8 = 1;
const KEY_ID_LENGTH: usize = 8;
const NONCE_LENGTH: usize = 12;
const HEADER_LENGTH: usize = 1 + KEY_ID_LENGTH + NONCE_LENGTH;

/// Why a master key or a sealed value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The master key is not 32 bytes of standard base64.
    #[error("the master key must be 32 bytes in base64 (44 characters); generate one with `pulse keygen`")]
    BadMasterKey,
    /// The master key is 32 bytes but not random: all zero, one byte repeated, a short
    /// pattern — a placeholder or a typo, never a key from `pulse keygen`.
    #[error("the master key is not random (all zero, or a few bytes repeated); generate one with `pulse keygen`")]
    WeakMasterKey,
    /// The sealed value was made under a key this vault does not hold.
    #[error("the value was sealed under another master key (key id {0})")]
    UnknownKey(String),
    /// Too short, wrong version, tampered with, or moved to another owner or field.
    #[error("the sealed value does not open (damaged, or moved to another owner or field)")]
    DoesNotOpen,
}

/// A 256-bit master key. Its `Debug` shows only the key id.
#[derive(Clone)]
pub struct MasterKey {
    bytes: [u8; 32],
    id: [u8; KEY_ID_LENGTH],
}

/// Whether 32 key bytes are plainly not random: fewer than 12 distinct byte values. 32 random
/// bytes have about 30 distinct values; fewer than 12 happens with a probability below
/// 10^-20, while a zero key, a repeated byte or a short repeated pattern (`"abcd" * 8`) has
/// at most a handful.
fn looks_degenerate(bytes: &[u8; 32]) -> bool {
    let mut seen = [false; 256];
    for byte in bytes {
        seen[usize::from(*byte)] = true;
    }
    seen.iter().filter(|was| **was).count() < 12
}

impl MasterKey {
    /// Parses 32 bytes of standard base64 (surrounding white space ignored).
    pub fn from_base64(text: &str) -> Result<Self, VaultError> {
        let decoded = BASE64
            .decode(text.trim())
            .map_err(|_| VaultError::BadMasterKey)?;
        let bytes: [u8; 32] = decoded.try_into().map_err(|_| VaultError::BadMasterKey)?;
        if looks_degenerate(&bytes) {
            return Err(VaultError::WeakMasterKey);
        }
        Ok(Self::from_bytes(bytes))
    }

    /// A fresh random key (for `pulse keygen` and the demo).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        Self::from_bytes(bytes)
    }

    fn from_bytes(bytes: [u8; 32]) -> Self {
        let digest = Sha256::new()
            .chain_update(b"pulse master key id")
            .chain_update(bytes)
            .finalize();
        let mut id = [0u8; KEY_ID_LENGTH];
        id.copy_from_slice(&digest[..KEY_ID_LENGTH]);
        Self { bytes, id }
    }

    /// The key as base64, to print once when generated.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.bytes)
    }

    /// The key id, in hex: safe to log.
    pub fn id_hex(&self) -> String {
        hex(&self.id)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey(id {})", self.id_hex())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn associated_data(key_id: &[u8], owner: &str, field: &str) -> Vec<u8> {
    // Lengths first, so that no (owner, field) pair can collide with another one.
    format!(
        "pulse/v1/{}/{}:{owner}/{}:{field}",
        hex(key_id),
        owner.len(),
        field.len()
    )
    .into_bytes()
}

/// Seals and opens secrets under the current master key; opens under older ones too.
#[derive(Clone, Debug)]
pub struct Vault {
    current: MasterKey,
    older: Vec<MasterKey>,
}

impl Vault {
    /// A vault that seals under `current` and can also open values sealed under `older` keys.
    pub fn new(current: MasterKey, older: Vec<MasterKey>) -> Self {
        Self { current, older }
    }

    /// The id of the key new values are sealed under.
    pub fn current_key_id(&self) -> String {
        self.current.id_hex()
    }

    /// Encrypts `plaintext` for `owner` and `field`.
    pub fn seal(&self, owner: &str, field: &str, plaintext: &[u8]) -> Vec<u8> {
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&self.current.bytes));
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(&self.current.id, owner, field);
        // Encryption with a valid key and nonce only fails for inputs of 64 GiB and more.
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .unwrap_or_default();
        let mut sealed = Vec::with_capacity(HEADER_LENGTH + ciphertext.len());
        sealed.push(FORMAT_VERSION);
        sealed.extend_from_slice(&self.current.id);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    /// Decrypts a value sealed for `owner` and `field`.
    pub fn open(&self, owner: &str, field: &str, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
        if sealed.len() < HEADER_LENGTH + 16 || sealed[0] != FORMAT_VERSION {
            return Err(VaultError::DoesNotOpen);
        }
        let key_id = &sealed[1..1 + KEY_ID_LENGTH];
        let key = std::iter::once(&self.current)
            .chain(self.older.iter())
            .find(|key| key.id == key_id)
            .ok_or_else(|| VaultError::UnknownKey(hex(key_id)))?;
        let nonce = Nonce::from_slice(&sealed[1 + KEY_ID_LENGTH..HEADER_LENGTH]);
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key.bytes));
        let aad = associated_data(key_id, owner, field);
        cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &sealed[HEADER_LENGTH..],
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::DoesNotOpen)
    }

    /// Whether `sealed` was sealed under the current key (rotation re-seals the others).
    pub fn is_current(&self, sealed: &[u8]) -> bool {
        sealed.len() > KEY_ID_LENGTH && sealed[1..1 + KEY_ID_LENGTH] == self.current.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::new(MasterKey::generate(), Vec::new())
    }

    #[test]
    fn a_key_that_is_not_random_is_refused() {
        let zero = BASE64.encode([0u8; 32]);
        let repeated = BASE64.encode([0x41u8; 32]);
        let pattern = BASE64.encode(b"abcdabcdabcdabcdabcdabcdabcdabcd");
        let counting: Vec<u8> = (0u8..8).cycle().take(32).collect();
        for weak in [zero, repeated, pattern, BASE64.encode(counting)] {
            assert!(
                matches!(
                    MasterKey::from_base64(&weak),
                    Err(VaultError::WeakMasterKey)
                ),
                "{weak} is refused"
            );
        }
        for _ in 0..1000 {
            let key = MasterKey::generate().to_base64();
            assert!(MasterKey::from_base64(&key).is_ok(), "generated keys pass");
        }
    }

    #[test]
    fn round_trip_with_fresh_nonces() {
        let vault = vault();
        let a = vault.seal("17841", "access_token", b"IGAA-secret");
        let b = vault.seal("17841", "access_token", b"IGAA-secret");
        assert_ne!(a, b, "two seals of one value differ (random nonce)");
        assert_eq!(
            vault.open("17841", "access_token", &a).unwrap(),
            b"IGAA-secret"
        );
        assert!(!a.windows(11).any(|w| w == b"IGAA-secret"));
    }

    #[test]
    fn moved_to_another_owner_or_field_does_not_open() {
        let vault = vault();
        let sealed = vault.seal("17841", "access_token", b"secret");
        assert_eq!(
            vault.open("17842", "access_token", &sealed),
            Err(VaultError::DoesNotOpen)
        );
        assert_eq!(
            vault.open("17841", "caption", &sealed),
            Err(VaultError::DoesNotOpen)
        );
        // Owner/field boundaries cannot be shifted to forge a match.
        let sealed = vault.seal("a", "bc", b"x");
        assert_eq!(vault.open("ab", "c", &sealed), Err(VaultError::DoesNotOpen));
    }

    #[test]
    fn every_flipped_bit_is_refused() {
        let vault = vault();
        let sealed = vault.seal("o", "f", b"token");
        for byte in 0..sealed.len() {
            for bit in 0..8 {
                let mut damaged = sealed.clone();
                damaged[byte] ^= 1 << bit;
                assert!(
                    vault.open("o", "f", &damaged).is_err(),
                    "byte {byte} bit {bit}"
                );
            }
        }
        assert!(vault.open("o", "f", &sealed[..10]).is_err());
        assert!(vault.open("o", "f", &[]).is_err());
    }

    #[test]
    fn older_keys_open_and_unknown_keys_are_named() {
        let old = MasterKey::generate();
        let sealed = Vault::new(old.clone(), Vec::new()).seal("o", "f", b"v");
        let rotated = Vault::new(MasterKey::generate(), vec![old.clone()]);
        assert_eq!(rotated.open("o", "f", &sealed).unwrap(), b"v");
        assert!(!rotated.is_current(&sealed));
        let stranger = vault();
        assert_eq!(
            stranger.open("o", "f", &sealed),
            Err(VaultError::UnknownKey(old.id_hex()))
        );
    }

    #[test]
    fn master_key_parsing() {
        let key = MasterKey::generate();
        let parsed = MasterKey::from_base64(&format!(" {}\n", key.to_base64())).unwrap();
        assert_eq!(parsed.id_hex(), key.id_hex());
        assert_eq!(
            MasterKey::from_base64("short").unwrap_err(),
            VaultError::BadMasterKey
        );
        assert_eq!(
            MasterKey::from_base64(&BASE64.encode([0u8; 31])).unwrap_err(),
            VaultError::BadMasterKey
        );
        assert!(!format!("{key:?}").contains(&key.to_base64()));
    }
}
