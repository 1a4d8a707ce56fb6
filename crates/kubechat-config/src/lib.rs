//! KubeChat configuration.
//!
//! Layers, lowest first: built-in defaults → `kubechat.toml` (path given by
//! `--config`) → `KUBECHAT__SECTION__KEY` environment variables → command-line
//! flags. The result is validated once at start-up; any problem is reported
//! as one line naming the key, the offending value, where it came from and
//! what is allowed, so an operator can fix it without reading source.
//!
//! The defaults double as the schema: a key that does not exist in the
//! serialized defaults is unknown, and the JSON type of a default decides how
//! a string from the environment or a flag is read.

pub mod cidr;
mod error;
mod layers;
mod model;
mod secret;

pub use error::{ConfigError, Result};
pub use layers::{ENV_PREFIX, Layers, Override};
pub use model::{
    AuditConfig, AuthConfig, BillingConfig, ClusterSource, Config, DatabaseConfig, ExecutionConfig,
    ExecutionMode, HealthConfig, KubernetesConfig, LogConfig, LogFormat, NamedCluster, NlpConfig,
    OidcProviderConfig, OidcRoleMapping, PlanConfig, ProviderConfig, ProviderKind, RateLimitConfig,
    RedisConfig, Role, ServerConfig, SinkConfig, SinkKind, SlackConfig,
};
pub use secret::{Secret, SecretUrl};
