//! Writing objects from flags: create, expose, autoscale and set image.

use super::*;

/// Words that ask for a new image.
pub(crate) const IMAGE_CHANGES: [&str; 9] = [
    "set",
    "update",
    "change",
    "switch",
    "upgrade",
    "downgrade",
    "bump",
    "use",
    "pin",
];

/// A word that is an image reference with a tag (`nginx:1.28`,
/// `registry.example/api:v2`).
pub(crate) fn image_token(w: &str) -> bool {
    w.split_once(':').is_some_and(|(repo, tag)| {
        !repo.is_empty()
            && !tag.is_empty()
            && repo
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"./-_".contains(&b))
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-@:".contains(&b))
    })
}

/// "set web's image to nginx:1.28": a new image asked for, without the
/// container it goes to.
pub(super) fn changing_image_without_container(
    words: &Words,
    container: Option<&ContainerName>,
    name: Option<&ResourceName>,
) -> bool {
    container.is_none()
        && name.is_some()
        && (words.has("image") || words.has("images"))
        && IMAGE_CHANGES.iter().any(|w| words.has(w))
        && words.w.iter().any(|w| image_token(w))
}

/// The image a new deployment or pod runs, from the words: after
/// "image" ("with image nginx:1.27", "using image 'team/api'"), after
/// "with", "using" or "from" when it looks like one ("with nginx"), or
/// before the type ("an nginx pod") — never the object's own `name`.
pub(super) fn image_of(words: &Words, name: &str) -> Option<String> {
    let looks_like_image = |w: &str| {
        !w.is_empty()
            && w.len() <= 255
            && w != name
            && !STOP_SET.contains(&w.to_ascii_lowercase().as_str())
            && resource_word(&w.to_ascii_lowercase()).is_none()
            && number(w).is_none()
            && w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "./:_-@".contains(c))
            && !matches!(
                w.to_ascii_lowercase().as_str(),
                "replicas" | "replica" | "port" | "ports" | "labels" | "label" | "image"
            )
    };
    let raw = |i: usize| words.raw(i).unwrap_or_default().to_owned();
    for i in 0..words.len() {
        if matches!(words.get(i), Some("image" | "images")) {
            for j in [i + 1, i + 2] {
                let w = raw(j);
                if words.get(j) == Some("of") || words.get(j) == Some("as") {
                    continue;
                }
                if looks_like_image(&w) {
                    return Some(w);
                }
            }
        }
    }
    for i in 0..words.len() {
        if matches!(words.get(i), Some("with" | "using" | "from" | "running"))
            && looks_like_image(&raw(i + 1))
            && !matches!(words.get(i + 2), Some("replicas" | "replica"))
        {
            return Some(raw(i + 1));
        }
    }
    (1..words.len()).find_map(|i| {
        (matches!(words.get(i.wrapping_sub(1)), Some("a" | "an" | "new"))
            && words
                .get(i + 1)
                .is_some_and(|t| matches!(t, "pod" | "deployment" | "deploy")))
        .then(|| raw(i))
        .filter(|w| looks_like_image(w))
    })
}

/// "expose web on port 80 (to port 8080)": the service port and the
/// container port.
pub(super) fn expose_ports(words: &mut Words) -> (Option<u16>, Option<u16>) {
    let mut expose_ports = (None, None);
    if words.has("expose") {
        for i in 0..words.len() {
            let Some(w) = words.free(i).map(str::to_owned) else {
                continue;
            };
            let target = matches!(w.as_str(), "targetport" | "target-port")
                || (w == "target" && words.free(i + 1) == Some("port"))
                || (w == "container" && words.free(i + 1) == Some("port"));
            let port_word = if target && matches!(w.as_str(), "target" | "container") {
                i + 1
            } else {
                i
            };
            if !(target || w == "port") {
                continue;
            }
            let at = if words.free(port_word + 1) == Some("of") {
                port_word + 2
            } else {
                port_word + 1
            };
            if let Some(n) = words.free(at).and_then(|n| n.parse::<u16>().ok()) {
                // "to port 8080" after a first port is where it goes.
                let to = i > 0 && words.get(i - 1) == Some("to") && expose_ports.0.is_some();
                if target || to {
                    expose_ports.1 = Some(n);
                } else if expose_ports.0.is_none() {
                    expose_ports.0 = Some(n);
                } else {
                    expose_ports.1 = Some(n);
                }
                let from = if i > 0 && matches!(words.get(i - 1), Some("on" | "to" | "at")) {
                    i - 1
                } else {
                    i
                };
                for k in from..=at {
                    words.mark(k);
                }
            }
        }
    }
    expose_ports
}

