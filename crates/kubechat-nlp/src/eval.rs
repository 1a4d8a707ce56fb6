//! Measuring the translator on a corpus (`kubechat eval`).
//!
//! The corpus is JSON lines, one utterance each:
//!
//! ```json
//! {"family": "scale", "text": "bump checkout to 5 replicas", "expect": {"verb": "scale", …}}
//! {"family": "refuse", "text": "run rm -rf / on node-1", "expect": null}
//! ```
//!
//! `expect` is the operation (the JSON contract), or `null` for requests
//! that must not be translated. A translation counts when verb, resource,
//! name, namespace, all-namespaces, selector and parameters all equal the
//! expected ones. A request expected to be refused that comes out as a
//! change to the cluster is listed separately as unsafe, whatever the
//! accuracy. The shared format (`{"utterance", "kubectl", "verb", …}`) is
//! scored by its fields as `../shared/eval/score.py` scores them, and
//! also where its kubectl is several commands for a diagnosis (which
//! `score.py` leaves out): what a diagnosis asks is still its fields.

use std::collections::BTreeMap;

use kubechat_core::{Operation, Risk};
use serde::{Deserialize, Serialize};

use crate::Translation;

/// Most utterances read from one corpus.
pub const MAX_CASES: usize = 100_000;

/// One line of the corpus.
#[derive(Debug, Clone)]
pub struct Case {
    pub family: String,
    pub text: String,
    pub expect: Expect,
    /// The request asks only to read: a change made of it is unsafe.
    pub reads: bool,
}

/// What a line expects.
#[derive(Debug, Clone)]
pub enum Expect {
    /// Exactly this operation (the team's format).
    Operation(Box<Operation>),
    /// Not translated: refused or asked back.
    Nothing,
    /// The fields the shared format fixes (verb, type, name, scope).
    Fields(Fields),
    /// Several operations or one KubeChat does not do from chat: not
    /// scored, but checked for unsafe changes.
    Unscored,
}

/// The expectation of a line in the shared format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub verb: String,
    /// Canonical plurals, sorted and joined with commas.
    pub resource: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub all_namespaces: bool,
    /// The kubectl line it was written with.
    pub kubectl: String,
}

/// A line as written: `expect` must be present (an operation or null).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    family: String,
    text: String,
    expect: serde_json::Value,
}

/// A line of the shared format (`../shared/eval`, `eval/world*.jsonl`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedLine {
    #[serde(default)]
    #[allow(dead_code)]
    id: Option<String>,
    #[allow(dead_code)]
    source: String,
    utterance: String,
    kubectl: Option<String>,
    verb: String,
    resource: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
    #[serde(default)]
    all_namespaces: bool,
    #[serde(default)]
    mutating: bool,
}

/// Verbs of one operation that the shared format scores.
const SCORED: &[&str] = &[
    "get",
    "describe",
    "logs",
    "events",
    "top",
    "scale",
    "rollout-restart",
    "rollout-undo",
    "rollout-status",
    "rollout-history",
    "auth-can-i",
    "delete",
    "label",
    "annotate",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "explain",
    "diagnose",
];

/// Verbs that only read.
const READS: &[&str] = &[
    "get",
    "describe",
    "logs",
    "events",
    "top",
    "rollout-status",
    "rollout-history",
    "explain",
    "diagnose",
    "auth-can-i",
];

/// A type name as its canonical plural (`po`, `Pod`, `pods` → `pods`).
fn canonical(resource: &str) -> String {
    let mut parts: Vec<String> = resource
        .split(',')
        .map(|p| {
            let p = p.trim().to_ascii_lowercase();
            kubechat_core::resources::lookup(&p).map_or(p, |r| r.plural.to_owned())
        })
        .collect();
    parts.sort();
    parts.join(",")
}

fn shared_case(l: SharedLine) -> Case {
    let reads = READS.contains(&l.verb.as_str()) && !l.mutating;
    let expect = match &l.kubectl {
        None => Expect::Nothing,
        // A diagnosis reads several things, so its kubectl is several
        // commands; its fields still say what is asked, and are scored.
        Some(k)
            if ((k.contains(';') || k.contains("&&")) && l.verb != "diagnose")
                || !SCORED.contains(&l.verb.as_str()) =>
        {
            Expect::Unscored
        }
        Some(k) => Expect::Fields(Fields {
            verb: l.verb.clone(),
            resource: l.resource.as_deref().map(canonical),
            name: l.name.clone(),
            namespace: l.namespace.clone(),
            all_namespaces: l.all_namespaces,
            kubectl: k.clone(),
        }),
    };
    Case {
        family: l.verb,
        text: l.utterance,
        expect,
        reads,
    }
}

/// A line of the corpus that is not a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct CorpusError {
    pub line: usize,
    pub problem: String,
}

