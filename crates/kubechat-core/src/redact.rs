//! Keeping secrets and unbounded text out of audit rows and LLM prompts.
//!
//! Audit rows are exported to other systems and kept for a long time, so
//! anything that looks like a credential is masked before it is hashed and
//! stored (and before text is sent to an LLM provider): values after secret-sounding keys (`password=…`, `"token": "…"`),
//! bearer tokens, PEM blocks and long base64 runs (Secret data).

/// The mask that replaces a secret value.
pub const MASK: &str = "[REDACTED]";

const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "authorization",
    "private_key",
    "client_secret",
    "credential",
];

/// Masks secret-looking values in `text`.
pub fn redact(text: &str) -> String {
    let text = redact_pem(text);
    let text = redact_bearer(&text);
    let text = redact_keyed(&text);
    redact_base64(&text)
}

/// Cuts `text` to at most `max` bytes on a character boundary, marking the
/// cut.
pub fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let marker = "…[truncated]";
    let mut end = max.saturating_sub(marker.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{marker}", &text[..end])
}

fn redact_pem(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after
            .find("-----END ")
            .and_then(|e| after[e + 9..].find("-----").map(|close| e + 9 + close + 5))
        {
            Some(end) => {
                out.push_str(MASK);
                rest = &after[end..];
            }
            None => {
                out.push_str(MASK);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn redact_bearer(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = lower[i..].find("bearer ") {
        let start = i + pos + "bearer ".len();
        out.push_str(&text[i..start]);
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',')
            .map_or(text.len(), |e| start + e);
        if end > start {
            out.push_str(MASK);
        }
        i = end;
    }
    out.push_str(&text[i..]);
    out
}

/// `key=value`, `key: value`, `"key": "value"` for secret-sounding keys.
fn redact_keyed(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        let Some(key) = SECRET_KEYS
            .iter()
            .find(|k| lower[i..].starts_with(**k) && is_word_start(&lower, i))
        else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // Skip the rest of the key word (e.g. `tokens`, `password_hash`),
        // a closing quote and the separator.
        let mut j = i + key.len();
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'"' {
            j += 1;
        }
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j >= bytes.len() || !(bytes[j] == b'=' || bytes[j] == b':') {
            i = j.max(i + 1);
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        let quoted = j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'');
        let start = if quoted { j + 1 } else { j };
        let end = if quoted {
            let q = bytes[j];
            bytes[start..]
                .iter()
                .position(|&b| b == q)
                .map_or(bytes.len(), |e| start + e)
        } else {
            bytes[start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b',' || b == b'}' || b == b'&')
                .map_or(bytes.len(), |e| start + e)
        };
        if end > start && text.is_char_boundary(start) && text.is_char_boundary(end) {
            out.push_str(&text[copied..start]);
            out.push_str(MASK);
            copied = end;
        }
        i = end.max(i + 1);
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn is_word_start(lower: &str, i: usize) -> bool {
    i == 0
        || lower[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Runs of 40 or more base64 characters (Secret `data` values, keys).
fn redact_base64(text: &str) -> String {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=';
    let mut out = String::with_capacity(text.len());
    let mut run_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_b64(c) {
            run_start.get_or_insert(i);
            continue;
        }
        flush_run(text, &mut out, run_start.take(), i);
        out.push(c);
    }
    flush_run(text, &mut out, run_start, text.len());
    out
}

fn flush_run(text: &str, out: &mut String, start: Option<usize>, end: usize) {
    let Some(start) = start else { return };
    let run = &text[start..end];
    // Long runs with mixed case and digits look like encoded secrets; long
    // plain words and hex hashes (lower-case + digits) are kept.
    let mixed = run.bytes().any(|b| b.is_ascii_uppercase())
        && run.bytes().any(|b| b.is_ascii_lowercase())
        && run.bytes().any(|b| b.is_ascii_digit());
    if run.len() >= 40 && mixed {
        out.push_str(MASK);
    } else {
        out.push_str(run);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_values_of_secret_keys() {
        assert_eq!(
            redact("login password=hunter2 user=bob"),
            "login password=[REDACTED] user=bob"
        );
        assert_eq!(
            redact(r#"{"token": "abc.def", "name": "x"}"#),
            r#"{"token": "[REDACTED]", "name": "x"}"#
        );
        assert_eq!(redact("api_key: s3cr3t"), "api_key: [REDACTED]");
        let header = redact("Authorization: Bearer eyJhbGciOi.x.y");
        assert!(!header.contains("eyJ"), "{header}");
        assert!(header.starts_with("Authorization: [REDACTED]"), "{header}");
        assert_eq!(
            redact("curl -H 'Bearer abc123'"),
            "curl -H 'Bearer [REDACTED]'"
        );
    }

    #[test]
    fn keeps_ordinary_text() {
        for plain in [
            "scale deployment web to 3 in payments",
            "kubectl get secrets -n payments",
            "tokenizer ran",
            "the secret is gone",
            "hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ] {
            assert_eq!(redact(plain), plain);
        }
    }

    #[test]
    fn masks_pem_and_base64_blobs() {
        let pem = "key: -----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY----- done";
        assert_eq!(redact(pem), "key: [REDACTED] done");
        let data = "data: cGFzc3dvcmQxMjM0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcA== end";
        assert_eq!(redact(data), "data: [REDACTED] end");
    }

    #[test]
    fn bounds_on_char_boundaries() {
        let s = "é".repeat(100);
        let b = bounded(&s, 51);
        assert!(b.len() <= 51, "{}", b.len());
        assert!(b.ends_with("[truncated]"));
        assert_eq!(bounded("short", 10), "short");
    }
}
