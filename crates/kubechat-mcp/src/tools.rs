//! The tools an MCP client sees, and how a call becomes a KubeChat
//! request.
//!
//! `kubechat_ask` is the chat turn itself (plain language or kubectl).
//! The typed tools take structured arguments, check each against the same
//! rules as names in kubectl lines (so no argument can smuggle a flag),
//! and become the kubectl line they mean, read by KubeChat's strict
//! kubectl parser: one contract for every channel. Which tools a client
//! sees follows the caller's role and the bot's policy, and changes never
//! apply without a person's confirmation (see the server's MCP adapter).

use kubechat_core::{
    ContainerName, McpConfirmation, Namespace, Operation, Policy, ResourceName, ResourceType,
    Selector, UserRole, Verb, kubectl,
};
use serde_json::{Map, Value, json};

use crate::rpc::RpcError;

/// What a call asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// A chat request in plain language or kubectl syntax.
    Ask {
        text: String,
        namespace: Option<String>,
        bot: Option<String>,
    },
    /// A typed operation: the text recorded for it (its kubectl line) and
    /// the operation.
    Operation {
        text: String,
        operation: Box<Operation>,
        namespace: Option<String>,
        bot: Option<String>,
    },
    /// Confirms a previewed plan (only where the policy allows it).
    Confirm {
        plan_id: String,
        typed: Option<String>,
    },
}

/// One tool of the catalogue.
#[derive(Debug, Clone)]
pub struct Tool {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Properties of the input schema and which are required.
    properties: Value,
    required: &'static [&'static str],
    /// The verb it runs (`None`: any, as the text says).
    pub verb: Option<Verb>,
    pub read_only: bool,
    pub destructive: bool,
    pub idempotent: bool,
}

impl Tool {
    /// The MCP tool definition (`tools/list`).
    pub fn definition(&self) -> Value {
        json!({
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "inputSchema": {
                "type": "object",
                "properties": self.properties,
                "required": self.required,
                "additionalProperties": false,
            },
            "outputSchema": output_schema(),
            "annotations": {
                "title": self.title,
                "readOnlyHint": self.read_only,
                "destructiveHint": self.destructive,
                "idempotentHint": self.idempotent,
                "openWorldHint": false,
            },
        })
    }

    /// Whether `role` under `policy` may see this tool at all: a viewer,
    /// or a bot that only reads, sees the read-only tools; a verb the
    /// policy does not allow hides its tool; `kubechat_confirm` exists
    /// only where an admin chose confirmation by tool.
    pub fn visible(&self, policy: &Policy, role: UserRole) -> bool {
        let reads_only = role == UserRole::Viewer
            || (!policy.allowed_verbs.is_empty()
                && policy.allowed_verbs.iter().all(|v| v.is_read()));
        if self.name == CONFIRM {
            return !reads_only && policy.mcp_confirmation == McpConfirmation::Tool;
        }
        if reads_only && !self.read_only && self.verb.is_some() {
            return false;
        }
        match self.verb {
            Some(v) => policy.allowed_verbs.is_empty() || policy.allowed_verbs.contains(&v),
            None => true,
        }
    }
}

/// The name of the chat-turn tool.
pub const ASK: &str = "kubechat_ask";
/// The name of the confirmation tool.
pub const CONFIRM: &str = "kubechat_confirm";

/// What every tool answers as `structuredContent`: KubeChat's reply.
pub fn output_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["result", "preview", "nothing-to-change", "cancelled", "denied"]},
            "kubectl": {"type": "string"},
            "risk": {"type": "string"},
            "summary": {"type": "string"},
            "text": {"type": "string"},
            "plan_id": {"type": "string"},
            "reason": {"type": "string"},
        },
        "required": ["type"],
    })
}

fn prop(kind: &str, description: &str) -> Value {
    json!({"type": kind, "description": description})
}

fn ns_props(mut p: Map<String, Value>) -> Value {
    p.insert(
        "namespace".into(),
        prop(
            "string",
            "Namespace [default: the bot's default namespace, else default]",
        ),
    );
    p.insert(
        "bot".into(),
        prop(
            "string",
            "The workspace bot to ask [default: the default bot]",
        ),
    );
    Value::Object(p)
}

