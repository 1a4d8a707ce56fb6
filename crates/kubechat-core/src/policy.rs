//! What a workspace's bot may do, combined with the asker's role: run now,
//! confirm first, confirm by typing, or refuse — with the reason.

use serde::{Deserialize, Serialize};

use crate::{Operation, Risk, UserRole, Verb};

/// A workspace bot's policy. The defaults allow every verb in every
/// namespace but never touch Secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Verbs the bot runs; empty means every verb.
    pub allowed_verbs: Vec<Verb>,
    /// Namespace patterns (`payments`, `team-*`, `*`). Requests across all
    /// namespaces and on cluster-scoped types need `*`.
    pub allowed_namespaces: Vec<String>,
    /// Resource types never touched, reads included (canonical plurals).
    pub denied_resources: Vec<String>,
    /// How destructive operations (delete, drain, rollback) are confirmed.
    pub destructive_confirmation: DestructiveConfirmation,
    /// How a change asked through an MCP client (an agent) is confirmed.
    pub mcp_confirmation: McpConfirmation,
}

/// How a change asked through MCP is confirmed by a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum McpConfirmation {
    /// The client asks its person (MCP elicitation: they see the changes
    /// and type the name for destructive ones); a client that cannot ask
    /// gets the preview to confirm in the web UI or the API.
    #[default]
    Elicitation,
    /// Also a `kubechat_confirm` tool the agent may call itself — an
    /// admin's choice, since then no person need see the change.
    Tool,
    /// Changes asked through MCP are confirmed only in the web UI or the
    /// API, never by the client.
    Never,
}

/// How a destructive operation is confirmed. Mutations always need a
/// confirmation of the preview; destructive ones need more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DestructiveConfirmation {
    /// The person who asked types the object's name.
    #[default]
    Typed,
    /// Another admin of the workspace approves it (four eyes); it then
    /// runs as the person who asked.
    Approval,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            allowed_verbs: Vec::new(),
            allowed_namespaces: vec!["*".to_owned()],
            denied_resources: vec!["secrets".to_owned()],
            destructive_confirmation: DestructiveConfirmation::Typed,
            mcp_confirmation: McpConfirmation::Elicitation,
        }
    }
}

/// The policy's answer for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Decision {
    /// A read: runs at once.
    Run,
    /// A mutation: show the dry-run preview, run on confirmation.
    Confirm,
    /// A destructive operation: the person types `phrase` to confirm.
    ConfirmTyped { phrase: String },
    /// A destructive operation: another admin must approve it.
    NeedsApproval,
    /// Refused.
    Deny { reason: String },
}

impl Decision {
    /// The name recorded in the audit log.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Run => "allowed",
            Decision::Confirm => "needs-confirmation",
            Decision::ConfirmTyped { .. } => "needs-typed-confirmation",
            Decision::NeedsApproval => "needs-approval",
            Decision::Deny { .. } => "denied",
        }
    }
}

/// The canonical name of a resource type a policy names: the plural of
/// a built-in type (by plural, singular, short name or kind, optionally
/// with its group), or a lower-case `plural.group` of another type.
pub fn canonical_resource(name: &str) -> Result<String, String> {
    let n = name.trim();
    if let Some(b) = crate::resources::lookup(n) {
        return Ok(b.plural.to_owned());
    }
    let lower = n.to_ascii_lowercase();
    if lower.contains('.') && crate::ResourceType::parse(&lower).is_ok() {
        return Ok(lower);
    }
    let hint =
        crate::resources::suggest(&lower, crate::resources::BUILTIN.iter().map(|b| b.plural))
            .map_or(String::new(), |s| format!("; did you mean {s:?}?"));
    Err(format!(
        "denied resource {name:?} is not a known resource type: use a built-in type's name (secrets, configmaps, services …) or PLURAL.GROUP for other types (certificates.cert-manager.io){hint}"
    ))
}

/// Whether a denied `plural.group` (a type that is not built in) names
/// the type a request wrote as `named` — its plural, its singular or its
/// kind, with or without the group ("certificates", "Certificate",
/// "certificate.cert-manager.io" for `certificates.cert-manager.io`).
/// Requests name such types before discovery resolves them, so this
/// errs toward denying: the same plural in another group is denied too.
fn same_other_type(denied: &str, named: &str) -> bool {
    let Some((plural, _)) = denied.split_once('.') else {
        return false;
    };
    let asked = named.to_ascii_lowercase();
    let asked = asked.split('.').next().unwrap_or_default();
    !asked.is_empty()
        && (asked == plural
            || plural.strip_suffix('s') == Some(asked)
            || plural.strip_suffix("es") == Some(asked)
            || plural
                .strip_suffix("ies")
                .map(|s| format!("{s}y"))
                .as_deref()
                == Some(asked))
}

