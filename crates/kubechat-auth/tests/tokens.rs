//! Accounts and tokens on real PostgreSQL and SQLite, with an injected
//! clock for expiry.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use kubechat_auth::keys::generate_pem;
use kubechat_auth::{Auth, AuthOptions, Credential, Error, KeySet, Reason};
use kubechat_config::SecretUrl;
use kubechat_core::{Clock, ManualClock, UserRole};
use kubechat_store::{DEFAULT_WORKSPACE_ID as WS, Store, StoreOptions};
use time::macros::datetime;

const PASSWORD: &str = "correct horse battery staple";

fn keys(kid: &str) -> KeySet {
    let mut k = KeySet::new();
    k.add_private_pem(kid, &generate_pem().unwrap()).unwrap();
    k
}

fn reason(e: Error) -> Reason {
    match e {
        Error::Unauthenticated(r) => r,
        other => panic!("expected an authentication failure, got {other}"),
    }
}

async fn setup(store: Store) -> (Auth, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-23 12:00 UTC)));
    let auth = Auth::new(store, keys("k1"), clock.clone(), AuthOptions::default());
    auth.add_user(WS, "alice", PASSWORD, UserRole::Operator, None, vec![])
        .await
        .unwrap();
    (auth, clock)
}

async fn behaves(store: Store) {
    let (auth, clock) = setup(store).await;

    // Users: defaults, duplicates, bad input.
    let users = auth.users(WS).await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].kube_user, "alice");
    assert_eq!(users[0].kube_groups, ["kubechat:operator"]);
    let dup = auth
        .add_user(WS, "alice", PASSWORD, UserRole::Viewer, None, vec![])
        .await
        .unwrap_err();
    assert!(matches!(dup, Error::Conflict(_)), "{dup}");
    for (name, pw, group) in [
        ("Alice", PASSWORD, None),
        ("bob", "short", None),
        ("bob", PASSWORD, Some("system:masters")),
    ] {
        let groups = group.map(|g: &str| vec![g.to_owned()]).unwrap_or_default();
        let e = auth
            .add_user(WS, name, pw, UserRole::Viewer, None, groups)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid { .. }), "{e}");
    }

    // Login.
    assert_eq!(
        reason(
            auth.login(WS, "alice", "wrong password!!")
                .await
                .unwrap_err()
        ),
        Reason::BadCredentials
    );
    assert_eq!(
        reason(auth.login(WS, "nobody", PASSWORD).await.unwrap_err()),
        Reason::BadCredentials
    );
    let t = auth.login(WS, "alice", PASSWORD).await.unwrap();
    assert_eq!((t.token_type, t.expires_in), ("Bearer", 900));
    let me = auth.authenticate(&t.access_token).await.unwrap();
    assert_eq!(me.user.username, "alice");
    assert!(matches!(me.credential, Credential::Access(_)));

    // Expiry, with leeway on both ends.
    clock.advance(Duration::from_secs(900 + 20));
    assert!(
        auth.authenticate(&t.access_token).await.is_ok(),
        "inside the 30 s leeway"
    );
    clock.advance(Duration::from_secs(15));
    assert_eq!(
        reason(auth.authenticate(&t.access_token).await.unwrap_err()),
        Reason::Expired
    );

    // Refresh rotates; reuse revokes the family.
    let t1 = auth.login(WS, "alice", PASSWORD).await.unwrap();
    let t2 = auth.refresh(&t1.refresh_token).await.unwrap();
    assert_ne!(t2.refresh_token, t1.refresh_token);
    assert_eq!(
        reason(auth.refresh(&t1.refresh_token).await.unwrap_err()),
        Reason::RefreshReused
    );
    assert_eq!(
        reason(auth.refresh(&t2.refresh_token).await.unwrap_err()),
        Reason::Revoked,
        "the thief's and the owner's tokens are both dead"
    );
    // Logout revokes; a revoked refresh token is refused.
    let t3 = auth.login(WS, "alice", PASSWORD).await.unwrap();
    auth.logout(&t3.refresh_token).await.unwrap();
    auth.logout(&t3.refresh_token).await.unwrap();
    assert_eq!(
        reason(auth.refresh(&t3.refresh_token).await.unwrap_err()),
        Reason::Revoked
    );
    // Wrong kinds of credential in the wrong place.
    assert_eq!(
        reason(auth.refresh(&t3.access_token).await.unwrap_err()),
        Reason::WrongType
    );
    assert_eq!(
        reason(auth.authenticate(&t3.refresh_token).await.unwrap_err()),
        Reason::WrongType
    );
    assert_eq!(
        reason(auth.authenticate("garbage").await.unwrap_err()),
        Reason::Malformed
    );
    assert_eq!(
        reason(auth.authenticate("").await.unwrap_err()),
        Reason::Missing
    );

    // Refresh tokens expire.
    let t4 = auth.login(WS, "alice", PASSWORD).await.unwrap();
    clock.advance(Duration::from_secs(31 * 86_400));
    assert_eq!(
        reason(auth.refresh(&t4.refresh_token).await.unwrap_err()),
        Reason::Expired
    );

    // API tokens: shown once, hashed, revocable, expiring.
    let alice = auth
        .authenticate(
            &auth
                .login(WS, "alice", PASSWORD)
                .await
                .unwrap()
                .access_token,
        )
        .await
        .unwrap()
        .user;
    let (meta, secret) = auth
        .create_api_token(&alice, "ci pipeline", Some(7))
        .await
        .unwrap();
    assert!(secret.starts_with("kct_"));
    let p = auth.authenticate(&secret).await.unwrap();
    assert_eq!(p.credential, Credential::ApiToken(meta.id));
    let listed = auth.api_tokens(&alice).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some());
    assert!(
        !format!("{listed:?}").contains(&secret[4..]),
        "the secret is not stored"
    );
    auth.revoke_api_token(&alice, meta.id).await.unwrap();
    assert_eq!(
        reason(auth.authenticate(&secret).await.unwrap_err()),
        Reason::Revoked
    );
    let (_, short) = auth
        .create_api_token(&alice, "short", Some(1))
        .await
        .unwrap();
    clock.advance(Duration::from_secs(86_401));
    assert_eq!(
        reason(auth.authenticate(&short).await.unwrap_err()),
        Reason::Expired
    );
    assert!(
        auth.create_api_token(&alice, "too long", Some(10_000))
            .await
            .is_err()
    );

    // Disabling a user stops its tokens at once; enabling restores login.
    let t5 = auth.login(WS, "alice", PASSWORD).await.unwrap();
    auth.set_disabled(WS, "alice", true).await.unwrap();
    assert_eq!(
        reason(auth.authenticate(&t5.access_token).await.unwrap_err()),
        Reason::Disabled
    );
    assert_eq!(
        reason(auth.login(WS, "alice", PASSWORD).await.unwrap_err()),
        Reason::Disabled
    );
    assert_eq!(
        reason(auth.refresh(&t5.refresh_token).await.unwrap_err()),
        Reason::Revoked
    );
    auth.set_disabled(WS, "alice", false).await.unwrap();
    auth.reset_password(WS, "alice", "another long passphrase")
        .await
        .unwrap();
    assert_eq!(
        reason(auth.login(WS, "alice", PASSWORD).await.unwrap_err()),
        Reason::BadCredentials
    );
    auth.login(WS, "alice", "another long passphrase")
        .await
        .unwrap();
}

