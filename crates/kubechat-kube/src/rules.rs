//! `kubectl auth can-i --list`: what the asking person may do in a
//! namespace, from a SelfSubjectRulesReview made as them — the API
//! server's own answer for that identity, not a reading of RBAC objects
//! the person may not be allowed to see.

use http::Request;
use kubechat_core::{Operation, kubectl};
use serde_json::{Value, json};

use crate::outcome::{Outcome, OutcomeKind};
use crate::{Error, Result};

/// Most rules shown; the rest are counted.
const MAX_RULES: usize = 300;

/// A list of strings from a rule field, as kubectl prints it: `[a b]`.
fn bracketed(v: &Value) -> String {
    let items: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    format!("[{}]", items.join(" "))
}

/// `resource.group` for every resource and group a rule names; kubectl
/// prints a row for each.
fn qualified(rule: &Value) -> Vec<String> {
    let strings = |k: &str| -> Vec<String> {
        rule[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let groups = strings("apiGroups");
    let mut out = Vec::new();
    for r in strings("resources") {
        if groups.is_empty() {
            out.push(r.clone());
        }
        for g in &groups {
            out.push(if g.is_empty() {
                r.clone()
            } else {
                format!("{r}.{g}")
            });
        }
    }
    out
}

pub(crate) async fn can_i_list(
    client: kube::Client,
    op: &Operation,
    default_ns: &str,
) -> Result<Outcome> {
    let namespace = op
        .namespace
        .as_ref()
        .map_or_else(|| default_ns.to_owned(), |n| n.as_str().to_owned());
    let review = json!({
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SelfSubjectRulesReview",
        "spec": {"namespace": namespace},
    });
    let req = Request::post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(&review).unwrap_or_default())
        .map_err(|e| Error::Api(e.to_string()))?;
    let answer: Value = client
        .request(req)
        .await
        .map_err(|e| Error::Api(e.to_string()))?;
    let status = &answer["status"];
    let empty = Vec::new();
    let resource_rules = status["resourceRules"].as_array().unwrap_or(&empty);
    let url_rules = status["nonResourceRules"].as_array().unwrap_or(&empty);
    let mut grid = vec![vec![
        "Resources".to_owned(),
        "Non-Resource URLs".to_owned(),
        "Resource Names".to_owned(),
        "Verbs".to_owned(),
    ]];
    let mut rows = Vec::new();
    for r in resource_rules {
        for resource in qualified(r) {
            rows.push(vec![
                resource,
                "[]".to_owned(),
                bracketed(&r["resourceNames"]),
                bracketed(&r["verbs"]),
            ]);
        }
    }
    for r in url_rules {
        rows.push(vec![
            String::new(),
            bracketed(&r["nonResourceURLs"]),
            "[]".to_owned(),
            bracketed(&r["verbs"]),
        ]);
    }
    // kubectl's order: by resource, URL rules last.
    rows.sort_by(|a, b| (a[0].is_empty(), &a[0], &a[1]).cmp(&(b[0].is_empty(), &b[0], &b[1])));
    let total = rows.len();
    grid.extend(rows.into_iter().take(MAX_RULES));
    let mut text = crate::table::align(&grid);
    if total > MAX_RULES {
        text.push_str(&format!("({} more rules not shown)\n", total - MAX_RULES));
    }
    // The API server says when it could not see every rule (an
    // authorizer that cannot list, a broken binding): the list is then a
    // lower bound, and saying so keeps it from being read as complete.
    let incomplete = status["incomplete"].as_bool().unwrap_or(false);
    let error = status["evaluationError"].as_str().filter(|e| !e.is_empty());
    if incomplete {
        text.push_str(&format!(
            "(incomplete: the API server could not list every rule{})\n",
            error.map(|e| format!(": {e}")).unwrap_or_default()
        ));
    }
    Ok(Outcome {
        kubectl: kubectl::render(op),
        kind: OutcomeKind::Status,
        summary: format!(
            "{} rules for you in namespace {namespace}{}",
            total,
            if incomplete { " (incomplete)" } else { "" }
        ),
        text,
        data: json!({
            "namespace": namespace,
            "resourceRules": resource_rules,
            "nonResourceRules": url_rules,
            "incomplete": incomplete,
            "evaluationError": error,
        }),
    })
}
