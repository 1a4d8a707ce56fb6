//! Per-workspace mapping of KubeChat users to Kubernetes identities:
//! templates with `{username}` and `{role}`, rendered when a user is read,
//! so a changed template applies to every user that follows it at once.

use kubechat_core::UserRole;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The templates of one workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityTemplate {
    /// The impersonated user, e.g. `{username}` or `kubechat:{username}`.
    pub user: String,
    /// The impersonated groups, e.g. `["kubechat:{role}", "tenants"]`.
    pub groups: Vec<String>,
}

impl Default for IdentityTemplate {
    fn default() -> Self {
        Self {
            user: "{username}".to_owned(),
            groups: vec!["kubechat:{role}".to_owned()],
        }
    }
}

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
    fn fill(template: &str, username: &str, role: UserRole) -> String {
        template
            .replace("{username}", username)
            .replace("{role}", role.as_str())
    }

    /// The identity of `username` with `role`.
    pub fn render(&self, username: &str, role: UserRole) -> (String, Vec<String>) {
        (
            Self::fill(&self.user, username, role),
            self.groups
                .iter()
                .map(|g| Self::fill(g, username, role))
                .collect(),
        )
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
            let rest = t.replace("{username}", "").replace("{role}", "");
            if rest.contains('{') || rest.contains('}') {
                return Err(Error::Invalid {
                    what: "identity template",
                    reason: format!("{t:?}: the placeholders are {{username}} and {{role}}"),
                });
            }
        }
        for role in [UserRole::Viewer, UserRole::Operator, UserRole::Admin] {
            let (user, groups) = self.render("alice", role);
            check_name(&user)?;
            for g in &groups {
                check_name(g)?;
                if g == "system:masters" {
                    return Err(Error::Invalid {
                        what: "identity template",
                        reason: "system:masters would bypass RBAC".to_owned(),
                    });
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
            t.render("ada", UserRole::Admin),
            (
                "kc:ada".to_owned(),
                vec!["kc-admin".to_owned(), "tenants".to_owned()]
            )
        );
        assert_eq!(
            IdentityTemplate::default().render("bo", UserRole::Viewer),
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
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