/// Single sign-on people: created with the provider's identity, which
/// the templates render; and created all or nothing with their link.
async fn sso_people(store: Store) {
    let pool = store.pool().clone();
    let (auth, _) = setup(store).await;
    let groups = ["platform".to_owned()];
    let sso = |subject: &'static str, username: &'static str| kubechat_auth::SsoIdentity {
        workspace: WS,
        provider: "corp",
        issuer: "https://idp.example",
        subject,
        username,
        role: UserRole::Operator,
        groups: &groups,
        link_existing: false,
    };
    let (ada, _) = auth.sso_sign_in(&sso("sub-1", "ada")).await.unwrap();
    assert_eq!(ada.kube_user, "ada");
    assert_eq!(ada.kube_groups, ["kubechat:operator", "platform"]);
    assert_eq!(
        ada.idp.as_ref().map(|i| i.groups.clone()),
        Some(groups.to_vec())
    );

    // A link left behind for a subject whose account is gone (written by
    // hand here): creating the account and linking it fail together, and
    // no account of the name is left that the person could never sign in
    // to.
    let dangling = "INSERT INTO sso_links (issuer, subject, user_id, linked_at) \
                    VALUES ('https://idp.example', 'sub-2', '00000000-0000-0000-0000-0000000000ff', 0)";
    match &pool {
        kubechat_store::Pool::Postgres(p) => sqlx::query(dangling).execute(p).await.map(|_| ()),
        kubechat_store::Pool::Sqlite(p) => sqlx::query(dangling).execute(p).await.map(|_| ()),
    }
    .unwrap();
    let err = auth.sso_sign_in(&sso("sub-2", "bo")).await.unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert!(
        auth.users(WS)
            .await
            .unwrap()
            .iter()
            .all(|u| u.username != "bo"),
        "no half-made account"
    );
}