/// "set the app container of web to nginx:1.28", "update image of
/// container app in api to registry/api:v2": kubectl set image, when
/// the container is said (a new image is set per container; without
/// one it is asked back).
/// The workload is said after "of"/"for"/"in" ("the app container of
/// web"); "in web" was read as a place.
pub(super) fn set_image(
    words: &mut Words,
    container: Option<&ContainerName>,
    name: &mut Option<ResourceName>,
    namespace: &mut Option<Namespace>,
    resource: Option<&ResourceType>,
    typo: bool,
    name_adjacent: bool,
) -> Result<Option<Reading>> {
    let changing_image = container.is_some()
        && IMAGE_CHANGES.iter().any(|w| words.has(w))
        && words.w.iter().any(|w| image_token(w));
    if changing_image && name.is_none() {
        let after = (1..words.len()).find(|&i| {
            matches!(words.get(i - 1), Some("of" | "for" | "in"))
                && words
                    .free(i)
                    .is_some_and(|w| plain_name(w) && resource_word(w).is_none())
        });
        if let Some(i) = after
            && let Ok(n) = ResourceName::parse(words.get(i).unwrap_or_default())
        {
            words.mark(i);
            *name = Some(n);
        } else if let Some(ns) = namespace.take() {
            *name = Some(ResourceName::parse(ns.as_str())?);
        }
    }
    if let (Some(c), Some(n)) = (container, name.as_ref())
        && changing_image
        && let Some(at) = (0..words.len()).find(|&i| words.free(i).is_some_and(image_token))
    {
        let kind = resource
            .and_then(ResourceType::builtin)
            .map(|b| b.singular)
            .filter(|k| matches!(*k, "deployment" | "statefulset" | "daemonset"))
            .unwrap_or("deployment");
        let image = words.raw(at).unwrap_or_default().to_owned();
        let place = namespace
            .as_ref()
            .map(|ns| format!(" -n {ns}"))
            .unwrap_or_default();
        let op = kubechat_core::kubectl::parse(&format!(
            "kubectl set image {kind}/{n} {c}={image}{place}"
        ))?;
        words.mark(at);
        for w in IMAGE_CHANGES.iter().chain(&["image", "to"]) {
            words.take_phrase(w);
        }
        return Ok(Some(Reading {
            op,
            confidence: confidence(words, typo, !name_adjacent),
            explicit_type: resource.is_some(),
            explicit_verb: true,
        }));
    }
    if changing_image_without_container(words, container, name.as_ref()) {
        let n = name.as_ref().map_or("NAME", |n| n.as_str());
        return Err(Error::NotUnderstood {
            reason: "a new image is set per container, and the request does not say which container; name it".into(),
            suggestions: vec![
                format!("set the image of container CONTAINER in {n} to IMAGE"),
                format!("kubectl set image deployment/{n} CONTAINER=IMAGE"),
            ],
        });
    }
    Ok(None)
}

/// "autoscale web between 2 and 10 replicas at 70% cpu": the autoscaler,
/// read as the kubectl line that makes it.
pub(super) fn autoscale(words: &Words, op: &Operation) -> Result<Operation> {
    let target = op.name.clone().ok_or_else(|| Error::NotUnderstood {
        reason: "say which deployment to autoscale".into(),
        suggestions: vec!["autoscale deployment web between 2 and 10 replicas".into()],
    })?;
    let kind = if op.resource.as_str() == "horizontalpodautoscalers" {
        "deployments".to_owned()
    } else {
        op.resource.as_str().to_owned()
    };
    let numbers: Vec<(usize, u32)> = (0..words.len())
        .filter_map(|i| {
            words
                .get(i)
                .and_then(|w| w.trim_end_matches('%').parse().ok().map(|n| (i, n)))
        })
        .collect();
    let cpu = numbers.iter().find(|(i, _)| {
        words.get(*i).is_some_and(|w| w.ends_with('%'))
            || matches!(words.get(i + 1), Some("%" | "percent"))
    });
    let counts: Vec<u32> = numbers
        .iter()
        .filter(|n| Some(*n) != cpu)
        .map(|(_, n)| *n)
        .collect();
    let (min, max) = match counts.as_slice() {
        [a, b] => (Some((*a).min(*b)), (*a).max(*b)),
        [b] => (None, *b),
        _ => {
            return Err(Error::NotUnderstood {
                reason: "say the most replicas (and the fewest) to autoscale between".into(),
                suggestions: vec![format!(
                    "autoscale deployment {target} between 2 and 10 replicas"
                )],
            });
        }
    };
    let mut line = format!(
        "kubectl autoscale {}/{target} --max={max}",
        kind.trim_end_matches('s')
    );
    if let Some(m) = min {
        line.push_str(&format!(" --min={m}"));
    }
    if let Some((_, c)) = cpu {
        line.push_str(&format!(" --cpu-percent={c}"));
    }
    if let Some(ns) = &op.namespace {
        line.push_str(&format!(" -n {ns}"));
    }
    Ok(kubechat_core::kubectl::parse(&line)?)
}

