//! The objects `kubectl create KIND NAME --flags` writes besides a
//! namespace, a ConfigMap, a Deployment and a service account: RBAC
//! roles and their bindings, resource quotas, pod disruption budgets,
//! priority classes, and services of a type.
//!
//! Each is written here as the manifest kubectl would send, so the
//! executor creates it like any other object — previewed by a server-side
//! dry run, audited before it is applied, and made as the asking user, so
//! the cluster's own RBAC decides (a role granting more than its maker
//! holds is refused by the API server's escalation check, not here).
//! [`line`] reads a manifest back into the line that writes it; the
//! caller keeps a line only when it writes that manifest exactly.

use serde_json::{Map, Value, json};

use crate::kubectl::{Flags, cl};
use crate::names::{Namespace, ResourceName};
use crate::resources::ResourceType;
use crate::{Error, Result};

/// The words after `kubectl create` that name one of these generators.
pub(crate) const KINDS: &[&str] = &[
    "role",
    "clusterrole",
    "rolebinding",
    "clusterrolebinding",
    "quota",
    "resourcequota",
    "pdb",
    "poddisruptionbudget",
    "priorityclass",
    "pc",
    "service",
    "svc",
];

/// Flags only these generators take, each with a value.
pub(crate) const VALUE_FLAGS: &[&str] = &[
    "--verb",
    "--resource",
    "--resource-name",
    "--clusterrole",
    "--role",
    "--group",
    "--serviceaccount",
    "--hard",
    "--scopes",
    "--min-available",
    "--max-unavailable",
    "--value",
    "--description",
    "--preemption-policy",
    "--tcp",
    "--clusterip",
    "--node-port",
    "--external-name",
];

/// The types `kubectl create service TYPE` takes.
const SERVICE_TYPES: &[&str] = &["clusterip", "nodeport", "loadbalancer", "externalname"];

/// Whether a Role's rule may grant `verb`: the RBAC verbs `auth can-i`
/// asks about, and `use` (of a policy object).
fn rule_verb(verb: &str) -> bool {
    crate::operation::CAN_I_ACTIONS.contains(&verb) || verb == "use"
}

/// Scopes a ResourceQuota may be limited to.
const QUOTA_SCOPES: &[&str] = &[
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
    "VolumeAttributesClass",
];

/// Most rules, subjects, quota entries or ports one line may carry:
/// bounded input, far above what anyone types.
const MAX_ITEMS: usize = 64;

/// Highest priority a user-made PriorityClass may have (the API server's
/// limit; higher values are reserved for system classes).
const MAX_PRIORITY: i64 = 1_000_000_000;

const RBAC: &str = "rbac.authorization.k8s.io";

/// What `kubectl create KIND …` makes: its type, its name and its
/// manifest. `kind` is one of [`KINDS`]; `pos` are the words after
/// `create`. The namespace flags are left to the caller.
pub(crate) fn create(
    kind: &str,
    pos: &[String],
    flags: &mut Flags,
) -> Result<(ResourceType, ResourceName, Value)> {
    // `kubectl create service clusterip NAME`: the type comes first.
    let (kind, service_type, rest) = match kind {
        "service" | "svc" => {
            let t = pos.get(1).ok_or_else(|| {
                cl("kubectl create service needs a type: clusterip, nodeport, loadbalancer or externalname")
            })?;
            if !SERVICE_TYPES.contains(&t.to_ascii_lowercase().as_str()) {
                return Err(cl(format!(
                    "kubectl create service takes a type first: clusterip, nodeport, loadbalancer or externalname, not '{t}'"
                )));
            }
            ("service", Some(t.as_str()), &pos[2..])
        }
        other => (other, None, &pos[1..]),
    };
    let shown = match service_type {
        Some(t) => format!("create service {t}"),
        None => format!("create {kind}"),
    };
    let name = match rest {
        [one] => ResourceName::parse(one)?,
        [] => return Err(cl(format!("kubectl {shown} needs a name"))),
        more => {
            return Err(cl(format!(
                "kubectl {shown} takes one name, not '{}'",
                more.join(" ")
            )));
        }
    };
    let (plural, manifest) = match kind {
        "role" => ("roles", role(false, &name, flags)?),
        "clusterrole" => ("clusterroles", role(true, &name, flags)?),
        "rolebinding" => ("rolebindings", binding(false, &name, flags)?),
        "clusterrolebinding" => ("clusterrolebindings", binding(true, &name, flags)?),
        "quota" | "resourcequota" => ("resourcequotas", quota(&name, flags)?),
        "pdb" | "poddisruptionbudget" => ("poddisruptionbudgets", pdb(&name, flags)?),
        "priorityclass" | "pc" => ("priorityclasses", priority_class(&name, flags)?),
        _ => (
            "services",
            service(service_type.unwrap_or(""), &name, flags)?,
        ),
    };
    Ok((ResourceType::parse(plural)?, name, manifest))
}

