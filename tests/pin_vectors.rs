//! The PIN cipher against known-answer vectors made by an independent implementation.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use iam_client::Secret;
use iam_client::pin::{decrypt_pin, encrypt_pin_with};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vector {
    device_secret: String,
    pin: String,
    iv_hex: String,
    salt_hex: String,
    ciphertext_base64: String,
    encrypted_pin: String,
}

fn vectors() -> Vec<Vector> {
    let text = include_str!("data/pin-vectors.json");
    let vectors: Vec<Vector> = serde_json::from_str(text).expect("the vector file is valid JSON");
    assert!(!vectors.is_empty(), "the vector file holds no vectors");
    vectors
}

fn array16(hex_text: &str) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    hex::decode_to_slice(hex_text, &mut bytes).expect("16 bytes of hex");
    bytes
}

#[test]
fn encryption_matches_every_vector() {
    for vector in vectors() {
        let encrypted = encrypt_pin_with(
            &Secret::from(vector.pin.as_str()),
            &Secret::from(vector.device_secret.as_str()),
            &array16(&vector.iv_hex),
            &array16(&vector.salt_hex),
        );

        assert_eq!(
            encrypted.expose(),
            vector.encrypted_pin,
            "PIN {:?}",
            vector.pin
        );

        let envelope = BASE64
            .decode(encrypted.expose())
            .expect("the envelope is Base64");
        let envelope = String::from_utf8(envelope).expect("the envelope is UTF-8");
        let expected = format!(
            "{}::{}::{}",
            vector.iv_hex, vector.salt_hex, vector.ciphertext_base64
        );
        assert_eq!(envelope, expected);
    }
}

#[test]
fn decryption_recovers_every_vector() {
    for vector in vectors() {
        let pin = decrypt_pin(
            &Secret::from(vector.encrypted_pin.as_str()),
            &Secret::from(vector.device_secret.as_str()),
        )
        .expect("a vector decrypts");

        assert_eq!(pin.expose(), vector.pin);
    }
}

#[test]
fn a_wrong_device_secret_does_not_give_the_pin() {
    for vector in vectors() {
        let outcome = decrypt_pin(
            &Secret::from(vector.encrypted_pin.as_str()),
            &Secret::from(format!("{}-wrong", vector.device_secret)),
        );

        if let Ok(pin) = outcome {
            assert_ne!(
                pin.expose(),
                vector.pin,
                "a wrong key must not give the PIN back"
            );
        }
    }
}
