//! A URL that may carry credentials (database, Redis).

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A connection URL that may embed a password. It is never printed whole:
/// `Debug` and `Serialize` show it with the password replaced, so the
/// configuration can be logged or shown safely.
#[derive(Clone)]
pub struct SecretUrl(SecretString);

impl SecretUrl {
    /// Wraps a URL string.
    pub fn new(url: impl Into<String>) -> Self {
        Self(SecretString::from(url.into()))
    }

    /// The full URL, credentials included. Call only to connect.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The URL with any password replaced by `***`, for logs and errors.
    pub fn redacted(&self) -> String {
        redact(self.expose())
    }

    /// The scheme, lower-cased (`postgres`, `sqlite`, `redis` …).
    pub fn scheme(&self) -> String {
        self.expose()
            .split_once(':')
            .map(|(s, _)| s.to_ascii_lowercase())
            .unwrap_or_default()
    }
}

/// Replaces the password of a URL with `***`; leaves unparsable text
/// reduced to its scheme so nothing secret can leak through an error path.
pub fn redact(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) => {
            if u.password().is_some() {
                // Setting a password only fails for URLs that cannot have one.
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => match raw.split_once(':') {
            Some((scheme, _)) => format!("{scheme}:<unparsable>"),
            None => "<unparsable>".to_owned(),
        },
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Serialize for SecretUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

impl<'de> Deserialize<'de> for SecretUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SecretUrl::new)
    }
}

/// A secret value (a token): shown as `***` by `Debug` and `Serialize`.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The secret itself. Call only to use it (a request header).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("***")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_never_shows() {
        let u = SecretUrl::new("postgres://kubechat:hunter2@db:5432/kubechat");
        assert_eq!(u.redacted(), "postgres://kubechat:***@db:5432/kubechat");
        assert!(!format!("{u:?}").contains("hunter2"));
        assert!(
            !serde_json::to_string(&u)
                .unwrap_or_default()
                .contains("hunter2")
        );
        assert_eq!(u.scheme(), "postgres");
    }

    #[test]
    fn unparsable_url_is_reduced_to_scheme() {
        assert_eq!(redact("postgres://a:b@[bad"), "postgres:<unparsable>");
    }
}