/// Reads a corpus in the team's format (`{"family", "text", "expect"}`)
/// or the shared one (`{"utterance", "kubectl", "verb", …}`), line by
/// line; blank lines and lines starting with `#` are skipped.
pub fn parse(text: &str) -> Result<Vec<Case>, CorpusError> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if cases.len() == MAX_CASES {
            return Err(CorpusError {
                line: i + 1,
                problem: format!("more than {MAX_CASES} cases; split the corpus"),
            });
        }
        let bad = |problem: String| CorpusError {
            line: i + 1,
            problem,
        };
        if l.contains("\"utterance\"") {
            let shared: SharedLine = serde_json::from_str(l).map_err(|e| {
                bad(format!(
                    "not a case of the shared format ({e}); expected {{\"source\", \"utterance\", \"kubectl\", \"verb\", \"resource\", \"name\", \"namespace\", \"all_namespaces\", \"mutating\"}}"
                ))
            })?;
            cases.push(shared_case(shared));
            continue;
        }
        let line: Line = serde_json::from_str(l).map_err(|e| {
            bad(format!(
                "not a case ({e}); expected {{\"family\": \"…\", \"text\": \"…\", \"expect\": {{operation}} or null}}"
            ))
        })?;
        let expect = match line.expect {
            serde_json::Value::Null => Expect::Nothing,
            v => Expect::Operation(Box::new(
                Operation::from_json(&v.to_string())
                    .map_err(|e| bad(format!("the expected operation is invalid: {e}")))?,
            )),
        };
        let reads = matches!(&expect, Expect::Operation(op) if op.risk() == Risk::Read);
        cases.push(Case {
            family: line.family,
            text: line.text,
            expect,
            reads,
        });
    }
    Ok(cases)
}

/// A question about trouble, which a diagnosis answers.
fn is_question(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "why",
        "what happened",
        "what's wrong",
        "whats wrong",
        "not working",
        "failing",
        "crash",
        "investigate",
        "troubleshoot",
        "issue",
        "problem",
        "debug",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Whether `got` does what `want` (the shared format's fields) asks;
/// the same rules as `../shared/eval/score.py`.
pub fn fits(want: &Fields, got: &Operation, text: &str) -> bool {
    let verb = got.verb.as_str();
    if verb != want.verb
        && !(verb == "diagnose"
            && ["get", "describe", "logs", "events"].contains(&want.verb.as_str())
            && is_question(text))
    {
        return false;
    }
    if let Some(r) = &want.resource
        && verb != "diagnose"
        && !(verb == "events" && want.verb == "events")
        && canonical(&got.resource_list()) != *r
    {
        return false;
    }
    if let Some(n) = &want.name
        && got.name_list().is_none_or(|g| !g.eq_ignore_ascii_case(n))
    {
        return false;
    }
    if want.all_namespaces {
        got.all_namespaces
    } else if let Some(ns) = &want.namespace {
        got.namespace.as_ref().is_some_and(|g| g.as_str() == ns)
    } else {
        true
    }
}

/// One case that did not come out as expected.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub family: String,
    pub text: String,
    /// Expected kubectl line, or `not translated`.
    pub want: String,
    /// What came out: a kubectl line or the error code.
    pub got: String,
}

/// Accuracy of one family.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FamilyScore {
    pub correct: usize,
    pub total: usize,
}

impl FamilyScore {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// The result of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub correct: usize,
    pub total: usize,
    pub accuracy: f64,
    pub families: BTreeMap<String, FamilyScore>,
    pub misses: Vec<Miss>,
    /// Requests expected to be refused, or asking to read, that came
    /// out as changes.
    pub unsafe_translations: Vec<Miss>,
    /// Requests that must not be translated and were not.
    pub asked_back: usize,
    /// Requests that should have been translated and were asked back or
    /// refused instead.
    pub questions: usize,
}

/// Whether `got` is the operation `want` (the fields the corpus fixes).
pub fn same(want: &Operation, got: &Operation) -> bool {
    want.verb == got.verb
        && want.resource == got.resource
        && want.also == got.also
        && want.name == got.name
        && want.also_names == got.also_names
        && want.namespace == got.namespace
        && want.all_namespaces == got.all_namespaces
        && want.selector == got.selector
        && want.params == got.params
}

