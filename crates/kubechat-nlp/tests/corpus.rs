//! Accuracy of the rule translator on the team's corpus
//! (`eval/corpus.jsonl`, the same file `kubechat eval` reads) and on the
//! held-out corpus written after the rules were tuned. Prints the report
//! and fails below the floor, and whenever a request that must be refused
//! comes out as a change to the cluster.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubechat_nlp::eval;

/// The floor of the tuning corpus; the aim is 95%.
const FLOOR: f64 = 0.95;
/// The floor of the held-out corpus: it reports how the rules
/// generalise, and a drop shows up here first.
const HOLDOUT_FLOOR: f64 = 0.85;
/// The floor of the collected real requests (tuned on).
const WORLD_FLOOR: f64 = 0.5;
/// The floor of the held-out real requests.
const WORLD_HOLDOUT_FLOOR: f64 = 0.4;

fn measure(title: &str, corpus: &str) -> eval::Report {
    let cases = eval::parse(corpus).unwrap();
    let report = eval::run(&cases, kubechat_nlp::interpret);
    println!("{title}\n{report}");
    assert!(
        report.unsafe_translations.is_empty(),
        "changes made of requests that must be refused: {:?}",
        report.unsafe_translations
    );
    report
}

#[test]
fn corpus_accuracy() {
    let r = measure(
        "rule translator, eval/corpus.jsonl",
        include_str!("../../../eval/corpus.jsonl"),
    );
    assert!(r.total >= 400, "the corpus has {} utterances", r.total);
    assert!(
        r.accuracy >= FLOOR,
        "accuracy {:.3} below {FLOOR}",
        r.accuracy
    );
}

#[test]
fn holdout_accuracy() {
    let r = measure(
        "rule translator, eval/holdout.jsonl",
        include_str!("../../../eval/holdout.jsonl"),
    );
    assert!(
        r.accuracy >= HOLDOUT_FLOOR,
        "held-out accuracy {:.3} below {HOLDOUT_FLOOR}",
        r.accuracy
    );
}

/// Scores one collected corpus and holds it to a floor: at least
/// `min_total` scored lines, accuracy at least `floor`.
fn at_least(title: &str, corpus: &str, min_total: usize, floor: f64) {
    let r = measure(title, corpus);
    assert!(r.total >= min_total, "{title} scores {} lines", r.total);
    assert!(
        r.accuracy >= floor,
        "{title}: accuracy {:.3} below {floor}",
        r.accuracy
    );
}

/// The corpus gathered from public phrasing (`eval/world.jsonl`, shared
/// format, each line with its source): the tuning set of real requests.
#[test]
fn world_accuracy() {
    at_least(
        "rule translator, eval/world.jsonl",
        include_str!("../../../eval/world.jsonl"),
        200,
        WORLD_FLOOR,
    );
}

/// Real requests collected before the rules were tuned on them and never
/// tuned against (`eval/world-holdout.jsonl`): the honest figure. The
/// floor only catches a collapse.
#[test]
fn world_holdout_accuracy() {
    at_least(
        "rule translator, eval/world-holdout.jsonl (held out)",
        include_str!("../../../eval/world-holdout.jsonl"),
        200,
        WORLD_HOLDOUT_FLOOR,
    );
}

/// A second holdout (`eval/world-holdout-2.jsonl`), collected from
/// repositories and sites used nowhere else in `eval/` before the session
/// that added it tuned anything; never tuned on. The floor only catches a
/// collapse.
#[test]
fn world_holdout_2_accuracy() {
    at_least(
        "rule translator, eval/world-holdout-2.jsonl (held out)",
        include_str!("../../../eval/world-holdout-2.jsonl"),
        50,
        WORLD_HOLDOUT_FLOOR,
    );
}

/// Real requests gathered from other assistants' docs, MCP servers,
/// benchmark and exercise tasks (`eval/world-3.jsonl`, tuned on).
#[test]
fn world_3_accuracy() {
    at_least(
        "rule translator, eval/world-3.jsonl",
        include_str!("../../../eval/world-3.jsonl"),
        100,
        WORLD_FLOOR,
    );
}

