//! Per-workspace mapping of KubeChat users to Kubernetes identities:
//! templates with `{username}`, `{role}`, and for people who sign in with
//! single sign-on `{oidc_username}` and `{oidc_groups}` (the provider's
//! name and groups for them), rendered when a user is read, so a changed
//! template applies to every user that follows it at once.

use kubechat_core::UserRole;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The templates of one workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityTemplate {
    /// The impersonated user, e.g. `{username}` or `kubechat:{username}`.
    pub user: String,
    /// The impersonated groups, e.g. `["kubechat:{role}", "tenants"]`;
    /// an entry with `{oidc_groups}` stands for one group per identity
    /// provider group (`oidc:{oidc_groups}` → `oidc:platform`, …), and for
    /// none for people who never signed in with single sign-on.
    pub groups: Vec<String>,
}

impl Default for IdentityTemplate {
    /// The role's group, and an SSO person's groups at their provider, so
    /// the RBAC a cluster already has for those groups applies.
    fn default() -> Self {
        Self {
            user: "{username}".to_owned(),
            groups: vec!["kubechat:{role}".to_owned(), "{oidc_groups}".to_owned()],
        }
    }
}

/// What an identity provider says of a person at their last single
/// sign-on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdpIdentity {
    /// The provider's user name (its `username_claim`).
    pub username: String,
    /// The provider's groups (with the provider's `groups_prefix`).
    pub groups: Vec<String>,
}

/// The placeholders a template may use.
const PLACEHOLDERS: [&str; 4] = ["{username}", "{role}", "{oidc_username}", "{oidc_groups}"];

/// Most groups one rendering may give (template groups and provider
/// groups together).
const MAX_RENDERED_GROUPS: usize = 80;

/// Most groups one template may give.
const MAX_GROUPS: usize = 16;

/// Checks one Kubernetes user or group name: usable, and never a system
/// identity that would let a chat mapping escalate to the cluster's own
/// components.
pub(crate) fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 253 || name.chars().any(char::is_control) {
        return Err(Error::Invalid {
            what: "Kubernetes identity",
            reason: format!("{name:?} is not a usable user or group name"),
        });
    }
    if name.starts_with("system:") {
        return Err(Error::Invalid {
            what: "Kubernetes identity",
            reason: format!(
                "{name:?} is a system identity; map KubeChat users to ordinary users and groups"
            ),
        });
    }
    Ok(())
}

impl IdentityTemplate {
    fn fill(template: &str, username: &str, role: UserRole, idp: Option<&IdpIdentity>) -> String {
        // People without a provider identity are their KubeChat name.
        let oidc_username = idp.map_or(username, |i| i.username.as_str());
        template
            .replace("{username}", username)
            .replace("{role}", role.as_str())
            .replace("{oidc_username}", oidc_username)
    }

    /// The identity of `username` with `role`, and with what their
    /// identity provider says of them when they sign in with SSO.
    pub fn render(
        &self,
        username: &str,
        role: UserRole,
        idp: Option<&IdpIdentity>,
    ) -> (String, Vec<String>) {
        let mut groups: Vec<String> = Vec::new();
        for g in &self.groups {
            if g.contains("{oidc_groups}") {
                for provided in idp.map(|i| i.groups.as_slice()).unwrap_or_default() {
                    groups.push(Self::fill(
                        &g.replace("{oidc_groups}", provided),
                        username,
                        role,
                        idp,
                    ));
                }
            } else {
                groups.push(Self::fill(g, username, role, idp));
            }
        }
        // A rendered group that is not a usable Kubernetes group (the
        // provider's groups are checked at sign-in; a prefix could still
        // make one a system group) is left out, never impersonated; and
        // each group is asked for once.
        let mut seen = std::collections::BTreeSet::new();
        groups.retain(|g| check_name(g).is_ok() && seen.insert(g.clone()));
        groups.truncate(MAX_RENDERED_GROUPS);
        (Self::fill(&self.user, username, role, idp), groups)
    }

