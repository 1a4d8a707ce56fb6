//! The one error type of this crate.

/// Why a billing call failed. [`Error::code`] is stable (API bodies).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Billing is switched off in this deployment.
    #[error(
        "billing is not enabled here; set billing.enabled = true (and the provider keys) to use plans and payments"
    )]
    Disabled,
    /// A webhook whose signature does not verify: missing, malformed,
    /// forged, outside the tolerance window.
    #[error("webhook signature rejected: {0}")]
    Signature(String),
    /// A webhook delivery seen before, signature and all.
    #[error(
        "webhook rejected: this exact delivery (timestamp and signature) was already received; a replay is not processed again"
    )]
    Replayed,
    /// A body that is not a usable event or object.
    #[error("webhook payload rejected: {0}")]
    Payload(String),
    /// A plan name that is not on offer, or one that cannot be bought.
    #[error("{0}")]
    Plan(String),
    /// The provider answered with an error or could not be reached.
    #[error("the payment provider failed: {0}")]
    Provider(String),
    /// No provider API key is configured.
    #[error(
        "no payment provider key is configured; set billing.secret_key or billing.secret_key_env"
    )]
    NoProviderKey,
    /// The database failed.
    #[error("billing data cannot be read or written: {0}")]
    Store(String),
}

impl Error {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Disabled => "billing_disabled",
            Error::Signature(_) => "invalid_signature",
            Error::Replayed => "replayed_delivery",
            Error::Payload(_) => "invalid_payload",
            Error::Plan(_) => "invalid_plan",
            Error::Provider(_) => "provider_unavailable",
            Error::NoProviderKey => "provider_not_configured",
            Error::Store(_) => "unavailable",
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Store(e.to_string())
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
