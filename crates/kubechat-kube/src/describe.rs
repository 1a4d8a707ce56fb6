//! A describe-style summary of any object: metadata, the status fields
//! people look at, conditions, and related events.

use k8s_openapi::api::core::v1::Event;
use kube::api::DynamicObject;
use serde_json::Value;

use crate::executor::{age, render_events};

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Renders `obj` of `kind` with its events; `now` is unix seconds.
pub fn render(obj: &DynamicObject, kind: &str, events: &[Event], now: i64) -> String {
    let m = &obj.metadata;
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{:<16}{v}\n", format!("{k}:")));
    line("Name", m.name.clone().unwrap_or_default());
    if let Some(ns) = &m.namespace {
        line("Namespace", ns.clone());
    }
    line("Kind", kind.to_owned());
    if let Some(t) = &m.creation_timestamp {
        line("Created", format!("{} ago", age(now, t.0.as_second())));
    }
    let labels = m
        .labels
        .as_ref()
        .map(|l| {
            l.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "<none>".into());
    line("Labels", labels);
    let annotations = m.annotations.as_ref().map_or(0, |a| a.len());
    line("Annotations", format!("{annotations}"));
    if let Some(owner) = m.owner_references.as_ref().and_then(|o| o.first()) {
        line("Controlled By", format!("{}/{}", owner.kind, owner.name));
    }
    let spec = &obj.data["spec"];
    for key in [
        "replicas",
        "nodeName",
        "type",
        "clusterIP",
        "schedule",
        "unschedulable",
    ] {
        if let Some(v) = scalar(&spec[key]) {
            line(key, v);
        }
    }
    let status = &obj.data["status"];
    if let Some(map) = status.as_object() {
        for (k, v) in map {
            if let Some(s) = scalar(v) {
                line(k, s);
            }
        }
        if let Some(cs) = status["containerStatuses"].as_array() {
            out.push_str("Containers:\n");
            for c in cs {
                let state = c["state"]
                    .as_object()
                    .and_then(|s| s.keys().next().cloned())
                    .unwrap_or_default();
                let reason = c["state"][&state]["reason"].as_str().unwrap_or("");
                out.push_str(&format!(
                    "  {}: {state}{} ready={} restarts={}\n",
                    c["name"].as_str().unwrap_or(""),
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(" ({reason})")
                    },
                    c["ready"].as_bool().unwrap_or(false),
                    c["restartCount"].as_i64().unwrap_or(0),
                ));
            }
        }
        if let Some(conds) = status["conditions"].as_array() {
            out.push_str("Conditions:\n");
            for c in conds {
                out.push_str(&format!(
                    "  {:<24}{:<8}{}\n",
                    c["type"].as_str().unwrap_or(""),
                    c["status"].as_str().unwrap_or(""),
                    c["message"].as_str().or(c["reason"].as_str()).unwrap_or(""),
                ));
            }
        }
    }
    if events.is_empty() {
        out.push_str("Events:         <none>\n");
    } else {
        out.push_str("Events:\n");
        for l in render_events(events, now, false).lines() {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}