    /// Refuses templates with unknown placeholders, or whose rendering
    /// for any role would not be a usable, non-system identity.
    pub fn validate(&self) -> Result<()> {
        if self.groups.len() > MAX_GROUPS {
            return Err(Error::Invalid {
                what: "identity template",
                reason: format!("at most {MAX_GROUPS} groups"),
            });
        }
        for t in std::iter::once(&self.user).chain(&self.groups) {
            let rest = PLACEHOLDERS
                .iter()
                .fold(t.clone(), |acc, p| acc.replace(p, ""));
            if rest.contains('{') || rest.contains('}') {
                return Err(Error::Invalid {
                    what: "identity template",
                    reason: format!("{t:?}: the placeholders are {}", PLACEHOLDERS.join(", ")),
                });
            }
        }
        if self.user.contains("{oidc_groups}") {
            return Err(Error::Invalid {
                what: "identity template",
                reason: "{oidc_groups} names groups; use it in groups, not in the user".to_owned(),
            });
        }
        // Every rendering, with and without a provider identity, must be
        // a usable, non-system identity; rendered groups are checked
        // unfiltered here, so a template that would make a system group
        // is refused rather than quietly thinned at each sign-in.
        let idp = IdpIdentity {
            username: "alice".to_owned(),
            groups: vec!["platform".to_owned()],
        };
        for role in [UserRole::Viewer, UserRole::Operator, UserRole::Admin] {
            for who in [None, Some(&idp)] {
                let user = Self::fill(&self.user, "alice", role, who);
                check_name(&user)?;
                for g in &self.groups {
                    let g = Self::fill(&g.replace("{oidc_groups}", "platform"), "alice", role, who);
                    check_name(&g)?;
                    if g == "system:masters" {
                        return Err(Error::Invalid {
                            what: "identity template",
                            reason: "system:masters would bypass RBAC".to_owned(),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_validates() {
        let t = IdentityTemplate {
            user: "kc:{username}".into(),
            groups: vec!["kc-{role}".into(), "tenants".into()],
        };
        assert!(t.validate().is_ok());
        assert_eq!(
            t.render("ada", UserRole::Admin, None),
            (
                "kc:ada".to_owned(),
                vec!["kc-admin".to_owned(), "tenants".to_owned()]
            )
        );
        assert_eq!(
            IdentityTemplate::default().render("bo", UserRole::Viewer, None),
            ("bo".to_owned(), vec!["kubechat:viewer".to_owned()])
        );
        for bad in [
            IdentityTemplate {
                user: "system:{username}".into(),
                groups: vec![],
            },
            IdentityTemplate {
                user: "{user}".into(),
                groups: vec![],
            },
            IdentityTemplate {
                user: "{username}".into(),
                groups: vec!["system:masters".into()],
            },
            IdentityTemplate {
                user: "".into(),
                groups: vec![],
            },
            IdentityTemplate {
                user: "{oidc_groups}".into(),
                groups: vec![],
            },
            IdentityTemplate {
                user: "{username}".into(),
                groups: vec!["system:{oidc_groups}".into()],
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn provider_names_and_groups_fill_the_oidc_placeholders() {
        let idp = IdpIdentity {
            username: "ada@corp".into(),
            groups: vec!["platform".into(), "devs".into()],
        };
        let t = IdentityTemplate {
            user: "oidc:{oidc_username}".into(),
            groups: vec!["oidc:{oidc_groups}".into(), "kubechat:{role}".into()],
        };
        assert!(t.validate().is_ok());
        assert_eq!(
            t.render("ada", UserRole::Operator, Some(&idp)),
            (
                "oidc:ada@corp".to_owned(),
                vec![
                    "oidc:platform".to_owned(),
                    "oidc:devs".to_owned(),
                    "kubechat:operator".to_owned()
                ]
            )
        );
        // Without a provider identity: the KubeChat name, no groups.
        assert_eq!(
            t.render("bo", UserRole::Viewer, None),
            ("oidc:bo".to_owned(), vec!["kubechat:viewer".to_owned()])
        );
        // The default passes the provider's groups as they are.
        assert_eq!(
            IdentityTemplate::default()
                .render("ada", UserRole::Viewer, Some(&idp))
                .1,
            ["kubechat:viewer", "platform", "devs"]
        );
        // A provider group that would render a system group is left out.
        let risky = IdpIdentity {
            username: "x".into(),
            groups: vec!["masters".into()],
        };
        let t = IdentityTemplate {
            user: "{username}".into(),
            groups: vec!["system:{oidc_groups}".into()],
        };
        assert!(t.render("x", UserRole::Admin, Some(&risky)).1.is_empty());
    }
}
