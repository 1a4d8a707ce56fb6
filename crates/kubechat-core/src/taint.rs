//! Node taints as `kubectl taint` writes them: `KEY[=VALUE]:EFFECT` to
//! add one, `KEY[:EFFECT]-` to remove. A taint keeps pods off a node that
//! do not tolerate it; `NoExecute` also evicts the ones running there.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::names::{check_label_key, check_label_value};

/// Most taints changed by one operation.
pub const MAX_TAINTS: usize = 8;

/// What a taint does to pods that do not tolerate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaintEffect {
    /// New pods are not scheduled there.
    NoSchedule,
    /// The scheduler avoids the node when it can.
    PreferNoSchedule,
    /// New pods are not scheduled and running ones are evicted.
    NoExecute,
}

impl TaintEffect {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TaintEffect::NoSchedule => "NoSchedule",
            TaintEffect::PreferNoSchedule => "PreferNoSchedule",
            TaintEffect::NoExecute => "NoExecute",
        }
    }

    /// The effect named in any case ("noschedule", "NoExecute").
    pub fn parse(word: &str) -> Option<Self> {
        [
            TaintEffect::NoSchedule,
            TaintEffect::PreferNoSchedule,
            TaintEffect::NoExecute,
        ]
        .into_iter()
        .find(|e| e.as_str().eq_ignore_ascii_case(word))
    }
}

/// One taint to add, or to remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaintChange {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Required to add; to remove, absent means every effect of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<TaintEffect>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remove: bool,
}

impl TaintChange {
    /// Reads kubectl's form: `dedicated=gpu:NoSchedule`, `dedicated:NoSchedule-`,
    /// `dedicated-`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (body, remove) = match spec.strip_suffix('-') {
            Some(b) => (b, true),
            None => (spec, false),
        };
        let (pair, effect) = match body.rsplit_once(':') {
            Some((p, e)) => {
                let effect = TaintEffect::parse(e).ok_or_else(|| {
                    format!(
                        "'{e}' is not a taint effect; use NoSchedule, PreferNoSchedule or NoExecute"
                    )
                })?;
                (p, Some(effect))
            }
            None => (body, None),
        };
        let (key, value) = match pair.split_once('=') {
            Some((k, v)) => (k, Some(v.to_owned())),
            None => (pair, None),
        };
        let change = TaintChange {
            key: key.to_owned(),
            value,
            effect,
            remove,
        };
        change.check()?;
        Ok(change)
    }

    /// Checks the key, value and effect: the reason when they are wrong.
    pub fn check(&self) -> Result<(), String> {
        check_label_key(&self.key).map_err(|e| format!("taint key: {e}"))?;
        if let Some(v) = &self.value {
            check_label_value(v).map_err(|e| format!("taint value: {e}"))?;
        }
        if !self.remove && self.effect.is_none() {
            return Err(format!(
                "say the effect of taint {}: NoSchedule, PreferNoSchedule or NoExecute (e.g. {}:NoSchedule)",
                self.key, self.key
            ));
        }
        Ok(())
    }

    /// Whether a taint on the node (`key`, `effect`) is this one's.
    pub fn matches(&self, key: &str, effect: Option<&str>) -> bool {
        key == self.key && self.effect.is_none_or(|e| Some(e.as_str()) == effect)
    }
}

impl fmt::Display for TaintChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)?;
        if let Some(v) = &self.value {
            write!(f, "={v}")?;
        }
        if let Some(e) = self.effect {
            write!(f, ":{}", e.as_str())?;
        }
        if self.remove {
            f.write_str("-")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_forms_read_and_write_back() {
        for spec in [
            "dedicated=gpu:NoSchedule",
            "dedicated:NoExecute",
            "dedicated:NoSchedule-",
            "dedicated-",
            "example.com/team=a:PreferNoSchedule",
        ] {
            assert_eq!(TaintChange::parse(spec).unwrap().to_string(), spec);
        }
        assert_eq!(
            TaintChange::parse("k=v:noschedule").unwrap().effect,
            Some(TaintEffect::NoSchedule)
        );
    }

    #[test]
    fn bad_taints_name_the_problem() {
        let err = TaintChange::parse("dedicated=gpu").unwrap_err();
        assert!(err.contains("effect"), "{err}");
        let err = TaintChange::parse("dedicated=gpu:Never").unwrap_err();
        assert!(err.contains("'Never' is not a taint effect"), "{err}");
        assert!(TaintChange::parse("bad key=v:NoSchedule").is_err());
        assert!(TaintChange::parse(":NoSchedule").is_err());
    }

    #[test]
    fn a_removal_without_effect_matches_every_effect() {
        let all = TaintChange::parse("dedicated-").unwrap();
        assert!(all.matches("dedicated", Some("NoSchedule")));
        assert!(all.matches("dedicated", Some("NoExecute")));
        let one = TaintChange::parse("dedicated:NoExecute-").unwrap();
        assert!(!one.matches("dedicated", Some("NoSchedule")));
        assert!(!one.matches("other", Some("NoExecute")));
    }
}