/// A migrated store at `url`.
async fn store_at(url: String) -> Store {
    let store = Store::connect(&SecretUrl::new(url), &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
}

#[tokio::test]
async fn accounts_and_tokens_on_postgres() {
    let db = kubechat_testkit::TestDatabase::create().await.unwrap();
    behaves(store_at(db.url().to_owned()).await).await;
    let db = kubechat_testkit::TestDatabase::create().await.unwrap();
    sso_people(store_at(db.url().to_owned()).await).await;
}

#[tokio::test]
async fn accounts_and_tokens_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let at = |file: &str| format!("sqlite://{}/{file}?mode=rwc", dir.path().display());
    behaves(store_at(at("k.db")).await).await;
    sso_people(store_at(at("s.db")).await).await;
}

/// The signature and key checks, on tokens built by hand.
#[tokio::test]
async fn signatures_keys_and_rotation() {
    let db = kubechat_testkit::TestDatabase::create().await.unwrap();
    let store = Store::connect(&SecretUrl::new(db.url()), &StoreOptions::default())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let (auth, clock) = setup(store.clone()).await;
    let old = auth
        .login(WS, "alice", PASSWORD)
        .await
        .unwrap()
        .access_token;

    // Wrong signature: the payload changed (role raised) after signing.
    let parts: Vec<&str> = old.split('.').collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&B64URL.decode(parts[1]).unwrap()).unwrap();
    claims["role"] = "admin".into();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        B64URL.encode(serde_json::to_vec(&claims).unwrap()),
        parts[2]
    );
    assert_eq!(
        reason(auth.authenticate(&forged).await.unwrap_err()),
        Reason::BadSignature
    );
    // alg "none" is never accepted.
    let none = format!(
        "{}.{}.",
        B64URL.encode(br#"{"alg":"none","typ":"JWT","kid":"k1"}"#),
        parts[1]
    );
    assert_eq!(
        reason(auth.authenticate(&none).await.unwrap_err()),
        Reason::Malformed
    );

    // Unknown kid: signed by a key this server never had.
    let stranger = Auth::new(
        store.clone(),
        keys("k9"),
        clock.clone(),
        AuthOptions::default(),
    );
    let foreign = stranger
        .login(WS, "alice", PASSWORD)
        .await
        .unwrap()
        .access_token;
    assert_eq!(
        reason(auth.authenticate(&foreign).await.unwrap_err()),
        Reason::UnknownKey
    );

    // Not yet valid: issued by a replica whose clock is 20 s ahead — fine
    // within the 30 s leeway, refused at 60 s.
    for (ahead, ok) in [(20, true), (60, false)] {
        let skewed = Arc::new(ManualClock::new(
            clock.now() + time::Duration::seconds(ahead),
        ));
        let replica = Auth::new(store.clone(), KeySet::new(), skewed, AuthOptions::default());
        let pem = generate_pem().unwrap();
        replica
            .rotate(|k| k.add_private_pem("shared", &pem))
            .unwrap();
        auth.rotate(|k| k.add_private_pem("shared", &pem)).unwrap();
        let token = replica
            .login(WS, "alice", PASSWORD)
            .await
            .unwrap()
            .access_token;
        let got = auth.authenticate(&token).await;
        if ok {
            assert!(got.is_ok(), "{ahead} s ahead is inside the leeway");
        } else {
            assert_eq!(reason(got.unwrap_err()), Reason::NotYetValid);
        }
        auth.rotate(|k| {
            k.remove("shared");
            Ok(())
        })
        .unwrap();
    }

    // Rotation: a new active key signs; tokens of the old key stay valid
    // until it is removed.
    let pem = generate_pem().unwrap();
    auth.rotate(|k| {
        k.add_private_pem("k2", &pem)?;
        k.set_active("k2")
    })
    .unwrap();
    let new = auth
        .login(WS, "alice", PASSWORD)
        .await
        .unwrap()
        .access_token;
    let header: serde_json::Value =
        serde_json::from_slice(&B64URL.decode(new.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["kid"], "k2");
    assert_eq!(header["alg"], "EdDSA");
    assert!(
        auth.authenticate(&old).await.is_ok(),
        "old key still verifies"
    );
    assert_eq!(auth.jwks()["keys"].as_array().unwrap().len(), 2);
    auth.rotate(|k| {
        k.remove("k1");
        Ok(())
    })
    .unwrap();
    assert_eq!(
        reason(auth.authenticate(&old).await.unwrap_err()),
        Reason::UnknownKey
    );
    assert!(auth.authenticate(&new).await.is_ok());
}