fn props(pairs: &[(&str, Value)]) -> Value {
    ns_props(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// Every tool, in the order they are listed; built once.
pub fn catalogue() -> &'static [Tool] {
    static CATALOGUE: std::sync::LazyLock<Vec<Tool>> = std::sync::LazyLock::new(build);
    &CATALOGUE
}

/// The tool named `name`.
pub fn find(name: &str) -> Option<&'static Tool> {
    catalogue().iter().find(|t| t.name == name)
}

fn build() -> Vec<Tool> {
    let resource = || {
        prop(
            "string",
            "Resource type: a kind, plural or short name (pods, deploy, svc, …)",
        )
    };
    let name = || prop("string", "Object name");
    let labels = || {
        json!({"type": "object", "description": "Labels to set (string) or remove (null)",
               "additionalProperties": {"type": ["string", "null"]}})
    };
    vec![
        Tool {
            name: ASK,
            title: "Ask KubeChat",
            description: "One chat request in plain language or kubectl syntax (\"why is checkout crashing?\", \"scale web to 3\"). Reads answer at once; changes answer a server-side dry-run preview that a person confirms.",
            properties: props(&[("text", prop("string", "The request"))]),
            required: &["text"],
            verb: None,
            read_only: false,
            destructive: true,
            idempotent: false,
        },
        Tool {
            name: "kubechat_get",
            title: "List or get resources",
            description: "kubectl get: a table of the resources of a type, or one by name.",
            properties: props(&[
                ("resource", resource()),
                ("name", name()),
                ("all_namespaces", prop("boolean", "Across every namespace")),
                (
                    "selector",
                    prop("string", "Label selector, compact form: app=web,tier!=db"),
                ),
            ]),
            required: &["resource"],
            verb: Some(Verb::Get),
            read_only: true,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_describe",
            title: "Describe a resource",
            description: "kubectl describe: one object in detail, with its events.",
            properties: props(&[("resource", resource()), ("name", name())]),
            required: &["resource", "name"],
            verb: Some(Verb::Describe),
            read_only: true,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_logs",
            title: "Read a pod's logs",
            description: "kubectl logs: the last lines of a pod's (or a deployment's pod's) container.",
            properties: props(&[
                ("pod", prop("string", "Pod name, or deployment/NAME")),
                ("container", prop("string", "Container name")),
                ("tail", prop("integer", "Lines from the end (1–10000)")),
                (
                    "previous",
                    prop("boolean", "The previous (crashed) container's logs"),
                ),
                (
                    "all_containers",
                    prop(
                        "boolean",
                        "Every container's logs, init containers first (instead of one container)",
                    ),
                ),
            ]),
            required: &["pod"],
            verb: Some(Verb::Logs),
            read_only: true,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_events",
            title: "Recent events",
            description: "kubectl events: what happened recently in a namespace.",
            properties: props(&[("all_namespaces", prop("boolean", "Across every namespace"))]),
            required: &[],
            verb: Some(Verb::Events),
            read_only: true,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_top",
            title: "Resource usage",
            description: "kubectl top: CPU and memory of pods or nodes, optionally highest first.",
            properties: props(&[
                (
                    "resource",
                    json!({"type": "string", "enum": ["pods", "nodes"]}),
                ),
                (
                    "sort_by",
                    json!({"type": "string", "enum": ["cpu", "memory"], "description": "Order the rows by this usage, highest first"}),
                ),
                (
                    "node",
                    prop(
                        "string",
                        "Pods only: just the pods this node runs (in every namespace unless one is given)",
                    ),
                ),
            ]),
            required: &["resource"],
            verb: Some(Verb::Top),
            read_only: true,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_diagnose",
            title: "Why is it failing?",
            description: "Reads an object's status, its pods, their events and logs, and names the likely cause with the fix to try: pods and workloads by their pods, services by their endpoints, nodes by their conditions and taints, claims by their storage class, jobs and cron jobs by their runs, autoscalers by their metrics, ingresses by their backends, anything else by its conditions.",
            properties: props(&[("resource", resource()), ("name", name())]),
            required: &["resource", "name"],
            verb: Some(Verb::Diagnose),
            read_only: true,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_scale",
            title: "Scale a workload",
            description: "kubectl scale: previews the new replica count; a person confirms (to zero: typed).",
            properties: props(&[
                (
                    "resource",
                    json!({"type": "string", "enum": ["deployment", "statefulset", "replicaset"]}),
                ),
                ("name", name()),
                ("replicas", prop("integer", "The new count (0–10000)")),
            ]),
            required: &["resource", "name", "replicas"],
            verb: Some(Verb::Scale),
            read_only: false,
            destructive: true,
            idempotent: true,
        },
        Tool {
            name: "kubechat_restart",
            title: "Restart a workload",
            description: "kubectl rollout restart: previews, a person confirms.",
            properties: props(&[
                (
                    "resource",
                    json!({"type": "string", "enum": ["deployment", "statefulset", "daemonset"]}),
                ),
                ("name", name()),
            ]),
            required: &["resource", "name"],
            verb: Some(Verb::RolloutRestart),
            read_only: false,
            destructive: false,
            idempotent: false,
        },
        Tool {
            name: "kubechat_rollback",
            title: "Roll back a workload",
            description: "kubectl rollout undo: back to the previous (or a given) revision; destructive, typed confirmation.",
            properties: props(&[
                (
                    "resource",
                    json!({"type": "string", "enum": ["deployment", "statefulset", "daemonset"]}),
                ),
                ("name", name()),
                (
                    "to_revision",
                    prop("integer", "Revision to return to [default: the previous]"),
                ),
            ]),
            required: &["resource", "name"],
            verb: Some(Verb::RolloutUndo),
            read_only: false,
            destructive: true,
            idempotent: false,
        },
        Tool {
            name: "kubechat_delete",
            title: "Delete a resource",
            description: "kubectl delete: destructive, typed confirmation.",
            properties: props(&[("resource", resource()), ("name", name())]),
            required: &["resource", "name"],
            verb: Some(Verb::Delete),
            read_only: false,
            destructive: true,
            idempotent: true,
        },
        Tool {
            name: "kubechat_label",
            title: "Set or remove labels",
            description: "kubectl label: previews, a person confirms.",
            properties: props(&[
                ("resource", resource()),
                ("name", name()),
                ("labels", labels()),
            ]),
            required: &["resource", "name", "labels"],
            verb: Some(Verb::Label),
            read_only: false,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_set_image",
            title: "Set a container's image",
            description: "kubectl set image: previews the rollout, a person confirms.",
            properties: props(&[
                (
                    "resource",
                    json!({"type": "string", "enum": ["deployment", "statefulset", "daemonset"]}),
                ),
                ("name", name()),
                ("container", prop("string", "Container name")),
                (
                    "image",
                    prop("string", "Image reference, e.g. registry/app:1.2.3"),
                ),
            ]),
            required: &["resource", "name", "container", "image"],
            verb: Some(Verb::Patch),
            read_only: false,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: "kubechat_cordon",
            title: "Cordon or uncordon a node",
            description: "kubectl cordon / uncordon: previews, a person confirms.",
            properties: props(&[
                ("node", prop("string", "Node name")),
                ("uncordon", prop("boolean", "Make it schedulable again")),
            ]),
            required: &["node"],
            verb: Some(Verb::Cordon),
            read_only: false,
            destructive: false,
            idempotent: true,
        },
        Tool {
            name: CONFIRM,
            title: "Confirm a previewed change",
            description: "Applies a plan previewed by another tool; `typed` carries the name for destructive plans. Offered only where the workspace policy allows confirmation by tool.",
            properties: json!({
                "plan_id": prop("string", "The preview's plan_id"),
                "typed": prop("string", "The phrase a destructive plan asks for"),
            }),
            required: &["plan_id"],
            verb: None,
            read_only: false,
            destructive: true,
            idempotent: false,
        },
    ]
}

