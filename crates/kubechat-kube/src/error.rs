//! The one error type of the cluster crate. Messages are shown to chat
//! users: they say who, what and where, and never leak credentials.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Cluster failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection settings could not be loaded.
    #[error("cannot use Kubernetes configuration from {source_name}: {reason}")]
    Config { source_name: String, reason: String },

    /// The API server did not answer.
    #[error("Kubernetes API {server} unreachable: {reason}")]
    Unreachable { server: String, reason: String },

    /// RBAC refused the impersonated user.
    #[error("{user} is not allowed to {verb} {resource}{}{} (Kubernetes RBAC denied it; ask a cluster admin for a Role granting '{verb}' on '{resource}')",
        name.as_ref().map(|n| format!(" \"{n}\"")).unwrap_or_default(),
        namespace.as_ref().map(|n| format!(" in namespace {n}")).unwrap_or_else(|| " cluster-wide".to_owned()))]
    Forbidden {
        user: String,
        verb: String,
        resource: String,
        name: Option<String>,
        namespace: Option<String>,
    },

    /// RBAC's escalation check refused a role or binding that grants
    /// rights its maker does not hold: the maker may create roles, so
    /// "ask for a Role granting create" would be the wrong advice.
    #[error(
        "{user} may not make {resource} \"{name}\": it grants rights {user} does not hold (Kubernetes RBAC's escalation check refused it; missing: {missing}); ask a cluster admin to make it, or for the 'escalate' or 'bind' verb on {resource}"
    )]
    Escalation {
        user: String,
        resource: String,
        name: String,
        missing: String,
    },

    /// The object does not exist.
    #[error("{resource} \"{name}\" not found{}", namespace.as_ref().map(|n| format!(" in namespace {n}")).unwrap_or_default())]
    NotFound {
        resource: String,
        name: String,
        namespace: Option<String>,
    },

    /// The cluster serves no such type.
    #[error("unknown resource type '{given}'{}", suggestion.as_ref().map(|s| format!(" — did you mean '{s}'?")).unwrap_or_default())]
    UnknownResource {
        given: String,
        suggestion: Option<String>,
    },

    /// The operation itself is not acceptable.
    #[error(transparent)]
    Invalid(#[from] kubechat_core::Error),

    /// Logs of a multi-container pod need a container.
    #[error("pod {pod} has {} containers ({}); say which one, e.g. 'logs of {pod} container {}', or ask for the logs of all containers", containers.len(), containers.join(", "), containers.first().map_or("", String::as_str))]
    AmbiguousContainer {
        pod: String,
        containers: Vec<String>,
    },

    /// The named container is not in the pod.
    #[error("pod {pod} has no container '{container}'; its containers are {}", containers.join(", "))]
    UnknownContainer {
        pod: String,
        container: String,
        containers: Vec<String>,
    },

    /// A request would touch more objects than allowed at once.
    #[error(
        "{what} matches {count} objects; at most {max} are handled at once — narrow the selector"
    )]
    TooMany {
        what: String,
        count: usize,
        max: usize,
    },

    /// The metrics API is not served.
    #[error(
        "resource usage is not available: the metrics.k8s.io API is not served (metrics-server is not installed)"
    )]
    MetricsUnavailable,

    /// A verb this executor does not carry out yet.
    #[error("{what} is not supported by the executor yet")]
    Unsupported { what: String },

    /// KubeChat refused before sending anything (unsafe or contradictory).
    #[error("cannot {verb}: {message}")]
    Refused { verb: String, message: String },

    /// The API server refused the call (conflict, invalid, …).
    #[error("the API server refused the {verb}: {message}")]
    Rejected {
        verb: String,
        code: u16,
        message: String,
    },

    /// Any other API or transport failure.
    #[error("Kubernetes API error: {0}")]
    Api(String),
}

/// What a failing call was doing, so API errors can be turned into
/// answers naming who, which verb, which resource and where.
#[derive(Debug, Clone)]
pub(crate) struct Attempt<'a> {
    pub user: &'a str,
    pub verb: &'a str,
    pub resource: &'a str,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
}

impl<'a> Attempt<'a> {
    /// The same attempt for another verb (the read before a write).
    pub(crate) fn with_verb(&self, verb: &'a str) -> Self {
        Self {
            verb,
            ..self.clone()
        }
    }

    pub(crate) fn fail(&self, e: kube::Error) -> Error {
        match e {
            kube::Error::Api(ref s)
                if s.code == 403
                    && let Some((_, missing)) = s
                        .message
                        .split_once("attempting to grant RBAC permissions not currently held") =>
            {
                Error::Escalation {
                    user: self.user.to_owned(),
                    resource: self.resource.to_owned(),
                    name: self.name.unwrap_or_default().to_owned(),
                    missing: missing
                        .trim_start_matches([':', ' ', '\n'])
                        .replace('\n', " ")
                        .chars()
                        .take(300)
                        .collect(),
                }
            }
            kube::Error::Api(s) if s.code == 403 => Error::Forbidden {
                user: self.user.to_owned(),
                // The verb the cluster denied, when it names it: a
                // create sent as a server-side apply is denied 'patch',
                // and the right to ask for is that one.
                verb: denied_verb(&s.message).unwrap_or(self.verb).to_owned(),
                resource: self.resource.to_owned(),
                name: self.name.map(str::to_owned),
                namespace: self.namespace.map(str::to_owned),
            },
            kube::Error::Api(s) if s.code == 404 && self.name.is_some() => Error::NotFound {
                resource: self.resource.to_owned(),
                name: self.name.unwrap_or_default().to_owned(),
                namespace: self.namespace.map(str::to_owned),
            },
            kube::Error::Api(s) => Error::Rejected {
                verb: self.verb.to_owned(),
                code: s.code,
                message: s.message.chars().take(500).collect(),
            },
            other => Error::Api(other.to_string().chars().take(500).collect()),
        }
    }
}

/// The verb in the API server's "User \"x\" cannot VERB resource …".
fn denied_verb(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once(" cannot ")?;
    let (verb, rest) = rest.split_once(' ')?;
    (rest.starts_with("resource ")
        && !verb.is_empty()
        && verb.chars().all(|c| c.is_ascii_lowercase()))
    .then_some(verb)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_verb_denied_is_the_one_the_cluster_names() {
        assert_eq!(
            super::denied_verb(
                "roles.rbac.authorization.k8s.io \"r\" is forbidden: User \"alice\" cannot patch resource \"roles\" in API group \"rbac.authorization.k8s.io\""
            ),
            Some("patch")
        );
        assert_eq!(super::denied_verb("forbidden: something else"), None);
        assert_eq!(super::denied_verb("x cannot Do resource y"), None);
    }
}