/// Every value of a repeatable flag, each also split at commas
/// (`--verb=get,list --verb=watch`), bounded.
fn listed(flags: &mut Flags, flag: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    while let Some(v) = flags.take(&[flag]) {
        for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if !out.iter().any(|o| o == item) {
                out.push(item.to_owned());
            }
        }
        if out.len() > MAX_ITEMS {
            return Err(cl(format!("{flag} takes at most {MAX_ITEMS} values")));
        }
    }
    Ok(out)
}

/// Every value of a repeatable flag as given (user and group names may
/// hold commas), bounded.
fn repeated(flags: &mut Flags, flag: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    while let Some(v) = flags.take(&[flag]) {
        out.push(v);
        if out.len() > MAX_ITEMS {
            return Err(cl(format!("{flag} is given at most {MAX_ITEMS} times")));
        }
    }
    Ok(out)
}

/// A Role or ClusterRole: `--verb=get,list --resource=pods,deployments.apps
/// [--resource-name=web]`, one rule per API group as kubectl writes them.
fn role(cluster: bool, name: &ResourceName, flags: &mut Flags) -> Result<Value> {
    let what = if cluster { "clusterrole" } else { "role" };
    let verbs = listed(flags, "--verb")?;
    if verbs.is_empty() {
        return Err(cl(format!(
            "kubectl create {what} needs --verb (e.g. --verb=get,list,watch)"
        )));
    }
    if let Some(bad) = verbs.iter().find(|v| !rule_verb(v)) {
        return Err(cl(format!(
            "'{bad}' is not a verb a role grants; use {}, or use",
            crate::operation::CAN_I_ACTIONS.join(", ")
        )));
    }
    let resources = listed(flags, "--resource")?;
    if resources.is_empty() {
        return Err(cl(format!(
            "kubectl create {what} needs --resource (e.g. --resource=pods,deployments.apps)"
        )));
    }
    let names = listed(flags, "--resource-name")?;
    for n in &names {
        ResourceName::parse(n)?;
    }
    // One rule per API group, groups in the order first named.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for r in &resources {
        let (group, resource) = rule_resource(r)?;
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(resource),
            None => groups.push((group, vec![resource])),
        }
    }
    let rules: Vec<Value> = groups
        .into_iter()
        .map(|(group, resources)| {
            let mut rule = json!({"apiGroups": [group], "resources": resources, "verbs": verbs});
            if !names.is_empty() {
                rule["resourceNames"] = json!(names);
            }
            rule
        })
        .collect();
    Ok(json!({
        "apiVersion": format!("{RBAC}/v1"),
        "kind": if cluster { "ClusterRole" } else { "Role" },
        "metadata": {"name": name.as_str()},
        "rules": rules,
    }))
}

/// A rule's `--resource` word as (API group, resource): a built-in type
/// by any of its names (`deploy` → `deployments` in `apps`), a
/// subresource after a slash (`pods/log`), or `plural.group` for a type
/// KubeChat does not know.
fn rule_resource(word: &str) -> Result<(String, String)> {
    let (base, sub) = match word.split_once('/') {
        Some((b, s)) => (b, Some(s)),
        None => (word, None),
    };
    if let Some(s) = sub
        && (s.is_empty() || !s.chars().all(|c| c.is_ascii_lowercase() || c == '-') || s.len() > 63)
    {
        return Err(cl(format!(
            "'{word}': a subresource is lowercase letters (pods/log, deployments/scale)"
        )));
    }
    let (group, plural) = match crate::resources::lookup(base) {
        Some(info) => (info.group.to_owned(), info.plural.to_owned()),
        None => match base.split_once('.') {
            Some((plural, group))
                if ResourceType::parse(plural).is_ok() && ResourceName::parse(group).is_ok() =>
            {
                (group.to_owned(), plural.to_owned())
            }
            _ => {
                return Err(cl(format!(
                    "'{base}' is not a type KubeChat knows; name a custom type as plural.group (widgets.example.com)"
                )));
            }
        },
    };
    Ok((
        group,
        match sub {
            Some(s) => format!("{plural}/{s}"),
            None => plural,
        },
    ))
}

