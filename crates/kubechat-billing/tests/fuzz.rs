//! Random bytes into every parser of the payment provider's input:
//! webhook bodies and signature headers. An answer or a clear error,
//! never a panic, and nothing random ever verifies.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fuzz_webhook_bodies(body in proptest::collection::vec(any::<u8>(), 0..400)) {
        match kubechat_billing::account::parse_event(&body) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn fuzz_signature_headers(header in "\\PC{0,300}", body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let secrets = vec![kubechat_config::Secret::new("whsec_test_secret")];
        let r = kubechat_billing::signature::verify(Some(&header), &body, &secrets, 1_700_000_000, 300);
        prop_assert!(r.is_err(), "a random header verified: {header:?}");
    }
}
