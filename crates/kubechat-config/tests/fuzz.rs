//! Random configuration — file text, environment values and flags —
//! through the loader: a configuration or one clear error, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubechat_config::{Layers, Override};
use proptest::prelude::*;

const KEYS: &[&str] = &[
    "server.listen",
    "server.roles",
    "log.format",
    "database.max_connections",
    "rate_limits.user_per_minute",
    "rate_limits.websockets_per_user",
    "auth.access_token_ttl_seconds",
    "nlp.confidence_threshold",
    "audit.retention_days",
    "kubernetes.source",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fuzz_configuration(
        file in "\\PC{0,300}",
        key in 0..KEYS.len(),
        value in "\\PC{0,40}",
        env_value in "\\PC{0,40}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kubechat.toml");
        std::fs::write(&path, &file).unwrap();
        let env_key = format!("KUBECHAT__{}", KEYS[key].replace('.', "__").to_uppercase());
        for layers in [
            Layers { file: Some(path.clone()), env: vec![], overrides: vec![] },
            Layers { file: None, env: vec![(env_key.clone(), env_value.clone())], overrides: vec![] },
            Layers {
                file: None,
                env: vec![],
                overrides: vec![Override { key: KEYS[key].into(), value: value.clone(), source: "--flag".into() }],
            },
        ] {
            if let Err(e) = layers.load() {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}