/// The arguments of a call, checked against the tool's schema.
struct Args<'a> {
    tool: &'a str,
    map: &'a Map<String, Value>,
}

impl Args<'_> {
    fn bad(&self, field: &str, why: impl std::fmt::Display) -> RpcError {
        RpcError::params(format!("{}: argument `{field}`: {why}", self.tool))
    }

    fn str(&self, field: &str) -> Result<Option<&str>, RpcError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(self.bad(field, "must be a string")),
        }
    }

    fn need(&self, field: &str) -> Result<&str, RpcError> {
        self.str(field)?
            .ok_or_else(|| self.bad(field, "is required"))
    }

    fn bool(&self, field: &str) -> Result<bool, RpcError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.bad(field, "must be true or false")),
        }
    }

    fn int(
        &self,
        field: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<Option<i64>, RpcError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v.as_i64() {
                Some(n) if range.contains(&n) => Ok(Some(n)),
                _ => Err(self.bad(
                    field,
                    format!(
                        "must be an integer from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )),
            },
        }
    }

    /// A resource type, as its canonical plural.
    fn resource(&self) -> Result<String, RpcError> {
        let raw = self.need("resource")?;
        ResourceType::parse(raw)
            .map(|t| t.to_string())
            .map_err(|e| self.bad("resource", e))
    }

    fn name(&self, field: &str) -> Result<String, RpcError> {
        let raw = self.need(field)?;
        ResourceName::parse(raw)
            .map(|n| n.to_string())
            .map_err(|e| self.bad(field, e))
    }

    fn namespace(&self) -> Result<Option<String>, RpcError> {
        self.str("namespace")?
            .map(|n| {
                Namespace::parse(n)
                    .map(|n| n.to_string())
                    .map_err(|e| self.bad("namespace", e))
            })
            .transpose()
    }
}

/// Checks a label key or value (kubectl's syntax; nothing that could
/// end a word of the command line).
fn label_part(s: &str, key: bool) -> bool {
    let ok_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') || (key && c == '/');
    s.len() <= 253 && (!key || !s.is_empty()) && s.chars().all(ok_char)
}

fn image_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@'))
}