/// "create namespace team-a", "create a configmap called app with
/// mode=dev": read as the kubectl line that makes it; several objects
/// named are made one at a time.
pub(super) fn create_named(words: &Words, op: &Operation, terms: &[String]) -> Result<Operation> {
    // Several objects named ("two ConfigMaps, 'a' … and 'b'"): one
    // at a time.
    if let Some(i) = unplaced_quoted(words) {
        return Err(Error::NotUnderstood {
            reason: format!(
                "it is not clear what '{}' is in this request; create one object at a time",
                words.raw(i).unwrap_or_default()
            ),
            suggestions: vec!["create configmap NAME --from-literal=KEY=VALUE".into()],
        });
    }
    let name = op.name.as_ref().map(|n| n.as_str()).unwrap_or_default();
    let line = if op.resource.as_str() == "namespaces" {
        format!("kubectl create namespace {name}")
    } else {
        let mut l = format!("kubectl create configmap {name}");
        for t in terms.iter().flat_map(|t| t.split(',')) {
            l.push_str(&format!(" --from-literal={t}"));
        }
        if let Some(ns) = &op.namespace {
            l.push_str(&format!(" -n {ns}"));
        }
        l
    };
    Ok(kubechat_core::kubectl::parse(&line)?)
}

/// "create a deployment called my-app with nginx and 3 replicas", "run a
/// busybox pod named debug", "create a serviceaccount called ci": read as
/// the kubectl line that makes it. What kubectl's flags cannot say asks
/// for a manifest.
pub(super) fn create_workload(
    words: &Words,
    op: &Operation,
    verb_end: Option<usize>,
    replicas: Option<u32>,
    expose_ports: (Option<u16>, Option<u16>),
) -> Result<Operation> {
    let name = op.name.as_ref().map(|n| n.as_str()).unwrap_or_default();
    // "create namespace test and a pod called x": two objects.
    if let Some(at) = verb_end
        && matches!(words.get(at + 1), Some("namespace" | "ns"))
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "this creates a namespace and a {}; create one object at a time",
                singular(op)
            ),
            suggestions: vec!["create namespace NAME".into()],
        });
    }
    // What kubectl's flags cannot say (resources, environment,
    // volumes, probes, commands, several containers, other
    // objects): the whole object is meant, and a partial one
    // would drop what was asked silently.
    if let Some(w) = [
        "env",
        "environment",
        "variable",
        "variables",
        "mount",
        "mounts",
        "mounted",
        "volume",
        "volumes",
        "cpu",
        "memory",
        "limit",
        "limits",
        "request",
        "requests",
        "command",
        "commands",
        "args",
        "arguments",
        "probe",
        "probes",
        "readiness",
        "liveness",
        "configmap",
        "configmaps",
        "secret",
        "secrets",
        "should",
        "must",
        "containers",
        "sidecar",
        "init",
        "affinity",
        "toleration",
        "tolerations",
        "label",
        "labels",
        "annotation",
        "annotations",
        "namespace",
        "echo",
        "sleep",
        "runs",
        "executes",
    ]
    .iter()
    .find(|w| words.free_unquoted(w))
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "creating a {} with {w} needs a whole manifest, which the rules do not write; paste the manifest, or ask with an LLM provider configured",
                singular(op)
            ),
            suggestions: vec![format!(
                "kubectl create -f - (paste the {} manifest)",
                singular(op)
            )],
        });
    }
    let mut line = match op.resource.as_str() {
        "serviceaccounts" => format!("kubectl create serviceaccount {name}"),
        kind => {
            let image = image_of(words, name).ok_or_else(|| Error::NotUnderstood {
                reason: format!("say which image the {} runs", singular(op)),
                suggestions: vec![format!(
                    "create a {} called {name} with image nginx:1.27",
                    singular(op)
                )],
            })?;
            let mut l = if kind == "pods" {
                format!("kubectl run {name} --image={image}")
            } else {
                format!("kubectl create deployment {name} --image={image}")
            };
            // "having 2 replicas", "with 3 replicas", "replicas: 3".
            let said = |what: &[&str], before: bool| {
                (0..words.len()).find_map(|i| {
                    let at = if before { i.checked_sub(1)? } else { i + 1 };
                    what.contains(&words.get(i)?)
                        .then(|| words.get(at).and_then(number))
                        .flatten()
                })
            };
            let count = replicas
                .or_else(|| said(&["replicas", "replica", "instances", "copies"], true))
                .or_else(|| said(&["replicas"], false));
            if kind == "deployments"
                && let Some(n) = count
            {
                l.push_str(&format!(" --replicas={n}"));
            }
            if let Some(p) = expose_ports
                .0
                .or_else(|| said(&["port"], false).and_then(|n| u16::try_from(n).ok()))
            {
                l.push_str(&format!(" --port={p}"));
            }
            l
        }
    };
    if let Some(ns) = &op.namespace {
        line.push_str(&format!(" -n {ns}"));
    }
    Ok(kubechat_core::kubectl::parse(&line)?)
}

/// The ports a Service exposes a workload on.
pub(super) fn expose(op: &mut Operation, expose_ports: (Option<u16>, Option<u16>)) -> Result<()> {
    let Some(port) = expose_ports.0 else {
        return Err(Error::NotUnderstood {
            reason: "say which port to expose it on".into(),
            suggestions: vec![format!(
                "expose deployment {} on port 80",
                op.name.as_ref().map_or("NAME", |n| n.as_str())
            )],
        });
    };
    op.params.port = Some(port);
    op.params.target_port = expose_ports.1;
    Ok(())
}