/// `*` matches any run of characters; everything else literally.
fn glob(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == s;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !s.starts_with(first) || !s[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &s[first.len()..s.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

impl Policy {
    /// Checks the patterns; returns what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        for p in &self.allowed_namespaces {
            let ok = !p.is_empty()
                && p.len() <= 63
                && p.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'*'
                });
            if !ok {
                return Err(format!(
                    "namespace pattern {p:?}: use lower-case letters, digits, '-' and '*'"
                ));
            }
        }
        for r in &self.denied_resources {
            canonical_resource(r)?;
        }
        Ok(())
    }

    /// The policy with every denied resource in its canonical form
    /// (`Secret`, `secret`, `svc`, `services.core` → `secrets`,
    /// `services`); an unknown name is refused with the reason, since a
    /// misspelt denial would protect nothing.
    pub fn canonicalized(mut self) -> Result<Self, String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.denied_resources {
            let c = canonical_resource(r)?;
            if !out.contains(&c) {
                out.push(c);
            }
        }
        self.denied_resources = out;
        Ok(self)
    }

    /// Decides `op` for someone with `role`; `namespace` is where it runs
    /// (`None`: all namespaces or a cluster-scoped type).
    pub fn decide(&self, role: UserRole, op: &Operation, namespace: Option<&str>) -> Decision {
        self.decide_at_risk(role, op, namespace, op.risk())
    }

    /// [`Policy::decide`] for a risk the dry run showed (never below the
    /// verb's own): "patch replicas to 0" decided as the destructive
    /// change it is.
    pub fn decide_at_risk(
        &self,
        role: UserRole,
        op: &Operation,
        namespace: Option<&str>,
        shown: Risk,
    ) -> Decision {
        let deny = |reason: String| Decision::Deny { reason };
        // Every type the request touches, `all` expanded: a denied type
        // hidden in a list or a category is still denied.
        for kind in op.touched_kinds() {
            let named = kind.as_str();
            let canonical = kind.builtin().map_or(named, |b| b.plural);
            // Policies saved before denials were canonicalised on save
            // still hold: each entry is read as the type it names.
            if self.denied_resources.iter().any(|d| {
                d == canonical
                    || d == named
                    || crate::resources::lookup(d).is_some_and(|b| b.plural == canonical)
                    || same_other_type(d, named)
            }) {
                return deny(format!(
                    "this workspace's bot does not work with {canonical} (the policy denies them)"
                ));
            }
        }
        let resource = op.resource_list();
        if !self.allowed_verbs.is_empty() && !self.allowed_verbs.contains(&op.verb) {
            return deny(format!(
                "this workspace's bot does not run '{}' (allowed: {})",
                op.verb.as_str(),
                self.allowed_verbs
                    .iter()
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let ns_ok = match namespace {
            Some(ns) => self.allowed_namespaces.iter().any(|p| glob(p, ns)),
            None => self.allowed_namespaces.iter().any(|p| p == "*"),
        };
        if !ns_ok {
            let place = namespace.map_or("across all namespaces or cluster-wide".to_owned(), |n| {
                format!("in namespace {n}")
            });
            return deny(format!(
                "this workspace's bot does not act {place} (allowed: {})",
                self.allowed_namespaces.join(", ")
            ));
        }
        let risk = op.risk().max(shown);
        if !role.allows(risk) {
            return deny(match role {
                UserRole::Viewer => format!(
                    "your role is viewer, which only reads; '{}' changes the cluster — ask an operator",
                    op.verb.as_str()
                ),
                _ => format!(
                    "your role is {role}; destructive operations such as '{}' need an admin",
                    op.verb.as_str()
                ),
            });
        }
        match risk {
            Risk::Read => Decision::Run,
            Risk::Mutate => Decision::Confirm,
            Risk::Destructive
                if self.destructive_confirmation == DestructiveConfirmation::Approval =>
            {
                Decision::NeedsApproval
            }
            // One object: its name; several: the verb and every name, so
            // what is typed says all that goes; none: the verb and types.
            Risk::Destructive => Decision::ConfirmTyped {
                phrase: match (&op.name, op.also_names.is_empty()) {
                    (Some(n), true) => n.as_str().to_owned(),
                    (Some(_), false) => format!(
                        "{} {}",
                        op.verb.as_str(),
                        op.names().map(|n| n.as_str()).collect::<Vec<_>>().join(" ")
                    ),
                    (None, _) => format!("{} {resource}", op.verb.as_str()),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl;

    #[test]
    fn a_denied_custom_type_is_denied_however_a_request_names_it() {
        let p = Policy {
            denied_resources: vec![canonical_resource("certificates.cert-manager.io").unwrap()],
            ..Policy::default()
        };
        for line in [
            "kubectl get certificates",
            "kubectl get certificate web-tls",
            "kubectl get Certificate",
            "kubectl get certificates.cert-manager.io",
            "kubectl delete certificate.cert-manager.io web-tls",
        ] {
            let op = kubectl::parse(line).unwrap();
            assert!(
                matches!(
                    p.decide(UserRole::Admin, &op, Some("shop")),
                    Decision::Deny { .. }
                ),
                "{line}"
            );
        }
        let other = kubectl::parse("kubectl get certificatesigningrequests").unwrap();
        assert_eq!(p.decide(UserRole::Admin, &other, None), Decision::Run);
        let pods = kubectl::parse("kubectl get pods").unwrap();
        assert_eq!(
            p.decide(UserRole::Admin, &pods, Some("shop")),
            Decision::Run
        );
        let policies = Policy {
            denied_resources: vec!["networkpolicies.crd.projectcalico.org".to_owned()],
            ..Policy::default()
        };
        let op = kubectl::parse("kubectl get networkpolicy").unwrap();
        assert!(matches!(
            policies.decide(UserRole::Admin, &op, Some("shop")),
            Decision::Deny { .. }
        ));
    }

    fn op(line: &str) -> Operation {
        kubectl::parse(line).unwrap()
    }

    #[test]
    fn denied_resources_are_canonical_or_refused() {
        let p = Policy {
            denied_resources: vec![
                "Secret".into(),
                "svc".into(),
                "services.core".into(),
                "secret".into(),
                "certificates.cert-manager.io".into(),
            ],
            ..Policy::default()
        };
        let c = p.canonicalized().unwrap();
        assert_eq!(
            c.denied_resources,
            ["secrets", "services", "certificates.cert-manager.io"]
        );
        let bad = Policy {
            denied_resources: vec!["secretz".into()],
            ..Policy::default()
        };
        let e = bad.canonicalized().unwrap_err();
        assert!(e.contains("secretz") && e.contains("secrets"), "{e}");
        // A policy stored with a kind still denies.
        let legacy = Policy {
            denied_resources: vec!["Secret".into()],
            ..Policy::default()
        };
        assert!(matches!(
            legacy.decide(UserRole::Admin, &op("kubectl get secrets -n a"), Some("a")),
            Decision::Deny { .. }
        ));
    }

    #[test]
    fn destructive_operations_can_need_a_second_admin() {
        let p: Policy =
            serde_json::from_str(r#"{"destructive_confirmation": "approval"}"#).unwrap();
        assert_eq!(p.allowed_namespaces, ["*"], "other fields keep defaults");
        let delete = op("kubectl delete pod web-1 -n shop");
        assert_eq!(
            p.decide(UserRole::Admin, &delete, Some("shop")),
            Decision::NeedsApproval
        );
        assert_eq!(Decision::NeedsApproval.as_str(), "needs-approval");
        // Mutations and reads are not affected; operators are still refused.
        let scale = op("kubectl scale deployment web --replicas=3 -n shop");
        assert_eq!(
            p.decide(UserRole::Operator, &scale, Some("shop")),
            Decision::Confirm
        );
        assert!(matches!(
            p.decide(UserRole::Operator, &delete, Some("shop")),
            Decision::Deny { .. }
        ));
        // Stored policies from before the field existed read as typed.
        let old: Policy = serde_json::from_str(r#"{"allowed_verbs": []}"#).unwrap();
        assert_eq!(old.destructive_confirmation, DestructiveConfirmation::Typed);
        let bad = serde_json::from_str::<Policy>(r#"{"destructive_confirmation": "maybe"}"#)
            .unwrap_err()
            .to_string();
        assert!(bad.contains("typed") && bad.contains("approval"), "{bad}");
    }

    #[test]
    fn roles_and_risks() {
        let p = Policy::default();
        let get = op("kubectl get pods -n shop");
        let scale = op("kubectl scale deployment web --replicas=3 -n shop");
        let delete = op("kubectl delete pod web-1 -n shop");
        assert_eq!(
            p.decide(UserRole::Viewer, &get, Some("shop")),
            Decision::Run
        );
        assert!(
            matches!(p.decide(UserRole::Viewer, &scale, Some("shop")), Decision::Deny { reason } if reason.contains("viewer"))
        );
        assert_eq!(
            p.decide(UserRole::Operator, &scale, Some("shop")),
            Decision::Confirm
        );
        assert!(
            matches!(p.decide(UserRole::Operator, &delete, Some("shop")), Decision::Deny { reason } if reason.contains("need an admin"))
        );
        assert_eq!(
            p.decide(UserRole::Admin, &delete, Some("shop")),
            Decision::ConfirmTyped {
                phrase: "web-1".into()
            }
        );
    }

    #[test]
    fn verbs_namespaces_and_resources() {
        let p = Policy {
            allowed_verbs: vec![Verb::Get, Verb::Scale],
            allowed_namespaces: vec!["team-*".into(), "shop".into()],
            denied_resources: vec!["secrets".into()],
            ..Policy::default()
        };
        assert!(p.validate().is_ok());
        let d = p.decide(
            UserRole::Admin,
            &op("kubectl get secrets -n shop"),
            Some("shop"),
        );
        assert!(matches!(d, Decision::Deny { reason } if reason.contains("secrets")));
        let d = p.decide(
            UserRole::Admin,
            &op("kubectl get secret -n shop"),
            Some("shop"),
        );
        assert!(
            matches!(d, Decision::Deny { .. }),
            "singular names are the same type"
        );
        let d = p.decide(
            UserRole::Admin,
            &op("kubectl logs web-1 -n shop"),
            Some("shop"),
        );
        assert!(matches!(d, Decision::Deny { reason } if reason.contains("allowed: get, scale")));
        assert_eq!(
            p.decide(
                UserRole::Admin,
                &op("kubectl get pods -n team-a"),
                Some("team-a")
            ),
            Decision::Run
        );
        let d = p.decide(
            UserRole::Admin,
            &op("kubectl get pods -n kube-system"),
            Some("kube-system"),
        );
        assert!(matches!(d, Decision::Deny { reason } if reason.contains("namespace kube-system")));
        let d = p.decide(UserRole::Admin, &op("kubectl get pods -A"), None);
        assert!(matches!(d, Decision::Deny { reason } if reason.contains("across all namespaces")));
        assert!(
            Policy {
                allowed_namespaces: vec!["Bad!".into()],
                ..Policy::default()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn globs() {
        assert!(glob("*", "anything"));
        assert!(glob("team-*", "team-a"));
        assert!(!glob("team-*", "teams"));
        assert!(glob("*-prod", "pay-prod"));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxc"));
    }

    #[test]
    fn a_denied_type_in_a_list_or_in_all_is_still_denied() {
        let p = Policy::default();
        let listed = kubectl::parse("kubectl get pods,secrets -n shop").unwrap();
        assert!(matches!(
            p.decide(UserRole::Admin, &listed, Some("shop")),
            Decision::Deny { .. }
        ));
        let deny_pods = Policy {
            denied_resources: vec!["pods".into()],
            ..Policy::default()
        };
        let all = kubectl::parse("kubectl get all -n shop").unwrap();
        assert!(matches!(
            deny_pods.decide(UserRole::Admin, &all, Some("shop")),
            Decision::Deny { .. }
        ));
        assert_eq!(
            p.decide(UserRole::Viewer, &all, Some("shop")),
            Decision::Run
        );
        let del = kubectl::parse("kubectl delete pods,services -l app=old -n shop").unwrap();
        assert_eq!(
            p.decide(UserRole::Admin, &del, Some("shop")),
            Decision::ConfirmTyped {
                phrase: "delete pods,services".into()
            }
        );
        // Several named objects: every name is typed.
        let two = kubectl::parse("kubectl delete pods web-1 web-2 -n shop").unwrap();
        assert_eq!(
            p.decide(UserRole::Admin, &two, Some("shop")),
            Decision::ConfirmTyped {
                phrase: "delete web-1 web-2".into()
            }
        );
    }
}
