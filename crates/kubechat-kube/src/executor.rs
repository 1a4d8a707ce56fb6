//! Executing operations through kube-rs as the asking user.
//!
//! Reads run at once ([`Executor::read`]). Mutations take two steps: a
//! [`Plan`] made by [`Executor::plan`] runs the exact API calls with
//! server-side dry-run (`dryRun=All`) and reports what would change; only a
//! [`Confirmed`] plan can be applied, and applying sends the same calls
//! without dry-run. What a user confirms is what runs.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Event, Pod};
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, LogParams, Patch, PatchParams};
use kube::core::Request;
use kubechat_core::{Clock, Operation, OutputFormat, Risk, Verb, kubectl};
use serde_json::{Value, json};

use crate::discovery::{Resolved, Resolver};
use crate::error::Attempt;
use crate::identity::{Actor, Clients};
use crate::outcome::{Change, Outcome, OutcomeKind};
use crate::{Error, Result, table};

/// Most objects listed in one answer.
pub const MAX_LIST_ITEMS: u32 = 500;
/// Most objects one mutation may touch (label by selector, delete by
/// selector).
pub const MAX_TARGETS: usize = 100;
/// Default and upper bound of log lines.
pub const DEFAULT_TAIL_LINES: u32 = 200;
/// Upper bound of log bytes fetched from a pod.
pub const MAX_LOG_BYTES: i64 = 256 * 1024;
/// Pods whose logs a selector reads at most.
pub const MAX_SELECTED_PODS: usize = 10;
/// Lines per pod when logs are read by selector and no tail is given
/// (kubectl's default there).
pub const SELECTED_TAIL_LINES: u32 = 10;
/// Most events shown.
pub const MAX_EVENTS: usize = 100;
/// Most changes listed in one preview.
pub const MAX_CHANGES: usize = 50;
/// The field manager recorded on every write.
pub const FIELD_MANAGER: &str = "kubechat";
/// The annotation kubectl sets for `rollout restart`.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// Executes operations against one cluster.
#[derive(Debug)]
pub struct Executor {
    default_namespace: String,
    clients: Clients,
    resolver: Resolver,
    clock: Arc<dyn Clock>,
}

/// Where an operation applies, resolved.
#[derive(Debug, Clone)]
struct Target {
    resolved: Resolved,
    /// `None` for cluster-scoped types and all-namespace lists.
    namespace: Option<String>,
    /// How answers name the type: the plural for built-in types, and
    /// `plural.group` where the plural alone would mean a built-in type of
    /// another group (`pods.metrics.k8s.io`) or a custom resource.
    shown: String,
}

/// One API call of a mutation.
#[derive(Debug, Clone)]
enum Step {
    Patch {
        name: String,
        subresource: Option<&'static str>,
        patch: Value,
        strategic: bool,
    },
    Delete {
        name: String,
    },
    Create {
        object: Value,
    },
    /// Evict one pod (drain), honouring PodDisruptionBudgets.
    Evict {
        namespace: String,
        name: String,
    },
    /// Create a Service (expose), refused if it exists.
    CreateService {
        object: Value,
    },
    /// Server-side apply (field manager `kubechat`, conflicts reported,
    /// never forced).
    Apply {
        name: String,
        object: Value,
    },
}

/// A previewed mutation, waiting for confirmation.
#[derive(Debug, Clone)]
pub struct Plan {
    op: Operation,
    actor: Actor,
    /// One per resource type: "delete pods and services -l app=web" is
    /// two lists of calls, each dry-run and applied as previewed.
    parts: Vec<PlanPart>,
    /// The kubectl equivalent.
    pub kubectl: String,
    pub risk: Risk,
    /// What the dry-run says will change (at most `MAX_CHANGES`).
    pub changes: Vec<Change>,
    /// Changes the dry run found beyond those shown.
    pub more_changes: usize,
}

impl Plan {
    /// The explicit confirmation step: only a confirmed plan runs.
    pub fn confirm(self) -> Confirmed {
        Confirmed(self)
    }

    /// The preview, rendered for chat.
    pub fn preview_text(&self) -> String {
        let mut out = format!("{}\n", self.kubectl);
        for c in &self.changes {
            out.push_str(&format!("  {}\n", c.line()));
        }
        if self.more_changes > 0 {
            out.push_str(&format!("  … and {} more changes\n", self.more_changes));
        }
        out
    }

    pub fn operation(&self) -> &Operation {
        &self.op
    }
}

/// The calls of one resource type of a plan.
#[derive(Debug, Clone)]
struct PlanPart {
    op: Operation,
    target: Target,
    steps: Vec<Step>,
}

/// A plan the user confirmed.
#[derive(Debug, Clone)]
pub struct Confirmed(Plan);

impl Executor {
    /// An executor using `config` (KubeChat's own identity, which needs
    /// only discovery and impersonation rights).
    pub fn new(config: kube::Config, clock: Arc<dyn Clock>) -> Result<Self> {
        let base = kube::Client::try_from(config.clone()).map_err(|e| Error::Config {
            source_name: config.cluster_url.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            default_namespace: config.default_namespace.clone(),
            clients: Clients::new(config),
            resolver: Resolver::new(base),
            clock,
        })
    }

    /// The kubeconfig context's namespace (`default` when it names none).
    pub fn default_namespace(&self) -> &str {
        &self.default_namespace
    }

    async fn target(&self, op: &Operation, default_ns: &str) -> Result<Target> {
        let resolved = self.resolver.resolve(&op.resource).await?;
        let namespace = if !resolved.namespaced || op.all_namespaces {
            None
        } else {
            Some(
                op.namespace
                    .as_ref()
                    .map_or(default_ns, |n| n.as_str())
                    .to_owned(),
            )
        };
        let api = &resolved.api;
        let builtin = kubechat_core::resources::lookup(&api.plural)
            .is_some_and(|b| b.plural == api.plural && b.group == api.group);
        let shown = if builtin || api.group.is_empty() {
            api.plural.clone()
        } else {
            format!("{}.{}", api.plural, api.group)
        };
        Ok(Target {
            resolved,
            namespace,
            shown,
        })
    }

    fn api(&self, client: kube::Client, t: &Target) -> Api<DynamicObject> {
        match &t.namespace {
            Some(ns) => Api::namespaced_with(client, ns, &t.resolved.api),
            None => Api::all_with(client, &t.resolved.api),
        }
    }

    fn list_params(op: &Operation) -> ListParams {
        let mut lp = ListParams::default().limit(MAX_LIST_ITEMS);
        if let Some(s) = &op.selector {
            lp = lp.labels(s.as_str());
        }
        if let Some(f) = &op.params.field_selector {
            lp = lp.fields(f.as_str());
        }
        lp
    }

    /// Runs a read operation. Mutations are refused here: use
    /// [`Executor::plan`] and [`Executor::apply`].
    pub async fn read(&self, actor: &Actor, op: &Operation, default_ns: &str) -> Result<Outcome> {
        op.validate()?;
        if op.risk() != Risk::Read {
            return Err(Error::Unsupported {
                what: format!("{} without a preview and confirmation", op.verb),
            });
        }
        if op.is_multi_kind() {
            return self.read_kinds(actor, op, default_ns).await;
        }
        let client = self.clients.for_actor(actor)?;
        match op.verb {
            Verb::Get => self.get(actor, client, op, default_ns).await,
            Verb::Describe => self.describe(actor, client, op, default_ns).await,
            Verb::Logs => self.logs(actor, client, op, default_ns).await,
            Verb::Events => self.events(actor, client, op, default_ns).await,
            Verb::Top => self.top(actor, client, op, default_ns).await,
            Verb::RolloutStatus => self.rollout_status(actor, client, op, default_ns).await,
            Verb::RolloutHistory => self.rollout_history(actor, client, op, default_ns).await,
            Verb::AuthCanI if op.params.list => {
                crate::rules::can_i_list(client, op, default_ns).await
            }
            Verb::AuthCanI => self.can_i(actor, client, op, default_ns).await,
            Verb::Explain => {
                let t = self.target(op, default_ns).await?;
                crate::explain::explain(client, &t.resolved, op).await
            }
            Verb::Diagnose => crate::diagnose::diagnose(self, actor, client, op, default_ns).await,
            other => Err(Error::Unsupported {
                what: format!("kubectl {other}"),
            }),
        }
    }

