//! The HTTP side: paths, verbs and representations the executor uses.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use kubechat_core::resources::{BUILTIN, ResourceInfo};
use serde_json::{Value, json};

use crate::Store;

pub fn router(store: Arc<Store>) -> Router {
    Router::new().fallback(handle).with_state(store)
}

fn status(code: u16, reason: &str, message: String) -> Response {
    let body = json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "message": message, "reason": reason, "code": code
    });
    let code = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (code, axum::Json(body)).into_response()
}

fn ok(v: Value) -> Response {
    axum::Json(v).into_response()
}

/// One parsed API path.
struct Route {
    info: &'static ResourceInfo,
    ns: Option<String>,
    name: Option<String>,
    sub: Option<String>,
}

fn parse(path: &str) -> Option<Route> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match segs.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", group, _version, rest @ ..] => (*group, rest),
        _ => return None,
    };
    let (ns, rest) = match rest {
        ["namespaces", ns, rest @ ..] if !rest.is_empty() => (Some((*ns).to_owned()), rest),
        other => (None, other),
    };
    let (plural, name, sub) = match rest {
        [p] => (*p, None, None),
        [p, n] => (*p, Some((*n).to_owned()), None),
        [p, n, s] => (*p, Some((*n).to_owned()), Some((*s).to_owned())),
        _ => return None,
    };
    let info = BUILTIN
        .iter()
        .find(|r| r.plural == plural && r.group == group)?;
    Some(Route {
        info,
        ns,
        name,
        sub,
    })
}

/// Aggregated discovery (`apidiscovery.k8s.io/v2`) for the built-in
/// types the demo serves: `/api` lists the core group, `/apis` the others.
/// With it, a type the demo does not serve gets the same "did you mean"
/// answer as on a real cluster.
fn discovery(core: bool) -> Response {
    let mut groups: Vec<&str> = BUILTIN
        .iter()
        .map(|r| r.group)
        .filter(|g| g.is_empty() == core)
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let items: Vec<Value> = groups
        .iter()
        .map(|g| {
            let mut versions: Vec<&str> = BUILTIN
                .iter()
                .filter(|r| r.group == *g)
                .map(|r| r.version)
                .collect();
            versions.dedup();
            let versions: Vec<Value> = versions
                .iter()
                .map(|v| {
                    let resources: Vec<Value> = BUILTIN
                        .iter()
                        .filter(|r| r.group == *g && r.version == *v)
                        .map(|r| {
                            let kind = json!({"group": g, "version": v, "kind": r.kind});
                            let sub = match r.plural {
                                "deployments" | "statefulsets" | "replicasets" => json!([
                                    {"subresource": "scale", "responseKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"}, "verbs": ["get", "patch", "update"]}
                                ]),
                                "pods" => json!([
                                    {"subresource": "log", "responseKind": {"group": "", "version": "v1", "kind": "Pod"}, "verbs": ["get"]}
                                ]),
                                _ => json!([]),
                            };
                            json!({
                                "resource": r.plural,
                                "responseKind": kind,
                                "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
                                "singularResource": r.singular,
                                "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"],
                                "shortNames": r.short,
                                "subresources": sub,
                            })
                        })
                        .collect();
                    json!({"version": v, "resources": resources, "freshness": "Current"})
                })
                .collect();
            json!({"metadata": {"name": g}, "versions": versions})
        })
        .collect();
    let body = json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": "apidiscovery.k8s.io/v2",
        "metadata": {},
        "items": items,
    });
    (
        [(
            header::CONTENT_TYPE,
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
        )],
        axum::Json(body),
    )
        .into_response()
}

fn age(store: &Store, obj: &Value) -> String {
    let then = obj["metadata"]["creationTimestamp"]
        .as_str()
        .and_then(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
        })
        .map_or(store.now_unix(), |t| t.unix_timestamp());
    kubechat_core::display::age(store.now_unix() - then)
}

