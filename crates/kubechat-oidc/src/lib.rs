//! Single sign-on with OpenID Connect.
//!
//! A [`Provider`] reads its issuer's discovery document and signing keys
//! (cached; an unknown key id fetches them again, at most once a
//! minute), builds the authorization-code request with PKCE S256, a
//! `state` and a `nonce`, exchanges the code, and validates the tokens it
//! gets: signature (RS256 or ES256 only, the key picked by `kid`), issuer,
//! audience, expiry and not-before with leeway, and the nonce for an ID
//! token. What comes out is an [`Identity`]: the user name and groups the
//! configured claims carry, and the KubeChat role the first matching
//! group maps to.
//!
//! Everything the provider sends is untrusted input: bodies are bounded,
//! names are checked like KubeChat user names, and every refusal says why
//! (the server logs it as `authentication failed`).

mod jws;
mod pkce;
mod provider;

pub use jws::Claims;
pub use pkce::{challenge, random_token};
pub use provider::{Identity, Provider, Tokens};

/// Why single sign-on failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The provider cannot be reached or answered something unusable.
    #[error("identity provider {provider}: {reason}")]
    Provider { provider: String, reason: String },
    /// A token (or the code exchange's answer) is not acceptable.
    #[error("token refused: {0}")]
    Token(String),
    /// The person authenticated but may not sign in (no mapped role, a
    /// user name KubeChat cannot take).
    #[error("sign-in refused: {0}")]
    Refused(String),
}

pub type Result<T> = std::result::Result<T, Error>;