/// A RoleBinding or ClusterRoleBinding: the role it grants
/// (`--clusterrole=view`, or `--role=reader` in a RoleBinding) and who
/// it grants it to (`--user`, `--group`, `--serviceaccount=NS:NAME`).
fn binding(cluster: bool, name: &ResourceName, flags: &mut Flags) -> Result<Value> {
    let what = if cluster {
        "clusterrolebinding"
    } else {
        "rolebinding"
    };
    let role_ref = match (flags.take(&["--clusterrole"]), flags.take(&["--role"])) {
        (Some(r), None) => ("ClusterRole", r),
        (None, Some(r)) if !cluster => ("Role", r),
        (None, Some(_)) => {
            return Err(cl(
                "a ClusterRoleBinding grants a ClusterRole (--clusterrole=NAME), not a Role",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(cl(format!(
                "kubectl create {what} takes --clusterrole or --role, not both"
            )));
        }
        (None, None) => {
            return Err(cl(format!(
                "kubectl create {what} needs the role it grants: --clusterrole=NAME{}",
                if cluster { "" } else { " or --role=NAME" }
            )));
        }
    };
    ResourceName::parse(&role_ref.1)?;
    let mut subjects = Vec::new();
    for user in repeated(flags, "--user")? {
        subjects.push(json!({"kind": "User", "apiGroup": RBAC, "name": subject_name(&user)?}));
    }
    for group in repeated(flags, "--group")? {
        subjects.push(json!({"kind": "Group", "apiGroup": RBAC, "name": subject_name(&group)?}));
    }
    for sa in repeated(flags, "--serviceaccount")? {
        let (ns, n) = sa.split_once(':').ok_or_else(|| {
            cl(format!(
                "--serviceaccount takes NAMESPACE:NAME (e.g. ci:deployer), not '{sa}'"
            ))
        })?;
        let ns = Namespace::parse(ns)?;
        let n = ResourceName::parse(n)?;
        subjects
            .push(json!({"kind": "ServiceAccount", "name": n.as_str(), "namespace": ns.as_str()}));
    }
    // A binding with nobody in it grants nothing: almost surely a slip.
    if subjects.is_empty() {
        return Err(cl(format!(
            "kubectl create {what} needs whom it binds: --user=NAME, --group=NAME or --serviceaccount=NAMESPACE:NAME"
        )));
    }
    if subjects.len() > MAX_ITEMS {
        return Err(cl(format!(
            "a binding here names at most {MAX_ITEMS} subjects"
        )));
    }
    Ok(json!({
        "apiVersion": format!("{RBAC}/v1"),
        "kind": if cluster { "ClusterRoleBinding" } else { "RoleBinding" },
        "metadata": {"name": name.as_str()},
        "roleRef": {"apiGroup": RBAC, "kind": role_ref.0, "name": role_ref.1},
        "subjects": subjects,
    }))
}

/// A user or group name as RBAC takes it: free text from the identity
/// provider, so only bounded and printable.
fn subject_name(s: &str) -> Result<String> {
    if s.is_empty() || s.len() > 253 || s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(cl(format!(
            "'{s}' is not a user or group name (one word of at most 253 characters)"
        )));
    }
    Ok(s.to_owned())
}

/// A quantity as Kubernetes writes one (`2`, `500m`, `1.5Gi`, `1e3`),
/// checked by shape; the API server checks its range.
fn check_quantity(what: &str, q: &str) -> Result<()> {
    let number_end = q
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map_or(q.len(), |(i, _)| i);
    let (number, suffix) = q.split_at(number_end);
    let digits = number.trim_start_matches(['+', '-']);
    let number_ok = !digits.is_empty()
        && digits != "."
        && digits.matches('.').count() <= 1
        && digits.len() <= 30;
    let suffix_ok = matches!(
        suffix,
        "" | "m" | "k" | "M" | "G" | "T" | "P" | "E" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei"
    ) || suffix
        .strip_prefix(['e', 'E'])
        .map(|e| e.trim_start_matches(['+', '-']))
        .is_some_and(|e| !e.is_empty() && e.len() <= 3 && e.chars().all(|c| c.is_ascii_digit()));
    if number_ok && suffix_ok {
        Ok(())
    } else {
        Err(cl(format!(
            "{what}: '{q}' is not a quantity (e.g. 10, 500m, 2Gi)"
        )))
    }
}

/// A ResourceQuota: `--hard=pods=10,requests.memory=2Gi [--scopes=BestEffort]`.
fn quota(name: &ResourceName, flags: &mut Flags) -> Result<Value> {
    let hard = flags.take(&["--hard"]).ok_or_else(|| {
        cl("kubectl create quota needs the limits: --hard=pods=10,requests.cpu=2,requests.memory=2Gi")
    })?;
    if flags.has(&["--hard"]) {
        return Err(cl(
            "kubectl create quota takes one --hard list (KEY=VALUE,KEY=VALUE)",
        ));
    }
    let mut limits = Map::new();
    for pair in hard.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').ok_or_else(|| {
            cl(format!(
                "--hard takes RESOURCE=QUANTITY pairs, not '{pair}'"
            ))
        })?;
        let key_ok = !k.is_empty()
            && k.len() <= 253
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || "./-_".contains(c));
        if !key_ok {
            return Err(cl(format!(
                "--hard: '{k}' is not a resource name (pods, requests.memory, count/deployments.apps)"
            )));
        }
        check_quantity(&format!("--hard {k}"), v)?;
        limits.insert(k.to_owned(), Value::String(v.to_owned()));
    }
    if limits.is_empty() || limits.len() > MAX_ITEMS {
        return Err(cl(format!(
            "--hard takes 1 to {MAX_ITEMS} RESOURCE=QUANTITY pairs"
        )));
    }
    let mut spec = json!({"hard": limits});
    let scopes = listed(flags, "--scopes")?;
    if let Some(bad) = scopes.iter().find(|s| !QUOTA_SCOPES.contains(&s.as_str())) {
        return Err(cl(format!(
            "'{bad}' is not a quota scope; use {}",
            QUOTA_SCOPES.join(", ")
        )));
    }
    if !scopes.is_empty() {
        spec["scopes"] = json!(scopes);
    }
    Ok(json!({
        "apiVersion": "v1", "kind": "ResourceQuota",
        "metadata": {"name": name.as_str()},
        "spec": spec,
    }))
}