fn path_value<'a>(obj: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(obj, |v, k| &v[k])
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Equality-based label selectors: `k=v`, `k==v`, `k!=v`, `k`, `!k`.
fn labels_match(obj: &Value, selector: &str) -> bool {
    let labels = &obj["metadata"]["labels"];
    selector
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .all(|term| {
            if let Some((k, v)) = term.split_once("!=") {
                labels[k.trim()].as_str() != Some(v.trim())
            } else if let Some((k, v)) = term.split_once('=') {
                labels[k.trim()].as_str() == Some(v.trim_start_matches('=').trim())
            } else if let Some(k) = term.strip_prefix('!') {
                labels[k.trim()].is_null()
            } else {
                !labels[term].is_null()
            }
        })
}

/// Field selectors on any dotted path: `a.b=v`, `a.b!=v`.
fn fields_match(obj: &Value, selector: &str) -> bool {
    selector
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .all(|term| {
            if let Some((k, v)) = term.split_once("!=") {
                text(path_value(obj, k.trim())) != v.trim()
            } else if let Some((k, v)) = term.split_once('=') {
                text(path_value(obj, k.trim())) == v.trim_start_matches('=').trim()
            } else {
                false
            }
        })
}

fn pod_status(p: &Value) -> (String, String, i64) {
    let cs = p["status"]["containerStatuses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let total = p["spec"]["containers"].as_array().map_or(0, Vec::len);
    let ready = cs
        .iter()
        .filter(|c| c["ready"].as_bool() == Some(true))
        .count();
    let restarts = cs
        .iter()
        .map(|c| c["restartCount"].as_i64().unwrap_or(0))
        .sum();
    let waiting = cs
        .iter()
        .find_map(|c| c["state"]["waiting"]["reason"].as_str().map(str::to_owned));
    let phase = p["status"]["phase"]
        .as_str()
        .unwrap_or("Pending")
        .to_owned();
    (
        format!("{ready}/{total}"),
        waiting.unwrap_or(phase),
        restarts,
    )
}

fn columns(plural: &str) -> Vec<(&'static str, i64)> {
    match plural {
        "pods" => vec![
            ("Name", 0),
            ("Ready", 0),
            ("Status", 0),
            ("Restarts", 0),
            ("Age", 0),
            ("IP", 1),
            ("Node", 1),
        ],
        "deployments" => vec![
            ("Name", 0),
            ("Ready", 0),
            ("Up-to-date", 0),
            ("Available", 0),
            ("Age", 0),
        ],
        "services" => vec![
            ("Name", 0),
            ("Type", 0),
            ("Cluster-IP", 0),
            ("External-IP", 0),
            ("Port(s)", 0),
            ("Age", 0),
        ],
        "nodes" => vec![
            ("Name", 0),
            ("Status", 0),
            ("Roles", 0),
            ("Age", 0),
            ("Version", 0),
        ],
        "namespaces" => vec![("Name", 0), ("Status", 0), ("Age", 0)],
        "events" => vec![
            ("Last Seen", 0),
            ("Type", 0),
            ("Reason", 0),
            ("Object", 0),
            ("Message", 0),
        ],
        _ => vec![("Name", 0), ("Age", 0)],
    }
}

fn cells(store: &Store, plural: &str, o: &Value) -> Vec<Value> {
    let name = json!(o["metadata"]["name"]);
    match plural {
        "pods" => {
            let (ready, st, restarts) = pod_status(o);
            vec![
                name,
                json!(ready),
                json!(st),
                json!(restarts),
                json!(age(store, o)),
                o["status"]["podIP"].clone(),
                o["spec"]["nodeName"].clone(),
            ]
        }
        "deployments" => {
            let want = o["spec"]["replicas"].as_i64().unwrap_or(1);
            let avail = o["status"]["availableReplicas"].as_i64().unwrap_or(0);
            let updated = o["status"]["updatedReplicas"].as_i64().unwrap_or(0);
            vec![
                name,
                json!(format!("{avail}/{want}")),
                json!(updated),
                json!(avail),
                json!(age(store, o)),
            ]
        }
        "services" => {
            let ports: Vec<String> = o["spec"]["ports"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|p| format!("{}/{}", p["port"], p["protocol"].as_str().unwrap_or("TCP")))
                .collect();
            vec![
                name,
                o["spec"]["type"].clone(),
                o["spec"]["clusterIP"].clone(),
                json!("<none>"),
                json!(ports.join(",")),
                json!(age(store, o)),
            ]
        }
        "nodes" => {
            let status = if o["spec"]["unschedulable"].as_bool() == Some(true) {
                "Ready,SchedulingDisabled"
            } else {
                "Ready"
            };
            vec![
                name,
                json!(status),
                json!("<none>"),
                json!(age(store, o)),
                o["status"]["nodeInfo"]["kubeletVersion"].clone(),
            ]
        }
        "namespaces" => vec![name, json!("Active"), json!(age(store, o))],
        "events" => vec![
            json!(age(
                store,
                &json!({"metadata": {"creationTimestamp": o["lastTimestamp"]}})
            )),
            o["type"].clone(),
            o["reason"].clone(),
            json!(format!(
                "{}/{}",
                o["involvedObject"]["kind"]
                    .as_str()
                    .unwrap_or("")
                    .to_ascii_lowercase(),
                text(&o["involvedObject"]["name"])
            )),
            o["message"].clone(),
        ],
        _ => vec![name, json!(age(store, o))],
    }
}

fn table(store: &Store, plural: &str, items: &[Value]) -> Value {
    let defs: Vec<Value> = columns(plural)
        .into_iter()
        .map(|(n, p)| json!({"name": n, "type": "string", "format": if n == "Name" { "name" } else { "" }, "description": "", "priority": p}))
        .collect();
    let rows: Vec<Value> = items
        .iter()
        .map(|o| {
            json!({
                "cells": cells(store, plural, o),
                "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]}
            })
        })
        .collect();
    json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": "1"}, "columnDefinitions": defs, "rows": rows})
}

fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if p.get("$patch").and_then(Value::as_str) == Some("replace") {
                let mut replaced = p.clone();
                replaced.remove("$patch");
                *target = Value::Object(replaced);
                return;
            }
            if !target.is_object() {
                *target = json!({});
            }
            if let Some(t) = target.as_object_mut() {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        merge(t.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        // Lists of named objects (containers, ports, env) merge by name, as
        // a strategic-merge patch does, so a patch of one container's
        // limit keeps its image.
        Value::Array(items)
            if !items.is_empty()
                && items.iter().all(|i| i["name"].is_string())
                && target
                    .as_array()
                    .is_some_and(|t| t.iter().all(|i| i["name"].is_string())) =>
        {
            if let Some(t) = target.as_array_mut() {
                for item in items {
                    match t.iter_mut().find(|x| x["name"] == item["name"]) {
                        Some(existing) => merge(existing, item),
                        None => t.push(item.clone()),
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

fn api_version(info: &ResourceInfo) -> String {
    if info.group.is_empty() {
        info.version.to_owned()
    } else {
        format!("{}/{}", info.group, info.version)
    }
}

async fn handle(
    State(store): State<Arc<Store>>,
    method: Method,
    uri: Uri,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method == Method::GET && (uri.path() == "/api" || uri.path() == "/apis") {
        return discovery(uri.path() == "/api");
    }
    if uri.path() == "/version" {
        return ok(
            json!({"major": "1", "minor": "37", "gitVersion": "v1.37.2-kubechat-demo", "platform": "demo"}),
        );
    }
    // The demo has no RBAC: whoever asks may do everything, and access
    // reviews say so rather than failing.
    if method == Method::POST {
        let review = serde_json::from_slice::<Value>(&body).unwrap_or_default();
        let path = uri.path();
        let others = path == "/apis/authorization.k8s.io/v1/subjectaccessreviews"
            || (path.starts_with("/apis/authorization.k8s.io/v1/namespaces/")
                && path.ends_with("/localsubjectaccessreviews"));
        let answer = match path {
            _ if others => Some(json!({
                "allowed": true,
                "reason": "the demo cluster has no RBAC: everyone may do everything"
            })),
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews" => Some(json!({
                "allowed": true,
                "reason": "the demo cluster has no RBAC: everyone may do everything"
            })),
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews" => Some(json!({
                "resourceRules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
                "nonResourceRules": [{"verbs": ["*"], "nonResourceURLs": ["*"]}],
                "incomplete": false
            })),
            _ => None,
        };
        if let Some(status) = answer {
            let mut out = review;
            out["status"] = status;
            return (StatusCode::CREATED, axum::Json(out)).into_response();
        }
    }
    let Some(r) = parse(uri.path()) else {
        return status(
            404,
            "NotFound",
            "the server could not find the requested resource".into(),
        );
    };
    let plural = r.info.plural;
    let ns = r.ns.clone().unwrap_or_default();
    // PATCH carries dryRun in the query; DELETE in its DeleteOptions body.
    let dry_run = q.contains_key("dryRun")
        || serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|b| b["dryRun"].as_array().map(|a| !a.is_empty()))
            .unwrap_or(false);
    let wants_table = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("as=Table"));
    let not_found = |name: &str| status(404, "NotFound", format!("{plural} \"{name}\" not found"));

    match (method, r.name.as_deref(), r.sub.as_deref()) {
        (Method::GET, None, None) => {
            let scope = if r.info.namespaced {
                r.ns.as_deref()
            } else {
                None
            };
            let limit = q
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(usize::MAX);
            let items: Vec<Value> = store
                .list(plural, scope)
                .into_iter()
                .filter(|o| q.get("labelSelector").is_none_or(|s| labels_match(o, s)))
                .filter(|o| q.get("fieldSelector").is_none_or(|s| fields_match(o, s)))
                .take(limit)
                .collect();
            if wants_table {
                ok(table(&store, plural, &items))
            } else {
                ok(
                    json!({"kind": format!("{}List", r.info.kind), "apiVersion": api_version(r.info), "metadata": {"resourceVersion": "1"}, "items": items}),
                )
            }
        }
        (Method::GET, Some(name), None) => match store.get(plural, &ns, name) {
            Some(o) if wants_table => ok(table(&store, plural, &[o])),
            Some(o) => ok(o),
            None => not_found(name),
        },
        (Method::GET, Some(name), Some("scale")) => match store.get(plural, &ns, name) {
            Some(o) => ok(scale_of(&o)),
            None => not_found(name),
        },
        (Method::GET, Some(name), Some("log")) => {
            let Some(pod) = store.get("pods", &ns, name) else {
                return not_found(name);
            };
            let container = q
                .get("container")
                .cloned()
                .or_else(|| {
                    pod["spec"]["containers"][0]["name"]
                        .as_str()
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            let previous = q.get("previous").is_some_and(|v| v == "true");
            let Some(lines) = store.logs(&ns, name, &container, previous) else {
                let what = if previous {
                    "previous terminated container"
                } else {
                    "container"
                };
                return status(
                    400,
                    "BadRequest",
                    format!("{what} \"{container}\" in pod \"{name}\" not found"),
                );
            };
            let tail = q
                .get("tailLines")
                .and_then(|t| t.parse().ok())
                .unwrap_or(usize::MAX);
            let skip = lines.len().saturating_sub(tail);
            let text: String = lines.iter().skip(skip).map(|l| format!("{l}\n")).collect();
            ([(header::CONTENT_TYPE, "text/plain")], text).into_response()
        }
        (Method::PATCH, Some(name), sub) => {
            let Ok(patch) = serde_json::from_slice::<Value>(&body) else {
                return status(400, "BadRequest", "the patch is not JSON".into());
            };
            let Some(mut obj) = store.get(plural, &ns, name) else {
                return not_found(name);
            };
            match sub {
                Some("scale") => {
                    let Some(n) = patch["spec"]["replicas"].as_i64() else {
                        return status(422, "Invalid", "spec.replicas is required".into());
                    };
                    obj["spec"]["replicas"] = json!(n);
                    // The demo has no controllers: settle the status at once.
                    let healthy = obj["status"]["availableReplicas"].as_i64()
                        == obj["status"]["replicas"].as_i64();
                    obj["status"]["replicas"] = json!(n);
                    obj["status"]["updatedReplicas"] = json!(n);
                    if healthy {
                        obj["status"]["readyReplicas"] = json!(n);
                        obj["status"]["availableReplicas"] = json!(n);
                    }
                }
                None | Some("status") => {
                    merge(&mut obj, &patch);
                    obj["metadata"]["name"] = json!(name);
                    if r.info.namespaced {
                        obj["metadata"]["namespace"] = json!(ns);
                    }
                }
                Some(other) => return status(404, "NotFound", format!("no subresource {other}")),
            }
            if !dry_run {
                obj = match store.put(plural, obj) {
                    Ok(o) => o,
                    Err(e) => return status(507, "InsufficientStorage", e),
                };
            }
            ok(if sub == Some("scale") {
                scale_of(&obj)
            } else {
                obj
            })
        }
        (Method::DELETE, Some(name), None) => {
            let found = if dry_run {
                store.get(plural, &ns, name)
            } else {
                store.delete(plural, &ns, name)
            };
            match found {
                Some(o) => ok(o),
                None => not_found(name),
            }
        }
        (m, _, _) => status(
            405,
            "MethodNotAllowed",
            format!("the demo cluster does not support {m} here"),
        ),
    }
}

fn scale_of(o: &Value) -> Value {
    json!({
        "kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": o["metadata"]["name"], "namespace": o["metadata"]["namespace"], "resourceVersion": o["metadata"]["resourceVersion"]},
        "spec": {"replicas": o["spec"]["replicas"]},
        "status": {"replicas": o["status"]["replicas"].as_i64().unwrap_or(0)}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_like_the_api_server_lays_them_out() {
        let r = parse("/api/v1/namespaces/shop/pods/web-1/log").unwrap();
        assert_eq!(
            (
                r.info.plural,
                r.ns.as_deref(),
                r.name.as_deref(),
                r.sub.as_deref()
            ),
            ("pods", Some("shop"), Some("web-1"), Some("log"))
        );
        let r = parse("/api/v1/namespaces/shop").unwrap();
        assert_eq!(
            (r.info.plural, r.name.as_deref()),
            ("namespaces", Some("shop"))
        );
        let r = parse("/apis/apps/v1/namespaces/shop/deployments").unwrap();
        assert_eq!(
            (r.info.plural, r.ns.as_deref(), r.name),
            ("deployments", Some("shop"), None)
        );
        assert!(parse("/apis/apps/v1/namespaces/shop/podz").is_none());
    }

    #[test]
    fn named_lists_merge_by_name() {
        let mut o = json!({"containers": [{"name": "app", "image": "a:1"}, {"name": "side", "image": "s:1"}]});
        merge(
            &mut o,
            &json!({"containers": [{"name": "app", "resources": {"limits": {"memory": "1Gi"}}}]}),
        );
        assert_eq!(o["containers"][0]["image"], "a:1");
        assert_eq!(o["containers"][0]["resources"]["limits"]["memory"], "1Gi");
        assert_eq!(o["containers"][1]["image"], "s:1");
    }

    #[test]
    fn merge_patch_sets_removes_and_replaces() {
        let mut o = json!({"a": {"b": 1, "c": 2}, "d": [1]});
        merge(&mut o, &json!({"a": {"b": null, "e": 3}, "d": [2]}));
        assert_eq!(o, json!({"a": {"c": 2, "e": 3}, "d": [2]}));
        merge(&mut o, &json!({"a": {"$patch": "replace", "z": 1}}));
        assert_eq!(o["a"], json!({"z": 1}));
    }

    #[test]
    fn selectors() {
        let o = json!({"metadata": {"labels": {"app": "web"}}, "status": {"phase": "Running"}});
        assert!(labels_match(&o, "app=web"));
        assert!(!labels_match(&o, "app!=web"));
        assert!(labels_match(&o, "app,!tier"));
        assert!(fields_match(&o, "status.phase!=Pending"));
    }
}
