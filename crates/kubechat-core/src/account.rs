//! Account roles: what a KubeChat user may ask for, before cluster RBAC
//! (which stays the final authority) has its say.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result, Risk};

/// A user's role in a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserRole {
    /// Reads only.
    Viewer,
    /// Reads and confirmed mutations.
    Operator,
    /// Also destructive operations, users, bot settings and the audit log.
    Admin,
}

impl UserRole {
    /// Every role, least privileged first.
    pub const ALL: [UserRole; 3] = [UserRole::Viewer, UserRole::Operator, UserRole::Admin];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Viewer => "viewer",
            UserRole::Operator => "operator",
            UserRole::Admin => "admin",
        }
    }

    /// Whether the role allows operations of `risk` at all (policy may
    /// still ask for confirmation or forbid the verb).
    pub fn allows(self, risk: Risk) -> bool {
        match self {
            UserRole::Viewer => risk == Risk::Read,
            UserRole::Operator => risk != Risk::Destructive,
            UserRole::Admin => true,
        }
    }
}

impl FromStr for UserRole {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        UserRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Error::Invalid {
                what: "role",
                value: s.to_owned(),
                expected: "viewer, operator or admin",
            })
    }
}

impl fmt::Display for UserRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_grow_in_what_they_allow() {
        assert!(UserRole::Viewer.allows(Risk::Read));
        assert!(!UserRole::Viewer.allows(Risk::Mutate));
        assert!(UserRole::Operator.allows(Risk::Mutate));
        assert!(!UserRole::Operator.allows(Risk::Destructive));
        assert!(UserRole::Admin.allows(Risk::Destructive));
        assert_eq!("admin".parse::<UserRole>().unwrap(), UserRole::Admin);
        assert!("root".parse::<UserRole>().is_err());
    }
}
