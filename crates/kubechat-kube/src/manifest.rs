//! Manifests given to `create` and `apply`: untrusted text, parsed and
//! checked before anything is sent.

use kubechat_core::{Namespace, Operation, ResourceName, ResourceType, Verb};
use serde_json::Value;

use crate::{Error, Result};

fn bad(message: impl Into<String>) -> Error {
    Error::Refused {
        verb: "apply".into(),
        message: message.into(),
    }
}

/// One YAML or JSON document with apiVersion, kind and metadata.name.
/// Several documents are refused: each operation previews one object.
pub(crate) fn parse(text: &str) -> Result<Value> {
    let body: Vec<&str> = text.lines().collect();
    let separators = body.iter().filter(|l| l.trim_end() == "---").count();
    let leading = body
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l.trim_end() == "---");
    if separators > usize::from(leading) {
        return Err(bad(
            "the manifest holds several documents; give one object per request",
        ));
    }
    let doc: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| bad(format!("the manifest is not valid JSON: {e}")))?
    } else {
        serde_saphyr::from_str(text).map_err(|e| {
            bad(format!(
                "the manifest is not valid YAML: {}",
                e.to_string().lines().next().unwrap_or("")
            ))
        })?
    };
    if !doc.is_object() {
        return Err(bad(
            "the manifest must be one Kubernetes object (a mapping)",
        ));
    }
    for (path, what) in [
        (["apiVersion", ""], "apiVersion"),
        (["kind", ""], "kind"),
        (["metadata", "name"], "metadata.name"),
    ] {
        let v = if path[1].is_empty() {
            &doc[path[0]]
        } else {
            &doc[path[0]][path[1]]
        };
        if v.as_str().is_none_or(str::is_empty) {
            return Err(bad(format!("the manifest has no {what}")));
        }
    }
    Ok(doc)
}

/// `op` with the objects of its manifest in place (`kubectl delete -f
/// pod.json`, "apply this: …"): the type from the manifest's kind, the
/// name and namespace from its metadata. Done before the policy decides,
/// so the decision, the preview and the audit row name the real object.
/// `create`/`apply` keep the manifest (it is what they write); the others
/// only need its identity. Operations on a type are returned unchanged.
pub fn resolve(mut op: Operation) -> Result<Operation> {
    if !op.resource.is_manifest() {
        return Ok(op);
    }
    let verb = op.verb.to_string();
    let refuse = |message: String| Error::Refused {
        verb: verb.clone(),
        message,
    };
    let Some(text) = op.params.manifest.as_deref() else {
        let file = op.params.file.as_deref().unwrap_or("the file");
        return Err(refuse(format!(
            "the objects are in {file}, which KubeChat cannot open from here; paste its contents after the request, \
             or ask from the kubechat terminal, which attaches a file it names"
        )));
    };
    let doc = parse(text).map_err(|e| match e {
        Error::Refused { message, .. } => refuse(message),
        other => other,
    })?;
    let kind = doc["kind"].as_str().unwrap_or_default();
    let resource = ResourceType::parse(&kind.to_ascii_lowercase())
        .map_err(|_| refuse(format!("the manifest's kind {kind} is not a type name")))?;
    let name = ResourceName::parse(doc["metadata"]["name"].as_str().unwrap_or_default())?;
    let namespace = match doc["metadata"]["namespace"].as_str() {
        Some(ns) => Some(Namespace::parse(ns)?),
        None => None,
    };
    match (&op.namespace, namespace) {
        (Some(said), Some(ns)) if *said != ns => {
            return Err(refuse(format!(
                "the manifest says namespace {ns} but the request is for namespace {said}"
            )));
        }
        (None, Some(ns)) => op.namespace = Some(ns),
        _ => {}
    }
    op.resource = resource;
    if !matches!(op.verb, Verb::Create | Verb::Apply) {
        op.name = Some(name);
        op.params.manifest = None;
    }
    op.params.file = None;
    op.validate()?;
    Ok(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_op(line: &str, manifest: Option<&str>) -> Operation {
        let mut op = kubechat_core::kubectl::parse(line).unwrap();
        op.params.manifest = manifest.map(str::to_owned);
        op
    }

    #[test]
    fn a_manifest_names_the_object_it_holds() {
        let pod =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec: {}\n";
        let op = resolve(manifest_op("kubectl delete -f pod.yaml", Some(pod))).unwrap();
        assert_eq!(
            kubechat_core::kubectl::render(&op),
            "kubectl delete pods web -n shop"
        );
        assert_eq!(op.params.manifest, None);
        let op = resolve(manifest_op("kubectl apply -f pod.yaml", Some(pod))).unwrap();
        assert_eq!((op.resource.as_str(), op.name.as_ref()), ("pods", None));
        assert_eq!(op.params.manifest.as_deref(), Some(pod));
        let op = resolve(manifest_op(
            "kubectl scale -f d.json --replicas=3",
            Some(r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}}"#),
        ))
        .unwrap();
        assert_eq!(
            kubechat_core::kubectl::render(&op),
            "kubectl scale deployment/api --replicas=3"
        );
        // The request's namespace and the manifest's must agree.
        let e = resolve(manifest_op("kubectl delete -f pod.yaml -n prod", Some(pod))).unwrap_err();
        assert!(e.to_string().contains("says namespace shop"), "{e}");
        // Without its contents, the file is asked for.
        let e = resolve(manifest_op("kubectl delete -f pod.yaml", None)).unwrap_err();
        assert!(e.to_string().contains("paste its contents"), "{e}");
        // Several objects, one at a time.
        let two = format!("{pod}---\n{pod}");
        let e = resolve(manifest_op("kubectl delete -f pods.yaml", Some(&two))).unwrap_err();
        assert!(e.to_string().contains("several documents"), "{e}");
        // A type is left alone.
        let op = manifest_op("kubectl get pods", None);
        assert_eq!(resolve(op.clone()).unwrap(), op);
    }

    #[test]
    fn one_object_with_its_identity() {
        let d = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \"1\"\n")
            .unwrap();
        assert_eq!(d["data"]["a"], "1");
        assert!(parse("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n").is_ok());
        assert!(
            parse(r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}"#)
                .is_ok()
        );
        let e = parse("apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n").unwrap_err();
        assert!(e.to_string().contains("several documents"), "{e}");
        assert!(
            parse("kind: ConfigMap\nmetadata:\n  name: x\n")
                .unwrap_err()
                .to_string()
                .contains("no apiVersion")
        );
        assert!(
            parse("- a\n- b\n")
                .unwrap_err()
                .to_string()
                .contains("one Kubernetes object")
        );
        assert!(
            parse("a: [unclosed\n")
                .unwrap_err()
                .to_string()
                .contains("not valid YAML")
        );
    }
}
