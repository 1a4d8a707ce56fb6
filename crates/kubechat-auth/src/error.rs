//! The one error type of the accounts crate.

use std::fmt;

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a credential was not accepted. The code is logged with
/// `authentication failed` (never the credential itself) and answered to
/// clients as a 401 without telling an unknown user from a bad password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No credential was presented.
    Missing,
    /// It is not in any of the accepted forms.
    Malformed,
    /// Past its expiry (plus leeway).
    Expired,
    /// Before its not-before time (minus leeway).
    NotYetValid,
    /// The signature does not verify.
    BadSignature,
    /// Signed with a key id this server does not know (or no longer has).
    UnknownKey,
    /// Revoked (logout, token deletion, reuse of a rotated refresh token).
    Revoked,
    /// A refresh token presented a second time: its family is revoked.
    RefreshReused,
    /// The user is disabled.
    Disabled,
    /// No such user, or the password does not match.
    BadCredentials,
    /// An access token where a refresh token was expected, or the reverse.
    WrongType,
    /// Password sign-in is off for everyone but admins (single sign-on is
    /// the way in).
    PasswordLoginOff,
}

impl Reason {
    /// The code in logs and metrics.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::Malformed => "malformed",
            Reason::Expired => "expired",
            Reason::NotYetValid => "not_yet_valid",
            Reason::BadSignature => "bad_signature",
            Reason::UnknownKey => "unknown_key",
            Reason::Revoked => "revoked",
            Reason::RefreshReused => "refresh_reused",
            Reason::Disabled => "disabled",
            Reason::BadCredentials => "bad_credentials",
            Reason::WrongType => "wrong_type",
            Reason::PasswordLoginOff => "password_login_off",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Account and token failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A credential was refused; the reason is for logs.
    #[error("authentication failed ({0})")]
    Unauthenticated(Reason),

    /// A value given does not satisfy the rules.
    #[error("invalid {what}: {reason}")]
    Invalid { what: &'static str, reason: String },

    /// Something that must be unique already exists.
    #[error("{0} already exists")]
    Conflict(String),

    /// Something asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),

    /// A signing or verification key could not be used.
    #[error("signing keys: {0}")]
    Keys(String),

    /// A database call failed.
    #[error("account storage failed: {0}")]
    Query(#[from] sqlx::Error),

    /// The store's own checks failed.
    #[error(transparent)]
    Store(#[from] kubechat_store::Error),

    /// The shared cache could not be written (a logout or a change could
    /// not be announced to other processes).
    #[error("{0}")]
    Unavailable(String),
}