/// `--min-available` / `--max-unavailable`: a count or a percentage.
fn int_or_percent(flag: &str, v: &str) -> Result<Value> {
    if let Some(p) = v.strip_suffix('%') {
        match p.parse::<u8>() {
            Ok(n) if n <= 100 => return Ok(Value::String(v.to_owned())),
            _ => {}
        }
    } else if let Ok(n) = v.parse::<u32>() {
        return Ok(json!(n));
    }
    Err(cl(format!(
        "{flag} takes a number of pods or a percentage (1, 50%), not '{v}'"
    )))
}

/// A PodDisruptionBudget: `--selector=app=web` and one of
/// `--min-available` or `--max-unavailable`.
fn pdb(name: &ResourceName, flags: &mut Flags) -> Result<Value> {
    let selector = flags
        .take(&["--selector", "-l"])
        .ok_or_else(|| cl("kubectl create pdb needs the pods it covers: --selector=app=NAME"))?;
    let mut labels = Map::new();
    for pair in selector.split(',') {
        let (k, v) = pair
            .split_once('=')
            .filter(|(k, _)| !k.ends_with('!'))
            .ok_or_else(|| {
                cl(format!(
                    "a disruption budget here selects by KEY=VALUE labels (app=web), not '{pair}'"
                ))
            })?;
        let v = v.strip_prefix('=').unwrap_or(v);
        crate::names::check_label_key(k)?;
        crate::names::check_label_value(v)?;
        labels.insert(k.to_owned(), Value::String(v.to_owned()));
    }
    let mut spec = json!({"selector": {"matchLabels": labels}});
    match (
        flags.take(&["--min-available"]),
        flags.take(&["--max-unavailable"]),
    ) {
        (Some(m), None) => spec["minAvailable"] = int_or_percent("--min-available", &m)?,
        (None, Some(m)) => spec["maxUnavailable"] = int_or_percent("--max-unavailable", &m)?,
        (Some(_), Some(_)) => {
            return Err(cl(
                "a disruption budget takes --min-available or --max-unavailable, not both",
            ));
        }
        (None, None) => {
            return Err(cl(
                "kubectl create pdb needs --min-available=N or --max-unavailable=N (a count or a percentage)",
            ));
        }
    }
    Ok(json!({
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
        "metadata": {"name": name.as_str()},
        "spec": spec,
    }))
}

/// A PriorityClass: `--value=N [--description=TEXT] [--global-default]
/// [--preemption-policy=Never]`.
fn priority_class(name: &ResourceName, flags: &mut Flags) -> Result<Value> {
    let value = flags
        .take(&["--value"])
        .ok_or_else(|| cl("kubectl create priorityclass needs --value=N (higher runs first)"))?;
    let value: i64 = value
        .parse()
        .ok()
        .filter(|v: &i64| (-2_147_483_648..=MAX_PRIORITY).contains(v))
        .ok_or_else(|| {
            cl(format!(
                "--value takes a whole number up to {MAX_PRIORITY}, not '{value}'"
            ))
        })?;
    let mut m = json!({
        "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
        "metadata": {"name": name.as_str()},
        "value": value,
    });
    if let Some(d) = flags.take(&["--description"]) {
        if d.chars().count() > 1024 || d.chars().any(char::is_control) {
            return Err(cl("--description is one line of at most 1024 characters"));
        }
        m["description"] = json!(d);
    }
    if flags.switch(&["--global-default"]) {
        m["globalDefault"] = json!(true);
    }
    if let Some(p) = flags.take(&["--preemption-policy"]) {
        if !matches!(p.as_str(), "PreemptLowerPriority" | "Never") {
            return Err(cl(format!(
                "--preemption-policy takes PreemptLowerPriority or Never, not '{p}'"
            )));
        }
        m["preemptionPolicy"] = json!(p);
    }
    Ok(m)
}

