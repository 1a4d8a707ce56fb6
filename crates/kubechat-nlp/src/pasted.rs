//! Requests that carry their object: a manifest pasted after the words
//! ("apply this:" and a fenced YAML block, "delete" and a bare JSON
//! object), or what the kubechat terminal attaches for a file it is told
//! about ("delete the pod in pod.json"). The words say what to do; the
//! manifest says which object, and is read by the server before the
//! policy decides (`kubechat_kube::manifest::resolve`).

use kubechat_core::{Operation, ResourceType, Verb};

use crate::{Error, Result};

/// The words of `text` (outside the manifest) and the manifest, when
/// `text` holds one: a fenced block holding an object, or the lines from
/// the first that starts one (`apiVersion:`, `kind:`, `---`, or a JSON
/// object naming its apiVersion or kind) to the end.
pub(crate) fn split(text: &str) -> Option<(String, &str)> {
    let starts_object = |l: &str| {
        l.starts_with("apiVersion:")
            || l.starts_with("kind:")
            || (l.starts_with('{') && (l.contains("\"apiVersion\"") || l.contains("\"kind\"")))
    };
    let holds_object = |block: &str| {
        block.trim_start().starts_with('{') || block.lines().any(|l| starts_object(l.trim_end()))
    };
    let mut offset = 0;
    let mut lines = Vec::new();
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    for (k, &(at, line)) in lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            let body_start = at + line.len();
            let end = lines[k + 1..]
                .iter()
                .find(|(_, l)| l.trim_start().starts_with("```"))
                .map(|(i, l)| (*i, i + l.len()));
            let (body_end, after) = end.unwrap_or((text.len(), text.len()));
            let body = &text[body_start..body_end];
            if holds_object(body) {
                let words = format!("{} {}", &text[..at], &text[after..]);
                return Some((words, body));
            }
        }
        let l = line.trim_end();
        let document_marker = l == "---"
            && lines[k + 1..]
                .iter()
                .find(|(_, n)| !n.trim().is_empty())
                .is_some_and(|(_, n)| starts_object(n.trim_end()));
        if starts_object(l) || document_marker {
            return Some((text[..at].to_owned(), &text[at..]));
        }
    }
    None
}

/// What to do with a pasted manifest, read from the words around it.
pub(crate) fn read(words: &str, manifest: &str) -> Result<(Operation, f64)> {
    let lower = words.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|t| !t.is_empty())
        .collect();
    let has = |w: &str| tokens.contains(&w);
    let ask = |reason: String| Error::NotUnderstood {
        reason,
        suggestions: vec![
            "apply this manifest".into(),
            "delete the object in this manifest".into(),
        ],
    };
    if ["don't", "dont", "not", "never", "shouldn't", "without"]
        .iter()
        .any(|w| has(w))
    {
        return Err(ask(
            "say plainly what to do with the pasted manifest (apply, create, delete, describe or get it)".into(),
        ));
    }
    const VERBS: &[(&[&str], Verb)] = &[
        (
            &[
                "delete",
                "remove",
                "destroy",
                "undeploy",
                "uninstall",
                "tear",
            ],
            Verb::Delete,
        ),
        (
            &[
                "apply", "deploy", "install", "update", "upgrade", "sync", "push",
            ],
            Verb::Apply,
        ),
        (&["create", "add", "make", "launch"], Verb::Create),
        (&["describe", "details"], Verb::Describe),
        (
            &[
                "get", "show", "status", "running", "exist", "exists", "list", "view", "see",
            ],
            Verb::Get,
        ),
        (&["scale"], Verb::Scale),
    ];
    let mut said: Vec<Verb> = VERBS
        .iter()
        .filter(|(ws, _)| ws.iter().any(|w| has(w)))
        .map(|(_, v)| *v)
        .collect();
    // "create or update this": written whichever way, which is apply.
    if said.contains(&Verb::Apply) && said.contains(&Verb::Create) {
        said.retain(|v| *v != Verb::Create);
    }
    // "get rid of this": a deletion, not a read.
    if has("rid") && said.contains(&Verb::Get) {
        said.retain(|v| *v != Verb::Get);
        if !said.contains(&Verb::Delete) {
            said.push(Verb::Delete);
        }
    }
    let verb = match said.as_slice() {
        [one] => *one,
        [] => {
            return Err(ask(
                "a manifest came without saying what to do with it; say apply, create, delete, describe or get"
                    .into(),
            ));
        }
        several => {
            let names: Vec<&str> = several.iter().map(|v| v.as_str()).collect();
            return Err(ask(format!(
                "it is not clear whether to {} the pasted manifest; ask for one",
                names.join(" or ")
            )));
        }
    };
    let mut op = Operation::new(verb, ResourceType::manifest());
    op.params.manifest = Some(manifest.to_owned());
    if verb == Verb::Scale {
        let count = tokens.iter().find_map(|t| t.parse::<u32>().ok());
        op.params.replicas =
            Some(count.ok_or_else(|| ask("say how many replicas to scale it to".into()))?);
    }
    // "in namespace shop", "in the shop namespace", "-n shop": read as
    // any request's namespace is.
    let normalized = crate::rules::normalize::normalize(words)
        .map_err(|_| ask("the words around the manifest cannot be read".into()))?;
    op.namespace = crate::rules::frame::find_namespace(
        &mut crate::rules::tokens::Words::new(&normalized.to_lowercase()),
        false,
    )?;
    Ok((op, 0.95))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec: {}\n";

    #[test]
    fn the_manifest_is_found_fenced_bare_or_as_json() {
        let fenced = format!("apply this please:\n```yaml\n{POD}```\nthanks");
        let (words, m) = split(&fenced).unwrap();
        assert_eq!(m, POD);
        assert!(words.contains("apply this please") && words.contains("thanks"));
        let bare = format!("delete\n{POD}");
        assert_eq!(split(&bare).unwrap(), ("delete\n".to_owned(), POD));
        let json = "create it:\n{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"x\"}}";
        assert!(split(json).unwrap().1.starts_with('{'));
        assert_eq!(split("show me the pods of kind: web"), None);
        assert_eq!(split("```\nls -la\n```"), None);
    }

    #[test]
    fn the_words_say_what_to_do() {
        let verb = |w: &str| read(w, POD).map(|(op, _)| op.verb);
        assert_eq!(verb("apply this").unwrap(), Verb::Apply);
        assert_eq!(verb("please create or update it").unwrap(), Verb::Apply);
        assert_eq!(verb("get rid of this").unwrap(), Verb::Delete);
        assert_eq!(verb("is this running?").unwrap(), Verb::Get);
        assert!(verb("").is_err(), "nothing said is asked back");
        assert!(verb("don't apply this").is_err());
        assert!(verb("delete or describe this").is_err());
        let (op, _) = read("scale this to 3 in namespace shop", POD).unwrap();
        assert_eq!(op.params.replicas, Some(3));
        assert_eq!(op.namespace.unwrap().as_str(), "shop");
        assert!(op.resource.is_manifest());
    }
}
