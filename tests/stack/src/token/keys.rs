//! Loading the token signing key (PKCS#8 PEM) and its certificate (PEM) from disk.

use std::path::Path;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use p256::ecdsa::SigningKey;
use p256::pkcs8::DecodePrivateKey as _;

/// Reads an EC P-256 private key in PKCS#8 PEM form (`BEGIN PRIVATE KEY`).
pub fn load_key(path: &Path) -> Result<SigningKey> {
    let pem =
        std::fs::read_to_string(path).with_context(|| format!("reading key {}", path.display()))?;
    SigningKey::from_pkcs8_pem(&pem)
        .map_err(|err| anyhow::anyhow!("{}: not a PKCS#8 P-256 key: {err}", path.display()))
}

/// Reads the first certificate of a PEM file and returns its DER bytes.
pub fn load_cert_der(path: &Path) -> Result<Vec<u8>> {
    let pem = std::fs::read_to_string(path)
        .with_context(|| format!("reading certificate {}", path.display()))?;
    let body: String = pem
        .lines()
        .map(str::trim)
        .skip_while(|line| *line != "-----BEGIN CERTIFICATE-----")
        .skip(1)
        .take_while(|line| *line != "-----END CERTIFICATE-----")
        .collect();
    if body.is_empty() {
        bail!("{}: no PEM certificate found", path.display());
    }
    STANDARD
        .decode(body)
        .with_context(|| format!("{}: certificate is not valid base64", path.display()))
}