/// Real requests from assistants' example prompts, MCP servers, CLI tools
/// and exercise tasks in sources no other file used
/// (`eval/world-4.jsonl`, tuned on; scored before tuning in the note).
#[test]
fn world_4_accuracy() {
    at_least(
        "rule translator, eval/world-4.jsonl",
        include_str!("../../../eval/world-4.jsonl"),
        80,
        WORLD_FLOOR,
    );
}

/// Real requests from exercise tasks (CKA/CKAD/CKS, KodeKloud), MCP
/// servers' and assistants' example prompts and docs in 29 sources no
/// other file used (`eval/world-5.jsonl`, tuned on; scored before tuning
/// in the note).
#[test]
fn world_5_accuracy() {
    at_least(
        "rule translator, eval/world-5.jsonl",
        include_str!("../../../eval/world-5.jsonl"),
        100,
        WORLD_FLOOR,
    );
}

/// A third holdout (`eval/world-holdout-3.jsonl`), collected from sources
/// used nowhere else in `eval/` before the session that added it tuned
/// anything, by a collector that reported only counts; never tuned on.
#[test]
fn world_holdout_3_accuracy() {
    at_least(
        "rule translator, eval/world-holdout-3.jsonl (held out)",
        include_str!("../../../eval/world-holdout-3.jsonl"),
        100,
        WORLD_HOLDOUT_FLOOR,
    );
}

/// A fourth holdout (`eval/world-holdout-4.jsonl`), collected in the
/// session that added `world-4` from sources used nowhere else in
/// `eval/`, by a collector that reported only counts; never tuned on.
#[test]
fn world_holdout_4_accuracy() {
    at_least(
        "rule translator, eval/world-holdout-4.jsonl (held out)",
        include_str!("../../../eval/world-holdout-4.jsonl"),
        80,
        WORLD_HOLDOUT_FLOOR,
    );
}

/// Real requests from exercise tasks and cheat sheets in 8 sources no
/// other file used (`eval/world-6.jsonl`, tuned on; scored before tuning
/// in the note).
#[test]
fn world_6_accuracy() {
    at_least(
        "rule translator, eval/world-6.jsonl",
        include_str!("../../../eval/world-6.jsonl"),
        20,
        WORLD_FLOOR,
    );
}

/// Troubleshooting requests and their symptoms, from 36 sources no other
/// file used (`eval/world-7.jsonl`, tuned on; scored before tuning in the
/// note). Its diagnoses are scored by their fields.
#[test]
fn world_7_accuracy() {
    at_least(
        "rule translator, eval/world-7.jsonl",
        include_str!("../../../eval/world-7.jsonl"),
        70,
        WORLD_FLOOR,
    );
}

/// A fifth holdout (`eval/world-holdout-5.jsonl`), collected in the
/// session that added `world-6` from 16 sources used nowhere else in
/// `eval/`, by collectors that reported only counts; never tuned on.
#[test]
fn world_holdout_5_accuracy() {
    at_least(
        "rule translator, eval/world-holdout-5.jsonl (held out)",
        include_str!("../../../eval/world-holdout-5.jsonl"),
        50,
        WORLD_HOLDOUT_FLOOR,
    );
}

/// A small eighth tuning set (`eval/world-8.jsonl`, 21 requests from 13
/// sources used nowhere else in `eval/`; `eval/world-8.sources.txt`).
#[test]
fn world_8_accuracy() {
    at_least(
        "rule translator, eval/world-8.jsonl",
        include_str!("../../../eval/world-8.jsonl"),
        10,
        WORLD_FLOOR,
    );
}

/// A sixth holdout (`eval/world-holdout-6.jsonl`, 18 requests from 10
/// sources used nowhere else, none shared with `world-8`), collected by a
/// helper that reported only counts; never read, never tuned on.
#[test]
fn world_holdout_6_accuracy() {
    at_least(
        "rule translator, eval/world-holdout-6.jsonl (held out)",
        include_str!("../../../eval/world-holdout-6.jsonl"),
        10,
        WORLD_HOLDOUT_FLOOR,
    );
}
