//! The objects of a manifest file named in the request (`-f FILE`).

use super::*;

/// The reading of a request for the objects of a manifest file ("describe
/// the pod from pod.json", "scale whatever's in foo.yaml to 3"): the verb
/// said, the namespace and count if said, the file by name. Nothing else
/// names the objects: the type said ("a pod") is the manifest's to say.
pub(super) fn from_file(
    words: &Words,
    verb: Option<Verb>,
    file: String,
    namespace: Option<Namespace>,
    replicas: Option<u32>,
    typo: bool,
) -> Result<Reading> {
    let verb = match verb {
        Some(v @ (Verb::Get | Verb::Describe | Verb::Delete | Verb::Create | Verb::Apply)) => v,
        Some(Verb::Scale) | None if replicas.is_some() => Verb::Scale,
        Some(v) => {
            return Err(not_understood(format!(
                "{v} does not take the objects of {file}; get, describe, delete, scale, create and apply do"
            )));
        }
        None => {
            return Err(Error::NotUnderstood {
                reason: format!("say what to do with the objects in {file}"),
                suggestions: vec![format!("apply -f {file}"), format!("delete -f {file}")],
            });
        }
    };
    let mut op = Operation::new(verb, ResourceType::manifest());
    op.namespace = namespace;
    op.params.file = Some(file);
    if verb == Verb::Scale {
        op.params.replicas = replicas;
    }
    if verb == Verb::Get && ["json", "yaml"].iter().any(|w| words.has(w)) {
        op.params.output = Some(if words.has("json") {
            kubechat_core::operation::OutputFormat::Json
        } else {
            kubechat_core::operation::OutputFormat::Yaml
        });
    }
    // How people say a file names its objects ("the type and name
    // specified in pod.json", "whatever's defined in foo.yaml", "the pod
    // from pod.json") carries nothing the reading leaves out.
    const SAYING_HOW: &[&str] = &[
        "type",
        "name",
        "names",
        "specified",
        "defined",
        "using",
        "whatever",
        "data",
        "configuration",
        "definition",
        "file",
        "files",
        "identified",
        "created",
        "contents",
        "objects",
        "object",
        "everything",
        "manifest",
        "described",
        "listed",
        "based",
    ];
    let unread = unread(words)
        .map(|(_, w)| w)
        .filter(|w| !SAYING_HOW.contains(w) && resource_word(w).is_none())
        .count();
    Ok(Reading {
        confidence: sureness(unread, typo, false),
        op,
        explicit_type: true,
        explicit_verb: true,
    })
}

/// "delete the pod in pod.json", "scale whatever's in foo.yaml to 3":
/// the objects of a manifest file (kubectl's `-f`); its contents come
/// pasted or attached. A kustomization or a wildcard is many files.
pub(super) fn file_named(words: &mut Words) -> Result<Option<String>> {
    let mut file_said = None;
    if let Some(at) = (0..words.len()).find(|&i| {
        words
            .get(i)
            .is_some_and(|w| [".yaml", ".yml", ".json"].iter().any(|e| w.ends_with(e)))
    }) {
        let file = words.get(at).unwrap_or_default().to_owned();
        if file.contains("kustomization") || file.starts_with(['*', '.']) {
            return Err(Error::NotUnderstood {
                reason: format!(
                    "{file} stands for several files, which KubeChat does not read; \
                     paste one manifest after the request, or name the object"
                ),
                suggestions: vec!["delete pod web-1".into()],
            });
        }
        words.mark(at);
        // "get the nodes in JSON and store it in a file at nodes.json":
        // where the output goes, which a chat answer cannot write; the
        // request is the read.
        if !saved_to(words, at) {
            file_said = Some(file);
        }
    }
    Ok(file_said)
}

/// "… and save them to /opt/outputs/web.log", "write the output to
/// ./pods.txt": where the answer is to be kept, which a chat answer
/// cannot write. The path and the words that say so are claimed, so the
/// path is never read as a second name. A manifest (`.yaml`, `.json`) is
/// [`file_named`]'s.
pub(super) fn saved_output(words: &mut Words) {
    /// Words between the saving verb and the path that say only where.
    const GLUE: &[&str] = &[
        "it", "them", "to", "into", "in", "at", "a", "the", "file", "output", "result", "results",
        "located", "called", "named", "path", "local", "under",
    ];
    for at in 0..words.len() {
        let Some(w) = words.free(at) else { continue };
        if !local_path(w) {
            continue;
        }
        let from = at.saturating_sub(8);
        let Some(v) = (from..at)
            .rev()
            .find(|&i| words.free(i).is_some_and(|w| SAVING.contains(&w)))
        else {
            continue;
        };
        if (v..at).any(|i| words.get(i) == Some("from")) {
            continue;
        }
        words.mark(at);
        words.mark(v);
        for i in v + 1..at {
            if words.free(i).is_some_and(|w| GLUE.contains(&w)) {
                words.mark(i);
            }
        }
    }
}

/// A path on the asker's machine: rooted ("/opt/out.log", "./pods.txt",
/// "~/dump") or a file with a plain-text extension ("pods.txt").
fn local_path(w: &str) -> bool {
    let rooted = ["/", "./", "~/", "../"]
        .iter()
        .any(|p| w.len() > p.len() && w.starts_with(p));
    let texty = [".txt", ".log", ".out", ".csv", ".tsv"]
        .iter()
        .any(|e| w.len() > e.len() && w.ends_with(e));
    (rooted || texty)
        && !w.contains('=')
        && ![".yaml", ".yml", ".json"].iter().any(|e| w.ends_with(e))
}

/// Verbs that say where output is to be kept.
const SAVING: &[&str] = &[
    "store", "save", "write", "output", "redirect", "export", "place", "put", "dump", "copy",
    "storing", "saving", "writing", "saved", "stored", "written",
];

/// Whether the file at `at` is where output is to be written ("save it
/// to out.json", "write the list into a file at /tmp/pods.yaml"), not
/// the manifest the objects come from.
fn saved_to(words: &mut Words, at: usize) -> bool {
    let Some(v) = (0..at)
        .rev()
        .find(|&i| words.get(i).is_some_and(|w| SAVING.contains(&w)))
    else {
        return false;
    };
    // "save the changes from web.yaml": the file is a source.
    if (v..at).any(|i| words.get(i) == Some("from")) {
        return false;
    }
    words.mark(v);
    true
}