/// A Service of a type: `clusterip NAME --tcp=80:8080 [--clusterip=None]`,
/// `nodeport NAME --tcp=80:8080 [--node-port=30080]`, `loadbalancer NAME
/// --tcp=80:8080`, `externalname NAME --external-name=db.example.com`.
/// Selected and labelled `app=NAME`, as kubectl writes it.
fn service(service_type: &str, name: &ResourceName, flags: &mut Flags) -> Result<Value> {
    let t = match service_type.to_ascii_lowercase().as_str() {
        "clusterip" => "ClusterIP",
        "nodeport" => "NodePort",
        "loadbalancer" => "LoadBalancer",
        "externalname" => "ExternalName",
        other => {
            return Err(cl(format!(
                "kubectl create service takes clusterip, nodeport, loadbalancer or externalname, not '{other}'"
            )));
        }
    };
    let mut ports = Vec::new();
    for p in listed(flags, "--tcp")? {
        let (port, target) = p.split_once(':').unwrap_or((&p, &p));
        let number = |what: &str, v: &str| -> Result<u16> {
            v.parse::<u16>().ok().filter(|n| *n > 0).ok_or_else(|| {
                cl(format!(
                    "--tcp takes PORT:TARGET_PORT (80:8080); '{v}' is not a {what}"
                ))
            })
        };
        let port = number("port", port)?;
        let target = number("target port", target)?;
        ports.push(json!({"name": format!("{port}-{target}"), "port": port, "protocol": "TCP", "targetPort": target}));
    }
    let headless = match flags.take(&["--clusterip"]) {
        Some(ip) if ip == "None" && t == "ClusterIP" => true,
        Some(ip) => {
            return Err(cl(format!(
                "--clusterip here takes None (a headless ClusterIP service), not '{ip}'"
            )));
        }
        None => false,
    };
    if let Some(np) = flags.take(&["--node-port"]) {
        let n: u16 = np
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| cl(format!("--node-port takes a port number, not '{np}'")))?;
        if t != "NodePort" || ports.len() != 1 {
            return Err(cl(
                "--node-port goes with a nodeport service of one --tcp port",
            ));
        }
        ports[0]["nodePort"] = json!(n);
    }
    let mut spec = json!({"type": t});
    let labels = json!({"app": name.as_str()});
    if t == "ExternalName" {
        let target = flags.take(&["--external-name"]).ok_or_else(|| {
            cl("kubectl create service externalname needs --external-name=HOST (e.g. db.example.com)")
        })?;
        ResourceName::parse(&target.to_ascii_lowercase())
            .map_err(|_| cl(format!("--external-name takes a DNS name, not '{target}'")))?;
        spec["externalName"] = json!(target);
    } else {
        if ports.is_empty() && !headless {
            return Err(cl(format!(
                "kubectl create service {} needs its ports: --tcp=PORT:TARGET_PORT (e.g. --tcp=80:8080)",
                service_type.to_ascii_lowercase()
            )));
        }
        spec["selector"] = labels.clone();
        if headless {
            spec["clusterIP"] = json!("None");
        }
    }
    if !ports.is_empty() {
        spec["ports"] = json!(ports);
    }
    Ok(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name.as_str(), "labels": labels},
        "spec": spec,
    }))
}