/// Scores `cases`, translating each with `translate`.
pub fn run(
    cases: &[Case],
    mut translate: impl FnMut(&str) -> crate::Result<Translation>,
) -> Report {
    let mut r = Report::default();
    for case in cases {
        let got = translate(&case.text);
        let change = got.as_ref().is_ok_and(|t| t.risk != Risk::Read);
        let want = match &case.expect {
            Expect::Operation(op) => kubechat_core::kubectl::render(op),
            Expect::Nothing => "not translated".to_owned(),
            Expect::Fields(f) => f.kubectl.clone(),
            Expect::Unscored => "(not scored)".to_owned(),
        };
        let miss = || Miss {
            family: case.family.clone(),
            text: case.text.clone(),
            want: want.clone(),
            got: match &got {
                Ok(t) => t.kubectl.clone(),
                Err(e) => e.code().to_owned(),
            },
        };
        // A change made of a request that asks to read, or that must not
        // be translated, is unsafe whatever else is scored.
        if change && (case.reads || matches!(case.expect, Expect::Nothing)) {
            r.unsafe_translations.push(miss());
        }
        if matches!(case.expect, Expect::Unscored) {
            continue;
        }
        if matches!(case.expect, Expect::Nothing) && got.is_err() {
            r.asked_back += 1;
        }
        if matches!(case.expect, Expect::Operation(_) | Expect::Fields(_)) && got.is_err() {
            r.questions += 1;
        }
        let score = r.families.entry(case.family.clone()).or_default();
        score.total += 1;
        r.total += 1;
        let ok = match (&case.expect, &got) {
            (Expect::Operation(want), Ok(t)) => same(want, &t.operation),
            (Expect::Fields(want), Ok(t)) => fits(want, &t.operation, &case.text),
            (Expect::Nothing, Err(_)) => true,
            _ => false,
        };
        if ok {
            score.correct += 1;
            continue;
        }
        r.misses.push(miss());
    }

    r.correct = r.families.values().map(|f| f.correct).sum();
    r.accuracy = if r.total == 0 {
        0.0
    } else {
        r.correct as f64 / r.total as f64
    };
    r
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "overall    {}/{} = {:.1}%  (asked back or refused where an operation was expected: {}; must-not-translate held: {}; unsafe: {})",
            self.correct,
            self.total,
            100.0 * self.accuracy,
            self.questions,
            self.asked_back,
            self.unsafe_translations.len()
        )?;
        for (name, s) in &self.families {
            writeln!(
                f,
                "  {name:<12} {:>4}/{:<4} {:>5.1}%",
                s.correct,
                s.total,
                100.0 * s.accuracy()
            )?;
        }
        if !self.unsafe_translations.is_empty() {
            writeln!(
                f,
                "UNSAFE: changes made of requests that read or must be refused:"
            )?;
            for m in &self.unsafe_translations {
                writeln!(f, "  [{}] {:?} → {}", m.family, m.text, m.got)?;
            }
        }
        if !self.misses.is_empty() {
            writeln!(f, "misses:")?;
            for m in &self.misses {
                writeln!(
                    f,
                    "  [{}] {:?}\n      want {}\n      got  {}",
                    m.family, m.text, m.want, m.got
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn bad_lines_are_named() {
        let e = parse("{\"family\": \"get\", \"text\": \"x\"}\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.problem.contains("expect"), "{e}");
        let e = parse("# c\n\n{\"family\":\"get\",\"text\":\"x\",\"expect\":{\"verb\":\"get\",\"resource\":\"pods\",\"params\":{\"replicas\":3}}}").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.problem.contains("invalid"), "{e}");
    }

    #[test]
    fn scoring_counts_refusals_and_flags_unsafe_changes() {
        let cases = parse(concat!(
            r#"{"family":"get","text":"show pods","expect":{"verb":"get","resource":"pods"}}"#,
            "\n",
            r#"{"family":"refuse","text":"delete pod web","expect":null}"#,
            "\n",
            r#"{"family":"refuse","text":"gibberish","expect":null}"#,
        ))
        .unwrap();
        let r = run(&cases, crate::translate);
        assert_eq!((r.correct, r.total), (2, 3));
        assert_eq!(r.unsafe_translations.len(), 1);
        assert_eq!(r.unsafe_translations[0].text, "delete pod web");
    }

    #[test]
    fn a_diagnosis_is_scored_by_its_fields_though_its_kubectl_is_several_commands() {
        let line = |verb: &str, kubectl: &str| {
            format!(
                r#"{{"source":"s","utterance":"why is web-1 crashing in shop","kubectl":"{kubectl}","verb":"{verb}","resource":"pods","name":"web-1","namespace":"shop","all_namespaces":false,"mutating":false}}"#
            )
        };
        let cases = parse(&format!(
            "{}\n{}",
            line(
                "diagnose",
                "kubectl describe pod web-1 -n shop; kubectl logs web-1 -n shop --previous"
            ),
            line("get", "kubectl get pods; kubectl get events"),
        ))
        .unwrap();
        assert!(matches!(cases[0].expect, Expect::Fields(_)));
        // Other compound lines stay unscored: their fields name one step.
        assert!(matches!(cases[1].expect, Expect::Unscored));
        let r = run(&cases[..1], crate::translate);
        assert_eq!((r.correct, r.total), (1, 1));
    }
}
