//! Time per utterance of the rule translator (rules + validation +
//! kubectl rendering) over the team's corpus. Criterion measures the mean
//! per utterance over the whole corpus; a second pass times every
//! utterance on its own and prints the median and p99 (criterion reports
//! no percentiles). Asserts nothing.
//! Run: `cargo bench -p kubechat-nlp --bench translate`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn utterances() -> Vec<String> {
    // A file of JSON strings, one a line, to time the same utterances
    // across versions; by default the team's corpora.
    if let Ok(path) = std::env::var("KUBECHAT_BENCH_UTTERANCES") {
        return std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str::<String>(l).unwrap())
            .collect();
    }
    [
        include_str!("../../../eval/corpus.jsonl"),
        include_str!("../../../eval/holdout.jsonl"),
        include_str!("../../../eval/world.jsonl"),
        include_str!("../../../eval/world-holdout.jsonl"),
    ]
    .iter()
    .flat_map(|c| kubechat_nlp::eval::parse(c).unwrap())
    .map(|case| case.text)
    .collect()
}
fn rules(c: &mut Criterion) {
    let texts = utterances();
    let mut group = c.benchmark_group("rule translator");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("corpus, per utterance", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(kubechat_nlp::interpret(black_box(t)).ok());
            }
        });
    });
    group.finish();

    let rounds = 200;
    let mut samples = Vec::with_capacity(texts.len() * rounds);
    for _ in 0..rounds {
        for t in &texts {
            let start = Instant::now();
            let r = kubechat_nlp::interpret(black_box(t));
            samples.push(start.elapsed());
            black_box(r.ok());
        }
    }
    // The slowest utterances (mean over the rounds), to show where the
    // time goes.
    let mut per: Vec<(f64, &String)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let total: f64 = (0..rounds)
                .map(|r| samples[r * texts.len() + i].as_secs_f64())
                .sum();
            (total / rounds as f64 * 1e6, t)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (us, t) in per.iter().take(5) {
        let short: String = t.chars().take(70).collect();
        println!(
            "  slowest: {us:.1} µs, {} chars: {short:?}",
            t.chars().count()
        );
    }
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e6;
    println!(
        "rule translator, {} utterances x {rounds} rounds, each timed alone: median {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        texts.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}

criterion_group!(benches, rules);
criterion_main!(benches);
