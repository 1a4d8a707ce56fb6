//! Signing without knowing where the key lives.
//!
//! The audit log signs checkpoints and retention anchors so that someone
//! who can write the database cannot rewrite history: the key must live
//! outside the database (a file in the signing-key directory, a mounted
//! Kubernetes Secret). The key files belong to the accounts crate; the
//! audit crate only needs "sign these bytes", so the contract sits here
//! and neither crate depends on the other.

/// An Ed25519 signer.
pub trait Signer: Send + Sync {
    /// A short, stable name of the key (for rotation and error messages).
    fn key_id(&self) -> String;
    /// The raw 32-byte public key.
    fn public_key(&self) -> Vec<u8>;
    /// The 64-byte signature of `message`.
    fn sign(&self, message: &[u8]) -> Vec<u8>;
}