/// The words after `kubectl` that write `m`, when it is one of these
/// generators' objects; `None` otherwise. Only a guess at the line: the
/// caller parses it back and keeps it only if it writes `m` exactly.
pub(crate) fn line(m: &Value) -> Option<Vec<String>> {
    let name = m["metadata"]["name"].as_str()?.to_owned();
    let mut a: Vec<String> = vec!["create".into()];
    let list = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    match m["kind"].as_str()? {
        kind @ ("Role" | "ClusterRole") => {
            a.extend([kind.to_ascii_lowercase(), name]);
            let rules = m["rules"].as_array()?;
            let first = rules.first()?;
            a.push(format!("--verb={}", list(&first["verbs"])?.join(",")));
            let mut resources = Vec::new();
            for r in rules {
                let group = list(&r["apiGroups"])?.into_iter().next()?;
                for res in list(&r["resources"])? {
                    let (plural, sub) = match res.split_once('/') {
                        Some((p, s)) => (p.to_owned(), format!("/{s}")),
                        None => (res.clone(), String::new()),
                    };
                    let builtin =
                        crate::resources::lookup(&plural).is_some_and(|i| i.group == group);
                    resources.push(if builtin || group.is_empty() {
                        format!("{plural}{sub}")
                    } else {
                        format!("{plural}.{group}{sub}")
                    });
                }
            }
            a.push(format!("--resource={}", resources.join(",")));
            if let Some(names) = list(&first["resourceNames"]) {
                a.push(format!("--resource-name={}", names.join(",")));
            }
        }
        kind @ ("RoleBinding" | "ClusterRoleBinding") => {
            a.extend([kind.to_ascii_lowercase(), name]);
            let role = &m["roleRef"];
            a.push(format!(
                "--{}={}",
                role["kind"].as_str()?.to_ascii_lowercase(),
                role["name"].as_str()?
            ));
            for s in m["subjects"].as_array()? {
                let n = s["name"].as_str()?;
                a.push(match s["kind"].as_str()? {
                    "User" => format!("--user={n}"),
                    "Group" => format!("--group={n}"),
                    _ => format!("--serviceaccount={}:{n}", s["namespace"].as_str()?),
                });
            }
        }
        "ResourceQuota" => {
            a.extend(["quota".into(), name]);
            let hard: Vec<String> = m["spec"]["hard"]
                .as_object()?
                .iter()
                .map(|(k, v)| Some(format!("{k}={}", v.as_str()?)))
                .collect::<Option<_>>()?;
            a.push(format!("--hard={}", hard.join(",")));
            if let Some(s) = list(&m["spec"]["scopes"]) {
                a.push(format!("--scopes={}", s.join(",")));
            }
        }
        "PodDisruptionBudget" => {
            a.extend(["pdb".into(), name]);
            let spec = &m["spec"];
            let labels: Vec<String> = spec["selector"]["matchLabels"]
                .as_object()?
                .iter()
                .map(|(k, v)| Some(format!("{k}={}", v.as_str()?)))
                .collect::<Option<_>>()?;
            a.push(format!("--selector={}", labels.join(",")));
            let bound = |v: &Value| {
                v.as_str()
                    .map(str::to_owned)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            };
            if let Some(v) = bound(&spec["minAvailable"]) {
                a.push(format!("--min-available={v}"));
            }
            if let Some(v) = bound(&spec["maxUnavailable"]) {
                a.push(format!("--max-unavailable={v}"));
            }
        }
        "PriorityClass" => {
            a.extend([
                "priorityclass".into(),
                name,
                format!("--value={}", m["value"].as_i64()?),
            ]);
            if let Some(d) = m["description"].as_str() {
                a.push(format!("--description={d}"));
            }
            if m["globalDefault"].as_bool() == Some(true) {
                a.push("--global-default".into());
            }
            if let Some(p) = m["preemptionPolicy"].as_str() {
                a.push(format!("--preemption-policy={p}"));
            }
        }
        "Service" => {
            let spec = &m["spec"];
            a.extend([
                "service".into(),
                spec["type"].as_str()?.to_ascii_lowercase(),
                name,
            ]);
            if let Some(ports) = spec["ports"].as_array() {
                let tcp: Vec<String> = ports
                    .iter()
                    .map(|p| {
                        Some(format!(
                            "{}:{}",
                            p["port"].as_u64()?,
                            p["targetPort"].as_u64()?
                        ))
                    })
                    .collect::<Option<_>>()?;
                a.push(format!("--tcp={}", tcp.join(",")));
                if let Some(n) = ports.first().and_then(|p| p["nodePort"].as_u64()) {
                    a.push(format!("--node-port={n}"));
                }
            }
            if spec["clusterIP"].as_str() == Some("None") {
                a.push("--clusterip=None".into());
            }
            if let Some(e) = spec["externalName"].as_str() {
                a.push(format!("--external-name={e}"));
            }
        }
        _ => return None,
    }
    Some(a)
}

/// The error for a `kubectl create secret` line: its values would be
/// kept in the chat history, the kubectl line shown and the audit log.
pub(crate) fn secret_refused() -> Error {
    cl(
        "kubectl create secret is not taken from chat: the secret's values would be kept in the chat history and the audit log; create it with kubectl or your secret manager directly, then refer to it by name here",
    )
}

#[cfg(test)]
mod tests {
    use crate::kubectl::{parse, render};
    use serde_json::{Value, json};

