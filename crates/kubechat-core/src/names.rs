//! Names that can only hold valid values (parse, don't validate).
//!
//! Kubernetes names follow RFC 1123: namespaces and most labels are DNS
//! labels (≤ 63 characters), object names DNS subdomains (≤ 253). A value
//! that breaks the rule is rejected here with a message saying why, so no
//! later layer ever sends it to the API server.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// An RFC 1035 DNS label, as Service names must be: an RFC 1123 label
/// that starts with a letter.
pub(crate) fn is_dns1035_label(s: &str) -> bool {
    is_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_label)
}

macro_rules! name_type {
    ($(#[$doc:meta])* $ty:ident, $what:literal, $check:ident, $rule:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $ty(String);

        impl $ty {
            /// Validates `s`.
            pub fn parse(s: &str) -> Result<Self, Error> {
                if $check(s) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(Error::InvalidName {
                        what: $what,
                        value: s.chars().take(300).collect(),
                        rule: $rule,
                    })
                }
            }

            /// The name as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

name_type!(
    /// A namespace name: an RFC 1123 DNS label.
    Namespace,
    "namespace",
    is_label,
    "1–63 lower-case letters, digits or '-', starting and ending with a letter or digit"
);

name_type!(
    /// An object name: an RFC 1123 DNS subdomain (what most kinds accept).
    ResourceName,
    "name",
    is_subdomain,
    "up to 253 lower-case letters, digits, '-' or '.', each dot-separated part starting and ending with a letter or digit"
);

name_type!(
    /// A container name: an RFC 1123 DNS label.
    ContainerName,
    "container name",
    is_label,
    "1–63 lower-case letters, digits or '-', starting and ending with a letter or digit"
);

name_type!(
    /// The name of a cluster a KubeChat deployment works on (`default`
    /// is its own; others are configured in `[[kubernetes.clusters]]`):
    /// an RFC 1123 DNS label.
    ClusterName,
    "cluster name",
    is_label,
    "1–63 lower-case letters, digits or '-', starting and ending with a letter or digit"
);

/// A label or field selector in Kubernetes syntax (`app=web,tier!=db`,
/// `env in (prod,staging)`, `!canary`). Checked for shape only; the API
/// server is the final judge of its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selector(String);

/// Longest selector accepted.
pub const MAX_SELECTOR_LEN: usize = 1024;

impl Selector {
    /// Validates `s` as a selector.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad = |reason: &str| Error::InvalidSelector {
            value: s.chars().take(100).collect(),
            reason: reason.to_owned(),
        };
        let s = s.trim();
        if s.is_empty() {
            return Err(bad("it is empty"));
        }
        if s.len() > MAX_SELECTOR_LEN {
            return Err(bad("it is too long"));
        }
        if !s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | '=' | '!' | ',' | '(' | ')' | ' ')
        }) {
            return Err(bad("it contains a character selectors cannot hold"));
        }
        for term in split_terms(s) {
            let t = term.trim();
            if t.is_empty() {
                return Err(bad("it has an empty term"));
            }
            let key = t
                .trim_start_matches('!')
                .split(['=', '!', ' '])
                .next()
                .unwrap_or_default();
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
            {
                return Err(bad(&format!("{t:?} does not start with a label key")));
            }
        }
        Ok(Self(s.to_owned()))
    }

    /// The selector text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Splits on commas outside parentheses (`env in (a,b),tier=web`).
fn split_terms(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Selector {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Selector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A label or annotation key: optional DNS-subdomain prefix and `/`, then
/// a name of up to 63 alphanumerics, `-`, `_`, `.`.
pub fn check_label_key(key: &str) -> Result<(), Error> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if name_ok && prefix.is_none_or(is_subdomain) {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "label key",
            value: key.chars().take(300).collect(),
            rule: "[prefix/]name where name is 1–63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
        })
    }
}

/// A label value: empty, or up to 63 alphanumerics, `-`, `_`, `.`,
/// starting and ending alphanumeric.
pub fn check_label_value(value: &str) -> Result<(), Error> {
    let ok = value.is_empty()
        || (value.len() <= 63
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && value.starts_with(|c: char| c.is_ascii_alphanumeric())
            && value.ends_with(|c: char| c.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "label value",
            value: value.chars().take(300).collect(),
            rule: "empty, or 1–63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123_names() {
        assert!(Namespace::parse("payments").is_ok());
        assert!(ResourceName::parse("web-7d9f.v2").is_ok());
        for bad in ["", "Web", "-web", "web-", "web_1", "a b", &"a".repeat(64)] {
            let e = Namespace::parse(bad).unwrap_err().to_string();
            assert!(e.starts_with("invalid namespace"), "{bad:?}: {e}");
        }
        assert!(ResourceName::parse(&"a".repeat(254)).is_err());
        assert!(ResourceName::parse("a..b").is_err());
    }

    #[test]
    fn selectors() {
        for ok in [
            "app=web",
            "app=web,tier!=db",
            "env in (prod,staging)",
            "!canary",
            "app",
            "app.kubernetes.io/name=x",
        ] {
            assert!(Selector::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "app=web;rm -rf /", "=web", "a,,b", "$(x)"] {
            assert!(Selector::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn label_keys_and_values() {
        assert!(check_label_key("app.kubernetes.io/name").is_ok());
        assert!(check_label_key("tier").is_ok());
        assert!(check_label_key("-bad").is_err());
        assert!(check_label_value("").is_ok());
        assert!(check_label_value("v1.2_x").is_ok());
        assert!(check_label_value("no spaces").is_err());
    }
}
