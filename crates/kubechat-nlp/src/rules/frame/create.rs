//! Writing objects from flags: create, expose, autoscale and set image.

use super::*;

/// Words that ask for a new image.
pub(crate) const IMAGE_CHANGES: [&str; 10] = [
    "set",
    "update",
    "change",
    "switch",
    "upgrade",
    "downgrade",
    "bump",
    "use",
    "pin",
    // "point the controller container at registry.k8s.io/…:v1.9.4".
    "point",
];

/// Whether a word of [`IMAGE_CHANGES`] is said — "set" only as a verb of
/// its own: "set up a deployment … with image nginx:1.27" makes one.
fn image_change_said(words: &Words) -> bool {
    IMAGE_CHANGES.iter().any(|w| {
        (0..words.len())
            .any(|i| words.get(i) == Some(w) && !(*w == "set" && words.get(i + 1) == Some("up")))
    })
        // "roll the statefulset postgres to image postgres:16.2" (not
        // "roll back", which goes to a revision).
        || (0..words.len()).any(|i| {
            words.get(i) == Some("roll")
                && !matches!(words.get(i + 1), Some("back" | "it" | "them"))
                && (i + 1..words.len())
                    .any(|k| words.get(k).is_some_and(|w| w == "image" || image_token(w)))
        })
}

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
        && image_change_said(words)
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
            // "a new deployment", "another pod": no image's name.
            && !matches!(
                w.to_ascii_lowercase().as_str(),
                "new" | "fresh" | "another" | "extra" | "additional" | "temporary" | "throwaway"
            )
            && !STOP_SET.contains(&w.to_ascii_lowercase().as_str())
            && resource_word(&w.to_ascii_lowercase()).is_none()
            && number(w).is_none()
            && w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "./:_-@".contains(c))
            && !matches!(
                w.to_ascii_lowercase().as_str(),
                "replicas"
                    | "replica"
                    | "port"
                    | "ports"
                    | "labels"
                    | "label"
                    | "image"
                    | "json"
                    | "yaml"
                    | "file"
            )
    };
    // "the NGINX image", "MyOrg/App:V1": a repository is written in lower
    // case (its tag keeps its case).
    let raw = |i: usize| {
        let w = words.raw(i).unwrap_or_default();
        let path_end = w.rfind('/').map_or(0, |at| at + 1);
        let repo_end = w[path_end..]
            .find([':', '@'])
            .map_or(w.len(), |at| path_end + at);
        format!("{}{}", w[..repo_end].to_ascii_lowercase(), &w[repo_end..])
    };
    for i in 0..words.len() {
        if matches!(words.get(i), Some("image" | "images")) {
            for j in [i + 1, i + 2] {
                let w = raw(j);
                if words.get(j) == Some("of") || words.get(j) == Some("as") {
                    continue;
                }
                // "… image in shop": where, not which image.
                if matches!(
                    words.get(j),
                    Some("in" | "on" | "for" | "to" | "with" | "from" | "at" | "and")
                ) {
                    break;
                }
                if looks_like_image(&w) {
                    return Some(w);
                }
            }
        }
    }
    // "using the nginx image", "with the redis:alpine image": the image
    // named before the word.
    for i in 1..words.len() {
        if matches!(words.get(i), Some("image"))
            && matches!(
                words.get(i.wrapping_sub(2)),
                Some("the" | "a" | "an" | "using" | "with" | "from" | "runs" | "running")
            )
            && looks_like_image(&raw(i - 1))
        {
            return Some(raw(i - 1));
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

/// Whether nothing but the place and a courtesy follows `image` ("a pod
/// running nginx in dev please"): "running nginx and redis", "… on node
/// worker-1", "… sleep 3600" say more than one image's pod, and naming it
/// after the image would drop the rest.
pub(super) fn nothing_after_image(
    words: &Words,
    image: &str,
    namespace: Option<&kubechat_core::Namespace>,
) -> bool {
    let Some(at) =
        (0..words.len()).find(|&i| words.raw(i).is_some_and(|w| w.eq_ignore_ascii_case(image)))
    else {
        return false;
    };
    (at + 1..words.len()).all(|k| {
        words.get(k).is_some_and(|w| {
            matches!(
                w,
                "image" | "in" | "the" | "namespace" | "ns" | "please" | "pls" | "now" | "thanks"
            ) || namespace.is_some_and(|ns| ns.as_str() == w)
        })
    })
}

/// The first container image a manifest written by [`create_workload`]
/// holds.
pub(super) fn manifest_image(manifest: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(manifest).ok()?;
    let spec = v.get("spec")?;
    let pod = spec
        .get("template")
        .and_then(|t| t.get("spec"))
        .unwrap_or(spec);
    pod.get("containers")?
        .get(0)?
        .get("image")?
        .as_str()
        .map(str::to_owned)
}

/// The name kubectl gives an object made from `image` alone: its last
/// path part without tag or digest ("docker.io/library/nginx:1.27" →
/// "nginx").
pub(super) fn name_from_image(image: &str) -> Option<ResourceName> {
    let base = image.rsplit('/').next()?;
    let base = base.split(['@', ':']).next()?;
    let name: String = base
        .chars()
        .map(|c| match c {
            '_' | '.' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    ResourceName::parse(name.trim_matches('-')).ok()
}

/// "expose web on port 80 (to port 8080)": the service port and the
/// container port.
pub(super) fn expose_ports(words: &mut Words) -> (Option<u16>, Option<u16>) {
    let mut expose_ports = (None, None);
    if exposing(words) {
        for i in 0..words.len() {
            // "targeting container port 8080", "target 8080", "forwarding
            // to 8443": where the traffic goes, said with a verb (read
            // whether or not another slot took the verb's word).
            let said = words.get(i).map(str::to_owned).unwrap_or_default();
            if (said.starts_with("target") || said.starts_with("forward"))
                && !matches!(said.as_str(), "targetport" | "target-port")
                && words.get(i + 1) != Some("port")
            {
                let mut k = i + 1;
                while matches!(
                    words.get(k),
                    Some("container" | "containers" | "port" | "to" | "the" | "its")
                ) {
                    k += 1;
                }
                if let Some(n) = words
                    .get(k)
                    .and_then(number)
                    .and_then(|n| u16::try_from(n).ok())
                    .filter(|n| *n > 0)
                {
                    expose_ports.1 = Some(n);
                    for m in i..=k {
                        words.mark(m);
                    }
                    continue;
                }
            }
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
            // ("on port eighty": a port said in words.)
            if let Some(n) = words
                .free(at)
                .and_then(number)
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| *n > 0)
            {
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
                // "port 80 -> 8000": the container port after an arrow.
                if !target
                    && matches!(words.free(at + 1), Some("->" | "=>"))
                    && let Some(t) = words.free(at + 2).and_then(|t| t.parse::<u16>().ok())
                {
                    expose_ports.1 = Some(t);
                    words.mark(at + 1);
                    words.mark(at + 2);
                }
            }
        }
        // "expose the metrics-demo deployment on 9090": a number where
        // the port stands is the port.
        if expose_ports.0.is_none()
            && let Some((i, n)) = (0..words.len()).find_map(|i| {
                matches!(words.free(i), Some("on" | "at"))
                    .then(|| words.free(i + 1)?.parse::<u16>().ok())
                    .flatten()
                    .filter(|&n| n > 0)
                    .map(|n| (i, n))
            })
        {
            expose_ports.0 = Some(n);
            words.mark(i);
            words.mark(i + 1);
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
    // With no container said ("set the image of deployment web to
    // nginx:1.28", "update api to api:v2"), the object's one container:
    // `*`, found when the change is planned (several are asked back by
    // name). Only of a workload or a pod, never a ConfigMap's
    // "key:value".
    let workload = resource.is_none_or(|r| {
        matches!(
            r.as_str(),
            "deployments" | "statefulsets" | "daemonsets" | "pods" | "replicasets" | "cronjobs"
        )
    });
    // ("Deploy a messaging pod using the redis:alpine image with the
    // labels set to …" makes a pod; "setting the image on the
    // deployment" names none, and a name guessed from elsewhere is no
    // object to change.)
    let made = (0..words.len()).any(|i| {
        matches!(
            words.get(i),
            Some("deploy" | "create" | "run" | "launch" | "start" | "make" | "spin")
        )
    });
    // ("Do not delete and re-create the deployment": a verb, no name.)
    let said_as_object = name.as_ref().is_some_and(|n| {
        let n = n.as_str();
        !VERB_WORDS.contains(n.strip_prefix("re-").unwrap_or(n))
    }) && name.as_ref().is_some_and(|n| {
        (0..words.len()).any(|i| {
            words.get(i) == Some(n.as_str())
                && (words.is_quoted(i)
                    || i.checked_sub(1)
                        .and_then(|j| words.get(j))
                        .is_some_and(|b| {
                            IMAGE_CHANGES.contains(&b)
                                || matches!(b, "of" | "for")
                                || resource_word(b).is_some()
                        })
                    || words
                        .get(i + 1)
                        .is_some_and(|a| resource_word(a).is_some() || a == "image"))
        })
    });
    let changing_image = (container.is_some()
        || (workload && !made && name_adjacent && said_as_object))
        && image_change_said(words)
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
    // "set image web=retail/web:1.8.2 on deployment web-frontend": the
    // pair as kubectl writes it.
    let pair = (0..words.len()).find_map(|i| {
        let raw = words.raw(i)?;
        let (c, image) = raw.split_once('=')?;
        (image_token(image) && ContainerName::parse(c).is_ok()).then(|| (i, c.to_owned()))
    });
    // The image's word and the pair it makes: a written pair, or the
    // image with its container (`*` when none is said).
    let c = container.map_or("*", |c| c.as_str());
    let found = match (&pair, name.as_ref()) {
        (Some((at, c)), Some(_)) if words.has("image") && image_change_said(words) => {
            let image = words
                .raw(*at)
                .unwrap_or_default()
                .split_once('=')
                .map_or("", |p| p.1);
            Some((*at, format!("{c}={image}")))
        }
        (_, Some(_)) if changing_image => (0..words.len())
            .find(|&i| words.free(i).is_some_and(image_token))
            .map(|at| (at, format!("{c}={}", words.raw(at).unwrap_or_default()))),
        _ => None,
    };
    if let (Some((at, pair)), Some(n)) = (found, name.clone()) {
        return image_reading(
            words,
            resource,
            namespace.as_ref(),
            &n,
            &pair,
            at,
            typo,
            name_adjacent,
        )
        .map(Some);
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

/// The reading of a new image: `kubectl set image KIND/NAME PAIR`, the
/// image's word at `at` and the words of the change claimed.
#[allow(clippy::too_many_arguments)]
fn image_reading(
    words: &mut Words,
    resource: Option<&ResourceType>,
    namespace: Option<&Namespace>,
    name: &ResourceName,
    pair: &str,
    at: usize,
    typo: bool,
    name_adjacent: bool,
) -> Result<Reading> {
    // A bare name is a Deployment's; any other kind said is kept, or the
    // change is asked back — never set on a Deployment of that name.
    // ("the image used for the pods in the 'apache' deployment": the
    // pods' workload, said beside them, is what changes.)
    let workload_said = (0..words.len()).find_map(|i| {
        resource_word(words.get(i)?)
            .and_then(|r| r.builtin().map(|b| b.singular))
            .filter(|k| matches!(*k, "deployment" | "statefulset" | "daemonset" | "cronjob"))
    });
    let kind = match (
        resource.map(|r| r.builtin().map(|b| b.singular)),
        workload_said,
    ) {
        (Some(Some("pod")), Some(workload)) => workload,
        (None, _) => "deployment",
        (
            Some(Some(
                k @ ("deployment" | "statefulset" | "daemonset" | "cronjob" | "pod" | "replicaset"),
            )),
            _,
        ) => k,
        (Some(_), _) => {
            return Err(Error::NotUnderstood {
                reason: format!(
                    "a new image is set on a deployment, statefulset, daemonset, cronjob, replicaset or pod, not on {}",
                    resource.map_or("this kind", |r| r.as_str())
                ),
                suggestions: Vec::new(),
            });
        }
    };
    let place = namespace.map(|ns| format!(" -n {ns}")).unwrap_or_default();
    // (`*` quoted, as the command line takes it.)
    let pair = if pair.starts_with('*') {
        format!("'{pair}'")
    } else {
        pair.to_owned()
    };
    let op =
        kubechat_core::kubectl::parse(&format!("kubectl set image {kind}/{name} {pair}{place}"))?;
    words.mark(at);
    for w in IMAGE_CHANGES.iter().chain(&["image", "to"]) {
        words.take_phrase(w);
    }
    Ok(Reading {
        op,
        confidence: confidence(words, typo, !name_adjacent),
        explicit_type: resource.is_some(),
        explicit_verb: true,
    })
}

/// "autoscale web between 2 and 10 replicas at 70% cpu": the autoscaler,
/// read as the kubectl line that makes it.
pub(super) fn autoscale(words: &Words, op: &Operation) -> Result<Operation> {
    // "create an hpa for deployment web": the workload said after its
    // type word, where the autoscaler was the type read.
    let said = (op.name.is_none() && op.resource.as_str() == "horizontalpodautoscalers")
        .then(|| {
            (0..words.len()).find_map(|i| {
                let kind = resource_word(words.get(i)?)?;
                let n = words.get(i + 1)?;
                (matches!(
                    kind.as_str(),
                    "deployments" | "statefulsets" | "replicasets"
                ) && !STOP_SET.contains(n))
                .then(|| ResourceName::parse(n).ok().map(|n| (kind, n)))
                .flatten()
            })
        })
        .flatten();
    // "set up autoscaling on frontend …", "an hpa for the api": the
    // workload right after what is made.
    let made_on = || {
        (0..words.len()).find_map(|i| {
            let made = matches!(
                words.get(i),
                Some("autoscaling" | "autoscaler" | "hpa" | "horizontalpodautoscaler")
            ) && matches!(words.get(i + 1), Some("on" | "for" | "to"));
            // ("autoscale web in prod …": right after the verb.)
            let verb = words.get(i) == Some("autoscale");
            if !made && !verb {
                return None;
            }
            let after = i + 1 + usize::from(made);
            let at = if words.get(after) == Some("the") {
                after + 1
            } else {
                after
            };
            let n = words.get(at)?;
            (is_name_candidate(n)
                && !STOP_SET.contains(&n)
                && !matches!(
                    n,
                    "between" | "from" | "to" | "up" | "with" | "min" | "max" | "at"
                )
                && resource_word(n).is_none())
            .then(|| ResourceName::parse(n).ok())
            .flatten()
        })
    };
    let target = said
        .as_ref()
        .map(|(_, n)| n.clone())
        .or_else(made_on)
        .or_else(|| op.name.clone())
        .ok_or_else(|| Error::NotUnderstood {
            reason: "say which deployment to autoscale".into(),
            suggestions: vec!["autoscale deployment web between 2 and 10 replicas".into()],
        })?;
    // "… and name the hpa web-hpa", "call it web-hpa": the autoscaler is
    // named after what it scales here; a name of its own needs a
    // manifest.
    if (0..words.len()).any(|i| {
        matches!(words.get(i), Some("name" | "call"))
            && (matches!(words.get(i + 1), Some("it"))
                || (words.get(i + 1) == Some("the")
                    && matches!(words.get(i + 2), Some("hpa" | "autoscaler"))))
    }) {
        return Err(Error::NotUnderstood {
            reason: "the autoscaler made here takes the name of what it scales; one named otherwise needs a manifest".into(),
            suggestions: vec![format!("autoscale deployment {target} between 2 and 10 replicas")],
        });
    }
    let kind = if let Some((k, _)) = &said {
        k.as_str().to_owned()
    } else if matches!(op.resource.as_str(), "horizontalpodautoscalers" | "pods") {
        // ("autoscale web 10-15 pods": the pods are the count's word.)
        "deployments".to_owned()
    } else {
        op.resource.as_str().to_owned()
    };
    // ("2-8 replicas": both bounds in one word.)
    let numbers: Vec<(usize, u32)> = (0..words.len())
        .flat_map(|i| {
            let w = words.get(i).unwrap_or_default();
            let range = w
                .split_once('-')
                .and_then(|(a, b)| Some([a.parse::<u32>().ok()?, b.parse::<u32>().ok()?]));
            match range {
                Some([a, b]) => vec![(i, a), (i, b)],
                None => w
                    .trim_end_matches('%')
                    .parse()
                    .ok()
                    .map(|n| (i, n))
                    .into_iter()
                    .collect(),
            }
        })
        .collect();
    // ("max 10 cpu utilization 50", "cpu 60": the utilisation said
    // before its number.)
    let percent = |i: usize| {
        words.get(i).is_some_and(|w| w.ends_with('%'))
            || matches!(words.get(i + 1), Some("%" | "percent"))
            || (i.saturating_sub(2)..i).any(|k| {
                matches!(
                    words.get(k),
                    Some("utilization" | "utilisation" | "cpu" | "target")
                )
            })
    };
    // "min 3 max 10, memory 70%": a memory target, which the autoscaler
    // read here does not set (it targets CPU).
    if words.has("memory") && !words.has("cpu") {
        return Err(Error::NotUnderstood {
            reason: "this sets a memory target; the autoscaler made from words targets CPU only — give the memory target in a manifest".into(),
            suggestions: Vec::new(),
        });
    }
    let cpu = numbers.iter().find(|(i, _)| percent(*i));
    // "target CPU utilization 60% and memory utilization 70%": a second
    // target, which the autoscaler read here does not set; asked back
    // rather than dropped.
    if numbers.iter().filter(|(i, _)| percent(*i)).count() > 1 {
        return Err(Error::NotUnderstood {
            reason: "this sets more than one target (CPU and memory); the autoscaler made from words targets CPU only — give the memory target in a manifest".into(),
            suggestions: vec![format!(
                "autoscale deployment {target} between 2 and 10 replicas at 70% cpu"
            )],
        });
    }
    let counts: Vec<u32> = numbers
        .iter()
        .filter(|(i, _)| !percent(*i))
        .map(|(_, n)| *n)
        .collect();
    // "with min=2 and max=8 replicas": the bounds said as pairs.
    let pair = |keys: &[&str]| {
        (0..words.len()).find_map(|i| {
            let (k, v) = words.get(i)?.split_once('=')?;
            keys.contains(&k.trim_start_matches('-'))
                .then(|| v.parse::<u32>().ok())
                .flatten()
        })
    };
    let paired = (
        pair(&["min", "minimum", "min-replicas", "minreplicas"]),
        pair(&["max", "maximum", "max-replicas", "maxreplicas"]),
    );
    let (min, max) = match counts.as_slice() {
        _ if let (min, Some(max)) = paired => (min, max),
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
    // "cpu=60", "cpu-percent=60", "--cpu-percent=60": the target said as
    // a pair.
    let cpu_pair = pair(&["cpu", "cpu-percent", "cpupercent", "target"]);
    if let Some(c) = cpu.map(|(_, c)| *c).or(cpu_pair) {
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
    // "create configmap nginx-conf from file nginx.conf": the file is on
    // the person's machine; made without it, the ConfigMap would be empty.
    let from_files = op.resource.as_str() == "configmaps"
        && (0..words.len()).any(|i| {
            words.get(i).is_some_and(|w| {
                matches!(
                    w,
                    "file" | "files" | "--from-file" | "--from-env-file" | "env-file"
                ) || (!w.contains('=')
                    && w.rsplit_once('.').is_some_and(|(stem, ext)| {
                        !stem.is_empty()
                            && matches!(
                                ext,
                                "conf"
                                    | "yaml"
                                    | "yml"
                                    | "json"
                                    | "env"
                                    | "properties"
                                    | "txt"
                                    | "ini"
                                    | "toml"
                                    | "cfg"
                                    | "xml"
                                    | "sh"
                                    | "py"
                                    | "lua"
                            )
                    }))
            })
        });
    if from_files {
        return Err(Error::NotUnderstood {
            reason: "a ConfigMap from files reads the files on your machine, which KubeChat cannot; give the values as KEY=VALUE".into(),
            suggestions: vec![format!("create configmap {name} --from-literal=KEY=VALUE")],
        });
    }
    let line = if op.resource.as_str() == "namespaces" {
        format!("kubectl create namespace {name}")
    } else {
        let mut l = format!("kubectl create configmap {name}");
        for t in terms.iter().flat_map(|t| t.split(',')) {
            // "from-literal=mode=fast" typed without its dashes: the
            // flag's name is no key.
            let t = t.strip_prefix("from-literal=").unwrap_or(t);
            if t.starts_with("from-file=") || t.starts_with("from-env-file=") {
                return Err(Error::NotUnderstood {
                    reason: "a ConfigMap from files reads the files on your machine, which KubeChat cannot; give the values as KEY=VALUE".into(),
                    suggestions: vec![format!("create configmap {name} --from-literal=KEY=VALUE")],
                });
            }
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
    // "create an nginx deployment and expose it on port 80": two
    // orders; the expose would be dropped.
    if ["expose", "exposes", "exposing"]
        .iter()
        .any(|w| words.free_unquoted(w))
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "this creates a {} and exposes it; ask for one at a time",
                singular(op)
            ),
            suggestions: vec![format!("create {} {name}", singular(op))],
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
        "echoes",
        "sleep",
        "sleeps",
        "spec",
        "overrides",
        "override",
        "runs",
        "executes",
    ]
    .iter()
    // "that runs the busybox image": what it runs is its image.
    .filter(|w| **w != "runs" || !runs_an_image(words))
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
    if let Some(sel) = &op.selector
        && op.resource.as_str() != "pods"
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "a new {} with labels of its own ({sel}) needs a whole manifest, which the rules do not write; paste the manifest, or label it once it is created",
                singular(op)
            ),
            suggestions: vec![format!("kubectl label {} {name} {sel}", singular(op))],
        });
    }
    let mut line = match op.resource.as_str() {
        "serviceaccounts" => format!("kubectl create serviceaccount {name}"),
        kind => {
            // "start a nginx pod": named after its image, as kubectl's
            // own example runs it (kubectl run nginx --image=nginx).
            // (Not when an image is written elsewhere, in a form the
            // rules above do not place: "a cattle deployment
            // (k8s.gcr.io/serve_hostname)".)
            let other_image = (0..words.len())
                .filter_map(|i| words.raw(i))
                .any(|w| w.contains('/') || image_token(w));
            let named_by_image = !other_image
                && (1..words.len()).any(|i| {
                    matches!(words.get(i - 1), Some("a" | "an" | "new"))
                        && words.get(i) == Some(name)
                        && matches!(words.get(i + 1), Some("pod" | "deployment"))
                });
            let image = image_of(words, name)
                .or_else(|| named_by_image.then(|| name.to_owned()))
                // Named after the image it runs ("a pod running nginx").
                .or_else(|| {
                    image_of(words, "").filter(|i| {
                        !other_image
                            && name_from_image(i).is_some_and(|n| n.as_str() == name)
                            && nothing_after_image(words, i, op.namespace.as_ref())
                    })
                })
                .ok_or_else(|| Error::NotUnderstood {
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
            // "with the label tier=msg": the pod's labels (kubectl run
            // --labels). kubectl create deployment takes none: a label
            // asked for there needs the whole object, never dropped.
            if let Some(sel) = &op.selector {
                l.push_str(&format!(" --labels={sel}"));
            }
            l
        }
    };
    if let Some(ns) = &op.namespace {
        line.push_str(&format!(" -n {ns}"));
    }
    Ok(kubechat_core::kubectl::parse(&line)?)
}

/// "runs the busybox image", "runs image nginx:1.27": "runs" says the
/// image, not a command.
fn runs_an_image(words: &Words) -> bool {
    (0..words.len()).any(|i| {
        words.get(i) == Some("runs")
            && (words.get(i + 1) == Some("image")
                || (1..=3).any(|k| words.get(i + k) == Some("image")))
    })
}

/// What a request to expose says of the Service itself: its name and
/// its type.
#[derive(Debug, Clone, Default)]
pub(super) struct ServiceAsk {
    pub name: Option<ResourceName>,
    pub kind: Option<kubechat_core::ServiceType>,
    /// A Service is asked for as the result ("create a service for pod
    /// web", "as a service"): a "create" of it is an expose of the
    /// object named.
    pub asked: bool,
}

/// How people write a Service's type, as words or one word.
const SERVICE_TYPES: [(&str, kubechat_core::ServiceType); 9] = {
    use kubechat_core::ServiceType::{ClusterIP, LoadBalancer, NodePort};
    [
        ("load balancer", LoadBalancer),
        ("loadbalancer", LoadBalancer),
        ("load-balancer", LoadBalancer),
        ("node port", NodePort),
        ("nodeport", NodePort),
        ("node-port", NodePort),
        ("cluster ip", ClusterIP),
        ("clusterip", ClusterIP),
        ("cluster-ip", ClusterIP),
    ]
};

/// Whether the words ask to expose something: "expose", or a new
/// service "for" an object ("create a service for pod web").
fn exposing(words: &Words) -> bool {
    ["expose", "exposes", "exposing"].iter().any(|w| words.has(w))
        // (Claimed or not: the service word is claimed once read.)
        || words.w.windows(2).any(|p| matches!(p[0].as_str(), "service" | "svc") && p[1] == "for")
}

/// The Service an "expose" asks for: "as a LoadBalancer service", "of
/// type `NodePort`", "as a Service named web-svc", "with the name
/// frontend". Read before the object's own name, so "named web-svc" is
/// never taken for the deployment exposed; the words are claimed, so
/// "service" does not become the type of the object exposed either.
pub(super) fn expose_service(words: &mut Words) -> Result<ServiceAsk> {
    use kubechat_core::ServiceType;
    let mut ask = ServiceAsk::default();
    if !exposing(words) {
        return Ok(ask);
    }
    // "create a (ClusterIP) service for pod web": the service is what
    // is created. Another object created beside an expose ("create an
    // nginx deployment, expose it via a service") is two orders: the
    // words are left for the rules that ask such a request back.
    let creating = ["create", "make", "add"].iter().any(|w| words.has(w));
    let service_created = (0..words.len()).any(|i| {
        matches!(words.get(i), Some("service" | "svc"))
            && (1..=3).any(|back| {
                matches!(
                    words.get(i.wrapping_sub(back)),
                    Some("create" | "make" | "add")
                ) && (i + 1 - back..i).all(|k| {
                    words.get(k).is_some_and(|w| {
                        matches!(w, "a" | "an" | "new")
                            || SERVICE_TYPES.iter().any(|(t, _)| *t == w)
                    })
                })
            })
    });
    if creating && !service_created {
        return Ok(ask);
    }
    for (phrase, kind) in SERVICE_TYPES {
        // Quoted too: "of type `NodePort`" names the type exactly.
        let at = words.take_phrase(phrase).or_else(|| {
            let i = (0..words.len()).find(|&i| words.free(i) == Some(phrase))?;
            words.mark(i);
            Some(i)
        });
        let Some(at) = at else {
            continue;
        };
        let end = at + phrase.split(' ').count();
        // "on node port 30080" fixes the port on every node, which
        // expose does not set: asked back, not read as the Service port.
        if kind == ServiceType::NodePort && words.get(end).is_some_and(|w| w.parse::<u16>().is_ok())
        {
            return Err(not_understood(
                "a fixed node port is not something KubeChat sets when exposing; expose it as a NodePort service and the cluster picks the node port",
            ));
        }
        // "of type X", "type X", "--type X".
        for k in [at.wrapping_sub(1), at.wrapping_sub(2)] {
            if matches!(words.free(k), Some("type" | "--type" | "of")) {
                words.mark(k);
            }
        }
        ask.kind = Some(kind);
        break;
    }
    // The Service as the result: "as a (NodePort) service", "a service
    // named X". Its word is claimed whether or not a name follows.
    let service_at = (0..words.len()).find(|&i| {
        matches!(words.free(i), Some("service" | "svc"))
            && (matches!(words.get(i.wrapping_sub(1)), Some("a" | "new" | "as"))
                || ask.kind.is_some() && words.get(i.wrapping_sub(2)) == Some("a"))
    });
    if let Some(i) = service_at {
        ask.asked = true;
        words.mark(i);
        for k in [i.wrapping_sub(1), i.wrapping_sub(2), i.wrapping_sub(3)] {
            if matches!(words.free(k), Some("as" | "a" | "new")) {
                words.mark(k);
            }
        }
    }
    // Its name: after "named"/"called" beside the service word, "with
    // the name X", "name it X", or "--name X".
    // ("expose pod x on port 80 as service x-svc": the name right after
    // "as service".)
    // ("… as a new service web-external" too.)
    let right_after = service_at.filter(|&s| {
        (s.saturating_sub(3)..s).any(|k| words.get(k) == Some("as"))
            && words.free(s + 1).is_some_and(|n| {
                plain_name(n)
                    && !STOP_SET.contains(&n)
                    && resource_word(n).is_none()
                    && n.parse::<u16>().is_err()
            })
    });
    let marker = right_after.map(|s| (s, 1)).or_else(|| {
        (0..words.len()).find_map(|i| {
            let w = words.free(i)?;
            // Beside the service word, or after the port ("expose
            // deployment web on port 80 named web-svc": the object was named
            // before).
            // ("… as nodeport called cart-np": beside the service's type.)
            let beside = service_at.is_some_and(|s| i == s + 1)
                || (ask.kind.is_some()
                    && words
                        .get(i.wrapping_sub(1))
                        .is_some_and(|p| SERVICE_TYPES.iter().any(|(t, _)| *t == p)))
                || words
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.parse::<u16>().is_ok())
                    && matches!(
                        words.get(i.wrapping_sub(2)),
                        Some("port" | "ports" | "on" | "at")
                    );
            match w {
                "named" | "called" if beside => Some((i, 1)),
                "--name" => Some((i, 1)),
                // "expose service redis-master as redis-ext port 6379".
                "as" if words.free(i + 1).is_some_and(|n| {
                    plain_name(n)
                        && !STOP_SET.contains(&n)
                        && resource_word(n).is_none()
                        && !matches!(n, "well" | "before" | "usual" | "needed" | "soon" | "such")
                }) =>
                {
                    Some((i, 1))
                }
                "name" if words.get(i + 1) == Some("it") => Some((i, 2)),
                // "name the service redis-svc", "call it redis-svc", "call the
                // service redis-svc".
                "name" | "call"
                    if matches!(words.get(i + 1), Some("the"))
                        && matches!(words.get(i + 2), Some("service" | "svc")) =>
                {
                    Some((i, 3))
                }
                "call" if words.get(i + 1) == Some("it") => Some((i, 2)),
                // "with name X", "with the name X".
                "name"
                    if words.get(i.wrapping_sub(1)) == Some("with")
                        || words.get(i.wrapping_sub(1)) == Some("the")
                            && words.get(i.wrapping_sub(2)) == Some("with") =>
                {
                    Some((i, 1))
                }
                _ => None,
            }
        })
    });
    if let Some((i, skip)) = marker
        && let Some(n) = words.free(i + skip)
    {
        let name = ResourceName::parse(n).map_err(|_| {
            not_understood(format!("\"{n}\" cannot name a service; a service name is lower-case letters, digits and '-'"))
        })?;
        for k in i.saturating_sub(2)..=i + skip {
            if k >= i || matches!(words.get(k), Some("with" | "the")) {
                words.mark(k);
            }
        }
        ask.name = Some(name);
    }
    Ok(ask)
}

/// The ports a Service exposes a workload on, its name and its type.
pub(super) fn expose(
    op: &mut Operation,
    expose_ports: (Option<u16>, Option<u16>),
    service: ServiceAsk,
) -> Result<()> {
    let Some(port) = expose_ports.0 else {
        return Err(Error::NotUnderstood {
            reason: "say which port to expose it on".into(),
            suggestions: vec![format!(
                "expose {} {} on port 80",
                singular(op),
                op.name.as_ref().map_or("NAME", |n| n.as_str())
            )],
        });
    };
    op.params.port = Some(port);
    op.params.target_port = expose_ports.1;
    op.params.service_name = service.name;
    op.params.service_type = service.kind;
    Ok(())
}