/// Reads a call of tool `name` with `arguments`: unknown tools, unknown
/// or missing arguments and values that do not fit are refused with
/// `-32602`, naming the tool and the argument.
pub fn read_call(name: &str, arguments: &Value) -> Result<Call, RpcError> {
    let Some(tool) = find(name) else {
        return Err(RpcError::params(format!(
            "no tool named {name:?}; call tools/list for the tools you may use"
        )));
    };
    let empty = Map::new();
    let map = match arguments {
        Value::Object(m) => m,
        Value::Null => &empty,
        _ => {
            return Err(RpcError::params(format!(
                "{name}: `arguments` must be an object"
            )));
        }
    };
    let known = tool
        .properties
        .as_object()
        .map(|p| p.keys().cloned().collect::<Vec<_>>());
    if let Some(known) = &known
        && let Some(extra) = map.keys().find(|k| !known.contains(k))
    {
        return Err(RpcError::params(format!(
            "{name}: unknown argument `{extra}`; it takes {}",
            known.join(", ")
        )));
    }
    let a = Args { tool: name, map };
    if name == CONFIRM {
        return Ok(Call::Confirm {
            plan_id: a.need("plan_id")?.to_owned(),
            typed: a.str("typed")?.map(str::to_owned),
        });
    }
    let namespace = a.namespace()?;
    let bot = a.str("bot")?.map(str::to_owned);
    if name == ASK {
        let text = a.need("text")?;
        if text.trim().is_empty() {
            return Err(a.bad("text", "is empty; say what to do, e.g. \"list pods\""));
        }
        return Ok(Call::Ask {
            text: text.to_owned(),
            namespace,
            bot,
        });
    }
    let ns = namespace
        .as_deref()
        .map(|n| format!(" -n {n}"))
        .unwrap_or_default();
    let (text, operation) = match name {
        "kubechat_diagnose" => {
            let resource = a.resource()?;
            let object = a.name("name")?;
            let mut op = Operation::new(
                Verb::Diagnose,
                ResourceType::parse(&resource).map_err(|e| a.bad("resource", e))?,
            );
            op.name = Some(ResourceName::parse(&object).map_err(|e| a.bad("name", e))?);
            op.namespace = namespace
                .as_deref()
                .map(Namespace::parse)
                .transpose()
                .map_err(|e| a.bad("namespace", e))?;
            (format!("why is {resource} {object} failing?"), op)
        }
        _ => {
            let line = kubectl_line(&a, name, &ns)?;
            let op = kubectl::parse(&line).map_err(|e| RpcError::params(format!("{name}: {e}")))?;
            (line, op)
        }
    };
    if tool.verb.is_some_and(|v| v != operation.verb) && name != "kubechat_cordon" {
        return Err(RpcError::params(format!(
            "{name}: the arguments ask for another operation"
        )));
    }
    Ok(Call::Operation {
        text,
        operation: Box::new(operation),
        namespace,
        bot,
    })
}

