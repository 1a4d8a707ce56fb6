//! Manifest files named in a request ("delete the pod in pod.json",
//! `kubectl apply -f web.yaml`), read on the person's own machine as
//! kubectl reads them: the server never opens a file, so the terminal
//! attaches the contents (and the local runtime resolves them itself).

use std::path::Path;

use anyhow::{Context, bail};
use kubechat_core::{Operation, operation::MAX_DOCUMENT_BYTES};

/// The contents of the manifest file `path`, bounded and UTF-8.
pub fn read_manifest(path: &str) -> anyhow::Result<String> {
    let p = Path::new(path);
    let size = std::fs::metadata(p)
        .with_context(|| format!("cannot open {path}"))?
        .len();
    if size > MAX_DOCUMENT_BYTES as u64 {
        bail!("{path} has {size} bytes; a manifest is at most {MAX_DOCUMENT_BYTES}");
    }
    std::fs::read_to_string(p).with_context(|| format!("cannot read {path} as UTF-8 text"))
}

/// `op` with its manifest's object in place; a file it names is read
/// here first.
pub fn resolve_local(mut op: Operation) -> anyhow::Result<Operation> {
    if op.resource.is_manifest()
        && op.params.manifest.is_none()
        && let Some(file) = op.params.file.clone()
    {
        op.params.manifest = Some(read_manifest(&file)?);
    }
    Ok(kubechat_kube::manifest::resolve(op)?)
}

/// `text` with the first manifest file it names (an existing `.yaml`,
/// `.yml` or `.json` file) attached after it in a fenced block, as a
/// person would paste it; unchanged when it names none or already holds
/// a fenced block.
pub fn with_attachment(text: &str) -> anyhow::Result<String> {
    if text.contains("```") {
        return Ok(text.to_owned());
    }
    let named = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ';' | '?' | '!' | '`')))
        .map(|w| w.strip_suffix('.').filter(|s| s.contains('.')).unwrap_or(w))
        .find(|w| {
            [".yaml", ".yml", ".json"].iter().any(|e| w.ends_with(e)) && Path::new(w).is_file()
        });
    Ok(match named {
        Some(file) => {
            let contents = read_manifest(file)?;
            format!("{text}\n```\n{}\n```", contents.trim_end())
        }
        None => text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_file_is_attached_and_resolved() {
        let dir = std::env::temp_dir().join(format!("kubechat-attach-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pod.yaml");
        std::fs::write(
            &file,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n",
        )
        .unwrap();
        let path = file.to_str().unwrap();
        let text = with_attachment(&format!("delete the pod in {path}.")).unwrap();
        assert!(text.ends_with("  namespace: shop\n```"), "{text}");
        assert_eq!(with_attachment("show pods").unwrap(), "show pods");
        assert_eq!(
            with_attachment("apply nothing.yaml").unwrap(),
            "apply nothing.yaml"
        );

        let op = kubechat_core::kubectl::parse(&format!("kubectl delete -f {path}")).unwrap();
        let op = resolve_local(op).unwrap();
        assert_eq!(
            kubechat_core::kubectl::render(&op),
            "kubectl delete pods web -n shop"
        );
        let missing =
            kubechat_core::kubectl::parse("kubectl delete -f /nonexistent/x.yaml").unwrap();
        assert!(
            resolve_local(missing)
                .unwrap_err()
                .to_string()
                .contains("cannot open")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
