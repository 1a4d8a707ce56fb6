//! Time per utterance of the whole translation (rules + validation +
//! kubectl rendering) over both corpora. Prints median and p99; asserts
//! nothing. Run: `cargo bench -p kubechat-nlp --bench translate`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

fn main() {
    let utterances: Vec<&str> = [
        include_str!("../tests/corpus.tsv"),
        include_str!("../tests/holdout.tsv"),
    ]
    .iter()
    .flat_map(|c| c.lines())
    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    .filter_map(|l| l.split('\t').nth(1))
    .collect();
    let rounds = 200;
    let mut samples = Vec::with_capacity(utterances.len() * rounds);
    for _ in 0..rounds {
        for u in &utterances {
            let start = Instant::now();
            let r = kubechat_nlp::translate(std::hint::black_box(u));
            samples.push(start.elapsed());
            std::hint::black_box(r.ok());
        }
    }
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    println!(
        "rule translator: {} utterances x {rounds} rounds: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        utterances.len(),
        at(0.5).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        samples[samples.len() - 1].as_secs_f64() * 1e6
    );
}