    /// A read of several types ("pods and services", `all`): each type
    /// read on its own, as the same person, and shown one after another
    /// as kubectl does (names prefixed by their type, empty types left
    /// out). A type the person may not read, or the cluster does not
    /// serve, is named in the answer and the others are still shown.
    async fn read_kinds(&self, actor: &Actor, op: &Operation, default_ns: &str) -> Result<Outcome> {
        let mut parts = Vec::new();
        let mut texts = Vec::new();
        let mut summaries = Vec::new();
        let mut first_error = None;
        let mut failed = 0;
        let kinds = self.parts_of(op).await?;
        for sub in &kinds {
            match Box::pin(self.read(actor, sub, default_ns)).await {
                Ok(mut out) => {
                    let empty = out.kind == OutcomeKind::Table
                        && out.data["rows"].as_array().is_none_or(Vec::is_empty);
                    if out.kind == OutcomeKind::Table && !empty {
                        let singular = self.target(sub, default_ns).await.map_or_else(
                            |_| sub.resource.as_str().to_owned(),
                            |t| t.resolved.singular().to_owned(),
                        );
                        if let Some(rows) = out.data["rows"].as_array_mut() {
                            for row in rows {
                                if let Some(cell) = row["cells"].get_mut(0)
                                    && let Some(name) = cell.as_str()
                                {
                                    *cell = Value::String(format!("{singular}/{name}"));
                                }
                            }
                        }
                        let wide = op.params.output == Some(OutputFormat::Wide);
                        out.text = table::render(&out.data, wide, op.all_namespaces).0;
                    }
                    if !empty {
                        texts.push(out.text.clone());
                        summaries.push(out.summary.clone());
                    }
                    parts.push(json!({
                        "resource": sub.resource.as_str(),
                        "kind": out.kind,
                        "summary": out.summary,
                        "text": out.text,
                        "data": out.data,
                    }));
                }
                Err(e) => {
                    failed += 1;
                    texts.push(format!("Error: {e}\n"));
                    summaries.push(format!("{}: {e}", sub.resource));
                    parts.push(json!({
                        "resource": sub.resource.as_str(),
                        "error": e.to_string(),
                    }));
                    first_error.get_or_insert(e);
                }
            }
        }
        if failed == kinds.len()
            && let Some(e) = first_error
        {
            return Err(e);
        }
        let text = if texts.is_empty() {
            let place = match (&op.namespace, op.all_namespaces) {
                (_, true) => String::new(),
                (Some(ns), false) => format!(" in {ns} namespace"),
                (None, false) => format!(" in {default_ns} namespace"),
            };
            summaries.push(format!("nothing found{place}"));
            format!("No resources found{place}.\n")
        } else {
            texts.join("\n")
        };
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: if op.verb == Verb::Describe {
                OutcomeKind::Description
            } else {
                OutcomeKind::Table
            },
            summary: summaries.join("; "),
            text,
            data: json!({ "parts": parts }),
        })
    }

    /// The object `op` names, and its kind (for the diagnoser).
    pub(crate) async fn get_object(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<(DynamicObject, String)> {
        let t = self.target(op, default_ns).await?;
        let name = op
            .name
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default();
        let obj = self
            .api(client, &t)
            .get(&name)
            .await
            .map_err(|e| attempt(actor, "get", op, &t).fail(e))?;
        Ok((obj, t.resolved.api.kind.clone()))
    }

    /// The objects `op` names or lists (bounded by [`Self::list_params`]),
    /// read as the person, their kind and whether the type is namespaced
    /// (for the diagnoser).
    pub(crate) async fn objects(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<(Vec<DynamicObject>, String, bool)> {
        let t = self.target(op, default_ns).await?;
        let verb = if op.name.is_some() { "get" } else { "list" };
        let objects =
            Self::named_or_listed(&self.api(client, &t), op, &attempt(actor, verb, op, &t)).await?;
        Ok((objects, t.resolved.api.kind.clone(), t.resolved.namespaced))
    }

    /// The object `op` names, or the objects its list finds (bounded by
    /// [`Self::list_params`]), as full objects.
    async fn named_or_listed(
        api: &Api<DynamicObject>,
        op: &Operation,
        attempt: &Attempt<'_>,
    ) -> Result<Vec<DynamicObject>> {
        match &op.name {
            Some(n) => Ok(vec![
                api.get(n.as_str()).await.map_err(|e| attempt.fail(e))?,
            ]),
            None => Ok(api
                .list(&Self::list_params(op))
                .await
                .map_err(|e| attempt.fail(e))?
                .items),
        }
    }

    async fn get(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let t = self.target(op, default_ns).await?;
        let attempt = attempt(
            actor,
            if op.name.is_some() { "get" } else { "list" },
            op,
            &t,
        );
        let api = self.api(client.clone(), &t);
        let what = t.resolved.api.plural.clone();
        let place = place(&t);
        if !op.params.columns.is_empty() {
            let objects = Self::named_or_listed(&api, op, &attempt)
                .await?
                .into_iter()
                .map(|o| serde_json::to_value(o).unwrap_or(Value::Null))
                .collect();
            return Ok(custom_columns(op, objects, &what, &place));
        }
        match op.params.output {
            Some(OutputFormat::Json | OutputFormat::Yaml) => {
                // Items of a list come without their type; kubectl fills it
                // in, and so does this.
                let (api_version, kind) = (
                    t.resolved.api.api_version.clone(),
                    t.resolved.api.kind.clone(),
                );
                let mut objects: Vec<Value> = Self::named_or_listed(&api, op, &attempt)
                    .await?
                    .into_iter()
                    .map(|o| {
                        let mut v = clean(serde_json::to_value(o));
                        if let Some(m) = v.as_object_mut() {
                            m.entry("apiVersion").or_insert_with(|| json!(api_version));
                            m.entry("kind").or_insert_with(|| json!(kind));
                        }
                        v
                    })
                    .collect();
                // One named object is shown as itself, a list as a list.
                let data = match (&op.name, objects.len()) {
                    (Some(_), 1) => objects.remove(0),
                    _ => Value::Array(objects),
                };
                // A list is written as kubectl writes one: a List object.
                let shown = match &data {
                    Value::Array(items) => {
                        json!({"apiVersion": "v1", "items": items, "kind": "List"})
                    }
                    one => one.clone(),
                };
                let text = if op.params.output == Some(OutputFormat::Yaml) {
                    serde_saphyr::to_string(&shown)
                        .map_err(|e| Error::Api(format!("cannot write the object as YAML: {e}")))?
                } else {
                    serde_json::to_string_pretty(&shown).unwrap_or_default()
                };
                Ok(Outcome {
                    kubectl: kubectl::render(op),
                    kind: OutcomeKind::Objects,
                    summary: format!("{what}{place}"),
                    text,
                    data,
                })
            }
            Some(OutputFormat::Name) => {
                let list = Self::named_or_listed(&api, op, &attempt).await?;
                let names: Vec<String> = list
                    .iter()
                    .map(|o| {
                        format!(
                            "{}/{}",
                            t.resolved.singular(),
                            o.metadata.name.clone().unwrap_or_default()
                        )
                    })
                    .collect();
                Ok(Outcome {
                    kubectl: kubectl::render(op),
                    kind: OutcomeKind::Objects,
                    summary: format!("{} {what}{place}", names.len()),
                    text: names.iter().map(|n| format!("{n}\n")).collect(),
                    data: json!(names),
                })
            }
            _ => {
                let url = api.resource_url().to_owned();
                let mut req = match &op.name {
                    Some(n) => Request::new(url).get(n.as_str(), &Default::default()),
                    None => Request::new(url).list(&Self::list_params(op)),
                }
                .map_err(|e| Error::Api(e.to_string()))?;
                req.headers_mut().insert(
                    http::header::ACCEPT,
                    http::HeaderValue::from_static(table::TABLE_ACCEPT),
                );
                // Sorting needs each row's whole object, not only its
                // metadata; the rest is dropped once the rows are in order.
                if op.params.sort_by.is_some() {
                    let uri = req.uri().to_string();
                    let sep = if uri.contains('?') { '&' } else { '?' };
                    *req.uri_mut() = format!("{uri}{sep}includeObject=Object")
                        .parse()
                        .map_err(|e: http::uri::InvalidUri| Error::Api(e.to_string()))?;
                }
                let mut data: Value = client.request(req).await.map_err(|e| attempt.fail(e))?;
                if let Some(path) = &op.params.sort_by
                    && let Some(rows) = data["rows"].as_array_mut()
                {
                    rows.sort_by(|a, b| by_path(path, &a["object"], &b["object"]));
                    for row in rows {
                        let meta = row["object"]["metadata"].take();
                        row["object"] = json!({ "metadata": meta });
                    }
                }
                table::add_label_columns(
                    &mut data,
                    op.params.show_labels,
                    &op.params.label_columns,
                );
                let wide = op.params.output == Some(OutputFormat::Wide);
                let (text, rows) =
                    table::render(&data, wide, op.all_namespaces && t.resolved.namespaced);
                let more = data["metadata"]["continue"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty());
                let summary = match (rows, more) {
                    (0, _) => format!("no {what} found{place}"),
                    (n, true) => {
                        format!("first {n} {what}{place} (more exist; narrow with a selector)")
                    }
                    (n, false) => format!("{n} {what}{place}"),
                };
                let text = if rows == 0 {
                    format!("No resources found{place}.\n")
                } else {
                    text
                };
                Ok(Outcome {
                    kubectl: kubectl::render(op),
                    kind: OutcomeKind::Table,
                    summary,
                    text,
                    data,
                })
            }
        }
    }

    async fn describe(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let t = self.target(op, default_ns).await?;
        let api = self.api(client.clone(), &t);
        let objects = match &op.name {
            Some(n) => vec![
                api.get(n.as_str())
                    .await
                    .map_err(|e| attempt(actor, "get", op, &t).fail(e))?,
            ],
            None => {
                api.list(&Self::list_params(op).limit(20))
                    .await
                    .map_err(|e| attempt(actor, "list", op, &t).fail(e))?
                    .items
            }
        };
        let mut text = String::new();
        let mut data = Vec::new();
        for obj in &objects {
            let name = obj.metadata.name.clone().unwrap_or_default();
            let events = self
                .events_for(
                    client.clone(),
                    obj.metadata.namespace.as_deref(),
                    &t.resolved.api.kind,
                    Some(&name),
                )
                .await
                .unwrap_or_default();
            text.push_str(&crate::describe::render(
                obj,
                &t.resolved.api.kind,
                &events,
                self.clock.now().unix_timestamp(),
            ));
            text.push('\n');
            data.push(
                json!({"object": clean(serde_json::to_value(obj)), "events": events_json(&events)}),
            );
        }
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Description,
            summary: format!("{} {}{}", objects.len(), t.resolved.api.plural, place(&t)),
            text,
            data: Value::Array(data),
        })
    }

    /// Events about one object, newest first. Unreadable events are not an
    /// error for describe: the object itself was readable.
    pub(crate) async fn events_for(
        &self,
        client: kube::Client,
        ns: Option<&str>,
        kind: &str,
        name: Option<&str>,
    ) -> Result<Vec<Event>> {
        let api: Api<Event> = match ns {
            Some(ns) => Api::namespaced(client, ns),
            None => Api::all(client),
        };
        let fields = match name {
            Some(name) => format!("involvedObject.name={name},involvedObject.kind={kind}"),
            None => format!("involvedObject.kind={kind}"),
        };
        let lp = ListParams::default().fields(&fields).limit(MAX_LIST_ITEMS);
        let mut events = api
            .list(&lp)
            .await
            .map_err(|e| Error::Api(e.to_string()))?
            .items;
        sort_newest_first(&mut events);
        events.truncate(MAX_EVENTS);
        Ok(events)
    }

    async fn events(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let events_type = kubechat_core::ResourceType::parse("events")?;
        let mut ev_op = op.clone();
        ev_op.resource = events_type;
        let t = self.target(&ev_op, default_ns).await?;
        let (ns, filter) = match &op.name {
            Some(n) => {
                let obj_t = self.target(op, default_ns).await?;
                (
                    obj_t.namespace.clone(),
                    Some(format!(
                        "involvedObject.name={n},involvedObject.kind={}",
                        obj_t.resolved.api.kind
                    )),
                )
            }
            None => (t.namespace.clone(), None),
        };
        let api: Api<Event> = match &ns {
            Some(ns) => Api::namespaced(client.clone(), ns),
            None => Api::all(client.clone()),
        };
        let mut fields: Vec<String> = filter.into_iter().collect();
        if let Some(f) = &op.params.field_selector {
            fields.push(f.as_str().to_owned());
        }
        let mut lp = ListParams::default().limit(MAX_LIST_ITEMS);
        if !fields.is_empty() {
            lp = lp.fields(&fields.join(","));
        }
        let t_events = Target {
            namespace: ns.clone(),
            ..t
        };
        let mut events = api
            .list(&lp)
            .await
            .map_err(|e| attempt(actor, "list", &ev_op, &t_events).fail(e))?
            .items;
        // "events for api-gateway": no pod has the app's name, but its
        // Deployment, ReplicaSets and pods are named after it — their
        // events, as the person means.
        let mut named_after = None;
        if events.is_empty()
            && op.resource.as_str() == "pods"
            && let (Some(n), Some(ns)) = (&op.name, &ns)
            && Api::<k8s_openapi::api::core::v1::Pod>::namespaced(client, ns)
                .get_opt(n.as_str())
                .await
                .map_err(|e| attempt(actor, "get", op, &t_events).fail(e))?
                .is_none()
        {
            let mut lp = ListParams::default().limit(MAX_LIST_ITEMS);
            if let Some(f) = &op.params.field_selector {
                lp = lp.fields(f.as_str());
            }
            let prefix = format!("{n}-");
            events = api
                .list(&lp)
                .await
                .map_err(|e| attempt(actor, "list", &ev_op, &t_events).fail(e))?
                .items
                .into_iter()
                .filter(|e| {
                    e.involved_object
                        .name
                        .as_deref()
                        .is_some_and(|o| o == n.as_str() || o.starts_with(&prefix))
                })
                .collect();
            named_after = Some(n.as_str().to_owned());
        }
        sort_newest_first(&mut events);
        events.truncate(MAX_EVENTS);
        let now = self.clock.now().unix_timestamp();
        let text = if events.is_empty() {
            format!("No events found{}.\n", place(&t_events))
        } else {
            render_events(&events, now, op.all_namespaces)
        };
        let whose = named_after
            .map(|n| format!(" of the objects named {n} or {n}-… (no pod is named {n})"))
            .unwrap_or_default();
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Events,
            summary: format!("{} events{whose}{}", events.len(), place(&t_events)),
            text,
            data: events_json(&events),
        })
    }

    /// The pod whose logs stand for a workload's, as kubectl picks it:
    /// one the workload's selector matches, running ones first, then the
    /// newest.
    async fn workload_pod(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        t: &Target,
        pods: &Api<Pod>,
        name: &str,
    ) -> Result<String> {
        let workload = self
            .api(client, t)
            .get(name)
            .await
            .map_err(|e| attempt(actor, "get", op, t).fail(e))?;
        let labels = workload
            .data
            .pointer("/spec/selector/matchLabels")
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty())
            .ok_or_else(|| Error::Refused {
                verb: "logs".into(),
                message: format!(
                    "{} {name} has no label selector to find its pods by; ask for one pod's logs",
                    op.resource
                ),
            })?;
        let selector = labels
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(",");
        let mut list = pods
            .list(&ListParams::default().labels(&selector).limit(200))
            .await
            .map_err(|e| attempt(actor, "list", op, t).fail(e))?
            .items;
        list.sort_by_key(|p| {
            let running = p
                .status
                .as_ref()
                .and_then(|s| s.phase.as_deref())
                .is_some_and(|ph| ph == "Running");
            let created = p.metadata.creation_timestamp.as_ref().map(|c| c.0);
            (std::cmp::Reverse(running), std::cmp::Reverse(created))
        });
        list.into_iter()
            .find_map(|p| p.metadata.name)
            .ok_or_else(|| Error::Refused {
                verb: "logs".into(),
                message: format!(
                    "{} {name} has no pods ({selector}), so there are no logs to show",
                    op.resource
                ),
            })
    }

    async fn logs(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        if op.name.is_none() && op.selector.is_some() {
            return self.logs_by_selector(actor, client, op, default_ns).await;
        }
        let t = self.target(op, default_ns).await?;
        let ns = t.namespace.clone().unwrap_or_else(|| default_ns.to_owned());
        let mut name = op
            .name
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default();
        let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
        if op.resource.as_str() != "pods" {
            name = self
                .workload_pod(actor, client.clone(), op, &t, &pods, &name)
                .await?;
        }
        // A pod's name only: "logs of checkout" when no pod has the name
        // is the chat's to resolve (it reads the workload of that name as
        // an operation of its own, with its own policy decision and audit).
        let pod = pods
            .get(&name)
            .await
            .map_err(|e| attempt(actor, "get", op, &t).fail(e))?;
        let containers: Vec<String> = pod
            .spec
            .as_ref()
            .map(|s| s.containers.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default();
        // Init containers have logs too ("logs of the init container
        // migrate"); they are picked only by name.
        let init: Vec<String> = pod
            .spec
            .as_ref()
            .and_then(|s| s.init_containers.as_ref())
            .map(|cs| cs.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default();
        let unscheduled = pod.spec.as_ref().is_none_or(|s| s.node_name.is_none());
        let not_on_node = |name: &str| Error::Refused {
            verb: "logs".into(),
            message: format!(
                "pod {name} is not running on a node yet, so it has no logs; ask why it is pending"
            ),
        };
        if op.params.all_containers {
            if unscheduled {
                return Err(not_on_node(&name));
            }
            return self
                .logs_of_every_container(actor, op, &t, &pods, &name, &ns, init, containers)
                .await;
        }
        let container = match (&op.params.container, containers.as_slice()) {
            (Some(c), _) if containers.iter().chain(&init).any(|x| x == c.as_str()) => {
                c.as_str().to_owned()
            }
            (Some(c), _) => {
                return Err(Error::UnknownContainer {
                    pod: name,
                    container: c.as_str().to_owned(),
                    containers,
                });
            }
            (None, [only]) => only.clone(),
            (None, _) => {
                return Err(Error::AmbiguousContainer {
                    pod: name,
                    containers,
                });
            }
        };
        if unscheduled {
            return Err(not_on_node(&name));
        }
        let lines = container_log_lines(actor, op, &t, &pods, &name, &container).await?;
        let matching = holding(op);
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Logs,
            summary: format!(
                "{} lines{matching} from {name}/{container} in {ns}",
                lines.len()
            ),
            text: lines.iter().map(|l| format!("{l}\n")).collect(),
            data: json!({"pod": name, "container": container, "namespace": ns, "lines": lines}),
        })
    }

    /// `kubectl logs POD --all-containers`: each container's last lines,
    /// init containers first (the order they ran in), every line
    /// prefixed with its container as kubectl prefixes them. A container
    /// that has no logs yet (an app container behind a running init
    /// container) says so in its place instead of failing the others;
    /// a refusal by RBAC fails the whole read, as it would the first.
    #[allow(clippy::too_many_arguments)]
    async fn logs_of_every_container(
        &self,
        actor: &Actor,
        op: &Operation,
        t: &Target,
        pods: &Api<Pod>,
        name: &str,
        ns: &str,
        init: Vec<String>,
        containers: Vec<String>,
    ) -> Result<Outcome> {
        let mut text = String::new();
        let mut per_container = Vec::new();
        let mut total = 0;
        for container in init.iter().chain(&containers) {
            match container_log_lines(actor, op, t, pods, name, container).await {
                Ok(lines) => {
                    total += lines.len();
                    for line in &lines {
                        text.push_str(&format!("[pod/{name}/{container}] {line}\n"));
                    }
                    per_container.push(json!({"container": container, "lines": lines}));
                }
                Err(e @ Error::Forbidden { .. }) => return Err(e),
                Err(e) => {
                    let why = in_place_of_logs(e);
                    text.push_str(&format!("[pod/{name}/{container}] {why}\n"));
                    per_container.push(json!({"container": container, "error": why}));
                }
            }
        }
        let matching = holding(op);
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Logs,
            summary: format!(
                "{total} lines{matching} from the {} containers of {name} in {ns}",
                per_container.len()
            ),
            text,
            data: json!({"pod": name, "namespace": ns, "containers": per_container}),
        })
    }

    /// `kubectl logs -l app=web`: the last lines of every matching pod
    /// (at most [`MAX_SELECTED_PODS`], by name; 10 lines each unless
    /// said, as kubectl does), each line prefixed with its pod. A pod
    /// that cannot answer (not scheduled, several containers) says why
    /// in its place instead of failing the others.
    async fn logs_by_selector(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let t = self.target(op, default_ns).await?;
        let ns = t.namespace.clone().unwrap_or_else(|| default_ns.to_owned());
        let selector = op
            .selector
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default();
        let pods: Api<Pod> = Api::namespaced(client.clone(), &ns);
        let mut list_attempt = attempt(actor, "list", op, &t);
        list_attempt.resource = "pods";
        let mut found = pods
            .list(&ListParams::default().labels(&selector).limit(200))
            .await
            .map_err(|e| list_attempt.fail(e))?
            .items;
        found.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        let matched = found.len();
        if matched == 0 {
            return Err(Error::Refused {
                verb: "logs".into(),
                message: format!(
                    "no pods match {selector} in namespace {ns}, so there are no logs"
                ),
            });
        }
        let mut text = String::new();
        let mut per_pod = Vec::new();
        for pod in found.iter().take(MAX_SELECTED_PODS) {
            let Some(name) = pod.metadata.name.clone() else {
                continue;
            };
            let mut one = op.clone();
            one.selector = None;
            one.resource =
                kubechat_core::ResourceType::parse("pods").unwrap_or_else(|_| op.resource.clone());
            one.name = kubechat_core::ResourceName::parse(&name).ok();
            one.namespace = kubechat_core::Namespace::parse(&ns).ok();
            one.params.tail = Some(op.params.tail.unwrap_or(SELECTED_TAIL_LINES));
            match Box::pin(self.logs(actor, client.clone(), &one, default_ns)).await {
                // Already one line per container line, each prefixed.
                Ok(out) if one.params.all_containers => {
                    text.push_str(&out.text);
                    per_pod.push(json!({"pod": name, "containers": out.data["containers"]}));
                }
                Ok(out) => {
                    let container = out.data["container"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    for line in out.data["lines"].as_array().into_iter().flatten() {
                        text.push_str(&format!(
                            "[pod/{name}/{container}] {}\n",
                            line.as_str().unwrap_or_default()
                        ));
                    }
                    per_pod.push(
                        json!({"pod": name, "container": container, "lines": out.data["lines"]}),
                    );
                }
                Err(e) => {
                    let why = in_place_of_logs(e);
                    text.push_str(&format!("[pod/{name}] {why}\n"));
                    per_pod.push(json!({"pod": name, "error": why}));
                }
            }
        }
        let shown = per_pod.len();
        let more = if matched > shown {
            format!(" (the first {shown} of {matched} by name)")
        } else {
            String::new()
        };
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Logs,
            summary: format!("logs of {shown} pods matching {selector} in {ns}{more}"),
            text,
            data: json!({"selector": selector, "namespace": ns, "pods": per_pod, "matched": matched}),
        })
    }

    async fn top(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        if !self.resolver.serves_group("metrics.k8s.io").await? {
            return Err(Error::MetricsUnavailable);
        }
        let kind = if op.resource.as_str() == "nodes" {
            "nodes"
        } else {
            "pods"
        };
        // "the pods on node worker-2": the metrics API selects by name
        // only, so the pods the field selects are listed first (as the
        // user, like every read) and their usage kept.
        let chosen = match &op.params.field_selector {
            Some(_) if kind == "pods" => {
                let t = self.target(op, default_ns).await?;
                let pods = self
                    .api(client.clone(), &t)
                    .list(&Self::list_params(op))
                    .await
                    .map_err(|e| attempt(actor, "list", op, &t).fail(e))?;
                Some(
                    pods.items
                        .into_iter()
                        .map(|p| (p.metadata.namespace, p.metadata.name))
                        .collect::<std::collections::HashSet<_>>(),
                )
            }
            _ => None,
        };
        let mut metrics_op = op.clone();
        metrics_op.resource =
            kubechat_core::ResourceType::parse(&format!("{kind}.metrics.k8s.io"))?;
        metrics_op.params.field_selector = None;
        let t = self.target(&metrics_op, default_ns).await?;
        let api = self.api(client, &t);
        let items = match &op.name {
            Some(n) => vec![
                api.get(n.as_str())
                    .await
                    .map_err(|e| attempt(actor, "get", &metrics_op, &t).fail(e))?,
            ],
            None => {
                api.list(&Self::list_params(&metrics_op))
                    .await
                    .map_err(|e| attempt(actor, "list", &metrics_op, &t).fail(e))?
                    .items
            }
        };
        let mut rows: Vec<(Usage, DynamicObject)> = items
            .into_iter()
            .filter(|m| {
                chosen.as_ref().is_none_or(|c| {
                    c.contains(&(m.metadata.namespace.clone(), m.metadata.name.clone()))
                })
            })
            .map(|m| (Usage::of(&m, kind == "nodes"), m))
            .collect();
        // Highest first, as kubectl orders them; usage it cannot read last.
        if let Some(by) = op.params.sort_usage {
            rows.sort_by_key(|(u, _)| {
                std::cmp::Reverse(match by {
                    kubechat_core::Usage::Cpu => u.nanocores,
                    kubechat_core::Usage::Memory => u.bytes,
                })
            });
        }
        let mut grid = vec![vec![
            "NAME".to_owned(),
            "CPU(cores)".to_owned(),
            "MEMORY(bytes)".to_owned(),
        ]];
        for (u, m) in &rows {
            grid.push(vec![
                m.metadata.name.clone().unwrap_or_default(),
                u.cpu.clone(),
                u.memory.clone(),
            ]);
        }
        let items: Vec<DynamicObject> = rows.into_iter().map(|(_, m)| m).collect();
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Table,
            summary: format!("usage of {} {kind}{}", items.len(), place(&t)),
            text: table::align(&grid),
            data: Value::Array(
                items
                    .iter()
                    .map(|o| clean(serde_json::to_value(o)))
                    .collect(),
            ),
        })
    }

    /// `kubectl rollout status`: read once, or, with a timeout, read
    /// again every [`ROLLOUT_POLL`] until the rollout is done or the
    /// timeout passes. Polling rather than a watch: a watch the API server
    /// may end at any moment needs the same loop, and a get every two
    /// seconds for at most ten minutes is a bounded load.
    async fn rollout_status(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let deadline = op
            .params
            .timeout
            .map(|t| tokio::time::Instant::now() + Duration::from_secs(t.seconds()));
        loop {
            let (obj, kind) = self
                .get_object(actor, client.clone(), op, default_ns)
                .await?;
            let name = obj.metadata.name.clone().unwrap_or_default();
            let (done, message) = rollout_message(&kind, &name, &obj);
            let waited_out = match deadline {
                Some(d) if !done => {
                    let now = tokio::time::Instant::now();
                    if now < d {
                        tokio::time::sleep(ROLLOUT_POLL.min(d - now)).await;
                        continue;
                    }
                    true
                }
                _ => false,
            };
            let summary = match op.params.timeout {
                Some(t) if waited_out => format!("not finished after waiting {t}: {message}"),
                _ => message.clone(),
            };
            return Ok(Outcome {
                kubectl: kubectl::render(op),
                kind: OutcomeKind::Status,
                text: format!("{summary}\n"),
                summary,
                data: json!({
                    "complete": done,
                    "timed_out": waited_out,
                    "message": message,
                    "status": obj.data.get("status"),
                }),
            });
        }
    }

    /// `kubectl rollout history`: the revisions the workload owns, read
    /// as the person from its ReplicaSets or ControllerRevisions.
    async fn rollout_history(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let (obj, kind) = self
            .get_object(actor, client.clone(), op, default_ns)
            .await?;
        let ns = obj.metadata.namespace.clone().unwrap_or_default();
        let (plural, history_kind) = if kind == "Deployment" {
            ("replicasets", "ReplicaSet")
        } else {
            ("controllerrevisions", "ControllerRevision")
        };
        let items = crate::rollout::list_history(client, &ns, history_kind, plural)
            .await
            .map_err(|e| {
                Attempt {
                    user: &actor.user,
                    verb: "list",
                    resource: plural,
                    name: None,
                    namespace: Some(&ns),
                }
                .fail(e)
            })?;
        let (text, data) = crate::rollout::history(&obj, &kind, &items, op.params.revision)?;
        let count = data["revisions"].as_array().map_or(1, Vec::len);
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Description,
            summary: match op.params.revision {
                Some(r) => format!("revision {r} of {}", kind.to_ascii_lowercase()),
                None => format!("{count} revisions"),
            },
            text,
            data,
        })
    }

    /// `kubectl auth can-i`: a SelfSubjectAccessReview made as the asking
    /// person, so the API server answers for them and no one else.
    async fn can_i(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Outcome> {
        let resolved = self.resolver.resolve(&op.resource).await?;
        let namespace = if op.all_namespaces || !resolved.namespaced {
            String::new()
        } else {
            op.namespace
                .as_ref()
                .map_or_else(|| default_ns.to_owned(), |n| n.as_str().to_owned())
        };
        let action = op.params.action.clone().unwrap_or_default();
        let attributes = json!({
            "verb": action,
            "group": resolved.api.group,
            "resource": resolved.api.plural,
            "name": op.name.as_ref().map(|n| n.as_str()),
            "namespace": namespace,
            "subresource": op.params.subresource.as_deref().unwrap_or(""),
        });
        // The asker's own rights, or (`--as`) another identity's: that
        // is a SubjectAccessReview the asker makes, in the namespace
        // when there is one (a namespace's admins may ask there), so the
        // cluster's RBAC decides whether they may ask at all.
        let (path, kind, spec) = match &op.params.as_user {
            None => (
                "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews".to_owned(),
                "SelfSubjectAccessReview",
                json!({"resourceAttributes": attributes}),
            ),
            Some(user) => {
                let spec = json!({
                    "resourceAttributes": attributes,
                    "user": user,
                    "groups": subject_groups(user, &op.params.as_groups),
                });
                if namespace.is_empty() {
                    (
                        "/apis/authorization.k8s.io/v1/subjectaccessreviews".to_owned(),
                        "SubjectAccessReview",
                        spec,
                    )
                } else {
                    (
                        format!(
                            "/apis/authorization.k8s.io/v1/namespaces/{namespace}/localsubjectaccessreviews"
                        ),
                        "LocalSubjectAccessReview",
                        spec,
                    )
                }
            }
        };
        let review = json!({
            "apiVersion": "authorization.k8s.io/v1",
            "kind": kind,
            "metadata": if namespace.is_empty() { json!({}) } else { json!({"namespace": namespace}) },
            "spec": spec,
        });
        let req = Request::new(path)
            .create(
                &Default::default(),
                serde_json::to_vec(&review).unwrap_or_default(),
            )
            .map_err(|e| Error::Api(e.to_string()))?;
        let answer: Value = client.request(req).await.map_err(|e| match e {
            kube::Error::Api(s) if s.code == 403 => Error::Forbidden {
                user: actor.user.clone(),
                verb: "create".into(),
                resource: format!("{}s", kind.to_ascii_lowercase()),
                name: None,
                namespace: (!namespace.is_empty()).then(|| namespace.clone()),
            },
            other => Error::Api(other.to_string()),
        })?;
        let allowed = answer["status"]["allowed"].as_bool().unwrap_or(false);
        let reason = answer["status"]["reason"]
            .as_str()
            .filter(|r| !r.is_empty());
        let place = if namespace.is_empty() {
            if resolved.namespaced {
                " in any namespace".to_owned()
            } else {
                String::new()
            }
        } else {
            format!(" in namespace {namespace}")
        };
        // "get pods/log": the right to a part of the object.
        let plural = match &op.params.subresource {
            Some(sub) => format!("{}/{sub}", resolved.api.plural),
            None => resolved.api.plural.clone(),
        };
        let what = match &op.name {
            Some(n) => format!("{plural} {n}"),
            None => plural.clone(),
        };
        let yes_no = if allowed { "yes" } else { "no" };
        let who = op.params.as_user.as_deref().unwrap_or("you");
        // A person's groups come from their identity provider, which the
        // cluster does not keep: a "no" may be a "yes" with them.
        let caveat = match &op.params.as_user {
            Some(u) if !u.starts_with("system:") && op.params.as_groups.is_empty() => format!(
                " (without the groups {u} gets from the identity provider; name them with --as-group)"
            ),
            _ => String::new(),
        };
        Ok(Outcome {
            kubectl: kubectl::render(op),
            kind: OutcomeKind::Status,
            summary: format!(
                "{yes_no}: {who} {} {action} {what}{place}{caveat}",
                if allowed { "may" } else { "may not" }
            ),
            text: match reason {
                Some(r) => format!("{yes_no} - {r}\n"),
                None => format!("{yes_no}\n"),
            },
            data: json!({"allowed": allowed, "reason": reason, "action": action, "resource": resolved.api.plural, "subresource": op.params.subresource, "namespace": namespace, "as": op.params.as_user, "groups": op.params.as_groups}),
        })
    }

    /// Whether `op`'s resource type lives in namespaces (true when the
    /// type cannot be resolved: the request fails later with the reason).
    pub async fn is_namespaced(&self, op: &Operation) -> bool {
        self.is_namespaced_type(&op.resource).await
    }

    /// The canonical `plural.group` of a type the cluster serves (the
    /// plural alone for the core group); `Ok(None)` when the cluster does
    /// not serve it, `Err` when discovery cannot be reached.
    pub async fn served_type(&self, kind: &kubechat_core::ResourceType) -> Result<Option<String>> {
        let name = |r: Resolved| {
            if r.api.group.is_empty() {
                r.api.plural
            } else {
                format!("{}.{}", r.api.plural, r.api.group)
            }
        };
        match self.resolver.resolve(kind).await {
            Ok(r) => Ok(Some(name(r))),
            Err(Error::UnknownResource { .. }) => {
                // "kubechatcommand.kubechat.io", "Certificate.cert-manager.io":
                // a singular or kind with its group.
                let Some((bare, group)) = kind.as_str().split_once('.') else {
                    return Ok(None);
                };
                let Ok(bare) = kubechat_core::ResourceType::parse(bare) else {
                    return Ok(None);
                };
                match self.resolver.resolve(&bare).await {
                    Ok(r) if r.api.group == group => Ok(Some(name(r))),
                    Ok(_) | Err(Error::UnknownResource { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Whether `kind` lives in namespaces (true when it cannot be
    /// resolved: the request fails later with the reason).
    pub async fn is_namespaced_type(&self, kind: &kubechat_core::ResourceType) -> bool {
        self.resolver
            .resolve(kind)
            .await
            .map_or(true, |r| r.namespaced)
    }

    /// The single-type requests `op` consists of, each validated, all in
    /// namespaces or all cluster-wide (a list never mixes the two, so a
    /// namespace limit cannot be stepped around by a second type).
    async fn parts_of(&self, op: &Operation) -> Result<Vec<Operation>> {
        let parts = op.per_kind();
        let mut scoped = None;
        for p in &parts {
            p.validate()?;
            let ns = self.is_namespaced_type(&p.resource).await;
            if *scoped.get_or_insert(ns) != ns {
                return Err(Error::Unsupported {
                    what: format!(
                        "one request for namespaced and cluster-wide types together ({}); ask for each on its own",
                        op.resource_list()
                    ),
                });
            }
        }
        Ok(parts)
    }

    /// Previews a mutation with server-side dry-run. Nothing changes in
    /// the cluster.
    pub async fn plan(&self, actor: &Actor, op: &Operation, default_ns: &str) -> Result<Plan> {
        op.validate()?;
        if op.risk() == Risk::Read {
            return Err(Error::Unsupported {
                what: format!("planning the read-only {}", op.verb),
            });
        }
        let client = self.clients.for_actor(actor)?;
        // "Up by 2" becomes the absolute count it means now, so the
        // preview, the kubectl line and the apply all name one number.
        let absolute;
        let op = match (op.params.scale_by, op.params.scale_percent) {
            (by, pct) if op.verb == Verb::Scale && (by.is_some() || pct.is_some()) => {
                absolute = self
                    .absolute_scale(actor, client.clone(), op, default_ns)
                    .await?;
                &absolute
            }
            _ => op,
        };
        let mut parts = Vec::new();
        let mut changes = Vec::new();
        let subs = if op.is_multi_kind() {
            self.parts_of(op).await?
        } else {
            vec![op.clone()]
        };
        let mut targets = 0;
        let mut all_changes = 0;
        for sub in subs {
            let t = self.target(&sub, default_ns).await?;
            let api = self.api(client.clone(), &t);
            let steps = self.steps(actor, &sub, &t, &api).await?;
            // The bound on objects touched holds for the whole request,
            // not for each of its types.
            targets += steps.len();
            if targets > MAX_TARGETS {
                return Err(Error::TooMany {
                    what: format!("{} {}", op.verb, op.resource_list()),
                    count: targets,
                    max: MAX_TARGETS,
                });
            }
            for step in &steps {
                changes.extend(
                    self.run_step(actor, &client, &sub, &t, &api, step, true)
                        .await?,
                );
            }
            parts.push(PlanPart {
                op: sub,
                target: t,
                steps,
            });
        }
        all_changes += changes.len();
        let risk = op.risk().max(effect_risk(op, targets, &changes));
        changes.truncate(MAX_CHANGES);
        Ok(Plan {
            kubectl: kubectl::render(op),
            risk,
            op: op.clone(),
            actor: actor.clone(),
            parts,
            changes,
            more_changes: all_changes.saturating_sub(MAX_CHANGES),
        })
    }

    /// `op` (a scale by a count or a percentage) with the absolute count:
    /// the live count plus the change, at least 0 and at most the replica
    /// limit.
    async fn absolute_scale(
        &self,
        actor: &Actor,
        client: kube::Client,
        op: &Operation,
        default_ns: &str,
    ) -> Result<Operation> {
        let (obj, _) = self.get_object(actor, client, op, default_ns).await?;
        let current = obj
            .data
            .get("spec")
            .and_then(|s| s.get("replicas"))
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(1);
        let by = match (op.params.scale_by, op.params.scale_percent) {
            (Some(by), _) => i64::from(by),
            (None, Some(pct)) => percent_change(current, pct),
            (None, None) => 0,
        };
        let target = (current + by).clamp(0, i64::from(kubechat_core::operation::MAX_REPLICAS));
        let mut absolute = op.clone();
        absolute.params.scale_by = None;
        absolute.params.scale_percent = None;
        absolute.params.replicas = Some(u32::try_from(target).unwrap_or(0));
        Ok(absolute)
    }

    /// Carries out a confirmed plan: the same calls its preview dry-ran.
    pub async fn apply(&self, confirmed: Confirmed) -> Result<Outcome> {
        let plan = confirmed.0;
        let client = self.clients.for_actor(&plan.actor)?;
        let mut changes = Vec::new();
        for part in &plan.parts {
            let api = self.api(client.clone(), &part.target);
            for step in &part.steps {
                changes.extend(
                    self.run_step(
                        &plan.actor,
                        &client,
                        &part.op,
                        &part.target,
                        &api,
                        step,
                        false,
                    )
                    .await?,
                );
            }
        }
        let text: String = changes.iter().map(|c| format!("{}\n", c.line())).collect();
        let summary = match changes.as_slice() {
            [] => "nothing changed".to_owned(),
            [one] => one.line(),
            many => format!("{} changes applied", many.len()),
        };
        Ok(Outcome {
            kubectl: plan.kubectl,
            kind: OutcomeKind::Changes,
            summary,
            text,
            data: serde_json::to_value(&changes).unwrap_or(Value::Null),
        })
    }

    /// The API calls a mutation consists of.
    async fn steps(
        &self,
        actor: &Actor,
        op: &Operation,
        t: &Target,
        api: &Api<DynamicObject>,
    ) -> Result<Vec<Step>> {
        let name = || {
            op.name
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default()
        };
        let builtin = op.resource.builtin().is_some();
        Ok(match op.verb {
            Verb::Scale => {
                if !t.resolved.has_subresource("scale") {
                    return Err(Error::Unsupported {
                        what: format!(
                            "scaling {} (they have no scale subresource)",
                            t.resolved.api.plural
                        ),
                    });
                }
                vec![Step::Patch {
                    name: name(),
                    subresource: Some("scale"),
                    patch: json!({"spec": {"replicas": op.params.replicas}}),
                    strategic: false,
                }]
            }
            Verb::RolloutRestart => {
                let now = self
                    .clock
                    .now()
                    .format(&time::format_description::well_known::Rfc3339)
                    .map_err(|e| Error::Api(e.to_string()))?;
                let patch = json!({"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: now}}}}});
                // One named workload, or those a selector (or `--all`)
                // picks in the namespace, bounded.
                self.targets(actor, op, t, api)
                    .await?
                    .into_iter()
                    .map(|o| Step::Patch {
                        name: o.metadata.name.unwrap_or_default(),
                        subresource: None,
                        patch: patch.clone(),
                        strategic: false,
                    })
                    .collect()
            }
            Verb::RolloutUndo => {
                let kind = t.resolved.api.kind.clone();
                if !matches!(kind.as_str(), "Deployment" | "StatefulSet" | "DaemonSet") {
                    return Err(Error::Unsupported {
                        what: format!("rollout undo of {}", t.resolved.api.plural),
                    });
                }
                let object = api
                    .get(&name())
                    .await
                    .map_err(|e| attempt(actor, "get", op, t).fail(e))?;
                let ns = t.namespace.clone().unwrap_or_default();
                let client = self.clients.for_actor(actor)?;
                let history = if kind == "Deployment" {
                    "replicasets"
                } else {
                    "controllerrevisions"
                };
                let history_kind = if kind == "Deployment" {
                    "ReplicaSet"
                } else {
                    "ControllerRevision"
                };
                let listed = crate::rollout::list_history(client, &ns, history_kind, history).await;
                let owned = listed.map_err(|e| {
                    Attempt {
                        user: &actor.user,
                        verb: "list",
                        resource: history,
                        name: None,
                        namespace: Some(&ns),
                    }
                    .fail(e)
                })?;
                let patch = if kind == "Deployment" {
                    let (_, template) =
                        crate::rollout::pick_revision(&object, &owned, op.params.to_revision)?;
                    crate::rollout::restore_patch(template)
                } else {
                    crate::rollout::pick_controller_revision(
                        &object,
                        &kind,
                        &owned,
                        op.params.to_revision,
                    )?
                    .1
                };
                vec![Step::Patch {
                    name: name(),
                    subresource: None,
                    patch,
                    strategic: true,
                }]
            }
            // kubectl refuses to pause a paused Deployment (or resume a
            // running one): so does the preview, naming it.
            Verb::RolloutPause | Verb::RolloutResume => {
                let object = api
                    .get(&name())
                    .await
                    .map_err(|e| attempt(actor, "get", op, t).fail(e))?;
                let pausing = op.verb == Verb::RolloutPause;
                let paused = object.data["spec"]["paused"].as_bool() == Some(true);
                if paused == pausing {
                    return Err(Error::Refused {
                        verb: op.verb.to_string(),
                        message: format!(
                            "deployment {} is {}",
                            name(),
                            if paused {
                                "already paused"
                            } else {
                                "not paused"
                            }
                        ),
                    });
                }
                vec![Step::Patch {
                    name: name(),
                    subresource: None,
                    patch: json!({"spec": {"paused": if pausing { json!(true) } else { Value::Null }}}),
                    strategic: false,
                }]
            }
            Verb::Taint => {
                let mut steps = Vec::new();
                for node in self.targets(actor, op, t, api).await? {
                    steps.push(Step::Patch {
                        name: node.metadata.name.clone().unwrap_or_default(),
                        subresource: None,
                        patch: crate::taint::patch(&node, &op.params.taints, op.params.overwrite)?,
                        strategic: false,
                    });
                }
                steps
            }
            // One named node, or those a label selector picks (bounded).
            Verb::Cordon | Verb::Uncordon => {
                let patch = json!({"spec": {"unschedulable": if op.verb == Verb::Cordon { json!(true) } else { Value::Null }}});
                // (A named node is patched as kubectl does, with no read
                // of it first.)
                let names = match &op.name {
                    Some(_) => vec![name()],
                    None => self
                        .targets(actor, op, t, api)
                        .await?
                        .into_iter()
                        .map(|node| node.metadata.name.unwrap_or_default())
                        .collect(),
                };
                names
                    .into_iter()
                    .map(|name| Step::Patch {
                        name,
                        subresource: None,
                        patch: patch.clone(),
                        strategic: false,
                    })
                    .collect()
            }
            Verb::Label | Verb::Annotate => {
                let (field, map) = if op.verb == Verb::Label {
                    ("labels", &op.params.labels)
                } else {
                    ("annotations", &op.params.annotations)
                };
                let mut steps = Vec::new();
                for obj in self.targets(actor, op, t, api).await? {
                    let current = if op.verb == Verb::Label {
                        &obj.metadata.labels
                    } else {
                        &obj.metadata.annotations
                    };
                    let oname = obj.metadata.name.clone().unwrap_or_default();
                    if !op.params.overwrite {
                        for (k, v) in map {
                            let existing = current.as_ref().and_then(|m| m.get(k));
                            if let (Some(old), Some(new)) = (existing, v)
                                && old != new
                            {
                                return Err(Error::Refused {
                                    verb: op.verb.to_string(),
                                    message: format!(
                                        "{oname} already has {k}={old}; ask to overwrite it to change the value"
                                    ),
                                });
                            }
                        }
                    }
                    steps.push(Step::Patch {
                        name: oname,
                        subresource: None,
                        patch: json!({"metadata": {field: map}}),
                        strategic: false,
                    });
                }
                steps
            }
            Verb::Delete => self
                .targets(actor, op, t, api)
                .await?
                .into_iter()
                .map(|o| Step::Delete {
                    name: o.metadata.name.unwrap_or_default(),
                })
                .collect(),
            Verb::Patch => {
                let mut patch: Value =
                    serde_json::from_str(op.params.patch.as_deref().unwrap_or("{}"))
                        .map_err(|e| Error::Api(format!("patch is not JSON: {e}")))?;
                // `set image deployment/web *=nginx:1.25`, or "set the
                // image of web to nginx:1.25" with no container said: the
                // object's one container, read as the asker. Several are
                // asked back by name, never all changed at once.
                if sole_container_asked(&patch) {
                    let live = self.targets(actor, op, t, api).await?;
                    let live = live.first().map(|o| &o.data).unwrap_or(&Value::Null);
                    fill_sole_container(&mut patch, live, &name())?;
                }
                vec![Step::Patch {
                    name: name(),
                    subresource: None,
                    patch,
                    strategic: builtin,
                }]
            }
            // "run the backup cronjob now": its job template, read as the
            // asker, becomes a Job of the name asked.
            Verb::Create if op.params.from_cronjob.is_some() => {
                let cronjob = op
                    .params
                    .from_cronjob
                    .as_ref()
                    .map(|c| c.as_str())
                    .unwrap_or_default();
                let client = self.clients.for_actor(actor)?;
                let ns = t.namespace.clone().unwrap_or_default();
                let cronjobs: Api<DynamicObject> = Api::namespaced_with(
                    client,
                    &ns,
                    &kube::api::ApiResource::erase::<k8s_openapi::api::batch::v1::CronJob>(&()),
                );
                let mut a = attempt(actor, "get", op, t);
                a.resource = "cronjobs";
                a.name = Some(cronjob);
                let obj = cronjobs.get(cronjob).await.map_err(|e| a.fail(e))?;
                let object = crate::drain::job_from_cronjob(&obj, &name())?;
                vec![Step::Create { object }]
            }
            Verb::Create | Verb::Apply => {
                let mut object =
                    crate::manifest::parse(op.params.manifest.as_deref().unwrap_or(""))?;
                let kind = object["kind"].as_str().unwrap_or("").to_owned();
                let version = object["apiVersion"].as_str().unwrap_or("").to_owned();
                if kind != t.resolved.api.kind || version != t.resolved.api.api_version {
                    return Err(Error::Refused {
                        verb: op.verb.to_string(),
                        message: format!(
                            "the manifest is a {kind} ({version}) but the request is for {} ({})",
                            t.resolved.api.plural, t.resolved.api.api_version
                        ),
                    });
                }
                let name = kubechat_core::ResourceName::parse(
                    object["metadata"]["name"].as_str().unwrap_or(""),
                )?
                .to_string();
                if let Some(ns) = &t.namespace {
                    match object["metadata"]["namespace"].as_str() {
                        Some(given) if given != ns => {
                            return Err(Error::Refused {
                                verb: op.verb.to_string(),
                                message: format!(
                                    "the manifest says namespace {given} but the request is for namespace {ns}"
                                ),
                            });
                        }
                        _ => object["metadata"]["namespace"] = json!(ns),
                    }
                }
                if op.verb == Verb::Create {
                    vec![Step::Create { object }]
                } else {
                    vec![Step::Apply { name, object }]
                }
            }
            Verb::Drain => {
                let mut steps = vec![Step::Patch {
                    name: name(),
                    subresource: None,
                    patch: json!({"spec": {"unschedulable": true}}),
                    strategic: false,
                }];
                let client = self.clients.for_actor(actor)?;
                let pods = crate::drain::pods_to_evict(client, actor, &name(), &op.params).await?;
                steps.extend(
                    pods.into_iter()
                        .map(|(namespace, name)| Step::Evict { namespace, name }),
                );
                steps
            }
            Verb::Expose => {
                let obj = api
                    .get(&name())
                    .await
                    .map_err(|e| attempt(actor, "get", op, t).fail(e))?;
                let object = crate::drain::service_for(&obj, &t.resolved.api.kind, &op.params)?;
                vec![Step::CreateService { object }]
            }
            other => {
                return Err(Error::Unsupported {
                    what: format!("kubectl {other}"),
                });
            }
        })
    }

    /// The objects a label/annotate/delete applies to: the named one, or
    /// those the selector matches (bounded).
    async fn targets(
        &self,
        actor: &Actor,
        op: &Operation,
        t: &Target,
        api: &Api<DynamicObject>,
    ) -> Result<Vec<DynamicObject>> {
        if let Some(n) = &op.name {
            return Ok(vec![
                api.get(n.as_str())
                    .await
                    .map_err(|e| attempt(actor, "get", op, t).fail(e))?,
            ]);
        }
        let lp = Self::list_params(op).limit(u32::try_from(MAX_TARGETS + 1).unwrap_or(u32::MAX));
        let list = api
            .list(&lp)
            .await
            .map_err(|e| attempt(actor, "list", op, t).fail(e))?;
        let more = list
            .metadata
            .continue_
            .as_ref()
            .is_some_and(|c| !c.is_empty());
        if list.items.len() > MAX_TARGETS || more {
            return Err(Error::TooMany {
                what: format!("{} {}", op.verb, t.resolved.api.plural),
                count: list.items.len(),
                max: MAX_TARGETS,
            });
        }
        Ok(list.items)
    }

    /// Runs one step (dry-run or for real) and reports its changes.
    #[allow(clippy::too_many_arguments)]
    async fn run_step(
        &self,
        actor: &Actor,
        client: &kube::Client,
        op: &Operation,
        t: &Target,
        api: &Api<DynamicObject>,
        step: &Step,
        dry_run: bool,
    ) -> Result<Vec<Change>> {
        let kind = t.resolved.singular();
        match step {
            Step::Patch {
                name,
                subresource,
                patch,
                strategic,
            } => {
                let mut a = attempt(actor, "patch", op, t);
                a.name = Some(name);
                let scale_resource = format!("{}/scale", t.resolved.api.plural);
                if subresource.is_some() {
                    a.resource = &scale_resource;
                }
                let before = match subresource {
                    Some(s) => api.get_subresource(s, name).await,
                    None => api.get(name).await,
                }
                .map_err(|e| a.with_verb("get").fail(e))?;
                let pp = PatchParams {
                    dry_run,
                    field_manager: Some(FIELD_MANAGER.to_owned()),
                    ..PatchParams::default()
                };
                let after = match (subresource, strategic) {
                    (Some(s), _) => {
                        api.patch_subresource(s, name, &pp, &Patch::Merge(patch))
                            .await
                    }
                    (None, true) => api.patch(name, &pp, &Patch::Strategic(patch)).await,
                    (None, false) => api.patch(name, &pp, &Patch::Merge(patch)).await,
                }
                .map_err(|e| a.fail(e))?;
                let mut before = clean(serde_json::to_value(before));
                let mut after = clean(serde_json::to_value(after));
                // A Scale leaves out a count of zero: it is 0, not unset.
                if *subresource == Some("scale") {
                    for v in [&mut before, &mut after] {
                        if v["spec"]["replicas"].is_null() {
                            v["spec"]["replicas"] = json!(0);
                        }
                    }
                }
                Ok(field_changes(
                    patch,
                    &before,
                    &after,
                    &format!("{kind}/{name}"),
                    &t.namespace,
                ))
            }
            Step::Create { object } => {
                // Created by server-side apply under the same field manager
                // later applies use, so KubeChat never conflicts with its
                // own create; refused when the object already exists.
                let name = object["metadata"]["name"].as_str().unwrap_or("").to_owned();
                let mut a = attempt(actor, "create", op, t);
                a.name = Some(&name);
                let exists = match &op.params.from_cronjob {
                    // An earlier run by hand holds the name.
                    Some(c) => format!(
                        "{kind}/{name} already exists; give the new run another name, as in \"kubectl create job {name}-2 --from=cronjob/{c}\""
                    ),
                    None => format!(
                        "{kind}/{name} already exists; ask to apply the manifest to change it"
                    ),
                };
                create_absent(api, &name, object, dry_run, &a, "create", exists).await?;
                Ok(vec![object_change(
                    format!("{kind}/{name}"),
                    t.namespace.clone(),
                    "absent",
                    json!("created"),
                )])
            }
            Step::Apply { name, object } => {
                let mut a = attempt(actor, "patch", op, t);
                a.name = Some(name);
                let before = match api
                    .get_opt(name)
                    .await
                    .map_err(|e| a.with_verb("get").fail(e))?
                {
                    Some(o) => clean(serde_json::to_value(o)),
                    None => Value::Null,
                };
                let mut pp = PatchParams::apply(FIELD_MANAGER);
                pp.dry_run = dry_run;
                let after = api
                    .patch(name, &pp, &Patch::Apply(object))
                    .await
                    .map_err(|e| a.fail(e))?;
                if before.is_null() {
                    return Ok(vec![object_change(
                        format!("{kind}/{name}"),
                        t.namespace.clone(),
                        "absent",
                        json!("created"),
                    )]);
                }
                let after = clean(serde_json::to_value(after));
                // Identity fields are the same on both sides by construction.
                let mut touched = object.clone();
                if let Some(m) = touched.as_object_mut() {
                    m.remove("apiVersion");
                    m.remove("kind");
                }
                if let Some(m) = touched["metadata"].as_object_mut() {
                    m.remove("name");
                    m.remove("namespace");
                }
                Ok(field_changes(
                    &touched,
                    &before,
                    &after,
                    &format!("{kind}/{name}"),
                    &t.namespace,
                ))
            }
            Step::Evict { namespace, name } => {
                // Written out rather than through `Api::evict`: kube-rs
                // sends the options as `delete_options`, which the API
                // server ignores, so a grace period would be lost.
                let mut delete_options = json!({"propagationPolicy": "Background"});
                if let Some(g) = op.params.grace_period {
                    delete_options["gracePeriodSeconds"] = json!(g);
                }
                if dry_run {
                    delete_options["dryRun"] = json!(["All"]);
                }
                let body = json!({
                    "apiVersion": "policy/v1",
                    "kind": "Eviction",
                    "metadata": {"name": name, "namespace": namespace},
                    "deleteOptions": delete_options,
                });
                let mut url = format!("/api/v1/namespaces/{namespace}/pods/{name}/eviction");
                if dry_run {
                    url.push_str("?dryRun=All");
                }
                let req = http::Request::post(url)
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .body(serde_json::to_vec(&body).unwrap_or_default())
                    .map_err(|e| Error::Api(e.to_string()))?;
                client.request::<Value>(req).await.map_err(|e| {
                    Attempt {
                        user: &actor.user,
                        verb: "create",
                        resource: "pods/eviction",
                        name: Some(name),
                        namespace: Some(namespace),
                    }
                    .fail(e)
                })?;
                Ok(vec![object_change(
                    format!("pod/{name}"),
                    Some(namespace.clone()),
                    "running",
                    json!("evicted"),
                )])
            }
            Step::CreateService { object } => {
                let ns = object["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned();
                let name = object["metadata"]["name"].as_str().unwrap_or("").to_owned();
                let gvk = kube::api::GroupVersionKind::gvk("", "v1", "Service");
                let ar = kube::discovery::ApiResource::from_gvk_with_plural(&gvk, "services");
                let services: Api<DynamicObject> = Api::namespaced_with(client.clone(), &ns, &ar);
                let a = Attempt {
                    user: &actor.user,
                    verb: "create",
                    resource: "services",
                    name: Some(&name),
                    namespace: Some(&ns),
                };
                let exists = format!("service/{name} already exists");
                create_absent(&services, &name, object, dry_run, &a, "expose", exists).await?;
                Ok(vec![Change {
                    object: format!("service/{name}"),
                    namespace: Some(ns),
                    field: "(object)".to_owned(),
                    from: json!("absent"),
                    // The type only when one was asked for (ClusterIP,
                    // the server's default, otherwise).
                    to: json!(format!(
                        "created{}, selecting {}",
                        object["spec"]["type"]
                            .as_str()
                            .map(|t| format!(" as {t}"))
                            .unwrap_or_default(),
                        serde_json::to_string(&object["spec"]["selector"]).unwrap_or_default()
                    )),
                }])
            }
            Step::Delete { name } => {
                let mut a = attempt(actor, "delete", op, t);
                a.name = Some(name);
                let dp = match op.params.cascade {
                    Some(kubechat_core::Cascade::Orphan) => DeleteParams::orphan(),
                    Some(kubechat_core::Cascade::Foreground) => DeleteParams::foreground(),
                    _ => DeleteParams::background(),
                };
                // A grace period said (0 with --force: no graceful
                // shutdown, the object is removed from the API at once).
                let dp = DeleteParams {
                    dry_run,
                    grace_period_seconds: op.params.grace_period,
                    ..dp
                };
                api.delete(name, &dp).await.map_err(|e| a.fail(e))?;
                // Kept dependents are part of what the person is shown.
                let after = match op.params.cascade {
                    Some(kubechat_core::Cascade::Orphan) => "deleted (its dependents kept)",
                    _ => "deleted",
                };
                Ok(vec![object_change(
                    format!("{kind}/{name}"),
                    t.namespace.clone(),
                    "exists",
                    json!(after),
                )])
            }
        }
    }
}

/// Creates `object` by server-side apply under KubeChat's field manager
/// (so later applies never conflict with KubeChat's own create), after
/// refusing with `exists` when an object of that name is already there.
async fn create_absent(
    api: &Api<DynamicObject>,
    name: &str,
    object: &Value,
    dry_run: bool,
    a: &Attempt<'_>,
    verb: &str,
    exists: String,
) -> Result<()> {
    if api
        .get_opt(name)
        .await
        .map_err(|e| a.with_verb("get").fail(e))?
        .is_some()
    {
        return Err(Error::Refused {
            verb: verb.to_owned(),
            message: exists,
        });
    }
    let mut pp = PatchParams::apply(FIELD_MANAGER);
    pp.dry_run = dry_run;
    api.patch(name, &pp, &Patch::Apply(object))
        .await
        .map_err(|e| a.fail(e))?;
    Ok(())
}

/// The fields `patch` touches whose value differs between `before` and
/// `after`, as changes of `object` (bounded).
fn field_changes(
    patch: &Value,
    before: &Value,
    after: &Value,
    object: &str,
    namespace: &Option<String>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_leaves(
        patch,
        before,
        after,
        &mut Vec::new(),
        &mut |path, from, to| {
            if from != to && changes.len() < MAX_CHANGES {
                changes.push(Change {
                    object: object.to_owned(),
                    namespace: namespace.clone(),
                    field: path.join("."),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        },
    );
    changes
}

/// How much harm the dry run shows `op` doing, whatever its verb: an
/// object deleted or evicted, replicas taken to zero, a container or
/// volume removed, or more than one object touched through a selector
/// (or `--all`) is destructive. The verb's own risk stays the floor.
pub fn effect_risk(op: &Operation, targets: usize, changes: &[Change]) -> Risk {
    let bulk = targets > 1 && (op.selector.is_some() || op.params.all);
    let harmful = changes.iter().any(|c| {
        let removes_part = c.field.split(['.', '[']).any(|seg| {
            matches!(
                seg,
                "containers"
                    | "initContainers"
                    | "ephemeralContainers"
                    | "volumes"
                    | "volumeMounts"
            )
        }) && match (&c.from, &c.to) {
            (Value::Array(a), Value::Array(b)) => b.len() < a.len(),
            (from, Value::Null) => !from.is_null(),
            _ => false,
        };
        (c.field == "(object)" && matches!(c.to.as_str(), Some("deleted" | "evicted")))
            || (c.field.rsplit('.').next() == Some("replicas")
                && c.to.as_i64() == Some(0)
                && c.from.as_i64() != Some(0))
            || removes_part
    });
    if bulk || harmful {
        Risk::Destructive
    } else {
        Risk::Mutate
    }
}

/// A whole-object change (created, deleted, evicted).
fn object_change(object: String, namespace: Option<String>, from: &str, to: Value) -> Change {
    Change {
        object,
        namespace,
        field: "(object)".to_owned(),
        from: json!(from),
        to,
    }
}

/// Walks the leaves of `patch` and reports the value at each leaf's path
/// before and after (a patch says which fields a mutation touches).
fn diff_leaves(
    patch: &Value,
    before: &Value,
    after: &Value,
    path: &mut Vec<String>,
    report: &mut dyn FnMut(&[String], &Value, &Value),
) {
    match patch {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                path.push(k.clone());
                diff_leaves(v, &before[k.as_str()], &after[k.as_str()], path, report);
                path.pop();
            }
        }
        // A list of named items (containers, ports, env), as a
        // strategic-merge patch names them: each item is followed by name
        // ("containers[app].resources.limits.memory 128Mi → 256Mi"), not
        // shown as a whole list before and after.
        Value::Array(items)
            if !items.is_empty()
                && items.iter().all(|i| i["name"].is_string())
                && path.last().is_some() =>
        {
            let by_name = |list: &Value, name: &Value| {
                list.as_array()
                    .and_then(|l| l.iter().find(|i| i["name"] == *name))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            // A list whose names differ before and after (a container the
            // change removes or adds) is shown whole: following only the
            // patch's items would hide what goes away.
            let names = |list: &Value| -> Vec<String> {
                let mut n: Vec<String> = list
                    .as_array()
                    .map(|l| {
                        l.iter()
                            .filter_map(|i| i["name"].as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                n.sort();
                n
            };
            let unique = |list: &Value| {
                let n = names(list);
                n.windows(2).all(|w| w[0] != w[1])
            };
            if names(before) != names(after) || !unique(before) || !unique(after) {
                report(path, before, after);
                return;
            }
            for item in items {
                let name = &item["name"];
                let (b, a) = (by_name(before, name), by_name(after, name));
                let last = path.pop().unwrap_or_default();
                path.push(format!("{last}[{}]", name.as_str().unwrap_or_default()));
                diff_leaves(item, &b, &a, path, report);
                path.pop();
                path.push(last);
            }
        }
        _ => report(path, before, after),
    }
}

/// An object as JSON without `managedFields` (noise for people).
fn clean(v: serde_json::Result<Value>) -> Value {
    let mut v = v.unwrap_or(Value::Null);
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    v
}

/// What stands in place of the logs a pod or a container could not give
/// (a refusal's own message, not its "refused:" framing).
fn in_place_of_logs(e: Error) -> String {
    match e {
        Error::Refused { message, .. } => message,
        other => other.to_string(),
    }
}

/// " holding \"TEXT\"" when `op` filters log lines by text, for the
/// summary of what was read.
fn holding(op: &Operation) -> String {
    op.params
        .grep
        .as_ref()
        .map(|g| format!(" holding {g:?}"))
        .unwrap_or_default()
}

/// The last lines of one container of pod `name`, as `op` asks them.
/// Filtered by text, the lines read are filtered, as the line `kubectl
/// logs --tail=N | grep -iF TEXT` says; without a tail, the last 10,000
/// are searched (still bounded in bytes).
async fn container_log_lines(
    actor: &Actor,
    op: &Operation,
    t: &Target,
    pods: &Api<Pod>,
    name: &str,
    container: &str,
) -> Result<Vec<String>> {
    let read_lines = match (op.params.tail, &op.params.grep) {
        (Some(t), _) => t,
        (None, Some(_)) => kubechat_core::operation::MAX_TAIL_LINES,
        (None, None) => DEFAULT_TAIL_LINES,
    };
    let lp = LogParams {
        container: Some(container.to_owned()),
        tail_lines: Some(i64::from(read_lines)),
        previous: op.params.previous,
        timestamps: op.params.timestamps,
        since_seconds: op
            .params
            .since
            .map(|s| i64::try_from(s.seconds()).unwrap_or(i64::MAX)),
        limit_bytes: Some(MAX_LOG_BYTES),
        ..LogParams::default()
    };
    let mut log_attempt = attempt(actor, "get", op, t);
    log_attempt.resource = "pods/log";
    let raw = pods
        .logs(name, &lp)
        .await
        .map_err(|e| log_attempt.fail(e))?;
    Ok(kubechat_core::operation::log_lines(
        &raw,
        op.params.grep.as_deref(),
        read_lines as usize,
    ))
}

/// The groups a review of `user`'s rights carries: those asked about,
/// and those the API server gives every such identity when it signs in —
/// a service account's groups, and `system:authenticated` — so bindings
/// to them count as they would for the real identity. Groups a person's
/// identity provider gives are not known here; they are asked about
/// with `--as-group`.
fn subject_groups(user: &str, asked: &[String]) -> Vec<String> {
    let mut groups: Vec<String> = asked.to_vec();
    if user == "system:anonymous" {
        groups.push("system:unauthenticated".into());
        return groups;
    }
    if let Some((ns, _)) = user
        .strip_prefix("system:serviceaccount:")
        .and_then(|r| r.split_once(':'))
    {
        groups.push("system:serviceaccounts".into());
        groups.push(format!("system:serviceaccounts:{ns}"));
    }
    groups.push("system:authenticated".into());
    groups.dedup();
    groups
}

fn attempt<'a>(actor: &'a Actor, verb: &'a str, op: &'a Operation, t: &'a Target) -> Attempt<'a> {
    Attempt {
        user: &actor.user,
        verb,
        resource: &t.shown,
        name: op.name.as_ref().map(|n| n.as_str()),
        namespace: t.namespace.as_deref(),
    }
}

/// What `--sort-by` orders by: numbers as numbers, everything else as
/// text (RFC 3339 times sort as text); rows without the field come first,
/// as kubectl puts them.
#[derive(PartialEq, PartialOrd)]
enum SortKey {
    Missing,
    Number(f64),
    Text(String),
}

/// `a` before, with, or after `b` by `path` (NaN-free: numbers come
/// from JSON).
fn by_path(path: &kubechat_core::fieldpath::FieldPath, a: &Value, b: &Value) -> std::cmp::Ordering {
    sort_key(path, a)
        .partial_cmp(&sort_key(path, b))
        .unwrap_or(std::cmp::Ordering::Equal)
}

fn sort_key(path: &kubechat_core::fieldpath::FieldPath, object: &Value) -> SortKey {
    match path.eval(object).first() {
        None | Some(Value::Null) => SortKey::Missing,
        Some(Value::Number(n)) => SortKey::Number(n.as_f64().unwrap_or(0.0)),
        // Quantities ("10Gi", "500m") in their order, as kubectl sorts
        // them, not as text ("10Gi" before "2Gi").
        Some(Value::String(s)) => crate::quantity::memory_bytes(s)
            .map(|b| b as f64)
            .or_else(|| {
                s.ends_with(['m', 'n', 'u'])
                    .then(|| crate::quantity::cpu_nanocores(s))
                    .flatten()
                    .map(|n| n as f64 / 1e9)
            })
            .map_or_else(|| SortKey::Text(s.clone()), SortKey::Number),
        Some(other) => SortKey::Text(other.to_string()),
    }
}

/// `-o custom-columns`: one column per path, values joined by commas,
/// `<none>` where absent, rows in `--sort-by` order. The data is a
/// meta.k8s.io Table, so every client shows it as it shows the server's.
fn custom_columns(op: &Operation, mut objects: Vec<Value>, what: &str, place: &str) -> Outcome {
    if let Some(path) = &op.params.sort_by {
        objects.sort_by(|a, b| by_path(path, a, b));
    }
    let cols = &op.params.columns;
    let mut grid = vec![
        cols.iter()
            .map(|c| c.header.to_ascii_uppercase())
            .collect::<Vec<_>>(),
    ];
    let rows: Vec<Value> = objects
        .iter()
        .map(|o| {
            let cells: Vec<String> = cols.iter().map(|c| c.path.cell(o)).collect();
            grid.push(cells.clone());
            json!({ "cells": cells, "object": {"metadata": o["metadata"]} })
        })
        .collect();
    let n = rows.len();
    let text = if n == 0 {
        format!("No resources found{place}.\n")
    } else {
        table::align(&grid)
    };
    Outcome {
        kubectl: kubectl::render(op),
        kind: OutcomeKind::Table,
        summary: if n == 0 {
            format!("no {what} found{place}")
        } else {
            format!("{n} {what}{place}")
        },
        text,
        data: json!({
            "kind": "Table",
            "apiVersion": "meta.k8s.io/v1",
            "columnDefinitions": cols
                .iter()
                .map(|c| json!({"name": c.header, "type": "string", "priority": 0}))
                .collect::<Vec<_>>(),
            "rows": rows,
        }),
    }
}

/// One row of `kubectl top`: the usage shown, and read as numbers to
/// order by.
struct Usage {
    cpu: String,
    memory: String,
    nanocores: Option<u64>,
    bytes: Option<u64>,
}

impl Usage {
    /// A node's usage, or a pod's summed over its containers as kubectl
    /// shows it (`121m`, `188Mi`). A quantity that cannot be read is shown
    /// as written, its containers' joined with `+`, and ordered last.
    fn of(m: &DynamicObject, node: bool) -> Usage {
        let usages: Vec<&Value> = if node {
            vec![&m.data["usage"]]
        } else {
            m.data["containers"]
                .as_array()
                .map(|cs| cs.iter().map(|c| &c["usage"]).collect())
                .unwrap_or_default()
        };
        let field = |key: &str, read: fn(&str) -> Option<u64>, show: fn(u64) -> String| {
            let raw: Vec<&str> = usages.iter().filter_map(|u| u[key].as_str()).collect();
            let total = raw
                .iter()
                .try_fold(0u64, |sum, q| sum.checked_add(read(q)?));
            match total {
                Some(t) if !raw.is_empty() => (show(t), Some(t)),
                _ => (raw.join("+"), None),
            }
        };
        let (cpu, nanocores) = field(
            "cpu",
            crate::quantity::cpu_nanocores,
            crate::quantity::cpu_text,
        );
        let (memory, bytes) = field(
            "memory",
            crate::quantity::memory_bytes,
            crate::quantity::memory_text,
        );
        Usage {
            cpu,
            memory,
            nanocores,
            bytes,
        }
    }
}

fn place(t: &Target) -> String {
    match &t.namespace {
        Some(ns) => format!(" in namespace {ns}"),
        None if t.resolved.namespaced => " in all namespaces".to_owned(),
        None => String::new(),
    }
}

fn event_time(e: &Event) -> i64 {
    e.last_timestamp
        .as_ref()
        .map(|t| t.0.as_second())
        .or_else(|| e.event_time.as_ref().map(|t| t.0.as_second()))
        .or_else(|| e.first_timestamp.as_ref().map(|t| t.0.as_second()))
        .or_else(|| {
            e.metadata
                .creation_timestamp
                .as_ref()
                .map(|t| t.0.as_second())
        })
        .unwrap_or(0)
}

pub(crate) fn sort_newest_first(events: &mut [Event]) {
    events.sort_by_key(|e| std::cmp::Reverse(event_time(e)));
}

/// kubectl-style age of `then` at `now` (unix seconds).
pub(crate) fn age(now: i64, then: i64) -> String {
    kubechat_core::display::age(now - then)
}

pub(crate) fn render_events(events: &[Event], now: i64, namespaces: bool) -> String {
    let mut grid = vec![
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>(),
    ];
    if namespaces {
        grid[0].insert(0, "NAMESPACE".to_owned());
    }
    for e in events {
        let obj = &e.involved_object;
        let mut row = vec![
            age(now, event_time(e)),
            e.type_.clone().unwrap_or_default(),
            e.reason.clone().unwrap_or_default(),
            format!(
                "{}/{}",
                obj.kind.clone().unwrap_or_default().to_ascii_lowercase(),
                obj.name.clone().unwrap_or_default()
            ),
            e.message
                .clone()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .take(300)
                .collect(),
        ];
        if namespaces {
            row.insert(0, e.metadata.namespace.clone().unwrap_or_default());
        }
        grid.push(row);
    }
    table::align(&grid)
}

pub(crate) fn events_json(events: &[Event]) -> Value {
    Value::Array(
        events
            .iter()
            .map(|e| {
                json!({
                    "time": event_time(e),
                    "type": e.type_,
                    "reason": e.reason,
                    "object": format!("{}/{}", e.involved_object.kind.clone().unwrap_or_default().to_ascii_lowercase(), e.involved_object.name.clone().unwrap_or_default()),
                    "message": e.message,
                    "count": e.count,
                })
            })
            .collect(),
    )
}

/// How often a waited-for rollout is read again.
const ROLLOUT_POLL: Duration = Duration::from_secs(2);

/// kubectl-style rollout status of a Deployment, StatefulSet or DaemonSet.
fn rollout_message(kind: &str, name: &str, obj: &DynamicObject) -> (bool, String) {
    let s = &obj.data["status"];
    let spec = &obj.data["spec"];
    let n = |v: &Value| v.as_i64().unwrap_or(0);
    let generation = obj.metadata.generation.unwrap_or(0);
    if n(&s["observedGeneration"]) < generation {
        return (
            false,
            format!(
                "Waiting for {} \"{name}\" spec update to be observed...",
                kind.to_ascii_lowercase()
            ),
        );
    }
    let (want, updated, available) = match kind {
        "DaemonSet" => (
            n(&s["desiredNumberScheduled"]),
            n(&s["updatedNumberScheduled"]),
            n(&s["numberAvailable"]),
        ),
        _ => (
            spec["replicas"].as_i64().unwrap_or(1),
            n(&s["updatedReplicas"]),
            n(&s["availableReplicas"]),
        ),
    };
    let k = kind.to_ascii_lowercase();
    if updated < want {
        (
            false,
            format!(
                "Waiting for {k} \"{name}\" rollout to finish: {updated} of {want} updated replicas are available..."
            ),
        )
    } else if available < want {
        (
            false,
            format!(
                "Waiting for {k} \"{name}\" rollout to finish: {available} of {want} updated replicas are available..."
            ),
        )
    } else {
        (true, format!("{k} \"{name}\" successfully rolled out"))
    }
}

/// The change in replicas that `pct` percent of `current` means: rounded
/// to the nearest whole replica (halves away from zero), and at least one
/// replica when the count is not zero, so "up by 10%" of 3 still moves.
pub fn percent_change(current: i64, pct: i32) -> i64 {
    let exact = current * i64::from(pct);
    let rounded = (exact.abs() + 50) / 100 * exact.signum();
    if rounded == 0 && current != 0 {
        i64::from(pct.signum())
    } else {
        rounded
    }
}

#[cfg(test)]
mod percent_tests {
    use super::percent_change;

    #[test]
    fn percentages_round_and_move_at_least_one() {
        assert_eq!(percent_change(4, -50), -2);
        assert_eq!(percent_change(3, -50), -2);
        assert_eq!(percent_change(3, 100), 3);
        assert_eq!(percent_change(3, 10), 1);
        assert_eq!(percent_change(0, 100), 0);
        assert_eq!(percent_change(5, -100), -5);
    }
}

#[cfg(test)]
mod diff_tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn named_list_items_are_followed_by_name() {
        let before = json!({"spec": {"containers": [{"name": "side", "image": "s:1"}, {"name": "app", "image": "a:1", "resources": {"limits": {"memory": "128Mi"}}}]}});
        let mut after = before.clone();
        after["spec"]["containers"][1]["resources"]["limits"]["memory"] = json!("256Mi");
        let patch = json!({"spec": {"containers": [{"name": "app", "resources": {"limits": {"memory": "256Mi"}}}]}});
        let mut seen = Vec::new();
        diff_leaves(
            &patch,
            &before,
            &after,
            &mut Vec::new(),
            &mut |p, from, to| {
                if from != to {
                    seen.push(format!("{} {from} → {to}", p.join(".")));
                }
            },
        );
        assert_eq!(
            seen,
            [r#"spec.containers[app].resources.limits.memory "128Mi" → "256Mi""#]
        );
        // A change that removes a container (a rollback past a sidecar)
        // shows the whole list, so what goes away is seen.
        let rolled_back = json!({"spec": {"containers": [{"name": "app", "image": "a:0"}]}});
        let undo = json!({"spec": {"containers": [{"name": "app", "image": "a:0"}]}});
        let mut whole = Vec::new();
        diff_leaves(
            &undo,
            &before,
            &rolled_back,
            &mut Vec::new(),
            &mut |p, from, to| {
                if from != to {
                    whole.push((p.join("."), from.clone(), to.clone()));
                }
            },
        );
        assert_eq!(whole.len(), 1, "{whole:?}");
        assert_eq!(whole[0].0, "spec.containers");
        assert!(whole[0].1.to_string().contains("side"));
    }
}

#[cfg(test)]
mod effect_tests {
    use kubechat_core::kubectl;
    use serde_json::json;

    use super::*;

    fn change(field: &str, from: Value, to: Value) -> Change {
        Change {
            object: "deployment/web".to_owned(),
            namespace: Some("shop".to_owned()),
            field: field.to_owned(),
            from,
            to,
        }
    }

    #[test]
    fn risk_follows_what_the_dry_run_shows() {
        let apply = kubectl::parse("kubectl scale deployment/web --replicas=3").unwrap();
        let mutate = |changes: &[Change]| effect_risk(&apply, 1, changes);
        assert_eq!(
            mutate(&[change("spec.replicas", json!(2), json!(3))]),
            Risk::Mutate
        );
        // Replicas reaching zero, whatever verb got there (a patch, an
        // applied manifest); already at zero is no loss.
        assert_eq!(
            mutate(&[change("spec.replicas", json!(2), json!(0))]),
            Risk::Destructive
        );
        assert_eq!(
            mutate(&[change("spec.replicas", json!(0), json!(0))]),
            Risk::Mutate
        );
        // A container or volume removed: the named item gone, or a list
        // grown shorter.
        assert_eq!(
            mutate(&[change(
                "spec.template.spec.containers[sidecar]",
                json!({"name": "sidecar"}),
                Value::Null
            )]),
            Risk::Destructive
        );
        assert_eq!(
            mutate(&[change(
                "spec.template.spec.volumes",
                json!([{"name": "a"}, {"name": "b"}]),
                json!([{"name": "a"}])
            )]),
            Risk::Destructive
        );
        assert_eq!(
            mutate(&[change(
                "spec.template.spec.containers[app].image",
                json!("a:1"),
                json!("a:2")
            )]),
            Risk::Mutate,
            "a changed image is a change, not a removal"
        );
        assert_eq!(
            mutate(&[change("(object)", json!("running"), json!("evicted"))]),
            Risk::Destructive
        );
        // More than one object through a selector; one is not.
        let bulk = kubectl::parse("kubectl label pods -l app=web tier=x").unwrap();
        let one = [change("metadata.labels.tier", Value::Null, json!("x"))];
        assert_eq!(effect_risk(&bulk, 3, &one), Risk::Destructive);
        assert_eq!(effect_risk(&apply, 1, &one), Risk::Mutate);
    }
}
/// Whether a patch sets the image of the container `*` (kubectl's "every
/// container"), which is resolved against the live object.
fn sole_container_asked(patch: &Value) -> bool {
    kubechat_core::kubectl::containers_at(patch)
        .and_then(|at| patch.pointer(at))
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c["name"].as_str() == Some("*")))
}

/// Puts the live object's one container's name where the patch says
/// `*`; an object with several containers is refused with their names,
/// since setting one image on a sidecar and an app alike breaks both.
fn fill_sole_container(patch: &mut Value, live: &Value, name: &str) -> Result<()> {
    let names: Vec<&str> = kubechat_core::kubectl::containers_at(live)
        .and_then(|at| live.pointer(at))
        .and_then(Value::as_array)
        .map(|cs| cs.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    let [only] = names.as_slice() else {
        return Err(Error::Refused {
            verb: "set image".into(),
            message: if names.is_empty() {
                format!("{name} has no containers to set an image on")
            } else {
                format!(
                    "{name} has {} containers ({}); say which one gets the image (set image TYPE/{name} CONTAINER=IMAGE)",
                    names.len(),
                    names.join(", ")
                )
            },
        });
    };
    if let Some(cs) = kubechat_core::kubectl::containers_at(patch)
        .and_then(|at| patch.pointer_mut(at))
        .and_then(Value::as_array_mut)
    {
        for c in cs.iter_mut().filter(|c| c["name"].as_str() == Some("*")) {
            c["name"] = json!(only);
        }
    }
    Ok(())
}