    fn manifest(line: &str) -> Value {
        let op = parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        serde_json::from_str(op.params.manifest.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn roles_grant_one_rule_per_api_group_and_read_back_as_written() {
        let line = "kubectl create role pod-reader --verb=get,list --verb=watch --resource=pods,pods/log,deploy -n shop";
        let op = parse(line).unwrap();
        assert_eq!(op.resource.as_str(), "roles");
        assert_eq!(op.namespace.as_ref().unwrap().as_str(), "shop");
        assert_eq!(
            manifest(line)["rules"],
            json!([
                {"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]},
                {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch"]},
            ])
        );
        assert_eq!(
            render(&op),
            "kubectl create role pod-reader --verb=get,list,watch --resource=pods,pods/log,deployments -n shop"
        );
        let cr = parse("kubectl create clusterrole foo --verb=get --resource=widgets.example.com --resource-name=one").unwrap();
        assert_eq!(cr.resource.as_str(), "clusterroles");
        assert_eq!(
            render(&cr),
            "kubectl create clusterrole foo --verb=get --resource=widgets.example.com --resource-name=one"
        );
        for (bad, says) in [
            ("kubectl create role r --resource=pods", "needs --verb"),
            ("kubectl create role r --verb=get", "needs --resource"),
            (
                "kubectl create role r --verb=fly --resource=pods",
                "'fly' is not a verb",
            ),
            (
                "kubectl create role r --verb=get --resource=gizmos",
                "plural.group",
            ),
            (
                "kubectl create role r --verb=get --resource=pods/LOG",
                "subresource",
            ),
            (
                "kubectl create clusterrole r --verb=get --resource=nodes -n x",
                "cluster-wide",
            ),
            (
                "kubectl create role r s --verb=get --resource=pods",
                "one name",
            ),
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn bindings_name_their_role_and_whom_they_grant_it_to() {
        let line = "kubectl create rolebinding read --clusterrole=view --user=alice --group=devs --serviceaccount=ci:deployer -n shop";
        let m = manifest(line);
        assert_eq!(m["kind"], "RoleBinding");
        assert_eq!(
            m["roleRef"],
            json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"})
        );
        assert_eq!(
            m["subjects"],
            json!([
                {"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice"},
                {"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "devs"},
                {"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"},
            ])
        );
        assert_eq!(render(&parse(line).unwrap()), line);
        let crb = "kubectl create clusterrolebinding root --clusterrole=cluster-admin --user=root";
        assert_eq!(parse(crb).unwrap().resource.as_str(), "clusterrolebindings");
        assert_eq!(render(&parse(crb).unwrap()), crb);
        for (bad, says) in [
            (
                "kubectl create rolebinding b --user=alice",
                "the role it grants",
            ),
            (
                "kubectl create rolebinding b --role=r --clusterrole=c --user=a",
                "not both",
            ),
            (
                "kubectl create clusterrolebinding b --role=r --user=a",
                "not a Role",
            ),
            (
                "kubectl create rolebinding b --clusterrole=view",
                "needs whom it binds",
            ),
            (
                "kubectl create rolebinding b --clusterrole=view --serviceaccount=deployer",
                "NAMESPACE:NAME",
            ),
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
        // `--user` names a subject only in a binding: anywhere else it
        // would change who KubeChat acts as, and stays refused.
        for line in [
            "kubectl get pods --user=admin",
            "kubectl create role r --verb=get --resource=pods --user=admin",
        ] {
            assert!(
                parse(line).unwrap_err().to_string().contains("not allowed"),
                "{line}"
            );
        }
    }

    #[test]
    fn quotas_budgets_and_priority_classes_are_written_from_flags() {
        let q = "kubectl create quota compute --hard=pods=10,requests.memory=2Gi,requests.cpu=500m --scopes=NotBestEffort -n dev";
        assert_eq!(
            manifest(q)["spec"],
            json!({"hard": {"pods": "10", "requests.memory": "2Gi", "requests.cpu": "500m"}, "scopes": ["NotBestEffort"]})
        );
        assert_eq!(
            render(&parse(q).unwrap()),
            "kubectl create quota compute --hard=pods=10,requests.cpu=500m,requests.memory=2Gi --scopes=NotBestEffort -n dev"
        );
        let p = "kubectl create pdb my-pdb --selector=app=rails --min-available=50%";
        assert_eq!(
            manifest(p)["spec"],
            json!({"selector": {"matchLabels": {"app": "rails"}}, "minAvailable": "50%"})
        );
        assert_eq!(render(&parse(p).unwrap()), p);
        let p = "kubectl create pdb web --selector=app=web --max-unavailable=1";
        assert_eq!(manifest(p)["spec"]["maxUnavailable"], json!(1));
        let pc = "kubectl create priorityclass high --value=1000 --description='for the checkout path' --preemption-policy=Never";
        let m = manifest(pc);
        assert_eq!(m["value"], json!(1000));
        assert_eq!(m["description"], "for the checkout path");
        let op = parse(pc).unwrap();
        assert_eq!(op.resource.as_str(), "priorityclasses");
        // The whole word is quoted, as a shell reads it back.
        assert_eq!(
            render(&op),
            "kubectl create priorityclass high --value=1000 '--description=for the checkout path' --preemption-policy=Never"
        );
        for (bad, says) in [
            ("kubectl create quota q", "needs the limits"),
            ("kubectl create quota q --hard=pods=lots", "not a quantity"),
            ("kubectl create quota q --hard=pods", "RESOURCE=QUANTITY"),
            (
                "kubectl create quota q --hard=pods=1 --scopes=Sometimes",
                "not a quota scope",
            ),
            ("kubectl create pdb p --min-available=1", "--selector"),
            ("kubectl create pdb p --selector=app=x", "--min-available=N"),
            (
                "kubectl create pdb p --selector=app!=x --min-available=1",
                "KEY=VALUE",
            ),
            (
                "kubectl create pdb p --selector=app=x --min-available=150%",
                "a percentage",
            ),
            (
                "kubectl create pdb p --selector=app=x --min-available=1 --max-unavailable=1",
                "not both",
            ),
            ("kubectl create priorityclass p", "--value"),
            (
                "kubectl create priorityclass p --value=2000000000",
                "up to 1000000000",
            ),
            (
                "kubectl create priorityclass p --value=1 -n x",
                "cluster-wide",
            ),
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn services_of_each_type_select_their_app_like_kubectl() {
        let c = "kubectl create service clusterip my-cs --tcp=5678:8080";
        assert_eq!(
            manifest(c)["spec"],
            json!({"type": "ClusterIP", "selector": {"app": "my-cs"}, "ports": [
                {"name": "5678-8080", "port": 5678, "protocol": "TCP", "targetPort": 8080}
            ]})
        );
        assert_eq!(render(&parse(c).unwrap()), c);
        let headless = "kubectl create service clusterip my-cs --clusterip=None";
        assert_eq!(manifest(headless)["spec"]["clusterIP"], "None");
        assert_eq!(render(&parse(headless).unwrap()), headless);
        let np = "kubectl create service nodeport my-ns --tcp=80:8080 --node-port=30080";
        assert_eq!(manifest(np)["spec"]["ports"][0]["nodePort"], json!(30080));
        assert_eq!(render(&parse(np).unwrap()), np);
        let lb = "kubectl create service loadbalancer my-lbs --tcp=80";
        assert_eq!(manifest(lb)["spec"]["ports"][0]["targetPort"], json!(80));
        assert_eq!(
            render(&parse(lb).unwrap()),
            "kubectl create service loadbalancer my-lbs --tcp=80:80"
        );
        let en = "kubectl create service externalname my-ns --external-name=bar.com";
        let m = manifest(en);
        assert_eq!(
            m["spec"],
            json!({"type": "ExternalName", "externalName": "bar.com"})
        );
        assert_eq!(render(&parse(en).unwrap()), en);
        for (bad, says) in [
            ("kubectl create service my-cs", "clusterip, nodeport"),
            ("kubectl create service clusterip my-cs", "needs its ports"),
            (
                "kubectl create service clusterip my-cs --tcp=80:x",
                "not a target port",
            ),
            (
                "kubectl create service nodeport my-cs --tcp=80 --clusterip=None",
                "headless",
            ),
            (
                "kubectl create service externalname my-cs",
                "--external-name",
            ),
            (
                "kubectl create service clusterip my-cs --tcp=80 --node-port=30080",
                "nodeport service",
            ),
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn a_manifest_that_only_looks_generated_keeps_its_own_line() {
        // A Role with two rules of different verbs, given whole: no
        // single `create role` line writes it.
        let mut op = parse("kubectl create role r --verb=get --resource=pods,deployments").unwrap();
        let mut m: Value = serde_json::from_str(op.params.manifest.as_deref().unwrap()).unwrap();
        m["rules"][1]["verbs"] = json!(["delete"]);
        op.params.manifest = Some(m.to_string());
        assert_eq!(render(&op), "kubectl create -f -");
        // Nor does a Deployment with a second container.
        let mut op = parse("kubectl create deployment web --image=nginx").unwrap();
        let mut m: Value = serde_json::from_str(op.params.manifest.as_deref().unwrap()).unwrap();
        m["spec"]["template"]["spec"]["containers"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "side", "image": "busybox"}));
        op.params.manifest = Some(m.to_string());
        assert_eq!(render(&op), "kubectl create -f -");
    }

    #[test]
    fn secrets_are_not_taken_from_chat() {
        let err = parse("kubectl create secret generic s --from-literal=password=hunter2")
            .unwrap_err()
            .to_string();
        assert!(err.contains("audit log"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }
}