/// The kubectl line a typed call means; every word was checked first.
fn kubectl_line(a: &Args<'_>, name: &str, ns: &str) -> Result<String, RpcError> {
    Ok(match name {
        "kubechat_get" => {
            let mut line = format!("kubectl get {}", a.resource()?);
            if a.str("name")?.is_some() {
                line.push_str(&format!(" {}", a.name("name")?));
            }
            if let Some(sel) = a.str("selector")? {
                if sel.contains(char::is_whitespace) || sel.contains(['"', '\'']) {
                    return Err(a.bad(
                        "selector",
                        "use the compact form without spaces or quotes: app=web,tier!=db",
                    ));
                }
                Selector::parse(sel).map_err(|e| a.bad("selector", e))?;
                line.push_str(&format!(" -l {sel}"));
            }
            if a.bool("all_namespaces")? {
                line.push_str(" -A");
            } else {
                line.push_str(ns);
            }
            line
        }
        "kubechat_describe" => {
            format!("kubectl describe {} {}{ns}", a.resource()?, a.name("name")?)
        }
        "kubechat_logs" => {
            let pod = a.need("pod")?;
            let target = match pod.split_once('/') {
                Some((kind, n)) => {
                    let kind = ResourceType::parse(kind)
                        .map_err(|e| a.bad("pod", e))?
                        .to_string();
                    let n = ResourceName::parse(n).map_err(|e| a.bad("pod", e))?;
                    format!("{kind}/{n}")
                }
                None => a.name("pod")?,
            };
            let mut line = format!("kubectl logs {target}");
            if let Some(c) = a.str("container")? {
                let c = ContainerName::parse(c).map_err(|e| a.bad("container", e))?;
                line.push_str(&format!(" -c {c}"));
            }
            if let Some(n) = a.int("tail", 1..=10_000)? {
                line.push_str(&format!(" --tail={n}"));
            }
            if a.bool("previous")? {
                line.push_str(" --previous");
            }
            if a.bool("all_containers")? {
                line.push_str(" --all-containers");
            }
            line.push_str(ns);
            line
        }
        "kubechat_events" => {
            if a.bool("all_namespaces")? {
                "kubectl events -A".to_owned()
            } else {
                format!("kubectl events{ns}")
            }
        }
        "kubechat_top" => {
            let r = a.need("resource")?;
            if !matches!(r, "pods" | "nodes") {
                return Err(a.bad("resource", "must be pods or nodes"));
            }
            let node = match a.str("node")? {
                Some(_) if r == "nodes" => {
                    return Err(a.bad("node", "is for pods (the pods that node runs); every node's own usage is `resource: nodes`"));
                }
                Some(_) => Some(a.name("node")?),
                None => None,
            };
            let mut line = match &node {
                _ if r == "nodes" => "kubectl top nodes".to_owned(),
                // A node's pods live in every namespace unless one is said.
                Some(n) if ns.is_empty() => {
                    format!("kubectl top pods -A --field-selector=spec.nodeName={n}")
                }
                Some(n) => format!("kubectl top pods{ns} --field-selector=spec.nodeName={n}"),
                None => format!("kubectl top pods{ns}"),
            };
            if let Some(by) = a.str("sort_by")? {
                let by: kubechat_core::Usage = by.parse().map_err(|e| a.bad("sort_by", e))?;
                line.push_str(&format!(" --sort-by={}", by.as_str()));
            }
            line
        }
        "kubechat_scale" => {
            let n = a
                .int("replicas", 0..=10_000)?
                .ok_or_else(|| a.bad("replicas", "is required"))?;
            format!(
                "kubectl scale {}/{} --replicas={n}{ns}",
                a.resource()?,
                a.name("name")?
            )
        }
        "kubechat_restart" => format!(
            "kubectl rollout restart {}/{}{ns}",
            a.resource()?,
            a.name("name")?
        ),
        "kubechat_rollback" => {
            let mut line = format!("kubectl rollout undo {}/{}", a.resource()?, a.name("name")?);
            if let Some(r) = a.int("to_revision", 1..=1_000_000)? {
                line.push_str(&format!(" --to-revision={r}"));
            }
            line.push_str(ns);
            line
        }
        "kubechat_delete" => format!("kubectl delete {} {}{ns}", a.resource()?, a.name("name")?),
        "kubechat_label" => {
            let Some(Value::Object(labels)) = a.map.get("labels") else {
                return Err(a.bad(
                    "labels",
                    "must be an object of label: value (null removes it)",
                ));
            };
            if labels.is_empty() {
                return Err(a.bad("labels", "names no label"));
            }
            let mut line = format!("kubectl label {} {}", a.resource()?, a.name("name")?);
            for (k, v) in labels {
                if !label_part(k, true) {
                    return Err(a.bad("labels", format!("{k:?} is not a label key")));
                }
                match v {
                    Value::Null => line.push_str(&format!(" {k}-")),
                    Value::String(v) if label_part(v, false) => line.push_str(&format!(" {k}={v}")),
                    _ => {
                        return Err(
                            a.bad("labels", format!("the value of {k:?} is not a label value"))
                        );
                    }
                }
            }
            line.push_str(" --overwrite");
            line.push_str(ns);
            line
        }
        "kubechat_set_image" => {
            let c =
                ContainerName::parse(a.need("container")?).map_err(|e| a.bad("container", e))?;
            let image = a.need("image")?;
            if !image_ok(image) {
                return Err(a.bad(
                    "image",
                    "is not an image reference such as registry/app:1.2.3",
                ));
            }
            format!(
                "kubectl set image {}/{} {c}={image}{ns}",
                a.resource()?,
                a.name("name")?
            )
        }
        "kubechat_cordon" => {
            let node = a.name("node")?;
            if a.bool("uncordon")? {
                format!("kubectl uncordon {node}")
            } else {
                format!("kubectl cordon {node}")
            }
        }
        other => return Err(RpcError::params(format!("no tool named {other:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, args: Value) -> String {
        match read_call(name, &args).unwrap() {
            Call::Operation { text, .. } => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn typed_calls_become_the_kubectl_line_they_mean() {
        assert_eq!(
            line(
                "kubechat_get",
                json!({"resource": "deploy", "namespace": "shop", "selector": "app=web"})
            ),
            "kubectl get deployments -l app=web -n shop"
        );
        assert_eq!(
            line(
                "kubechat_scale",
                json!({"resource": "deployment", "name": "web", "replicas": 3})
            ),
            "kubectl scale deployments/web --replicas=3"
        );
        assert_eq!(
            line(
                "kubechat_label",
                json!({"resource": "svc", "name": "web", "labels": {"tier": null, "team": "a"}})
            ),
            "kubectl label services web team=a tier- --overwrite"
        );
        assert_eq!(
            line(
                "kubechat_top",
                json!({"resource": "pods", "namespace": "shop", "sort_by": "memory"})
            ),
            "kubectl top pods -n shop --sort-by=memory"
        );
        assert_eq!(
            line(
                "kubechat_top",
                json!({"resource": "pods", "node": "worker-2", "sort_by": "cpu"})
            ),
            "kubectl top pods -A --field-selector=spec.nodeName=worker-2 --sort-by=cpu"
        );
        assert_eq!(
            line(
                "kubechat_logs",
                json!({"pod": "web-1", "namespace": "shop", "tail": 5, "all_containers": true})
            ),
            "kubectl logs web-1 --tail=5 --all-containers -n shop"
        );
        let Call::Operation { operation, .. } = read_call(
            "kubechat_diagnose",
            &json!({"resource": "deployment", "name": "api"}),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(operation.verb, Verb::Diagnose);
    }

    #[test]
    fn bad_arguments_are_named_and_nothing_is_smuggled() {
        for (tool, args, says) in [
            (
                "kubechat_scale",
                json!({"resource": "deployment", "name": "web"}),
                "`replicas`: is required",
            ),
            (
                "kubechat_scale",
                json!({"resource": "deployment", "name": "web", "replicas": "3"}),
                "`replicas`",
            ),
            (
                "kubechat_get",
                json!({"resource": "pods", "name": "web --all-namespaces"}),
                "`name`",
            ),
            (
                "kubechat_get",
                json!({"resource": "pods", "selector": "app=web -A"}),
                "`selector`",
            ),
            ("kubechat_get", json!({"resource": "po ds"}), "`resource`"),
            (
                "kubechat_get",
                json!({"resource": "pods", "verbose": true}),
                "unknown argument `verbose`",
            ),
            (
                "kubechat_set_image",
                json!({"resource": "deployment", "name": "w", "container": "c", "image": "x; rm"}),
                "`image`",
            ),
            (
                "kubechat_label",
                json!({"resource": "pods", "name": "w", "labels": {"a b": "c"}}),
                "`labels`",
            ),
            (
                "kubechat_top",
                json!({"resource": "pods", "sort_by": "name"}),
                "`sort_by`: kubectl top sorts by cpu or memory",
            ),
            (
                "kubechat_top",
                json!({"resource": "pods", "node": "w-2 --all"}),
                "`node`",
            ),
            (
                "kubechat_top",
                json!({"resource": "nodes", "node": "w-2"}),
                "`node`: is for pods",
            ),
            ("kubechat_ask", json!({"text": "  "}), "`text`"),
            ("kubechat_nope", json!({}), "no tool named"),
        ] {
            let e = read_call(tool, &args).unwrap_err();
            assert_eq!(e.code, crate::rpc::code::INVALID_PARAMS);
            assert!(e.message.contains(says), "{tool}: {e}");
        }
    }

    #[test]
    fn a_viewer_and_a_read_only_bot_see_only_reads() {
        let all = catalogue();
        let names = |policy: &Policy, role| {
            all.iter()
                .filter(|t| t.visible(policy, role))
                .map(|t| t.name)
                .collect::<Vec<_>>()
        };
        let default = Policy::default();
        let viewer = names(&default, UserRole::Viewer);
        assert!(viewer.contains(&"kubechat_get") && viewer.contains(&ASK));
        assert!(!viewer.contains(&"kubechat_scale") && !viewer.contains(&CONFIRM));
        let operator = names(&default, UserRole::Operator);
        assert!(operator.contains(&"kubechat_delete") && !operator.contains(&CONFIRM));
        let reads = Policy {
            allowed_verbs: vec![Verb::Get, Verb::Logs],
            ..Policy::default()
        };
        let r = names(&reads, UserRole::Admin);
        assert!(
            r.contains(&"kubechat_get")
                && !r.contains(&"kubechat_describe")
                && !r.contains(&"kubechat_scale")
        );
        let by_tool = Policy {
            mcp_confirmation: McpConfirmation::Tool,
            ..Policy::default()
        };
        assert!(names(&by_tool, UserRole::Operator).contains(&CONFIRM));
        for t in all {
            let d = t.definition();
            assert_eq!(d["inputSchema"]["type"], "object", "{}", t.name);
            assert!(d["annotations"]["readOnlyHint"].is_boolean());
        }
    }
}
