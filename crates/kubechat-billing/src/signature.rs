//! Verifying the provider's `Stripe-Signature` header.
//!
//! The header is `t=TIMESTAMP,v1=HEX[,v1=HEX…]`: HMAC-SHA256 with the
//! endpoint's signing secret over `TIMESTAMP.PAYLOAD`. Every configured
//! secret is tried (several are live during a rotation) against every
//! `v1` value, each compared in constant time; the timestamp must be
//! within the tolerance of our clock, so an old delivery captured on the
//! way cannot be sent again later.

use hmac::{Hmac, Mac};
use kubechat_config::Secret;
use sha2::Sha256;

use crate::{Error, Result};

/// Longest header accepted (a rotation sends a few `v1` values).
const MAX_HEADER: usize = 2048;

/// A verified delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The signed timestamp (Unix seconds).
    pub timestamp: i64,
    /// `TIMESTAMP.HEX` of the signature that verified: what identifies
    /// this delivery for replay detection.
    pub delivery: String,
}

/// Verifies `header` for `payload` at `now` (Unix seconds).
pub fn verify(
    header: Option<&str>,
    payload: &[u8],
    secrets: &[Secret],
    now: i64,
    tolerance_seconds: u64,
) -> Result<Verified> {
    let header = header.ok_or_else(|| {
        Error::Signature("the request has no Stripe-Signature header; only signed deliveries of the payment provider are accepted".to_owned())
    })?;
    if header.len() > MAX_HEADER {
        return Err(Error::Signature(format!(
            "the Stripe-Signature header is longer than {MAX_HEADER} bytes"
        )));
    }
    if secrets.is_empty() {
        return Err(Error::Signature(
            "no webhook signing secret is configured (billing.webhook_secrets); nothing can be verified".to_owned(),
        ));
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let (key, value) = part.trim().split_once('=').ok_or_else(|| {
            Error::Signature(format!(
                "the Stripe-Signature header has a part without '=': {:?}",
                part.trim()
            ))
        })?;
        match key {
            "t" => {
                if timestamp.is_some() {
                    return Err(Error::Signature(
                        "the Stripe-Signature header has two timestamps".to_owned(),
                    ));
                }
                timestamp = Some(value.parse::<i64>().map_err(|_| {
                    Error::Signature(format!(
                        "the Stripe-Signature timestamp {value:?} is not a number of seconds"
                    ))
                })?);
            }
            "v1" => signatures.push(value),
            // v0 (test mode) and future schemes are not trusted.
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or_else(|| {
        Error::Signature("the Stripe-Signature header has no timestamp (t=…)".to_owned())
    })?;
    if signatures.is_empty() {
        return Err(Error::Signature(
            "the Stripe-Signature header has no v1 signature".to_owned(),
        ));
    }
    let age = now.saturating_sub(timestamp);
    if age.unsigned_abs() > tolerance_seconds {
        return Err(Error::Signature(format!(
            "the signature is {} s {} our clock; deliveries are accepted within {tolerance_seconds} s (a stale or replayed request, or a clock out of sync)",
            age.unsigned_abs(),
            if age >= 0 { "older than" } else { "ahead of" }
        )));
    }
    let stamp = timestamp.to_string();
    for secret in secrets {
        for sig in &signatures {
            let Ok(expected) = hex::decode(sig) else {
                continue;
            };
            if expected.len() != 32 {
                continue;
            }
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()) else {
                continue;
            };
            mac.update(stamp.as_bytes());
            mac.update(b".");
            mac.update(payload);
            // `verify_slice` compares in constant time.
            if mac.verify_slice(&expected).is_ok() {
                return Ok(Verified {
                    timestamp,
                    delivery: format!("{stamp}.{}", sig.to_ascii_lowercase()),
                });
            }
        }
    }
    Err(Error::Signature(
        "no configured signing secret verifies the signature (forged, altered on the way, or signed with a secret that is not in billing.webhook_secrets)".to_owned(),
    ))
}

/// The header value the provider would send for `payload` at `timestamp`
/// signed with `secret`: for tests, and for tools that replay events.
pub fn sign(secret: &str, timestamp: i64, payload: &[u8]) -> String {
    let hex = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(payload);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    };
    format!("t={timestamp},v1={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn secrets(s: &[&str]) -> Vec<Secret> {
        s.iter().map(|s| Secret::new(*s)).collect()
    }

    #[test]
    fn a_signature_of_any_configured_secret_verifies() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign("whsec_new", NOW - 10, body);
        let ok = verify(
            Some(&header),
            body,
            &secrets(&["whsec_old", "whsec_new"]),
            NOW,
            300,
        );
        assert_eq!(ok.map(|v| v.timestamp).ok(), Some(NOW - 10));
        // Several v1 values (the provider's own rotation): any may match.
        let two = format!("{},v1={}", sign("whsec_x", NOW, body), "ab".repeat(32));
        assert!(verify(Some(&two), body, &secrets(&["whsec_x"]), NOW, 300).is_ok());
    }

    #[test]
    fn forged_altered_stale_and_malformed_headers_fail_with_the_reason() {
        let body = br#"{"id":"evt_1"}"#;
        let s = secrets(&["whsec_a"]);
        let cases: [(Option<String>, &[u8], &str); 8] = [
            (None, body, "no Stripe-Signature header"),
            (
                Some(sign("whsec_b", NOW, body)),
                body,
                "no configured signing secret",
            ),
            (
                Some(sign("whsec_a", NOW, body)),
                br#"{"id":"evt_2"}"#,
                "no configured signing secret",
            ),
            (
                Some(sign("whsec_a", NOW - 301, body)),
                body,
                "older than our clock",
            ),
            (
                Some(sign("whsec_a", NOW + 400, body)),
                body,
                "ahead of our clock",
            ),
            (Some("v1=00".to_owned()), body, "no timestamp"),
            (Some(format!("t={NOW}")), body, "no v1 signature"),
            (Some("t=soon,v1=00".to_owned()), body, "not a number"),
        ];
        for (header, payload, why) in cases {
            let e = verify(header.as_deref(), payload, &s, NOW, 300)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(why), "{header:?}: {e}");
        }
        let e = verify(Some(&sign("whsec_a", NOW, body)), body, &[], NOW, 300)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("no webhook signing secret is configured"), "{e}");
    }
}
