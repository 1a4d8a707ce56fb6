//! Field paths as kubectl's `-o custom-columns` and `--sort-by` take them:
//! a small, checked subset of JSONPath (`.spec.containers[*].image`,
//! `.status.containerStatuses[0].restartCount`,
//! `.status.conditions[?(@.type=="Ready")].status`).
//!
//! The subset is what people write for projections and sorting; anything
//! else (recursive descent, slices, scripts) is refused with the reason,
//! and paths are bounded so one request cannot ask for unbounded work.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::{Error, Result};

/// Longest path accepted.
pub const MAX_PATH_BYTES: usize = 200;
/// Most steps in one path.
const MAX_STEPS: usize = 16;
/// Most columns in one `custom-columns` list.
pub const MAX_COLUMNS: usize = 12;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(usize),
    Every,
    /// `[?(@.a.b=="v")]`: the elements whose field equals the value.
    Filter(Vec<String>, String),
}

/// A parsed field path; displays (and serializes) in its canonical form,
/// with a leading dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    steps: Vec<Step>,
}

fn bad(path: &str, problem: &str) -> Error {
    Error::InvalidOperation {
        verb: "get",
        problem: format!(
            "field path '{}' {problem}; use a path such as .metadata.name, .spec.containers[*].image or .status.containerStatuses[0].restartCount",
            path.chars().take(80).collect::<String>()
        ),
    }
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl FieldPath {
    /// Parses `.a.b[0].c`, `a.b`, `{.a.b}`, `[*]` and `[?(@.k=="v")]`.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        if t.len() > MAX_PATH_BYTES {
            return Err(bad(
                t,
                &format!("is longer than {MAX_PATH_BYTES} characters"),
            ));
        }
        let t = t
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or(t);
        let chars: Vec<char> = t.chars().collect();
        let mut steps = Vec::new();
        let mut i = 0;
        if chars.is_empty() {
            return Err(bad(text, "is empty"));
        }
        while i < chars.len() {
            match chars[i] {
                '.' => {
                    i += 1;
                    let start = i;
                    while i < chars.len() && ident_char(chars[i]) {
                        i += 1;
                    }
                    if start == i {
                        return Err(bad(text, "has an empty field name"));
                    }
                    steps.push(Step::Field(chars[start..i].iter().collect()));
                }
                '[' => {
                    let close = chars[i..]
                        .iter()
                        .position(|&c| c == ']')
                        .map(|p| i + p)
                        .ok_or_else(|| bad(text, "has a '[' without its ']'"))?;
                    let inner: String = chars[i + 1..close].iter().collect();
                    steps.push(Self::bracket(text, &inner)?);
                    i = close + 1;
                }
                c if ident_char(c) && i == 0 => {
                    // kubectl accepts a path without its leading dot.
                    let start = i;
                    while i < chars.len() && ident_char(chars[i]) {
                        i += 1;
                    }
                    steps.push(Step::Field(chars[start..i].iter().collect()));
                }
                c => return Err(bad(text, &format!("has '{c}' where a '.' or '[' belongs"))),
            }
            if steps.len() > MAX_STEPS {
                return Err(bad(text, &format!("has more than {MAX_STEPS} steps")));
            }
        }
        Ok(Self { steps })
    }

    fn bracket(text: &str, inner: &str) -> Result<Step> {
        if inner == "*" {
            return Ok(Step::Every);
        }
        if let Ok(n) = inner.parse::<usize>() {
            return Ok(Step::Index(n));
        }
        // ?(@.type=="Ready") or ?(@.type=='Ready')
        let body = inner
            .strip_prefix("?(@.")
            .and_then(|r| r.strip_suffix(')'))
            .ok_or_else(|| {
                bad(
                    text,
                    &format!(
                        "has '[{inner}]'; only [N], [*] and [?(@.field==\"value\")] are supported"
                    ),
                )
            })?;
        let (key, value) = body
            .split_once("==")
            .ok_or_else(|| bad(text, "has a filter without =="))?;
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            // A shell strips the quotes of an unquoted word: a plain value
            // reads as the quoted one.
            .or_else(|| (!value.is_empty() && value.chars().all(ident_char)).then_some(value))
            .ok_or_else(|| {
                bad(
                    text,
                    "has a filter value that is neither quoted nor a plain word",
                )
            })?;
        let key: Vec<String> = key.trim().split('.').map(str::to_owned).collect();
        if key
            .iter()
            .any(|k| k.is_empty() || !k.chars().all(ident_char))
            || value
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '\'')
        {
            return Err(bad(text, "has a filter that is not field==\"value\""));
        }
        Ok(Step::Filter(key, value.to_owned()))
    }

    /// The values the path selects in `v`, in document order.
    pub fn eval<'a>(&self, v: &'a Value) -> Vec<&'a Value> {
        let mut cur = vec![v];
        for step in &self.steps {
            let mut next = Vec::new();
            for c in cur {
                match step {
                    Step::Field(f) => next.extend(c.get(f.as_str())),
                    Step::Index(n) => next.extend(c.get(*n)),
                    Step::Every => match c {
                        Value::Array(a) => next.extend(a.iter()),
                        Value::Object(m) => next.extend(m.values()),
                        _ => {}
                    },
                    Step::Filter(key, value) => {
                        if let Value::Array(a) = c {
                            next.extend(a.iter().filter(|e| {
                                key.iter()
                                    .try_fold(*e, |acc, k| acc.get(k.as_str()))
                                    .is_some_and(|x| match x {
                                        Value::String(s) => s == value,
                                        other => {
                                            *other == Value::String(value.clone())
                                                || other.to_string().as_str() == value.as_str()
                                        }
                                    })
                            }));
                        }
                    }
                }
            }
            cur = next;
        }
        cur
    }

    /// The values as a cell: joined with commas, `<none>` when absent.
    pub fn cell(&self, v: &Value) -> String {
        let parts: Vec<String> = self
            .eval(v)
            .into_iter()
            .filter(|x| !x.is_null())
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        if parts.is_empty() {
            "<none>".to_owned()
        } else {
            parts.join(",")
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            match s {
                Step::Field(n) => write!(f, ".{n}")?,
                Step::Index(i) => write!(f, "[{i}]")?,
                Step::Every => f.write_str("[*]")?,
                Step::Filter(k, v) => write!(f, "[?(@.{}==\"{v}\")]", k.join("."))?,
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// One column of `-o custom-columns`: a header and the path of its value.
/// Read from JSON through [`Column::new`], so a header from a model or an
/// API client is checked like one typed in kubectl syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawColumn")]
pub struct Column {
    pub header: String,
    pub path: FieldPath,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    header: String,
    path: String,
}

impl TryFrom<RawColumn> for Column {
    type Error = Error;
    fn try_from(r: RawColumn) -> Result<Self> {
        Column::new(&r.header, &r.path)
    }
}

impl Column {
    /// A column with a checked header (letters, digits, `_`, `-`, ` `;
    /// at most 40).
    pub fn new(header: &str, path: &str) -> Result<Self> {
        let h = header.trim();
        if h.is_empty()
            || h.len() > 40
            || !h
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_- ".contains(c))
        {
            return Err(Error::InvalidOperation {
                verb: "get",
                problem: format!(
                    "column header '{}' must be 1-40 letters, digits, '_' or '-'",
                    h.chars().take(40).collect::<String>()
                ),
            });
        }
        Ok(Self {
            header: h.to_owned(),
            path: FieldPath::parse(path)?,
        })
    }
}

/// Parses kubectl's `NAME:.metadata.name,IMAGE:.spec.containers[*].image`.
pub fn parse_columns(spec: &str) -> Result<Vec<Column>> {
    let mut out = Vec::new();
    // Commas inside a filter's quotes or brackets do not split columns.
    let mut depth = 0usize;
    let mut part = String::new();
    let mut parts = Vec::new();
    for c in spec.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    parts.push(part);
    for p in parts {
        let (h, path) = p.split_once(':').ok_or_else(|| Error::InvalidOperation {
            verb: "get",
            problem: format!(
                "custom column '{}' needs HEADER:PATH, e.g. IMAGE:.spec.containers[*].image",
                p.chars().take(80).collect::<String>()
            ),
        })?;
        out.push(Column::new(h, path)?);
        if out.len() > MAX_COLUMNS {
            return Err(Error::InvalidOperation {
                verb: "get",
                problem: format!("at most {MAX_COLUMNS} custom columns"),
            });
        }
    }
    Ok(out)
}

/// The columns as kubectl writes them.
pub fn render_columns(cols: &[Column]) -> String {
    cols.iter()
        .map(|c| format!("{}:{}", c.header, c.path))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_select_what_kubectl_selects() {
        let pod = json!({
            "metadata": {"name": "web-1"},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}, {"name": "side", "image": "busybox"}]},
            "status": {
                "containerStatuses": [{"restartCount": 3}],
                "conditions": [{"type": "Ready", "status": "True"}, {"type": "Scheduled", "status": "True"}]
            }
        });
        let cell = |p: &str| FieldPath::parse(p).unwrap().cell(&pod);
        assert_eq!(cell(".spec.containers[*].image"), "nginx:1.27,busybox");
        assert_eq!(cell("spec.containers[1].name"), "side");
        assert_eq!(cell("{.status.containerStatuses[0].restartCount}"), "3");
        assert_eq!(
            cell(r#".status.conditions[?(@.type=="Ready")].status"#),
            "True"
        );
        assert_eq!(cell(".status.podIP"), "<none>");
        assert_eq!(
            FieldPath::parse("spec.containers[*].image")
                .unwrap()
                .to_string(),
            ".spec.containers[*].image"
        );
    }

    #[test]
    fn whole_entries_keep_each_together() {
        // An env var from a field has no value: shown whole, each entry
        // stays one, where parallel name and value columns would shift.
        let pod = json!({"spec": {"containers": [{"env": [
            {"name": "MODE", "value": "fast"},
            {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
        ]}]}});
        assert_eq!(
            FieldPath::parse(".spec.containers[*].env[*]")
                .unwrap()
                .cell(&pod),
            r#"{"name":"MODE","value":"fast"},{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}"#
        );
    }

    #[test]
    fn what_is_not_the_subset_is_refused_with_the_reason() {
        for p in [
            "",
            "..spec",
            ".spec[1:2]",
            ".spec[",
            "$.spec",
            ".a b",
            "[?(@.x==a b)]",
        ] {
            assert!(FieldPath::parse(p).is_err(), "{p}");
        }
        assert!(FieldPath::parse(&".a".repeat(20)).is_err());
        let cols = parse_columns(
            r#"NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status"#,
        )
        .unwrap();
        assert_eq!(cols.len(), 2);
        assert_eq!(
            render_columns(&cols),
            r#"NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status"#
        );
        assert!(parse_columns("NAME").is_err());
        assert!(parse_columns("N$ME:.metadata.name").is_err());
    }
}
