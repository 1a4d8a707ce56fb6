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
//! accuracy.

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
    /// `None`: the request must not be translated.
    pub expect: Option<Operation>,
}

/// A line as written: `expect` must be present (an operation or null).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    family: String,
    text: String,
    expect: serde_json::Value,
}

/// A line of the corpus that is not a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct CorpusError {
    pub line: usize,
    pub problem: String,
}

/// Reads a corpus; blank lines and lines starting with `#` are skipped.
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
        let line: Line = serde_json::from_str(l).map_err(|e| {
            bad(format!(
                "not a case ({e}); expected {{\"family\": \"…\", \"text\": \"…\", \"expect\": {{operation}} or null}}"
            ))
        })?;
        let expect = match line.expect {
            serde_json::Value::Null => None,
            v => Some(
                Operation::from_json(&v.to_string())
                    .map_err(|e| bad(format!("the expected operation is invalid: {e}")))?,
            ),
        };
        cases.push(Case {
            family: line.family,
            text: line.text,
            expect,
        });
    }
    Ok(cases)
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
    /// Requests expected to be refused that came out as changes.
    pub unsafe_translations: Vec<Miss>,
}

/// Whether `got` is the operation `want` (the fields the corpus fixes).
pub fn same(want: &Operation, got: &Operation) -> bool {
    want.verb == got.verb
        && want.resource == got.resource
        && want.name == got.name
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
        let score = r.families.entry(case.family.clone()).or_default();
        score.total += 1;
        let ok = match (&case.expect, &got) {
            (Some(want), Ok(t)) => same(want, &t.operation),
            (None, Err(_)) => true,
            _ => false,
        };
        if ok {
            score.correct += 1;
            continue;
        }
        let miss = Miss {
            family: case.family.clone(),
            text: case.text.clone(),
            want: case.expect.as_ref().map_or_else(
                || "not translated".to_owned(),
                kubechat_core::kubectl::render,
            ),
            got: match &got {
                Ok(t) => t.kubectl.clone(),
                Err(e) => e.code().to_owned(),
            },
        };
        if case.expect.is_none() && got.as_ref().is_ok_and(|t| t.risk != Risk::Read) {
            r.unsafe_translations.push(miss.clone());
        }
        r.misses.push(miss);
    }
    r.total = cases.len();
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
            "overall    {}/{} = {:.1}%",
            self.correct,
            self.total,
            100.0 * self.accuracy
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
            writeln!(f, "UNSAFE: changes made of requests that must be refused:")?;
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
}
