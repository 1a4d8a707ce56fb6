//! Slack request signatures: `X-Slack-Signature: v0=HEX` where HEX is
//! HMAC-SHA256 with the app's signing secret over
//! `v0:{X-Slack-Request-Timestamp}:{raw body}`. Checked before anything
//! in the body is read; the timestamp must be within the tolerance of
//! now, so a captured request cannot be replayed later.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{Error, Result};

/// Checks one request. `now` is Unix seconds (from the injected clock).
pub fn verify(
    secret: &[u8],
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
    tolerance_seconds: u64,
) -> Result<()> {
    let ts = timestamp
        .ok_or_else(|| Error::Unverified("X-Slack-Request-Timestamp is missing".into()))?;
    let sig = signature.ok_or_else(|| Error::Unverified("X-Slack-Signature is missing".into()))?;
    let at: i64 = ts
        .parse()
        .map_err(|_| Error::Unverified("X-Slack-Request-Timestamp is not a number".into()))?;
    if now.abs_diff(at) > tolerance_seconds {
        return Err(Error::Unverified(format!(
            "the request timestamp is {}s from now (at most {tolerance_seconds}s)",
            now.abs_diff(at)
        )));
    }
    let hex_sig = sig
        .strip_prefix("v0=")
        .ok_or_else(|| Error::Unverified("X-Slack-Signature is not a v0 signature".into()))?;
    let given = hex::decode(hex_sig)
        .map_err(|_| Error::Unverified("X-Slack-Signature is not hexadecimal".into()))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret)
        .map_err(|_| Error::Unverified("no signing secret".into()))?;
    mac.update(b"v0:");
    mac.update(ts.as_bytes());
    mac.update(b":");
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&given)
        .map_err(|_| Error::Unverified("the signature does not match the body".into()))
}

/// The signature Slack would send for `body` at `timestamp` (tests, and
/// the CLI's `slack` helpers).
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length: this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example of Slack's "Verifying requests from Slack" page.
    const SECRET: &[u8] = b"8f742231b10e8888abcd99yyyzzz85a5";
    const BODY: &[u8] = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const TS: i64 = 1_531_420_618;
    const SIG: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    #[test]
    fn slacks_documented_example_verifies() {
        assert_eq!(sign(SECRET, TS, BODY), SIG);
        verify(SECRET, Some("1531420618"), Some(SIG), BODY, TS + 10, 300).unwrap();
    }

    #[test]
    fn anything_else_is_refused() {
        let ok = |ts: Option<&str>, sig: Option<&str>, body: &[u8], now: i64| {
            verify(SECRET, ts, sig, body, now, 300).is_ok()
        };
        assert!(!ok(None, Some(SIG), BODY, TS));
        assert!(!ok(Some("1531420618"), None, BODY, TS));
        assert!(!ok(Some("1531420618"), Some(SIG), b"token=altered", TS));
        assert!(!ok(Some("1531420618"), Some(SIG), BODY, TS + 301));
        assert!(!ok(Some("1531420618"), Some(SIG), BODY, TS - 301));
        assert!(!ok(Some("1531420618"), Some("v1=00"), BODY, TS));
        assert!(!ok(Some("1531420618"), Some("v0=zz"), BODY, TS));
        assert!(!ok(Some("soon"), Some(SIG), BODY, TS));
        assert!(
            verify(
                b"another secret",
                Some("1531420618"),
                Some(SIG),
                BODY,
                TS,
                300
            )
            .is_err()
        );
    }
}
