//! The PIN cipher shared by the clients and the backend.
//!
//! A PIN travels encrypted with the device secret as the passphrase:
//!
//! 1. a random 16-byte salt and a random 16-byte IV, written as lower-case hex;
//! 2. key = PBKDF2-HMAC-SHA1(device secret as UTF-8, salt bytes, 1000 iterations, 16 bytes);
//! 3. ciphertext = AES-128-CBC(key, IV, PKCS#7-padded UTF-8 PIN), in Base64;
//! 4. the result is the Base64 of the UTF-8 text `ivHex::saltHex::ciphertextBase64`.
//!
//! [`encrypt_pin`] is what [`AuthService::pin_login`](crate::AuthService::pin_login) sends;
//! [`decrypt_pin`] is what a server does with it, and is public so that servers and tests
//! written in Rust can use the same code.
//!
//! CBC without a MAC does not detect every tampered ciphertext: a change that still
//! unpads correctly decrypts to another PIN. The scheme is fixed by the backend; a wrong
//! PIN is then refused because it matches no user.

use aes::Aes128;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use sha1::Sha1;

use crate::Secret;

const KEY_DERIVATION_ROUNDS: u32 = 1000;
const KEY_LEN: usize = 16;
const SALT_LEN: usize = 16;
const IV_LEN: usize = 16;
const SEPARATOR: &str = "::";

/// Why an encrypted PIN could not be made or read. It never holds the PIN or the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PinError {
    /// The operating system's random generator failed.
    #[error("the operating system's random generator failed")]
    Random,
    /// The encrypted PIN is not Base64 of `ivHex::saltHex::ciphertextBase64`.
    #[error("the encrypted PIN is malformed: {0}")]
    Malformed(&'static str),
    /// The ciphertext does not decrypt to a padded UTF-8 PIN under this secret.
    #[error("the encrypted PIN does not decrypt with this device secret")]
    Undecryptable,
}

/// Encrypts `pin` under `device_secret` with a fresh random salt and IV from the OS.
pub fn encrypt_pin(pin: &Secret, device_secret: &Secret) -> Result<Secret, PinError> {
    let mut iv = [0u8; IV_LEN];
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut iv).map_err(|_| PinError::Random)?;
    getrandom::fill(&mut salt).map_err(|_| PinError::Random)?;

    Ok(encrypt_pin_with(pin, device_secret, &iv, &salt))
}

/// Encrypts `pin` with the given IV and salt. Only for known-answer tests: reusing an IV
/// or a salt weakens the cipher, so real callers use [`encrypt_pin`].
pub fn encrypt_pin_with(
    pin: &Secret,
    device_secret: &Secret,
    iv: &[u8; IV_LEN],
    salt: &[u8; SALT_LEN],
) -> Secret {
    let key = derive_key(device_secret, salt);
    let ciphertext = cbc::Encryptor::<Aes128>::new(&key.into(), &(*iv).into())
        .encrypt_padded_vec::<Pkcs7>(pin.expose().as_bytes());

    let envelope = format!(
        "{}{SEPARATOR}{}{SEPARATOR}{}",
        hex::encode(iv),
        hex::encode(salt),
        BASE64.encode(ciphertext)
    );

    Secret::new(BASE64.encode(envelope))
}

/// Decrypts an encrypted PIN with the device secret it was encrypted under.
pub fn decrypt_pin(encrypted_pin: &Secret, device_secret: &Secret) -> Result<Secret, PinError> {
    let envelope = BASE64
        .decode(encrypted_pin.expose().trim())
        .map_err(|_| PinError::Malformed("not Base64"))?;
    let envelope = String::from_utf8(envelope).map_err(|_| PinError::Malformed("not UTF-8"))?;

    let mut parts = envelope.split(SEPARATOR);
    let (Some(iv_hex), Some(salt_hex), Some(ciphertext_base64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(PinError::Malformed("not three parts separated by '::'"));
    };

    let iv: [u8; IV_LEN] = decode_hex_array(iv_hex).ok_or(PinError::Malformed("bad IV"))?;
    let salt: [u8; SALT_LEN] = decode_hex_array(salt_hex).ok_or(PinError::Malformed("bad salt"))?;
    let ciphertext = BASE64
        .decode(ciphertext_base64)
        .map_err(|_| PinError::Malformed("ciphertext is not Base64"))?;

    let key = derive_key(device_secret, &salt);
    let plaintext = cbc::Decryptor::<Aes128>::new(&key.into(), &iv.into())
        .decrypt_padded_vec::<Pkcs7>(&ciphertext)
        .map_err(|_| PinError::Undecryptable)?;

    String::from_utf8(plaintext)
        .map(Secret::new)
        .map_err(|_| PinError::Undecryptable)
}

fn derive_key(device_secret: &Secret, salt: &[u8]) -> [u8; KEY_LEN] {
    pbkdf2::pbkdf2_hmac_array::<Sha1, KEY_LEN>(
        device_secret.expose().as_bytes(),
        salt,
        KEY_DERIVATION_ROUNDS,
    )
}

fn decode_hex_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    hex::decode_to_slice(text, &mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_random_salt_and_iv() {
        let pin = Secret::from("4321");
        let secret = Secret::from("device-secret");

        let first = encrypt_pin(&pin, &secret).expect("the OS generator works");
        let second = encrypt_pin(&pin, &secret).expect("the OS generator works");

        assert_ne!(
            first.expose(),
            second.expose(),
            "salt and IV must differ per call"
        );
        assert_eq!(
            decrypt_pin(&first, &secret).expect("decrypts").expose(),
            "4321"
        );
        assert_eq!(
            decrypt_pin(&second, &secret).expect("decrypts").expose(),
            "4321"
        );
    }

    #[test]
    fn malformed_envelopes_are_refused() {
        let secret = Secret::from("device-secret");

        for bad in ["%%%", "bm90IHRocmVlIHBhcnRz", ""] {
            let error = decrypt_pin(&Secret::from(bad), &secret).expect_err("refused");
            assert!(
                matches!(error, PinError::Malformed(_)),
                "{bad:?} gave {error:?}"
            );
        }
    }
}
