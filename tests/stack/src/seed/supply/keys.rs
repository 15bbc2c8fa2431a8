//! The supply-chain images' keys: TEST-ONLY ECDSA P-256 keys derived from fixed labels, so
//! every machine signs the same bytes. Their private halves are public knowledge: never
//! trust anything signed with them.

use p256::ecdsa::SigningKey;

use crate::es256;

/// The label of the cosign test key (`supply/signed`, `supply/tampered`, and the DSSE
/// envelopes of the attestations, as `cosign attest` signs them with the same key).
const COSIGN_LABEL: &str = "regscope-stack supply cosign TEST-ONLY key";

/// The label of the test CA's key (it issues the keyless and Notary certificates).
const CA_LABEL: &str = "regscope-stack supply CA TEST-ONLY key";
/// The label of the keyless signature's key (its certificate's key).
const KEYLESS_LABEL: &str = "regscope-stack supply keyless TEST-ONLY key";
/// The label of the Notary v2 signing key.
const NOTARY_LABEL: &str = "regscope-stack supply notary TEST-ONLY key";

/// The test CA's key.
pub fn ca() -> SigningKey {
    es256::fixed_key(CA_LABEL)
}

/// The keyless signature's key.
pub fn keyless() -> SigningKey {
    es256::fixed_key(KEYLESS_LABEL)
}

/// The Notary v2 signing key.
pub fn notary() -> SigningKey {
    es256::fixed_key(NOTARY_LABEL)
}

/// The cosign test key.
pub fn cosign() -> SigningKey {
    es256::fixed_key(COSIGN_LABEL)
}

#[cfg(test)]
mod tests {
    use p256::pkcs8::{EncodePublicKey as _, LineEnding};

    /// The committed public half of the cosign test key: what a user pastes to verify.
    const COSIGN_PUBLIC_PEM: &str = include_str!("cosign-test-key.pub");

    #[test]
    fn the_committed_public_key_is_the_cosign_test_key() {
        let pem = super::cosign()
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("PEM");
        assert_eq!(pem, COSIGN_PUBLIC_PEM);
    }
}
