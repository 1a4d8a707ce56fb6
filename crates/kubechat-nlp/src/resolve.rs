//! Resolving a loosely given name ("the checkout deployment", "api
//! gateway") against the names of live objects: exact, then prefix, then
//! fuzzy — and asking back when more than one fits.

use kubechat_core::resources::edit_distance;

/// How a given name matched the live names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// An object has exactly this name.
    Exact,
    /// One object fits; the name to use instead.
    Unique(String),
    /// Several objects fit; ask which one (sorted, at most 10).
    Ambiguous(Vec<String>),
    /// Nothing fits; the cluster will answer "not found".
    Unknown,
}

/// Most candidates listed when asking back.
const MAX_ASK_BACK: usize = 10;

/// Resolves `given` against `names`.
///
/// A prefix match is a name that starts with `given` followed by a `-`
/// (`checkout` → `checkout-7d9f`, but not `checkouts`); a fuzzy match is
/// within edit distance 1 for short names and 2 from eight characters on,
/// or a name that contains `given` as a whole dash-separated part.
pub fn resolve(given: &str, names: &[String]) -> Resolution {
    if names.iter().any(|n| n == given) {
        return Resolution::Exact;
    }
    let pick = |mut found: Vec<&String>| -> Option<Resolution> {
        found.sort();
        found.dedup();
        match found.as_slice() {
            [] => None,
            [one] => Some(Resolution::Unique((*one).clone())),
            many => Some(Resolution::Ambiguous(
                many.iter()
                    .take(MAX_ASK_BACK)
                    .map(|s| (*s).clone())
                    .collect(),
            )),
        }
    };
    let prefix = format!("{given}-");
    if let Some(r) = pick(names.iter().filter(|n| n.starts_with(&prefix)).collect()) {
        return r;
    }
    let limit = if given.len() >= 8 { 2 } else { 1 };
    let fuzzy = names
        .iter()
        .filter(|n| {
            edit_distance(given, n) <= limit
                || (given.len() >= 3
                    && n.split('-')
                        .collect::<Vec<_>>()
                        .windows(given.split('-').count())
                        .any(|w| w.join("-") == given))
        })
        .collect();
    pick(fuzzy).unwrap_or(Resolution::Unknown)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn exact_then_prefix_then_fuzzy() {
        let live = names(&[
            "api-gateway",
            "checkout",
            "checkout-worker",
            "web-7d9f",
            "payments-db",
        ]);
        assert_eq!(resolve("checkout", &live), Resolution::Exact);
        assert_eq!(resolve("web", &live), Resolution::Unique("web-7d9f".into()));
        assert_eq!(
            resolve("api-gatewya", &live),
            Resolution::Unique("api-gateway".into())
        );
        assert_eq!(
            resolve("gateway", &live),
            Resolution::Unique("api-gateway".into())
        );
        assert_eq!(
            resolve("db", &live),
            Resolution::Unknown,
            "too short to match a part"
        );
        assert_eq!(resolve("nothing", &live), Resolution::Unknown);
    }

    #[test]
    fn two_fits_ask_back() {
        let live = names(&["api-v1", "api-v2", "web"]);
        assert_eq!(
            resolve("api", &live),
            Resolution::Ambiguous(vec!["api-v1".into(), "api-v2".into()])
        );
    }
}
