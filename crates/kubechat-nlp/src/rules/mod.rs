//! The embedded rule translator, in stages.
//!
//! 1. [`normalize`]: one spelling (NFKC, confusables folded, invisible
//!    characters dropped, control characters refused).
//! 2. [`sentences`]: which sentences ask and which state a rule, a
//!    requirement, a situation or an answer format.
//! 3. [`tokens`]: words, keeping quoted spans, `key=value`, `type/name`,
//!    numbers and percentages as single words.
//! 4. [`frame`]: each asking sentence fills a frame — verb, type, name,
//!    namespace, selector, parameters — from the lexicons in
//!    [`crate::words`], with a confidence.
//! 5. Here: the best frame among the asking sentences is the reading; a
//!    namespace the other sentences state fills an empty slot; a sentence
//!    that only states never contributes a change.

pub(crate) mod frame;
mod hedges;
mod identify;
mod languages;
pub(crate) mod normalize;
mod sentences;
pub(crate) mod tokens;
pub(crate) use frame::stated_cluster;

use kubechat_core::{Namespace, Operation};

use crate::words::SHELLISH;
use crate::{Error, Result};
use sentences::{Kind, Sentence};

fn refused_shell() -> Error {
    Error::Refused {
        reason: "KubeChat carries out Kubernetes operations and never runs commands or shells"
            .into(),
        suggestions: vec![
            "show pods in payments".into(),
            "why is api-gateway crashing".into(),
        ],
    }
}

/// A path in a container's file system ("/etc/nginx/nginx.conf",
/// "/var/log/app.log", "/tmp/dump"): rooted in a directory every image
/// has, or naming a file; an URL path ("/api/v1") is neither.
fn container_file(w: &str) -> bool {
    let Some(path) = w.strip_prefix('/') else {
        return false;
    };
    let mut parts = path.split('/');
    let root = parts.next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    path.contains('/')
        && (matches!(
            root,
            "etc"
                | "var"
                | "tmp"
                | "proc"
                | "home"
                | "root"
                | "usr"
                | "opt"
                | "srv"
                | "mnt"
                | "run"
        ) || (last.contains('.')
            && last.rsplit('.').next().is_some_and(|ext| {
                (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
            })))
}

/// Refusals that hold wherever they appear in the text: a shell or a
/// program run, or an attempt to set the translator's rules aside.
/// Sentences that forbid ("- Do not use `kubectl exec`.") or tell what
/// the writer did or saw ("When I ssh in, the agent looks fine", "curl
/// works from inside them") ask for nothing, so they are left out first.
fn refusal(text: &str) -> Option<Error> {
    // (Most texts hold nothing refused: the sentences are looked at
    // only when the whole would be.)
    refusal_of(text)?;
    let kept = asking_parts(text);
    refusal_of(kept.as_deref().unwrap_or(text))
}

/// The text without its forbidding and told sentences, or `None` when
/// none is either (the common case: nothing is copied).
fn asking_parts(text: &str) -> Option<String> {
    // Cut at sentence ends, line breaks, semicolons and list bullets.
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = match c {
            '\n' | ';' | '?' | '!' => true,
            '.' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
            '-' | '*' => i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' '),
            _ => false,
        };
        if end {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    let asks_nothing = |part: &str| {
        let p = part
            .trim_start_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_digit() || matches!(c, '-' | '*' | ')' | '.' | '•')
            })
            .trim_start_matches("rules:")
            .trim_start();
        const FORBIDS: &[&str] = &[
            "do not ",
            "don't ",
            "dont ",
            "never ",
            "no kubectl",
            "no `",
            "no exec",
            "no shell",
            "no ssh",
            "avoid ",
            "you may not ",
            "you must not ",
            "you can't ",
            "you cannot ",
        ];
        const TOLD: &[&str] = &[
            "when i ",
            "when we ",
            "after i ",
            "after we ",
            "i already ",
            "we already ",
            "i tried ",
            "we tried ",
            "i checked ",
            "we checked ",
            // ("I don't have SSH yet.": what the writer lacks.)
            "i don't have ",
            "i do not have ",
            "we don't have ",
            "we do not have ",
            "i have no ",
            "we have no ",
        ];
        (FORBIDS.iter().chain(TOLD).any(|f| p.starts_with(f)) && !p.starts_with("never mind"))
            // ("curl works from inside them": the tool as the subject of
            // what it did.)
            || p.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| {
                SHELLISH.contains(&w[0].trim_matches(['`', '\'', '"']))
                    && matches!(
                        w[1],
                        "works" | "worked" | "succeeds" | "succeeded" | "fails" | "failed"
                            | "returns" | "returned" | "shows" | "showed" | "says" | "said"
                    )
            })
    };
    if !parts.iter().any(|p| asks_nothing(p)) {
        return None;
    }
    Some(
        parts
            .into_iter()
            .filter(|p| !asks_nothing(p))
            .collect::<Vec<_>>()
            .join(". "),
    )
}

fn refusal_of(text: &str) -> Option<Error> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '"' | '`'))
        .map(|w| w.trim_matches(['.', '?', '!', ':', '\'']))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if words.iter().enumerate().any(|(i, w)| {
        (SHELLISH.contains(w)
            && !(*w == "exec" && right_asked_before(&words, i))
            && !(*w == "execute" && operation_after(&words, i))
            // ("failing with 'exec format error'": an error's message.)
            && !(*w == "exec" && words.get(i + 1) == Some(&"format"))
            // ("rm the pvc scratch in batch", "rm pod web-1": chat's
            // shorthand for delete, before what it deletes.)
            && !(*w == "rm"
                && {
                    let next = match words.get(i + 1) {
                        Some(&"the") => words.get(i + 2),
                        n => n,
                    };
                    next.is_some_and(|n| kubechat_core::resources::lookup(n).is_some())
                }))
            // The root of a file system after a flag ("chattr -R /",
            // "find / -delete"), never an ingress's path ("path /") nor a
            // separator ("USED: <value> / HARD: <value>").
            || (*w == "/"
                && (i.checked_sub(1).is_some_and(|j| words[j].starts_with('-'))
                    || words.get(i + 1).is_some_and(|n| n.starts_with('-'))))
            || w.starts_with("-rf")
    }) {
        return Some(refused_shell());
    }
    // "Get output from running the 'date' command from pod mypod",
    // "run 'nslookup kubernetes.default' inside the pod dns-debug": a
    // program run in a container (kubectl exec), never a read of logs.
    let in_workload = [
        "pod",
        "pods",
        "container",
        "containers",
        "deployment",
        "service",
    ]
    .iter()
    .any(|w| has(w));
    let ran = text.contains("output from running")
        || text.contains("output of running")
        || ((has("run") || has("running") || has("execute") || has("executing"))
            && (text.contains("' command") || text.contains("` command"))
            || ([
                "run '",
                "run `",
                "run \"",
                "execute '",
                "execute `",
                "execute \"",
            ]
            .iter()
            .any(|r| text.contains(r))
                && (has("inside") || has("within"))));
    // "how do i get into the pg pod", "log into the api container",
    // "hop inside pod web-1": a shell in the container, said without
    // the word shell. "Check DNS resolution from inside that pod": a
    // program run there.
    let entered = words.windows(2).enumerate().any(|(i, w)| {
        matches!(
            w[0],
            "get" | "log" | "login" | "hop" | "jump" | "go" | "shell" | "ssh" | "from"
        ) && matches!(w[1], "into" | "inside" | "within")
            // "from inside the pod" runs something only when a program's
            // work is said ("resolve", "ping"); "the logs from inside the
            // api container" are its logs.
            && (w[0] != "from"
                || (w[1] != "into"
                    && words.iter().any(|v| {
                        [
                            "resolve", "resolves", "resolution", "nslookup", "dig", "ping", "curl",
                            "wget", "connect", "reach", "run", "call", "query",
                        ]
                        .contains(v)
                    })))
            && words[i + 2..]
                .iter()
                .take(3)
                .any(|w| matches!(*w, "pod" | "container"))
    });
    if (in_workload && ran) || entered {
        return Some(refused_shell());
    }
    // "print the contents of /etc/nginx/nginx.conf from pod web", "cat
    // /etc/hosts in web-1": a file inside a container is read by a
    // program run in it, which KubeChat never does.
    // A path said of a volume ("mounted at /var/lib/data") is a field.
    let reading = [
        "cat", "contents", "content", "file", "files", "read", "print", "dump", "tail", "head",
        "less", "open", "show", "view", "display", "see", "get",
    ];
    let mounting = [
        "volume",
        "volumes",
        "mount",
        "mounts",
        "mounted",
        "mountpath",
        "hostpath",
        "path",
    ];
    if words.iter().any(|w| container_file(w))
        && ["pod", "pods", "container", "containers"]
            .iter()
            .any(|w| has(w))
        && reading.iter().any(|w| has(w))
        && !mounting.iter().any(|w| has(w))
        // "save the output to /tmp/pods.txt": where an answer is kept.
        && ![
            "save", "saved", "write", "written", "store", "redirect", "export", "copy", "cp",
            "output", "place", "put", "results", "result",
        ]
        .iter()
        .any(|w| has(w))
    {
        return Some(Error::Refused {
            reason: "reading a file inside a container needs a program run in it (kubectl exec), which KubeChat never does"
                .into(),
            suggestions: vec![
                "show the logs of pod web-1".into(),
                "describe pod web-1".into(),
            ],
        });
    }
    // A steering word asked of KubeChat, with the rules it would set
    // aside close after it ("ignore all previous instructions",
    // "bypass the restrictions"). What pods or people do to a policy is
    // told, not asked ("Pods that set hostNetwork bypass the network
    // policies", "they bypass the policy"), and so is what must not be
    // done ("do not bypass the policy").
    let rules_word = |w: &str| {
        matches!(
            w,
            "instructions"
                | "instruction"
                | "rules"
                | "policy"
                | "policies"
                | "prompt"
                | "guidelines"
                | "restrictions"
        )
    };
    // (Asked of KubeChat: the steering word opens the text or a clause,
    // or follows a word that asks — "please", "you must", "and".)
    // (The text is in lower case; the words are split apart only where a
    // steering word is said at all.)
    let steering = |w: &str| matches!(w, "ignore" | "disregard" | "forget" | "override" | "bypass");
    let raw: Vec<&str> = if words.iter().any(|w| steering(w)) {
        text.split_whitespace().collect()
    } else {
        Vec::new()
    };
    let steered = raw.iter().enumerate().any(|(i, w)| {
        steering(w.trim_matches(|c: char| !c.is_alphanumeric()))
            && raw[i + 1..]
                .iter()
                .take(5)
                .any(|v| rules_word(v.trim_matches(|c: char| !c.is_alphanumeric())))
            && i.checked_sub(1).is_none_or(|j| {
                let before = raw[j];
                before.ends_with(['.', ',', ';', ':', '!', '?', '-'])
                    || matches!(
                        before,
                        "please"
                            | "pls"
                            | "just"
                            | "now"
                            | "then"
                            | "and"
                            | "so"
                            | "also"
                            | "kindly"
                            | "simply"
                            | "you"
                            | "u"
                            | "must"
                            | "should"
                            | "can"
                            | "could"
                            | "will"
                            | "to"
                            | "always"
                            | "first"
                            | "ok"
                            | "okay"
                            | "hey"
                            | "\""
                            | "'"
                    )
            })
    });
    // Role-play that claims other powers ("you are now in admin mode").
    let role_play = [
        "you are now",
        "admin mode",
        "developer mode",
        "god mode",
        "sudo mode",
        "jailbreak",
        "pretend you",
        "pretend to be",
    ]
    .iter()
    .any(|p| text.contains(p));
    if steered || role_play {
        return Some(Error::Refused {
            reason: "requests to set aside KubeChat's rules are not followed".into(),
            suggestions: vec!["show pods in payments".into()],
        });
    }
    None
}

/// Whether the word at `at` is the action of a question about the
/// person's own rights ("can I exec into pods", "am I allowed to exec"):
/// `auth can-i create pods --subresource=exec` runs nothing, so it is
/// answered, not refused.
/// "execute a rolling restart of api", "execute the drain of node-7":
/// what is executed is a Kubernetes operation said by its noun, and the
/// word is a light verb like "perform" — no program is run.
fn operation_after(words: &[&str], at: usize) -> bool {
    let mut rest = words[at + 1..]
        .iter()
        .skip_while(|w| matches!(**w, "a" | "an" | "the" | "this" | "that"));
    rest.next().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "rolling"
                | "rollout"
                | "rollback"
                | "roll-back"
                | "restart"
                | "redeploy"
                | "scale"
                | "scale-up"
                | "scale-down"
                | "drain"
                | "cordon"
                | "uncordon"
                | "deletion"
                | "cleanup"
                | "failover"
        )
    })
}

fn right_asked_before(words: &[&str], at: usize) -> bool {
    match (
        at.checked_sub(2).map(|i| words[i]),
        at.checked_sub(1).map(|i| words[i]),
    ) {
        (Some(lead), Some("i")) => matches!(lead, "can" | "could" | "may"),
        (Some(lead), Some("to")) => matches!(
            lead,
            "allowed"
                | "permitted"
                | "able"
                | "authorized"
                | "authorised"
                | "permission"
                | "permissions"
                | "rights"
                | "right"
                | "perms"
                | "perm"
                | "me"
        ),
        _ => false,
    }
}

/// The namespace a reading states: its scope, or the namespace it is
/// about ("auditing the shop namespace").
fn stated_namespace(r: &frame::Reading) -> Option<Namespace> {
    if let Some(ns) = &r.op.namespace {
        return Some(ns.clone());
    }
    match (&r.op.name, r.op.resource.as_str()) {
        (Some(n), "namespaces") => Namespace::parse(n.as_str()).ok(),
        _ => None,
    }
}

/// A kubectl command written inside prose, read as kubectl syntax: the
/// longest run of words from `kubectl` to the end of its sentence that
/// parses and validates. A read is the answer; a change is asked back
/// with the command as the suggestion (prose around a change is not a
/// confirmation of it).
/// `text` with its quoted kubectl command put as "a command" (only a
/// command in backticks or quotes, whose end is sure).
fn quoted_command_removed(text: &str) -> Option<String> {
    let at = text.to_lowercase().find("kubectl ")?;
    let quote = text[..at]
        .chars()
        .next_back()
        .filter(|c| matches!(c, '`' | '"'))?;
    let close = text[at..].find(quote)? + at;
    Some(format!(
        "{}a command{}",
        &text[..at - 1],
        &text[close + 1..]
    ))
}

/// "kubectl get pods -n analytics shows:\nspark-driver-0 0/1 Pending …\nWhy
/// is it stuck?", "`kubectl describe node worker-14` says `DiskPressure
/// True`. Could you cordon worker-14 …?": a read command told as run,
/// with what it printed, then a question: the command is what was seen,
/// not the request. `text` with the command said as the object it read
/// ("pods in namespace analytics"), for the question to be read.
pub(crate) fn command_output_told(text: &str) -> Option<String> {
    // (How a command went, and a few ways more of telling its output.)
    const TOLD_TOO: &[&str] = &["said", "output", "reports", "is showing", "keeps saying"];
    // (Most requests say neither: passed over without a copy.)
    if !text.contains('?') || !contains_ignore_case(text, "kubectl ") {
        return None;
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    let at = lower.find("kubectl ")?;
    let quote = text[..at]
        .chars()
        .next_back()
        .filter(|c| matches!(c, '`' | '"'));
    let rest = &lower[at..];
    let told_words = || crate::words::COMMAND_TOLD.iter().chain(TOLD_TOO);
    let marker = |from: &str| {
        told_words()
            .filter_map(|t| from.find(&format!(" {t}")))
            .min()
    };
    let end = match quote {
        Some(q) => rest.find(q)?,
        None => {
            let line = rest.find('\n').unwrap_or(rest.len());
            marker(&rest[..line]).map_or(line, |m| m.min(line))
        }
    };
    let command = rest[..end].trim().trim_end_matches(':');
    let op = kubechat_core::kubectl::parse(command).ok()?;
    if op.risk() != kubechat_core::Risk::Read || op.validate().is_err() {
        return None;
    }
    let after_at = at + end + usize::from(quote.is_some());
    let after = &lower[after_at..];
    let told = told_words().any(|t| after.trim_start().starts_with(t))
        || (quote.is_none()
            && after.starts_with('\n')
            && after[1..].lines().next().is_some_and(|l| {
                let l = l.trim();
                !l.is_empty() && !l.contains('?')
            }));
    if !told {
        return None;
    }
    // ("kubectl get pods -n analytics shows:\nspark-driver-0 0/1 Pending
    // …\nWhy is it stuck?": one row printed names the one object.)
    let mut op = op;
    if op.name.is_none() && op.verb == kubechat_core::Verb::Get {
        let rows: Vec<&str> = text[after_at..]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.contains('?') && !l.ends_with(':'))
            .take_while(|l| !l.to_ascii_lowercase().starts_with("name "))
            .collect();
        if let [row] = rows.as_slice()
            && let Some(first) = row.split_whitespace().next()
            && first.contains(|c: char| c == '-' || c.is_ascii_digit())
            && row.split_whitespace().count() >= 3
            && let Ok(n) = kubechat_core::ResourceName::parse(first)
        {
            op.name = Some(n);
        }
    }
    // (A bare command names nothing the question could be about: "kubectl
    // get pods shows CrashLoopBackOff for my redis pod" is read as it is.)
    if op.name.is_none() && op.namespace.is_none() {
        return None;
    }
    let kind = op.resource.builtin().map_or(op.resource.as_str(), |b| {
        if op.name.is_some() {
            b.singular
        } else {
            b.plural
        }
    });
    let mut prose = kind.to_owned();
    if let Some(n) = &op.name {
        prose.push(' ');
        prose.push_str(n.as_str());
    }
    if let Some(ns) = &op.namespace {
        prose.push_str(" in namespace ");
        prose.push_str(ns.as_str());
    }
    let before = &text[..at - usize::from(quote.is_some())];
    Some(format!("{before}{prose}{}", &text[after_at..]))
}

fn embedded_kubectl(text: &str) -> Option<Result<(Operation, f64)>> {
    if !text.contains("kubectl") && !text.contains("Kubectl") && !text.contains("KUBECTL") {
        return None;
    }
    let lower = text.to_lowercase();
    let at = lower.find("kubectl ").filter(|&i| i > 0)?;
    // "restart api && kubectl get pods", "scale web to 3; kubectl get
    // pods": a change joined to the command, which answering the command
    // alone would drop.
    let before = lower[..at].trim_end();
    if (before.contains("&&")
        || before.contains("||")
        || [";", "&", "and", "then", "and then"]
            .iter()
            .any(|j| before.ends_with(j)))
        && frame::asks_for_change(before)
    {
        return Some(Err(frame::not_understood(
            "this joins a change and a command, which KubeChat runs one at a time; send each on its own",
        )));
    }
    let rest = &text[at..];
    // "the equivalent of `kubectl get po -n prod` but …": a command in
    // backticks ends at the closing one.
    // ("\"kubectl delete pod web-3 -n shop\" — do it": in quotes too.)
    let quote = text[..at]
        .chars()
        .next_back()
        .filter(|c| matches!(c, '`' | '"' | '\''));
    let ticked = quote.is_some();
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            (ticked && Some(c) == quote)
                || (!ticked
                    && matches!(c, '.' | '?' | '!' | ';' | ',' | '\n')
                    && rest[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace))
        })
        .map_or(rest.len(), |(i, _)| i);
    let words: Vec<&str> = rest[..end].split_whitespace().collect();
    // A word of prose where an argument goes ends the command: a longer
    // line would name it, and is passed over below (each line tried is a
    // whole parse, and prose runs on).
    let longest = (3..words.len())
        .find(|&i| {
            crate::words::STOP_SET.contains(words[i].to_ascii_lowercase().as_str())
                && !words[i - 1].starts_with('-')
        })
        .unwrap_or(words.len());
    for n in (3..=longest.min(16)).rev() {
        let line = words[..n].join(" ");
        let Ok(op) = kubechat_core::kubectl::parse(&line) else {
            continue;
        };
        // "… the output of kubectl get nodes and the output of": prose
        // after the command is not more names; "use kubectl logs to fetch
        // …": nor is prose after the verb a name.
        // ("is this right? `kubectl apply -f deploy.yaml`": a file's
        // objects are a command's too.)
        if op.validate().is_err()
            || (op.resource.builtin().is_none()
                && !(op.resource.is_manifest()
                    && op
                        .params
                        .file
                        .as_deref()
                        .is_some_and(|f| f == "-" || f.contains(['.', '/']))))
            || op.names().any(|n| {
                crate::words::STOP_SET.contains(n.as_str())
                        || crate::words::COMMAND_TOLD.contains(&n.as_str())
                        // "kubectl logs shows nothing": what it did.
                        || crate::words::NOT_NAMES_SET.contains(n.as_str())
                        || crate::words::PROSE_SET.contains(n.as_str())
                        || n.as_str() == "and"
            })
        {
            continue;
        }
        // "run `kubectl get pods` in prod": the namespace said after
        // the quoted command is its own.
        let mut op = op;
        if ticked
            && op.namespace.is_none()
            && !op.all_namespaces
            && op.resource.builtin().is_some_and(|b| b.namespaced)
            && let Some(ns) = namespace_after(&rest[(end + 1).min(rest.len())..])
        {
            op.namespace = Some(ns);
        }
        // "Use the kubectl get pods command to verify that the DNS pod is
        // running in kube-system, selecting k8s-app=kube-dns": the place
        // and the labels the prose around the command says are the
        // command's; answered without them, they would be dropped
        // silently.
        if !ticked && op.risk() == kubechat_core::Risk::Read {
            let around = format!(
                "{} {} {}",
                &text[..at],
                words[n..].join(" "),
                &rest[end.min(rest.len())..]
            );
            if op.namespace.is_none()
                && !op.all_namespaces
                && op.resource.builtin().is_some_and(|b| b.namespaced)
                && let Some(ns) = frame::place_read(&around)
            {
                op.namespace = Some(ns);
            }
            if op.selector.is_none()
                && let Some(pair) = around
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .find(|w| {
                        matches!(
                            w[0].to_ascii_lowercase().as_str(),
                            "selecting" | "selector" | "label" | "labelled" | "labeled" | "-l"
                        ) && w[1].contains('=')
                    })
                    .map(|w| {
                        w[1].trim_matches(|c: char| matches!(c, ',' | '.' | ':' | '`' | '\'' | '"'))
                    })
            {
                match kubechat_core::Selector::parse(pair) {
                    Ok(sel) => op.selector = Some(sel),
                    Err(_) => return None,
                }
            }
        }
        // ("`kubectl get cronjob` shows LAST SCHEDULE 3d ago. … What's
        // going on?": a look told with what it showed; the text's own
        // question asks.)
        // ("kubectl top pod gives one number, I want it per container":
        // unquoted, the word after the line.)
        let after: Vec<&str> = if ticked {
            rest[(end + 1).min(rest.len())..]
                .split_whitespace()
                .collect()
        } else {
            words[n..].to_vec()
        };
        let told_output = op.risk() == kubechat_core::Risk::Read
            && after
                .iter()
                .find(|w| !matches!(**w, "still" | "just" | "only" | "now" | "also"))
                .is_some_and(|w| {
                    crate::words::COMMAND_TOLD.contains(&w.to_ascii_lowercase().as_str())
                });
        if told_output {
            return None;
        }
        if op.risk() == kubechat_core::Risk::Read {
            return Some(Ok((op, 0.9)));
        }
        // "the CI pipeline ran `kubectl scale … --replicas=0` by mistake
        // last night": a change told as done (or done wrongly) is never
        // offered to run again.
        let told_done = lower[..at].split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "ran" | "executed" | "typed" | "did" | "issued" | "accidentally" | "mistakenly"
            )
        }) || [
            "by mistake",
            "by accident",
            "last night",
            "yesterday",
            "earlier today",
            "was run",
            "got run",
        ]
        .iter()
        .any(|p| lower.contains(p));
        // ("`kubectl scale deploy/cart --replicas=6 -n shop` please run
        // this", "run `kubectl cordon node-9` please": the command itself,
        // sent with nothing but a word to run it.)
        if ticked
            && !told_done
            && run_words_only(
                lower.get(..at).unwrap_or_default(),
                lower.get(at + end + 1..).unwrap_or_default(),
            )
        {
            return Some(Ok((op, 0.9)));
        }
        if told_done {
            return Some(Err(Error::NotUnderstood {
                reason: format!(
                    "the text tells of `{}` as already run, which is not offered again; say what to do now (a look at the objects, or the change that undoes it)",
                    kubechat_core::kubectl::render(&op)
                ),
                suggestions: Vec::new(),
            }));
        }
        return Some(Err(Error::NotUnderstood {
            reason: format!(
                "the text names the change `{}`; send that line to preview it",
                kubechat_core::kubectl::render(&op)
            ),
            suggestions: vec![kubechat_core::kubectl::render(&op)],
        }));
    }
    None
}

/// Whether the words around a quoted command only ask to run it ("please
/// run this", "go ahead", "do it", "run … please"): at least one such
/// word, and nothing else (a question, a negation or a reason keeps the
/// command a line to send).
fn run_words_only(before: &str, after: &str) -> bool {
    let sep = |c: char| c.is_whitespace() || matches!(c, ',' | ':' | '!' | '.' | '\u{2014}' | '-');
    let words: Vec<&str> = before
        .split(sep)
        .chain(after.split(sep))
        .map(|w| w.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | '(' | ')')))
        .filter(|w| !w.is_empty())
        .collect();
    let asks = words
        .iter()
        .any(|w| matches!(*w, "run" | "please" | "pls" | "plz" | "ahead"))
        || words.windows(2).any(|w| w == ["do", "it"]);
    asks && words.iter().all(|w| {
        matches!(
            *w,
            "run"
                | "this"
                | "that"
                | "please"
                | "pls"
                | "plz"
                | "go"
                | "ahead"
                | "and"
                | "do"
                | "it"
                | "now"
                | "thanks"
                | "thx"
                | "can"
                | "you"
                | "could"
                | "kindly"
                | "for"
                | "me"
        )
    })
}

/// The one object `text` names with its type right before it ("node
/// 'worker-12'", "deployment api-7"): quoted, or a name no word is
/// (with a dash or a digit). Namespaces are places, not told objects.
fn typed_object(text: &str) -> Option<(&'static str, String)> {
    match typed_objects(text).as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Every object `text` says with its type and a name shaped as one, in
/// the order said.
fn typed_objects(text: &str) -> Vec<(&'static str, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for pair in words.windows(2) {
        // "deployment 'web'", or "the payment-api deployment" (the name
        // first; "the shop namespace" is a place, no object).
        let kind_first = frame::pointed_kind(&trim_word(pair[0]).to_lowercase());
        let name_first = kind_first.is_none().then(|| {
            frame::pointed_kind(&trim_word(pair[1]).to_lowercase())
                .filter(|k| k.plural != "namespaces")
        });
        let (kind, raw) = match (kind_first, name_first.flatten()) {
            (Some(k), _) => (k, pair[1]),
            (None, Some(k)) => (k, pair[0]),
            (None, None) => continue,
        };
        let raw = raw.trim_end_matches([',', '.', '?', '!', ';', ':']);
        let quoted =
            raw.len() > 2 && raw.starts_with(['\'', '"', '`']) && raw.ends_with(['\'', '"', '`']);
        let name = raw.trim_matches(['\'', '"', '`']);
        let name_like = name.contains('-') || name.bytes().any(|b| b.is_ascii_digit());
        if !(quoted || name_like) || kubechat_core::ResourceName::parse(name).is_err() {
            continue;
        }
        found.push((kind.singular, name.to_owned()));
    }
    found
}

/// How many objects the sentences that point at nothing say with their
/// type and a name ("Deployment cart and deployment search both live in
/// shop", "deployment api in staging and deployment api in prod"): with
/// two, "it" or "the deployment" may be either.
fn typed_objects_told(all: &[Sentence], has_pointer: &dyn Fn(&str) -> bool) -> usize {
    let mut seen: Vec<(String, String)> = Vec::new();
    for s in all
        .iter()
        .filter(|s| s.kind != Kind::Format && !has_pointer(&s.text))
        // ("… Delete it so the job controller creates a fresh one": what
        // follows from the order tells no object.)
        .filter(|s| !s.text.starts_with("so ") && !s.text.starts_with("So "))
    {
        let words: Vec<String> = s
            .text
            .split_whitespace()
            .map(|w| {
                trim_word(w)
                    .trim_matches(['\'', '"', '`'])
                    .to_ascii_lowercase()
            })
            .collect();
        for i in 0..words.len().saturating_sub(1) {
            let Some(kind) = frame::pointed_kind(&words[i]) else {
                continue;
            };
            let name = &words[i + 1];
            let shaped = name.contains('-') || name.bytes().any(|b| b.is_ascii_digit());
            // ("deployment billing run in finance" names billing; "pods
            // using emptyDir" names none.)
            let gerund_named = name.ends_with("ing")
                && words.get(i + 2).is_none_or(|n| {
                    matches!(
                        n.as_str(),
                        "and"
                            | "in"
                            | "is"
                            | "was"
                            | "are"
                            | "run"
                            | "runs"
                            | "both"
                            | "live"
                            | "lives"
                    )
                });
            // ("after a ConfigMap change": a kind, said with "a", and the
            // word after it no name.)
            let indefinite = i.checked_sub(1).is_some_and(|p| {
                matches!(
                    words[p].as_str(),
                    "a" | "an" | "any" | "every" | "each" | "no" | "some"
                )
            });
            if name.is_empty()
                || indefinite
                || crate::words::STOP_SET.contains(name.as_str())
                || kubechat_core::resources::lookup(name).is_some()
                || kubechat_core::ResourceName::parse(name).is_err()
                || !(shaped || gerund_named || frame::plain_object_name(name))
            {
                continue;
            }
            // (The same object said again in its place is one.)
            let place = match (words.get(i + 2), words.get(i + 3)) {
                (Some(a), Some(b)) if a == "in" => b.clone(),
                _ => String::new(),
            };
            let key = (format!("{}/{name}", kind.plural), place);
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
    }
    // (Said once without its place and once with it, it is one; said in
    // two places, two.)
    let mut objects: Vec<&String> = seen.iter().map(|(k, _)| k).collect();
    objects.sort();
    objects.dedup();
    objects
        .iter()
        .map(|o| {
            seen.iter()
                .filter(|(k, p)| k == *o && !p.is_empty())
                .count()
                .max(1)
        })
        .sum()
}

/// Whether `name` is a plain word (letters only) written once in
/// `text` and never quoted: more likely prose than an object's name.
fn prose_word_named(text: &str, name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_lowercase())
        && text
            .split_whitespace()
            .filter(|w| {
                w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                    .eq_ignore_ascii_case(name)
            })
            .count()
            == 1
        && !['`', '\'', '"']
            .iter()
            .any(|q| contains_ignore_case(text, &format!("{q}{name}{q}")))
}

/// The one object of type `kind` the other sentences name by a name
/// shaped as one (a dash or a digit in it).
fn told_of_type(named: &[frame::Reading], kind: &kubechat_core::ResourceType) -> Option<Operation> {
    let mut found: Option<&Operation> = None;
    for r in named.iter().filter(|r| &r.op.resource == kind) {
        let Some(n) = r.op.name.as_ref() else {
            continue;
        };
        if !n.as_str().bytes().any(|b| b == b'-' || b.is_ascii_digit()) {
            continue;
        }
        match found {
            Some(f) if f.name != r.op.name => return None,
            _ => found = Some(&r.op),
        }
    }
    found.cloned()
}

/// The names in `text` that end with `-short` ("ingress-nginx-
/// controller" for "controller", "argocd-repo-server" for
/// "repo-server").
fn told_whole(text: &str, short: &str) -> Vec<kubechat_core::ResourceName> {
    let tail = format!("-{short}");
    let mut found: Vec<kubechat_core::ResourceName> = Vec::new();
    for w in text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
    {
        let w = w.to_ascii_lowercase();
        if w.len() > tail.len()
            && w.ends_with(&tail)
            && let Ok(name) = kubechat_core::ResourceName::parse(&w)
            && !found.contains(&name)
        {
            found.push(name);
        }
    }
    found
}

/// "… only have 2 of 3 replicas? show the deployment yaml": a read of
/// "the TYPE" in the singular, said with no name, which lists every one
/// of its kind — the one the other sentences tell is meant.
fn the_one_read(text: &str, readings: &mut Readings) -> bool {
    let Ok(r) = readings.read(text) else {
        return false;
    };
    let Some(kind) = r.op.resource.builtin() else {
        return false;
    };
    matches!(
        r.op.verb,
        kubechat_core::Verb::Get | kubechat_core::Verb::Describe
    ) && r.op.name.is_none()
        && r.op.selector.is_none()
        && !r.op.all_namespaces
        && r.op.params.field_selector.is_none()
        && {
            let words: Vec<&str> = text.split_whitespace().map(trim_word).collect();
            words.windows(2).any(|w| {
                w[0].eq_ignore_ascii_case("the") && w[1].eq_ignore_ascii_case(kind.singular)
            })
        }
}

/// Whether `words[i]` is a key said after its noun: "the label
/// cost-center", "an annotation owner" — a key, no object's name.
fn key_after_noun(words: &[&str], i: usize) -> bool {
    i >= 2
        && ["the", "a", "an"]
            .iter()
            .any(|d| words[i - 2].eq_ignore_ascii_case(d))
        && [
            "label",
            "labels",
            "annotation",
            "annotations",
            "key",
            "taint",
        ]
        .iter()
        .any(|k| words[i - 1].eq_ignore_ascii_case(k))
}

/// The places other sentences than `own` give the object `name`: "NAME
/// in PLACE" (one word, not a type, a stop word or an idiom of "in").
fn placed_elsewhere(all: &[Sentence], own: &str, name: &str) -> Vec<Namespace> {
    let mut found: Vec<Namespace> = Vec::new();
    for s in all
        .iter()
        .filter(|s| s.text != own && s.kind != Kind::Format)
    {
        let words: Vec<&str> = s.text.split_whitespace().map(trim_word).collect();
        for w in words.windows(3) {
            if w[0].eq_ignore_ascii_case(name)
                && w[1].eq_ignore_ascii_case("in")
                && !crate::words::STOP_SET.contains(w[2])
                && kubechat_core::resources::lookup(w[2]).is_none()
                && !frame::in_idiom(w[2])
                && let Ok(ns) = Namespace::parse(w[2])
                && !found.contains(&ns)
            {
                found.push(ns);
            }
        }
    }
    found
}

/// "checkout in shop is serving stale certs", "search in dev is hung":
/// the word that opens the sentence, where "in PLACE" and a verb of being
/// or happening follow it, is the object told of.
fn placed_subject(text: &str) -> Option<(&str, Namespace)> {
    let mut words = text.split_whitespace();
    let mut first = words.next()?;
    if matches!(first.to_ascii_lowercase().as_str(), "the" | "our" | "my") {
        first = words.next()?;
    }
    let (marker, place, verb) = (words.next()?, words.next()?, words.next()?);
    let name = trim_word(first);
    let place = Namespace::parse(trim_word(place)).ok()?;
    (marker.eq_ignore_ascii_case("in")
        && name.len() > 1
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !crate::words::STOP_SET.contains(name)
        && kubechat_core::resources::lookup(name).is_none()
        && !crate::words::STOP_SET.contains(place.as_str())
        && matches!(
            trim_word(verb).to_ascii_lowercase().as_str(),
            "is" | "was"
                | "keeps"
                | "has"
                | "seems"
                | "looks"
                | "isn't"
                | "can't"
                | "won't"
                | "went"
                | "crashed"
                | "died"
                | "started"
                | "stopped"
                | "hangs"
                | "hung"
        ))
    .then_some((name, place))
}

/// The namespace `text` says first ("in prod", "in the shop namespace",
/// "in namespace shop", "-n shop"), with nothing but courtesy after it.
fn namespace_after(text: &str) -> Option<Namespace> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | '.' | '?' | '!' | '\'' | '"')))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
    while w
        .last()
        .is_some_and(|l| matches!(*l, "please" | "pls" | "thanks" | "namespace" | "ns"))
    {
        w.pop();
    }
    let name = match w.as_slice() {
        ["in" | "-n", ns]
        | ["in", "the" | "namespace" | "ns", ns]
        | ["in", "the", "namespace" | "ns", ns] => *ns,
        _ => return None,
    };
    if crate::words::STOP_SET.contains(name) {
        return None;
    }
    Namespace::parse(name).ok()
}

/// "The checkout service is throwing 500s. What's going on with it?":
/// when the sentences name exactly one object, "it" and "its" — and "this
/// pod", "that deployment" for an object of that kind — in a sentence
/// that asks are that object (with its type where one was said), so the
/// asking sentence reads as if it had named it.
/// "3am", "10pm", "5min", "2h": a time said, never an object's name.
fn said_time(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && matches!(
            &w[digits..],
            "am" | "pm" | "h" | "hr" | "hrs" | "m" | "min" | "mins" | "s" | "sec" | "secs" | "d"
        )
}

/// Whether a sentence leaves something out of a change: "not", "never",
/// "except", "keep", "leave", "skip" …, but not "anything else" (a rule
/// for the request as a whole).
fn spares_some(text: &str) -> bool {
    let lower = text.to_lowercase();
    if [
        "anything else",
        "nothing else",
        "any other",
        "everything else",
    ]
    .iter()
    .any(|p| lower.contains(p))
    {
        return false;
    }
    lower.split_whitespace().map(trim_word).any(|w| {
        matches!(
            w,
            "not"
                | "never"
                | "don't"
                | "dont"
                | "doesn't"
                | "except"
                | "excluding"
                | "besides"
                | "keep"
                | "leave"
                | "skip"
                | "spare"
                | "untouched"
                | "alone"
                // "web-1 must survive", "web-1 stays", "preserve/protect
                // web-1", "db is critical", "db excluded", "I still need
                // web-1", "hands off", "db can't go down".
                | "survive"
                | "survives"
                | "stays"
                | "stay"
                | "preserve"
                | "protect"
                | "avoid"
                | "exclude"
                | "excluded"
                | "critical"
                | "important"
                | "need"
                | "needed"
                | "off"
                | "limits"
                | "mine"
                | "can't"
                | "cannot"
        )
    })
}

/// "returning 503s", "a spike of 5xx": HTTP statuses, no object.
fn status_codes(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && matches!(&w[digits..], "s" | "xx" | "xxs" | "x" | "xs")
        && w.len() <= 5
}

/// "(not pod web-1 in prod)", "except pod web-1": a sentence that spares
/// an object names none a pointer may be aimed at.
/// ("The CronJob hello is not needed anymore", "web does not start": a
/// "not" after a verb denies what is said of the object, and spares
/// nothing; so does a "never" after its subject.)
fn spares(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    words.iter().enumerate().any(|(i, w)| match w.as_str() {
        "except" | "excluding" | "besides" => true,
        // "never touch web-1", "web-1 must never be deleted" spare it;
        // "its pods never become Ready" tells how it is.
        "never" => i.checked_sub(1).is_none_or(|j| {
            matches!(
                words[j].as_str(),
                "but" | "and" | "please" | "just" | "should" | "must" | "shall"
            )
        }),
        // (A modal's "not" is a rule, and spares: "must not be
        // restarted", "should not be scaled"; so is "is not to be …".)
        // ("x will not go away", "… will not terminate": what it does,
        // not a change refused; "will not be deleted", "we will not
        // delete x" spare.)
        "not"
            if i.checked_sub(1).is_some_and(|j| {
                matches!(words[j].as_str(), "will" | "would" | "can" | "could")
                    && !j.checked_sub(1).is_some_and(|p| {
                        matches!(words[p].as_str(), "i" | "we" | "you" | "they" | "please")
                    })
            }) && words.get(i + 1).is_some_and(|n| n != "be") =>
        {
            false
        }
        // ("hangs since 2 hours, not processing anything": how it is,
        // a state's verb; "not deleting x", "not touching x" spare.)
        "not"
            if words.get(i + 1).is_some_and(|n| {
                matches!(
                    n.as_str(),
                    "processing"
                        | "serving"
                        | "responding"
                        | "consuming"
                        | "accepting"
                        | "receiving"
                        | "sending"
                        | "listening"
                        | "syncing"
                        | "reconciling"
                        | "loading"
                        | "connecting"
                        | "handling"
                        | "becoming"
                )
            }) =>
        {
            false
        }
        // ("secret \"tls-certs\" not found", "pod web-1 not ready": how
        // it is, as messages say it.)
        "not"
            if words.get(i + 1).is_some_and(|n| {
                matches!(
                    n.as_str(),
                    "found"
                        | "ready"
                        | "running"
                        | "available"
                        | "present"
                        | "scheduled"
                        | "responding"
                        | "reachable"
                        | "healthy"
                        | "working"
                        | "starting"
                )
            }) =>
        {
            false
        }
        "not" => {
            !i.checked_sub(1).is_some_and(|j| {
                matches!(
                    words[j].as_str(),
                    "is" | "are"
                        | "was"
                        | "were"
                        | "be"
                        | "been"
                        | "do"
                        | "does"
                        | "did"
                        | "has"
                        | "have"
                        | "had"
                )
            }) || words.get(i + 1).is_some_and(|n| n == "to")
        }
        _ => false,
    })
}

/// Whether `text` lists three or more single words ("auth, profile,
/// feed and notifications"), or two said each with "the" ("the web and
/// the api pods").
fn lists_several(text: &str) -> bool {
    let single = |w: &str| {
        let w = w.trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | '.' | ':'));
        !w.is_empty()
            && !w.contains(' ')
            && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    // ("The web and the api pods are crashlooping. Delete it.": two
    // objects, each said with "the".)
    let lower = text.to_ascii_lowercase();
    let pair = lower.match_indices(" and the ").any(|(at, _)| {
        let before: Vec<&str> = lower[..at].split_whitespace().rev().take(2).collect();
        let after = lower[at + 9..]
            .split_whitespace()
            .next()
            .unwrap_or_default();
        before.len() == 2 && before[1] == "the" && single(before[0]) && single(after)
    });
    pair || text.match_indices(" and ").any(|(at, _)| {
        let after = text[at + 5..].split_whitespace().next().unwrap_or_default();
        let before: Vec<&str> = text[..at].rsplit(", ").take(3).collect();
        let head = before
            .last()
            .and_then(|h| h.rsplit(' ').next())
            .unwrap_or_default();
        single(after) && before.len() >= 3 && before[..2].iter().all(|b| single(b)) && single(head)
    })
}

fn resolve_pronouns(all: Vec<Sentence>, readings: &mut Readings) -> Vec<Sentence> {
    // "Pod 'ingest-worker-0' in 'pipeline' has two containers. Show the
    // logs of the 'sidecar' container.": a request that needs its
    // object's name and says none is about the object told.
    // "A pod named probe-check keeps restarting. Find out why and tell
    // me.": a diagnosis that names neither a type nor an object nor a
    // place ("… What is wrong in prod?") may be of the object told.
    // (Whether a workload is said by its kind anywhere: asked once.)
    let workload_told = all.iter().any(|o| {
        o.text.split_whitespace().any(|w| {
            [
                "deployment",
                "statefulset",
                "daemonset",
                "job",
                "replicaset",
            ]
            .iter()
            .any(|k| trim_word(w).eq_ignore_ascii_case(k))
        })
    });
    let diagnosis_unnamed: Vec<bool> = all
        .iter()
        .map(|s| {
            s.kind == Kind::Request
                && readings.read(&s.text).is_ok_and(|r| {
                    // ("The checkout-api Deployment … has pods in
                    // CrashLoopBackOff. Investigate why the pods are
                    // failing.": the pods told, by "the".)
                    let the_pods = r.op.resource.as_str() == "pods"
                        && r.explicit_type
                        && contains_ignore_case(&s.text, "the pods")
                        && workload_told;
                    r.op.verb == kubechat_core::Verb::Diagnose
                        && r.op.name.is_none()
                        && r.op.selector.is_none()
                        && (!r.explicit_type || the_pods)
                        && r.op.namespace.is_none()
                        && !r.op.all_namespaces
                })
        })
        .collect();
    // "show the deployment yaml" after one object told: see
    // [`the_one_read`].
    let the_one_texts: Vec<String> = all
        .iter()
        .filter(|s| s.kind == Kind::Request && the_one_read(&s.text, readings))
        .map(|s| s.text.clone())
        .collect();
    // (Looked for only where a look lacks its kind: most texts have none.)
    let pod_shaped_told = std::cell::OnceCell::new();
    let pod_shaped_told = || {
        *pod_shaped_told.get_or_init(|| {
            all.iter().any(|o| {
                o.kind != Kind::Request
                    && o.text
                        .split_whitespace()
                        .any(|w| frame::implied_type(trim_word(w)) == Some("pods"))
            })
        })
    };
    let unnamed: Vec<bool> = all
        .iter()
        .zip(&diagnosis_unnamed)
        .map(|(s, diagnosis)| {
            // ("The payment-api deployment is fine. Restart the other
            // one.": another object than the one told.)
            let apart = s.text.split_whitespace().any(|w| {
                matches!(
                    trim_word(w).to_ascii_lowercase().as_str(),
                    "other" | "another" | "others" | "remaining"
                )
            });
            !apart
                && (*diagnosis
                    || (s.kind == Kind::Request
                        && matches!(
                            readings.read(&s.text),
                            Err(Error::NotUnderstood { ref reason, .. })
                                if reason.contains("(its name)")
                                    || reason.starts_with("say which")
                                    // ("web-1 won't come back. describe
                                    // it": a look at a name told with the
                                    // shape of a pod's; a change is never
                                    // aimed so.)
                                    || (reason.starts_with("say what kind of object")
                                        && pod_shaped_told()
                                        && !frame::asks_for_change(&s.text))
                        ))
                    || the_one_texts.contains(&s.text))
        })
        .collect();
    let diagnosis_texts: Vec<String> = all
        .iter()
        .zip(&diagnosis_unnamed)
        .filter(|(_, d)| **d)
        .map(|(s, _)| s.text.clone())
        .collect();
    let has_pointer = |t: &str| !pointers(&t.split(' ').collect::<Vec<_>>()).is_empty();
    // ("There were four services in that release: auth, profile, feed
    // and notifications. Roll it back.": several objects told in a
    // list; which one "it" is, is not clear.)
    if all.len() > 1
        && all
            .iter()
            .any(|s| !has_pointer(&s.text) && lists_several(&s.text))
    {
        return all;
    }
    if !all
        .iter()
        .zip(&unnamed)
        .any(|(s, u)| s.kind == Kind::Request && (*u || has_pointer(&s.text)))
    {
        return all;
    }
    // (A bare question of the trouble told — "Identify the reason and
    // write it to /opt/reason.txt" — is answered as the diagnosis of the
    // one object told, not as a look to which its name is added.)
    let unnamed_texts: Vec<String> = all
        .iter()
        .zip(&unnamed)
        .filter(|(s, u)| **u && !(answer_kept(&s.text) && bare_trouble_question(&s.text)))
        .map(|(s, _)| s.text.clone())
        .collect();
    let has_pointer = |t: &str| has_pointer(t) || unnamed_texts.iter().any(|u| u == t);
    // More than one name-like word told elsewhere ("the api-7 pod replaced
    // web-3"): which one "it" is, is not clear.
    // A cluster said ("on the cluster `prod-eu`") is no object.
    // (A namespace said is where, not what: "The daemonset 'calico-node'
    // in 'kube-system' was just updated. Verify its rollout".)
    let told: std::collections::BTreeSet<&str> = all
        .iter()
        // A statement that points back within itself ("an engineer started
        // pod x and forgot about it") still tells its object.
        .filter(|s| s.kind != Kind::Request || !has_pointer(&s.text))
        // "delete the pod. (not pod web-1 in prod)", "… except pod
        // web-1": an object spared is never the one meant.
        .filter(|s| !spares(&s.text))
        .flat_map(|s| {
            let cluster = stated_cluster(&s.text);
            let place = frame::namespace_said(&s.text);
            // (Quotes kept: a quoted word is told whatever its letters.)
            let words: Vec<&str> = s
                .text
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '`' | '"'))
                })
                .collect();
            // "a cost-center label", "the app.kubernetes.io/name key": a
            // key, no object.
            let key = |next: Option<&&str>| {
                next.is_some_and(|n| {
                    [
                        "label",
                        "labels",
                        "annotation",
                        "annotations",
                        "key",
                        "taint",
                    ]
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(n))
                })
            };
            // "A customer-facing pod named chat-gateway-0 …": a word
            // before the type of an object named after it describes it.
            // ("reserved for machine-learning jobs": a word before a
            // type in the plural says which kind, no object's name.)
            let modifier = |i: usize| {
                let typed = words.get(i + 1).is_some_and(|t| {
                    kubechat_core::resources::lookup(&t.to_ascii_lowercase()).is_some()
                });
                // ("the on-call SRE for an e-commerce platform": after
                // "a" or "an", before a word that is no type, a word
                // describes a thing.)
                let described = i > 0
                    && (words[i - 1].eq_ignore_ascii_case("a")
                        || words[i - 1].eq_ignore_ascii_case("an"))
                    && words.get(i + 1).is_some_and(|t| {
                        t.bytes().all(|b| b.is_ascii_alphabetic())
                            && kubechat_core::resources::lookup(&t.to_ascii_lowercase()).is_none()
                    });
                described
                    || typed
                        && (words.get(i + 2).is_some_and(|n| {
                            n.eq_ignore_ascii_case("named") || n.eq_ignore_ascii_case("called")
                        }) || words
                            .get(i + 1)
                            .is_some_and(|t| t.len() > 3 && t.ends_with(['s', 'S'])))
            };
            // ("The api-gateway deployment in ingress-system needs …": a
            // word after "in" says where, whether or not the place reader
            // took it there.)
            let placed = |i: usize| {
                i.checked_sub(1).is_some_and(|b| {
                    ["in", "namespace", "ns"]
                        .iter()
                        .any(|p| words[b].eq_ignore_ascii_case(p))
                })
            };
            // ("must carry the label cost-center": the key after its
            // noun.)
            let keyed_after = |i: usize| !words[i].contains('=') && key_after_noun(&words, i);
            let unkeyed: Vec<&str> = (0..words.len())
                .filter(|&i| {
                    !key(words.get(i + 1)) && !keyed_after(i) && !modifier(i) && !placed(i)
                })
                .map(|i| words[i])
                .collect();
            unkeyed.into_iter().filter(move |w| {
                let w = w.trim_matches(['\'', '`', '"']);
                !cluster
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(w))
                    && !place
                        .as_ref()
                        .is_some_and(|p| p.as_str().eq_ignore_ascii_case(w))
            })
        })
        .filter(|w| {
            // "the statefulset 'rabbitmq'": a name in quotes is told
            // whatever its letters; "Incident INC-4821" is no
            // Kubernetes name (those are lower case).
            // (In backticks or double quotes too: "the latest rollout of
            // `frontend` went badly".)
            let quoted = w.len() > 2
                && ((w.starts_with('\'') && w.ends_with('\''))
                    || (w.starts_with('`') && w.ends_with('`'))
                    || (w.starts_with('"') && w.ends_with('"')));
            let w = w.trim_matches(['\'', '`', '"']);
            (w.contains('-') || w.bytes().any(|b| b.is_ascii_digit()) || (quoted
                    && w.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                    })))
                && w.bytes().any(|b| b.is_ascii_alphabetic())
                && !w.bytes().any(|b| b.is_ascii_uppercase())
                && !hyphenated_word(w)
                && !said_time(w)
                && !status_codes(w)
                // ("superseded by v2", "v1.2.3": a version, no object.)
                && !version_word(w)
                // ("Failed to pull image \"registry.internal/auth:2.3.1\"":
                // an image, no object.)
                && !w.contains(':')
                // ("shows `<unknown>/70%` for CPU": a value, no object.)
                && !w.contains(['<', '>', '%', '/'])
        })
        .map(|w| w.trim_matches(['\'', '`', '"']))
        .collect();
    // "the secret db-creds is mounted by api. delete it": the object a
    // passive names as its user is told too, so "it" may be either.
    let mut told = told;
    for s in all
        .iter()
        .filter(|s| s.kind != Kind::Request || !has_pointer(&s.text))
    {
        let ws: Vec<&str> = s.text.split_whitespace().map(trim_word).collect();
        for w in ws.windows(3) {
            let agent = w[2];
            if w[0].len() > 4
                && w[0].ends_with("ed")
                && w[1].eq_ignore_ascii_case("by")
                && !agent.is_empty()
                && agent
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !crate::words::STOP_SET.contains(agent)
                // ("consumed by deployment auth-gateway": the type, and
                // its name after it is told already.)
                && kubechat_core::resources::lookup(agent).is_none()
                && !version_word(agent)
                && !matches!(
                    agent,
                    "helm"
                        | "argo"
                        | "argocd"
                        | "flux"
                        | "cron"
                        | "kubernetes"
                        | "k8s"
                        | "oom"
                        | "hand"
                        | "mistake"
                        | "accident"
                        | "someone"
                        | "somebody"
                        | "me"
                        | "us"
                        | "them"
                        | "default"
                        | "root"
                        | "the"
                        | "a"
                        | "an"
                )
            {
                told.insert(agent);
            }
        }
    }
    // "checkout in shop is serving stale certs. restart it.": a plain
    // name that opens a sentence, placed, then told of.
    for s in all
        .iter()
        .filter(|s| s.kind != Kind::Request || !has_pointer(&s.text))
    {
        if let Some((n, _)) = placed_subject(&s.text) {
            told.insert(n);
        }
    }
    // ("… with two containers: runner and sidecar-proxy. Retrieve the
    // logs of the sidecar-proxy container": a name the asking sentence
    // says itself is not what it leaves unnamed.)
    let asking: Vec<&str> = all
        .iter()
        .filter(|s| s.kind == Kind::Request && has_pointer(&s.text))
        .map(|s| s.text.as_str())
        .collect();
    told.retain(|w| {
        !asking.iter().any(|t| {
            t.split_whitespace()
                .any(|x| trim_word(x).eq_ignore_ascii_case(w))
        })
    });
    // "… volume \"secret-vol\" : secret \"tls-certs\" not found. does
    // that secret exist?": a pointer that says its kind, and one object
    // of that kind told with it, among other names.
    if told.len() > 1 {
        let kinds: Vec<Option<&'static str>> = all
            .iter()
            .filter(|s| s.kind == Kind::Request)
            .flat_map(|s| pointers(&s.text.split(' ').collect::<Vec<_>>()))
            .map(|(_, _, k)| k)
            .collect();
        if let Some(Some(k)) = kinds.first()
            && kinds.iter().all(|o| o == &Some(*k))
        {
            let mut of_kind: Vec<String> = all
                .iter()
                .filter(|s| s.kind != Kind::Request || !has_pointer(&s.text))
                .flat_map(|s| typed_objects(&s.text))
                .filter(|(kind, _)| kind == k)
                .map(|(_, n)| n)
                .collect();
            of_kind.dedup();
            if let [one] = of_kind.as_slice() {
                told.retain(|w| w == one);
            }
        }
    }
    if told.len() > 1 || typed_objects_told(&all, &has_pointer) > 1 {
        return all;
    }
    let mut named: Vec<(String, Option<&'static str>)> = Vec::new();
    for s in all
        .iter()
        .filter(|s| s.kind == Kind::Statement || (s.kind == Kind::Request && !has_pointer(&s.text)))
        .filter(|s| !spares(&s.text))
        // ("… so I can see which revision broke it": what the request is
        // for tells no object.)
        .filter(|s| !s.text.starts_with("so ") && !s.text.starts_with("So "))
    {
        // A pasted message is read as nothing ("Failed to pull image …:
        // rpc error" names no "rpc"); only an object it says with its
        // type is told ("Back-off restarting failed container in pod
        // kafka-1").
        if sentences::pasted_message(&s.text) {
            if let Some((kind, n)) = typed_object(&s.text)
                && !named.iter().any(|(m, _)| *m == n)
            {
                named.push((n, Some(kind)));
            }
            continue;
        }
        let Ok(r) = readings.read(&s.text) else {
            // "Maintenance on node 'worker-12' is complete.": a sentence
            // that reads as no request still tells an object said with
            // its type.
            if let Some((kind, n)) = typed_object(&s.text)
                && !named.iter().any(|(m, _)| *m == n)
            {
                named.push((n, Some(kind)));
            }
            continue;
        };
        let Some(n) = &r.op.name else {
            // "The payment-api deployment is returning errors because the
            // pods never become Ready": read as the pods, and still
            // telling the deployment said with its type.
            if let Some((kind, n)) = typed_object(&s.text)
                && !named.iter().any(|(m, _)| *m == n)
            {
                named.push((n, Some(kind)));
            }
            continue;
        };
        // "the debugging pod", "the existing deployment": a participle
        // read as a name is no object to point "it" at.
        // ("Deployment 'pricing' …", "deployment billing is down" name
        // one: quoted, or after the type word.)
        let plain =
            !n.as_str().contains(['-', '.']) && !n.as_str().contains(|c: char| c.is_ascii_digit());
        let lower = s.text.to_lowercase();
        let before_type = r.op.resource.builtin().is_some_and(|b| {
            lower.contains(&format!("{} {}", n.as_str(), b.singular))
                || lower.contains(&format!("{} {}", n.as_str(), b.plural))
        });
        let participle = plain && n.as_str().ends_with("ing") && before_type;
        // "A developer left a debug pod running in prod": a name the
        // reading made of several words ("developer-left") was never
        // said, and is no object to point "it" at.
        let made = !lower.contains(n.as_str());
        // "INC-889: error budget burning …": a name written as a
        // ticket's or an incident's id (capitals, a dash, a number) is no
        // object's.
        let capitals = !made
            && s.text.split_whitespace().any(|w| {
                let w = trim_word(w);
                w.eq_ignore_ascii_case(n.as_str())
                    && w.split_once('-').is_some_and(|(head, num)| {
                        head.len() >= 2
                            && head.bytes().all(|b| b.is_ascii_uppercase())
                            && !num.is_empty()
                            && num.bytes().all(|b| b.is_ascii_digit())
                    })
            });
        // ("Every Deployment must carry the label cost-center": a key
        // after its noun, no object.)
        let keyed = {
            let ws: Vec<&str> = s.text.split_whitespace().map(trim_word).collect();
            (0..ws.len()).any(|i| ws[i] == n.as_str() && key_after_noun(&ws, i))
        };
        // ("Policy says scratch pods must be deleted": in a rule, a plain
        // word before the type in the plural says which kind.)
        let kind_of_rule = plain
            && r.op.resource.builtin().is_some_and(|b| {
                lower.contains(&format!("{} {}", n.as_str(), b.plural))
                    && [" must ", " should ", " shall ", "policy", " rule"]
                        .iter()
                        .any(|m| lower.contains(m))
            });
        // ("- Pods using local volumes may lose their data": a plain word
        // a doubtful reading took for a name, beside no type, tells no
        // object.)
        let doubtful = plain && s.kind == Kind::Request && r.confidence < 0.5 && {
            // (Beside a type word, however it is said: "the api
            // autoscaler in prod".)
            let ws: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
            !(0..ws.len()).any(|i| {
                ws[i] == n.as_str()
                    && [i.checked_sub(1), Some(i + 1)]
                        .into_iter()
                        .flatten()
                        .any(|j| ws.get(j).is_some_and(|t| frame::type_word(t)))
            })
        };
        if r.op.resource.as_str() == "namespaces"
            || participle
            || doubtful
            || made
            || capitals
            || keyed
            || kind_of_rule
        {
            continue;
        }
        // ("Pods of the order-api deployment are failing": read as the
        // pods, the name said with the type it is the name of.)
        let kind = match typed_object(&s.text) {
            Some((k, m)) if m == n.as_str() => Some(k),
            _ => r
                .explicit_type
                .then(|| r.op.resource.builtin().map(|b| b.singular))
                .flatten(),
        };
        if !named.iter().any(|(m, _)| m == n.as_str()) {
            named.push((n.as_str().to_owned(), kind));
        }
    }
    // Several told, one of them with its type ("The team rolled out a
    // new release. There is a deployment named web, roll it back"): the
    // one whose type is said.
    // Nothing else told, and a namespace the subject of a sentence ("The
    // namespace 'feature-x-preview' was used for a demo. Delete it."):
    // "it" is that namespace.
    if named.is_empty() {
        let subjects: Vec<Namespace> = all
            .iter()
            .filter(|s| s.kind != Kind::Format && !has_pointer(&s.text))
            .filter_map(|s| namespace_subject(&s.text))
            .collect();
        if let [ns] = subjects.as_slice() {
            named.push((ns.as_str().to_owned(), Some("namespace")));
        }
    }
    // "Maintenance on node01 is complete. Make the node schedulable
    // again.": the one name told, for a pointer that says its kind.
    if named.is_empty()
        && let [one] = told.iter().collect::<Vec<_>>().as_slice()
    {
        // (A request that needs a name and says none points too:
        // "Getting `Back-off …` on api-7d9f8c-x2k4p. Show me the logs of
        // the container that crashed.")
        let pointing: Vec<(&Sentence, Vec<_>)> = all
            .iter()
            .filter(|s| s.kind == Kind::Request)
            .map(|s| (s, pointers(&s.text.split(' ').collect::<Vec<_>>())))
            .filter(|(s, found)| !found.is_empty() || unnamed_texts.contains(&s.text))
            .collect();
        // ("Before we decommission k8s-prod-w20, list all pods scheduled
        // on it": a read's "it", which would otherwise be dropped.)
        let reads: Vec<bool> = pointing
            .iter()
            .map(|(s, _)| {
                !frame::asks_for_change(&s.text)
                    && readings
                        .read(&s.text)
                        .is_ok_and(|r| r.op.risk() == kubechat_core::Risk::Read)
            })
            .collect();
        // "search-api in staging was scaled down. Put it back to 3
        // replicas": a bare "it" too, where the request needs a name.
        if !pointing.is_empty()
            && pointing.iter().zip(&reads).all(|((s, found), read)| {
                found.iter().all(|(_, _, k)| k.is_some())
                    || unnamed_texts.contains(&s.text)
                    || *read
            })
        {
            named.push((one.trim_matches('\'').to_owned(), None));
        }
    }
    // "api looks healthy but worker is stuck. restart it", "the api
    // deployment is fine; the worker one isn't. restart that one": two
    // objects set against each other — which one "it" is, is not clear,
    // and a change aimed at the wrong one is worse than a question.
    let contrast = all.iter().filter(|s| !has_pointer(&s.text)).any(|s| {
        let lower = s.text.to_lowercase();
        let lower = lower.trim_start_matches([' ', ',', ';']);
        // (Inside the sentence, between two clauses: a clause cut off
        // as "while we investigate" sets nothing against anything.)
        // ("… but worker is stuck": a subject of its own and its state.)
        let words: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
        words.windows(3).any(|w| {
            matches!(w[0], "but" | "while" | "whereas")
                && !crate::words::STOP_SET.contains(w[1])
                && matches!(
                    w[2],
                    "is" | "looks" | "seems" | "isn't" | "keeps" | "has" | "was" | "appears"
                        | "needs"
                )
        })
            || lower
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(3)
                .any(|w| w[0] == "the" && w[2] == "one" && !crate::words::STOP_SET.contains(w[1]))
            // "cron restarts api daily": one object acting on another
            // ("… never scales", "it scales up when …": no other).
            || {
                let ws: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
                (1..ws.len()).any(|i| {
                    matches!(
                        ws[i],
                        "restarts"
                            | "deletes"
                            | "scales"
                            | "drains"
                            | "kills"
                            | "removes"
                            | "bounces"
                            | "evicts"
                            | "cordons"
                            | "reboots"
                            | "recreates"
                            | "replaces"
                    ) && ws.get(i + 1).is_some_and(|n| {
                        !crate::words::STOP_SET.contains(n)
                            && !matches!(
                                *n,
                                "up" | "down" | "out" | "in" | "on" | "at" | "to" | "when" | "with"
                                    | "and" | "or" | "but" | "properly" | "correctly" | "anymore"
                                    | "again" | "fine" | "beyond" | "past" | "above" | "below"
                            )
                    })
                })
            }
    });
    if contrast {
        return all;
    }
    let typed: Vec<&(String, Option<&'static str>)> =
        named.iter().filter(|(_, k)| k.is_some()).collect();
    let (name, kind) = match (named.as_slice(), typed.as_slice()) {
        ([one], _) => one.clone(),
        (_, [one]) => (*one).clone(),
        _ => return all,
    };
    let object = kind.map_or(name.clone(), |k| format!("{k} {name}"));
    // "user-profile pods in accounts are flaky. Restart the deployment":
    // pods told by the name of what runs them ("NAME pods"), and a
    // workload pointed at by its kind alone — the workload of that name.
    let pods_of_name = kind == Some("pod")
        && all.iter().filter(|s| !has_pointer(&s.text)).any(|s| {
            let lower = s.text.to_ascii_lowercase();
            lower
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| trim_word(w[0]).trim_matches(['\'', '"', '`']) == name && w[1] == "pods")
        });
    // (The workload, pointed at by its kind, of the pods told by its
    // name.)
    let workload_of_pods =
        |k: &str| pods_of_name && matches!(k, "deployment" | "statefulset" | "daemonset");
    let name = &name;
    // "Node worker-8 has the taint gpu=true:NoSchedule. Please remove
    // it.": what is removed is the part told (a taint, a label, an
    // annotation), from the object, never the object.
    let part = part_told(&all);
    all.into_iter()
        .map(|s| {
            if s.kind != Kind::Request {
                return s;
            }
            let words: Vec<&str> = s.text.split(' ').collect();
            let found = pointers(&words);
            let removal = words.first().is_some_and(|w| {
                matches!(
                    trim_word(w).to_ascii_lowercase().as_str(),
                    "remove" | "delete" | "drop" | "clear" | "strip" | "take" | "please" | "pls"
                )
            }) && words.iter().any(|w| {
                matches!(
                    trim_word(w).to_ascii_lowercase().as_str(),
                    "remove" | "delete" | "drop" | "clear" | "strip" | "take"
                )
            });
            if removal && found.iter().any(|(_, _, pointed)| pointed.is_none()) {
                match &part {
                    Some((part_kind, Some(spec))) => {
                        return Sentence {
                            text: format!("remove the {part_kind} {spec} from {object}"),
                            kind: s.kind,
                        };
                    }
                    // ("… has an old label. Remove it.": which one is not
                    // said; the request stays unread, and is asked back.)
                    Some((_, None)) => return s,
                    None => {}
                }
            }
            // ("The Deployment automatically manages a ReplicaSet. View the
            // ReplicaSet status": "the TYPE" said again points only at a
            // name shaped as one.)
            if found.is_empty()
                && the_one_texts.contains(&s.text)
                && !name.contains(['-', '.'])
                && !name.bytes().any(|b| b.is_ascii_digit())
            {
                return s;
            }
            if found.is_empty() {
                // The request that named nothing, about the object told
                // (with its kind: a bare name may be anything's). A read
                // whose verb says its kind ("fraud-detector looks stuck.
                // can u check the rollout status?") takes the bare name;
                // a change is never aimed so.
                if has_pointer(&s.text) {
                    let text = s.text.trim_end().trim_end_matches(['.', '!', '?', ':']);
                    let text = format!("{text} of {object}");
                    // A diagnosis takes the object only where it then
                    // reads as that object's diagnosis.
                    if diagnosis_texts.contains(&s.text) {
                        let of_it = readings.read(&text).is_ok_and(|r| {
                            r.op.verb == kubechat_core::Verb::Diagnose
                                && r.op.name.as_ref().is_some_and(|n| n.as_str() == name)
                        });
                        return if of_it {
                            Sentence { text, kind: s.kind }
                        } else {
                            s
                        };
                    }
                    let mut reads = || {
                        unnamed_texts.contains(&s.text)
                            && readings
                                .read(&text)
                                .is_ok_and(|r| r.op.risk() == kubechat_core::Risk::Read)
                    };
                    if kind.is_some() || reads() {
                        return Sentence { text, kind: s.kind };
                    }
                }
                return s;
            }
            let mut out: Vec<String> = Vec::with_capacity(words.len());
            let mut i = 0;
            // "Evict its workloads so it can be rebooted": one object,
            // said once; a later bare "it" stays ("evict node X workloads
            // so node X can …" would read as two objects).
            let mut replaced = false;
            while i < words.len() {
                match found.iter().find(|(at, len, pointed)| {
                    *at == i && !(replaced && *len == 1 && pointed.is_none())
                }) {
                    // "this pod" points at a pod only.
                    Some((_, len, Some(k)))
                        if kind.is_some_and(|named| named != *k) && !workload_of_pods(k) =>
                    {
                        out.extend(words[i..i + len].iter().map(|w| (*w).to_owned()));
                        i += len;
                    }
                    Some((_, len, pointed)) => {
                        let last = words[i + len - 1];
                        let core = trim_word(last);
                        // Keep the punctuation after the last word, and
                        // "'s" ("that node's conditions").
                        let owner = if possessed(core).len() < core.len() {
                            "'s"
                        } else {
                            ""
                        };
                        let tail = last.rsplit_once(core).map_or("", |(_, t)| t);
                        let tail = format!("{owner}{tail}");
                        // "web is broken. Check the pod": the kind the
                        // pointer says, where the telling said none.
                        let object = match (kind, pointed) {
                            (None, Some(k)) => format!("{k} {name}"),
                            (_, Some(k)) if workload_of_pods(k) => format!("{k} {name}"),
                            _ => object.clone(),
                        };
                        out.push(format!("{object}{tail}"));
                        replaced = true;
                        i += len;
                    }
                    None => {
                        out.push(words[i].to_owned());
                        i += 1;
                    }
                }
            }
            Sentence {
                text: out.join(" "),
                kind: s.kind,
            }
        })
        .collect()
}

/// "The security team wants to know which service accounts exist in
/// namespace identity. List them.": a read that says no type, only
/// "them" (or "those", "these"), lists the one type another sentence
/// lists. Only reads: what a change would act on must be said, since
/// the telling may narrow it in ways a type cannot ("the failed pods").
fn resolve_them(all: Vec<Sentence>, readings: &mut Readings) -> Vec<Sentence> {
    // ("List the ones that lack it".)
    const THEM: &[&str] = &["them", "those", "these", "ones"];
    // "do we have some ingress in marketing? please list": a bare order
    // to list, with nothing else, lists what was just asked about.
    let bare_listing = |t: &str| {
        let mut words = t.split_whitespace().map(trim_word).peekable();
        words.peek().is_some()
            && words.all(|w| {
                matches!(
                    w,
                    "please"
                        | "pls"
                        | "plz"
                        | "kindly"
                        | "list"
                        | "show"
                        | "display"
                        | "print"
                        | "me"
                        | "all"
                        | "now"
                        | "thanks"
                        | "thx"
                )
            })
            && t.split_whitespace()
                .any(|w| matches!(trim_word(w), "list" | "show" | "display" | "print"))
    };
    // ("All pods with the label job=cleanup in batch-jobs have
    // completed. Delete them.": a change takes "them" only as the
    // selection told, its labels and place with it.)
    let untyped = |s: &Sentence, readings: &mut Readings| {
        s.kind == Kind::Request
            && (s
                .text
                .split_whitespace()
                .any(|w| THEM.contains(&trim_word(w)))
                || bare_listing(&s.text))
            && matches!(
                readings.read(&s.text),
                Err(Error::NotUnderstood { ref reason, .. }) if reason.contains("what kind of object")
            )
    };
    if !all.iter().any(|s| untyped(s, readings)) {
        return all;
    }
    let mut types: Vec<kubechat_core::ResourceType> = Vec::new();
    let mut selections: Vec<String> = Vec::new();
    for s in all.iter().filter(|s| s.kind != Kind::Format) {
        if let Ok(r) = readings.read(&s.text)
            && r.explicit_type
            && r.op.name.is_none()
            && r.op.risk() == kubechat_core::Risk::Read
            && !types.contains(&r.op.resource)
        {
            types.push(r.op.resource.clone());
            if let Some(sel) = &r.op.selector {
                let mut selection = format!("{} -l {sel}", r.op.resource);
                if let Some(ns) = &r.op.namespace {
                    selection.push_str(&format!(" -n {ns}"));
                }
                selections.push(selection);
            }
        }
    }
    let [told] = types.as_slice() else {
        return all;
    };
    let told = told.as_str().to_owned();
    let selection = match selections.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    all.into_iter()
        .map(|s| {
            if !untyped(&s, readings) {
                return s;
            }
            // (The question it follows is what to list, filters and
            // all: "any pods running on node-3? show me".)
            if bare_listing(&s.text) {
                return Sentence {
                    text: s.text,
                    kind: Kind::Format,
                };
            }
            let told = if frame::asks_for_change(&s.text) {
                match &selection {
                    Some(selection) => selection,
                    None => return s,
                }
            } else {
                &told
            };
            let text = s
                .text
                .split(' ')
                .map(|w| {
                    let core = trim_word(w);
                    if THEM.contains(&core) {
                        w.replacen(core, told, 1)
                    } else {
                        w.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            Sentence { text, kind: s.kind }
        })
        .collect()
}

/// Words of English written with a hyphen, which name no object
/// ("Post-incident cleanup: the job x …", "the on-call engineer").
const HYPHENATED_WORDS: &[&str] = &[
    "post-incident",
    "post-mortem",
    // kubectl's messages: "Back-off restarting failed container".
    "back-off",
    "crash-loop",
    "crash-looping",
    "on-call",
    "read-only",
    "follow-up",
    "multi-container",
    "self-hosted",
    "real-time",
    "up-to-date",
    "well-known",
    "built-in",
    "end-to-end",
    "long-running",
    "short-lived",
    "non-root",
    "day-to-day",
    "in-place",
    "out-of-date",
    "one-off",
    "re-run",
    "non-production",
    "pre-production",
    "e-mail",
    "e-commerce",
    "x-ray",
    "bare-metal",
    "on-prem",
    "on-premises",
    "multi-tenant",
    "single-tenant",
    "third-party",
    "zero-downtime",
    "high-availability",
    "low-latency",
    "out-of-memory",
    "cross-cluster",
    "cross-namespace",
    "cluster-wide",
    "node-level",
    "pod-level",
    "co-located",
    "hot-fix",
    "hard-coded",
    "user-facing",
    "customer-facing",
    "public-facing",
    "internet-facing",
    "mission-critical",
    "business-critical",
    "stand-by",
    "fail-safe",
    "opt-in",
    "opt-out",
    "sign-off",
    "go-live",
    "roll-out",
    "roll-back",
    "check-in",
    "set-up",
    "clean-up",
    "spin-up",
    "non-critical",
    "non-prod",
    "pre-prod",
    "auto-scaling",
    "auto-scaler",
    "de-facto",
    "ad-hoc",
    "add-on",
    "add-ons",
    "plug-in",
    "drop-in",
];

/// An English word written with a hyphen: one of [`HYPHENATED_WORDS`], or
/// a prefix of degree or kind before a participle or adjective ("the
/// deployment is over-provisioned", "under-utilised nodes", "a
/// self-signed certificate") — told of an object, never its name.
pub(crate) fn hyphenated_word(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    if HYPHENATED_WORDS.contains(&w.as_str()) || crate::words::NOT_NAMES_SET.contains(w.as_str()) {
        return true;
    }
    let Some((prefix, rest)) = w.split_once('-') else {
        return false;
    };
    // "orphaned after the scale-in", "a roll-back", "the clean-up": a
    // verb and its particle, said as a noun.
    if matches!(
        prefix,
        "scale"
            | "roll"
            | "clean"
            | "follow"
            | "log"
            | "set"
            | "add"
            | "opt"
            | "drop"
            | "built"
            | "plug"
            | "check"
            | "hand"
            | "cut"
            | "fail"
            | "spin"
            | "tear"
            | "start"
            | "shut"
            | "sign"
            | "warm"
            | "cool"
            | "break"
            | "turn"
            | "lock"
            | "push"
            | "pull"
            | "fall"
            | "hold"
            | "catch"
            | "lay"
            | "make"
            | "wind"
            | "ramp"
            | "lead"
    ) && matches!(
        rest,
        "in" | "out"
            | "up"
            | "down"
            | "off"
            | "on"
            | "over"
            | "back"
            | "forward"
            | "through"
            | "away"
    ) {
        return true;
    }
    // "stuck mid-rollout", "mid-incident": when, no name.
    if prefix == "mid" && rest.len() > 3 && rest.bytes().all(|b| b.is_ascii_lowercase()) {
        return true;
    }
    matches!(
        prefix,
        "over" | "under" | "non" | "self" | "well" | "ill" | "mis" | "co" | "semi" | "half"
            // "keeps double-charging", "long-running".
            | "double" | "triple" | "re" | "pre" | "cross" | "long" | "short"
    ) && rest.len() > 3
        && rest.bytes().all(|b| b.is_ascii_lowercase())
        && ["ed", "ing", "al", "ive", "ble", "ent", "ant", "ical"]
            .iter()
            .any(|end| rest.ends_with(end))
}

/// The namespace a sentence is about, said as its subject: "The
/// namespace 'x' was …", "Namespace 'payments' must …", "The 'monitoring'
/// namespace runs …", "A new namespace called x".
fn namespace_subject(text: &str) -> Option<Namespace> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).trim_matches('\'').to_lowercase())
        .collect();
    let mut i = 0;
    while matches!(
        words.get(i).map(String::as_str),
        Some("a" | "an" | "the" | "new" | "our" | "my" | "this" | "that" | "your")
    ) {
        i += 1;
    }
    let w = |k: usize| words.get(k).map(String::as_str);
    let name = match (w(i), w(i + 1), w(i + 2)) {
        // ("A namespace named tmp-x was left over": said so, it is one.)
        (Some("namespace"), Some("named" | "called"), Some(n)) => {
            return Namespace::parse(n.trim_matches(['`', '"'])).ok();
        }
        (Some("namespace"), Some(n), _) => n,
        (Some(n), Some("namespace"), _) => n,
        _ => return None,
    };
    let said = frame::namespace_said(text)?;
    (said.as_str() == name).then_some(said)
}

/// Where `words` point at an object told elsewhere: "it", "its", and
/// "this pod", "that deployment" (with the kind's singular); each as its
/// start, its length in words and the kind it names. A pointer set apart
/// from the object ("drain the others, not it", "the one before it",
/// "next to it") does not count.
fn pointers(words: &[&str]) -> Vec<(usize, usize, Option<&'static str>)> {
    const PRONOUNS: &[&str] = &["it", "its", "it's"];
    const APART: &[&str] = &[
        "not", "except", "but", "than", "next", "before", "after", "other", "others", "besides",
        "instead", "beside", "near", "like", "one",
    ];
    let apart = |i: usize| {
        (i.saturating_sub(2)..i)
            .any(|j| APART.contains(&trim_word(words[j]).to_lowercase().as_str()))
    };
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let core = trim_word(w);
        // ("Identify the reason and write it to /opt/reason.txt": the
        // answer, kept somewhere; no object.)
        let kept = core == "it"
            && i.checked_sub(1).is_some_and(|b| {
                matches!(
                    trim_word(words[b]).to_lowercase().as_str(),
                    "write" | "save" | "store" | "record" | "output"
                )
            })
            && words
                .get(i + 1)
                .is_some_and(|n| matches!(trim_word(n), "to" | "into" | "in"));
        // ("Node worker-07 completed its maintenance": the sentence's own
        // object, named before its possessive.)
        let own = core == "its"
            && words[..i].iter().any(|w| {
                let w = trim_word(w);
                w.len() > 2
                    && w.contains('-')
                    && w.bytes().any(|b| b.is_ascii_digit())
                    && w.bytes().any(|b| b.is_ascii_alphabetic())
            });
        // ("each is in its own namespace": the namespace it lives in,
        // which no name says.)
        let its_place = core == "its"
            && words[i + 1..]
                .iter()
                .map(|w| trim_word(w).to_ascii_lowercase())
                .find(|w| w != "own")
                .is_some_and(|w| matches!(w.as_str(), "namespace" | "ns" | "cluster"));
        if PRONOUNS.contains(&core) && !kept && !own && !its_place {
            if apart(i) {
                return Vec::new();
            }
            found.push((i, 1, None));
        } else if matches!(core, "this" | "that" | "the")
            && w.len() == core.len()
            && let Some(next) = words.get(i + 1)
            // "that node's conditions": the kind, owning what follows.
            && let Some(b) = frame::pointed_kind(possessed(&trim_word(next).to_lowercase()))
            && match core {
                // "check that pod web is up": "that" begins a clause.
                // ("Show that Secret's metadata", "show that pod": the
                // object told; "show that pod web is up" a clause, by its
                // verb.)
                "that" => !i.checked_sub(1).is_some_and(|j| {
                    let lead = trim_word(words[j]).to_lowercase();
                    let clause_verb = words[i + 2..].iter().any(|w| {
                        matches!(
                            trim_word(w).to_lowercase().as_str(),
                            "is" | "are" | "was" | "were" | "has" | "have" | "can" | "works"
                                | "runs" | "exists"
                        )
                    });
                    if matches!(lead.as_str(), "show" | "see") && !clause_verb {
                        return false;
                    }
                    matches!(
                        lead.as_str(),
                        "check"
                            | "verify"
                            | "ensure"
                            | "confirm"
                            | "sure"
                            | "see"
                            | "so"
                            | "says"
                            | "said"
                            | "shows"
                            | "show"
                            | "means"
                            | "note"
                            | "notice"
                            | "validate"
                    )
                }),
                // "Troubleshoot the pod.", "the logs of the pod and its
                // events": the kind alone, ending the clause; "the pod
                // web-1" names its own.
                "the" => {
                    trim_word(next).len() < next.len()
                        // "Output the service's complete definition".
                        || possessed(&trim_word(next).to_lowercase()).len() < trim_word(next).len()
                        || words.get(i + 2).is_none_or(|after| {
                            let after = trim_word(after).to_lowercase();
                            // "Remove the deployment immediately": how,
                            // never its name.
                            (after.len() > 4 && after.ends_with("ly") && !after.contains(['-', '.']))
                                || matches!(
                                after.as_str(),
                                "as" | "on" | "at" | "into" | "until" | "asap" | "right"
                                | "and"
                                    | "to"
                                    | "in"
                                    | "for"
                                    | "so"
                                    | "with"
                                    | "from"
                                    | "now"
                                    | "again"
                                    | "please"
                                    | "first"
                                    | "then"
                                    | "if"
                                    // "make the node schedulable again".
                                    | "schedulable"
                                    | "unschedulable"
                                    | "available"
                                    | "unavailable"
                                    | "back"
                            )
                        })
                }
                _ => true,
            }
        {
            found.push((i, 2, Some(b.singular)));
        }
    }
    found
}

/// "why not? (logging ns)", "what broke? (namespace: finance)": a place
/// said aside after a sentence belongs to it; read alone, it would be a
/// request for the namespace object.
fn place_aside_joined(all: Vec<Sentence>) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::with_capacity(all.len());
    for s in all {
        let t = s.text.trim();
        // ("is the web rollout done yet? prod": an environment's name
        // alone, after a question.)
        let word = t.trim_matches(['(', ')', '.', '!']).to_ascii_lowercase();
        let lone_env = frame::ENVIRONMENTS
            .contains(&word.as_str())
            .then(|| Namespace::parse(&word).ok())
            .flatten();
        let aside = (t.starts_with('(') && t.ends_with(')') && t.split_whitespace().count() <= 3)
            .then(|| frame::namespace_said(t))
            .flatten()
            .or(lone_env);
        match (out.last_mut(), aside) {
            (Some(prev), Some(ns)) => {
                prev.text.push_str(" in namespace ");
                prev.text.push_str(ns.as_str());
            }
            _ => out.push(s),
        }
    }
    out
}

/// "Create a statefulset web with 3 replicas plus a headless service
/// web-hl for it": two objects made in one request; one of them made
/// alone would drop the other without a word.
fn second_object_made(text: &str, op: &Operation) -> Result<()> {
    // (A role's rules name kinds it grants on, not objects made.)
    if op.verb != kubechat_core::Verb::Create
        || matches!(op.resource.as_str(), "roles" | "clusterroles")
        || ![" and ", " plus ", " with ", " as well", " by "]
            .iter()
            .any(|j| contains_ignore_case(text, j))
    {
        return Ok(());
    }
    // Each word's kind, looked up once.
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    let kinds: Vec<Option<&'static str>> = words
        .iter()
        .map(|w| {
            frame::pointed_kind(w)
                .or_else(|| kubechat_core::resources::lookup(w))
                .filter(|k| k.plural != "namespaces")
                .map(|k| k.plural)
        })
        .collect();
    // The made kind must be said (it may be said after the join).
    if !kinds.iter().flatten().any(|k| *k == op.resource.as_str()) {
        return Ok(());
    }
    let mut before: Vec<&str> = Vec::new();
    let mut second = false;
    for i in 0..words.len() {
        // ("… with 3 replicas, backed by a headless service 'db-hl'", "a
        // deployment with a service in front": another object said as
        // the first one's companion.)
        let joins = matches!(words[i].as_str(), "plus" | "and" | "with")
            || (words[i] == "by"
                && i > 0
                && matches!(
                    words[i - 1].as_str(),
                    "backed" | "fronted" | "exposed" | "served" | "accompanied"
                ))
            || (words[i] == "as" && words.get(i + 1).is_some_and(|w| w == "well"));
        // ("… plus a headless service web-hl", "and a secret s": a new
        // object brought in by an article; "three pod replicas" are the
        // made object's own.)
        if joins
            && !before.is_empty()
            && (i + 1..(i + 5).min(words.len())).any(|j| {
                kinds[j].is_some_and(|k| before.iter().any(|b| *b != k))
                    && (i + 1..j).any(|d| matches!(words[d].as_str(), "a" | "an" | "another"))
            })
        {
            second = true;
            break;
        }
        if let Some(k) = kinds[i] {
            before.push(k);
        }
    }
    if second {
        return Err(frame::not_understood(
            "this makes more than one object; ask for one at a time, or paste a manifest with both",
        ));
    }
    Ok(())
}

/// "What happened?", "Why?", "What's wrong?": a question that names
/// nothing and asks what is wrong with what was told before it.
fn bare_trouble_question(text: &str) -> bool {
    const BARE: &[&str] = &[
        "what happened",
        "what has happened",
        "why",
        // "… hasn't fired for two days. why not?", "What broke?", "what
        // do I do": the same question.
        "why not",
        "why is this happening",
        "why is it happening",
        "what broke",
        "what caused this",
        "what caused it",
        "what's happening",
        "what is happening",
        "what's up",
        "what do i do",
        "what should i do",
        "what can i do",
        "why is that",
        "how come",
        "what's wrong",
        "what is wrong",
        "what went wrong",
        // "What's the holdup?", "is it hung?", "Why would that be?",
        // "what's misconfigured?"
        "what's the holdup",
        "what is the holdup",
        "is it hung",
        "is it hanging",
        "why would that be",
        "why would this be",
        "what's misconfigured",
        "what is misconfigured",
        // "… Any idea what's broken?", "what's blocking it?"
        "what's broken",
        "what is broken",
        "what's blocking it",
        "what is blocking it",
        "what's causing this",
        "what's causing it",
        "what's going on",
        "what is going on",
        // "… it's been running 9 hours. what is it doing?", "is it
        // stuck?", "what am I missing?".
        "what is it doing",
        "what's it doing",
        "is it stuck",
        "what am i missing",
        "what's failing",
        "what is failing",
        "what's the problem",
        "what is the problem",
        "what's the issue",
        "what is the issue",
        "any idea why",
        "can you help",
        "please help",
        "help",
        // "Determine the reason.", "find the root cause".
        "the reason",
        "the cause",
        "the root cause",
    ];
    // "Find out why.", "Please figure out what went wrong.": the same
    // question, asked as a task.
    const TASK: &[&str] = &[
        "please ",
        "can you ",
        "could you ",
        "find out ",
        "find ",
        "figure out ",
        "work out ",
        "determine ",
        "identify ",
        "tell me ",
        "explain ",
        "help me understand ",
        "explain to me ",
        "any idea ",
        "no idea ",
        // "Dig into what's going on", "look into why": the same question
        // after a verb of looking.
        "dig into ",
        "look into ",
        "investigate ",
        "check ",
        "triage ",
    ];
    let t = text
        .trim()
        .trim_end_matches(['?', '.', '!'])
        .trim()
        .to_lowercase();
    let mut t = t.as_str();
    // ("Investigate (namespace: alerts)", "what broke? (monitoring
    // ns)": the place, said aside.)
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        t = t[..open].trim_end();
    }
    if let Some(at) = t.rfind(" in namespace ")
        && !t[at + " in namespace ".len()..].contains(' ')
    {
        t = &t[..at];
    }
    // ("Identify the reason and write it to /opt/course/5/reason.txt":
    // where the answer goes.)
    if let Some(at) = ANSWER_KEPT.iter().filter_map(|w| t.find(w)).min() {
        t = t[..at].trim_end();
    }
    if investigation(t) {
        return true;
    }
    while let Some(rest) = TASK.iter().find_map(|p| t.strip_prefix(p)) {
        t = rest.trim_start();
    }
    // ("… what's going on before the weekend", "… by tonight": when it
    // is wanted.)
    for by in [" before ", " by ", " asap", " today", " tonight", " now"] {
        if let Some(at) = t.find(by)
            && t[at + by.len()..].split_whitespace().count() <= 2
        {
            t = t[..at].trim_end();
        }
    }
    // ("Fix it so that it reaches Running", "fix it so it runs": what
    // the fix is for.)
    if let Some(at) = t.find(" so ")
        && t[..at].split_whitespace().count() <= 3
    {
        t = &t[..at];
    }
    BARE.contains(&t) || investigation(t)
}

/// "… and write it to /opt/reason.txt": where the answer is to be kept.
fn answer_kept(text: &str) -> bool {
    ANSWER_KEPT.iter().any(|w| contains_ignore_case(text, w))
}

/// How a request says where its answer is to be kept ("… and write it
/// to /opt/reason.txt").
const ANSWER_KEPT: &[&str] = &[
    " and write",
    " and save",
    " and store",
    " and put",
    " and record",
];

/// "Investigate and fix the issue", "troubleshoot this", "debug it": a
/// task to look into the trouble told, naming nothing of its own.
fn investigation(t: &str) -> bool {
    let mut words: Vec<&str> = t.split_whitespace().collect();
    if matches!(
        words.as_slice(),
        [
            ..,
            "the" | "this" | "that",
            "issue" | "problem" | "error" | "failure"
        ]
    ) {
        words.truncate(words.len() - 2);
    } else if matches!(words.as_slice(), [.., "it" | "this" | "that"]) {
        words.pop();
    }
    matches!(
        words.as_slice(),
        ["investigate" | "troubleshoot" | "debug" | "diagnose" | "fix" | "resolve"]
            | ["look", "into"]
            | ["take" | "have", "a", "look"]
            | [
                "investigate" | "troubleshoot" | "debug" | "diagnose",
                "and",
                "fix" | "resolve" | "repair"
            ]
    )
}

/// The one object the other sentences name, as a diagnosis of it; none
/// when they name several, or one that does not fail (a ConfigMap).
fn one_object(named: &[frame::Reading]) -> Option<Operation> {
    let first = named.first()?;
    if named
        .iter()
        .any(|r| r.op.name != first.op.name || r.op.resource != first.op.resource)
    {
        return None;
    }
    if !crate::words::FAILABLE.contains(&first.op.resource.as_str()) {
        return None;
    }
    diagnosis_of(&first.op)
}

/// "what labels does pod x have, I want to delete one", "show the labels
/// on deployment web, need to delete tier": beside labels, annotations
/// or taints, a delete whose words after the verb are not the object
/// (its type or name) removes one of those parts, never the object. It
/// deleted the pod (safety review 12). Asked back, with the part's own
/// removal offered.
fn part_deleted(text: &str, op: &Operation) -> Result<()> {
    if op.verb != kubechat_core::Verb::Delete || op.selector.is_some() {
        return Ok(());
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    // The part said, as its kubectl verb and its plural.
    let part = words.iter().find_map(|w| match w.as_str() {
        "label" | "labels" => Some(("label", "labels")),
        "annotation" | "annotations" => Some(("annotate", "annotations")),
        "taint" | "taints" => Some(("taint", "taints")),
        _ => None,
    });
    let Some((part_verb, parts)) = part else {
        return Ok(());
    };
    let object_words: Vec<&str> = op
        .resource
        .builtin()
        .map(|b| {
            let mut v = vec![b.plural, b.singular];
            v.extend(b.short.iter().copied());
            v
        })
        .unwrap_or_default();
    let name = op.name.as_ref().map(|n| n.as_str());
    let aimed_at_object = words.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "delete" | "remove" | "drop" | "kill")
            && words[i + 1..]
                .iter()
                .map(String::as_str)
                .find(|n| {
                    !matches!(
                        *n,
                        "the"
                            | "this"
                            | "that"
                            | "a"
                            | "an"
                            | "all"
                            | "every"
                            | "these"
                            | "those"
                            | "any"
                    )
                })
                .is_some_and(|n| object_words.contains(&n) || Some(n) == name)
    });
    if aimed_at_object {
        return Ok(());
    }
    let (kind, object) = (
        op.resource
            .builtin()
            .map_or(op.resource.as_str(), |b| b.singular),
        name.unwrap_or("NAME"),
    );
    let suggestion = match part_verb {
        "taint" => format!("kubectl taint nodes {object} KEY-"),
        verb => format!("kubectl {verb} {kind} {object} KEY-"),
    };
    Err(Error::NotUnderstood {
        reason: format!(
            "this talks of the {kind}'s {parts}, and what it would delete is one of them, not the {kind}; say which key to take off"
        ),
        suggestions: vec![suggestion],
    })
}

/// "The deployment redis has 2 replicas now. Make it 3.", "The
/// statefulset db has 3 replicas. Add two more.": a bare count ordered,
/// where another sentence tells the replicas, is a count of replicas.
fn replicas_told(mut all: Vec<Sentence>) -> Vec<Sentence> {
    if all.len() < 2 {
        return all;
    }
    let told = |s: &Sentence| {
        s.text.split_whitespace().any(|w| {
            matches!(
                trim_word(w).to_ascii_lowercase().as_str(),
                "replica" | "replicas" | "scaled"
            )
        })
    };
    let bare_count = |s: &Sentence| {
        let words: Vec<String> = s
            .text
            .split_whitespace()
            .map(|w| trim_word(w).to_ascii_lowercase())
            .collect();
        let first = words
            .iter()
            .find(|w| !matches!(w.as_str(), "please" | "pls" | "then" | "now" | "so" | "and"));
        let ordering = first.is_some_and(|w| {
            matches!(
                w.as_str(),
                "make"
                    | "bring"
                    | "set"
                    | "put"
                    | "scale"
                    | "bump"
                    | "take"
                    | "add"
                    | "change"
                    | "increase"
                    | "decrease"
                    | "reduce"
                    | "drop"
                    | "double"
                    | "halve"
            )
        });
        let last = words.last().map(String::as_str).unwrap_or_default();
        let count = frame::number(last).is_some() || matches!(last, "more" | "fewer" | "less");
        s.kind == Kind::Request
            && ordering
            && count
            && !words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "replica" | "replicas" | "pod" | "pods" | "instance" | "instances" | "nodes"
                )
            })
    };
    if !all.iter().any(told) {
        return all;
    }
    for s in all.iter_mut() {
        if bare_count(s) {
            let text = s.text.trim_end_matches(['.', '!', '?']).to_owned();
            s.text = format!("{text} replicas");
        }
    }
    all
}

/// "drain node-3 pls, we're replacing it. ignore daemonsets": how to
/// drain, said in a sentence of its own after the drain, is the drain's
/// (joined to the last sentence before it that says "drain").
fn drain_options_joined(mut all: Vec<Sentence>) -> Vec<Sentence> {
    const HOW: [&str; 5] = [
        "ignore daemon",
        "ignoring daemon",
        "ignore ds",
        "delete emptydir",
        "and ignore daemon",
    ];
    let says_drain = |s: &Sentence| {
        s.text
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("drain"))
    };
    let mut drain_at: Option<usize> = None;
    let mut k = 0;
    while k < all.len() {
        let how = all[k].text.trim_start_matches([' ', '-', ',']);
        if let Some(at) = drain_at
            && HOW.iter().any(|p| {
                how.get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p))
            })
        {
            let extra = all.remove(k).text;
            let joined = format!(
                "{}, {}",
                all[at].text.trim_end_matches(['.', '!']),
                extra.trim()
            );
            all[at].text = joined;
            continue;
        }
        if says_drain(&all[k]) {
            drain_at = Some(k);
        }
        k += 1;
    }
    all
}

/// "Test pods labeled env=ephemeral were left behind. Delete all pods
/// with that label.", "… Remove that label from pod x.": "that label" in
/// the request is the one pair the other sentences tell as a label
/// (never guessed among several).
fn label_pointed(mut all: Vec<Sentence>) -> Vec<Sentence> {
    const POINTED: [&str; 5] = [
        "that label",
        "this label",
        "the same label",
        "those labels",
        "these labels",
    ];
    let asks = |s: &Sentence| {
        s.kind == Kind::Request && POINTED.iter().any(|p| contains_ignore_case(&s.text, p))
    };
    if all.len() < 2 || !all.iter().any(asks) {
        return all;
    }
    let mut pairs: Vec<String> = Vec::new();
    for s in all.iter().filter(|s| !asks(s)) {
        let words: Vec<&str> = s.text.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let pair =
                w.trim_matches(|c: char| matches!(c, '`' | '\'' | '"' | ',' | '.' | '(' | ')'));
            let introduced = i.checked_sub(1).is_some_and(|b| {
                matches!(
                    words[b].to_ascii_lowercase().as_str(),
                    "labeled" | "labelled" | "label" | "with" | "carrying" | "having"
                )
            });
            if introduced
                && pair.split_once('=').is_some_and(|(k, v)| {
                    kubechat_core::names::check_label_key(k).is_ok() && !v.is_empty()
                })
                && !pairs.iter().any(|p| p == pair)
            {
                pairs.push(pair.to_owned());
            }
        }
    }
    let [pair] = pairs.as_slice() else {
        return all;
    };
    for s in all.iter_mut().filter(|s| s.kind == Kind::Request) {
        let lower = s.text.to_ascii_lowercase();
        for p in POINTED {
            if let Some(at) = lower.find(p) {
                s.text = format!("{}label {pair}{}", &s.text[..at], &s.text[at + p.len()..]);
                break;
            }
        }
    }
    all
}

/// "Can't delete PVC jenkins-home, it stays in Terminating", "I'm unable
/// to drain node-3": the person failed to make the change, which is
/// trouble with the object to look into, never the change to make (nor
/// a rule against it). The text from the change's verb on, when it opens
/// so.
fn inability_told(text: &str) -> Option<&str> {
    let mut rest = text.trim_start();
    fn strip<'a>(r: &'a str, p: &str) -> Option<&'a str> {
        r.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &r[p.len()..])
    }
    for subject in ["i ", "we ", "i'm ", "im ", "we're "] {
        if let Some(r) = strip(rest, subject) {
            rest = r;
            break;
        }
    }
    let after = [
        "can't ",
        "cant ",
        "cannot ",
        "couldn't ",
        "unable to ",
        "not able to ",
    ]
    .iter()
    .find_map(|p| strip(rest, p))?;
    let verb = after.split_whitespace().next()?.to_ascii_lowercase();
    crate::words::CHANGE_WORDS
        .contains(&verb.as_str())
        .then_some(after)
}

/// The diagnosis of the one object a change names.
fn diagnosis_of(op: &Operation) -> Option<Operation> {
    op.name.as_ref()?;
    let mut d = Operation::new(kubechat_core::Verb::Diagnose, op.resource.clone());
    d.name = op.name.clone();
    d.namespace = op.namespace.clone();
    d.context = op.context.clone();
    d.validate().ok().map(|()| d)
}

/// The taint, label or annotation the sentences beside the request tell
/// of ("has the taint gpu=true:NoSchedule", "carries the label
/// tier=web"): its kind and how it was written. Only where a request
/// removes "it" is it asked for.
fn part_told(all: &[Sentence]) -> Option<(&'static str, Option<String>)> {
    all.iter()
        .filter(|s| s.kind != Kind::Request)
        .find_map(|s| {
            let words: Vec<&str> = s.text.split_whitespace().collect();
            words.iter().enumerate().find_map(|(i, w)| {
                let kind = match trim_word(w).to_ascii_lowercase().as_str() {
                    "taint" | "taints" => "taint",
                    "label" | "labels" => "label",
                    "annotation" | "annotations" => "annotation",
                    // Other parts an object holds, which "remove it" may
                    // mean ("the pod has a finalizer that blocks it").
                    "finalizer" | "finalizers" | "toleration" | "tolerations" | "sidecar"
                    | "volume" | "volumes" | "env" | "variable" | "variables" | "port"
                    | "ports" | "rule" | "rules" | "entry" | "key" => return Some(("part", None)),
                    _ => return None,
                };
                let spec = words
                    .get(i + 1)
                    .map(|n| n.trim_end_matches([',', '.', ';', '!', '?']))
                    .filter(|n| n.contains(['=', ':']) && !n.ends_with(':'))
                    .map(|n| n.trim_matches(['`', '\'', '"']).to_owned());
                Some((kind, spec))
            })
        })
}

/// A word without the punctuation around it.
/// A word without the "'s" of a possessive ("node's" is "node").
fn possessed(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w)
}

fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
}

/// "no need to restart web", "I would never delete namespace prod",
/// "refrain from deleting pod web-1": a change said with a negation before
/// its verb is what is not to be done. Asked back, never read as the
/// change. A negation after the verb narrows it ("delete the pods that
/// are not ready", "restart web without downtime") and stays.
fn negated_change(text: &str, op: &Operation) -> Result<()> {
    const NEGATORS: &[&str] = &[
        "not",
        "never",
        "don't",
        "dont",
        "doesn't",
        "didn't",
        "mustn't",
        "shouldn't",
        "won't",
        "wouldn't",
        "can't",
        "cannot",
        "no",
        "nobody",
        "refrain",
        "avoid",
        "without",
        "needn't",
        "unnecessary",
        "skip",
    ];
    if op.risk() == kubechat_core::Risk::Read {
        return Ok(());
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    // ("prevent new pods from being scheduled on it without evicting
    // the existing ones": a cordon said by what it does not do.)
    let Some(verb_at) = words.iter().enumerate().position(|(i, w)| {
        crate::words::CHANGE_WORDS.contains(&w.as_str())
            && !(op.verb == kubechat_core::Verb::Cordon && i > 0 && words[i - 1] == "without")
    }) else {
        return Ok(());
    };
    // "delete pod x, don't delete anything": the order's own verb said
    // again under a negation takes it back ("… don't delete anything
    // else" bounds the rest).
    let own = words[verb_at].as_str();
    let taken_back = (verb_at + 1..words.len()).any(|j| {
        words[j] == own
            && (j.saturating_sub(2)..j).any(|k| NEGATORS.contains(&words[k].as_str()))
            && !words[j + 1..]
                .iter()
                .take(3)
                .any(|w| matches!(w.as_str(), "else" | "other" | "others" | "more" | "except"))
            // ("restart web, don't restart api": another object spared.)
            && !words[j + 1..]
                .iter()
                .map(String::as_str)
                .find(|w| !matches!(*w, "the" | "a" | "an"))
                .is_some_and(|n| {
                    op.name.as_ref().is_some_and(|name| name.as_str() != n)
                        && !matches!(n, "anything" | "it" | "them" | "that" | "this" | "everything")
                })
    });
    if taken_back {
        return Err(frame::not_understood(
            "this change is taken back within the line; send the line when it is meant now",
        ));
    }
    // ("Please mark it unschedulable; do not evict anything yet.": a
    // bound on what else may change, beside an order said without a
    // word of change.)
    let bound = words[verb_at + 1..]
        .iter()
        .take(3)
        .any(|w| matches!(w.as_str(), "anything" | "nothing" | "everything" | "else"));
    let negated_verb = crate::words::VERB_PHRASES
        .iter()
        .find(|(p, _)| *p == words[verb_at].as_str())
        .map(|(_, v)| *v);
    if bound && negated_verb != Some(op.verb) {
        return Ok(());
    }
    // "don't forget to delete …", "don't hesitate to …": still asks.
    let negated = words[..verb_at].iter().enumerate().any(|(i, w)| {
        (NEGATORS.contains(&w.as_str())
            && !matches!(
                words.get(i + 1).map(String::as_str),
                Some("forget" | "hesitate" | "worry" | "wait")
            ))
            // "forget about deleting namespace prod".
            || (w == "forget" && words.get(i + 1).is_some_and(|n| n == "about"))
    });
    if negated {
        return Err(frame::not_understood(
            "this says what not to change; say what to do instead",
        ));
    }
    Ok(())
}

/// Questions about a change rather than for one: who may make it, whether
/// it is safe, how it is done, what it would do.
const ABOUT_A_CHANGE: &[&str] = &[
    "who can ",
    "who could ",
    "who may ",
    "who is allowed",
    "who's allowed",
    "who has permission",
    "who has access",
    "is it safe to ",
    "is it ok to ",
    "is it okay to ",
    "would it be safe",
    "is it a good idea",
    // "who set replicas for cart to 30 — that's triple the budget": who
    // made a change, asked.
    "who set ",
    "who scaled ",
    "who deleted ",
    "who changed ",
    "who restarted ",
    "who removed ",
    "who drained ",
    "who cordoned ",
    "who rolled ",
    "who bumped ",
    "who updated ",
    "who patched ",
    "who labeled ",
    "who labelled ",
    "who added ",
    "is it a bad idea",
    "would it be a good idea",
    "is it wise to ",
    "how do i ",
    "how can i ",
    "how do you ",
    "how to ",
    "how would i ",
    "what happens if",
    "what would happen if",
    "what will happen if",
    "should i ",
    "should we ",
    "do i need to ",
    "why would ",
];

/// Who else "can … delete" might ask about ("can bob delete pod web-1?"):
/// anyone but the asker, whose own rights `auth can-i` answers, and the
/// assistant being asked politely ("can you delete …").
fn third_person_ability(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let first = words.next();
    // "is node x able to let new pods land?", "are the workers allowed to
    // scale down?": whether it can, asked.
    if matches!(
        first,
        Some("is" | "are" | "was" | "were" | "isn't" | "aren't")
    ) {
        let rest: Vec<&str> = words.take(7).collect();
        return rest.windows(2).any(|p| {
            matches!(
                p[0],
                "able" | "unable" | "allowed" | "permitted" | "ready" | "supposed" | "set"
            ) && p[1] == "to"
        });
    }
    matches!(
        (first, words.next()),
        (Some("can" | "could" | "may"), Some(w))
            if !matches!(w, "i" | "you" | "u" | "we" | "ya" | "kubechat" | "please" | "pls" | "someone" | "somebody")
    )
}

/// Refuses a change read from a question about one ("who can delete pod
/// web-1?", "is it safe to restart api?", "how do I delete …"): a preview
/// of a change nobody asked for is the wrong answer, however it is
/// confirmed afterwards.
/// The checks every reading passes before it is answered, whether the
/// text held one sentence or several: of the sentence read (`sentence`)
/// and of the whole text (`text`), in this order.
fn reading_checked(sentence: &str, text: &str, op: &Operation) -> Result<()> {
    about_a_change(sentence, op)?;
    second_object_made(sentence, op)?;
    negated_change(sentence, op)?;
    part_deleted(text, op)?;
    fix_dropped(text, op)?;
    choice_of_changes(text, op)?;
    namespace_cleaned(text, op)?;
    image_change(sentence, op)
}

/// "my namespace 'hackathon' is a total mess, just clean it up", "clean
/// up namespace tmp": cleaning a namespace may mean deleting it or what
/// is in it. Deleting it deletes everything in it, so it is asked back,
/// never guessed.
fn namespace_cleaned(text: &str, op: &Operation) -> Result<()> {
    if op.verb != kubechat_core::Verb::Delete
        || op.resource.as_str() != "namespaces"
        || !contains_ignore_case(text, "clean")
        // ("Clean up by deleting the namespace mem-example": said.)
        || ["delet", "remov", "drop", "destroy", "tear"]
            .iter()
            .any(|w| contains_ignore_case(text, w))
    {
        return Ok(());
    }
    let line = kubechat_core::kubectl::render(op);
    Err(Error::NotUnderstood {
        reason: format!(
            "cleaning a namespace may mean deleting it, with everything in it, or deleting some objects inside it; to delete the namespace send `{line}`, or name what to delete in it"
        ),
        suggestions: vec![line],
    })
}

/// "either delete the old reporting deployment or scale it to zero,
/// whichever you think is best": a choice between changes, left to
/// KubeChat. Neither is ordered; the choice is asked back.
fn choice_of_changes(text: &str, op: &Operation) -> Result<()> {
    if op.risk() == kubechat_core::Risk::Read || !contains_ignore_case(text, "either") {
        return Ok(());
    }
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find("either ") else {
        return Ok(());
    };
    let Some(or) = lower[at..].find(" or ").map(|k| at + k) else {
        return Ok(());
    };
    let change = |part: &str| {
        part.split_whitespace()
            .any(|w| crate::words::CHANGE_WORDS.contains(&trim_word(w)))
    };
    if change(&lower[at..or]) && change(&lower[or + 4..]) {
        return Err(Error::NotUnderstood {
            reason: "this leaves a choice between changes to KubeChat; say which one to make"
                .into(),
            suggestions: vec![kubechat_core::kubectl::render(op)],
        });
    }
    Ok(())
}

/// "Check the Deployments for a missing owner label and fix them",
/// "find the pods that run privileged and make them compliant": a look
/// and a fix of what it finds. Answered with the look alone, the fix
/// asked for would be dropped without a word; it is asked back, the look
/// offered.
fn fix_dropped(text: &str, op: &Operation) -> Result<()> {
    // (Most requests ask for no fix: passed over without a copy.)
    if op.risk() != kubechat_core::Risk::Read
        || op.verb == kubechat_core::Verb::Diagnose
        || !["fix", "remediat", "complian", "complie", "correct"]
            .iter()
            .any(|w| contains_ignore_case(text, w))
    {
        return Ok(());
    }
    let lower = text.to_ascii_lowercase();
    let fixes = [
        "fix them",
        "fix those",
        "fix the ones",
        "fix any",
        "fix each",
        "fix all",
        "fix every",
        "fix it",
        "fix the violat",
        "make them compliant",
        "make it compliant",
        "make the namespace compliant",
        "make them comply",
        "remediate",
        "correct them",
        "and fix ",
    ];
    // ("… don't fix anything", "do not try to fix them", "not to fix
    // them yet": no fix asked; "prefix each line": no fix said.)
    let negated = |at: usize| {
        lower[..at]
            .split_whitespace()
            .rev()
            .take(4)
            .any(|w| matches!(w, "not" | "don't" | "dont" | "never" | "no" | "without"))
    };
    let asked = fixes.iter().any(|f| {
        lower.match_indices(f).any(|(at, _)| {
            !lower[..at].ends_with(|c: char| c.is_ascii_alphanumeric()) && !negated(at)
        })
    });
    if !asked || lower.contains("without fixing") {
        return Ok(());
    }
    Err(Error::NotUnderstood {
        reason: "this asks to fix what the look finds, which is no one change the rules can make; look first, then ask for each change (or why one object fails, whose diagnosis offers its fixes)".into(),
        suggestions: vec![kubechat_core::kubectl::render(op)],
    })
}

fn about_a_change(text: &str, op: &Operation) -> Result<()> {
    if op.risk() == kubechat_core::Risk::Read {
        return Ok(());
    }
    let lower = text.trim().to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    // Greetings and lead-ins, with their punctuation ("hey, who can …").
    let mut lower = lower.to_owned();
    loop {
        let first = lower.split_whitespace().next().unwrap_or("");
        let bare = first.trim_end_matches([',', ':', '!', '.']);
        if matches!(
            bare,
            "hey" | "hi" | "hello" | "so" | "ok" | "okay" | "quick" | "question"
        ) && lower.len() > first.len()
        {
            lower = lower[first.len()..].trim_start().to_owned();
        } else {
            break;
        }
    }
    // "is deleting pod web-1 safe?", "what's the impact of deleting api?":
    // the change named as a gerund, or weighed, in a question.
    // "do a rolling restart of web" is an order, "do the pods restart" a
    // question.
    let order_with_do = lower.split_whitespace().next() == Some("do")
        && matches!(lower.split_whitespace().nth(1), Some("a" | "an"));
    // ("any objections to deleting configmap tmp-debug?": asked of the
    // people, about the change.)
    if [
        "any objection",
        "objections to",
        "objection to",
        "concerns about",
        "thoughts on",
        "okay with",
        "ok with",
        "anyone mind if",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        let line = kubechat_core::kubectl::render(op);
        return Err(Error::NotUnderstood {
            reason: format!(
                "this asks the people about a change, not for one; to preview it send `{line}`"
            ),
            suggestions: vec![line],
        });
    }
    let question = text.trim_end().ends_with('?')
        || (!order_with_do
            && matches!(
                lower.split_whitespace().next(),
                Some(
                    "is" | "are"
                        | "will"
                        | "would"
                        | "does"
                        | "do"
                        | "what"
                        | "what's"
                        | "whats"
                        | "how"
                        | "could"
                        | "should"
                        | "can"
                        // "(the team wants to know) whether deleting web-1
                        // is safe": a question asked on someone's behalf.
                        | "whether"
                        | "if"
                )
            ));
    let weighed = question
        && (lower.contains("rolling back")
            || lower.split_whitespace().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                // ("is rolling back api going to drop connections?": any
                // change said as a gerund, and what it may do.)
                // ("do a rolling restart": how, not a gerund.)
                (w.ends_with("ing") && w != "rolling" && crate::words::CHANGE_WORDS.contains(&w))
                    || matches!(
                        w,
                        "undoing"
                            | "reverting"
                            | "drop"
                            | "break"
                            | "lose"
                            | "outage"
                            | "disrupt"
                            | "affect"
                    )
                    || matches!(
                        w,
                        "deleting"
                            | "removing"
                            | "restarting"
                            | "scaling"
                            | "draining"
                            | "cordoning"
                            | "evicting"
                            | "killing"
                            | "patching"
                            | "labeling"
                            | "labelling"
                            | "safe"
                            | "impact"
                            | "downtime"
                            | "risk"
                            | "risky"
                            | "consequences"
                    )
            }));
    // "Did the rollback of web succeed?", "was pod web-1 deleted?":
    // whether a change happened, which the object's state answers; never
    // the change itself.
    if matches!(
        lower.split_whitespace().next(),
        Some("did" | "has" | "have" | "had" | "was" | "were")
    ) {
        let kind = frame::singular(op);
        let state = if matches!(
            op.verb,
            kubechat_core::Verb::RolloutUndo | kubechat_core::Verb::RolloutRestart
        ) {
            format!("rollout status {kind}/NAME")
        } else {
            format!("describe {kind} NAME")
        };
        return Err(Error::NotUnderstood {
            reason: "this asks whether a change happened, not for one; ask for the object's state"
                .into(),
            suggestions: vec![state],
        });
    }
    // "tell me how to drain node-1", "explain what drain node-1 does":
    // the same question after a lead-in.
    let padded = format!(" {lower} ");
    let asked_within = [
        " how to ",
        " how do i ",
        " how can i ",
        " how would i ",
        " how should i ",
        "what happens if",
        "what would happen",
        "explain what ",
        "explain how ",
        " what does ",
        // "Safely evacuating a node — what's the right command?"
        "what's the right command",
        "what is the right command",
        "what's the command",
        "what is the command",
        "which command",
        "what command",
        // "write me the kubectl line to scale worker to 4, I'll run it
        // myself": the command as text, run by the person.
        "run it myself",
        "i'll run it",
        "i will run it",
        "write me the ",
        "give me the command",
        "give me the kubectl",
    ]
    .iter()
    .any(|q| padded.contains(q))
        || how_asked(&lower);
    if ABOUT_A_CHANGE.iter().any(|q| lower.starts_with(q))
        || asked_within
        || lower.starts_with("what if ")
        || weighed
        || third_person_ability(&lower)
    {
        let line = kubechat_core::kubectl::render(op);
        // ("who scaled cart to 30?": who made a change is in the audit
        // log and the events, not in one's own rights.)
        if lower.starts_with("who ") && !lower.starts_with("who can") {
            return Err(Error::NotUnderstood {
                reason: "this asks who made a change, not for one; the audit log and the object's events tell who did".into(),
                suggestions: Vec::new(),
            });
        }
        return Err(Error::NotUnderstood {
            reason: format!(
                "this asks about a change, not for one; to check your own rights ask \"can I {} …?\", and to preview the change send `{line}`",
                op.verb
            ),
            suggestions: vec![line],
        });
    }
    Ok(())
}

/// "how can we restart the api deployment", "how would someone delete pod
/// web-1": how, a modal and who would do it asks the way, whoever is
/// said to do it — never orders it.
fn how_asked(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .collect();
    words.windows(3).any(|w| {
        w[0] == "how"
            && matches!(
                w[1],
                "do" | "does"
                    | "can"
                    | "could"
                    | "would"
                    | "should"
                    | "might"
                    | "may"
                    | "will"
                    | "shall"
                    | "must"
            )
            && matches!(
                w[2],
                "i" | "we"
                    | "you"
                    | "u"
                    | "ya"
                    | "one"
                    | "someone"
                    | "somebody"
                    | "they"
                    | "people"
                    | "anyone"
            )
    })
}

/// "use image nginx:1.27 for deployment web", "switch api to
/// registry/api:v2": a new image asked for in words. The container it
/// goes to is not said, so the change is asked back in kubectl syntax —
/// never answered with a read of the workload, as if that were it.
fn image_change(text: &str, op: &Operation) -> Result<()> {
    if op.risk() != kubechat_core::Risk::Read {
        return Ok(());
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let image_like = |w: &&str| {
        let w = w.trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | ',' | '.' | '?' | '!'));
        !w.contains('=') && frame::image_token(w)
    };
    let asks_change = words
        .iter()
        .any(|w| frame::IMAGE_CHANGES.contains(w) || *w == "move");
    if asks_change && words.iter().any(image_like) {
        let name = op.name.as_ref().map_or("NAME", |n| n.as_str());
        let kind = op.resource.builtin().map_or("deployment", |b| b.singular);
        let kind = if matches!(kind, "deployment" | "statefulset" | "daemonset") {
            kind
        } else {
            "deployment"
        };
        return Err(Error::NotUnderstood {
            reason: "a new image is set per container, and the request does not say which container; say it in kubectl syntax".into(),
            suggestions: vec![format!("kubectl set image {kind}/{name} CONTAINER=IMAGE")],
        });
    }
    Ok(())
}

/// Verbs that start an order of their own after "and" or "then" in one
/// sentence ("scale web to 3 and restart api", "…, then list the pods").
/// Nouns among the verb words ("logs", "events") and question words are
/// left out: "show pods and their events" goes on about the same thing.
/// Orders the rules do not read that may follow a change in one
/// sentence ("…, and bind it to the service account ci").
const SECOND_ORDERS: &[&str] = &[
    "bind",
    "attach",
    "grant",
    "assign",
    "mount",
    "link",
    "connect",
    "give",
    "add",
    "allow",
    "open",
    "purge",
    "migrate",
    "flush",
    "rotate",
    "invalidate",
    "deploy",
    "redeploy",
    "run",
];

const CLAUSE_VERBS: &[&str] = &[
    // "…, then roll it back".
    "roll",
    // A look after a change ("scale web to 3 and watch the rollout").
    "watch",
    "wait",
    "monitor",
    "follow",
    "check",
    "bump",
    // "scale api to 3 and also set its image to api:2.0".
    "set",
    "update",
    "upgrade",
    "get",
    "show",
    "list",
    "display",
    "describe",
    "delete",
    "remove",
    "restart",
    "scale",
    "cordon",
    "uncordon",
    "drain",
    "label",
    "annotate",
    "taint",
    "untaint",
    "expose",
    "create",
    "apply",
    "patch",
    "rollback",
    "undo",
    "revert",
    "pause",
    "resume",
    "bounce",
    "redeploy",
    "kill",
    "evacuate",
    "autoscale",
    "fetch",
    "print",
    "tail",
    "inspect",
    "scan",
    "diagnose",
    "investigate",
    "troubleshoot",
    "explain",
    "view",
    "increase",
    "decrease",
    "reduce",
    "destroy",
    "purge",
];

/// Words between the joiner and the second order's verb.
const CLAUSE_LEAD: &[&str] = &["then", "also", "please", "pls", "afterwards", "finally"];

/// "scale web to 3 and restart api", "scale web to 3 and show the pods",
/// "drain node-1, then uncordon node-2": two orders in one sentence, one
/// of them a change. Read as one, the sentence did one of them (or mixed
/// their words: "scale web to 3 and show me the pods" read as a scale of
/// pods), the other dropped without a word; each is read alone, and two
/// different operations are asked back, both offered. A second part that reads as nothing ("… and see if it
/// comes up") leaves the sentence as it was; a cordon and a drain of the
/// same node are the drain.
fn two_orders(text: &str, readings: &mut Readings) -> Option<Result<frame::Reading>> {
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = [" and ", ", ", "; ", " then "]
        .iter()
        .filter_map(|j| lower[at..].find(j).map(|k| (at + k, j.len())))
        .min()
    {
        let (start, len) = found;
        at = start + len;
        let quoted = lower[..start].matches(['"', '`']).count() % 2 == 1;
        let mut rest = lower[at..].trim_start_matches([',', ' ']);
        let mut words = rest.split_whitespace();
        let mut first = words.next();
        while let Some(w) = first.filter(|w| CLAUSE_LEAD.contains(w) || *w == "and") {
            rest = rest[w.len()..].trim_start_matches([',', ' ']);
            first = words.next();
        }
        // "create a role reader that can get secrets, and bind it to the
        // service account auditor": a second order the rules do not read,
        // after a change; carrying out the first alone would leave the
        // second undone without a word.
        // ("rollback orders and open an incident", "patch the ingress
        // and purge the CDN": the first change need not be read either.)
        if !quoted
            && first.is_some_and(|w| SECOND_ORDERS.contains(&w))
            // ("create a deployment web and give it 3 replicas": the same
            // object's count.)
            && !rest.contains("replica")
            && (frame::asks_for_change(&text[..start])
                // ("set image auth=auth:3.2 and migrate …": an order by its
                // first word.)
                || lower[..start].split_whitespace().next().is_some_and(|w| {
                    crate::words::CHANGE_WORDS.contains(&w)
                        || matches!(w, "set" | "patch" | "update" | "apply" | "create")
                }))
        {
            return Some(Err(Error::NotUnderstood {
                reason: format!(
                    "this asks for two things, and \"{}\" is not read from plain language; ask for one at a time",
                    rest.split_whitespace()
                        .take(6)
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                suggestions: readings
                    .read(&text[..start])
                    .ok()
                    .filter(|a| a.op.risk() != kubechat_core::Risk::Read)
                    .map(|a| kubechat_core::kubectl::render(&a.op))
                    .into_iter()
                    .collect(),
            }));
        }
        if quoted || !first.is_some_and(|w| CLAUSE_VERBS.contains(&w)) {
            continue;
        }
        // ("please investigate and revert": write back, in Indian
        // English; the frame reads it so.)
        if first.is_some_and(|w| w.trim_end_matches(['.', '!']) == "revert")
            && lower[..start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| crate::words::REPLY_AFTER.contains(&w))
        {
            continue;
        }
        let second_at = text.len() - rest.len();
        let Ok(a) = readings.read(&text[..start]) else {
            continue;
        };
        // ("In namespace checkout, create a ConfigMap …": a place said
        // first, no order of its own.)
        if !a.explicit_verb && a.op.risk() == kubechat_core::Risk::Read {
            continue;
        }
        let second = &text[second_at..];
        // "cordon node-1 and drain it", "…, then delete the node": the
        // second order about the first one's object.
        let carried = carry_object(second, &a.op);
        let second = carried.as_deref().unwrap_or(second);
        // "cordon X, drain it, then delete the node": the rest may hold
        // orders of its own; three are asked back like two.
        let b = match two_orders(second, readings) {
            Some(Err(Error::NotUnderstood { suggestions, .. })) => {
                let mut all = vec![kubechat_core::kubectl::render(&a.op)];
                all.extend(suggestions);
                return Some(Err(Error::NotUnderstood {
                    reason: format!("this asks for {} things; ask for one at a time", all.len()),
                    suggestions: all,
                }));
            }
            Some(Ok(b)) => b,
            _ => match readings.read(second) {
                Ok(b) => b,
                // "scale web to 3 and watch the rollout": a change, then a
                // look not read alone. Were the sentence read whole as
                // another verb (the look), the change would be dropped
                // without a word; it is asked back, the change offered.
                Err(_) => match change_lost(text, &a, readings) {
                    Some(asked) => return Some(asked),
                    None => continue,
                },
            },
        };
        // "drain node-1 and wait for the pods to be evicted", "restart api
        // and watch the rollout": a look after a change, which the
        // change's preview and result answer; asked back only where the
        // sentence read whole would drop the change.
        if a.op.risk() != kubechat_core::Risk::Read
            && b.op.risk() == kubechat_core::Risk::Read
            && first.is_some_and(|w| matches!(w, "watch" | "wait" | "monitor" | "follow" | "check"))
        {
            match change_lost(text, &a, readings) {
                Some(asked) => return Some(asked),
                None => continue,
            }
        }
        // "list pods and show their ips", "get pods and sort them by age":
        // the second part says more about the same read.
        let refines = a.op.verb == b.op.verb
            && a.op.resource == b.op.resource
            && (a.op.name.is_none() || b.op.name.is_none() || a.op.name == b.op.name);
        // Two reads: the second is a follow-up asked next, nothing lost by
        // answering the sentence as read; a change is never mixed or lost.
        let reads =
            a.op.risk() == kubechat_core::Risk::Read && b.op.risk() == kubechat_core::Risk::Read;
        // "Close the terminal where the get command runs and delete …":
        // prose read as a weak order is no order of its own.
        let weak = a.confidence < 0.75 || b.confidence < 0.75;
        if refines || reads || weak {
            continue;
        }
        // "cordon node-1 and drain it": the drain, which cordons too.
        if distinct_changes(&[a.op.clone(), b.op.clone()]) == 1 {
            return Some(Ok(if b.op.verb == kubechat_core::Verb::Drain {
                b
            } else {
                a
            }));
        }
        return Some(Err(Error::NotUnderstood {
            reason: "this asks for two things; ask for one at a time".into(),
            suggestions: vec![
                kubechat_core::kubectl::render(&a.op),
                kubechat_core::kubectl::render(&b.op),
            ],
        }));
    }
    None
}

/// "v2", "v1.2.3", "V10": a version said, no object.
pub(crate) fn version_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    w.len() > 1
        && (w.starts_with('v') || w.starts_with('V'))
        && w[1..].starts_with(|c: char| c.is_ascii_digit())
        && w[1..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// "delete pod web-1 in prod and pod web-2 in staging", "restart api in
/// prod then in staging": each part of the sentence says its own
/// namespace, and one operation runs in one; the other would be dropped
/// without a word.
fn namespaces_of_parts(text: &str, op: &kubechat_core::Operation) -> Result<()> {
    let lower = text.to_lowercase();
    // (A place said, and a joiner: most requests are passed on the first
    // look.)
    let places = lower.matches(" in ").count()
        + lower.matches(" from ").count()
        + lower.matches("-n ").count()
        + lower.matches("namespace").count()
        + lower.matches(" ns ").count();
    // (A change, in one sentence: a read shows where it looked, and the
    // sentences of a longer text are read apart.)
    if places < 1
        || op.risk() == kubechat_core::Risk::Read
        || [". ", "! ", "? ", ";", "\n"]
            .iter()
            .any(|end| lower.contains(end))
        || (!lower.contains(" and ") && !lower.contains(", ") && !lower.contains(" then "))
    {
        return Ok(());
    }
    let mut said: Vec<Namespace> = Vec::new();
    let mut rest = lower.as_str();
    loop {
        let cut = [" and ", ", ", " then "]
            .iter()
            .filter_map(|j| rest.find(j).map(|k| (k, j.len())))
            .min();
        let part = cut.map_or(rest, |(k, _)| &rest[..k]);
        // (Said with its cue, or ending the part, as "… in staging"
        // does: "in advance of the sale" places nothing.)
        // ("pod web-2 from staging": the frame places what the scope
        // reader alone does not.)
        let placed = frame::place_read(part).or_else(|| {
            (part.contains(" from ") || part.contains(" out of "))
                .then(|| frame::read(part).ok().and_then(|r| r.op.namespace))
                .flatten()
        });
        if let Some(ns) = placed
            && !frame::in_idiom(ns.as_str())
            && (part
                .trim_end_matches(['.', '!', '?', ' '])
                .ends_with(ns.as_str())
                || frame::namespace_said(part).is_some())
            && !said.contains(&ns)
        {
            said.push(ns);
        }
        match cut {
            Some((k, len)) => rest = &rest[k + len..],
            None => break,
        }
    }
    // "delete pod web-1 from prod and pod web-2": a namespace said for
    // one part, and the reading of the whole places none.
    if let [one] = said.as_slice()
        && places >= 1
        && op.namespace.is_none()
        && !op.all_namespaces
        && op.resource.builtin().is_none_or(|b| b.namespaced)
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "{one} is said as the namespace of one part of this, and the request as read runs in none; say the namespace for all of it"
            ),
            suggestions: Vec::new(),
        });
    }
    if let [a, b, ..] = said.as_slice() {
        let mut suggestions = Vec::new();
        for ns in [a, b] {
            let mut there = op.clone();
            there.namespace = Some(ns.clone());
            suggestions.push(kubechat_core::kubectl::render(&there));
        }
        return Err(Error::NotUnderstood {
            reason: format!(
                "a request runs in one namespace, and this names {a} and {b}; ask for each"
            ),
            suggestions: if op.names().count() > 1 {
                Vec::new()
            } else {
                suggestions
            },
        });
    }
    Ok(())
}

/// "scale web to 3 and watch the rollout": the change `a` said first and
/// something after it that is no order of its own. Were the sentence
/// read whole as another verb (the look), the change would be dropped
/// without a word: it is asked back, the change offered.
fn change_lost(
    text: &str,
    a: &frame::Reading,
    readings: &mut Readings,
) -> Option<Result<frame::Reading>> {
    if a.op.risk() == kubechat_core::Risk::Read || a.confidence < 0.75 {
        return None;
    }
    let whole = readings.read(text).ok()?;
    (whole.op.verb != a.op.verb).then(|| {
        Err(Error::NotUnderstood {
            reason: if whole.op.risk() == kubechat_core::Risk::Read {
                "this asks for two things, a change and then a look at it; ask for the change alone (its preview and result show how it went)".into()
            } else {
                "this asks for two things; ask for one at a time".into()
            },
            suggestions: vec![kubechat_core::kubectl::render(&a.op)],
        })
    })
}

/// `second` with "it" or "the TYPE" standing for the object `first`
/// names ("drain it" after "cordon node-1": "drain node node-1"); `None`
/// when it says neither, or `first` names no one object.
fn carry_object(second: &str, first: &Operation) -> Option<String> {
    let name = first.name.as_ref()?;
    let singular = first.resource.builtin()?.singular;
    // "describe deploy web -n edge, then scale it to 5": the object
    // carried where it lives, unless the second order says a place.
    let lower = second.to_ascii_lowercase();
    let placed = lower.split_whitespace().any(|w| {
        matches!(w, "-n" | "ns" | "namespace" | "--namespace") || w.starts_with("--namespace=")
    });
    let object = match first.namespace.as_ref().filter(|_| !placed) {
        Some(ns) => format!("{singular} {name} in namespace {ns}"),
        None => format!("{singular} {name}"),
    };
    // Where a word ends before its punctuation ("it," -> 2).
    let bare_end = |w: &str| w.trim_end_matches([',', '.', '?', '!', ';']).len();
    let words: Vec<&str> = second.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    let mut carried = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let end = bare_end(w);
        let next = words.get(i + 1).copied().unwrap_or_default();
        let next_end = bare_end(next);
        if !carried && w[..end].eq_ignore_ascii_case("it") {
            out.push(format!("{object}{}", &w[end..]));
            carried = true;
        } else if !carried
            && w.eq_ignore_ascii_case("the")
            && next[..next_end].eq_ignore_ascii_case(singular)
        {
            out.push(format!("{object}{}", &next[next_end..]));
            carried = true;
            i += 1;
        } else {
            out.push(w.to_owned());
        }
        i += 1;
    }
    carried.then(|| out.join(" "))
}

/// "Inspect the cluster in shop. I need the HPAs that break our rules. …
/// Check the HPAs and Deployments in shop": a later list of the same
/// objects and more says what to read more fully than the first.
fn widens(before: &Operation, after: &Operation) -> bool {
    before.verb == kubechat_core::Verb::Get
        && after.verb == kubechat_core::Verb::Get
        && after.is_multi_kind()
        && before.name.is_none()
        && after.name.is_none()
        && before.selector == after.selector
        && before.all_namespaces == after.all_namespaces
        && before
            .namespace
            .as_ref()
            .is_none_or(|n| after.namespace.as_ref() == Some(n))
        && before.kinds().all(|k| after.kinds().any(|a| a == k))
}

/// Whether `after` reads the object `before` reads, with the same verb,
/// and says no output format where `before` says one.
fn said_again_less(before: &Operation, after: &Operation) -> bool {
    after.risk() == kubechat_core::Risk::Read
        && before.verb == after.verb
        && before.resource == after.resource
        && before.name.is_some()
        && before.name == after.name
        && (after.namespace.is_none() || before.namespace == after.namespace)
        && before.params.output.is_some()
        && after.params.output.is_none()
}

/// How a reading ranks among the sentences' readings.
fn rank(r: &frame::Reading) -> f64 {
    r.confidence + if r.explicit_type { 0.5 } else { 0.0 } + if r.explicit_verb { 0.5 } else { 0.0 }
}

/// "check if my user is allowed to create deployments", "can my account
/// list secrets": the person's own rights, said as "I".
fn own_identity(text: &str) -> std::borrow::Cow<'_, str> {
    const SAID: &[(&str, &str)] = &[
        ("is my user ", "am I "),
        ("is my account ", "am I "),
        ("my user is ", "I am "),
        ("my account is ", "I am "),
        ("can my user ", "can I "),
        ("can my account ", "can I "),
        ("my user can ", "I can "),
        ("my account can ", "I can "),
        ("does my user have ", "do I have "),
        ("does my account have ", "do I have "),
    ];
    let lower = text.to_lowercase();
    if !lower.contains("my user ") && !lower.contains("my account ") {
        return text.into();
    }
    // Lower-casing these words moves no bytes: the places found in
    // `lower` are the text's (anything else is left as written).
    if lower.len() != text.len() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'scan: while i < text.len() {
        let at_word = i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
        if at_word {
            for (from, to) in SAID {
                if lower[i..].starts_with(from) {
                    out.push_str(to);
                    i += from.len();
                    continue 'scan;
                }
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out.into()
}

/// "In namespace mars, create a deployment named rover …", "In the
/// billing namespace, list …": the place said first, as a clause of its
/// own, is said again at the end of the order it opens, where every
/// frame reads a namespace (read alone, the clause asked for the
/// namespace itself: "two things").
fn namespace_first(text: &str) -> std::borrow::Cow<'_, str> {
    let Some((head, rest)) = text.split_once(", ") else {
        return text.into();
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let ns = match words.as_slice() {
        [i, n, ns] if i.eq_ignore_ascii_case("in") && n.eq_ignore_ascii_case("namespace") => *ns,
        [i, the, ns, n]
            if i.eq_ignore_ascii_case("in")
                && the.eq_ignore_ascii_case("the")
                && n.eq_ignore_ascii_case("namespace") =>
        {
            *ns
        }
        // "In the namespace called `growth-exp`, please restart …".
        [i, the, n, called, ns]
            if i.eq_ignore_ascii_case("in")
                && the.eq_ignore_ascii_case("the")
                && n.eq_ignore_ascii_case("namespace")
                && (called.eq_ignore_ascii_case("called")
                    || called.eq_ignore_ascii_case("named")) =>
        {
            *ns
        }
        _ => return text.into(),
    };
    let ns = ns.trim_matches(['\'', '"', '`']);
    // Only before an order ("In namespace default, Deployment web
    // exists …" tells).
    let ordered = rest
        .split_whitespace()
        .find(|w| !w.eq_ignore_ascii_case("please"))
        .is_some_and(|w| crate::words::VERB_WORDS.contains(w.to_lowercase().as_str()));
    if Namespace::parse(ns).is_err() || !ordered {
        return text.into();
    }
    // The end of the order's sentence ("… replicas. Then verify …").
    let end = rest
        .find(". ")
        .or_else(|| rest.find("? "))
        .unwrap_or_else(|| rest.trim_end().len());
    let (order, after) = rest.split_at(end);
    let order = order.trim_end_matches(['.', '!', '?', ' ']);
    let after = after.trim_start_matches(['.', '!', '?']);
    format!("{order} in namespace {ns}.{after}").into()
}

/// "is the cert-manager webhook responding? ns cert-manager", "what
/// changed in the last rollouts of pricing-api? namespace pricing": the
/// namespace said last, as a sentence of its own, is where the question
/// before it looks; read alone it would be a request for the Namespace
/// object. Only where the rest says no namespace of its own.
fn namespace_last(text: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = text.trim_end_matches(['.', '!', '?', ' ']);
    let Some(at) = [". ", "? ", "! ", ", ", "; ", " - "]
        .iter()
        .filter_map(|sep| trimmed.rfind(sep).map(|i| (i, sep.len())))
        .max_by_key(|(i, _)| *i)
    else {
        return text.into();
    };
    let (head, tail) = (&trimmed[..at.0], &trimmed[at.0 + at.1..]);
    let words: Vec<&str> = tail.split_whitespace().collect();
    let ns = match words.as_slice() {
        [n, ns] | [_, n, ns]
            if matches!(n.to_lowercase().as_str(), "ns" | "namespace")
                && (words.len() == 2 || words[0].eq_ignore_ascii_case("in")) =>
        {
            ns.trim_matches(['\'', '"', '`'])
        }
        _ => return text.into(),
    };
    let Ok(ns) = Namespace::parse(ns) else {
        return text.into();
    };
    let head_end = head.trim_end_matches(['.', '!', '?', ' ']);
    let punct = &head[head_end.len()..].trim();
    // "delete pod web in staging. in ns prod": a place of its own, said
    // with or without a marker, and another last — both written with
    // the marker, so the request is asked back for the one it means.
    match frame::namespace_read(head) {
        Some(own) if own != ns => {
            format!("{head_end} in namespace {own} in namespace {ns}{punct}").into()
        }
        Some(_) => format!("{head_end}{punct}").into(),
        None => format!("{head_end} in namespace {ns}{punct}").into(),
    }
}

/// "label the node worker-7 with zone equals east", "pods with label
/// app equals web": a label said aloud, written `KEY=VALUE`. Only where
/// labels or annotations are spoken of ("where replicas equals 3" is a
/// condition, not a label).
fn equals_said(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(" equals ") {
        return text.into();
    }
    let lower = text.to_lowercase();
    if !["label", "annotat", "selector"]
        .iter()
        .any(|t| lower.contains(t))
    {
        return text.into();
    }
    let key_like = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
            && !crate::words::STOP_SET.contains(w.to_ascii_lowercase().as_str())
    };
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if words.get(i + 1) == Some(&"equals")
            && key_like(words[i])
            && let Some(v) = words.get(i + 2)
        {
            let core = v.trim_end_matches(['.', ',', ';', '!', '?']);
            let value = core.trim_matches(['\'', '"', '`']);
            if key_like(value) {
                out.push(format!("{}={value}{}", words[i], &v[core.len()..]));
                i += 3;
                continue;
            }
        }
        out.push(words[i].to_owned());
        i += 1;
    }
    out.join(" ").into()
}

/// Whether `text` holds `needle` (ASCII lower case), in any case,
/// without a lower-cased copy.
fn contains_ignore_case(text: &str, needle: &str) -> bool {
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    let Some(last) = h.len().checked_sub(n.len()) else {
        return false;
    };
    // (Only where the first letter matches, found by memchr: most
    // requests hold few of them.)
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &h[..=last],
    )
    .any(|i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// "patch service web so that its type becomes NodePort": the type
/// wanted, said as a purpose, is the change's own ("… to type NodePort");
/// cut off as a clause of its own, the order would lose it.
fn service_type_said(text: &str) -> std::borrow::Cow<'_, str> {
    const KINDS: [&str; 3] = ["clusterip", "nodeport", "loadbalancer"];
    // (Looked for without a copy: this runs on every request.)
    if !KINDS.iter().any(|k| contains_ignore_case(text, k)) {
        return text.into();
    }
    let lower = text.to_ascii_lowercase();
    for lead in [
        ", so that its type becomes ",
        " so that its type becomes ",
        ", so that its type is ",
        " so that its type is ",
        " so its type becomes ",
        " so its type is ",
        " so that it becomes a ",
        " so it becomes a ",
    ] {
        if let Some(at) = lower.find(lead)
            && let Some(kind) = KINDS
                .iter()
                .find(|k| lower[at + lead.len()..].starts_with(*k))
        {
            let end = at + lead.len() + kind.len();
            // (ASCII lower case keeps the byte offsets of `text`.)
            return format!(
                "{} to type {}{}",
                &text[..at],
                &text[at + lead.len()..end],
                &text[end..]
            )
            .into();
        }
    }
    text.into()
}

/// A field [`fields_said`] reads, and how it is written back: `-n` for
/// the namespace, `container`, or (`None`) the type word itself.
fn field_written(field: &str) -> Option<Option<&'static str>> {
    match field {
        "namespace" | "ns" => Some(Some("-n")),
        "container" => Some(Some("container")),
        "pod" | "deployment" | "deploy" | "node" | "service" | "svc" | "statefulset"
        | "daemonset" | "job" | "cronjob" | "configmap" | "secret" | "replicaset" | "ingress"
        | "pvc" => Some(None),
        _ => None,
    }
}

/// "Pod: web-67d, container: envoy", "deployment = log-shipper,
/// namespace = observability", "(namespace: notify)": the object, its
/// container and namespace given as fields after a question asked in
/// general terms ("How do I view the logs of a container in a pod?").
/// Written the way the frame reads them ("pod web-67d", "-c envoy",
/// "-n notify"). Only a field at the start of the text or after a break,
/// with a value written as a Kubernetes name (lower case), so "Status:
/// Running" or "Task: …" stay as they are.
fn fields_said(text: &str) -> std::borrow::Cow<'_, str> {
    // ("pod is app-0": a field's word right before " is ".)
    let told = || {
        memchr::memmem::find_iter(text.as_bytes(), b" is ").any(|at| {
            let before = text[..at].rsplit(' ').next().unwrap_or_default();
            field_written(&before.trim_start_matches('(').to_ascii_lowercase()).is_some()
        })
    };
    if !text.contains(':') && !text.contains(" = ") && !told() {
        return text.into();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let name_like = |v: &str| {
        let v = v.trim_end_matches([',', '.', ';', '?', '!', ')']);
        let v = v.trim_matches(['\'', '"', '`']);
        !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.'))
            && v.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
    };
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut changed = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let open = w.starts_with('(');
        let head = w.trim_start_matches('(');
        let at_break = i == 0
            || open
            || words[i - 1].ends_with([',', '.', '?', '!', ';', ':'])
            || words[i - 1].eq_ignore_ascii_case("and");
        // ("… ? pod is app-0, init container migrate": a field told with
        // "is", only of a value shaped as a name — "pod is stuck" tells
        // its state.)
        let told = words.get(i + 1) == Some(&"is")
            && words.get(i + 2).is_some_and(|v| {
                let v = v.trim_end_matches([',', '.', ';', '?', '!', ')']);
                v.contains('-') || v.bytes().any(|b| b.is_ascii_digit())
            });
        let (field, value_at) = match head.strip_suffix(':') {
            Some(f) => (f, i + 1),
            None if words.get(i + 1) == Some(&"=") => (head, i + 2),
            None if told => (head, i + 2),
            None => ("", i),
        };
        let field = field.to_ascii_lowercase();
        let Some(written) = field_written(&field) else {
            out.push(w.to_owned());
            i += 1;
            continue;
        };
        match words.get(value_at) {
            Some(v) if at_break && name_like(v) => {
                let kind = written.map_or(field.clone(), str::to_owned);
                out.push(format!("{}{kind} {v}", if open { "(" } else { "" }));
                changed = true;
                i = value_at + 1;
            }
            _ => {
                out.push(w.to_owned());
                i += 1;
            }
        }
    }
    if changed {
        out.join(" ").into()
    } else {
        text.into()
    }
}

/// "restart api -n=payments", "ns=payments restart api": the namespace
/// written as a pair, which would otherwise be read as a label selector
/// ("-l ns=payments") and the default namespace used. (A pair after "-l",
/// "label" or "with" stays a selector.)
fn namespace_pair(text: &str) -> std::borrow::Cow<'_, str> {
    let text = rewritten(text.into(), topic_first);
    let text = rewritten(text, environment_place);
    let text = rewritten(text, bracketed_namespace);
    rewritten(text, namespace_pair_said)
}

/// `text` as `step` rewrites it, or `text` itself where the step leaves
/// it as it is (no copy).
fn rewritten<'a>(
    text: std::borrow::Cow<'a, str>,
    step: impl Fn(&str) -> std::borrow::Cow<'_, str>,
) -> std::borrow::Cow<'a, str> {
    match step(&text) {
        std::borrow::Cow::Owned(o) => o.into(),
        std::borrow::Cow::Borrowed(_) => text,
    }
}

/// A word the lexicons hold (a stop, function, verb, prose or known word,
/// a word never a name, or a type): in a place where a name or a
/// namespace may stand, it is more likely English.
fn lexicon_word(w: &str) -> bool {
    crate::words::STOP_SET.contains(w)
        || crate::words::NOT_NAMES_SET.contains(w)
        || crate::words::PROSE_SET.contains(w)
        || crate::words::KNOWN_SET.contains(w)
        || crate::words::FUNCTION_SET.contains(w)
        || crate::words::VERB_WORDS.contains(w)
        || kubechat_core::resources::lookup(w).is_some()
}

/// "web - restart pls", "ledger (prod) -> scale to 6", "api in shop:
/// restart": chat names the object first, then the order with no object
/// of its own; the order is read with the object put back after its verb
/// (one line, one name-shaped object, one change verb).
fn topic_first(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim();
    // (A chat line: short, one line.)
    if t.len() > 160 || t.contains('\n') {
        return text.into();
    }
    // ("web (staging) restart pls", "web -n staging restart": the place
    // said between, and no mark.)
    let unmarked = || {
        let ws: Vec<&str> = t.split_whitespace().take(4).collect();
        let verb_at = match ws.as_slice() {
            [_, p, ..] if p.starts_with('(') && p.ends_with(')') => 2,
            [_, "-n", _, ..] => 3,
            _ => 0,
        };
        (verb_at > 0
            && ws.get(verb_at).is_some_and(|v| {
                crate::words::CHANGE_WORDS.contains(&v.to_ascii_lowercase().as_str())
            }))
        .then(|| {
            // (Where the verb starts in the line, whatever the spaces.)
            let verb = ws[verb_at];
            (verb.as_ptr() as usize - t.as_ptr() as usize, "")
        })
    };
    let Some((at, sep)) = [" -> ", " => ", ": ", " — ", " - ", ", "]
        .iter()
        .filter_map(|sep| t.find(sep).map(|at| (at, *sep)))
        .min()
        .or_else(unmarked)
    else {
        return text.into();
    };
    let head: Vec<&str> = t[..at].split_whitespace().collect();
    let rest = t[at + sep.len()..].trim();
    let Some((name, place)) = head.split_first() else {
        return text.into();
    };
    let name = name.trim_matches(['`', '\'', '"']);
    let lexical =
        |w: &str| lexicon_word(w) || frame::ENVIRONMENTS.contains(&w) || INTERJECTIONS.contains(&w);
    let name_shaped = name.len() >= 2
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && name.as_bytes()[0].is_ascii_lowercase()
        && !name.ends_with('-')
        && !lexical(name);
    // The place: "-n shop", "in shop", "(shop)", or nothing.
    let place = match place {
        [] => Some(String::new()),
        ["-n" | "in", ns] => Some(format!(" -n {}", ns.trim_matches(['(', ')']))),
        [ns] if ns.starts_with('(') && ns.ends_with(')') => {
            Some(format!(" -n {}", ns.trim_matches(['(', ')'])))
        }
        _ => None,
    };
    let mut rest_words = rest.split_whitespace();
    let verb = rest_words.next().unwrap_or_default();
    // The order and nothing else but a count and courtesy ("restart pls",
    // "scale to 6"): "restart done", "restart not needed", "delete later"
    // tell or weigh a change, and stay as written.
    let bare_order = crate::words::CHANGE_WORDS.contains(&verb.to_ascii_lowercase().as_str())
        && !verb.ends_with("ing")
        && rest.split_whitespace().skip(1).all(|w| {
            let w = w.trim_end_matches(['.', '!']).to_ascii_lowercase();
            matches!(
                w.as_str(),
                "pls"
                    | "please"
                    | "plz"
                    | "now"
                    | "asap"
                    | "again"
                    | "it"
                    | "to"
                    | "replicas"
                    | "up"
                    | "down"
                    | "quickly"
                    | "thanks"
                    | "thx"
                    | "🙏"
            ) || (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        });
    // (A plain word before a colon may be a heading: "incident:
    // restart"; with its place, or shaped as a name, it is the object.)
    let plain_heading = sep == ": "
        && place.as_deref() == Some("")
        && !name.contains('-')
        && !name.bytes().any(|b| b.is_ascii_digit());
    match place {
        Some(place) if name_shaped && bare_order && !plain_heading => {
            // ("checkout - restart it": "it" is the object named first.)
            let after: Vec<&str> = rest_words
                .filter(|w| !trim_word(w).eq_ignore_ascii_case("it"))
                .collect();
            format!("{verb} {name} {}{place}", after.join(" "))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        }
        _ => text.into(),
    }
}

/// "prod: restart payments", "ledger (prod) -> scale to 6": an
/// environment's name said as a heading, or in brackets after a name, is
/// where (as "in prod" is), in a request that says no namespace
/// otherwise.
fn environment_place(text: &str) -> std::borrow::Cow<'_, str> {
    // (Most requests have neither a heading nor a bracket.)
    let heading = text.get(..16).unwrap_or(text).contains(": ");
    if !heading && !text.contains(" (") {
        return text.into();
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("namespace") || lower.contains("-n ") || lower.contains(" ns ") {
        return text.into();
    }
    let env = |w: &str| frame::ENVIRONMENTS.contains(&w);
    // The heading: one word and a colon, then the order.
    if let Some((head, rest)) = text.split_once(": ")
        && env(&head.trim().to_ascii_lowercase())
        && !rest.trim().is_empty()
        && !rest.contains('\n')
    {
        return format!(
            "{} in namespace {}",
            rest.trim_end(),
            head.trim().to_ascii_lowercase()
        )
        .into();
    }
    // In brackets right after a name ("web (staging) restart").
    let words: Vec<&str> = text.split(' ').collect();
    let found = words.iter().enumerate().skip(1).find_map(|(i, w)| {
        let inner = w
            .strip_prefix('(')?
            .trim_end_matches([',', '.', ';', ':', '?', '!'])
            .strip_suffix(')')?
            .to_ascii_lowercase();
        let before = words[i - 1].trim_matches(['`', '\'', '"']);
        // ("which node is payments-db-0 on (prod)": or ending the line.)
        (env(&inner)
            && (i + 1 == words.len()
                || (before.len() > 1
                    && before
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && kubechat_core::resources::lookup(before).is_none()
                    && !crate::words::STOP_SET.contains(before))))
        .then_some((i, inner))
    });
    let Some((i, inner)) = found else {
        return text.into();
    };
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    let tail = words[i].rsplit(')').next().unwrap_or_default();
    out[i] = format!("-n {inner}{tail}");
    out.join(" ").into()
}

/// "logs of pod kafka-connect-1 (streaming)", "restart deploy api
/// (prod)": one bare word in brackets right after an object's name, in a
/// request that says no namespace otherwise, is the namespace (as chat
/// writes it); a word of English, a state or a type in brackets is not
/// ("(again)", "(pending)", "(statefulset)").
fn bracketed_namespace(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(" (") {
        return text.into();
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("namespace") || lower.contains("-n ") || lower.contains(" ns") {
        return text.into();
    }
    let lexical = |w: &str| {
        lexicon_word(w) || crate::words::SYMPTOMS.contains(&w) || crate::words::FAILING.contains(&w)
    };
    let name_like = |w: &str| {
        w.len() >= 2
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && w.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && !w.ends_with('-')
    };
    let words: Vec<&str> = text.split(' ').collect();
    let found = words.iter().enumerate().skip(2).find_map(|(i, w)| {
        let inner = w
            .strip_prefix('(')?
            .trim_end_matches([',', '.', ';', ':', '?', '!'])
            .strip_suffix(')')?;
        let before = words[i - 1].to_ascii_lowercase();
        // The name is one a type said before it ("pod kafka-connect-1").
        let typed = kubechat_core::resources::lookup(
            words[i - 2]
                .to_ascii_lowercase()
                .trim_start_matches(['(', '`', '\'', '"']),
        )
        .is_some();
        // Or the type said after the name: "data-processor job (job-test)".
        // (As written: "CoreDNS service (kube-dns)" names a product.)
        let name = words[i - 2].trim_matches(['(', '`', '\'', '"']);
        let typed_after = kubechat_core::resources::lookup(before.trim_matches(['`', '\'', '"']))
            .is_some()
            && name_like(name)
            && !lexical(name);
        // (Beside a typed name, a word of the lexicon is a namespace too —
        // "pod kafka-connect-1 (streaming)" — unless it says a state.)
        let state = |w: &str| {
            matches!(
                w,
                "pending"
                    | "running"
                    | "failed"
                    | "failing"
                    | "crashing"
                    | "stuck"
                    | "terminating"
                    | "completed"
                    | "evicted"
                    | "ready"
                    | "notready"
                    | "oomkilled"
                    | "error"
                    | "unknown"
                    | "again"
                    | "urgent"
                    | "please"
                    | "asap"
                    | "overwrite"
                    | "force"
                    | "maybe"
                    | "optional"
            )
        };
        let typed_name =
            typed && name_like(before.trim_matches(['`', '\'', '"'])) && !lexical(&before);
        // ("rollout history of ledger-api (finance)": a made name, its
        // type left to the verb, and the bracket ending the line.)
        let made_name = i + 1 == words.len()
            && name_like(&before)
            && before.contains(|c: char| c == '-' || c.is_ascii_digit())
            && !lexical(&before)
            && !state(inner);
        // ("whats wrong w/ cronjob nightly-backup, hasnt run since
        // tuesday (ops)": ending a look at an object typed and named
        // before; a change is asked back by its hold instead.)
        let ends_a_look = i + 1 == words.len()
            && !lexical(inner)
            && !state(inner)
            && words[..i].windows(2).any(|p| {
                kubechat_core::resources::lookup(&p[0].to_ascii_lowercase()).is_some()
                    && name_like(p[1].trim_end_matches([',', '.']))
                    && p[1].contains(|c: char| c == '-' || c.is_ascii_digit())
            })
            && !frame::asks_for_change(text);
        ((typed_name || typed_after || made_name || ends_a_look)
            && name_like(inner)
            && (!lexical(inner)
                || (typed_name && name_like(&before) && before.contains('-') && !state(inner))))
        .then_some(i)
    });
    let Some(i) = found else {
        return text.into();
    };
    let w = words[i];
    let close = w.rfind(')').unwrap_or(w.len());
    let mut out = words[..i].join(" ");
    out.push_str(" -n ");
    out.push_str(&w[1..close]);
    out.push_str(&w[close + 1..]);
    for rest in &words[i + 1..] {
        out.push(' ');
        out.push_str(rest);
    }
    out.into()
}

fn namespace_pair_said(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("-n=")
        && !text.contains("ns=")
        && !text.contains("namespace=")
        && !text.contains("namespace:")
        && !text.contains("ns:")
    {
        return text.into();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut changed = false;
    let out: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let selector = i.checked_sub(1).is_some_and(|b| {
                matches!(
                    words[b].to_ascii_lowercase().as_str(),
                    "-l" | "--selector" | "label" | "labels" | "with" | "selector"
                )
            });
            // ("(ns=alerts)", "[namespace:prod],": the pair inside
            // brackets, the brackets kept.)
            let inner = w.trim_start_matches(['(', '[']);
            let value = ["-n=", "ns=", "namespace=", "namespace:", "ns:"]
                .iter()
                .find_map(|p| inner.strip_prefix(p))
                .filter(|v| !v.is_empty() && !selector);
            match value {
                Some(v) => {
                    changed = true;
                    format!("{}-n {v}", &w[..w.len() - inner.len()])
                }
                None => (*w).to_owned(),
            }
        })
        .collect();
    if changed {
        out.join(" ").into()
    } else {
        text.into()
    }
}

/// "a ConfigMap … with the key APP_MODE set to production", "key
/// LOG_LEVEL with value debug": a key and its value said in words, written
/// `KEY=VALUE` as the frame reads a literal. Only where a ConfigMap or
/// Secret is spoken of (elsewhere "key" is a label's or a taint's).
/// "Set label 'status' to 'degraded' on pod cache-3", "Attach the label
/// disktype=ssd to the node named worker-ssd-1": a label put on in other
/// words, said as "add the label KEY=VALUE", which the rules read. `None`
/// where none is said so.
/// "take deployment old-checkout in shop down to zero": a scale down to
/// the count said, the object between ("take it down" alone, or "take
/// web down for maintenance", is no count and is left as said).
fn take_down_said(text: String) -> String {
    if !contains_ignore_case(&text, "down to ") {
        return text;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let Some(take) = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("take") || w.eq_ignore_ascii_case("bring"))
    else {
        return text;
    };
    let Some(down) = (take + 2..(take + 8).min(words.len())).find(|&k| {
        words[k].eq_ignore_ascii_case("down")
            && words
                .get(k + 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("to"))
            && words.get(k + 2).is_some_and(|n| {
                let n = n.trim_end_matches(['.', ',', '!', ';']);
                (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    || ["zero", "one", "two", "three"]
                        .iter()
                        .any(|c| n.eq_ignore_ascii_case(c))
            })
    }) else {
        return text;
    };
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    out.extend_from_slice(&words[..take]);
    out.push("scale");
    out.extend_from_slice(&words[take + 1..down]);
    out.extend_from_slice(&words[down + 1..]);
    out.join(" ")
}

/// "Cut that in half", "cut the replica count of web in half", "cut it
/// by half": half of what runs, read as "scale … down by 50%" ("cut"
/// was read as a deployment's name, and the scale aimed at it).
fn halved_said(text: String) -> String {
    if !contains_ignore_case(&text, "cut ")
        || !(contains_ignore_case(&text, " in half") || contains_ignore_case(&text, " by half"))
    {
        return text;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    // (Opening its sentence: "web runs 8 pods in shop, cut that in half"
    // is read whole by the scale's own words.)
    let Some(cut) = (0..words.len()).find(|&k| {
        lower[k] == "cut" && (k == 0 || words[k - 1].ends_with(['.', '!', '?', ':', ';']))
    }) else {
        return text;
    };
    let Some(half) = (cut + 1..words.len().min(cut + 10)).find(|&k| {
        matches!(lower[k].as_str(), "in" | "by")
            && lower
                .get(k + 1)
                .is_some_and(|h| h.trim_end_matches(['.', ',', '!', ';', '?']) == "half")
    }) else {
        return text;
    };
    // What is cut is a count: "it", "that", a type, replicas, a name
    // ("cut the cost in half" is no scale).
    let counted = lower[cut + 1..half].iter().any(|w| {
        let w = trim_word(w);
        matches!(
            w,
            "it" | "that" | "this" | "them" | "replicas" | "replica" | "pods" | "count" | "number"
        ) || frame::type_word(w)
            || (w.contains('-') || w.bytes().any(|b| b.is_ascii_digit()))
    });
    if !counted {
        return text;
    }
    // (Its end of sentence kept: "… in half.")
    let tail = &words[half + 1][4..];
    let mut out: Vec<String> = words[..cut].iter().map(|w| (*w).to_owned()).collect();
    out.push("scale".into());
    // "that number", "the replica count of": what is cut is the count.
    let mut k = cut + 1;
    if matches!(lower[k].as_str(), "that" | "this" | "it")
        && lower.get(k + 1).is_some_and(|n| n == "number")
    {
        out.push("it".into());
        k += 2;
    }
    out.extend(words[k..half].iter().map(|w| (*w).to_owned()));
    out.push(format!("down by 50%{tail}"));
    out.extend(words[half + 2..].iter().map(|w| (*w).to_owned()));
    out.join(" ")
}

const CUE_BACK: u8 = 1;
const CUE_CUT: u8 = 2;
const CUE_LET: u8 = 4;
const CUE_DO: u8 = 8;

/// Which of the few-request rewrites' words `text` holds, found in one
/// pass: a bit per rewrite.
fn rewrite_cues(text: &str) -> u8 {
    const CUES: [(&str, u8); 7] = [
        ("back ", CUE_BACK),
        ("cut ", CUE_CUT),
        (" and let ", CUE_LET),
        ("do it", CUE_DO),
        ("do this", CUE_DO),
        ("do the following", CUE_DO),
        ("the ask", CUE_DO),
    ];
    static FOUND: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(CUES.iter().map(|(c, _)| c))
                .ok()
        });
    match FOUND.as_ref() {
        Some(f) => f
            .find_overlapping_iter(text)
            .fold(0, |bits, m| bits | CUES[m.pattern().as_usize()].1),
        // (Built from fixed words, it is always built; were it not, every
        // rewrite looks for its own words.)
        None => CUE_BACK | CUE_CUT | CUE_LET | CUE_DO,
    }
}

/// "anyone know if my creds let me delete pvcs?", "does anybody know why
/// web-1 restarts?", "do you know what image api runs?": a question put
/// to whoever reads, before the question itself (its words, left in,
/// were read as doubt).
fn asked_around_removed(text: &str) -> &str {
    const ASKED: &[&str] = &[
        "does anyone know ",
        "does anybody know ",
        "anyone know ",
        "anybody know ",
        "anyone knows ",
        "do you know ",
        "do u know ",
        "does someone know ",
        "someone know ",
    ];
    let t = text.trim_start();
    for a in ASKED {
        if let Some(head) = t.get(..a.len())
            && head.eq_ignore_ascii_case(a)
        {
            let rest = &t[a.len()..];
            let next = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if matches!(
                next.as_str(),
                "if" | "whether" | "why" | "what" | "which" | "where" | "how" | "who" | "when"
            ) {
                return rest;
            }
        }
    }
    text
}

/// "I was going to leave this for the morning shift but it's a 10 second
/// job, so please do it now: label node worker-40 with disktype=nvme":
/// what comes before "do it now:" tells why and when (now); the order is
/// after the colon (its words — "job", "shift" — were read as the object).
fn do_it_now_said(text: String) -> String {
    const LEADS: &[&str] = &[
        "do it now: ",
        "do it now please: ",
        "do this now: ",
        "do it: ",
        "do this: ",
        "do the following: ",
        "the ask is: ",
        "here's the ask: ",
        "here is the ask: ",
    ];
    // (Called only where [`rewrite_cues`] found one of the leads' words.)
    let lower = text.to_ascii_lowercase();
    let Some((at, lead)) = LEADS
        .iter()
        .filter_map(|l| lower.find(l).map(|at| (at, *l)))
        .min_by_key(|(at, _)| *at)
    else {
        return text;
    };
    let rest = &text[at + lead.len()..];
    // ("don't do it now: restart web after 6": no "now" said.)
    let negated = lower[..at]
        .split_whitespace()
        .rev()
        .take(3)
        .any(|w| matches!(w, "don't" | "dont" | "not" | "never" | "no"));
    if negated || rest.split_whitespace().count() < 3 {
        return text;
    }
    rest.to_owned()
}

/// "Delete it and let the replicaset replace it", "… and let k8s
/// reschedule it": what the controller then does of itself is no part of
/// the order (its type and its verb were read as the object: "delete
/// replicasets replace"). The clause is taken out up to its sentence's
/// end.
fn let_it_follow_said(text: String) -> String {
    if !contains_ignore_case(&text, " and let ") {
        return text;
    }
    const FOLLOWS: &[&str] = &[
        "replace",
        "recreate",
        "reschedule",
        "restart",
        "bring",
        "spin",
        "start",
        "create",
        "schedule",
        "handle",
        "pick",
        "take",
        "move",
        "heal",
        "rebuild",
    ];
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.match_indices(" and let ").map(|(i, _)| i).find(|&i| {
        lower[i + 9..]
            .split_whitespace()
            .take(5)
            .any(|w| FOLLOWS.contains(&w.trim_end_matches(['.', ',', '!', ';'])))
            && lower[i + 9..]
                .split_whitespace()
                .next()
                .is_some_and(|w| matches!(w, "the" | "its" | "k8s" | "kubernetes" | "it" | "their"))
    }) else {
        return text;
    };
    let end = lower[at..]
        .find(['.', '!', '?', ';', '\n'])
        .map_or(text.len(), |e| at + e);
    format!("{}{}", &text[..at], &text[end..])
}

/// "please put it back to 3", "bring deployment web back to 4",
/// "set checkout back down to 2": a count an object is returned to is a
/// scale to it, read as "scale … to N" (the verb is an order's: first
/// in its sentence or after "please", "and", "then", "just").
fn back_to_count_said(text: String) -> String {
    if !contains_ignore_case(&text, "back ")
        || (!contains_ignore_case(&text, "back to ")
            && !contains_ignore_case(&text, "back up to ")
            && !contains_ignore_case(&text, "back down to "))
    {
        return text;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let count = |w: &str| {
        let n = w.trim_end_matches(['.', ',', '!', ';', '?']);
        (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            || ["zero", "one", "two", "three", "four", "five", "six"].contains(&n)
    };
    let Some(back) = (1..words.len()).find(|&b| {
        lower[b] == "back"
            && match lower.get(b + 1).map(String::as_str) {
                Some("to") => lower.get(b + 2).is_some_and(|n| count(n)),
                Some("up" | "down") => {
                    lower.get(b + 2).is_some_and(|t| t == "to")
                        && lower.get(b + 3).is_some_and(|n| count(n))
                }
                _ => false,
            }
    }) else {
        return text;
    };
    let Some(verb) = (back.saturating_sub(6)..back).find(|&v| {
        matches!(
            lower[v].as_str(),
            "put" | "bring" | "set" | "take" | "get" | "return" | "move"
        ) && (v == 0
            || words[v - 1].ends_with(['.', ',', ';', ':', '!', '?'])
            || matches!(
                lower[v - 1].as_str(),
                "please" | "pls" | "plz" | "and" | "then" | "just" | "now"
            )
            // ("can you put it back to 3", not "you put it back to 3?").
            || (lower[v - 1] == "you"
                && v >= 2
                && matches!(lower[v - 2].as_str(), "can" | "could" | "would" | "will")))
    }) else {
        return text;
    };
    let skip = if matches!(lower[back + 1].as_str(), "up" | "down") {
        2
    } else {
        1
    };
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    out.extend_from_slice(&words[..verb]);
    out.push("scale");
    out.extend_from_slice(&words[verb + 1..back]);
    out.extend_from_slice(&words[back + skip..]);
    out.join(" ")
}

/// "Can system:serviceaccount:monitoring:prometheus list pods?": the
/// account's full user name said in prose is the service account and
/// its namespace, as the rights reader takes them.
fn account_said(text: String) -> String {
    const PREFIX: &str = "system:serviceaccount:";
    let Some(at) = text.find(PREFIX) else {
        return text;
    };
    let rest = &text[at + PREFIX.len()..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '?' | ',' | ')' | '`' | '\'' | '"'))
        .unwrap_or(rest.len());
    let Some((ns, name)) = rest[..end].split_once(':') else {
        return text;
    };
    if kubechat_core::Namespace::parse(ns).is_err()
        || kubechat_core::ResourceName::parse(name).is_err()
    {
        return text;
    }
    // (A quote or backtick around it goes with it.)
    let start = if text[..at].ends_with(['`', '\'', '"']) {
        at - 1
    } else {
        at
    };
    let after = at + PREFIX.len() + end;
    let after = if text[after..].starts_with(['`', '\'', '"']) {
        after + 1
    } else {
        after
    };
    format!(
        "{}serviceaccount {name} in namespace {ns}{}",
        &text[..start],
        &text[after..]
    )
}

fn label_said(text: &str) -> Option<String> {
    // (Most requests say no label: passed over without a copy.)
    if !contains_ignore_case(text, "label ") {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let low: Vec<String> = words
        .iter()
        .map(|w| w.to_ascii_lowercase().trim_start_matches('#').to_owned())
        .collect();
    let bare = |w: &str| w.trim_matches(['\'', '"', '`']).to_owned();
    let plain = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
    };
    for v in 0..words.len() {
        let verb = low[v].as_str();
        // "set the tier label on deploy reporting to backend", "overwrite
        // the env label of pod web-1 to prod": the key before "label",
        // the object after, the value last.
        if matches!(verb, "set" | "change" | "overwrite" | "update" | "switch")
            && let Some(key_at) = [v + 1, v + 2]
                .into_iter()
                .find(|&k| low.get(k + 1).map(String::as_str) == Some("label"))
            && (key_at == v + 1 || matches!(low[v + 1].as_str(), "the" | "its"))
            && plain(&bare(words[key_at]))
            && !matches!(low[key_at].as_str(), "the" | "a" | "its")
            && matches!(
                low.get(key_at + 2).map(String::as_str),
                Some("on" | "of" | "for")
            )
            && let Some(to) = (key_at + 4..words.len()).find(|&t| low[t] == "to")
            && let Some(value) = words
                .get(to + 1)
                .map(|w| bare(w.trim_end_matches(['.', ',', '!'])))
            && plain(&value)
        {
            let mut out: Vec<String> = words[..v].iter().map(|w| (*w).to_owned()).collect();
            out.push("label".to_owned());
            out.extend(words[key_at + 3..to].iter().map(|w| (*w).to_owned()));
            // (A value set anew replaces the old one; "set" is read as the
            // frame reads it elsewhere, without the flag.)
            let overwrite = if verb == "set" { "" } else { " --overwrite" };
            out.push(format!("{}={value}{overwrite}", bare(words[key_at])));
            out.extend(words[to + 2..].iter().map(|w| (*w).to_owned()));
            return Some(out.join(" "));
        }
        if !matches!(verb, "set" | "attach" | "apply" | "put" | "give" | "stick") {
            continue;
        }
        let mut k = v + 1;
        if matches!(low.get(k).map(String::as_str), Some("the" | "a")) {
            k += 1;
        }
        if low.get(k).map(String::as_str) != Some("label") {
            continue;
        }
        let mut out: Vec<String> = words[..v].iter().map(|w| (*w).to_owned()).collect();
        // "… label k=v …" after another verb than "add".
        if let Some(pair) = words.get(k + 1).filter(|w| w.contains('=')) {
            out.push(format!("add the label {pair}"));
            out.extend(words[k + 2..].iter().map(|w| (*w).to_owned()));
            return Some(out.join(" "));
        }
        // "set label 'status' to 'degraded'".
        if verb == "set"
            && let (Some(key), Some("to"), Some(value)) = (
                words.get(k + 1).map(|w| bare(w)),
                low.get(k + 2).map(String::as_str),
                words.get(k + 3).map(|w| bare(w)),
            )
            && plain(&key)
            && plain(&value)
        {
            out.push(format!("add the label {key}={value}"));
            out.extend(words[k + 4..].iter().map(|w| (*w).to_owned()));
            return Some(out.join(" "));
        }
    }
    None
}

fn key_values_said(text: &str) -> std::borrow::Cow<'_, str> {
    let lower = text.to_lowercase();
    if !["configmap", "config map", "secret"]
        .iter()
        .any(|t| lower.contains(t))
        || !lower.contains("key ")
    {
        return text.into();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
    let key_like = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut changed = false;
    while i < words.len() {
        if is(i, "key") && words.get(i + 1).is_some_and(|k| key_like(k)) {
            let k = words[i + 1];
            // The words between the key and its value.
            let joiner = [
                &["set", "to"][..],
                &["with", "value"][..],
                &["with", "the", "value"][..],
                &["equal", "to"][..],
                &["equals"][..],
                &["="][..],
                &["and", "value"][..],
            ]
            .into_iter()
            .find(|j| j.iter().enumerate().all(|(n, w)| is(i + 2 + n, w)));
            if let Some(j) = joiner
                && let Some(v) = words.get(i + 2 + j.len())
            {
                let core = v.trim_end_matches(['.', ',', ';', '!']);
                let tail = &v[core.len()..];
                let value = core.trim_matches(['\'', '"', '`']);
                if !value.is_empty() && !value.contains(char::is_whitespace) {
                    // "the key …": the article goes with it.
                    if out.last().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                        out.pop();
                    }
                    out.push(format!("{k}={value}{tail}"));
                    i += 3 + j.len();
                    changed = true;
                    continue;
                }
            }
        }
        out.push(words[i].to_owned());
        i += 1;
    }
    if changed {
        out.join(" ").into()
    } else {
        text.into()
    }
}

/// `text` without "dry run" / "dry-run" in any case (every change is
/// previewed by a server-side dry run anyway).
fn strip_dry_run(text: &str) -> String {
    force_said(strip_dry_run_words(text))
}

/// "Do a server-side dry run of deleting the deployment x so I can see
/// what would happen", "Dry run: delete deployment x with a server-side
/// dry run, without actually removing it. Nothing should really be
/// removed.": the dry run, how it is done and that nothing is to change
/// for real are all what every change's preview already is (a
/// server-side dry run, then a confirmation), so they are taken out and
/// the change is read; left in, "without removing it" read as the order
/// taken back.
fn dry_run_framing_removed(text: &str) -> String {
    // Words that frame the dry run: before it ("do a server-side …") and
    // after it ("… of deleting", "…:").
    const BEFORE: &[&str] = &[
        "do",
        "perform",
        "make",
        "execute",
        "a",
        "an",
        "with",
        "using",
        "via",
        "as",
        "server-side",
        "client-side",
        "server",
        "client",
        "side",
    ];
    const AFTER: &[&str] = &["of", "for", "on", "by", "only", "mode"];
    // A clause that says nothing is to change for real.
    const NOT_FOR_REAL: &[&str] = &[
        "without actually",
        "without really",
        "without removing",
        "without deleting",
        "without changing",
        "without applying",
        "without making",
        "nothing should actually",
        "nothing should really",
        "nothing should be",
        "nothing is actually",
        "nothing must",
        "don't actually",
        "do not actually",
        "not actually",
        "so i can see",
        "so that i can see",
        "so we can see",
        "to see what would",
        "to see what happens",
        "to see what it would",
        // ("…; don't actually delete it, just show what would happen",
        // "… and show the resulting object": the preview itself.)
        "show what would",
        "show me what would",
        "and show the resulting",
        "and show me the resulting",
    ];
    let mut kept: Vec<String> = Vec::new();
    for sentence in text.split_inclusive(['.', ';']) {
        let mut clause_kept = String::new();
        for clause in sentence.split_inclusive(',') {
            let lower = clause.to_ascii_lowercase();
            match NOT_FOR_REAL.iter().filter_map(|p| lower.find(p)).min() {
                // The clause from the words on ("… in ns x so I can see
                // what would happen").
                Some(at) => {
                    let head = clause[..at].trim_end();
                    if !head.is_empty() {
                        clause_kept.push_str(head);
                        clause_kept.push_str(if sentence.ends_with('.') { ". " } else { " " });
                    }
                }
                None => clause_kept.push_str(clause),
            }
        }
        kept.push(clause_kept);
    }
    let text = kept.concat();
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_ascii_lowercase()
    };
    let mut drop = vec![false; words.len()];
    let mut ends = vec![false; words.len()];
    let mut verbs_for: Vec<Option<&str>> = vec![None; words.len()];
    let mut i = 0;
    while i < words.len() {
        let b = bare(words[i]);
        let span = if b == "dry-run" || b == "dryrun" {
            1
        } else if b == "dry" && words.get(i + 1).is_some_and(|n| bare(n) == "run") {
            2
        } else {
            i += 1;
            continue;
        };
        let mut start = i;
        while start > 0 && BEFORE.contains(&bare(words[start - 1]).as_str()) {
            start -= 1;
        }
        let mut end = i + span;
        // ("Dry run: delete …": its colon ends it.)
        if !words[end - 1].ends_with(':') {
            while end < words.len() && AFTER.contains(&bare(words[end]).as_str()) {
                end += 1;
            }
        }
        for d in &mut drop[start..end] {
            *d = true;
        }
        // "dry run a drain of worker-3", "dry-run a rollback of
        // deployment/abc": the change said as a noun is ordered.
        if matches!(
            words.get(end).map(|w| bare(w)).as_deref(),
            Some("a" | "an" | "the")
        ) && let Some(noun) = words.get(end + 1).map(|w| bare(w))
            && let Some(verb) = [
                ("drain", "drain"),
                ("rollback", "rollback"),
                ("restart", "restart"),
                ("deletion", "delete"),
                ("removal", "remove"),
                ("scale", "scale"),
                ("cordon", "cordon"),
                ("uncordon", "uncordon"),
            ]
            .iter()
            .find(|(n, _)| *n == noun)
            .map(|(_, v)| *v)
            && words.get(end + 2).is_some_and(|w| bare(w) == "of")
        {
            drop[end] = true;
            drop[end + 2] = true;
            verbs_for[end + 1] = Some(verb);
        }
        // The sentence's end said on the dry run's words ("… with a
        // server-side dry run.") stays, on the word before them.
        if words[end - 1].ends_with(['.', '!', '?', ';'])
            && start > 0
            && !words[start - 1].ends_with(['.', '!', '?', ';', ':', ','])
        {
            ends[start - 1] = true;
        }
        i = end;
    }
    let mut out = String::with_capacity(text.len());
    for (k, w) in words.iter().enumerate() {
        if drop[k] {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(verbs_for[k].unwrap_or(w));
        if ends[k] {
            out.push('.');
        }
    }
    out
}

/// `text` without "dry run" / "dry-run" left anywhere ("--dry-run=server").
fn strip_dry_run_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.char_indices().map(|(i, _)| i).find(|&i| {
        let tail = &rest[i..];
        tail.len() >= 7
            && tail.is_char_boundary(7)
            && (tail[..7].eq_ignore_ascii_case("dry-run")
                || tail[..7].eq_ignore_ascii_case("dry run"))
    }) {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = &rest[at + 7..];
    }
    out.push_str(rest);
    force_said(out)
}

/// "Force-delete the pod stuck in Terminating: …": the verb written with
/// its hyphen, read as "force delete" (a name otherwise).
fn force_said(mut text: String) -> String {
    if !text.contains("orce-") {
        return text;
    }
    let lower = text.to_ascii_lowercase();
    let at: Vec<usize> = ["force-delete", "force-remove", "force-kill"]
        .iter()
        .flat_map(|v| lower.match_indices(v).map(|(i, _)| i + "force".len()))
        .collect();
    for i in at {
        // (ASCII lower-casing keeps every byte where it was.)
        text.replace_range(i..=i, " ");
    }
    text
}

/// Namespaces named without a word to mark them, when said after the
/// request ("data-processor logs, app-109"): ones every cluster has.
const WELL_KNOWN_NAMESPACES: &[&str] =
    &["default", "kube-system", "kube-public", "kube-node-lease"];

/// "data-processor logs, app-109", "which nodes are the fluentd pods on?
/// kube-system": a last word set apart by a comma, a question mark or a
/// parenthesis that is a namespace-like name (with a dash or a digit, or
/// one every cluster has) and nothing else. The text before it, and the
/// namespace.
fn namespace_tail(text: &str) -> Option<(&str, Namespace)> {
    let t = text.trim_end().trim_end_matches(['.', '!', ')']).trim_end();
    let cut = t.rfind([',', '?', '('])?;
    let word = t[cut + 1..].trim();
    let lower = word.to_ascii_lowercase();
    let namespace_like = (word.contains('-') || word.bytes().any(|b| b.is_ascii_digit()))
        || WELL_KNOWN_NAMESPACES.contains(&lower.as_str());
    if word.is_empty()
        || word.contains(char::is_whitespace)
        || !namespace_like
        || kubechat_core::resources::lookup(&lower).is_some()
        || crate::words::STOP_SET.contains(lower.as_str())
        || crate::words::NOT_NAMES_SET.contains(lower.as_str())
    {
        return None;
    }
    let ns = Namespace::parse(&lower).ok()?;
    let head = text[..cut].trim_end();
    (!head.is_empty()).then_some((head, ns))
}

/// Two names of one shape: the same up to their last dash ("web-1" and
/// "web-2", "team-a" and "team-b").
fn sibling(a: &str, b: &str) -> bool {
    match (a.rsplit_once('-'), b.rsplit_once('-')) {
        (Some((pa, _)), Some((pb, _))) => pa == pb,
        _ => false,
    }
}

/// How many different changes `changes` are: the same change said twice
/// ("Take node01 out for maintenance. Empty the node …") is one, and so
/// is a cordon of a node that is also drained (a drain cordons it).
fn distinct_changes(changes: &[Operation]) -> usize {
    use kubechat_core::Verb;
    let same = |a: &Operation, b: &Operation| {
        a == b
            // "A deployment named x in ns y needs to be restarted. Perform
            // a rolling restart.": one change said twice, the second time
            // without its place.
            || (a.name.is_some()
                && a.verb == b.verb
                && a.name == b.name
                && a.resource == b.resource
                && (a.namespace.is_none() || b.namespace.is_none())
                && a.params == b.params)
            || (a.name.is_some()
                && a.name == b.name
                && a.resource == b.resource
                && matches!(
                    (a.verb, b.verb),
                    (Verb::Drain, Verb::Cordon)
                        | (Verb::Cordon, Verb::Drain)
                        // "take node worker-3 out for maintenance. Evict
                        // everything from it, ignoring the daemonsets": one
                        // drain, said again with how.
                        | (Verb::Drain, Verb::Drain)
                ))
    };
    let mut kept: Vec<&Operation> = Vec::new();
    for c in changes {
        if !kept.iter().any(|k| same(k, c)) {
            kept.push(c);
        }
    }
    kept.len()
}

/// Reads `text`; the operation and how sure the reading is (0 to 1).
pub(crate) fn translate(text: &str) -> Result<(Operation, f64)> {
    // "zeig mir die Pods im Namespace lager": said in English once, here,
    // so every stage and every hold reads English words ("… morgen" is
    // for later).
    let english;
    let text = match languages::in_english(text) {
        Some(said) => {
            english = said;
            english.as_str()
        }
        None => text,
    };
    // (A dry run's framing is taken out before the holds read the text:
    // "without actually removing it" takes back no order there.)
    let framed;
    let text = if contains_ignore_case(text, "dry")
        && (contains_ignore_case(text, "dry run") || contains_ignore_case(text, "dry-run"))
    {
        framed = dry_run_framing_removed(text);
        framed.as_str()
    } else {
        text
    };
    if sentences::nothing_asked(text) {
        return Err(Error::NotUnderstood {
            reason: "this tells something and asks for nothing (\"no action needed\", \"just FYI\"); say what to look at or change".into(),
            suggestions: vec![],
        });
    }
    if advice_asked(text) {
        return Err(Error::NotUnderstood {
            reason: "this asks for advice or opinions, which KubeChat does not give; name an object to look at or change".into(),
            suggestions: vec![],
        });
    }
    match translate_checked(text) {
        Err(e) => match corrected_to_a_read(text) {
            Some(read) => Ok(read),
            None => Err(unsuggest_negated(text, e)),
        },
        ok => ok,
    }
}

/// "Deployment vs StatefulSet for Postgres?", "Best practice for
/// organizing namespaces per team?", "Should I set CPU limits at all?
/// What do people do in production?": a question of advice or opinion
/// that names no object (no name with a dash, a digit or quotes), which
/// no operation answers.
fn advice_asked(text: &str) -> bool {
    const ADVICE: [&str; 11] = [
        " vs ",
        " vs. ",
        " versus ",
        "best practice",
        "trade-off",
        "tradeoff",
        "opinions on",
        "what do people",
        "what do you recommend",
        "pros and cons",
        "is it worth",
    ];
    // (Asked: a question mark, looked for before the text is copied.)
    if !text.contains('?') {
        return false;
    }
    let lower = text.to_lowercase();
    ADVICE.iter().any(|a| lower.contains(a))
        && !text.contains(['`', '\'', '"'])
        && !text.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            w.contains('-')
                || (w.bytes().any(|b| b.is_ascii_digit())
                    && w.bytes().any(|b| b.is_ascii_alphabetic()))
        })
}

/// "delete pod web-1 in shop… actually no, just describe it", "set
/// replicas=0 for everything in ns old… no wait, just list the
/// deployments there first": the first order taken back, and a read asked
/// instead — answered, with "it" and "there" pointing at what the first
/// part said. Only a read: a change said after a take-back is asked back
/// as the message reads.
fn corrected_to_a_read(text: &str) -> Option<(Operation, f64)> {
    const MARKS: &[&str] = &[
        "actually no wait",
        "actually, no, wait",
        "actually no,",
        "actually, no,",
        "actually no",
        "no wait,",
        "no wait",
        "on second thought,",
        "scratch that,",
        "scratch that",
    ];
    let lower = text.to_ascii_lowercase();
    let (at, mark) = MARKS
        .iter()
        .filter_map(|m| lower.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, m)| (*at, usize::MAX - m.len()))?;
    let head = text[..at].trim_end_matches(['.', ',', ';', ' ', '—', '-']);
    let mut tail = text[at + mark.len()..].trim_start_matches([',', '.', ' ', '—', '-']);
    for lead in ["wait,", "wait", "just", "instead,", "instead"] {
        if tail.len() > lead.len() && tail[..lead.len()].eq_ignore_ascii_case(lead) {
            tail = tail[lead.len()..].trim_start_matches([',', ' ']);
        }
    }
    if head.is_empty() || tail.split_whitespace().count() < 2 {
        return None;
    }
    // What the first part named, for "it" and "there".
    let object = translate_checked(head).ok().map(|(op, _)| op);
    let place = object
        .as_ref()
        .and_then(|op| op.namespace.clone())
        .or_else(|| frame::namespace_read(head));
    let words: Vec<String> = tail
        .split(' ')
        .map(|w| {
            let core = trim_word(w).to_ascii_lowercase();
            let named = object.as_ref().and_then(|op| {
                let kind = op.resource.builtin()?.singular;
                Some(format!("{kind} {}", op.name.as_ref()?.as_str()))
            });
            match (core.as_str(), named, &place) {
                ("it" | "its", Some(n), _) => w.replacen(trim_word(w), &n, 1),
                ("there", _, Some(ns)) => {
                    w.replacen(trim_word(w), &format!("in namespace {ns}"), 1)
                }
                _ => w.to_owned(),
            }
        })
        .collect();
    let mut read = translate_checked(&words.join(" ")).ok()?;
    if read.0.risk() != kubechat_core::Risk::Read {
        return None;
    }
    if read.0.namespace.is_none()
        && !read.0.all_namespaces
        && read.0.resource.builtin().is_none_or(|b| b.namespaced)
        && let Some(ns) = place
    {
        read.0.namespace = Some(ns);
    }
    Some(read)
}

/// "wait, don't scale ml-inference yet", "Do NOT drain node db-node-2":
/// a change said with a negation before it is never offered back as a
/// change to try, whatever else the question back says.
fn unsuggest_negated(text: &str, e: Error) -> Error {
    let Error::NotUnderstood {
        reason,
        mut suggestions,
    } = e
    else {
        return e;
    };
    let lower = text.to_ascii_lowercase();
    if suggestions.is_empty()
        || !["n't", "dont", "not ", "never ", "no ", "stop ", "avoid "]
            .iter()
            .any(|n| lower.contains(n))
    {
        return Error::NotUnderstood {
            reason,
            suggestions,
        };
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    let negated = words.iter().enumerate().any(|(i, w)| {
        crate::words::CHANGE_WORDS.contains(&w.as_str())
            && words[i.saturating_sub(3)..i].iter().any(|n| {
                matches!(
                    n.as_str(),
                    "don't"
                        | "dont"
                        | "not"
                        | "never"
                        | "no"
                        | "stop"
                        | "avoid"
                        | "cannot"
                        | "can't"
                )
            })
    });
    if !negated {
        return Error::NotUnderstood {
            reason,
            suggestions,
        };
    }
    suggestions.retain(|s| !frame::asks_for_change(s));
    Error::NotUnderstood {
        reason: if reason.starts_with("say ") {
            "this says what not to change, and nothing is changed; say what to do instead".into()
        } else {
            reason
        },
        suggestions,
    }
}

fn translate_checked(text: &str) -> Result<(Operation, f64)> {
    // "can-i delete nodes?": kubectl's word, typed without "auth" — read
    // whole as "can I …", holds included ("can-i drain node-3?" asks
    // whether, it orders nothing).
    let trimmed = text.trim_start();
    if trimmed
        .get(..6)
        .is_some_and(|head| head.eq_ignore_ascii_case("can-i "))
    {
        return translate(&format!("can I {}", &trimmed[6..]));
    }
    // A namespace said last, apart: read the rest, and the namespace
    // fills the slot when the rest names a namespaced object without one.
    if let Some((head, ns)) = namespace_tail(text)
        && let Ok((mut op, confidence)) = translate_text(head)
        && (op.name.is_some() || op.selector.is_some())
        // "web-1, web-2", "node-1, node-2", "team-a, team-b": a second
        // name of the same shape, not a namespace.
        && !op.name.as_ref().is_some_and(|n| sibling(n.as_str(), ns.as_str()))
    {
        // A change never takes its namespace from a word set apart: the
        // person says where ("scale coredns to 0, dns-team" is asked back).
        if op.risk() != kubechat_core::Risk::Read {
            return Err(Error::NotUnderstood {
                reason: format!(
                    "it is not clear whether {ns} is the namespace; say \"in namespace {ns}\""
                ),
                suggestions: vec![format!("{} -n {ns}", kubechat_core::kubectl::render(&op))],
            });
        }
        if op.namespace.is_none()
            && !op.all_namespaces
            && op.resource.builtin().is_none_or(|b| b.namespaced)
        {
            op.namespace = Some(ns);
            op.all_namespaces = false;
        }
        return Ok((op, confidence));
    }
    let (mut op, confidence) = translate_text(text)?;
    // "why is pod worker-5c9d7 pending in jobs?", "show me the pods in
    // jobs": a place named like a kind of object, read for a look.
    if op.risk() == kubechat_core::Risk::Read
        && let Some(ns) = hedges::type_named_place(text, &op)
    {
        op.namespace = Some(ns);
    }
    namespaces_of_parts(text, &op)?;
    drain_without_evicting(text, &op)?;
    // "drain node foo, even if there are pods not managed by …": the
    // clause after the comma reads as a statement of its own, and still
    // says how the drain goes.
    if op.verb == kubechat_core::Verb::Drain && !op.params.force {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
        op.params.force = frame::past_unmanaged(&words).is_some();
    }
    // "drain node-9, giving each pod 60 seconds to terminate": the clause
    // after the comma is read apart, and still says each pod's time.
    if matches!(
        op.verb,
        kubechat_core::Verb::Drain | kubechat_core::Verb::Delete
    ) && op.params.grace_period.is_none()
    {
        op.params.grace_period = frame::time_to_stop_said(text);
    }
    // "Add the label owner=x to … . If the label already exists,
    // overwrite it.": the overwrite said in a sentence of its own.
    if matches!(
        op.verb,
        kubechat_core::Verb::Label | kubechat_core::Verb::Annotate
    ) && !op.params.overwrite
    {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
        op.params.overwrite = words
            .iter()
            .any(|w| matches!(*w, "overwrite" | "overwriting" | "--overwrite"))
            && !frame::overwrite_refused(&words);
    }
    spared_place(text, &op)?;
    hedges::hold(text, &op)?;
    let op = placed_where_none_is(op)?;
    rotation_of_what(text, &op)?;
    placed_on(text, &op)?;
    owner_possessed(text, &op)?;
    undo_by_steps(text, &op)?;
    Ok((op, confidence))
}

/// "roll back api two revisions", "undo the last 3 rollouts of web": a
/// rollback by a count of steps, which `rollout undo` does not take (it
/// goes back one, or to a revision number); reading one step would drop
/// the count. Asked back with the history, where the number is.
fn undo_by_steps(text: &str, op: &Operation) -> Result<()> {
    if op.verb != kubechat_core::Verb::RolloutUndo || op.params.to_revision.is_some() {
        return Ok(());
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
    let steps = words.windows(2).any(|w| {
        let count = w[0].parse::<u32>().is_ok_and(|n| n > 1)
            || matches!(
                w[0],
                "two" | "three" | "four" | "five" | "several" | "few" | "couple"
            );
        count
            && matches!(
                w[1],
                "revisions" | "versions" | "releases" | "rollouts" | "deploys" | "steps" | "times"
            )
    });
    if !steps {
        return Ok(());
    }
    let name = op.name.as_ref().map_or("NAME", |n| n.as_str());
    Err(Error::NotUnderstood {
        reason: "rollout undo goes back one revision, or to a revision by its number; say the revision to go back to".into(),
        suggestions: vec![format!(
            "kubectl rollout history {}/{name}",
            op.resource.builtin().map_or(op.resource.as_str(), |b| b.singular)
        )],
    })
}

/// "delete demo's pods", "restart web's pods": the name read is what the
/// objects belong to, said with a possessive before the plural of their
/// type, not one of them. A change is asked back, with the owner's
/// selector as the suggestion. (The words drop the possessive, so the
/// text is read.)
fn owner_possessed(text: &str, op: &Operation) -> Result<()> {
    let (Some(name), Some(b)) = (&op.name, op.resource.builtin()) else {
        return Ok(());
    };
    // (Most requests have no apostrophe: nothing to look for.)
    if op.risk() == kubechat_core::Risk::Read || !text.contains(['\'', '\u{2019}']) {
        return Ok(());
    }
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    // (The trailing apostrophe of "payments' pods" is kept; a word in
    // quotes, "'aa-s'", is a name and owns nothing.)
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| {
            if w.starts_with(['\'', '"', '`']) {
                ""
            } else {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            }
        })
        .collect();
    // "dev's failed pods", "payments' pods", "web's node": the type, or
    // its plural, within a few words after the owner.
    let owned = words.iter().enumerate().any(|(i, w)| {
        let owner = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix('\'').filter(|o| o.ends_with('s')));
        owner == Some(name.as_str())
            && words[i + 1..]
                .iter()
                .take(3)
                .any(|t| *t == b.plural || *t == b.singular)
    });
    // "delete web-1's events", "remove pod web-1's annotations": a part
    // of the object, said after it with a possessive, is what goes — never
    // the object itself.
    if !owned && op.verb == kubechat_core::Verb::Delete {
        let part = words.iter().enumerate().find_map(|(i, w)| {
            let owner = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix('\'').filter(|o| o.ends_with('s')));
            (owner == Some(name.as_str()))
                .then(|| words.get(i + 1).copied())
                .flatten()
        });
        if let Some(part) = part.filter(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_alphabetic())
                && !matches!(
                    *p,
                    "in" | "on"
                        | "at"
                        | "to"
                        | "from"
                        | "of"
                        | "and"
                        | "or"
                        | "with"
                        | "for"
                        | "the"
                        | "a"
                        | "an"
                        | "is"
                        | "are"
                        | "now"
                        | "please"
                        | "pls"
                        | "asap"
                        | "too"
                        | "as"
                        | "if"
                        | "but"
                )
        }) {
            return Err(Error::NotUnderstood {
                reason: format!(
                    "this removes \"{part}\" from {name}, not {name} itself; say the change in kubectl syntax (label KEY-, annotate KEY-, patch)"
                ),
                suggestions: vec![format!("kubectl describe {} {name}", b.singular)],
            });
        }
    }
    if !owned {
        return Ok(());
    }
    if b.plural == "nodes" {
        return Err(Error::NotUnderstood {
            reason: format!(
                "the node {name} runs on is found through {name}, which KubeChat does not do for a change; name the node"
            ),
            suggestions: vec!["kubectl get pods -o wide".into()],
        });
    }
    Err(frame::owner_not_one(op, b.plural))
}

/// "leave namespace staging alone and delete pod web-1", "Don't touch
/// anything in prod. Delete pod web-1.", "Delete pod web-1, not in prod.":
/// a change aimed at the one namespace the message spares is asked back.
fn spared_place(text: &str, op: &Operation) -> Result<()> {
    let Some(ns) = op
        .namespace
        .as_ref()
        .filter(|_| op.risk() != kubechat_core::Risk::Read)
    else {
        return Ok(());
    };
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | '!' | '?' | '(' | ')'))
        .map(|w| w.trim_matches(['\'', '"', '`']))
        .filter(|w| !w.is_empty())
        .collect();
    let at: Vec<usize> = (0..words.len())
        .filter(|&i| words[i] == ns.as_str())
        .collect();
    let spared = |p: usize| {
        words[p.saturating_sub(4)..p].iter().any(|w| {
            matches!(
                *w,
                "leave"
                    | "except"
                    | "excluding"
                    | "not"
                    | "don't"
                    | "dont"
                    | "nothing"
                    | "avoid"
                    | "skip"
                    | "besides"
                    | "never"
            )
        })
    };
    if !at.is_empty() && at.iter().all(|&p| spared(p)) {
        return Err(Error::NotUnderstood {
            reason: format!(
                "{ns} is the namespace the message spares; say where the change is meant"
            ),
            suggestions: Vec::new(),
        });
    }
    Ok(())
}

/// A name shaped like a node's ("worker-3", "ip-10-0-1-5", "gpu-a100-2",
/// "cp-1"): where a node may be meant without the word "node".
fn node_shaped(name: &str) -> bool {
    [
        "node",
        "worker",
        "ip-",
        "master",
        "control-plane",
        "cp-",
        "gpu",
        "vm",
    ]
    .iter()
    .any(|p| name.contains(p))
}

/// "restart api on staging", "delete pod web-1 on prod": a place said
/// after "on" may be a cluster or a namespace, and a change read without
/// it would act in the default namespace of the chat's cluster — asked
/// back, never dropped. ("on the staging cluster" names the cluster, and
/// "on node-3" a node.)
fn placed_on(text: &str, op: &Operation) -> Result<()> {
    if op.risk() == kubechat_core::Risk::Read || op.namespace.is_some() || op.all_namespaces {
        return Ok(());
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '!' | '?' | ';'))
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    if n < 3 || !matches!(words[n - 2], "on" | "@") {
        return Ok(());
    }
    let place = words[n - 1];
    let named = op.names().any(|x| x.as_str() == place);
    let node = ["node", "nodes", "host", "server", "machine"].contains(&words[n - 3])
        || node_shaped(place);
    if named
        || node
        || crate::words::STOP_SET.contains(place)
        || crate::words::NOT_NAMES_SET.contains(place)
        // "expose web on 8080": a port.
        || !place.bytes().any(|b| b.is_ascii_alphabetic())
        // "… permission to get, watch and list on pods": a kind.
        || kubechat_core::resources::lookup(place).is_some()
        || place
            .strip_suffix('s')
            .is_some_and(|p| kubechat_core::resources::lookup(p).is_some())
        || Namespace::parse(place).is_err()
    {
        return Ok(());
    }
    Err(Error::NotUnderstood {
        reason: format!(
            "\"on {place}\" may name a cluster or a namespace; say \"in namespace {place}\" or \"on the {place} cluster\""
        ),
        suggestions: vec![kubechat_core::kubectl::render(op)],
    })
}

/// "show me the servers in prod": nodes, persistent volumes and other
/// cluster-wide objects live in no namespace, so the place said for a
/// listing means something else (a cluster, an environment label, the
/// pods there); dropping it would answer another question, so it is
/// asked back. One object named for a read ("describe node worker-8 …
/// in Conditions") is that object wherever it is said to be: the place
/// is left out, as kubectl leaves out `-n` for it.
fn placed_where_none_is(mut op: Operation) -> Result<Operation> {
    use kubechat_core::Verb;
    let Some(ns) = op.namespace.clone() else {
        return Ok(op);
    };
    let Some(kind) = op.resource.builtin().filter(|b| !b.namespaced) else {
        return Ok(op);
    };
    if matches!(op.verb, Verb::AuthCanI | Verb::Explain) {
        return Ok(op);
    }
    let mut bare = op.clone();
    bare.namespace = None;
    // (A change is asked back: "drain node-8 in prod" may name a
    // cluster, and a change is never aimed by a guess.)
    if op.name.is_some() && op.risk() == kubechat_core::Risk::Read {
        op.namespace = None;
        return Ok(op);
    }
    Err(Error::NotUnderstood {
        reason: format!(
            "{} belong to no namespace, yet {ns} is said as one; say what {ns} is (a cluster, a label, the pods there)",
            kind.plural
        ),
        suggestions: vec![
            kubechat_core::kubectl::render(&bare),
            format!("kubectl get pods -n {ns} -o wide"),
        ],
    })
}

/// "take web out of rotation": a node is taken out of rotation by a
/// cordon, an app by its Service or readiness; with no node said (the
/// word, or a name shaped like one), which is meant is asked back.
fn rotation_of_what(text: &str, op: &Operation) -> Result<()> {
    use kubechat_core::Verb;
    if !matches!(op.verb, Verb::Cordon | Verb::Uncordon) {
        return Ok(());
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    if !words.contains(&"rotation") {
        return Ok(());
    }
    const NODE_WORDS: [&str; 12] = [
        "node", "nodes", "server", "servers", "machine", "machines", "host", "hosts", "vm",
        "instance", "worker", "kubelet",
    ];
    let node_said =
        words.iter().any(|w| NODE_WORDS.contains(w)) || op.names().any(|n| node_shaped(n.as_str()));
    if node_said {
        return Ok(());
    }
    let name = op.name.as_ref().map_or("NAME", |n| n.as_str());
    Err(Error::NotUnderstood {
        reason: format!(
            "\"rotation\" may mean a node (a cordon) or an app behind a Service; say \"cordon node {name}\" if {name} is a node"
        ),
        suggestions: vec![format!("kubectl {} {name}", op.verb)],
    })
}

/// A change typed as a command line is held as the rules hold one said
/// in words ("delete pod web-1 in shop?", "delete pod web-1 later").
pub(crate) fn hold_command(text: &str, op: &Operation) -> Result<()> {
    hedges::hold(text, op)
}

/// "Put node X into maintenance so no new pods land there. Don't evict
/// the existing ones yet.": a drain evicts, and the person says not to;
/// what is asked is a cordon, said back rather than guessed.
fn drain_without_evicting(text: &str, op: &Operation) -> Result<()> {
    if op.verb != kubechat_core::Verb::Drain {
        return Ok(());
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    let refused = words.iter().enumerate().any(|(i, w)| {
        matches!(
            w.as_str(),
            "don't" | "dont" | "not" | "never" | "without" | "no"
        ) && words[i + 1..].iter().take(3).any(|v| {
            matches!(
                v.as_str(),
                "evict" | "evicting" | "eviction" | "evictions" | "drain" | "draining"
            )
        })
            // "without evicting daemonset pods" is --ignore-daemonsets.
            && !words[i + 1..]
                .iter()
                .take(5)
                .any(|v| v.starts_with("daemonset"))
    });
    if refused {
        let node = op.name.as_ref().map_or("NODE", |n| n.as_str());
        return Err(Error::NotUnderstood {
            reason: "a drain evicts the node's pods, and this says not to; stopping new pods from landing there is a cordon".into(),
            suggestions: vec![format!("kubectl cordon {node}")],
        });
    }
    Ok(())
}

/// The readings of one request's sentences, each read once: resolving
/// "it", choosing the asking sentence and the statements' fallback read
/// the same sentences.
#[derive(Default)]
struct Readings(Vec<(String, Result<frame::Reading>)>);

impl Readings {
    fn read(&mut self, text: &str) -> Result<frame::Reading> {
        if let Some((_, r)) = self.0.iter().find(|(t, _)| t == text) {
            return r.clone();
        }
        let r = frame::read(text);
        self.0.push((text.to_owned(), r.clone()));
        r
    }
}

/// Words said before a request that carry none of it ("yo, scale web to
/// 2", "quick q: how many nodes are there?", "hmm, restart api").
const INTERJECTIONS: &[&str] = &[
    "hey",
    "hi",
    "hello",
    "yo",
    "hmm",
    "hm",
    "um",
    "uh",
    "ok",
    "okay",
    "alright",
    // "yes, roll back checkout": the answer to a question before, and
    // the request after it.
    "yes",
    "yeah",
    "yep",
    "sure",
    "cool",
    "great",
    "perfect",
    "so",
    "well",
    "btw",
    "fyi",
    "oh",
    "ah",
    "quick",
    "q",
    "question",
    "folks",
    "team",
    "thanks",
    "thx",
    // "Dear assistant, …", "hi there, …", "hi all, …", "sorry, …".
    "dear",
    "assistant",
    "there",
    "all",
    "everyone",
    "guys",
    "sorry",
];

/// Asides that open a request and carry none of it, up to their comma
/// ("As discussed in the morning meeting, please …", "I am sorry to
/// bother you, please …", "Hope you are well, could you …").
const ASIDES: &[&str] = &[
    "as discussed",
    "as agreed",
    "as mentioned",
    "as requested",
    "as per our",
    "per our",
    "following our",
    "following up on",
    "sorry to bother you",
    "i am sorry to bother you",
    "i'm sorry to bother you",
    "sorry for the trouble",
    "hope you are well",
    "hope you're well",
    "hope you are doing well",
    "i hope you are doing well",
    "i hope you're doing well",
    "hope all is well",
];

/// Phrases of courtesy inside a request ("could you please be so kind
/// to make …"): dropped, so the verb after them is the request's.
const COURTESY: &[&str] = &["be so kind as to ", "be so kind to ", "be kind enough to "];

/// `text` without what it says about the shape of the answer: a clause
/// that fills a template ("Describe node k3s-agent-2 and report its
/// allocatable memory in the form MEM=<value>.", "… and report it as
/// REASON: <text>.") and a sentence that only says which words to answer
/// with ("Output YES or NO only.", "Answer ALLOWED or DENIED."). Read as
/// the request, the template's `MEM=<value>` was taken for a selector.
fn strip_answer_template(mut text: String) -> String {
    const OPENERS: &[&str] = &[
        " and report",
        " and output",
        " and answer",
        " and reply",
        ", report",
        ", output",
        "; report",
    ];
    // Words that open a sentence about the answer only; "print", "return"
    // and "give" also order reads ("Return the image of web as …").
    const ANSWERING: &[&str] = &["report", "output", "answer", "respond", "reply", "format"];
    // The words answers are given in ("Output YES or NO only.").
    const ANSWERS: &[&str] = &[
        "YES", "NO", "ALLOWED", "DENIED", "TRUE", "FALSE", "PASS", "FAIL", "OK",
    ];
    if !text.contains('<') && !text.contains(" or ") {
        return text;
    }
    let sentence_start =
        |t: &str, at: usize| t[..at].rfind(['.', '?', '!', '\n']).map_or(0, |i| i + 1);
    let sentence_end = |t: &str, at: usize| {
        [". ", "? ", "! ", "\n"]
            .iter()
            .filter_map(|e| t[at..].find(e))
            .min()
            .map_or(t.len(), |i| at + i)
    };
    for _ in 0..3 {
        let Some((p, close)) = placeholder(&text) else {
            break;
        };
        // The whole template word ("<namespace>/<name>").
        let close = close
            + text[close..]
                .find(char::is_whitespace)
                .unwrap_or(text.len() - close);
        let start = sentence_start(&text, p);
        let lower = text[start..p].to_ascii_lowercase();
        // Only the clause up to the template goes: what follows it ("…
        // as STATUS=<value> in namespace shop") is still said.
        if let Some(c) = OPENERS.iter().filter_map(|o| lower.rfind(o)).max() {
            // ("Please check and report violating RoleBindings in the
            // format VIOLATING: <name>": the clause says what is read;
            // only its format goes.)
            let format_at = [
                " in the format",
                " using the format",
                " in this format",
                " using this format",
                " in format",
                " as ",
            ]
            .iter()
            .filter_map(|f| lower[c..].rfind(f).map(|k| c + k))
            .max();
            let typed = format_at.is_some_and(|f| {
                lower[c..f]
                    .split_whitespace()
                    .any(|w| kubechat_core::resources::lookup(trim_word(w)).is_some())
            });
            match format_at {
                Some(f) if typed => text.replace_range(start + f..close, ""),
                _ => text.replace_range(start + c..close, ""),
            }
            continue;
        }
        let first = lower.split_whitespace().next().unwrap_or_default();
        if ANSWERING.contains(&first) {
            let end = sentence_end(&text, close);
            text.replace_range(start..(end + 1).min(text.len()), "");
            continue;
        }
        break;
    }
    let mut out = String::with_capacity(text.len());
    for part in text.split_inclusive(['.', '\n']) {
        let words: Vec<&str> = part
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let answers_only = words.first().is_some_and(|w| {
            ["output", "answer", "respond", "reply", "return", "print"]
                .iter()
                .any(|a| w.eq_ignore_ascii_case(a))
        }) && words.contains(&"or")
            && words.iter().filter(|w| ANSWERS.contains(w)).count() >= 2;
        if !answers_only {
            out.push_str(part);
        }
    }
    out
}

/// Where the first template placeholder (`<value>`, `<resource name>`)
/// opens, and where it closes (just after its `>`).
fn placeholder(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    (0..b.len()).find_map(|i| {
        if b[i] != b'<' {
            return None;
        }
        let n = b[i + 1..].iter().take(31).position(|&c| c == b'>')?;
        (n > 0
            && b[i + 1..i + 1 + n]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || b" _-".contains(c)))
        .then_some((i, i + n + 2))
    })
}

/// `text` without an opening aside of [`ASIDES`] (through its comma,
/// within a dozen words) and without the phrases of [`COURTESY`].
fn strip_asides(mut text: String) -> String {
    // Compared without copying: almost no request has either.
    let starts = |t: &str, p: &str| {
        t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let rest = text.trim_start();
    if ASIDES.iter().any(|a| starts(rest, a))
        && let Some(comma) = rest.find(", ")
        && rest[..comma].split_whitespace().count() <= 12
    {
        let cut = text.len() - rest.len() + comma + 2;
        text.drain(..cut);
    }
    for c in COURTESY {
        if let Some(at) =
            (0..text.len()).find(|&i| text.is_char_boundary(i) && starts(&text[i..], c))
        {
            text.replace_range(at..at + c.len(), "");
        }
    }
    text
}

/// `text` without its leading interjections: words of [`INTERJECTIONS`]
/// up to a comma, colon, dash or exclamation mark that ends them ("quick
/// q: …", "ok so, …"). Without such a mark only a greeting is dropped, so
/// "hello-world" or "so-and-so" as a first word stays.
/// "hiii", "heyy", "yooo", "hellooo", "hmmm": a greeting or a sound of
/// thought with a letter drawn out (at least one letter repeated).
fn drawn_out_greeting(word: &str) -> bool {
    let mut squeezed = String::with_capacity(word.len());
    for c in word.chars() {
        if !squeezed.ends_with(c) {
            squeezed.push(c);
        }
    }
    squeezed.len() < word.len()
        && matches!(
            squeezed.as_str(),
            "hi" | "hey" | "yo" | "helo" | "hm" | "um" | "uh"
        )
}

/// "Run the following command to get the external IP of service x": the
/// docs' lead-in to a command they show; what it gets is the request.
/// ":fire: @kubebot restart checkout in shop pls", "**urgent** scale web
/// to 0": a chat's emoji shortcodes and Markdown emphasis say how the
/// person feels, never what to do.
fn chat_marks_removed(text: String) -> String {
    if !text.contains(':') && !text.contains("**") && !text.contains("__") {
        return text;
    }
    let shortcode = |w: &str| {
        let core = w.trim_end_matches([',', '.', '!']);
        core.len() > 2
            && core.starts_with(':')
            && core.ends_with(':')
            && core[1..core.len() - 1].bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-')
            })
    };
    let kept: Vec<&str> = text
        .split(' ')
        .filter(|w| !shortcode(w))
        .map(|w| {
            w.trim_matches(['*'])
                .trim_start_matches("__")
                .trim_end_matches("__")
        })
        .filter(|w| !w.is_empty())
        .collect();
    kept.join(" ")
}

/// "Print the full ConfigMap as YAML", "show the whole secret": the whole
/// of an object told before is that object; "the ConfigMap" is what the
/// pointer reads.
fn whole_said(text: String) -> String {
    // (Most requests say none: passed over without a copy.)
    if !["the full ", "the whole ", "the entire ", "the complete "]
        .iter()
        .any(|p| contains_ignore_case(&text, p))
    {
        return text;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let whole = matches!(
            w.to_ascii_lowercase().as_str(),
            "full" | "whole" | "entire" | "complete"
        ) && i > 0
            && words[i - 1].eq_ignore_ascii_case("the")
            && words.get(i + 1).is_some_and(|n| {
                kubechat_core::resources::lookup(
                    n.trim_end_matches(['.', ',', '?', '!', ':'])
                        .to_ascii_lowercase()
                        .as_str(),
                )
                .is_some()
            });
        if !whole {
            out.push(w);
        }
    }
    out.join(" ")
}

fn command_lead(text: String) -> String {
    const LEADS: &[&str] = &[
        "run the following command to ",
        "use the following command to ",
        "run this command to ",
        "use this command to ",
        "run the command below to ",
        "use the command below to ",
    ];
    let lower = text.to_ascii_lowercase();
    match LEADS.iter().find(|l| lower.starts_with(*l)) {
        Some(l) if text.is_char_boundary(l.len()) => text[l.len()..].to_owned(),
        _ => text,
    }
}

fn strip_interjections(text: &str) -> String {
    let text = asked_around_removed(text);
    let mut rest = text.trim_start();
    let mut greeted = false;
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '\''))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        // "hey bot whats eating …": who is greeted, after the greeting.
        if greeted
            && end > 0
            && rest[end..]
                .trim_start_matches([',', ':', '!'])
                .starts_with(' ')
            && matches!(word.to_lowercase().as_str(), "bot" | "kubechat" | "team")
        {
            rest = rest[end..].trim_start_matches([',', ':', '!']).trim_start();
            greeted = false;
            continue;
        }
        // "hiii", "heyy", "yooo": a greeting drawn out is the greeting.
        let lower_word = word.to_lowercase();
        let drawn_out = drawn_out_greeting(&lower_word);
        if end == 0 || !(INTERJECTIONS.contains(&lower_word.as_str()) || drawn_out) {
            break;
        }
        let after = &rest[end..];
        let trimmed = after.trim_start_matches([',', ':', '!', ';', '-', '\u{2014}', '\u{2013}']);
        let marked = trimmed.len() < after.len() && trimmed.starts_with(' ');
        let greeting = after.starts_with(' ')
            && (drawn_out
                || matches!(
                    lower_word.as_str(),
                    "hey" | "hi" | "hello" | "yo" | "hmm" | "um" | "uh" | "btw" | "fyi"
                ));
        // "quick q: …", "ok so, …": words of a lead-in run to its mark.
        let runs_on = after.starts_with(' ')
            && trimmed.len() == after.len()
            && after
                .trim_start()
                .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                .next()
                .is_some_and(|w| INTERJECTIONS.contains(&w.to_lowercase().as_str()));
        if !(marked || greeting || runs_on) || trimmed.trim().is_empty() {
            break;
        }
        greeted = greeting;
        rest = trimmed.trim_start();
    }
    rest.to_owned()
}

/// A post's title that tells a symptom: its first line, short, neither
/// a question nor an order, not ended as a sentence is, then a blank line
/// and the body ("Job never completes - where do I
/// look?\n\nThe job … shows 0/1 completions. …").
fn post_title(text: &str) -> Option<&str> {
    let (title, body) = text.trim_start().split_once("\n\n")?;
    let title = title.trim_end();
    // (A symptom, not what is asked: "Delete all Evicted pods in a
    // namespace", "Which controller owns this pod?" ask in the title.)
    let first = title
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(':')
        .to_ascii_lowercase();
    let asks = title.contains('?')
        || crate::words::VERB_PHRASES.iter().any(|(p, _)| *p == first)
        || matches!(
            first.as_str(),
            "how"
                | "what"
                | "which"
                | "why"
                | "where"
                | "when"
                | "who"
                | "kubectl"
                | "see"
                | "find"
        );
    (!title.is_empty()
        && !asks
        && title.len() <= 120
        && !title.contains('\n')
        && !title.ends_with(['.', ':', ','])
        && !body.trim().is_empty())
    .then_some(title)
}

/// Whether `text` is a ticket: a title line, then its body ("Title: …
/// \nBody: …", "Subject: …\nDescription: …").
fn ticket_titled(text: &str) -> bool {
    // "OPS-2350: Restart statefulset after cert rotation", a blank line,
    // then the body: a tracker's key opens the title line.
    let keyed = text
        .trim_start()
        .split_once("\n\n")
        .is_some_and(|(title, _)| {
            !title.contains('\n')
                && title
                    .split_whitespace()
                    .next()
                    .is_some_and(tokens::ticket_key)
        });
    if keyed {
        return true;
    }
    let head = text
        .trim_start()
        .get(..8)
        .unwrap_or_default()
        .to_ascii_lowercase();
    TICKET_TITLES
        .iter()
        .any(|t| head.strip_prefix(t).is_some_and(|r| r.starts_with(':')))
        && TICKET_BODIES
            .iter()
            .any(|b| contains_ignore_case(text, &format!("\n{b}:")))
}

/// The fields of a ticket: its title, then its body.
const TICKET_TITLES: [&str; 3] = ["title", "subject", "summary"];
const TICKET_BODIES: [&str; 3] = ["body", "description", "details"];

/// Whether `w` (lower case) names a ticket's field ("Title", "Body").
fn ticket_field(w: &str) -> bool {
    TICKET_TITLES.contains(&w) || TICKET_BODIES.contains(&w)
}

/// `text` without a heading before a colon that says what part of a
/// document or task the request is ("Cleanup: delete all Succeeded
/// pods …", "Upgrade guide, step 4: …", "Mitigation: roll back …"): the
/// heading's words would otherwise narrow or name.
fn strip_heading(text: &str) -> &str {
    const HEADINGS: &[&str] = &[
        "step",
        "cleanup",
        "clean-up",
        "uninstall",
        "install",
        "mitigation",
        "remediation",
        "action",
        "task",
        "todo",
        "note",
        "docs",
        "doc",
        "quick",
        "quickstart",
        "upgrade",
        "verify",
        "verification",
        "question",
        "goal",
        "objective",
        "request",
        "context",
        "update",
        "part",
        "exercise",
        "lab",
        "scenario",
        "setup",
        "teardown",
        "workaround",
        "handover",
        "rollback",
        "follow-up",
        "followup",
        "audit",
        "next",
        // "Rule: every Service must …", "Policy: …": a rule told.
        "rule",
        "rules",
        "policy",
        "requirement",
        "constraint",
    ];
    // "[bug] helm upgrade leaves old pods running", "[question] what
    // does …": an issue tracker's tag.
    let text = match text
        .trim_start()
        .strip_prefix('[')
        .and_then(|t| t.split_once(']'))
    {
        Some((tag, rest))
            if matches!(
                tag.to_ascii_lowercase().as_str(),
                "bug"
                    | "question"
                    | "feature"
                    | "feature request"
                    | "help"
                    | "urgent"
                    | "support"
                    | "issue"
                    | "incident"
                    | "rfc"
                    | "proposal"
                    | "discussion"
                    | "wip"
                    | "q"
                    | "regression"
                    | "enhancement"
                    | "docs"
                    | "ask"
            ) && !rest.trim().is_empty() =>
        {
            rest.trim_start()
        }
        _ => text,
    };
    // "# Delete all pods with label app=legacy-ui": a comment line as
    // kubectl's reference writes it, or a Markdown heading.
    let hashes = text.trim_start().trim_start_matches('#');
    let text = if hashes.len() < text.trim_start().len() && hashes.starts_with(char::is_whitespace)
    {
        hashes.trim_start()
    } else {
        text
    };
    let Some(at) = text.find(": ").filter(|&at| at <= 40) else {
        return text;
    };
    let head = text[..at].to_ascii_lowercase();
    // ("Audit task. Namespace: gk-x. …": the colon ends a field of a
    // later sentence, no heading of the text.)
    if head.contains(". ") || head.contains('\n') {
        return text;
    }
    let words: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let rest = text[at + 2..].trim_start();
    // ("Next week's change request: taint cp-1 …": a heading that says
    // when is kept, so the change reads as for later.)
    let timed = words.iter().any(|w| {
        matches!(
            w.trim_end_matches("'s"),
            "next"
                | "tomorrow"
                | "tonight"
                | "later"
                | "week"
                | "weekend"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "scheduled"
                | "planned"
                | "upcoming"
                | "future"
        )
    });
    if timed {
        return text;
    }
    // ("Feature request: allow scaling worker to zero\n\nUntil this
    // exists, please scale worker …": the wish is the tracker's; the
    // request follows it.)
    if words == ["feature", "request"]
        && let Some(at) = rest.find("\n\n")
        && !rest[at..].trim().is_empty()
    {
        return rest[at..].trim_start();
    }
    // ("one more thing: …", "last thing before I go: …": what follows
    // is the request, now.)
    if matches!(words.first(), Some(&("one" | "last" | "another" | "final")))
        && words.iter().take(3).any(|w| *w == "thing")
        && words.len() <= 7
        && !rest.is_empty()
    {
        return rest;
    }
    // ("Your task: …", "Agent task: …", "Main goal: …": the heading's
    // noun last.)
    if (1..=4).contains(&words.len())
        && (HEADINGS.contains(&words[0])
            || ticket_field(words[0])
            || words.last().is_some_and(|w| {
                matches!(
                    *w,
                    "task"
                        | "goal"
                        | "objective"
                        | "request"
                        | "ask"
                        | "action"
                        | "todo"
                        // "Storage policy check: …", "RBAC audit: …".
                        | "check"
                        | "audit"
                        | "review"
                        | "scan"
                        // "Node cleanup: uncordon node-4" (it uncordoned
                        // a node "cleanup").
                        | "cleanup"
                        | "clean-up"
                        | "housekeeping"
                        | "maintenance"
                        | "follow-up"
                        | "followup"
                )
            }))
        && !rest.is_empty()
    {
        return rest;
    }
    // ("Update from the DB on-call: …", "Handover from the night shift:
    // …": the heading and who it comes from.)
    if (3..=6).contains(&words.len())
        && HEADINGS.contains(&words[0])
        && matches!(words[1], "from" | "on" | "for" | "re")
        && !rest.is_empty()
    {
        return rest;
    }
    // "Stop 504s: annotate ingress shop-web with …": what the order is
    // for, before it; the order opens with its verb. (A place or an
    // object said first stays: "In prod: delete pod x".)
    let opens_with_order = rest
        .split_whitespace()
        .next()
        .map(|w| w.to_ascii_lowercase())
        .is_some_and(|w| {
            crate::words::VERB_PHRASES
                .iter()
                .any(|(p, v)| *p == w && !v.is_read())
        });
    if (2..=3).contains(&words.len())
        && opens_with_order
        && matches!(
            words[0],
            "stop"
                | "fix"
                | "prevent"
                | "avoid"
                | "reduce"
                | "improve"
                | "unblock"
                | "mitigate"
                | "to"
        )
        && words.iter().all(|w| {
            !matches!(*w, "in" | "on" | "ns" | "namespace" | "cluster" | "env")
                && kubechat_core::resources::lookup(w).is_none()
                && !w.contains('-')
        })
    {
        return rest;
    }
    // "Assign pods to nodes: add the label disktype=ssd to node x": a
    // docs task's title, then its step as an order. (A title of a few
    // plain words that opens with neither a place nor a type; the
    // label was set on pods named "assign".)
    let opens_with_step = opens_with_order
        || rest.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "add" | "remove" | "set" | "put" | "mark" | "attach" | "give" | "make"
            )
        });
    // (A title opens with what the task does: "Assign …", "Configuring
    // …"; "Quiz question: …", "We found the fix: …" tell what follows is
    // no order.)
    let first = words.first().copied().unwrap_or_default();
    let task_title = (first.len() > 5 && first.ends_with("ing"))
        || matches!(
            first,
            "assign"
                | "configure"
                | "use"
                | "deploy"
                | "set"
                | "manage"
                | "expose"
                | "connect"
                | "define"
                | "specify"
                | "distribute"
                | "pin"
                | "schedule"
                | "attach"
                | "inject"
                | "share"
                | "enable"
                | "disable"
                | "isolate"
                | "limit"
                | "restrict"
                | "protect"
                | "dedicate"
                | "reserve"
                | "prepare"
                | "retire"
                | "free"
        );
    if (2..=6).contains(&words.len())
        && task_title
        && opens_with_step
        && kubechat_core::resources::lookup(words[0]).is_none()
        && !matches!(words[0], "prod" | "staging" | "dev")
        // (A time or a condition is kept: "after the standup: delete
        // x" waits for it.)
        && words.iter().all(|w| {
            w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'')
                && !matches!(
                    *w,
                    "ns" | "namespace"
                        | "cluster"
                        | "env"
                        | "in"
                        | "on"
                        | "at"
                        | "for"
                        | "from"
                        | "after"
                        | "before"
                        | "when"
                        | "once"
                        | "if"
                        | "until"
                        | "till"
                        | "by"
                        | "during"
                        | "unless"
                        | "whenever"
                        | "since"
                        | "tomorrow"
                        | "tonight"
                        | "later"
                        | "today"
                        | "now"
                        // (Nor what is not to be done, or only shown:
                        // "Never do this: delete …", "Example: …".)
                        | "never"
                        | "don't"
                        | "dont"
                        | "not"
                        | "no"
                        | "avoid"
                        | "example"
                        | "examples"
                        | "wrong"
                        | "bad"
                        | "suppose"
                        | "imagine"
                        | "hypothetically"
                )
        })
    {
        return rest;
    }
    // "Upgrade guide, step 4: …": a document's step.
    if words.len() <= 4
        && words
            .iter()
            .any(|w| matches!(*w, "step" | "guide" | "runbook" | "playbook"))
        && !rest.is_empty()
    {
        return rest;
    }
    // "Decision from the bridge at 10:14: …", "IC decision at 21:05: …",
    // "Once more with the right name: …": a record of who decided and
    // when, or a retry, before the order; the order is what follows.
    let record = words.windows(2).any(|w| w == ["once", "more"])
        || words.contains(&"retry")
        || words.iter().any(|w| crate::words::RECORD_WORDS.contains(w));
    if record
        && words.len() <= 8
        && !rest.is_empty()
        && !words.iter().any(|w| crate::words::CHANGE_WORDS.contains(w))
    {
        return rest;
    }
    text
}

/// "show me the quota in team-atlas, devs saying they cant create pods":
/// a clause after a comma that reports what others say or see tells why
/// the request is made; its verbs are theirs, never the request's. Cut up
/// to the end of its sentence.
fn reported_tail(text: &str) -> std::borrow::Cow<'_, str> {
    const REPORTING: &[&str] = &[
        "saying",
        "say",
        "says",
        "report",
        "reports",
        "reporting",
        "complain",
        "complains",
        "complaining",
        "claim",
        "claims",
        "mentioned",
        "mention",
        "mentions",
    ];
    let Some(at) = text.find(", ") else {
        return text.into();
    };
    if text[..at].split_whitespace().count() < 3 {
        return text.into();
    }
    let rest = &text[at + 2..];
    let end = rest.find(['.', '?', '!', '\n']).map_or(rest.len(), |e| e);
    let clause: Vec<String> = rest[..end]
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    // One to three words of who, then the reporting verb.
    let reported = (1..=3).any(|k| {
        clause
            .get(k)
            .is_some_and(|w| REPORTING.contains(&w.as_str()))
            && clause[..k]
                .iter()
                .all(|w| w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\''))
            && !matches!(
                clause[0].as_str(),
                "and" | "then" | "please" | "but" | "i" | "we"
            )
    });
    if !reported {
        return text.into();
    }
    format!("{}{}", &text[..at], &rest[end..]).into()
}

/// `text` without the sentences of thanks that close it ("… namespace?
/// Thanks so much!", "… Cheers."): a sentence of its own that asks
/// nothing, which would otherwise make one request several sentences.
pub(crate) fn strip_courtesy_tail(text: &str) -> &str {
    const THANKS: &[&str] = &[
        "thanks",
        "thank",
        "thx",
        "ty",
        "tia",
        "cheers",
        "much appreciated",
        "appreciate it",
        "appreciated",
        "many thanks",
        "regards",
        "best regards",
        "kind regards",
    ];
    // Said after a comma ("uncordon node-1, false alarm"): how the
    // person feels about the request, never part of it.
    // ("nvm", "never mind" take the request back: not remarks.)
    const REMARKS: &[&str] = &[
        "my bad",
        "no rush",
        "no hurry",
        "sorry",
        "lol",
        "haha",
        "cheers",
        "thanks",
        "thank you",
        "thx",
        "ty",
        "thanks in advance",
        "thx in advance",
        "tia",
    ];
    // "false alarm" after an order that undoes one ("uncordon node-1,
    // false alarm") says why; after any other it may take it back.
    let undoing = |head: &str| {
        let first = head
            .split_whitespace()
            .find(|w| {
                !matches!(
                    w.to_ascii_lowercase().as_str(),
                    "please" | "pls" | "kubectl"
                )
            })
            .unwrap_or_default()
            .to_ascii_lowercase();
        matches!(
            first.as_str(),
            "uncordon" | "resume" | "unpause" | "untaint"
        )
    };
    let mut rest = text.trim_end();
    loop {
        let body = rest.trim_end_matches(|c: char| {
            matches!(c, '.' | '!' | '?' | ' ') || !(c.is_ascii() || c.is_alphanumeric())
        });
        if let Some(comma) = body.rfind(", ")
            && (REMARKS
                .iter()
                .any(|r| body[comma + 2..].trim().eq_ignore_ascii_case(r))
                || (body[comma + 2..].trim().eq_ignore_ascii_case("false alarm")
                    && undoing(&body[..comma])))
            && !body[..comma].trim().is_empty()
        {
            rest = body[..comma].trim_end();
            continue;
        }
        let Some(cut) = body.rfind(['.', '!', '?', '\n']) else {
            return rest;
        };
        let last = body[cut + 1..].trim().to_lowercase();
        let courteous = THANKS.iter().any(|t| {
            last.strip_prefix(t)
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', ',', '!']))
        }) && last.split_whitespace().count() <= 6;
        if !courteous || body[..cut].trim().is_empty() {
            return rest;
        }
        rest = rest[..=cut].trim_end();
    }
}

/// "pods running on a specific node, e.g. worker-11, in every
/// namespace", "a given deployment (e.g. web)": the object given as an
/// example of the kind said is that object ("node worker-11"); the dots
/// of "e.g." would otherwise end a sentence there.
fn example_said(text: &str) -> std::borrow::Cow<'_, str> {
    const CUES: [&str; 5] = ["e.g.,", "e.g.", "eg.", "i.e.,", "i.e."];
    if !CUES.iter().any(|c| contains_ignore_case(text, c)) {
        return text.into();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '.' | ';' | ':'))
            .to_ascii_lowercase()
    };
    for (at, w) in words.iter().enumerate() {
        let cue = w.trim_start_matches('(').to_ascii_lowercase();
        if !CUES.contains(&cue.as_str()) || at == 0 || at + 1 >= words.len() {
            continue;
        }
        let kind = bare(words[at - 1]);
        let Some(b) = kubechat_core::resources::lookup(&kind) else {
            continue;
        };
        let name = words[at + 1].trim_end_matches([',', ')', '.', ';', '?']);
        if kubechat_core::ResourceName::parse(&name.to_ascii_lowercase()).is_err() {
            continue;
        }
        // The words before the kind that say "some one of them".
        let mut from = at - 1;
        while from > 0
            && matches!(
                bare(words[from - 1]).as_str(),
                "a" | "an"
                    | "one"
                    | "some"
                    | "specific"
                    | "particular"
                    | "given"
                    | "certain"
                    | "single"
            )
        {
            from -= 1;
        }
        let tail = words[at + 1][name.len()..].trim_start_matches(')');
        let mut out: Vec<String> = words[..from].iter().map(|w| (*w).to_owned()).collect();
        out.push(b.singular.to_owned());
        out.push(format!("{name}{tail}"));
        out.extend(words[at + 2..].iter().map(|w| (*w).to_owned()));
        return out.join(" ").into();
    }
    text.into()
}

/// "kill that pod real quick", "restart web super fast": chat's hurry,
/// said after the order, dropped (its first word would be read as a
/// name).
/// "please delete the pod name worker-3", "restart deployment name
/// checkout": "name" between a type and a word that can be a name is
/// "named" (said so by many whose first language has no participle
/// there). "the pod name is …" and "pod name and namespace" are left.
fn name_said(text: &str) -> std::borrow::Cow<'_, str> {
    if !contains_ignore_case(text, " name ") {
        return std::borrow::Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split(' ').collect();
    let at: Vec<usize> = (1..words.len().saturating_sub(1))
        .filter(|&i| {
            let next = trim_word(words[i + 1]).to_ascii_lowercase();
            words[i] == "name"
                && frame::type_word(&trim_word(words[i - 1]).to_ascii_lowercase())
                && !words[i - 1].ends_with([',', '.', ':', ';', '?'])
                && !next.is_empty()
                && !crate::words::STOP_SET.contains(next.as_str())
                && !matches!(next.as_str(), "is" | "was" | "of" | "and" | "or" | "field")
                && kubechat_core::ResourceName::parse(&next).is_ok()
        })
        .collect();
    words_replaced(text, &words, &at, |_| "named".to_owned())
}

/// "find the claims that ask for more than 10Gi", "list all claims in
/// data": the claims of a list are PersistentVolumeClaims ("the customer
/// claims web is down" tells what someone says, and is left).
fn claims_said(text: &str) -> std::borrow::Cow<'_, str> {
    if !contains_ignore_case(text, " claims") {
        return std::borrow::Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split(' ').collect();
    let at: Vec<usize> = (1..words.len())
        .filter(|&i| {
            trim_word(words[i]).eq_ignore_ascii_case("claims")
                && matches!(
                    words[i - 1].to_ascii_lowercase().as_str(),
                    "the"
                        | "all"
                        | "any"
                        | "which"
                        | "those"
                        | "these"
                        | "pending"
                        | "bound"
                        | "unbound"
                        | "other"
                )
        })
        .collect();
    words_replaced(text, &words, &at, |w| w.replacen(trim_word(w), "pvcs", 1))
}

/// `text` (split at spaces into `words`) with the words at `at` written
/// as `with` makes them; `text` itself where there are none.
fn words_replaced<'a>(
    text: &'a str,
    words: &[&str],
    at: &[usize],
    with: impl Fn(&str) -> String,
) -> std::borrow::Cow<'a, str> {
    if at.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let out: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if at.contains(&i) {
                with(w)
            } else {
                (*w).to_owned()
            }
        })
        .collect();
    std::borrow::Cow::Owned(out.join(" "))
}

/// `text` split at spaces, and each word trimmed and in lower case (the
/// few-request rewrites below match the second and copy the first).
fn spaced_words(text: &str) -> (Vec<&str>, Vec<String>) {
    let words: Vec<&str> = text.split(' ').collect();
    let low = words
        .iter()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .collect();
    (words, low)
}

/// `words[..from]`, then `with`, then `words[to..]`, joined by spaces.
fn spliced(words: &[&str], from: usize, to: usize, with: &[String]) -> String {
    words[..from]
        .iter()
        .map(|w| (*w).to_owned())
        .chain(with.iter().cloned())
        .chain(words[to.min(words.len())..].iter().map(|w| (*w).to_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "evict all workloads from node x and make sure nothing new is
/// scheduled there", "drain x, ensuring no new pods land on it": what a
/// drain or a cordon does itself, said beside it (read alone, "nothing
/// … is scheduled" told a state, and the order was taken for a
/// statement).
fn nothing_scheduled_said(text: String) -> String {
    if !contains_ignore_case(&text, "schedul") && !contains_ignore_case(&text, " land") {
        return text;
    }
    let (words, low) = spaced_words(&text);
    if !low
        .iter()
        .any(|w| matches!(w.as_str(), "drain" | "evict" | "cordon" | "empty"))
    {
        return text;
    }
    let Some(i) = (0..low.len()).find(|&i| {
        let opens = (low[i] == "make" && low.get(i + 1).map(String::as_str) == Some("sure"))
            || matches!(low[i].as_str(), "ensure" | "ensuring");
        opens
            && low
                .iter()
                .skip(i + 1)
                .take(5)
                .any(|w| matches!(w.as_str(), "nothing" | "no"))
            && low
                .iter()
                .skip(i + 2)
                .take(7)
                .any(|w| w.starts_with("schedul") || matches!(w.as_str(), "land" | "lands"))
    }) else {
        return text;
    };
    // To the clause's end: the word that closes it with its mark.
    let end = (i..words.len())
        .find(|&k| words[k].ends_with(['.', ',', ';', '!']))
        .map_or(words.len(), |k| k + 1);
    // (After the order, and naming nothing: "we want to make sure
    // nothing schedules on `ip-10-2-9-77` … Could you cordon it?" says
    // the node.)
    let after_order = low[..i]
        .iter()
        .any(|w| matches!(w.as_str(), "drain" | "evict" | "cordon" | "empty"));
    let names_nothing = end - i <= 10
        && words[i..end].iter().all(|w| {
            !w.contains(['-', '`', '\'', '"', '/']) && !w.bytes().any(|b| b.is_ascii_digit())
        });
    if !after_order || !names_nothing {
        return text;
    }
    let from = if i > 0 && matches!(low[i - 1].as_str(), "and" | "then") {
        i - 1
    } else {
        i
    };
    // (The mark that closed the clause now closes what comes before it.)
    let head = words[..from].join(" ");
    let head = if words[end - 1].ends_with(['.', '!']) && from > 0 {
        format!("{}.", head.trim_end_matches(','))
    } else {
        head
    };
    std::iter::once(head.as_str())
        .filter(|h| !h.is_empty())
        .chain(words[end..].iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "drain worker-15 and give each pod 120 seconds to terminate": the
/// grace period, said as the time each pod is given.
fn time_to_terminate_said(text: String) -> String {
    if !contains_ignore_case(&text, "give ") || !contains_ignore_case(&text, " to ") {
        return text;
    }
    let (words, low) = spaced_words(&text);
    let at = (0..low.len()).find(|&i| {
        low[i] == "give"
            && matches!(
                low.get(i + 1).map(String::as_str),
                Some("each" | "every" | "all" | "the")
            )
            && matches!(low.get(i + 2).map(String::as_str), Some("pod" | "pods"))
            && low
                .get(i + 3)
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty())
            && matches!(
                low.get(i + 4).map(String::as_str),
                Some(
                    "seconds"
                        | "second"
                        | "secs"
                        | "sec"
                        | "s"
                        | "minutes"
                        | "minute"
                        | "mins"
                        | "min"
                )
            )
            && low.get(i + 5).map(String::as_str) == Some("to")
            && matches!(
                low.get(i + 6).map(String::as_str),
                Some("terminate" | "stop" | "exit" | "shut" | "finish" | "drain")
            )
    });
    let Some(i) = at else {
        return text;
    };
    let end = i + 7 + usize::from(low.get(i + 7).map(String::as_str) == Some("down"));
    // ("drain x and give …": the "and" joins no second order.)
    let from = if i > 0 && low[i - 1] == "and" {
        i - 1
    } else {
        i
    };
    let with = format!("with a grace period of {} {}", low[i + 3], low[i + 4]);
    spliced(&words, from, end, &[with])
}

/// "maintenance is done, let it take new pods again", "allow worker-2 to
/// accept new pods", "tell Kubernetes that node worker-2 can take new
/// pods again": an uncordon, said by what it lets happen. Only as an
/// order ("is node x able to accept new pods?" asks).
fn take_pods_again_said(text: String) -> String {
    if !contains_ignore_case(&text, " pods") && !contains_ignore_case(&text, " workloads") {
        return text;
    }
    let (words, low) = spaced_words(&text);
    // "take [new] pods [again]" from `k`: where the phrase ends.
    let takes = |k: usize| {
        if !matches!(
            low.get(k).map(String::as_str),
            Some("take" | "accept" | "receive" | "run" | "get")
        ) {
            return None;
        }
        let j = k + 1 + usize::from(low.get(k + 1).map(String::as_str) == Some("new"));
        matches!(low.get(j).map(String::as_str), Some("pods" | "workloads"))
            .then(|| j + 1 + usize::from(low.get(j + 1).map(String::as_str) == Some("again")))
    };
    let opens = |i: usize| {
        i == 0
            || matches!(
                low[i - 1].as_str(),
                "please" | "pls" | "and" | "then" | "now" | "so" | "just"
            )
            || words[i - 1].ends_with([',', ':', '.', ';'])
    };
    // (A question — "let it take new pods again?" — is asked back as
    // it was.)
    let asked = |i: usize| {
        words[i..]
            .iter()
            .find(|w| w.ends_with(['.', '?', '!']))
            .is_some_and(|w| w.ends_with('?'))
    };
    for i in 0..low.len() {
        // (Only where a phrase may start: what follows is looked at then.)
        if !matches!(low[i].as_str(), "let" | "allow" | "tell") || asked(i) {
            continue;
        }
        // "let it take new pods again", "allow worker-2 to accept new pods".
        if matches!(low[i].as_str(), "let" | "allow") && opens(i) && i + 2 < low.len() {
            // ("let node pool-b-2 accept new pods again": the type said.)
            let node = i + 1 + usize::from(low[i + 1] == "node");
            let verb = if low.get(node + 1).map(String::as_str) == Some("to") {
                node + 2
            } else {
                node + 1
            };
            if let Some(end) = takes(verb)
                && !low[node].is_empty()
                && low[node] != "me"
                && low[node] != "us"
            {
                let with = ["uncordon".to_owned(), words[node].to_owned()];
                return spliced(&words, i, end, &with);
            }
        }
        // "tell Kubernetes that node worker-2 can take new pods again".
        if low[i] == "tell"
            && matches!(
                low.get(i + 1).map(String::as_str),
                Some("kubernetes" | "k8s" | "the")
            )
        {
            let mut j = i + 2;
            if low.get(j).map(String::as_str) == Some("cluster") {
                j += 1;
            }
            if low.get(j).map(String::as_str) == Some("that") {
                j += 1;
            }
            if low.get(j).map(String::as_str) == Some("node") {
                j += 1;
            }
            if low.get(j + 1).map(String::as_str) == Some("can")
                && let Some(end) = takes(j + 2)
            {
                let with = ["uncordon".to_owned(), words[j].to_owned()];
                return spliced(&words, i, end, &with);
            }
        }
    }
    text
}

/// "pull the istio-proxy logs from checkout-7c5d9f-x8k2p": a name before
/// "logs" and a pod's name after "from" (or "of") — the first is the
/// container, said as "the istio-proxy container in checkout-…".
fn container_logs_said(text: String) -> String {
    if !contains_ignore_case(&text, " logs ") {
        return text;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let at = (1..words.len().saturating_sub(2)).find(|&i| {
        let c = trim_word(words[i - 1]);
        words[i].eq_ignore_ascii_case("logs")
            && matches!(words[i + 1].to_ascii_lowercase().as_str(), "from" | "of")
            && c.contains('-')
            && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && frame::implied_type(c) != Some("pods")
            && frame::implied_type(trim_word(words[i + 2])) == Some("pods")
            // ("the web-api logs from web-api-7c5d9f-x8k2p": the pod's
            // own workload, no container.)
            && !trim_word(words[i + 2]).starts_with(&format!("{c}-"))
    });
    let Some(i) = at else {
        return text;
    };
    let with = format!("logs of the {} container in", trim_word(words[i - 1]));
    spliced(&words, i - 1, i + 2, &[with])
}

/// "Enforce the baseline Pod Security Standard on namespace web": the
/// label the Pod Security admission reads, set on the namespace
/// (`pod-security.kubernetes.io/enforce=baseline`; "warn" and "audit"
/// modes when said).
fn pod_security_said(text: String) -> String {
    if !contains_ignore_case(&text, "security") {
        return text;
    }
    let (words, low) = spaced_words(&text);
    let Some(level_at) = (0..low.len()).find(|&i| {
        matches!(low[i].as_str(), "baseline" | "restricted" | "privileged")
            && low.get(i + 1).map(String::as_str) == Some("pod")
            && low.get(i + 2).map(String::as_str) == Some("security")
    }) else {
        return text;
    };
    let Some(verb_at) = (0..level_at)
        .rev()
        .find(|&i| matches!(low[i].as_str(), "enforce" | "apply" | "warn" | "audit"))
    else {
        return text;
    };
    // (An order: the verb opens the request, "please" aside; "should we
    // enforce …?" asks.)
    if verb_at > 0 && !matches!(low[verb_at - 1].as_str(), "please" | "pls" | "and" | "then") {
        return text;
    }
    let mut end = level_at + 3;
    while matches!(
        low.get(end).map(String::as_str),
        Some("standard" | "standards" | "level" | "profile" | "policy")
    ) {
        end += 1;
    }
    // "on namespace web", "on the web namespace", "to namespace web".
    if !matches!(low.get(end).map(String::as_str), Some("on" | "to" | "for")) {
        return text;
    }
    let mut j = end + 1;
    if low.get(j).map(String::as_str) == Some("the") {
        j += 1;
    }
    let (ns, after) = match (
        low.get(j).map(String::as_str),
        low.get(j + 1).map(String::as_str),
    ) {
        (Some("namespace" | "ns"), Some(n)) if !n.is_empty() => (trim_word(words[j + 1]), j + 2),
        (Some(n), Some("namespace" | "ns")) if !n.is_empty() => (trim_word(words[j]), j + 2),
        _ => return text,
    };
    let mode = match low[verb_at].as_str() {
        "warn" => "warn",
        "audit" => "audit",
        _ => "enforce",
    };
    // (What follows says how, by the label itself: "by adding the
    // pod-security.kubernetes.io/enforce=restricted label to it".)
    let after = if low[after..]
        .iter()
        .any(|w| w.starts_with("pod-security.kubernetes.io/"))
    {
        low.len()
    } else {
        after
    };
    let with = [format!(
        "label namespace {ns} pod-security.kubernetes.io/{mode}={} --overwrite",
        low[level_at]
    )];
    spliced(&words, verb_at, after, &with)
}

/// "can i able to create secrets in vault?" (a non-native "am I able
/// to"): the question of a right, not the change.
fn able_said(text: String) -> String {
    if !contains_ignore_case(&text, " able to") {
        return text;
    }
    phrases_replaced(
        text,
        &[
            ("can i able to", "am i able to"),
            ("can we able to", "are we able to"),
            ("can i be able to", "am i able to"),
        ],
    )
}

/// `text` with every phrase of `pairs` (lower case, found whatever its
/// case) written as its replacement.
fn phrases_replaced(text: String, pairs: &[(&str, &str)]) -> String {
    let mut out = text;
    for (from, to) in pairs {
        while let Some(at) = out.to_ascii_lowercase().find(from) {
            out.replace_range(at..at + from.len(), to);
        }
    }
    out
}

/// "make the deployment reviews to have 3 pods", "make 'chat-backend'
/// have 3 replicas instead of 6": the count wanted, said as what the
/// workload should have — a scale.
fn make_it_have_said(text: String) -> String {
    if !contains_ignore_case(&text, "make ") || !contains_ignore_case(&text, " have ") {
        return text;
    }
    let (words, low) = spaced_words(&text);
    let count = |w: &str| frame::number(w).is_some();
    for i in 0..low.len() {
        // ("make sure web has 3 replicas" checks; "we make it have …"
        // tells.)
        if low[i] != "make"
            || matches!(low.get(i + 1).map(String::as_str), Some("sure" | "certain"))
            || (i > 0 && matches!(low[i - 1].as_str(), "we" | "they" | "i" | "it"))
        {
            continue;
        }
        // "make [the] [TYPE] NAME [TYPE] [in PLACE] [to] have N pods".
        let Some(have) = (i + 2..(i + 10).min(low.len())).find(|&k| low[k] == "have") else {
            continue;
        };
        let (Some(n), Some(unit)) = (low.get(have + 1), low.get(have + 2)) else {
            continue;
        };
        if !count(n)
            || !matches!(
                unit.as_str(),
                "pod" | "pods" | "replica" | "replicas" | "instances"
            )
        {
            continue;
        }
        // (A second order joined after it is read with it, not lost:
        // "… have 3 replicas and roll out the new image".)
        let sentence_end = (have..words.len())
            .find(|&k| words[k].ends_with(['.', '?', '!']))
            .map_or(words.len(), |k| k + 1);
        if low[have..sentence_end]
            .iter()
            .any(|w| matches!(w.as_str(), "and" | "then"))
        {
            continue;
        }
        let mut end = have - usize::from(low[have - 1] == "to");
        let object: Vec<&str> = words[i + 1..end]
            .iter()
            .copied()
            .filter(|w| !w.eq_ignore_ascii_case("the"))
            .collect();
        if object.is_empty() || object.len() > 6 {
            continue;
        }
        end = have + 3;
        let with = [format!("scale {} to {n} replicas", object.join(" "))];
        return spliced(&words, i, end, &with);
    }
    text
}

/// "could someone with cluster access restart x?": who may do it, said
/// of whoever answers; the request is the same without it.
fn with_access_removed(text: String) -> String {
    if !contains_ignore_case(&text, " access") {
        return text;
    }
    let lower = text.to_ascii_lowercase();
    for who in ["someone", "somebody", "anyone", "anybody"] {
        for access in [
            " with access",
            " with cluster access",
            " with prod access",
            " with admin access",
            " with the access",
            " with write access",
        ] {
            let phrase = format!("{who}{access}");
            if let Some(at) = lower.find(&phrase) {
                let mut out = text;
                out.replace_range(at + who.len()..at + phrase.len(), "");
                return out;
            }
        }
    }
    text
}

/// "make it not schedulable", "mark node-3 as non-schedulable", "node-3
/// should no longer be schedulable": the negation said apart is the one
/// word "unschedulable" (read alone, "schedulable" would uncordon).
fn unschedulable_said(text: String) -> String {
    const NEGATED: [(&str, &str); 8] = [
        ("not be schedulable", "be unschedulable"),
        ("no longer be schedulable", "be unschedulable"),
        ("not schedulable", "unschedulable"),
        ("no longer schedulable", "unschedulable"),
        ("non-schedulable", "unschedulable"),
        ("non schedulable", "unschedulable"),
        ("nonschedulable", "unschedulable"),
        ("isn't schedulable", "is unschedulable"),
    ];
    if !contains_ignore_case(&text, "schedulable") {
        return text;
    }
    phrases_replaced(text, &NEGATED)
}

/// "postmortem doc is up. last thing before I go: roll x back": a
/// sentence that opens with "one more thing", "last thing" (and when)
/// before a colon is the request after the colon, now.
fn thing_heading_removed(text: String) -> String {
    const HEADS: [&str; 5] = [
        "one more thing",
        "last thing",
        "one last thing",
        "another thing",
        "final thing",
    ];
    if !contains_ignore_case(&text, "thing") {
        return text;
    }
    let lower = text.to_ascii_lowercase();
    let starts = std::iter::once(0).chain(
        lower
            .match_indices(['.', '!', '?', '\n'])
            .map(|(i, _)| i + 1)
            .filter(|&i| i < lower.len()),
    );
    let mut cut: Vec<(usize, usize)> = Vec::new();
    for start in starts {
        let at = start + (lower.len() - start - lower[start..].trim_start().len());
        let rest = &lower[at..];
        if HEADS.iter().any(|h| rest.starts_with(h))
            && let Some(colon) = rest.find(": ")
            && colon <= 50
            && !rest[..colon].contains(['.', '\n'])
        {
            cut.push((at, at + colon + 2));
        }
    }
    if cut.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (a, b) in cut {
        out.push_str(&text[from..a]);
        from = b;
    }
    out.push_str(&text[from..]);
    out
}

fn hurry_said(text: &str) -> std::borrow::Cow<'_, str> {
    const HURRY: [&str; 5] = [
        "real quick",
        "real fast",
        "right quick",
        "super quick",
        "super fast",
    ];
    let mut out = std::borrow::Cow::Borrowed(text);
    for h in HURRY {
        if !contains_ignore_case(&out, h) {
            continue;
        }
        let lower = out.to_ascii_lowercase();
        let mut kept = String::with_capacity(out.len());
        let mut last = 0;
        for (at, _) in lower.match_indices(h) {
            let end = at + h.len();
            let whole = (at == 0 || lower.as_bytes()[at - 1] == b' ')
                && lower
                    .as_bytes()
                    .get(end)
                    .is_none_or(|b| !b.is_ascii_alphanumeric());
            if whole && at >= last {
                kept.push_str(out[last..at].trim_end());
                last = end;
            }
        }
        kept.push_str(&out[last..]);
        out = std::borrow::Cow::Owned(kept);
    }
    out
}

/// "would you mind restarting web", "do you mind scaling api": the
/// order said as a gerund after "mind", given back as the order ("would
/// you mind restart web"), which the verb lexicon reads. Only a gerund
/// of a verb the lexicon knows is changed.
fn mind_gerund(text: &str) -> std::borrow::Cow<'_, str> {
    // Most requests say no "mind": passed over without a copy.
    if !text
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"mind "))
    {
        return text.into();
    }
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find("mind ") else {
        return text.into();
    };
    if !lower[..at].trim_end().ends_with("you") || lower.len() != text.len() {
        return text.into();
    }
    let start = at + "mind ".len();
    let end = lower[start..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(lower.len(), |k| start + k);
    let Some(stem) = lower[start..end].strip_suffix("ing") else {
        return text.into();
    };
    let doubled = stem
        .len()
        .checked_sub(1)
        .filter(|&k| k > 0 && stem.as_bytes()[k] == stem.as_bytes()[k - 1])
        .map(|k| &stem[..k]);
    let base = [
        Some(stem.to_owned()),
        Some(format!("{stem}e")),
        doubled.map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .find(|v| crate::words::VERB_SINGLE.contains(v.as_str()));
    match base {
        Some(verb) => format!("{}{verb}{}", &text[..start], &text[end..]).into(),
        None => text.into(),
    }
}

/// `text` with "I am wanting to" / "I'm looking to" at its start written
/// "I want to".
fn wish_said(text: String) -> String {
    const WISHES: [(&str, &str); 17] = [
        // ("need restart deployment x in y, config was changed": the
        // order said as what is needed, "to" left out or not.)
        ("need to ", "please "),
        ("i need to ", "I want to "),
        ("need restart ", "please restart "),
        ("need delete ", "please delete "),
        ("need scale ", "please scale "),
        ("i need restart ", "please restart "),
        ("i need delete ", "please delete "),
        ("i am wanting to ", "I want to "),
        ("i'm wanting to ", "I want to "),
        ("im wanting to ", "I want to "),
        ("i am looking to ", "I want to "),
        ("i'm looking to ", "I want to "),
        ("im looking to ", "I want to "),
        // "Is there a way to restart all deployments in qa?": how it is
        // done, asked ("is there a way to only see warnings" still reads).
        ("is there a way to ", "how do I "),
        ("is there any way to ", "how do I "),
        ("is there a command to ", "how do I "),
        ("is there a kubectl command to ", "how do I "),
    ];
    // (The opening compared in place: most requests say none.)
    match WISHES.iter().find(|(w, _)| {
        text.get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
    }) {
        Some((w, to)) => format!("{to}{}", &text[w.len()..]),
        None => text,
    }
}

fn translate_text(text: &str) -> Result<(Operation, f64)> {
    crate::refuse_control_characters(text)?;
    let text = normalize::normalize(text).map_err(|_| frame::not_understood("unreadable text"))?;
    let text = normalize::spoken_names(&text);
    // "Dry run": every change is previewed by a server-side dry run.
    let cased = strip_dry_run(&text);
    // "I am wanting to rollback …", "I'm looking to restart …": a wish
    // said as "I want to" is ("I'm trying to …" tells what went wrong).
    let cased = wish_said(cased);
    let cased = command_lead(whole_said(chat_marks_removed(cased)));
    let cased = label_said(&cased).unwrap_or(cased);
    let cased = account_said(cased);
    // (Each rewrite looks for its own words first, and passes the text
    // on untouched where they are not said.)
    const REWRITES: [fn(String) -> String; 11] = [
        take_down_said,
        nothing_scheduled_said,
        thing_heading_removed,
        unschedulable_said,
        pod_security_said,
        able_said,
        with_access_removed,
        make_it_have_said,
        container_logs_said,
        take_pods_again_said,
        time_to_terminate_said,
    ];
    let cased = REWRITES.iter().fold(cased, |text, rewrite| rewrite(text));
    // (The rewrites below are each for a few requests: one search says
    // which of their words the text holds.)
    let said = rewrite_cues(&cased);
    let cased = if said & CUE_BACK != 0 {
        back_to_count_said(cased)
    } else {
        cased
    };
    let cased = if said & CUE_CUT != 0 {
        halved_said(cased)
    } else {
        cased
    };
    let cased = if said & CUE_LET != 0 {
        let_it_follow_said(cased)
    } else {
        cased
    };
    let cased = if said & CUE_DO != 0 {
        do_it_now_said(cased)
    } else {
        cased
    };
    let cased = strip_answer_template(strip_asides(strip_interjections(strip_courtesy_tail(
        &mind_gerund(&hurry_said(&claims_said(&name_said(&example_said(
            &equals_said(&key_values_said(&reported_tail(&namespace_first(
                &namespace_last(&own_identity(&service_type_said(&namespace_pair(
                    &fields_said(strip_heading(&cased)),
                )))),
            )))),
        ))))),
    ))));
    let lower = cased.to_lowercase();
    if let Some(e) = refusal(&lower) {
        return Err(e);
    }
    if let Some(change) = inability_told(&cased) {
        let (op, _) = translate_text(change)?;
        return match diagnosis_of(&op) {
            Some(d) if op.risk() != kubechat_core::Risk::Read => Ok((d, 0.85)),
            _ => Err(frame::not_understood(
                "this tells of a change that could not be made; name the object to look into",
            )),
        };
    }
    if let Some(seen) = command_output_told(&text) {
        return translate_text(&seen);
    }
    // Prose that names the command ("list them using kubectl get pods
    // -A"): the command is the request.
    if let Some(found) = embedded_kubectl(&text) {
        // "A junior engineer ran `kubectl delete pvc x` yesterday … Just
        // show me which claims still exist": the command told as run is
        // not offered again, and a read the rest asks for is answered.
        if let Err(Error::NotUnderstood { reason, .. }) = &found
            && reason.contains("as already run")
            && let Some(without) = quoted_command_removed(&text)
            && let Ok((op, confidence)) = translate_text(&without)
            && op.risk() == kubechat_core::Risk::Read
        {
            return Ok((op, confidence));
        }
        return found;
    }
    // The sentences are classified in lower case but read as written, so
    // values keep their case ("env=Prod"); where lower-casing moves bytes
    // (a few non-Latin letters), they are read in lower case.
    let aligned = cased.len() == lower.len()
        && cased
            .chars()
            .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8());
    let mut all = sentences::sentences_cased(&lower, if aligned { &cased } else { &lower });
    // "Incident INC-2231: errors in ns ingest. Action: delete pods with
    // label app=x": a heading opens a later sentence too.
    for s in all.iter_mut().skip(1) {
        let body = strip_heading(&s.text);
        if body.len() < s.text.len() {
            s.text = body.to_owned();
        }
    }
    // "Title: Rollback shipping-quote after bad release\nBody: … Roll it
    // back …": a ticket's title sums up its body, where the request is
    // said; read as what it is about, it asks nothing twice.
    // (Where the body asks something itself, its own objects are the
    // ones meant: the title's words are set aside.)
    // ("Body: Before we decommission X, list …": a field's name left
    // alone by the clause cut after it.)
    all.retain(|s| {
        !s.text
            .trim()
            .strip_suffix(':')
            .is_some_and(|f| ticket_field(&f.to_ascii_lowercase()))
    });
    let mut all = place_aside_joined(drain_options_joined(all));
    if all.len() > 1 && ticket_titled(&text) {
        if all[1..].iter().any(|s| s.kind == Kind::Request) {
            all.remove(0);
        } else {
            all[0].kind = Kind::Statement;
        }
    } else if let Some(title) = post_title(&text) {
        // "Pod stuck in Init:CrashLoopBackOff\n\n`report-gen-6d8c` in
        // namespace bi is in Init:CrashLoopBackOff. Why is this
        // happening?": a post's title sums up what its body asks, and
        // the body says which object; the title's sentences tell.
        let in_title = all
            .iter()
            .take_while(|s| contains_ignore_case(title, s.text.trim_end_matches(['.', '?', '!'])))
            .count();
        if in_title > 0
            && in_title < all.len()
            && all[in_title..].iter().any(|s| s.kind == Kind::Request)
        {
            for s in &mut all[..in_title] {
                s.kind = Kind::Statement;
            }
        }
    }
    // "… a pod landed on? The pod is ml-trainer-0 in ml.": said where
    // the request needs it.
    let all = identify::apply(all);
    let all = label_pointed(all);
    let all = replicas_told(all);
    let mut readings = Readings::default();
    if all.len() == 1 {
        let two = (all[0].kind == Kind::Request)
            .then(|| two_orders(&all[0].text, &mut readings))
            .flatten();
        let r = match two {
            Some(read) => read?,
            None => readings.read(&all[0].text)?,
        };
        // ("new rule from security: nobody execs into prod pods", "we
        // should put an HPA on x at some point": nothing to look at now.)
        if all[0].kind == Kind::Statement && sentences::rule_or_plan(&all[0].text) {
            return Err(frame::not_understood(
                "this states a rule or a plan and asks for nothing now; say what to look at or change",
            ));
        }
        // "the deployment was resized to 7 replicas" tells, it does not
        // ask: a statement is never read as a change.
        if all[0].kind == Kind::Statement && r.op.risk() != kubechat_core::Risk::Read {
            return Err(frame::not_understood(
                "this reads as a statement, not a request for a change; say what to change",
            ));
        }
        reading_checked(&all[0].text, &text, &r.op)?;
        namespace_pointed_unsaid(&all[0].text, &r.op)?;
        return Ok((r.op, r.confidence));
    }
    let all = resolve_pronouns(all, &mut readings);
    let all = resolve_them(all, &mut readings);
    let all = point_namespace(all);
    let all = container_told(all);
    let mut best: Option<frame::Reading> = None;
    let mut best_text = String::new();
    let mut first_err = None;
    let mut asked_unclear = false;
    let mut seen = false;
    let mut context: Vec<Namespace> = Vec::new();
    // Objects the other sentences name, for "it" in the request.
    let mut named: Vec<frame::Reading> = Vec::new();
    // Objects said with their type in sentences read as nothing (a pasted
    // message, a statement of trouble): read only if a bare question
    // asks about them.
    let mut unread_objects: Vec<(&'static str, String)> = Vec::new();
    // The changes the request sentences ask for.
    let mut changes: Vec<Operation> = Vec::new();
    // A change asked for and not read completely ("Scale the deployment
    // to 3. Verify that the pods are running."): what to ask back, rather
    // than answer the check that follows it.
    let mut unread_change = None;
    // "Determine the reason.", "Find the root cause.": the bare trouble
    // question that reads as nothing alone.
    let mut bare_asked = false;
    for s in &all {
        if s.kind == Kind::Format {
            continue;
        }
        // (A pasted message is what was seen, read as nothing but the
        // object it says with its type.)
        if sentences::pasted_message(&s.text) {
            if let Some(object) = typed_object(&s.text) {
                if let Some(ns) = frame::namespace_said(&s.text) {
                    context.push(ns);
                }
                unread_objects.push(object);
            }
            continue;
        }
        let reading = readings.read(&s.text);
        if s.kind == Kind::Request && reading.is_err() && bare_trouble_question(&s.text) {
            bare_asked = true;
        }
        // A sentence read as nothing may still say where ("A new
        // namespace 'analytics' was created for the data team").
        // ("checkout in shop is serving stale certs": the place of the
        // object told.)
        if reading.is_err()
            && let Some(ns) = frame::namespace_said(&s.text)
                .or_else(|| placed_subject(&s.text).map(|(_, place)| place))
        {
            context.push(ns);
        }
        // Whether a sentence came before this one ("To see the pods you
        // just labeled, run": the "run" that follows is no request).
        let read_before = std::mem::replace(&mut seen, true);
        match (&reading, s.kind) {
            (Ok(r), Kind::Request) => {
                if let Some(ns) = stated_namespace(r) {
                    context.push(ns);
                }
                if r.op.risk() != kubechat_core::Risk::Read {
                    changes.push(r.op.clone());
                }
                // A change asked for after trouble is told is the request:
                // "node01 is experiencing problems with memory. Take it down
                // for maintenance by disabling scheduling" describes, then
                // asks; the diagnosis the trouble reads as is not asked.
                // ("Get the full YAML manifest of service inventory. Print
                // it as-is.": the same object again, said less fully,
                // keeps the fuller reading.)
                // ("Show me the metrics-server logs in kube-system;
                // something seems off with the HPA metrics": a look at one
                // named object, asked, outranks a diagnosis of no object
                // said beside it as the reason.)
                let reason_beside = |b: &frame::Reading| {
                    r.op.verb == kubechat_core::Verb::Diagnose
                        // (Or of a plain word: "… off with the HPA numbers".)
                        && r.op.name.as_ref().is_none_or(|n| {
                            n.as_str().bytes().all(|c| c.is_ascii_lowercase())
                        })
                        && b.explicit_verb
                        && b.op.name.is_some()
                        && b.op.risk() == kubechat_core::Risk::Read
                };
                if best.as_ref().is_none_or(|b| {
                    !reason_beside(b) && !said_again_less(&b.op, &r.op) && rank(r) > rank(b)
                        || widens(&b.op, &r.op)
                        || (b.op.verb == kubechat_core::Verb::Diagnose
                            && r.explicit_verb
                            && (r.op.risk() != kubechat_core::Risk::Read
                                // "… looks stuck. can u check the rollout
                                // status?": a look the diagnosis does not
                                // take (it reads the logs and events).
                                || matches!(
                                    r.op.verb,
                                    kubechat_core::Verb::RolloutStatus
                                        | kubechat_core::Verb::RolloutHistory
                                )
                                // "… will not become ready. Show the
                                // detailed description of the
                                // statefulset": the look asked for.
                                || (r.op.verb == kubechat_core::Verb::Describe
                                    && r.op.name.is_some()
                                    && r.op.name == b.op.name)))
                }) {
                    if let Some(b) = best.take().filter(|b| b.op.name.is_some()) {
                        named.push(b);
                    }
                    best = reading.ok();
                    best_text.clone_from(&s.text);
                } else if r.op.name.is_some() {
                    named.push(r.clone());
                }
            }
            (Ok(r), _) => {
                if let Some(ns) = stated_namespace(r) {
                    context.push(ns);
                }
                if r.op.name.is_some() && r.op.resource.as_str() != "namespaces" {
                    named.push(r.clone());
                }
            }
            (Err(e @ Error::Refused { .. }), Kind::Request) => return Err(e.clone()),
            // "Listen on port 8888, forwarding to 5000 in the pod": an
            // action asked for first that the rules do not read is asked
            // back; another clause's reading would answer something else.
            (Err(e @ Error::NotUnderstood { reason, .. }), Kind::Request)
                if reason.contains(frame::UNREAD_ACTION) =>
            {
                if !read_before {
                    return Err(e.clone());
                }
                first_err.get_or_insert(e.clone());
                // A change ordered is never answered from a statement
                // instead ("The service my-svc is of type ClusterIP.
                // Change it to NodePort.").
                if frame::CHANGE_ORDERS
                    .iter()
                    .any(|a| reason.contains(&format!("\"{a}\"")))
                {
                    asked_unclear = true;
                }
            }
            // A request read as something, but not completely ("change
            // pod's image to nginx:1.7.1" names no container): asked back
            // rather than answered from a statement.
            (Err(e @ Error::NotUnderstood { reason, .. }), Kind::Request)
                if !reason.contains(frame::NOTHING_FOUND) =>
            {
                first_err.get_or_insert(e.clone());
                asked_unclear = true;
                if unread_change.is_none() && frame::asks_for_change(&s.text) {
                    unread_change = Some(e.clone());
                }
            }
            (Err(e), Kind::Request) => {
                first_err.get_or_insert(e.clone());
            }
            // "the daemonset fluent-bit isn't running on node worker-12.
            // why not?": a statement the rules read as nothing still
            // tells the object it opens with, for a bare question after
            // it.
            (Err(_), Kind::Statement) => {
                if let Some(object) = typed_objects(&s.text).into_iter().next() {
                    unread_objects.push(object);
                }
            }
            (Err(_), _) => {}
        }
    }
    // "… now none of its pods become ready in finance. What broke?": a
    // read said with no verb, only as what is seen, and a bare question
    // of what is wrong after it asks for the object's diagnosis.
    if !unread_objects.is_empty() && (bare_asked || bare_trouble_question(&best_text)) {
        for (kind, name) in unread_objects {
            if let Ok(r) = readings.read(&format!("describe {kind} {name}"))
                && crate::words::FAILABLE.contains(&r.op.resource.as_str())
            {
                named.push(r);
            }
        }
    }
    // ("… now none of its pods become ready": "its" left unread, the
    // one object told is meant.)
    if bare_asked
        && let Some(b) = best.as_mut()
        && !b.explicit_verb
        && b.op.risk() == kubechat_core::Risk::Read
        && crate::words::FAILABLE.contains(&b.op.resource.as_str())
        && let Some(mut d) = diagnosis_of(&b.op).or_else(|| one_object(&named))
    {
        if d.namespace.is_none() {
            d.namespace.clone_from(&b.op.namespace);
        }
        b.op = d;
    }
    if best.is_none()
        && bare_asked
        && let Some(mut about) = one_object(&named)
    {
        // ("… what broke? (monitoring ns)": the one place said.)
        if about.namespace.is_none()
            && let Some(ns) = context.first()
            && context.iter().all(|c| c == ns)
        {
            about.namespace = Some(ns.clone());
        }
        return Ok((about, 0.9));
    }
    // Nothing asked: a read that a statement implies may answer; a
    // change never comes from a statement.
    // ("the search-indexer deployment is stuck, what's going on?": the
    // reading that names the object outranks a diagnosis of nothing.)
    if best.is_none() && !asked_unclear {
        best = all
            .iter()
            .filter(|s| s.kind == Kind::Statement)
            .filter(|s| !sentences::pasted_message(&s.text))
            .filter(|s| !sentences::rule_or_plan(&s.text))
            .filter_map(|s| readings.read(&s.text).ok())
            .filter(|r| r.op.risk() == kubechat_core::Risk::Read)
            .max_by(|a, b| {
                let aimed = |r: &frame::Reading| {
                    r.op.verb != kubechat_core::Verb::Diagnose || r.op.name.is_some()
                };
                aimed(a).cmp(&aimed(b)).then(rank(a).total_cmp(&rank(b)))
            });
    }
    if let Some(e) = unread_change
        && best
            .as_ref()
            .is_none_or(|b| b.op.risk() == kubechat_core::Risk::Read)
    {
        return Err(e);
    }
    // Several sentences that each ask for a change: a plan of several
    // steps, asked back rather than carried out one step silently.
    if distinct_changes(&changes) > 1 {
        return Err(frame::not_understood(
            "this asks for several changes; ask for one at a time",
        ));
    }
    let Some(mut r) = best else {
        return Err(
            first_err.unwrap_or_else(|| frame::not_understood("nothing in it asks for something"))
        );
    };
    // "Don't restart deployment api. Restart deployments in edge", "…
    // db-0 must never be deleted": every object of a kind (`--all`),
    // where another sentence spares some of them, is asked back ("Do not
    // change anything else" spares nothing in particular).
    if r.op.params.all
        && all
            .iter()
            .any(|s| s.text != best_text && spares_some(&s.text))
    {
        return Err(Error::NotUnderstood {
            reason: "the message leaves some of them out; name the objects to change, or give a label selector that picks them".into(),
            suggestions: vec![format!("{} {} -l app=NAME", r.op.verb, r.op.resource)],
        });
    }
    // One drain said twice, the second time with how ("… ignoring the
    // daemonsets"): every flag said is kept.
    if r.op.verb == kubechat_core::Verb::Drain {
        for c in changes
            .iter()
            .filter(|c| c.verb == kubechat_core::Verb::Drain && c.name == r.op.name)
        {
            r.op.params.ignore_daemonsets |= c.params.ignore_daemonsets;
            r.op.params.delete_emptydir_data |= c.params.delete_emptydir_data;
        }
    }
    // An object created from words, with more sentences about it ("…
    // Container 'app' should have CPU request 30m"): what those ask for
    // kubectl's flags cannot say, and a partial object would drop it.
    // ("You're an on-call assistant. Create a namespace named
    // billing-v2." — a sentence that says nothing of the object — adds
    // nothing to it.)
    // (An autoscaler is said whole by its bounds and CPU target; another
    // sentence about the workload it scales adds to it only where it
    // says what flags cannot: "The platform team wants autoscaling for
    // the resizer deployment. Configure it to scale between 3 and 12 …")
    let name = r.op.name.as_ref().map(|n| n.as_str().to_owned());
    let autoscaler_whole = r.op.resource.as_str() == "horizontalpodautoscalers"
        && !all.iter().any(|s| {
            [
                "memory",
                "behavior",
                "behaviour",
                "stabiliz",
                "window",
                "metric",
            ]
            .iter()
            .any(|w| contains_ignore_case(&s.text, w))
        });
    // (So is a namespace by its name: "create the namespace observability
    // so we can install prometheus into it" says what it is for.)
    let namespace_whole = r.op.resource.as_str() == "namespaces"
        && !all.iter().any(|s| {
            ["label", "annotat", "quota", "limit"]
                .iter()
                .any(|w| contains_ignore_case(&s.text, w))
        });
    if r.op.verb == kubechat_core::Verb::Create
        && !autoscaler_whole
        && !namespace_whole
        && all
            .iter()
            .filter(|s| s.kind != Kind::Format && s.text != best_text)
            .any(|s| says_of_object(&s.text, name.as_deref()))
    {
        return Err(frame::not_understood(
            "this describes an object in several sentences, which needs a whole manifest; paste the manifest, or ask with an LLM provider configured",
        ));
    }
    if let Some(read) = two_orders(&best_text, &mut readings) {
        r = read?;
    }
    reading_checked(&best_text, &text, &r.op)?;
    // "The web-app deployment has 0 available replicas. What happened?":
    // a bare question after a situation that names one object asks what
    // is wrong with it.
    if r.op.name.is_none()
        && bare_trouble_question(&best_text)
        && let Some(about) = one_object(&named)
    {
        r.op = about;
    }
    // "We have a Certificate called `api-public` in `edge`. … can anyone
    // show me why it is not renewed further?": a plain word the request
    // read as the name, said nowhere else, where the other sentences tell
    // one object of that type by a name shaped as one.
    // (A look only: a change to another object than the word said is
    // never guessed — "payments-api looks healthy. restart api".)
    let read = r.op.risk() == kubechat_core::Risk::Read;
    if let Some(told) = r.op.name.as_ref().filter(|_| read).and_then(|n| {
        prose_word_named(&text, n.as_str())
            .then(|| told_of_type(&named, &r.op.resource))
            .flatten()
    }) {
        r.op.name = told.name;
        if r.op.namespace.is_none() && !r.op.all_namespaces {
            r.op.namespace = told.namespace;
        }
    }
    // "`argocd-repo-server` restarts every ten minutes. … Show the logs
    // of the repo server": a name said short, after it was told whole.
    if let Some(short) = r.op.name.clone() {
        match told_whole(&text, short.as_str()).as_slice() {
            [whole] if read => r.op.name = Some(whole.clone()),
            [whole] => {
                return Err(frame::not_understood(format!(
                    "\"{short}\" may be {whole}, said whole elsewhere, or another object; say which"
                )));
            }
            // ("we have `orders-api` and `users-api` in shop … restart the
            // api": which of them is not said.)
            [] => {}
            several => {
                let names: Vec<&str> = several.iter().map(|n| n.as_str()).collect();
                return Err(frame::not_understood(format!(
                    "\"{short}\" may be any of {}; say which",
                    names.join(", ")
                )));
            }
        }
    }
    // A namespace stated elsewhere ("… in the shop namespace. List the
    // pods in that namespace") fills the empty slot when it is the only
    // one stated.
    let mut stated: Vec<Namespace> = Vec::new();
    for ns in context {
        if !stated.contains(&ns) {
            stated.push(ns);
        }
    }
    let namespaced = r.op.resource.builtin().is_none_or(|b| b.namespaced);
    if r.op.namespace.is_none()
        && !r.op.all_namespaces
        && namespaced
        && let [ns] = stated.as_slice()
    {
        r.op.namespace = Some(ns.clone());
    }
    // "ok so the thing is cart in shop has a stale cache. restart cart.":
    // the object named, placed in another sentence.
    if r.op.namespace.is_none()
        && !r.op.all_namespaces
        && namespaced
        && stated.is_empty()
        && let Some(name) = r.op.name.as_ref()
        && let [ns] = placed_elsewhere(&all, &best_text, name.as_str()).as_slice()
    {
        r.op.namespace = Some(ns.clone());
    }
    // Several stated and none said in the change's own sentence: acting
    // in the default namespace would drop them all; asked back.
    if r.op.namespace.is_none()
        && !r.op.all_namespaces
        && namespaced
        && stated.len() > 1
        && r.op.risk() != kubechat_core::Risk::Read
    {
        return Err(Error::NotUnderstood {
            reason: format!(
                "the message says several namespaces ({}); say which one the change is in",
                stated
                    .iter()
                    .map(Namespace::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            suggestions: stated
                .iter()
                .map(|ns| format!("{} -n {ns}", kubechat_core::kubectl::render(&r.op)))
                .collect(),
        });
    }
    // "List the pods in prod. Print them in wide format.": the format
    // sentence's one output goes to the list it is about.
    if r.op.verb == kubechat_core::Verb::Get
        && r.op.params.output.is_none()
        && r.op.params.columns.is_empty()
        && let [format] = said_formats(&all).as_slice()
    {
        r.op.params.output = Some(*format);
    }
    // "staging has a stuck job. delete job migrate in that namespace":
    // pointed at, and no other sentence marks one — never the default.
    namespace_pointed_unsaid(&best_text, &r.op)?;
    Ok((r.op, r.confidence))
}

/// "How do I view the logs of a pod's init container? pod is app-0,
/// init container migrate", "… logs of a container in a pod? Pod:
/// web-67d, container: envoy": the one container another sentence names
/// goes to the request for logs, before it is read (read alone, it asks
/// which, or reads the pod's default container).
fn container_told(mut all: Vec<Sentence>) -> Vec<Sentence> {
    if !all
        .iter()
        .any(|s| contains_ignore_case(&s.text, "container"))
    {
        return all;
    }
    let said: Vec<(usize, kubechat_core::ContainerName)> = all
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != Kind::Format)
        .filter_map(|(i, s)| frame::container_said(&s.text).map(|c| (i, c)))
        .collect();
    let [(from, c)] = said.as_slice() else {
        return all;
    };
    // ("The payments deployment's container 'app' is on payments:1.4.
    // Update it to payments:1.5.": the image is set on the container
    // told, never on every container.)
    let image_set = |t: &str| {
        t.split_whitespace().any(|w| {
            frame::image_token(w.trim_end_matches(['.', ',', '!', '?'])) && !w.contains('=')
        })
    };
    for (i, s) in all.iter_mut().enumerate() {
        if i != *from
            && s.kind == Kind::Request
            && (contains_ignore_case(&s.text, "log")
                || (image_set(&s.text) && !contains_ignore_case(&s.text, "container")))
        {
            s.text = format!(
                "{}, container {c}",
                s.text.trim_end_matches(['.', '?', '!'])
            );
        }
    }
    all
}

/// "delete pod web-1 in that namespace", "events for the same ns", said
/// alone: it points at a namespace the request does not say; reading the
/// default would drop it without a word. ("this namespace" is the one
/// the chat works in.)
fn namespace_pointed_unsaid(text: &str, op: &Operation) -> Result<()> {
    if op.namespace.is_some()
        || op.all_namespaces
        || op.resource.builtin().is_some_and(|b| !b.namespaced)
        || !(contains_ignore_case(text, "namespace") || contains_ignore_case(text, " ns"))
    {
        return Ok(());
    }
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().map(trim_word).collect();
    // (Also "their", "its", "the right …", "the usual …": a namespace
    // known to the person, not said.)
    // ("delete svc web in the namespace asap": "the namespace", named
    // nowhere.)
    let Some(i) = (1..words.len()).find(|&i| {
        matches!(words[i], "namespace" | "ns")
            && (matches!(words[i - 1], "that" | "same")
                || frame::NOT_A_NAMESPACE.contains(&words[i - 1])
                // ("List all pods in the namespace": the one the chat
                // works in, as kubectl's reference says it.)
                || (words[i - 1] == "the"
                    && op.risk() != kubechat_core::Risk::Read
                    && i >= 2
                    && matches!(words[i - 2], "in" | "from")
                    && words.get(i + 1).is_some_and(|w| {
                        crate::chat_word(w)
                            || matches!(*w, "now" | "asap" | "please" | "pls" | "too" | "again")
                    })))
    }) else {
        return Ok(());
    };
    Err(Error::NotUnderstood {
        reason: format!(
            "\"{} {}\" points at a namespace not said here; say which",
            words[i - 1],
            words[i]
        ),
        suggestions: vec![format!(
            "{} -n NAMESPACE",
            kubechat_core::kubectl::render(op)
        )],
    })
}

/// "Several Jobs in namespace etl have completed. Delete all jobs in that
/// namespace that carry the label pipeline=daily": the namespace pointed
/// at is the one the other sentences state, written in where it is
/// pointed at. Read as it stands, "that" narrowed the deletion (asked
/// back). None stated, or several, leave the text as it is.
fn point_namespace(mut all: Vec<Sentence>) -> Vec<Sentence> {
    const POINTERS: &[&str] = &[
        "that namespace",
        "the same namespace",
        "this namespace",
        "that ns",
    ];
    // Whole words only ("that ns", never "that nslookup").
    let pointing = |text: &str| {
        let lower = text.to_ascii_lowercase();
        // "Can you list the pods there …?": "there" right after a plural
        // type points at the place another sentence names.
        // ("show me the recent events there", "what I'm allowed to do
        // there?": "there" ending the request, after what is done.)
        let there = lower.match_indices(" there").find(|(at, _)| {
            let rest = lower[at + 6..].trim_start_matches(['?', '.', '!', ' ']);
            let before = lower[..*at].rsplit(' ').next().unwrap_or_default();
            lower[at + 6..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
                && (crate::words::plural_type(before)
                    || (rest.is_empty()
                        && matches!(before, "events" | "event" | "do" | "running" | "logs")))
        });
        if let Some((at, _)) = there {
            return Some((at + 1, 5));
        }
        POINTERS.iter().find_map(|p| {
            lower
                .match_indices(p)
                .find(|(at, _)| {
                    lower[at + p.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                })
                .map(|(at, _)| (at, p.len()))
        })
    };
    if !all.iter().any(|s| pointing(&s.text).is_some()) {
        return all;
    }
    // The namespaces the other sentences say with a marker; for "there",
    // kube-system and its like said unmarked too ("things in kube-system
    // look weird").
    let mut stated: Vec<Namespace> = Vec::new();
    let mut placed: Vec<Namespace> = Vec::new();
    let mut said_bare: Vec<Namespace> = Vec::new();
    for s in all.iter().filter(|s| pointing(&s.text).is_none()) {
        let system = s
            .text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|w| crate::words::kubernetes_namespace(w))
            .and_then(|w| Namespace::parse(w).ok());
        let marked = frame::namespace_said(&s.text);
        // ("Linux capabilities: in pol-caps no container may …": said
        // bare, with "in".)
        let bare = marked.clone().or_else(|| {
            frame::place_read(&s.text).filter(|ns| !crate::words::kubernetes_namespace(ns.as_str()))
        });
        for (list, ns) in [
            (&mut stated, marked.clone()),
            (&mut placed, marked.or(system)),
            (&mut said_bare, bare),
        ] {
            if let Some(ns) = ns
                && !list.contains(&ns)
            {
                list.push(ns);
            }
        }
    }
    for s in &mut all {
        // A sentence that names a namespace of its own ("Delete
        // namespace test and all jobs in that namespace") points there.
        let Some((at, len)) =
            pointing(&s.text).filter(|_| frame::namespace_said(&s.text).is_none())
        else {
            continue;
        };
        // "there" is loose ("kube-system is fine, shop is broken, delete
        // the failed pods there" may mean either): it places reads only;
        // a change keeps asking where.
        let there = len == 5;
        // ("Linux capabilities: in pol-caps no container may add …. Inspect
        // the pods in that namespace": a place said bare, where none is
        // said with its marker.)
        let candidates = if there {
            &placed
        } else if stated.is_empty() {
            &said_bare
        } else {
            &stated
        };
        let [ns] = candidates.as_slice() else {
            continue;
        };
        // (A place said bare places reads only, as "there" does.)
        let loose = there || stated.is_empty();
        if loose && frame::read(&s.text).is_ok_and(|r| r.op.risk() != kubechat_core::Risk::Read) {
            continue;
        }
        let place = if there {
            format!("in namespace {ns}")
        } else {
            format!("namespace {ns}")
        };
        s.text.replace_range(at..at + len, &place);
    }
    all
}

/// Whether a sentence beside an order to create says something of the
/// object: a requirement, a part of it, its name, or "it".
fn says_of_object(text: &str, name: Option<&str>) -> bool {
    const PARTS: &[&str] = &[
        "should",
        "must",
        "needs",
        "need",
        "it",
        "its",
        "it's",
        "container",
        "containers",
        "label",
        "labels",
        "annotation",
        "port",
        "ports",
        "image",
        "env",
        "environment",
        "limit",
        "limits",
        "request",
        "requests",
        "replica",
        "replicas",
        "cpu",
        "memory",
        "volume",
        "key",
        "value",
        "data",
        "with",
        "use",
        "using",
        "set",
    ];
    text.split_whitespace()
        .map(|w| trim_word(w).to_ascii_lowercase())
        .any(|w| PARTS.contains(&w.as_str()) || name.is_some_and(|n| n.eq_ignore_ascii_case(&w)))
}

/// The output formats the format-only sentences name (wide, YAML, JSON),
/// each once.
fn said_formats(all: &[Sentence]) -> Vec<kubechat_core::OutputFormat> {
    use kubechat_core::OutputFormat;
    let mut found = Vec::new();
    for s in all.iter().filter(|s| s.kind == Kind::Format) {
        for w in s.text.split(|c: char| !c.is_ascii_alphanumeric()) {
            let f = match w.to_ascii_lowercase().as_str() {
                "wide" => OutputFormat::Wide,
                "yaml" => OutputFormat::Yaml,
                "json" => OutputFormat::Json,
                _ => continue,
            };
            if !found.contains(&f) {
                found.push(f);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn line(text: &str) -> String {
        kubechat_core::kubectl::render(&translate(text).unwrap().0)
    }

    /// The kubectl line the product reads `text` as (`crate::interpret`);
    /// empty when it asks back.
    fn product_line(text: &str) -> String {
        crate::interpret(text)
            .map(|t| t.kubectl)
            .unwrap_or_default()
    }

    /// Each text read by the product as its kubectl line (empty: asked
    /// back).
    fn reads_as(cases: &[(&str, &str)]) {
        for (text, want) in cases {
            assert_eq!(product_line(text), *want, "{text}");
        }
    }

    /// Each text asked back by the product (no kubectl line).
    fn asked_back(texts: &[&str]) {
        for text in texts {
            assert_eq!(product_line(text), "", "{text}");
        }
    }

    /// Whether the product reads `text` as no change: a read, or asked
    /// back (a reading that fails validation is no change either).
    fn product_reads(text: &str) -> bool {
        crate::interpret(text).map_or(true, |t| t.operation.risk() == kubechat_core::Risk::Read)
    }

    /// Probe 7's classes (session 16): each line was read otherwise, or
    /// asked back, before.
    #[test]
    fn apps_pointers_and_clauses_of_probe_seven() {
        for (text, want) in [
            // An app's logs are its Deployment's; a pod's name, a pod's.
            (
                "post last 10 logs that contain ERROR from payment-service in production-62 namespace",
                "kubectl logs deployment/payment-service -n production-62 --tail=10 | grep -iF error",
            ),
            ("logs of my-app-53", "kubectl logs deployment/my-app-53"),
            (
                "logs of auth-svc-6b8c9-xk2lp in staging",
                "kubectl logs auth-svc-6b8c9-xk2lp -n staging",
            ),
            // A later list of the same objects and more.
            (
                "Inspect the cluster in shop. I need you to identify HPAs that violate our policies. Please check the HPAs and Deployments in shop.",
                "kubectl get horizontalpodautoscalers,deployments -n shop",
            ),
            // "network policies" are a kind, not a rule.
            (
                "checkout pods cannot reach redis. List the network policies in shop.",
                "kubectl get networkpolicies -n shop",
            ),
            // "that node's", "that HPA": the object told before.
            (
                "Kubelet on worker-2 may be unhealthy. Show me that node's conditions.",
                "kubectl describe nodes worker-2",
            ),
            (
                "Looks like the api autoscaler in prod is pinned at max. Show me the details of that HPA.",
                "kubectl describe horizontalpodautoscalers api -n prod",
            ),
            (
                "Handoff: search-api in staging was scaled down to 1 during the incident. Please put it back to 3 replicas.",
                "kubectl scale deployment/search-api --replicas=3 -n staging",
            ),
            (
                "can someone bounce the checkout pods in prod",
                "kubectl rollout restart deployment/checkout -n prod",
            ),
            (
                "show me the checkout app in prod",
                "kubectl get deployments checkout -n prod",
            ),
            (
                "Can you tell me if the apps in the payments namespace are all healthy?",
                "kubectl get deployments -n payments",
            ),
            (
                "can you taint gpu-node-2 with nvidia.com/gpu=true:NoSchedule so only gpu jobs land there",
                "kubectl taint nodes gpu-node-2 nvidia.com/gpu=true:NoSchedule",
            ),
            (
                "expose the metrics-demo deployment on 9090 as clusterip in sandbox",
                "kubectl expose deployments metrics-demo --port=9090 --type=ClusterIP -n sandbox",
            ),
            (
                "hpa for search-api in staging pls, min 2 max 8 at 60% cpu",
                "kubectl autoscale deployment/search-api --min=2 --max=8 --cpu-percent=60 -n staging",
            ),
            (
                "What does spec.strategy in a Deployment do?",
                "kubectl explain deployments.spec.strategy",
            ),
            (
                "How long has the database been running without a restart? It's postgres-0 in db.",
                "kubectl get pods postgres-0 -n db",
            ),
            (
                "Pull the logs for app=webhook-receiver in payments, last 2 hours please.",
                "kubectl logs -n payments -l app=webhook-receiver --since=2h",
            ),
            (
                "I want to know what memory the pods in data are using right now, biggest first.",
                "kubectl top pods -n data --sort-by=memory",
            ),
            (
                "In namespace mars, create a deployment named rover with image nginx:1.25 and 3 replicas.",
                "kubectl create deployment rover --image=nginx:1.25 --replicas=3 -n mars",
            ),
            (
                "Create a ConfigMap named app-settings in namespace mercury with the key APP_MODE set to production.",
                "kubectl create configmap app-settings --from-literal=APP_MODE=production -n mercury",
            ),
            (
                "How can I check if my user is allowed to create deployments in namespace team-a?",
                "kubectl auth can-i create deployments -n team-a",
            ),
            (
                "We need to isolate sandbox immediately. Apply the deny-all policy in deny-all.yaml to the sandbox namespace.",
                "kubectl apply -f deny-all.yaml -n sandbox",
            ),
            (
                "How to view the rollout history of a deployment? (deployment: checkout, ns: shop)",
                "kubectl rollout history deployment/checkout -n shop",
            ),
        ] {
            assert_eq!(line_or_err(text), want, "{text}");
        }
        // Left alone: a pod named with its type is no rollout of an app;
        // "a web application" names no Deployment; two words after
        // "called" are a guess, asked back with the name written out.
        for text in ["restart pod web-1", "restart pod nginx"] {
            assert!(!line_or_err(text).contains("deployment/"), "{text}");
        }
        assert!(
            !line_or_err("I have a web application running in shop that keeps crashing.")
                .contains("deployments web")
        );
        let (op, sure) = translate("create a namespace called load testing").unwrap();
        assert_eq!(
            kubechat_core::kubectl::render(&op),
            "kubectl create namespace load-testing"
        );
        assert!(sure < crate::chain::DEFAULT_THRESHOLD, "{sure}");
        assert_eq!(
            line_or_err("In namespace default, Deployment web-app exists. Show its pods."),
            line_or_err("Deployment web-app exists in namespace default. Show its pods.")
        );
        assert!(
            !line_or_err("create an ingress named web-ing for path / to service web-svc")
                .contains("never runs commands")
        );
    }

    #[test]
    fn taints_asked_about_and_probe_eight_classes() {
        const TAINTS: &str = "-o 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints[*].key,EFFECTS:.spec.taints[*].effect'";
        // Each line was read otherwise (or asked back) before its rule;
        // the first three were taint changes made of questions.
        for (text, want) in [
            (
                "Our policy is that nothing runs on the control plane nodes. Can you check whether node cp-1 has the NoSchedule taint?",
                format!("kubectl get nodes cp-1 {TAINTS}"),
            ),
            (
                "does node cp-1 have the dedicated=gpu:NoSchedule taint?",
                format!("kubectl get nodes cp-1 {TAINTS}"),
            ),
            (
                "is node gpu-1 tainted with dedicated=gpu:NoSchedule",
                format!("kubectl get nodes gpu-1 {TAINTS}"),
            ),
            (
                "which nodes have the NoSchedule taint",
                format!("kubectl get nodes {TAINTS}"),
            ),
            // An order runs on into its reason, with no comma.
            ("uncordon worker-04 we're done patching", "kubectl uncordon worker-04".into()),
            (
                "delete pod api-1 in shop it is stuck",
                "kubectl delete pods api-1 -n shop".into(),
            ),
            (
                "resume rollout recsys ns reco, looks fine now",
                "kubectl rollout resume deployment/recsys -n reco".into(),
            ),
            // A namespace the lexicon knows as a verb, said last.
            (
                "scale the stateful set kafka to five in streaming",
                "kubectl scale statefulset/kafka --replicas=5 -n streaming".into(),
            ),
            (
                "which node is kafka-2 running on in namespace streaming?",
                "kubectl get pods kafka-2 -n streaming -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName".into(),
            ),
            // The namespace said as a sentence of its own, last.
            (
                "what changed in the last rollouts of pricing-api? namespace pricing",
                "kubectl rollout history deployment/pricing-api -n pricing".into(),
            ),
            (
                "what's the history of updates to the booking app",
                "kubectl rollout history deployment/booking".into(),
            ),
            (
                "is the new version of the loyalty app finished going out?",
                "kubectl rollout status deployment/loyalty --watch=false".into(),
            ),
            (
                "hey, the new release of fraud-detector in namespace risk looks stuck. can u check the rollout status?",
                "kubectl rollout status deployment/fraud-detector --watch=false -n risk".into(),
            ),
            (
                "label the node worker seven with zone equals east",
                "kubectl label nodes worker-7 zone=east".into(),
            ),
            ("uncordon worker three", "kubectl uncordon worker-3".into()),
            (
                "can the intern-bot service account read the secrets in the payments namespace?",
                "kubectl auth can-i list secrets --as=system:serviceaccount:payments:intern-bot -n payments".into(),
            ),
            // A new object asked for without "create": made, not read or
            // scaled.
            (
                "I need a service account called my-service-account",
                "kubectl create serviceaccount my-service-account".into(),
            ),
            (
                "Could you please set up an nginx deployment running 3 replicas?",
                "kubectl create deployment nginx --image=nginx --replicas=3".into(),
            ),
            (
                "spin up an nginx pod called web-server (default ns)",
                "kubectl run web-server --image=nginx -n default".into(),
            ),
            // A command line with its namespace said in words.
            (
                "rollout history deployment/orders --revision=4 in ns orders",
                "kubectl rollout history deployment/orders --revision=4 -n orders".into(),
            ),
            // "there" after a plural type: the place told before.
            (
                "After the upgrade things in kube-system look weird. Can you list the pods there?",
                "kubectl get pods -n kube-system".into(),
            ),
            // A clause from its conjunction; "overnight" says when.
            // ("once it is back": a condition KubeChat does not check.)
            (
                "Uncordon worker-12 once it is back and Ready.",
                "not understood: this change depends on a condition KubeChat does not check; send the line when it is meant now. Try \"kubectl uncordon worker-12\"".into(),
            ),
            (
                "Can you check if I am having permission to delete pods in namespace prod?",
                "kubectl auth can-i delete pods -n prod".into(),
            ),
            // A place followed by "now" still ends the request; a time
            // said is no object; "before it goes further" gives a reason.
            (
                "delete pod debug-tools-jk from prod now",
                "kubectl delete pods debug-tools-jk -n prod".into(),
            ),
            (
                "We got paged at 3am. The payments-api deployment in payments went bad after the 2.3 release. Can you roll it back?",
                "kubectl rollout undo deployment/payments-api -n payments".into(),
            ),
            (
                "Pause the rollout of deployment recommendations in reco before it goes further.",
                "kubectl rollout pause deployment/recommendations -n reco".into(),
            ),
            // Counts and ports said in words.
            (
                "expose the deployment hello-app on port eighty",
                "kubectl expose deployments hello-app --port=80".into(),
            ),
            ("scale web to twelve", "kubectl scale deployment/web --replicas=12".into()),
            // The nodes in plain words.
            ("how many servers does our cluster have", "kubectl get nodes".into()),
            ("how busy are our machines right now", "kubectl top nodes".into()),
        ] {
            assert_eq!(line_or_err(text), want, "{text}");
        }
        // Orders of taints stay orders; two namespaces are asked back.
        for (text, want) in [
            (
                "Create a taint on node01 with key of spray, value of mortein and effect of NoSchedule",
                "kubectl taint nodes node01 spray=mortein:NoSchedule",
            ),
            (
                "can you taint node cp-1 with dedicated=gpu:NoSchedule",
                "kubectl taint nodes cp-1 dedicated=gpu:NoSchedule",
            ),
            (
                "untaint node foo dedicated",
                "kubectl taint nodes foo dedicated-",
            ),
            (
                "Troubleshoot 503 errors in api-server app-107 namespace",
                "kubectl describe pods api-server -n app-107",
            ),
        ] {
            assert_eq!(line_or_err(text), want, "{text}");
        }
        assert!(
            line_or_err("get pods in namespace shop in namespace prod")
                .contains("two namespaces are said, shop and prod")
        );
        // "the NoSchedule taint" names the effect, never a key to add.
        assert!(
            !line_or_err("add the NoSchedule taint to node cp-1").contains("NoSchedule:NoSchedule")
        );
        // Copies of a Service are of the workload behind it: asked back
        // with it suggested, never the Service read with the count dropped.
        let copies = translate("we need four copies of the notifications service in prod")
            .expect_err("asked back");
        assert_eq!(
            copies.suggestions(),
            ["kubectl scale deployment/notifications --replicas=4 -n prod"]
        );
        // Programs called servers are no nodes; an OOM kill told is no
        // load asked.
        assert!(!line_or_err("list the web servers").contains("nodes"));
        assert!(!line_or_err("pods that ran out of memory in prod").contains("top"));
        assert!(
            !line_or_err("Someone said one of the jobs failed overnight. Delete it so the pipeline can retry.")
                .contains("overnight")
        );
        // A name the reading made of several words was never said: no
        // object for "it" (a delete of pod "developer-left" was read).
        assert!(
            !line_or_err("A developer left a debug pod running in prod. Delete it.")
                .contains("developer-left")
        );
        // Existing objects and lists asked for stay reads; "set up" sets
        // no image.
        assert_eq!(line_or_err("I need a list of pods"), "kubectl get pods");
        assert_eq!(line_or_err("are the new pods running?"), "kubectl get pods");
        // A new object told of is no order to make one.
        if let Ok((op, _)) =
            translate("A developer deploys a new pod from a manifest and it stays Pending.")
        {
            assert_eq!(op.risk(), kubechat_core::Risk::Read, "{op:?}");
        }
        assert_eq!(line_or_err("get pods in running"), "kubectl get pods");
        // A change is never aimed at an object told in another sentence
        // by a bare verb.
        assert!(translate("web-2 is down. restart").is_err());
    }

    #[test]
    fn what_a_review_of_the_probe_eight_rules_found() {
        // A clause after a plural type or "all" narrows the set: asked
        // back, never cut off into `--all`.
        for text in [
            "delete all configmaps we're not using",
            "delete the failed pods we're seeing in shop",
            "restart all deployments we're seeing errors in",
            "delete every pvc we're not using",
        ] {
            assert!(translate(text).is_err(), "{text}: {}", line_or_err(text));
        }
        // A place in the clause is not cut off with it.
        assert!(
            !line_or_err("scale web to 3 we're expecting traffic in prod")
                .starts_with("kubectl scale")
        );
        assert_eq!(
            line_or_err("scale the deployment web it is running in staging to 5"),
            "kubectl scale deployment/web --replicas=5 -n staging"
        );
        // Questions and things told are never made.
        for text in [
            "do we need a service account for ci-bot?",
            "does ci-bot need a service account?",
            "we set up a service account called ci-bot last week",
            "who set up the deployment api?",
            "new service account ci-bot is it there?",
            "service checkout shows 2 replicas in prod",
            "which pods tolerate the NoSchedule taint",
        ] {
            if let Ok((op, _)) = translate(text) {
                assert_eq!(op.risk(), kubechat_core::Risk::Read, "{text}: {op:?}");
            }
        }
        // "a new pod" names no image.
        assert!(!line_or_err("we need a new pod for the worker").contains("--image=new"));
        assert_eq!(line_or_err("new pods in shop"), "kubectl get pods -n shop");
        // Two places, one said last: asked back; the same one: read.
        for text in [
            "delete pod web in staging. in ns prod",
            "scale web to 3 in shop. namespace prod",
        ] {
            assert!(line_or_err(text).contains("two namespaces"), "{text}");
        }
        assert_eq!(
            line_or_err("delete pod web in staging. ns staging"),
            "kubectl delete pods web -n staging"
        );
        // Pod states are no namespaces; a scale said stays a scale.
        assert_eq!(
            line_or_err("which pods are stuck in containercreating"),
            "kubectl get pods"
        );
        assert_eq!(
            line_or_err("I need a deployment api scaled to 3 in prod"),
            "kubectl scale deployment/api --replicas=3 -n prod"
        );
    }

    #[test]
    fn what_a_second_review_of_the_probe_rules_found() {
        // A number in several words is asked back, never read as its
        // first word (20, 80, 1).
        for text in [
            "scale web to twenty five",
            "scale web to one hundred",
            "expose the deployment web on port eighty eighty",
        ] {
            assert!(translate(text).is_err(), "{text}: {}", line_or_err(text));
        }
        // A condition on a named object is not checked (a field selector
        // beside a name picks nothing): held.
        assert!(translate("delete pod web-1 if it is failed").is_err());
        // "there" places reads; a change is not aimed by it at a place
        // told as the healthy one.
        assert!(
            !line_or_err(
                "kube-system is healthy but shop is broken. Delete the failed pods there."
            )
            .contains("kube-system")
        );
        assert!(
            !line_or_err(
                "kube-system pods are fine. The etl jobs failed. Delete all jobs in that namespace."
            )
            .contains("kube-system")
        );
        // A bound said in words is a bound, not a count.
        assert!(
            !line_or_err("scale web to 5 if it has fewer than twenty pods").contains("replicas=20")
        );
    }

    #[test]
    fn changes_not_ordered_now_are_never_made() {
        // From a red-team session against the translator: each was read
        // as the bare change, sure enough to run.
        for text in [
            "delete the deployment web's pods",
            "delete the statefulset db's pod db-0",
            "I want to delete namespace test, what's in it?",
            "drain node-1: what would be evicted?",
            "delete pod x - will it come back?",
            "restart web, does it cause downtime",
            "I want to restart web, show me the logs first",
            "delete namespace test. just kidding",
            "delete pod x. actually, never mind",
            "restart web won't help",
            "if web crashes again, restart it",
            "when the canary fails, rollback web",
            "delete pod x only if it's stuck",
            "restart web in 10 minutes",
            "drain node-1 tonight",
            "suppose I delete pod x",
            "hypothetically, delete namespace test",
            "planning to delete namespace test",
            "give me the command to delete namespace test",
            "TODO: delete namespace test",
            "ok to delete namespace test?",
            "safe to drain node-1?",
            "restart web or not",
            "scale web to 5 no 3",
            "scale web to 3 or 5?",
            "restart web prod",
            "restart web ty",
        ] {
            if let Ok((op, sure)) = translate(text) {
                assert!(
                    op.risk() == kubechat_core::Risk::Read
                        || sure < crate::chain::DEFAULT_THRESHOLD,
                    "{text}: {op:?} at {sure}"
                );
            }
        }
        // Orders, and kubectl's own idioms, still read.
        for (text, want) in [
            (
                "delete sts web and its pods too",
                "kubectl delete statefulsets web",
            ),
            (
                "If the deployment named mysql's current size is 2, scale mysql to 3",
                "kubectl scale deployment/mysql --replicas=3",
            ),
            (
                "restart web, it keeps crashing",
                "kubectl rollout restart deployment/web",
            ),
            (
                "scale the api gateway deployment to zero",
                "kubectl scale deployment/api-gateway --replicas=0",
            ),
        ] {
            assert_eq!(line_or_err(text), want, "{text}");
        }
    }

    #[test]
    fn what_the_new_rules_must_leave_alone() {
        // The template goes, what follows it stays.
        assert_eq!(
            line(
                "Restart deployment api and report its status as STATUS=<value> in namespace shop."
            ),
            "kubectl rollout restart deployment/api -n shop"
        );
        assert_eq!(
            line(
                "Find all services of type LoadBalancer in the cluster and output LB: <namespace>/<name> for each one."
            ),
            "kubectl get services -A"
        );
        // A name with a digit is no slip of "namespace".
        // (It is where: the name of a namespace.)
        assert_eq!(
            line("delete all pods in namespace1"),
            "kubectl delete pods -n namespace1 --all"
        );
        assert_eq!(
            line("list pods in namespace namespace1"),
            "kubectl get pods -n namespace1"
        );
        // A right asked about is never the change it names.
        assert_eq!(
            line("can user bob patch deployment web to drop label tier"),
            "kubectl auth can-i patch deployments web --as=bob"
        );
        // A sentence with a namespace of its own keeps it.
        assert!(
            !line_or_err("Pod web runs in namespace prod. Delete namespace test and all jobs in that namespace.")
                .contains("-n prod")
        );
        // Logs from inside a container are its logs; traffic forwarded
        // to a port is no port-forward; daemonset pods left on a drained
        // node are --ignore-daemonsets.
        for text in [
            "show the logs from inside the api container",
            "why does the service not forward traffic to port 8080",
            "drain node w1 without evicting daemonset pods",
        ] {
            let said = format!("{:?}", translate(text));
            assert!(
                !said.contains("never runs commands")
                    && !said.contains("port-forward")
                    && !said.contains("cordon"),
                "{text}: {said}"
            );
        }
        // A describing word after the type names nothing.
        assert!(translate("restart it, it's the new deployment").is_err());
    }

    fn line_or_err(text: &str) -> String {
        match translate(text) {
            Ok((op, _)) => kubechat_core::kubectl::render(&op),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn slips_templates_comments_and_situations() {
        // Each line was read otherwise (or asked back) before its rule.
        for (text, want) in [
            // The namespace cue (or kube-system) typed wrong kept its
            // namespace; before, it was dropped or looked in as typed.
            (
                "show deploy in namepsace billing",
                "kubectl get deployments -n billing",
            ),
            (
                "list the secrets in kube-sytsem",
                "kubectl get secrets -n kube-system",
            ),
            // "teh" is "the", never part of the name after it.
            (
                "restart teh web deployment",
                "kubectl rollout restart deployment/web",
            ),
            // A name said aloud, its number last.
            (
                "make node gpu box three schedulable again",
                "kubectl uncordon gpu-box-3",
            ),
            (
                "describe the pod named kafka broker two in streams",
                "kubectl describe pods kafka-broker-2 -n streams",
            ),
            // A term on a field is a field selector, not a label (it
            // read `-l status.phase=Failed`); the phase said in words
            // narrows a deletion no further (it was asked back).
            (
                "delete all pods with status.phase=Succeeded in ci",
                "kubectl delete pods -n ci --field-selector=status.phase=Succeeded",
            ),
            (
                "delete the pods in the Failed phase in ci",
                "kubectl delete pods -n ci --field-selector=status.phase=Failed",
            ),
            // A type word last after "ns" is the namespace's name.
            (
                "logs previous container pod batch-7d8c9-x2k4q ns cronjobs",
                "kubectl logs batch-7d8c9-x2k4q -n cronjobs --previous",
            ),
            // "that namespace" is the one another sentence states.
            (
                "A few Jobs in namespace nightly have finished. Delete the jobs in that namespace that carry the label run=once.",
                "kubectl delete jobs -n nightly -l run=once",
            ),
            // A comment line of kubectl's reference.
            (
                "# Delete every job with label run=once",
                "kubectl delete jobs -l run=once",
            ),
            // A label applied, not a manifest.
            (
                "Apply the label team=core to the service checkout",
                "kubectl label services checkout team=core",
            ),
            // What the answer should look like is no part of the request.
            (
                "Describe pvc data-0 and report its capacity in the form SIZE=<value>.",
                "kubectl describe persistentvolumeclaims data-0",
            ),
            // The object identified after the order, with its type.
            (
                "bump my api up to 4 replicas, it's the deployment called orders in shop",
                "kubectl scale deployment/orders --replicas=4 -n shop",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // Guards, read so before as well: what has been done tells, and
        // the order after it names the node; an answer in capitals is
        // dropped before the question is read.
        assert_eq!(
            line(
                "Node gpu-3 has been tainted so nothing new lands on it. Remove the taint with key repair and effect NoSchedule."
            ),
            "kubectl taint nodes gpu-3 repair:NoSchedule-"
        );
        assert_eq!(
            line("Can I create jobs in batch? Answer YES or NO only."),
            "kubectl auth can-i create jobs -n batch"
        );
        // A template's own format sentence still sets the output.
        assert_eq!(
            line("List the pods in prod. Output in JSON format."),
            "kubectl get pods -n prod -o json"
        );
        // "namespaced" is a word of its own.
        assert_eq!(line("list namespaced resources"), "kubectl get namespaces");
        // A situation alone is never a change (it read `cordon`); what
        // it tells may be read.
        assert!(
            translate("Node gpu-3 has been tainted and no new pods can be scheduled on it.")
                .map_or(true, |(op, _)| op.risk() == kubechat_core::Risk::Read)
        );
        for text in [
            // "that namespace" with none stated: never the default one.
            "delete all pods in that namespace",
            // A service account whose namespace is not said.
            "can the pod-reader service account list pods",
            // A drain that is told not to evict is a cordon, said back.
            "Put node edge-2 into maintenance so nothing new is scheduled there. Do not evict the running pods.",
            // Port forwarding said in words (it read `get services`).
            "# Listen on port 9000 locally, forwarding to port 80 in the service 'docs'",
        ] {
            assert!(
                matches!(translate(text), Err(Error::NotUnderstood { .. })),
                "{text}: {:?}",
                translate(text)
            );
        }
        // A shell in the pod, said without the word (it read `get pods`).
        for text in [
            "how do i get into the redis pod, its redis-0 in cache ns",
            "Test that the name db.internal resolves from inside the pod netcheck",
        ] {
            assert!(
                matches!(translate(text), Err(Error::Refused { .. })),
                "{text}: {:?}",
                translate(text)
            );
        }
        // A server listening on a port is no port-forward.
        assert!(
            !format!(
                "{:?}",
                translate("Check that pod redis-0 is running and listening on port 6379")
            )
            .contains("port-forward")
        );
    }

    #[test]
    fn how_people_write_in_chat_and_tasks() {
        // Each line was read otherwise (or asked back) before its rule.
        for (text, want) in [
            // The object identified after the question.
            (
                "why does my pod keep restarting lol. its api-7f9c in ns shop",
                "kubectl describe pods api-7f9c -n shop",
            ),
            (
                "how do i read the logs of the worker pod, its billing-worker-2 in payments ns",
                "kubectl logs billing-worker-2 -n payments",
            ),
            // Where the answer is to be saved is no second name.
            (
                "Get the logs of pod cache-1 and write them to /opt/answers/cache-1.log",
                "kubectl logs cache-1",
            ),
            // A state to check is read from the listing.
            (
                "Check whether statefulset kafka in namespace queue has all replicas ready",
                "kubectl get statefulsets kafka -n queue",
            ),
            // A sentence that tells how things are never outranks the
            // question.
            (
                "Is there a way to list only Warning events in staging? The normal events are too noisy.",
                "kubectl events -n staging --field-selector=type=Warning",
            ),
            // A reason with its own subject after the order.
            (
                "roll back deployment cart in prod, new build is returning 502s",
                "kubectl rollout undo deployment/cart -n prod",
            ),
            // Selectors introduced in words.
            (
                "remove all pods carrying the label stage=canary in namespace web",
                "kubectl delete pods -n web -l stage=canary",
            ),
            (
                "delete the cronjobs in namespace ops that have the label team=infra",
                "kubectl delete cronjobs -n ops -l team=infra",
            ),
            (
                "show cpu and memory for the pods in namespace metrics",
                "kubectl top pods -n metrics",
            ),
            // Names said aloud.
            (
                "restart the deployment named order dash api dash two in the kube system namespace",
                "kubectl rollout restart deployment/order-api-2 -n kube-system",
            ),
            // Autoscalers made in words.
            (
                "Create an HPA for deployment checkout keeping between 2 and 12 replicas at 70% CPU",
                "kubectl autoscale deployment/checkout --min=2 --max=12 --cpu-percent=70",
            ),
            (
                "create a horizontalpodautoscaler for deployment web with min=2 and max=6",
                "kubectl autoscale deployment/web --min=2 --max=6 --cpu-percent=80",
            ),
            // A role said beside the order adds nothing to the object.
            (
                "You are a helpful cluster bot. Create a namespace named sandbox-42.",
                "kubectl create namespace sandbox-42",
            ),
            // A heading before the colon.
            (
                "Teardown: delete all Succeeded pods in namespace ci",
                "kubectl delete pods -n ci --field-selector=status.phase=Succeeded",
            ),
            // A node verb's object after the place word.
            (
                "Add a taint to worker-9 with key gpu, value true and effect NoExecute",
                "kubectl taint nodes worker-9 gpu=true:NoExecute",
            ),
            (
                "How do I see the conditions on the api HPA?",
                "kubectl describe horizontalpodautoscalers api",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // The one name told, for "the node".
        assert_eq!(
            line("Patching on worker-7 is finished. Make the node schedulable again."),
            "kubectl uncordon worker-7"
        );
        assert_eq!(
            line("how do i see whats in the cfgmap flags in ns web"),
            "kubectl get configmaps flags -n web"
        );
        // A program's output is run in the container, never read as logs
        // of a pod named after the program.
        assert!(matches!(
            translate("Get output from running the 'uptime' command from pod api-0"),
            Err(Error::Refused { .. })
        ));
        // A second target the autoscaler made from words cannot set.
        assert!(
            translate("autoscale deployment web between 2 and 8 pods at 60% cpu and 70% memory")
                .is_err()
        );
        // A negated order is a rule, never the change it negates (it was
        // read as the change: "do not restart web" restarted web).
        for text in [
            "do not restart web",
            "never scale deployment api to 0",
            "Don't delete pod web-1.",
            "no need to restart web",
            "I would never delete namespace prod",
            "let's not restart web",
            "refrain from deleting pod web-1",
            // How it is done, asked after a lead-in.
            "tell me how to drain node-1",
            "explain what drain node-1 does",
        ] {
            let read = translate(text);
            assert!(
                read.as_ref()
                    .map_or(true, |(op, _)| op.risk() == kubechat_core::Risk::Read),
                "{text}: {read:?}"
            );
        }
        assert_eq!(
            line("Get the details of deployment api in yaml"),
            "kubectl get deployments api -o yaml"
        );
        assert_eq!(
            line("any pods in Pending anywhere in the cluster?"),
            "kubectl get pods -A --field-selector=status.phase=Pending"
        );
        // How a change is made is no question about rights.
        assert!(
            translate("How can I delete pod web-1 in prod?")
                .map_or(true, |(op, _)| op.verb != kubechat_core::Verb::AuthCanI)
        );
        // The trouble told, and a bare task to find its cause.
        assert_eq!(
            line("The PVC cache-vol in namespace ops is stuck in Pending. Find the root cause."),
            "kubectl describe persistentvolumeclaims cache-vol -n ops"
        );
        // Two objects identified: which one is meant is asked.
        assert!(translate("show the logs. its web-1 in ns alpha. its web-2 in ns beta").is_err());
    }

    #[test]
    fn what_is_told_around_the_request_names_its_object() {
        // A question asked on someone's behalf; "them" for the type told.
        assert_eq!(
            line(
                "The security team wants to know which service accounts exist in namespace identity. You may only read, never modify. List them."
            ),
            "kubectl get serviceaccounts -n identity"
        );
        // "Find out why": the trouble told before it.
        assert_eq!(
            line(
                "The pod ingest-worker-5f7c9-2xkqp in namespace pipeline keeps restarting. Find out why."
            ),
            "kubectl describe pods ingest-worker-5f7c9-2xkqp -n pipeline"
        );
        // Hyphenated English and a label key name no object.
        assert_eq!(
            line(
                "Post-incident cleanup: the job replay-0412 in namespace kafka-tools completed. Delete it."
            ),
            "kubectl delete jobs replay-0412 -n kafka-tools"
        );
        assert_eq!(
            line(
                "Team rule: every deployment must carry a cost-center label. Deployment geo-lookup in namespace maps is missing one. Add cost-center=cc-4471 to it."
            ),
            "kubectl label deployments geo-lookup cost-center=cc-4471 -n maps"
        );
        // One object, however often "it" points at it.
        assert_eq!(
            line(
                "Node ip-10-0-9-88 needs a kernel patch. Evict its workloads so it can be rebooted, leaving DaemonSet pods alone."
            ),
            "kubectl drain ip-10-0-9-88 --ignore-daemonsets"
        );
        assert_eq!(
            line(
                "Node aks-1 reports disk pressure. Stop new pods from landing there while we investigate, but do not evict anything yet."
            ),
            "kubectl cordon aks-1"
        );
        // A statement that points back within itself still tells.
        assert_eq!(
            line(
                "Scenario: an engineer started a debug pod called netshoot-tmp in namespace prod-core last week and forgot about it. Remove that pod."
            ),
            "kubectl delete pods netshoot-tmp -n prod-core"
        );
        // A change is never read from "them": what the telling narrows
        // a type cannot say.
        assert!(translate("There are some failed pods in namespace ci. Delete them.").is_err());
    }

    #[test]
    fn whether_a_change_happened_is_never_the_change() {
        for text in [
            "Did the rollback of web succeed?",
            "did you delete pod web-1",
            "was deployment api scaled to 3?",
            "has node-3 been drained",
        ] {
            match translate(text) {
                Ok((op, _)) => assert!(op.verb.is_read(), "{text}: {op:?}"),
                Err(Error::NotUnderstood { .. }) => {}
                Err(e) => panic!("{text}: {e}"),
            }
        }
    }

    #[test]
    fn a_question_on_someones_behalf_about_a_change_is_no_order() {
        let Err(Error::NotUnderstood { reason, .. }) =
            translate("The team wants to know whether deleting pod web-1 is safe")
        else {
            panic!()
        };
        assert!(reason.starts_with("this asks about a change"), "{reason}");
    }

    #[test]
    fn courtesy_around_a_request_is_set_aside() {
        for (text, want) in [
            (
                "Dear assistant, I would like to kindly request that the deployment invoice-generator in namespace erp be scaled to five replicas, because tomorrow we are expecting a big load. Thanks.",
                "kubectl scale deployment/invoice-generator --replicas=5 -n erp",
            ),
            (
                "Hi team, as discussed in the morning meeting, please mark the node worker-07 as unschedulable so nothing new goes there, we will do the maintenance after lunch. Regards.",
                "kubectl cordon worker-07",
            ),
            (
                "could you please be so kind to make the node worker-07 schedulable again?",
                "kubectl uncordon worker-07",
            ),
            (
                "Hi, I am sorry to bother you, please could you create a new namespace with the name partner-integration for the project that starts next week? Thank you.",
                "kubectl create namespace partner-integration",
            ),
            (
                "del po redis-0 -n cache, sts will recreate it",
                "kubectl delete pods redis-0 -n cache",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
    }

    #[test]
    fn a_second_order_about_the_first_object_is_read_with_it() {
        // "it" or "the TYPE" in the second order is the first's object.
        assert_eq!(line("cordon node-1 and drain it"), "kubectl drain node-1");
        assert_eq!(
            line("cordon node-1 then drain the node"),
            "kubectl drain node-1"
        );
        let Err(Error::NotUnderstood { suggestions, .. }) =
            translate("scale web to 3 and restart it")
        else {
            panic!("{:?}", translate("scale web to 3 and restart it"));
        };
        assert_eq!(
            suggestions,
            [
                "kubectl scale deployment/web --replicas=3",
                "kubectl rollout restart deployment/web"
            ]
        );
        // Three orders are asked back, none dropped.
        let text = "cordon gke-pool-1-abc, drain it, then delete the node";
        let Err(Error::NotUnderstood {
            reason,
            suggestions,
        }) = translate(text)
        else {
            panic!("{text}: {:?}", translate(text));
        };
        assert!(reason.contains("3 things"), "{reason}");
        assert_eq!(suggestions.len(), 3);
        assert_eq!(suggestions[2], "kubectl delete nodes gke-pool-1-abc");
    }

    #[test]
    fn courtesy_gerunds_quoted_commands_and_chat_spelling_are_read() {
        for (text, want) in [
            (
                "Would you be able to list the cron jobs in all namespaces? Thanks!",
                "kubectl get cronjobs -A",
            ),
            (
                "Would you mind restarting the deployment recommendations in the ml namespace? Thanks so much!",
                "kubectl rollout restart deployment/recommendations -n ml",
            ),
            (
                "do you mind scaling web to 3",
                "kubectl scale deployment/web --replicas=3",
            ),
            (
                "`kubectl describe` svc/payments-api in payments please",
                "kubectl describe services payments-api -n payments",
            ),
            (
                "what's the equivalent of `kubectl get po -n prod` but showing which node each one is on?",
                "kubectl get pods -n prod",
            ),
            ("run `kubectl get pods` in prod", "kubectl get pods -n prod"),
            ("pods across all ns", "kubectl get pods -A"),
            ("list all ns", "kubectl get namespaces"),
            ("can u show pods in prod plz", "kubectl get pods -n prod"),
            (
                "delete all evicted/failed pods in namespace jobs-runner",
                "kubectl delete pods -n jobs-runner --field-selector=status.phase=Failed",
            ),
            (
                "please stop schedule pods on node worker-5",
                "kubectl cordon worker-5",
            ),
            (
                "evict all pods from node worker-3",
                "kubectl drain worker-3",
            ),
            (
                "Maintenance on node 'worker-12' is complete. Mark it as schedulable again.",
                "kubectl uncordon worker-12",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // A thanks alone is no request; evicted pods are the Failed ones
        // (session 34: kubectl's own way, the preview lists each pod).
        assert!(translate("thanks").is_err());
        assert_eq!(
            line("delete all evicted pods in namespace ci"),
            "kubectl delete pods -n ci --field-selector=status.phase=Failed"
        );
    }

    #[test]
    fn fields_of_one_object_and_what_it_prints_are_read() {
        for (text, want) in [
            (
                "what taints are on node gpu-node-2?",
                "kubectl get nodes gpu-node-2 -o 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints[*].key,EFFECTS:.spec.taints[*].effect'",
            ),
            (
                "what is coredns logging in kube-system?",
                "kubectl logs deployment/coredns -n kube-system",
            ),
            (
                "what is api-7 printing right before it dies? ns edge",
                "kubectl logs api-7 -n edge --previous",
            ),
            (
                "Display the node each pod in namespace 'default' runs on.",
                "kubectl get pods -n default -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            ),
            (
                "which service account does deployment reporter use in finance?",
                "kubectl get deployments reporter -n finance -o custom-columns=NAME:.metadata.name,SERVICE-ACCOUNT:.spec.template.spec.serviceAccountName",
            ),
            (
                "list service accounts in prod",
                "kubectl get serviceaccounts -n prod",
            ),
            (
                "history of deploy/checkout ns shop",
                "kubectl rollout history deployment/checkout -n shop",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
    }

    #[test]
    fn what_people_do_is_the_situation_and_an_order_keeps_its_format() {
        for (text, want) in [
            (
                "The platform team maintains a debug configmap. Output the configmap 'debug-flags' in namespace 'platform' as YAML.",
                "kubectl get configmaps debug-flags -n platform -o yaml",
            ),
            (
                "Get the ingress 'marketing-site' in namespace 'web' in YAML format. The marketing team wants to review its routing rules before launch.",
                "kubectl get ingresses marketing-site -n web -o yaml",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // A sentence that only gives the format sets the list's output.
        assert_eq!(
            line("List the pods in prod. Print them in wide format."),
            "kubectl get pods -n prod -o wide"
        );
        assert_eq!(
            line("List the pods in prod. Output in JSON format."),
            "kubectl get pods -n prod -o json"
        );
        // After a situation, what follows "please" asks; a request that
        // needs its object takes the one the situation names.
        assert_eq!(
            line("the node worker-5 is good now, please allow pods again"),
            "kubectl uncordon worker-5"
        );
        // ("please summarise the root cause" asks for no operation.)
        assert_eq!(
            line(
                "what is the issue with the finance-app deployment, please summarise the root cause"
            ),
            "kubectl describe deployments finance-app"
        );
        // People asking someone else to act still ask.
        assert_eq!(
            sentences::sentences("the team needs you to restart web")[0].kind,
            Kind::Request
        );
    }

    #[test]
    fn files_inside_containers_and_port_forwards_are_never_read_as_lists() {
        for text in [
            "Print the contents of /etc/nginx/nginx.conf from pod edge-proxy-0",
            "cat /var/log/app.log in pod web-1",
        ] {
            assert!(
                matches!(translate(text), Err(Error::Refused { .. })),
                "{text}: {:?}",
                translate(text)
            );
        }
        for text in [
            "Would you be able to set up port forwarding from my local port 5432 to the postgres-0 pod?",
            "pf svc grafana 3000 in monitoring",
        ] {
            let Err(Error::NotUnderstood { reason, .. }) = translate(text) else {
                panic!("{text}: {:?}", translate(text));
            };
            assert!(reason.contains("port-forward"), "{text}: {reason}");
        }
        // A path of a volume, or where an answer is saved, is no file read.
        assert_eq!(
            line("show pods with a volume mounted at /var/lib/data"),
            "kubectl get pods"
        );
        assert!(
            line("list pods in ci and save the output to /tmp/pods.txt")
                .starts_with("kubectl get pods -n ci")
        );
    }

    #[test]
    fn two_orders_in_one_sentence_with_a_change_are_asked_back_both_offered() {
        for (text, first, second) in [
            (
                "scale web to 3 and restart api",
                "kubectl scale deployment/web --replicas=3",
                "kubectl rollout restart deployment/api",
            ),
            (
                "scale deployment web to 3 and show me the pods",
                "kubectl scale deployment/web --replicas=3",
                "kubectl get pods",
            ),
            (
                "cordon node-1, then drain node-2",
                "kubectl cordon node-1",
                "kubectl drain node-2",
            ),
        ] {
            let Err(Error::NotUnderstood {
                reason,
                suggestions,
            }) = translate(text)
            else {
                panic!("{text}: {:?}", translate(text));
            };
            assert!(reason.contains("two things"), "{text}: {reason}");
            assert_eq!(suggestions, [first, second], "{text}");
        }
        // A second part about the same read, a follow-up read, a drain
        // after its cordon, or one that reads as nothing: the sentence as
        // read.
        for (text, want) in [
            (
                "list pods and show their ips",
                "kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP",
            ),
            (
                "get pods in shop and sort them by age",
                "kubectl get pods -n shop --sort-by=.metadata.creationTimestamp",
            ),
            (
                "describe pod web and show events",
                "kubectl describe pods web",
            ),
            ("cordon node-1 and drain node-1", "kubectl drain node-1"),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
    }

    #[test]
    fn a_change_asked_after_a_situation_is_the_request_on_a_tie() {
        let (op, _) = translate(
            "The node named node07 is experiencing problems with memory pressure. Take down the node for maintenance by first disable the scheduling of new pods to the node.",
        )
        .unwrap();
        assert_eq!(kubechat_core::kubectl::render(&op), "kubectl cordon node07");
    }

    #[test]
    fn a_change_asked_and_not_read_is_asked_back_before_the_check_after_it() {
        for text in [
            "Scale the deployment to 3. Verify that the pods are running.",
            "Taint a node with key=spray, value=mortein and effect=NoSchedule. Check that new pods are not scheduled on it.",
        ] {
            assert!(translate(text).is_err(), "{text}");
        }
        // A change declined is no change asked for.
        assert_eq!(
            line("Show me the pods in shop. Do not delete anything."),
            "kubectl get pods -n shop"
        );
    }

    #[test]
    fn another_identitys_rights_are_asked_about() {
        // Each was read as `get serviceaccounts NAME` or refused before.
        for (text, want) in [
            (
                "Check whether the service account builder in namespace ci is allowed to list secrets in that namespace.",
                "kubectl auth can-i list secrets --as=system:serviceaccount:ci:builder -n ci",
            ),
            (
                "Is the default service account in namespace ci allowed to get configmaps?",
                "kubectl auth can-i get configmaps --as=system:serviceaccount:ci:default -n ci",
            ),
            // The account's namespace and the one asked about apart.
            (
                "Determine whether the service account `mover` from namespace `ops` is allowed to delete deployments in namespace `web`. Output YES or NO only.",
                "kubectl auth can-i delete deployments --as=system:serviceaccount:ops:mover -n web",
            ),
            (
                "does serviceaccount reporter in metrics have permission to create jobs",
                "kubectl auth can-i create jobs --as=system:serviceaccount:metrics:reporter -n metrics",
            ),
            (
                "can user dana@example.com get nodes",
                "kubectl auth can-i get nodes --as=dana@example.com",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // Its action is the right asked about, never an order.
        let (op, _) =
            translate("can serviceaccount deployer in ci delete deployments in prod").unwrap();
        assert_eq!(op.risk(), kubechat_core::Risk::Read);
        // Everyone's rights, or a group's, are not one review.
        for text in ["who can delete pods in prod", "can group devs list pods"] {
            assert!(translate(text).is_err(), "{text}");
        }
    }

    #[test]
    fn rights_over_parts_of_pods_and_roles_asked_about() {
        assert_eq!(
            line("can I exec into pods in prod"),
            "kubectl auth can-i create pods --subresource=exec -n prod"
        );
        assert_eq!(
            line("am I able to view logs in namespace shop"),
            "kubectl auth can-i get pods --subresource=log -n shop"
        );
        // A shell asked for is still refused.
        assert!(matches!(
            translate("can I exec rm -rf / in web-1"),
            Err(Error::Refused { .. })
        ));
        // Another identity's rights, asked in a clause, are that
        // identity's (a review the asker makes), never the asker's.
        assert_eq!(
            line("check whether user bob can delete pods"),
            "kubectl auth can-i delete pods --as=bob"
        );
        assert_eq!(
            line("What level of permission does the cluster-admin role grant?"),
            "kubectl describe clusterroles cluster-admin"
        );
        assert_eq!(
            line("describe role admin in shop"),
            "kubectl describe roles admin -n shop"
        );
    }

    #[test]
    fn a_purpose_after_the_order_neither_names_nor_orders() {
        for (text, want) in [
            // What the purpose says is not the object, nor the verb.
            (
                "After a couple of seconds list the pods in the default namespace to see what happened:",
                "kubectl get pods -n default",
            ),
            (
                "scale web to 3 to handle the load",
                "kubectl scale deployment/web --replicas=3",
            ),
            // "the pod" is the one told in the sentence before.
            (
                "A pod, `nginx`, keeps failing. Troubleshoot the pod to locate the source of the issue.",
                "kubectl describe pods nginx",
            ),
            (
                "Deployment web in shop is broken. Restart the deployment.",
                "kubectl rollout restart deployment/web -n shop",
            ),
            // The infinitive is what is asked after a wish, a means or a
            // question of how.
            ("I want to see the pods in prod", "kubectl get pods -n prod"),
            ("use a label selector to find the pods", "kubectl get pods"),
            // A type after "in X" says what X names: no namespace.
            (
                "show the logs in api deployment",
                "kubectl logs deployment/api",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // Alone, "the pod" points at nothing: asked back.
        assert!(translate("troubleshoot the pod").is_err());
    }

    #[test]
    fn the_verb_of_a_question_or_a_report_is_no_name() {
        for (text, want) in [
            // The subject named before its type: the word after is its verb.
            (
                "Why can't frontend pods connect to api-server?",
                "kubectl describe pods api-server",
            ),
            (
                "why can't the web pod reach the database",
                "kubectl describe pods web",
            ),
            // Named after its type, the word is still the name.
            ("why can't pod web start", "kubectl describe pods web"),
            // What someone reports is no object's name.
            (
                "User reports that some pods have started and some have not",
                "kubectl get pods",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
    }

    #[test]
    fn the_health_of_the_cluster_is_a_diagnosis_of_all_of_it() {
        for text in [
            "is my cluster healthy?",
            "what's the status of our cluster",
            "give me an overview of overall cluster health",
            "Is anything wrong with the cluster?",
        ] {
            let (op, _) = translate(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(op.verb, kubechat_core::Verb::Diagnose, "{text}");
            assert!(op.all_namespaces, "{text}");
        }
        assert!(
            translate("dump the cluster state to a file")
                .map_or(true, |(op, _)| op.verb != kubechat_core::Verb::Diagnose)
        );
        // A named object or type keeps its own reading.
        assert_eq!(
            translate("is the web deployment in my cluster healthy")
                .unwrap()
                .0
                .resource
                .as_str(),
            "deployments"
        );
        assert!(
            !translate("what's the status of the pods in cluster namespace prod")
                .unwrap()
                .0
                .all_namespaces
        );
    }

    #[test]
    fn a_new_pod_takes_the_image_named_before_the_word_and_its_labels() {
        for (text, want) in [
            (
                "create a pod called cache in the data namespace using the redis image",
                "kubectl run cache --image=redis -n data",
            ),
            (
                "run a pod named api with the ghcr.io/acme/api:v2 image",
                "kubectl run api --image=ghcr.io/acme/api:v2",
            ),
            // kubectl's own verb for a new pod, said in words.
            (
                "run pod api with image nginx",
                "kubectl run api --image=nginx",
            ),
            (
                "run an nginx pod named edge",
                "kubectl run edge --image=nginx",
            ),
            // Named after its image, as kubectl's example has it.
            ("launch a redis pod", "kubectl run redis --image=redis"),
            (
                "create a new httpd deployment with 2 replicas in the web namespace",
                "kubectl create deployment httpd --image=httpd --replicas=2 -n web",
            ),
            (
                "create a pod named web using image nginx with label tier=front in namespace shop",
                "kubectl run web --image=nginx --labels=tier=front -n shop",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // An image written apart is not replaced by the name.
        assert!(
            translate("create a cattle deployment (k8s.gcr.io/serve_hostname) with 5 replicas")
                .is_err()
        );
        // A command run in a pod makes no pod.
        for text in [
            "run ls /tmp in pod web-1",
            "run a command on an already running pod",
        ] {
            let err = translate(text).unwrap_err().to_string();
            assert!(!err.contains("image"), "{text}: {err}");
        }
        // A deployment's labels need the whole object: asked back, never
        // dropped.
        let err =
            translate("create a deployment named web using image nginx with label tier=front")
                .unwrap_err();
        assert!(err.to_string().contains("labels of its own"), "{err}");
    }

    #[test]
    fn the_service_an_expose_asks_for_is_named_and_typed_as_said() {
        for (text, want) in [
            (
                "Expose the deployment 'webapp' as a LoadBalancer service on port 80",
                "kubectl expose deployments webapp --port=80 --type=LoadBalancer",
            ),
            (
                "Expose the deployment `api-dep` as a Service named `api` of type `NodePort` on port `6479` in namespace `prod`.",
                "kubectl expose deployments api-dep --port=6479 --name=api --type=NodePort -n prod",
            ),
            (
                "expose the web deployment as a node port service on port 8080",
                "kubectl expose deployments web --port=8080 --type=NodePort",
            ),
            // "service" names the result, not the type exposed.
            (
                "expose web as a service on port 80",
                "kubectl expose deployments web --port=80",
            ),
            (
                "Create a service for a pod valid-pod on port 444 with the name \"frontend\"",
                "kubectl expose pods valid-pod --port=444 --name=frontend",
            ),
            (
                "Create a Service named my-service that exposes the my-pod Pod on port 80.",
                "kubectl expose pods my-pod --port=80 --name=my-service",
            ),
            // A relative clause after the order describes the service.
            (
                "create a service for pod api-0, which serves on port 8080 with the name api-public",
                "kubectl expose pods api-0 --port=8080 --name=api-public",
            ),
            (
                "Create a service for the web deployment, which serves on port 80 and connects to the containers on port 8080",
                "kubectl expose deployments web --port=80 --target-port=8080",
            ),
            (
                "expose deployment web on port 80 named web-public",
                "kubectl expose deployments web --port=80 --name=web-public",
            ),
            (
                "expose the api deployment on port 80 -> 8080",
                "kubectl expose deployments api --port=80 --target-port=8080",
            ),
            // An existing service exposed again keeps its type word.
            (
                "expose service web on port 8080",
                "kubectl expose services web --port=8080",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // A rule in the relative clause still makes it a statement.
        assert!(
            translate("create a service for deployment web, which must serve on port 80").is_err()
        );
        // Another object created beside the expose is two orders, not
        // an expose that drops the creation.
        assert!(
            crate::interpret(
                "create an nginx deployment with 2 replicas and expose it via a ClusterIP service on port 80"
            )
            .is_err()
        );
        // A node port fixed by number is not what expose sets.
        let err = translate("expose web on node port 30080").unwrap_err();
        assert!(err.to_string().contains("node port"), "{err}");
        // A name a service cannot have is refused before any preview.
        let err = crate::interpret("expose deployment web on port 80 as a service named Web.V2")
            .unwrap_err()
            .to_string();
        assert!(err.contains("service name"), "{err}");
    }

    #[test]
    fn a_change_of_requests_and_limits_is_asked_back_not_read() {
        for text in [
            "Increase memory limit for my-app to 2Gi",
            "limit the nginx deployment to 200m CPU and 512Mi memory",
            "Fix the OOMKill issue in demo-app deployment by increasing memory limits to 512Mi and requests to 256Mi.",
        ] {
            let err = translate(text).unwrap_err().to_string();
            assert!(err.contains("set resources"), "{text}: {err}");
        }
        // A read said first keeps its verb, and an amount is no name:
        // the limits are shown beside each pod.
        assert_eq!(
            line("show pods with memory limit set to 512Mi"),
            "kubectl get pods -o 'custom-columns=NAME:.metadata.name,CPU-REQUESTS:.spec.containers[*].resources.requests.cpu,MEMORY-REQUESTS:.spec.containers[*].resources.requests.memory,CPU-LIMITS:.spec.containers[*].resources.limits.cpu,MEMORY-LIMITS:.spec.containers[*].resources.limits.memory'"
        );
    }

    #[test]
    fn words_that_describe_an_object_or_a_purpose_are_no_name_or_order() {
        for (text, want) in [
            (
                "What is the node port of the 'web' service?",
                "kubectl get services web",
            ),
            // A participle before "by" is no name.
            (
                "show metrics for the pods defined by label name=web",
                "kubectl top pods -l name=web",
            ),
            // A label selector said in words selects; "to" is no term.
            ("use a label selector to list pods", "kubectl get pods"),
            // Where output is to be written is not a manifest to read.
            (
                "Get the list of nodes in JSON format and store it in a file at /tmp/nodes.json",
                "kubectl get nodes -o json",
            ),
            // A change named as a purpose is part of a question.
            (
                "What is the image used to create the new pods?",
                "kubectl get pods -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image'",
            ),
            ("take node01 out for maintenance", "kubectl drain node01"),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // The same change said twice, a drain and its cordon, is one.
        assert_eq!(
            line(
                "take node01 out for maintenance. Empty the node of all applications and mark it unschedulable."
            ),
            "kubectl drain node01"
        );
        // Two different changes are still asked back.
        assert!(translate("scale web to 3. Then scale web to 5.").is_err());
        // An action not read, joined to one that is, is asked back.
        assert!(translate("Deploy nginx with 3 replicas and expose it on port 90").is_err());
    }

    #[test]
    fn this_pod_points_at_the_pod_another_sentence_names() {
        assert_eq!(
            line(
                "Another pod called elephant has been deployed in the default namespace. Inspect this pod and identify the reason why it is not running."
            ),
            "kubectl describe pods elephant -n default"
        );
        // Nothing names it: asked back rather than answered for every pod.
        let e = translate("List the events related to this Pod only").unwrap_err();
        assert!(e.to_string().contains("this pod"), "{e}");
    }

    #[test]
    fn it_in_the_asking_sentence_is_the_object_another_names() {
        // Unless the asking sentence names it itself.
        assert_eq!(
            line(
                "The team rolled out a new release. There is a deployment named web, roll it back to the previous revision."
            ),
            "kubectl rollout undo deployment/web"
        );
        assert_eq!(
            line("The web deployment in shop is overloaded. Scale it to 5."),
            "kubectl scale deployment/web --replicas=5 -n shop"
        );
        assert_eq!(
            line("There is a pod called worker-7 in batch. Delete it."),
            "kubectl delete pods worker-7 -n batch"
        );
        assert_eq!(
            line("api-gateway keeps restarting. Can you show me its logs?"),
            "kubectl logs deployment/api-gateway"
        );
        // Two objects named: "it" stays unresolved, never a guess.
        let two = translate("web is slow and api is fine. Restart it.");
        assert!(
            two.as_ref().map_or(true, |(op, _)| op.name.is_none()),
            "{two:?}"
        );
        // A participle is no object to point at.
        let participle = translate("When you finish using the debugging Pod, delete it");
        assert!(
            participle
                .as_ref()
                .map_or(true, |(op, _)| op.risk() == kubechat_core::Risk::Read),
            "{participle:?}"
        );
    }

    #[test]
    fn a_namespace_said_last_and_apart_fills_the_slot() {
        assert_eq!(
            line("data-processor logs, app-109"),
            "kubectl logs deployment/data-processor -n app-109"
        );
        assert_eq!(
            line("which nodes are the fluentd-elasticsearch pods on? kube-system"),
            "kubectl get pods fluentd-elasticsearch -n kube-system -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"
        );
        // A stated namespace wins; a plain word is no namespace; a list
        // of types stays a list.
        assert_eq!(
            line("logs of api-0 in shop, app-109"),
            "kubectl logs api-0 -n shop"
        );
        assert_eq!(
            line("scale web to 3, please"),
            "kubectl scale deployment/web --replicas=3"
        );
        assert_eq!(
            line("show pods, deployments"),
            "kubectl get pods,deployments"
        );
        // The pod of a named container, and a pod named before it.
        assert_eq!(
            line("logs of init container init-myservice in myapp-pod"),
            "kubectl logs myapp-pod -c init-myservice"
        );
        assert_eq!(
            line("logs of api-0 for container sidecar in payments"),
            "kubectl logs api-0 -n payments -c sidecar"
        );
    }

    #[test]
    fn a_question_about_a_change_is_not_the_change() {
        for text in [
            "who can delete pod web-1 in prod?",
            "can bob delete pod web-1?",
            "is it safe to restart deployment api?",
            "how do I delete pod web-1?",
            "what happens if I scale deployment api to 0?",
            "should I delete pod web-1?",
            "Quick question. Who can drain node worker-1?",
        ] {
            let got = translate(text);
            assert!(
                got.as_ref()
                    .map_or(true, |(op, _)| op.risk() == kubechat_core::Risk::Read),
                "{text}: {got:?}"
            );
        }
        // Asked of KubeChat, or about oneself, it is still a request or a
        // rights check.
        assert_eq!(
            line("can you delete pod web-1?"),
            "kubectl delete pods web-1"
        );
        assert_eq!(
            line("can I delete pods in shop?"),
            "kubectl auth can-i delete pods -n shop"
        );
    }

    #[test]
    fn a_situation_then_an_order_about_it() {
        for (text, want) in [
            (
                "web is crashing, restart it",
                "kubectl rollout restart deployment/web",
            ),
            (
                "checkout is broken, roll it back",
                "kubectl rollout undo deployment/checkout",
            ),
            (
                "the api deployment is stuck, please restart it",
                "kubectl rollout restart deployment/api",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // Nothing named in the situation: "it" is no object, asked back.
        assert!(translate("pods are crashing, restart it").is_err());
        // A bare question after a situation naming one object asks about it.
        for (text, want) in [
            (
                "the web-app deployment has 0 available replicas. what happened?",
                "deployments web-app",
            ),
            (
                "pod api-1 restarted 5 times in the last hour. What's going on?",
                "pods api-1",
            ),
        ] {
            let (op, _) = translate(text).unwrap();
            assert_eq!(op.verb, kubechat_core::Verb::Diagnose, "{text}");
            assert_eq!(
                format!("{} {}", op.resource, op.name.unwrap()),
                want,
                "{text}"
            );
        }
        // Nothing that fails, or nothing named: what happened is events.
        for text in [
            "configmap app-config was edited. what happened?",
            "the cluster was upgraded yesterday. what happened?",
        ] {
            assert_eq!(translate(text).unwrap().0.verb, kubechat_core::Verb::Events);
        }
    }

    #[test]
    fn an_action_the_rules_do_not_read_is_asked_back_not_listed() {
        // Each was a listing before: the action asked for was dropped and
        // another clause (or the type word alone) answered instead.
        for text in [
            "approve the certificate request csr-sqgzp",
            "Request a token for a service account in a custom namespace",
            "Listen on port 8888 locally, forwarding to 5000 in the pod",
            "set the rollingUpdate partition on sts web to 0 so the rest of the pods update",
        ] {
            let got = translate(text);
            assert!(
                matches!(got, Err(Error::NotUnderstood { .. })),
                "{text}: {got:?}"
            );
        }
        // A purpose clause that asks, followed by "run", still reads; a
        // statement with a request that reads nothing still answers.
        assert_eq!(
            line("To list the running Pods, run the get pods subcommand"),
            "kubectl get pods"
        );
        let (op, _) =
            translate("deployment app in crashloop-test keeps restarting. pls fix").unwrap();
        assert_eq!(op.verb, kubechat_core::Verb::Diagnose);
    }

    #[test]
    fn everyday_phrasings_of_common_requests() {
        for (text, want) in [
            ("give me a list of all namespaces", "kubectl get namespaces"),
            ("show pods in all namespaces", "kubectl get pods -A"),
            (
                "check the rollout of checkout in shop",
                "kubectl rollout status deployment/checkout --watch=false -n shop",
            ),
            (
                "undo the last deployment of api in prod",
                "kubectl rollout undo deployment/api -n prod",
            ),
            (
                "I want to see the last 100 lines from the auth service logs in namespace security",
                "kubectl logs deployment/auth -n security --tail=100",
            ),
            // "kubectl logs" named as the tool, not a command: "to" is
            // no pod.
            (
                "Use kubectl logs to fetch the logs from a failing Pod “my-app” in namespace dev",
                "kubectl logs my-app -n dev",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // A new image in words is set on the one container, never read.
        assert_eq!(
            line("use image nginx:1.27 for deployment web"),
            "kubectl set image deployment/web '*=nginx:1.27'"
        );
        assert_eq!(
            line("which image does web-2 use"),
            "kubectl get pods web-2 -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image'"
        );
        assert_eq!(
            line("which node is web-1 on"),
            "kubectl get pods web-1 -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"
        );
        assert_eq!(line("when was web-1 started"), "kubectl get pods web-1");
        // Two names in a comma list are two objects, each restarted,
        // never one name joined from both ("api-web").
        assert_eq!(
            line("restart api, web"),
            "kubectl rollout restart deployment/api deployment/web"
        );
        assert_eq!(
            line("scale web to 3, please"),
            "kubectl scale deployment/web --replicas=3"
        );
    }

    #[test]
    fn adversarial_readings_found_in_review_stay_safe() {
        let not_a_change = |text: &str| {
            let got = translate(text);
            assert!(
                got.as_ref()
                    .map_or(true, |(op, _)| op.risk() == kubechat_core::Risk::Read),
                "{text}: {got:?}"
            );
        };
        for text in [
            // a second name after a comma is no namespace
            "cordon node-1, node-2",
            "scale coredns to 0, dns-team",
            // "it" set apart from the named object, or two objects told
            "Node worker-3 hosts the database. Drain the others, not it.",
            "Pod web-1 is fine. Delete the broken one next to it.",
            "The api-7 pod replaced web-3. Delete it.",
            "Service checkout points at the wrong pods. Delete them.",
            // another quantity doubled
            "halve api's memory",
            "double the memory of deployment api",
            // a part of an object removed
            "remove the taint from node worker-1",
            "delete the sidecar from deployment api",
            "delete the annotation from deployment api",
            // a narrowing clause on a bulk change
            "delete all pods that are not ready",
            "delete all my pods",
            "delete all jobs that finished",
            "delete all evicted pods older than a day",
            // questions about a change
            "hey, who can delete pod web-1?",
            "What if I delete pod web-1?",
            "is deleting pod web-1 safe?",
            "will deleting pod web-1 cause downtime?",
            "what's the impact of deleting deployment api?",
        ] {
            not_a_change(text);
        }
        // Two names after a comma are two objects, each deleted (and
        // each typed to confirm), never a namespace.
        assert_eq!(
            line("delete pods web-1, web-2"),
            "kubectl delete pods web-1 web-2"
        );
        // A user's own StatefulSet called etcd stays where the session is.
        let (op, _) = translate("scale statefulset etcd to 0").unwrap();
        assert_eq!(op.namespace, None);
        assert_eq!(
            line("delete pod web-1 from namespace shop"),
            "kubectl delete pods web-1 -n shop"
        );
    }

    #[test]
    fn trouble_in_a_namespace_is_a_diagnosis_of_it() {
        for text in [
            "what's wrong in the shop namespace?",
            "Is anything failing in the shop namespace?",
            "any problems in namespace shop?",
            "check the health of namespace shop",
            "diagnose namespace shop",
        ] {
            let (op, _) = crate::interpret(text).map(|t| (t.operation, 0)).unwrap();
            assert_eq!(op.verb, kubechat_core::Verb::Diagnose, "{text}");
            assert_eq!(op.name, None, "{text}");
            assert_eq!(
                op.namespace.as_ref().map(|n| n.as_str()),
                Some("shop"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_factor_in_words_scales_from_the_live_count() {
        assert_eq!(
            line("double the replicas of api in prod"),
            "kubectl scale deployment/api --replicas=CURRENT+100% -n prod"
        );
        assert_eq!(
            line("halve the web deployment"),
            "kubectl scale deployment/web --replicas=CURRENT-50%"
        );
        // Not a factor: "double-check", "half an hour".
        assert_eq!(
            line("double-check the pods in shop"),
            "kubectl get pods -n shop"
        );
    }

    /// Changes a reviewer found made from words that do not order them
    /// (session 18): a bare question mark, "all" of a type nobody said,
    /// "rotation" of something no node, a cluster-wide kind
    /// listed "in" a place. Each is asked back; the orders beside them
    /// still read.
    #[test]
    fn changes_not_clearly_ordered_are_asked_back() {
        for text in [
            "restart all",
            "restart them all in shop",
            "restart web?",
            "hey, scale api to 0?",
            "web is down. restart it?",
            "take web out of rotation",
            "show me the servers in prod",
            "how many nodes are in namespace x",
        ] {
            assert!(translate(text).is_err(), "{text}");
        }
        for (text, want) in [
            (
                "can you restart web?",
                "kubectl rollout restart deployment/web",
            ),
            (
                "please restart web?",
                "kubectl rollout restart deployment/web",
            ),
            (
                "restart all deployments in shop",
                "kubectl rollout restart deployment -n shop",
            ),
            ("take node-3 out of rotation", "kubectl cordon node-3"),
            (
                "label pod web-1 in frontend env=prod without overwriting",
                "kubectl label pods web-1 env=prod -n frontend",
            ),
            (
                "autoscale deploy web in frontend max 10 cpu utilization 50",
                "kubectl autoscale deployment/web --min=1 --max=10 --cpu-percent=50 -n frontend",
            ),
            (
                "expose deployment hello-app in namespace demo on port 80, targeting container port 8080",
                "kubectl expose deployments hello-app --port=80 --target-port=8080 -n demo",
            ),
            (
                "expose deploy api in payments on 443 forwarding to 8443",
                "kubectl expose deployments api --port=443 --target-port=8443 -n payments",
            ),
            (
                "uncordon node-14, we're done ✅",
                "kubectl uncordon node-14",
            ),
            (
                "Agent task: scale the deployment named \"ingest\" in namespace \"pipeline\" to 6 replicas.",
                "kubectl scale deployment/ingest --replicas=6 -n pipeline",
            ),
            (
                "Your task: uncordon node \"ip-172-31-9-9.ec2.internal\".",
                "kubectl uncordon ip-172-31-9-9.ec2.internal",
            ),
            (
                "create configmap nginx-conf from-literal=worker_processes=4 in frontend",
                "kubectl create configmap nginx-conf --from-literal=worker_processes=4 -n frontend",
            ),
            ("delete pod/web-1 gracefully", "kubectl delete pods web-1"),
            // (Forcefully: no graceful shutdown, said and kept.)
            (
                "delete pod x forcefully",
                "kubectl delete pods x --grace-period=0 --force",
            ),
            (
                "delete secret tls-cert in ns ingress so cert-manager reissues it",
                "kubectl delete secrets tls-cert -n ingress",
            ),
            // One node named is that node: the place said is none of its.
            (
                "Describe node worker-08 and look for MemoryPressure in Conditions.",
                "kubectl describe nodes worker-08",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
    }

    /// Probe 10's classes (session 18), each read otherwise or asked
    /// back before, in words of this test's own.
    #[test]
    fn reads_and_creations_of_probe_ten() {
        for (text, want) in [
            (
                "Find the node that pod cache-2 in namespace perf is scheduled on.",
                "kubectl get pods cache-2 -n perf -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            ),
            (
                "What's happening with node ip-10-0-1-7? It's NotReady",
                "kubectl describe nodes ip-10-0-1-7",
            ),
            (
                "check if I'm allowed to delete pods in namespace prod",
                "kubectl auth can-i delete pods -n prod",
            ),
            (
                "View the standard output of pod batch-1",
                "kubectl logs batch-1",
            ),
            (
                "Describe the LimitRange in namespace limits",
                "kubectl describe limitranges -n limits",
            ),
            (
                "show me the contents of configmap settings in core",
                "kubectl get configmaps settings -n core -o yaml",
            ),
            (
                "A pod named warmup in namespace lab keeps restarting. Find out why and tell me.",
                "kubectl describe pods warmup -n lab",
            ),
            (
                "something is evicting pods in eu-1. events for that ns, last hr or so",
                "kubectl events -n eu-1",
            ),
            (
                "new namespace 'sandbox-2' please",
                "kubectl create namespace sandbox-2",
            ),
            // How a container's last run ended; a state guessed after the
            // question is no question of its own.
            (
                "what was the exit code of the last crash of queue-0 in ns jobs? OOMKilled?",
                "kubectl get pods queue-0 -n jobs -o 'custom-columns=NAME:.metadata.name,LAST-REASON:.status.containerStatuses[*].lastState.terminated.reason,EXIT-CODE:",
            ),
            ("is web-1 ok?", "kubectl get pods web-1"),
            (
                "spin up a pod running redis",
                "kubectl run redis --image=redis",
            ),
            (
                "create a deployment called api that runs the busybox image",
                "kubectl create deployment api --image=busybox",
            ),
        ] {
            let got = line(text);
            assert!(got.starts_with(want), "{text}: {got}");
        }
        // A place said for what a read does not name stays asked back;
        // "a command it runs" makes nothing.
        for text in [
            "create a pod that runs sleep 3600",
            "give me a throwaway interactive busybox pod",
        ] {
            assert!(
                translate(text).is_err() || translate(text).is_ok_and(|(op, _)| op.verb.is_read()),
                "{text}"
            );
        }
    }

    /// What a review of this session's rules found (session 18): changes
    /// made from reports, times, lookups and rotation words, and names
    /// taken from manner words. Each line is asked back or read; none is
    /// the change it names.
    #[test]
    fn what_a_review_of_the_session_eighteen_rules_found() {
        for text in [
            // Taken out of rotation deletes nothing.
            "remove node worker-3 from rotation",
            "remove worker-3 from rotation",
            "drop web-1 from the pool",
            // A node found through another object.
            "delete the node that pod web-1 is scheduled on",
            // A change told as failed, or done.
            "Drain node worker-3 failed. Find out why and tell me.",
            "the drain of worker-3 failed",
            "scale deployment web to 3 did not work",
            "what's happening with node worker-3 after the drain",
            // For later, in any unit.
            "restart web in 1 hr",
            "restart web in 2h",
            "restart web in an hour",
            "restart web in a few minutes",
            // A question mark after the verb, whatever follows it.
            "restart web? thanks",
            "restart web? I think it is stuck.",
            "roll back api?",
            "maybe restart web?",
            "web is stuck, restart it?",
            // Whether the person may, or should.
            "can I restart web?",
            "should I drain node worker-1?",
            // A pod of two images, or on a node: never one of them alone.
            "spin up a pod running nginx and redis",
            "run a pod with nginx and redis",
            // Every Service's workload is a guess.
            "restart all services in shop",
            // Pods carry no zone label.
            "delete pods in zone us-east-1a",
            // "on X": a cluster or a namespace, not said which.
            "restart api on staging",
            "delete pod web-1 on prod",
            "cordon node worker-1 on prod",
            // Command lines are held as words are (a second review).
            "delete pod web-1 in shop?",
            "delete pod web-1 later",
            "get rid of pod web-1?",
            "the drain of node-3 failed this morning",
            "do we scale web to 5?",
            // A place said for a node in a change.
            "drain node worker-8 in prod",
            "top nodes in prod",
        ] {
            // (As the product reads it: a reading that fails validation
            // is no change either.)
            assert!(
                crate::interpret(text)
                    .map_or(true, |t| t.operation.risk() == kubechat_core::Risk::Read
                        && t.operation.namespace.is_none()),
                "{text}"
            );
        }
        for (text, want) in [
            (
                "restart web, please?",
                "kubectl rollout restart deployment/web",
            ),
            ("delete job etl-1, it failed", "kubectl delete jobs etl-1"),
            ("delete the x pod forcefully", "kubectl delete pods x"),
            (
                "delete secret web-tls so cert-manager reissues it, in shop",
                "kubectl delete secrets web-tls -n shop",
            ),
            (
                "create a deployment that runs the nginx:1.27 image in shop",
                "kubectl create deployment nginx --image=nginx:1.27 -n shop",
            ),
            (
                "Drain my-node in preparation for maintenance",
                "kubectl drain my-node",
            ),
            (
                "on which node does web-1 run",
                "kubectl get pods web-1 -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            ),
            (
                "can I delete pod foo?",
                "kubectl auth can-i delete pods foo",
            ),
            // A label named with its value is removed by its key.
            (
                "remove label env=prod from pod web",
                "kubectl label pods web env-",
            ),
            ("standard error of pod web-1", "kubectl logs web-1"),
            (
                "strip label tier=fe from svc web",
                "kubectl label services web tier-",
            ),
            (
                "list nodes not in zone us-east-1a",
                "kubectl get nodes -l 'topology.kubernetes.io/zone!=us-east-1a'",
            ),
            (
                "list nodes in region eu-west-1",
                "kubectl get nodes -l topology.kubernetes.io/region=eu-west-1",
            ),
            (
                "restart api because the last deploy failed",
                "kubectl rollout restart deployment/api",
            ),
            (
                "drain node-1, we are patching it later today",
                "kubectl drain node-1",
            ),
            // An object told of after a comma is no second object.
            (
                "delete pod web-2, web-1 is fine",
                "kubectl delete pods web-2",
            ),
            (
                "spin up a pod running nginx, web-1 is broken",
                "kubectl run nginx --image=nginx",
            ),
            // A zone is the well-known label of nodes, never a name or a
            // namespace.
            (
                "list nodes in zone us-east-1a",
                "kubectl get nodes -l topology.kubernetes.io/zone=us-east-1a",
            ),
            (
                "which nodes are in the eu-west-1b zone",
                "kubectl get nodes -l topology.kubernetes.io/zone=eu-west-1b",
            ),
        ] {
            assert!(line(text).starts_with(want), "{text}: {}", line(text));
        }
        // Told of or asked about, a new object is not made.
        for text in ["new namespace foo created?", "new namespace foo is up"] {
            assert!(
                translate(text).map_or(true, |(op, _)| op.verb != kubechat_core::Verb::Create),
                "{text}"
            );
        }
        // Names shaped like adverbs stay names on a command line.
        let t = crate::interpret("kubectl delete cronjobs daily hourly").unwrap();
        assert_eq!(t.operation.names().count(), 2);
    }

    /// Probe 11's classes (session 19): each line was read otherwise, or
    /// asked back, before.
    #[test]
    fn probe_eleven_classes_are_read() {
        for (text, want) in [
            // A polite request for something new, and "set up".
            (
                "can you spin up a pod running nginx",
                "kubectl run nginx --image=nginx",
            ),
            (
                "could you set up a namespace called team-x",
                "kubectl create namespace team-x",
            ),
            // A bare "please list" lists what was just asked about.
            (
                "do we have some ingress in namespace marketing? please list",
                "kubectl get ingresses -n marketing",
            ),
            // Apps are what runs them.
            (
                "what apps and services are in the hr-tools namespace",
                "kubectl get deployments,services -n hr-tools",
            ),
            ("list apps in shop", "kubectl get deployments -n shop"),
            (
                "how many apps are running across the whole cluster?",
                "kubectl get deployments -A",
            ),
            ("list pods in apps", "kubectl get pods -n apps"),
            // Pods not running, said as a title, are listed.
            (
                "pods not running, all namespaces",
                "kubectl get pods -A '--field-selector=status.phase!=Running'",
            ),
            (
                "pods are not running in prod",
                "kubectl describe pods -n prod",
            ),
            // What runs on a node, named as clouds name them, or "of node X".
            (
                "who's running on gke-prod-pool-1-abc12345-xyz9 (all namespaces)? need to know before i kill the node",
                "kubectl get pods -A --field-selector=spec.nodeName=gke-prod-pool-1-abc12345-xyz9",
            ),
            (
                "what's running on ip-10-0-1-23.ec2.internal",
                "kubectl get pods -A --field-selector=spec.nodeName=ip-10-0-1-23.ec2.internal",
            ),
            (
                "show me the pods of node node-3",
                "kubectl get pods -A --field-selector=spec.nodeName=node-3",
            ),
            (
                "evict all pods from node worker-3",
                "kubectl drain worker-3",
            ),
            (
                "check the pods on node-3 before I drain it",
                "kubectl get pods -A --field-selector=spec.nodeName=node-3",
            ),
            // The object said after the question, as a bare phrase or
            // "it's X … and …".
            (
                "Pod stuck in ContainerCreating forever - how do I find out why? (pod mongo-1 in the db namespace)",
                "kubectl describe pods mongo-1 -n db",
            ),
            (
                "Why does my pod keep getting OOMKilled? It's analytics-worker-0 in namespace data and the limit is 2Gi",
                "kubectl describe pods analytics-worker-0 -n data",
            ),
            (
                "Is there a way to see why a cronjob didn't run last night? cronjob nightly-backup in ns ops",
                "kubectl describe cronjobs nightly-backup -n ops",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        for (text, want) in [
            // A remark after a command line, and pictographs.
            (
                "uncordon ip-10-0-9-14.ec2.internal, false alarm 😅",
                "kubectl uncordon ip-10-0-9-14.ec2.internal",
            ),
            ("please uncordon node-1, my bad", "kubectl uncordon node-1"),
            (
                "get rid of all the completed pods in ns ci-runners 🧹",
                "kubectl delete pods -n ci-runners --field-selector=status.phase=Succeeded",
            ),
            // Restarts told as too many are a symptom.
            (
                "the pod payment-7b9c5d8f6-hx8kq is restart many time, what is problem?",
                "kubectl describe pods payment-7b9c5d8f6-hx8kq",
            ),
            ("web-1 restarted 5 times", "kubectl describe pods web-1"),
            // Back to an earlier version, said any way.
            (
                "i want to return deployment checkout to the before version, new one have bug",
                "kubectl rollout undo deployment/checkout",
            ),
            (
                "bring back the old version of checkout in shop",
                "kubectl rollout undo deployment/checkout -n shop",
            ),
            (
                "undo to the previous version of checkout",
                "kubectl rollout undo deployment/checkout",
            ),
            // An adverb before the order.
            (
                "Temporarily disable the cronjob report-generator in namespace analytics by setting suspend to true.",
                "kubectl patch cronjobs report-generator -p '{\"spec\":{\"suspend\":true}}' -n analytics",
            ),
            // A node kept from new pods.
            (
                "please make the node worker-node-5 to not receive new pod",
                "kubectl cordon worker-node-5",
            ),
            ("stop new pods landing on node-3", "kubectl cordon node-3"),
            // A place said bare: a system namespace, or one word after
            // TYPE/NAME.
            (
                "rollout status ds/calico-node kube-system",
                "kubectl rollout status daemonset/calico-node --watch=false -n kube-system",
            ),
            (
                "restart deploy/web prod",
                "kubectl rollout restart deployment/web -n prod",
            ),
            ("get pods kube-system", "kubectl get pods -n kube-system"),
            (
                "events kube-system sorted by time",
                "kubectl events -n kube-system",
            ),
            (
                "logs prev container sidecar pod mesh-proxy-0 istio-system",
                "kubectl logs mesh-proxy-0 -n istio-system -c sidecar --previous",
            ),
            // What uses the most.
            (
                "hey bot whats eating all the cpu on the nodes rn",
                "kubectl top nodes",
            ),
            ("can-i delete nodes?", "kubectl auth can-i delete nodes"),
            // Refused with "without", or asked not to.
            (
                "drain node-1 without deleting local data",
                "kubectl drain node-1",
            ),
            // A node emptied, or marked out of use, in other words.
            (
                "Mark the node named node01 as unavailable and reschedule all the pods running on it.",
                "kubectl drain node01",
            ),
            ("move all pods off node01", "kubectl drain node01"),
            ("mark node01 as unavailable", "kubectl cordon node01"),
            // "DaemonSet-managed pods" describes; "it" is the node.
            (
                "Context: the cluster has three worker nodes. Mark the node named node01 as unavailable and reschedule all the pods running on it. DaemonSet-managed pods may be ignored.",
                "kubectl drain node01",
            ),
            // Beside another pair, the one right after "pods with" picks.
            (
                "Label all pods with app=legacy in namespace old-stack with deprecated=true.",
                "kubectl label pods deprecated=true -n old-stack -l app=legacy",
            ),
            (
                "add deprecated=true to all pods with app=legacy",
                "kubectl label pods deprecated=true -l app=legacy",
            ),
        ] {
            assert_eq!(line(text), want, "{text}");
        }
        // A verb after the container is no container's name.
        assert!(!line_or_err(
            "A pod named secure-app is running in namespace restricted. Find out which user ID its container runs as."
        )
        .contains("-c runs"));
        // A word of English where a command line's name goes is read by
        // the rules ("label pods with app=legacy" labels no pod "with").
        assert!(crate::interpret("label pods with app=legacy").is_err());
        // A plain word there is still a name on a command line.
        assert_eq!(
            crate::interpret("delete deployment old").unwrap().kubectl,
            "kubectl delete deployments old"
        );
        // A literal kubectl line keeps kubectl's reading.
        assert_eq!(
            crate::translate("kubectl get pods kube-system")
                .unwrap()
                .kubectl,
            "kubectl get pods kube-system"
        );
        // A list of names after a comma is no remark.
        assert_eq!(
            line("delete pod web-1, web-2"),
            "kubectl delete pods web-1 web-2"
        );
        // What the person will do later is no order now; nor is a
        // question about new pods.
        for text in [
            "why are no new pods scheduled on node-3?",
            "need to know before i kill the node",
            "I want to see the logs before I delete pod web-1",
            "show the pods on node-3 until we drain it",
        ] {
            assert!(product_reads(text), "{text}");
        }
        // A phrase of type and name beside a request that names its own
        // object tells of another one.
        assert_eq!(
            translate("Delete pod web-2. Pod web-1 is fine.").map(|(op, _)| op.name),
            Ok(Some(kubechat_core::ResourceName::parse("web-2").unwrap()))
        );
    }

    /// What a review of the session-nineteen rules found: each line made a
    /// change nobody ordered (or aimed one elsewhere) on the rules as
    /// first written, or on the session's start.
    #[test]
    fn what_a_review_of_the_session_nineteen_rules_found() {
        for text in [
            // A question of rights typed as kubectl's word.
            "can-i drain node-3?",
            "can-i restart deployment api",
            // Waits, said any way.
            "wait to drain node-3 until I say",
            "hold the delete of ns staging until we migrate",
            "delete pvc data-0, but not before we take a backup",
            "scale web to 0, not until we drain node-3",
            "show the pods on node-3 until we drain it",
            // Some pods moved is no drain of the node.
            "move pod web-1 off node-3",
            "migrate the db pod from node-3 to node-5",
            "move 2 pods off node-3",
            "clear the completed pods on node-3",
            "cordon the node, not the one with pods on node-3",
            "drain everything but the pods on worker-1",
            // A title that reports a change, and an object spared.
            "PVC delete hangs? pvc data-0 in db",
            "Node drain hangs. node node-3",
            "Rollback failed. deployment checkout in shop",
            "drain failed on node-3",
            "delete the pod. (not pod web-1 in prod)",
            // Reports of new pods are no cordon.
            "no new pods are getting scheduled on node-3",
            "new pods don't start on node-3",
            "I noticed no new pods on node-3",
            "we need to prevent new pods from failing on node-3",
            // Taken back, or a no.
            "drain node-3, nvm",
            "delete ns prod, nvm",
            "delete pod web-1, never mind",
            "drain node-1, false alarm",
            "rollback checkout, false alarm",
            "delete pod web-1 ❌",
            "drain node-3 ⛔",
            // Not an undo of a made-up deployment.
            "reset the password to the old one",
            "switch traffic for checkout back to the old version",
            "can we go back to the previous version of checkout?",
            "can we restart web?",
            // Asked whether.
            "can you set up a namespace called team-x or should I?",
            // Two kinds in one change.
            "restart apps and services in shop",
            "scale apps and services in test to 0",
            "delete apps and services in test",
        ] {
            assert!(
                product_reads(text),
                "{text}: {:?}",
                crate::interpret(text).map(|t| t.kubectl)
            );
        }
        for (text, want) in [
            // How, never where.
            ("delete pod/web-1 gracefully", "kubectl delete pods web-1"),
            (
                "restart deploy/web safely",
                "kubectl rollout restart deployment/web",
            ),
            // An object named so after its type.
            (
                "delete configmap cert-manager-system",
                "kubectl delete configmaps cert-manager-system",
            ),
            // Refused with "without".
            (
                "drain node-1 without ignoring daemonsets",
                "kubectl drain node-1",
            ),
            // The question's filter is kept.
            (
                "any pods running on node-3? show me",
                "kubectl get pods -A --field-selector=spec.nodeName=node-3",
            ),
            // Complaints are diagnosed.
            ("my pods not running after deploy", "kubectl describe pods"),
            ("deployments not running", "kubectl describe deployments"),
            // An adverb first.
            (
                "temporarily scale web to 0",
                "kubectl scale deployment/web --replicas=0",
            ),
            // An order, then a told restart count.
            ("uncordon node-1, false alarm", "kubectl uncordon node-1"),
        ] {
            assert_eq!(product_line(text), want, "{text}");
        }
        // Probe 12: a name shaped as one is whole; "label KEY=VALUE" in a
        // listing picks; a typo after "by" is no verb.
        for (text, want) in [
            (
                "pods w/ label tier=frontend in ns shop, just the names pls",
                "kubectl get pods -n shop -l tier=frontend",
            ),
            (
                "List the pods that are running the Hello World application (label run=load-balancer-example)",
                "kubectl get pods -l run=load-balancer-example",
            ),
        ] {
            assert_eq!(product_line(text), want, "{text}");
        }
        for (text, want) in [
            // The docs' own name after a type.
            ("describe cronjob hello", "kubectl describe cronjobs hello"),
            ("logs of job hello", "kubectl logs job/hello"),
            // "a description of" describes.
            (
                "View a description of the Secret db-user-pass.",
                "kubectl describe secrets db-user-pass",
            ),
            // "Clean it up": the object between the verb and its particle.
            (
                "A developer accidentally left a job one-off-import in the imports namespace. Clean it up.",
                "kubectl delete jobs one-off-import -n imports",
            ),
            // An annotation's value no selector could hold.
            (
                "annotate pod web-1 contact=ops@corp.io",
                "kubectl annotate pods web-1 contact=ops@corp.io",
            ),
            // The task pages' step for the object as stored.
            (
                "View detailed information about the memory-demo Pod in the mem-example namespace",
                "kubectl get pods memory-demo -n mem-example -o yaml",
            ),
            // Whatever the verb, a list of … is a read.
            (
                "Produce the list of all container images running in the cluster, across all namespaces.",
                "kubectl get pods -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,IMAGES:.spec.containers[*].image'",
            ),
            // The object after a colon is the order's.
            (
                "Delete a pod with minimal delay: stuck-pod-4",
                "kubectl delete pods stuck-pod-4",
            ),
            // A rollout's object named in the purpose.
            (
                "Check the status of the rollout to see whether nginx-deployment has finished rolling out",
                "kubectl rollout status deployment/nginx-deployment --watch=false",
            ),
            (
                "list the pods in shop to see what happened to web-1",
                "kubectl get pods -n shop",
            ),
            // What is left alone, told after the order, takes no place.
            (
                "A developer left a job one-off-import in the imports namespace. Delete it. Leave the other jobs in the namespace untouched.",
                "kubectl delete jobs one-off-import -n imports",
            ),
            (
                "list pods in the namespace memory",
                "kubectl get pods -n memory",
            ),
            // A reason with its subject in one word.
            (
                "pls scale search-api down to 2, traffic's dropped off for the night",
                "kubectl scale deployment/search-api --replicas=2",
            ),
        ] {
            assert_eq!(product_line(text), want, "{text}");
        }
        assert!(
            crate::interpret("how many restarts has kafka-2 had? ns streaming")
                .is_ok_and(|t| t.operation.name.is_some_and(|n| n.as_str() == "kafka-2"))
        );
        assert!(product_reads("list the pods in dev sorted by restarst pls"));
        // Several places said and none in the change's own sentence:
        // asked back, never the default namespace.
        assert!(
            crate::interpret(
                "The job etl-1 runs in batch. The old one was in staging. Delete the job etl-1."
            )
            .map_or(true, |t| t.operation.namespace.is_some())
        );
        // A state is no place.
        assert!(
            crate::interpret("which apps are in crashloop")
                .is_ok_and(|t| t.operation.namespace.is_none())
        );
    }

    /// What a second review of the session-nineteen rules found.
    #[test]
    fn what_a_second_review_of_the_session_nineteen_rules_found() {
        for text in [
            // After a colon, an object spared or related.
            "Delete the failing pods except this one: web-1",
            "Delete the secret used by: web-api",
            "Drain the node this pod runs on: web-1",
            // A clause that takes the order back.
            "scale web to 0, team's decided not to",
            "delete deployment web, ops's vetoed that though",
            // A variant said after a name.
            "scale web-api canary to 0",
            // Cleaning inside an object.
            "clean pvc data-0 up, it's full of old files",
            "clean node-3 up, the disk is full",
            // A namespace spared.
            "leave namespace staging alone and delete pod web-1",
            "Don't touch anything in prod. Delete pod web-1.",
            "Delete pod web-1, not in prod.",
            // Taken back, asked whether, planned.
            "delete ns staging. Actually, don't.",
            "restart web... wait",
            "delete pod web-1, hold on",
            "can we delete the staging namespace",
            "Rollback plan: undo deployment web",
            "Suggestion: restart deployment web",
            // A part of the object.
            "remove the description of deployment web",
        ] {
            // (A change below the chain's threshold is asked back too.)
            assert!(
                crate::interpret(text)
                    .map_or(true, |t| t.operation.risk() == kubechat_core::Risk::Read
                        || t.confidence < crate::chain::DEFAULT_THRESHOLD),
                "{text}: {:?}",
                crate::interpret(text).map(|t| t.kubectl)
            );
        }
        for (text, want) in [
            (
                "Double the number of replicas of web",
                "kubectl scale deployment/web --replicas=CURRENT+100%",
            ),
            (
                "pod hey, can you list pods in shop?",
                "kubectl get pods -n shop",
            ),
            (
                "delete the pod web-1 in the namespace called shared",
                "kubectl delete pods web-1 -n shared",
            ),
            (
                "pls scale search-api down to 2, traffic's dropped off for the night",
                "kubectl scale deployment/search-api --replicas=2",
            ),
            (
                "Delete a pod with minimal delay: stuck-pod-4",
                "kubectl delete pods stuck-pod-4",
            ),
            // "named" after a place names the object made there.
            (
                "Create a POD in the finance namespace named temp-bus with the image redis:alpine.",
                "kubectl run temp-bus --image=redis:alpine -n finance",
            ),
        ] {
            assert_eq!(product_line(text), want, "{text}");
        }
        // Every namespace but one: read across the others; never changed.
        for text in [
            "show all pods excluding the kube-system namespace",
            "list pods except kube-system",
        ] {
            assert_eq!(
                product_line(text),
                "kubectl get pods -A '--field-selector=metadata.namespace!=kube-system'",
                "{text}"
            );
        }
        assert!(crate::interpret("delete all pods except kube-system").is_err());
        // Not running takes pending in.
        assert_eq!(
            product_line("pods not running and pods pending in shop"),
            "kubectl get pods -n shop '--field-selector=status.phase!=Running'"
        );
        // A label lacked picks nothing by it.
        assert!(
            crate::interpret("list pods missing label team=payments")
                .map_or(true, |t| t.operation.selector.is_none())
        );
    }

    /// Probe 13's classes (session 20): each line was read otherwise, or
    /// asked back, before.
    #[test]
    fn what_probe_thirteen_taught() {
        reads_as(&[
            // A question mark makes a command line a title.
            (
                "kubectl logs since 10 min ago? pod ingest-api-0",
                "kubectl logs ingest-api-0 --since=10m",
            ),
            // "not" after a verb denies, and spares nothing; the person's
            // own need is no condition; "anymore" is no name.
            (
                "When you don't need the CronJob hello anymore, delete it",
                "kubectl delete cronjobs hello",
            ),
            (
                "The cronjob hello is not needed anymore. Describe it.",
                "kubectl describe cronjobs hello",
            ),
            // A told object said name first ("the payment-api
            // deployment"); "never" after its subject and HTTP statuses
            // ("503s") name nothing; "report" is no pod.
            (
                "The `payment-api` deployment in the `fintech` namespace is returning 503s because its pods never become Ready. Investigate and report the root cause. Do not modify anything.",
                "kubectl describe deployments payment-api -n fintech",
            ),
            (
                "The payment-api deployment is returning errors because the pods never become Ready. Investigate the root cause.",
                "kubectl describe deployments payment-api",
            ),
            // An init container named before its words.
            (
                "Retrieve the logs of the `migrate` init container of pod `api-5b7d9f-xk2lp` in namespace `backend`",
                "kubectl logs api-5b7d9f-xk2lp -n backend -c migrate",
            ),
            // A key set to a value.
            (
                "Could you annotate the deployment ledger in namespace accounting with kubernetes.io/change-cause set to 'bump to v1.8'?",
                "kubectl annotate deployments ledger 'kubernetes.io/change-cause=bump to v1.8' -n accounting",
            ),
            (
                "label pod web-1 with tier set to backend",
                "kubectl label pods web-1 tier=backend",
            ),
            // "over-provisioned" is no second object; the replica count
            // is the replicas.
            (
                "The `web-frontend` deployment in namespace `portal` is over-provisioned at 8 replicas. Reduce its replica count by 25% to save costs.",
                "kubectl scale deployment/web-frontend --replicas=CURRENT-25% -n portal",
            ),
            (
                "Lower the replica count of web-frontend to 2",
                "kubectl scale deployment/web-frontend --replicas=2",
            ),
        ]);
        // The docs' detailed view holds what it includes; a prefixed key
        // before "annotation" is the key removed.
        reads_as(&[
            (
                "View detailed information about the memory-demo Pod in the mem-example namespace, including its memory limits",
                "kubectl get pods memory-demo -n mem-example -o yaml",
            ),
            (
                "remove the example.com/foo annotation from svc my-svc",
                "kubectl annotate services my-svc example.com/foo-",
            ),
        ]);
        // The selector's own word narrows nothing further.
        assert_eq!(
            product_line(
                "Clean up all successfully completed jobs in the `batch-jobs` namespace. Jobs that are still running must not be touched."
            ),
            "kubectl delete jobs -n batch-jobs --field-selector=status.successful=1"
        );
        // Probe 14 (written after this session's first rules; its odd
        // half tuned on).
        reads_as(&[
            // A lead-in's "can you" asks no right.
            (
                "Can you tell me which service accounts exist in the ci-cd namespace?",
                "kubectl get serviceaccounts -n ci-cd",
            ),
            // The state asked of nodes, after "marked".
            (
                "Can you tell me which nodes are currently marked unschedulable?",
                "kubectl get nodes --field-selector=spec.unschedulable=true",
            ),
            // A sign of a rule inside a label pair states nothing.
            (
                "Add the label `compliance=pci` to the namespace `payments`. Do not modify any other labels.",
                "kubectl label namespaces payments compliance=pci",
            ),
            // "the pods pick up" names no pod.
            (
                "The deployment `checkout-svc` in namespace `shop-prod` is serving stale content after a ConfigMap change. Restart it so the pods pick up the new config.",
                "kubectl rollout restart deployment/checkout-svc -n shop-prod",
            ),
            // "as-is" is no name; the same object said again less fully
            // keeps its format.
            (
                "Get the full YAML manifest of the service `inventory` in namespace `warehouse`. Do not modify it; print it as-is.",
                "kubectl get services inventory -n warehouse -o yaml",
            ),
        ]);
        reads_as(&[
            // One drain said twice, the second time with how.
            (
                "I want to take node worker-3 out for maintenance. Please go ahead and evict everything from it, ignoring the daemonsets.",
                "kubectl drain worker-3 --ignore-daemonsets",
            ),
            // The plural restarted in one namespace said.
            (
                "Restart deployments in the 'edge' namespace",
                "kubectl rollout restart deployment -n edge",
            ),
            (
                "list all ingress in every namespaces",
                "kubectl get ingresses -A",
            ),
        ]);
        // A second participle of how is no rule: the drain is read (below
        // the rules' threshold, the chain asks back with this line).
        assert_eq!(
            product_line(
                "Node worker-node-07 needs a kernel upgrade. Safely evict all workloads from it, ignoring DaemonSet-managed pods and allowing deletion of pods that use emptyDir volumes."
            ),
            "kubectl drain worker-node-07 --ignore-daemonsets --delete-emptydir-data"
        );
        // Every object of a namespace labelled or annotated (`--all`),
        // the pair being what is set; said by the kind of pair after
        // "update" or "set".
        reads_as(&[
            (
                "label all pods in ns demo with team=alpha",
                "kubectl label pods team=alpha -n demo --all",
            ),
            (
                "Update all pods in the namespace 'staging-eu' with the annotation team=platform",
                "kubectl annotate pods team=platform -n staging-eu --all",
            ),
            (
                "set the label tier=fe on pod web-1",
                "kubectl label pods web-1 tier=fe",
            ),
            // A pair where a selector stands still picks the objects.
            (
                "label all app=nginx pods with tier=fe",
                "kubectl label pods tier=fe -l app=nginx",
            ),
        ]);
        // Nodes are of no namespace: never all of them.
        assert!(product_line("label all nodes with zone=a").is_empty());
        // A restart of every deployment nowhere said is still asked.
        assert!(crate::interpret("restart deployments").is_err());
        // What a review of this session's rules found (each was a change
        // carried out, or a misreading).
        for text in [
            // A real condition beside the person's own need; a need
            // that is not theirs.
            "when you're done, delete pod web-1 only if it is still failing",
            "when you're done, delete pod web-1 unless it's healthy",
            "if the web deployment is no longer needed, remove it",
            "remove the example.com/foo annotation from svc my-svc once the migration is done",
            // What someone will do, told.
            "I'll delete pod web-1",
            "we will delete pod web-1",
            "I plan to delete deployment web",
            "when you're done, they delete deployment web",
            // Every object of a kind, beside one spared, or some of them.
            "Don't restart deployment api. Restart deployments in edge",
            "Restart deployments in edge. Not api though.",
            "db-0 must never be deleted. delete all pods in demo",
            "label all pods in demo with team=alpha. db-0 must not be labelled.",
            "Restart 2 deployments in the edge namespace",
            "Restart the old deployments in edge",
            "label all running pods in demo with team=alpha",
            // A question on the new paths.
            "remove the example.com/foo annotation from svc my-svc?",
            "Update all pods in the namespace staging-eu with the annotation team=platform?",
            // Another object than the one told.
            "The payment-api deployment is fine. Restart the other one.",
            // A container is not deleted on its own.
            "delete the migrate init container of pod api-0",
            // A modal's "not" spares.
            "The payment-api deployment must not be restarted. Restart it.",
            // Said not to be changed.
            "namespace prod does not need to be deleted",
            "We don't need namespace prod to be deleted",
            "I never want pod web-1 deleted",
            "forget about deleting namespace prod",
            // How a command went, told.
            "kubectl delete pod web-1 worked",
            "delete pod web-1 works",
            // Chat's words where a name goes.
            "kubectl delete pod asap",
            "delete pod ty",
            // A second review: plans and the change as a subject, told.
            "deleting pod web-1 would cause an outage",
            "to delete pod web-1 would be wrong",
            "The plan is to delete pod web-1",
            "Bob will delete pod web-1",
            "Ops is going to scale deployment web to 0",
            "I'll be deleting pod web-1",
            "I will need to delete pod web-1",
            "The following command will create a Horizontal Pod Autoscaler for php-apache with 1 to 10 replicas",
            // Bulk beside an object kept, said otherwise.
            "Delete all pods in ns demo. web-1 must survive.",
            "Restart all deployments in demo. db can't go down.",
            "Restart the remaining deployments",
            // Doubt, or how a command went, after it.
            "delete pod web-1 maybe",
            "delete pod web-1 gives an error",
            "kubectl delete pod web-1 gives an error",
        ] {
            assert!(crate::interpret(text).is_err(), "{text}");
        }
        // Names the new non-name words left alone after their type; a
        // verb first is no namespace; force deletion is said, never
        // dropped.
        reads_as(&[
            (
                "scale deployment traffic to 3",
                "kubectl scale deployment/traffic --replicas=3",
            ),
            (
                "restart deployment backing",
                "kubectl rollout restart deployment/backing",
            ),
            ("delete ns now", ""),
            // How a job ended is no name; an unsuccessful end is not
            // the successful selector.
            (
                "delete successfully completed jobs",
                "kubectl delete jobs --field-selector=status.successful=1",
            ),
            ("delete unsuccessfully completed jobs", ""),
            // A verb after the type word is no name ("needs", "calls").
            (
                "The checkout deployment needs more memory. Scale it to 4.",
                "kubectl scale deployment/checkout --replicas=4",
            ),
            (
                "force delete pod web-1",
                "kubectl delete pods web-1 --grace-period=0 --force",
            ),
            // Force denied, or a namespace named so, forces nothing; a
            // grace period in minutes is in seconds.
            (
                "delete pod web-1, don't force it",
                "kubectl delete pods web-1",
            ),
            (
                "delete pod web-1 in namespace force",
                "kubectl delete pods web-1 -n force",
            ),
            (
                "delete pod web-1 with a grace period of 5 minutes",
                "kubectl delete pods web-1 --grace-period=300",
            ),
            // Where a workload reads from is no namespace.
            (
                "The web deployment reads from db. Restart it.",
                "kubectl rollout restart deployment/web",
            ),
            // Still asked for.
            (
                "I'll need you to restart web",
                "kubectl rollout restart deployment/web",
            ),
            (
                "delete pod web-1 with a grace period of 30",
                "kubectl delete pods web-1 --grace-period=30",
            ),
        ]);
        // Another identity's right is still refused.
        assert!(crate::interpret("can the ci-bot sa list pods?").is_err());
        // A command told with what it did names nothing.
        assert_eq!(
            product_line(
                "how do i get logs from a pod that keeps restarting? kubectl logs shows nothing. pod is worker-6f7c8 in ns jobs"
            ),
            "kubectl describe pods worker-6f7c8 -n jobs"
        );
        // A count told as it is sets nothing.
        for text in [
            "deployment web is at 8 replicas",
            "The web-frontend deployment in namespace portal is over-provisioned at 8 replicas",
        ] {
            assert!(product_reads(text), "{text}");
        }
        // Still spared, still held.
        for text in [
            "delete the pod. (not pod web-1 in prod)",
            "if the pod web-1 is failing, delete it",
            // Chat's "now" where a name goes.
            "delete pods rn",
            "delete pods now",
            "Never touch pod web-1. Delete it.",
        ] {
            assert!(crate::interpret(text).is_err(), "{text}");
        }
        // "cant" is no name.
        assert!(
            !product_line("pods cant resolve dns after upgrade, how do i check the coredns logs?")
                .contains("cant")
        );
    }

    /// Probe 15's odd half and the last review's leftovers (session 21):
    /// each line was read otherwise, or asked back, before.
    #[test]
    fn what_probe_fifteen_taught() {
        reads_as(&[
            // A drain past pods no controller manages is kubectl's --force.
            (
                "Drain node \"foo\", even if there are pods not managed by a ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet on it",
                "kubectl drain foo --force",
            ),
            (
                "drain worker-3 forcefully",
                "kubectl drain worker-3 --force",
            ),
            ("drain worker-3, don't force it", "kubectl drain worker-3"),
            // "namespace X" last, after the object named.
            (
                "delete pvc data-kafka-2 namespace streaming",
                "kubectl delete persistentvolumeclaims data-kafka-2 -n streaming",
            ),
            (
                "get pods in kube-system namespace please",
                "kubectl get pods -n kube-system",
            ),
            // A quoted name before "ns X" is the object's.
            (
                "prev container logs for \"redis-master-0\" ns cache pls",
                "kubectl logs redis-master-0 -n cache --previous",
            ),
            // A phase said with a negation is every other phase.
            (
                "pods not in Pending phase",
                "kubectl get pods '--field-selector=status.phase!=Pending'",
            ),
            (
                "Delete all pods in namespace ci-runners whose phase is Succeeded",
                "kubectl delete pods -n ci-runners --field-selector=status.phase=Succeeded",
            ),
            (
                "List persistent volume claims in namespace analytics sorted by requested storage",
                "kubectl get persistentvolumeclaims -n analytics --sort-by=.spec.resources.requests.storage",
            ),
            // A workload's pods picked by the labels given.
            (
                "watch the StatefulSet's Pods come up in the cassandra namespace, using the label app=cassandra",
                "kubectl get pods -n cassandra -l app=cassandra",
            ),
            // "that namespace" is another sentence's; alone, it is asked.
            (
                "Pods in namespace analytics keep getting rescheduled. Show the events in that namespace ordered by their last timestamp.",
                "kubectl events -n analytics",
            ),
            ("delete pod web-1 in that namespace", ""),
            ("what pods are in this namespace?", "kubectl get pods"),
            (
                "Undo the current rollout of kuard in the demo namespace",
                "kubectl rollout undo deployment/kuard -n demo",
            ),
            // An owner's pods, or all of a name's pods, are not one pod.
            ("wipe out all of demo's pods", ""),
            ("delete demo's pods", ""),
            ("delete the web-1 pod", "kubectl delete pods web-1"),
        ]);
        // A change told as what something does is no order, and its verb
        // no name.
        asked_back(&[
            "The script deletes pod web-1 every night",
            "our CI scales deployment web to 3 on deploy",
            "cron deletes old pods nightly",
        ]);
        assert!(!product_line("which cronjob deletes the pods in ns batch?").contains("deletes"));
        reads_as(&[
            // A Service's type changed by a patch.
            (
                "Service legacy-frontend in namespace web must be reachable from outside the cluster for a partner demo. Patch it so that its type becomes NodePort.",
                r#"kubectl patch services legacy-frontend -p '{"spec":{"type":"NodePort"}}' -n web"#,
            ),
            (
                "change svc web from ClusterIP to LoadBalancer in ns shop",
                r#"kubectl patch services web -p '{"spec":{"type":"LoadBalancer"}}' -n shop"#,
            ),
            ("change the service type to NodePort", ""),
            (
                "The service api in namespace shop is of type ClusterIP. Change it to NodePort using a patch.",
                r#"kubectl patch services api -p '{"spec":{"type":"NodePort"}}' -n shop"#,
            ),
            // A workload's pods diagnosed are the workload's.
            (
                "pods of deployment web are crashing, why",
                "kubectl describe deployments web",
            ),
            (
                "Pods of deployment image-proxy in namespace cdn have been in CrashLoopBackOff since this morning. Figure out what is wrong and report the root cause.",
                "kubectl describe deployments image-proxy -n cdn",
            ),
            ("whys node-1 NotReady", "kubectl describe nodes node-1"),
            (
                "could u make a configmap called app-env in dev with LOG_LEVEL=debug",
                "kubectl create configmap app-env --from-literal=LOG_LEVEL=debug -n dev",
            ),
            // "X ns Y": the namespace said last; asked when X could be it.
            (
                "delete web-1 ns streaming",
                "kubectl delete pods web-1 -n streaming",
            ),
            ("delete web-1 ns tail", ""),
            (
                "delete the web-1 namespace please",
                "kubectl delete namespaces web-1",
            ),
            // A named pod's phase is no selector.
            ("get pod web-1 if pending", "kubectl get pods web-1"),
        ]);
        // Corrected, taken back, told how it went, suggested, quoted: no
        // order now.
        asked_back(&[
            "delete pod web-1 in prod. sorry, I meant dev",
            "restart api in prod. no, staging",
            "delete pod web-1. wait, no, don't",
            "scale web to 0. no!",
            "scale web to 0 caused the outage",
            "delete pod web-1 didn't help",
            "maybe delete pod web-1",
            "> delete pod web-1",
            "step 2: drain node-3 --force",
            "runbook: restart deployment api",
            "delete pod web-1 if it's still pending",
            // The second review's: corrections, take-backs and doubts
            // after the order.
            "delete pod web-1 in prod. actually make that dev",
            "scale web to 0 in prod. 10 instead",
            "restart deployment api in prod. let me check first",
            "scale web to 0 in prod. are you sure?",
            "delete the web-1 pod. leave it",
            "drain node-3 could help",
            "2. delete pod web-1",
            "switch svc web from NodePort to LoadBalancer?",
            // A Service's type with more than the type said.
            "change svc web to NodePort 30080",
            "make svc web an internal LoadBalancer",
            "change svc web and svc api to NodePort",
            "switch svc web to NodePort or LoadBalancer",
            // An object taken out of a namespace; a named pod by its phase.
            "remove web-1 from the namespace",
            "delete pod web-1 that is pending",
            // An apology after a correction is no remark to drop.
            "scale deployment web to 5 in prod. staging, sorry",
            "api and worker are stuck. restart the latter",
        ]);
        // Follow-ups that leave the order as it is.
        for (text, want) in [
            (
                "Restart deployment web. It is not responding.",
                "kubectl rollout restart deployment/web",
            ),
            (
                "go ahead and restart api",
                "kubectl rollout restart deployment/api",
            ),
            (
                "alright scale web to 5 in prod",
                "kubectl scale deployment/web --replicas=5 -n prod",
            ),
            (
                "delete pod web-1 in dev - it's stuck terminating",
                "kubectl delete pods web-1 -n dev",
            ),
            (
                "revert svc web to ClusterIP",
                r#"kubectl patch services web -p '{"spec":{"type":"ClusterIP"}}'"#,
            ),
            (
                "restart deployment web which is crashing",
                "kubectl rollout restart deployment/web",
            ),
            (
                "Drain the worker1 node. What happened ?",
                "kubectl drain worker1",
            ),
            (
                "Please create a nginx pod named web-server in the create-pod-test namespace using the image quay.io/nginx/nginx-unprivileged:latest. Make sure the pod is in Ready state.",
                "kubectl run web-server --image=quay.io/nginx/nginx-unprivileged:latest -n create-pod-test",
            ),
        ] {
            assert_eq!(product_line(text), want, "{text}");
        }
        reads_as(&[
            // Possessives: the owner's objects or a part of one, never
            // the object named so.
            ("delete dev's failed pods", ""),
            ("delete payments' pods", ""),
            ("cordon web's node", ""),
            ("delete pod web-1's logs", ""),
            ("remove pod web-1's annotations", ""),
            // "it" between two objects set against each other, or one
            // acting on another.
            ("api looks healthy but worker is stuck. restart it", ""),
            ("cron restarts api daily. restart it now", ""),
            (
                "deployment web is stuck. restart it",
                "kubectl rollout restart deployment/web",
            ),
            // A namespace pointed at, or said by what it is for.
            (
                "staging has a stuck job. delete job migrate in that namespace",
                "",
            ),
            ("delete pod web-1 in their namespace", ""),
            ("delete svc web in the namespace asap", ""),
            ("List all pods in the namespace", "kubectl get pods"),
            // No unmanaged pods: nothing to force past.
            (
                "drain node-3 even if there are no unmanaged pods",
                "kubectl drain node-3",
            ),
            ("roll back api two revisions", ""),
            ("delete all of the pods except web-0", ""),
            // Previous, negated or a time.
            ("logs web-1 not prev", "kubectl logs web-1"),
            (
                "show logs for web-1 from previous hour",
                "kubectl logs web-1 --since=1h",
            ),
            ("argo rolls back deployment checkout automatically", ""),
        ]);
        // What was left out is never offered as the change.
        assert!(matches!(
            crate::interpret("delete pods in ns dev except web-1"),
            Err(crate::Error::NotUnderstood { ref suggestions, .. }) if suggestions.is_empty()
        ));
        for (text, want) in [
            (
                "restart deployment api. no rush",
                "kubectl rollout restart deployment/api",
            ),
            ("delete pod web-1. thanks!", "kubectl delete pods web-1"),
        ] {
            assert_eq!(product_line(text), want, "{text}");
        }
    }

    /// Probe 16 (written blind in session 21, read as tuning in session
    /// 22) and the lines found while mending it: each was read otherwise,
    /// or failed as an invalid operation, before.
    #[test]
    fn what_probe_sixteen_taught() {
        reads_as(&[
            // A word read as a name beside "all namespaces" is asked,
            // never an invalid operation.
            ("get ingress hosts all namespaces", ""),
            (
                "I'd love a list of all services in all namespaces, if you can!",
                "kubectl get services -A",
            ),
            (
                "po on `node-c-2` all ns",
                "kubectl get pods -A --field-selector=spec.nodeName=node-c-2",
            ),
            // The object's own namespace starts no hedge ("scratch that").
            (
                "Delete all pods in namespace scratch that have the label job=nightly",
                "kubectl delete pods -n scratch -l job=nightly",
            ),
            (
                "clear out failed pods in ns batch",
                "kubectl delete pods -n batch --field-selector=status.phase=Failed",
            ),
            (
                "Trigger a fresh rollout of deployment quote-engine in namespace pricing",
                "kubectl rollout restart deployment/quote-engine -n pricing",
            ),
            // What a job printed is its log; an output format is not.
            (
                "output of job db-backup in ns ops?",
                "kubectl logs job/db-backup -n ops",
            ),
            ("output pods as yaml", "kubectl get pods -o yaml"),
            (
                "hpa web-hpa in namespace web full description",
                "kubectl describe horizontalpodautoscalers web-hpa -n web",
            ),
            (
                "Watch the status of the frontend rollout until it's done. The Deployment lives in the guestbook namespace.",
                "kubectl rollout status deployment/frontend --timeout=5m -n guestbook",
            ),
            (
                "hey i just deleted my pod by accident, will it come back?",
                "kubectl get pods",
            ),
            // A phase by its name, quoted or not.
            (
                "Count how many pods across all namespaces are currently in the `Running` phase.",
                "kubectl get pods -A --field-selector=status.phase=Running",
            ),
            ("list running pods", "kubectl get pods"),
            // A change, then a look: the change is never dropped for the
            // look; a drain's own waiting is the drain.
            (
                "scale `ws-gateway` to 12 in ns realtime and watch the rollout",
                "",
            ),
            ("restart api then watch the rollout", ""),
            ("scale web to 3 and wait for the rollout to finish", ""),
            (
                "Drain ip-10-0-4-88.ec2.internal, ignoring DaemonSets, and wait for all pods to be evicted.",
                "kubectl drain ip-10-0-4-88.ec2.internal --ignore-daemonsets",
            ),
            (
                "describe deploy `gateway` -n edge, then bump it to 5 replicas",
                "",
            ),
            // "the KIND" points back before an adverb or "as"; a
            // possessive kind points back; a word before "TYPE named X"
            // describes X.
            (
                "We've noticed an unapproved workload called crypto-miner in namespace default. Remove the deployment immediately.",
                "kubectl delete deployments crypto-miner -n default",
            ),
            (
                "The service catalog-api in namespace store is not receiving traffic. Show the service as YAML.",
                "kubectl get services catalog-api -n store -o yaml",
            ),
            (
                "A customer-facing pod named chat-gateway-0 in namespace support has been restarting. Describe it so we can see the last termination reason.",
                "kubectl describe pods chat-gateway-0 -n support",
            ),
            // Backticks around one word on a command line are quotes; a
            // read the rules make of chat around flags stands.
            (
                "delete pod `web-1` -n `shop`",
                "kubectl delete pods web-1 -n shop",
            ),
            (
                "events -n `orders` warnings only",
                "kubectl events -n orders --field-selector=type=Warning",
            ),
            (
                "logs -l app=checkout ns shop since 5m w/ timestamps",
                "kubectl logs -n shop -l app=checkout --since=5m --timestamps",
            ),
            // A clock time for a change is a time to come; never a count.
            ("restart api at 5pm", ""),
            ("drain node-3 at 22:00", ""),
            ("scale web to 3 at 5 pm", ""),
            ("scale web to 3 at 5 oclock", ""),
            (
                "keep web at 5 replicas",
                "kubectl scale deployment/web --replicas=5",
            ),
            // (Review 22.) A change named as a thing is talked about.
            (
                "show events for the drain of node-3",
                "kubectl events --for node/node-3",
            ),
            ("the drain of node-3 took 40 minutes", ""),
            ("any errors since the restart of api in prod?", ""),
            ("please do the drain of node-3", "kubectl drain node-3"),
            (
                "add the label team=payments to deployment checkout",
                "kubectl label deployments checkout team=payments",
            ),
            (
                "Please resume the rollout of deployment cart in namespace shop.",
                "kubectl rollout resume deployment/cart -n shop",
            ),
            // A correction within the line.
            ("drain node-3 actually node-4", ""),
            ("restart api in prod, wait no, staging", ""),
            ("delete pod web-1 sorry web-2", ""),
            ("scale web to 5 i mean 3", ""),
            ("scale web to 5, make it 3", ""),
            (
                "dry-run a rollback of deployment/abc, don't actually change anything",
                "kubectl rollout undo deployment/abc",
            ),
            // Asked as text, asked to decide, a condition, a time.
            ("print the kubectl to drain node-3", ""),
            ("restart api in prod y/n", ""),
            ("rollback web in prod or just restart it", ""),
            ("restart api as long as the db is up", ""),
            ("restart api in prod this afternoon", ""),
            // Two counts, a node found through another object, an
            // autoscaler's bounds changed; a utilisation is no count.
            ("scale web in prod to 10 and in staging to 2", ""),
            ("scale web to 12 for 30 minutes then back to 4", ""),
            ("drain the node web-1 is on", ""),
            ("set web's hpa max to 20 in prod", ""),
            ("set min replicas for web in prod to 3", ""),
            (
                "Set up autoscaling for deployment web-api in namespace prod: min 3, max 15 pods, target 70% CPU.",
                "kubectl autoscale deployment/web-api --min=3 --max=15 --cpu-percent=70 -n prod",
            ),
            (
                "scale web from 2 to 3",
                "kubectl scale deployment/web --replicas=3",
            ),
            // The namespace said as a pair; each part's own namespace.
            (
                "restart api -n=payments",
                "kubectl rollout restart deployment/api -n payments",
            ),
            (
                "ns=payments restart api",
                "kubectl rollout restart deployment/api -n payments",
            ),
            ("get pods -l ns=payments", "kubectl get pods -l ns=payments"),
            ("delete pod web-1 in prod and pod web-2 in staging", ""),
            ("restart api in prod then in staging", ""),
            ("delete pod web-1 in prod and staging namespace", ""),
            (
                "scale sts redis to 6 in namespace cache in advance, then check",
                "kubectl scale statefulset/redis --replicas=6 -n cache",
            ),
            // A remark in brackets, a list's or a log's prefix, a plan.
            ("restart api in prod (what the script does)", ""),
            ("restart api in prod (yesterday)", ""),
            (
                "restart api (it's stuck)",
                "kubectl rollout restart deployment/api",
            ),
            (
                "taint node foo with bar:NoSchedule (no value)",
                "kubectl taint nodes foo bar:NoSchedule",
            ),
            ("<alice> restart api in prod", ""),
            ("[ ] scale web to 3 in prod", ""),
            ("(1) restart api in prod", ""),
            ("#1 restart api in prod", ""),
            ("14:02 restart api in prod", ""),
            (
                "Goal: free up node-3 for maintenance. Steps: cordon node-3, drain it. Please do the cordon only for now.",
                "",
            ),
            // A look first, a version for a revision, one key two values,
            // a range of names: asked.
            ("restart api in prod but check the pods first", ""),
            ("rollback web in prod to v1.2", ""),
            ("label pod web-1 tier=fe in prod and pod web-2 tier=be", ""),
            ("delete pods web-1 to web-3 in prod", ""),
            // A greeting drawn out is a greeting; a take-back phrase is
            // matched on whole words.
            (
                "hiii can you delete all the completed jobs in namespace data-jobs",
                "kubectl delete jobs -n data-jobs --field-selector=status.successful=1",
            ),
            ("heyy show pods", "kubectl get pods"),
            (
                "Delete the deployment legacy-reports in namespace bi. Leave its service in place.",
                "kubectl delete deployments legacy-reports -n bi",
            ),
            ("delete pod web-1. leave it.", ""),
            (
                "autoscale worker with min=2 max=6 cpu=60",
                "kubectl autoscale deployment/worker --min=2 --max=6 --cpu-percent=60",
            ),
        ]);
        for text in [
            "scale web in prod to 10 and in staging to 2",
            "drain the node web-1 is on",
        ] {
            let Err(Error::NotUnderstood { suggestions, .. }) = crate::interpret(text) else {
                panic!("{text}: made");
            };
            assert!(suggestions.is_empty(), "{text}: {suggestions:?}");
        }
        // (The question back offers the count said, not the hour.)
        let Err(Error::NotUnderstood { suggestions, .. }) =
            crate::interpret("scale web to 3 replicas at 5 pm")
        else {
            panic!("a change at a clock time was made now");
        };
        assert_eq!(suggestions, ["kubectl scale deployment/web --replicas=3"]);
        // The second order carries the first one's object where it lives.
        let Err(Error::NotUnderstood { suggestions, .. }) =
            crate::interpret("describe deploy gateway -n edge, then bump it to 5 replicas")
        else {
            panic!("two orders were read as one");
        };
        assert_eq!(
            suggestions,
            [
                "kubectl describe deployments gateway -n edge",
                "kubectl scale deployment/gateway --replicas=5 -n edge"
            ]
        );
    }

    /// The second review of session 22: variations of the first review's
    /// classes, and new ones. Each change here was made without being
    /// ordered, or made on another object, before.
    #[test]
    fn what_the_second_review_taught() {
        for text in [
            // A part of another object.
            "delete the coredns deployment's pods",
            "delete the node-3 node's pods",
            "delete the api deployment pods in prod",
            "delete the db statefulset's pvc",
            "cordon the web pod's node",
            "label the web deployment's pods tier=fe",
            "scale the web deployment's replicaset to 0",
            "delete the pods on web-1's node",
            "delete pod web-1 in api's namespace",
            // An option said and not read; how many, not which.
            "drain node-3 only pods with app=web",
            "restart 2 of the api pods",
            "delete 3 web pods",
            "restart the unhealthy api pod",
            "scale web to 0 for 10 minutes",
            // A change word naming a state or a record.
            "show cordon status of node-4",
            "get delete status of pod web-1",
            "show rollback status web",
            "watch drain node-3",
            "progress of drain node-3",
            "events after drain node-3",
            "check the drain log of node-3",
            "explain the rollout restart of api in kube-system",
            // Marked done, pending or a note.
            "[DONE] restart api",
            "DONE: restart api",
            "✅ restart api",
            "2/ restart api",
            "// restart api",
            "restart api - done",
            "restart api (already did this)",
            "restart api [completed]",
            // A revision or version not read.
            "rollback web 3",
            "rollback deployment web --to-revision 3 -n prod",
            "revert web to image web:1.4",
            "rollback deploy ledger-sync to revison 5 in ns finance",
            // Hours said otherwise.
            "restart api at five",
            "restart api at 1500",
            "restart api at 15h",
            "restart api at 15.00",
            "restart api at half past three",
            "restart api 17:00",
            "drain node-3 at 0200",
            "restart api overnight",
            // Corrections with slips, relative counts, ranges, more
            // objects, two commands.
            "scale web to 5 3",
            "scale web to 5 hmm no 3",
            "drain node-3 no node-4",
            "scale web +2",
            "scale web to 2 more",
            "delete web-1 to web-3 pods",
            "delete web-1, 2 and 3",
            "delete pod web-1 and 2",
            "cordon nodes 1-5",
            "scale web to 3, api too",
            // A place said for one part, or said as @X, "out of X", "off X".
            "delete pod web-1 from prod and pod web-2 from staging",
            "delete pod web-1 from prod and pod web-2",
            "delete pod web-1 @prod",
            "remove pod web-1 out of prod",
            "delete pod web-1 off prod",
            // Third review: a namespace named with a common word, options
            // refused or unread, marks of done, people asked.
            "delete pod web-1 in users",
            "scale deploy api in nodes to 3",
            "restart deploy shipper in logs",
            "expose deploy web in frontend on port 80, not as a LoadBalancer",
            "delete pod web-1 in frontend --grace-period=300",
            "expose deploy dns in kube-system on port 53 udp",
            "autoscale deploy web min 3 max 10, memory 70%",
            "restart deploy api in payments, then roll it back",
            "echo 'kubectl delete ns prod'",
            "Restart api in payments: done ✅",
            "restart api in payments — already done",
            "anyone able to restart api in payments?",
            // Fourth review: a gerund asked about, a command quoted alone.
            "Tell me what deleting the pvc data-old-0 in db would free up.",
            "Does `kubectl drain` evict daemonset pods?",
            "Quick q: is \"kubectl cordon\" reversible?",
            // Asked as text.
            "teach me to drain node-3",
            "show how you'd restart api",
        ] {
            assert!(product_reads(text), "{text}: {:?}", crate::interpret(text));
        }
        reads_as(&[
            // "rev" is the revision's short word.
            (
                "rollback web to rev 3",
                "kubectl rollout undo deployment/web --to-revision=3",
            ),
            (
                "drain node-3 but keep emptydir data",
                "kubectl drain node-3",
            ),
            (
                "drain node-3 and delete emptydir data",
                "kubectl drain node-3 --delete-emptydir-data",
            ),
            (
                "Roll back deployment 'app' to a previous revision",
                "kubectl rollout undo deployment/app",
            ),
            (
                "uncordon worker-3 now, kernel patch is done",
                "kubectl uncordon worker-3",
            ),
            (
                "@kbot restart deploy checkout in ns shop-prod pls",
                "kubectl rollout restart deployment/checkout -n shop-prod",
            ),
            (
                "scale web at 3",
                "kubectl scale deployment/web --replicas=3",
            ),
            (
                "delete sts web and its pods too",
                "kubectl delete statefulsets web",
            ),
            (
                "restart api namespace:payments",
                "kubectl rollout restart deployment/api -n payments",
            ),
            ("take node-3 out of rotation", "kubectl cordon node-3"),
            ("keep new pods off node-4", "kubectl cordon node-4"),
            (
                "scale web up by 2 replicas",
                "kubectl scale deployment/web --replicas=CURRENT+2",
            ),
            ("please do the drain of node-3", "kubectl drain node-3"),
            (
                "Create a ClusterIP Service named web-svc in namespace dev that exposes port 80 of the webserver Deployment pods.",
                "kubectl expose deployments webserver --port=80 --name=web-svc --type=ClusterIP -n dev",
            ),
        ]);
    }

    #[test]
    fn what_probe_seventeen_taught() {
        // A look asked for after the symptom is that look, not a
        // diagnosis (both are written `kubectl describe …`, so the verb is
        // what tells them apart).
        for text in [
            "ugh statefulset es-data is pending again, can u describe it for me? ns search",
            "the statefulset 'rabbitmq' is broken. Show the detailed description of the statefulset.",
        ] {
            let verb = translate(text).map(|(op, _)| op.verb);
            assert_eq!(verb.ok(), Some(kubechat_core::Verb::Describe), "{text}");
        }
        // A place said with "in" and a word the lexicon keeps as a verb
        // is the namespace, never dropped from the line (it was asked
        // back until review 14).
        assert_eq!(
            line("scale statefulset kafka in streaming to 5"),
            "kubectl scale statefulset/kafka --replicas=5 -n streaming"
        );
        // A look asked for, or a change said not to be made, is never
        // answered with a change to try.
        for text in [
            "wait, don't scale ml-inference yet",
            "Do NOT drain node db-node-2",
            "the CI pipeline ran `kubectl scale deploy/api --replicas=0 -n prod` by mistake last night",
        ] {
            match translate(text) {
                Err(Error::NotUnderstood { suggestions, .. }) => {
                    assert!(suggestions.is_empty(), "{text}: {suggestions:?}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        reads_as(&[
            // What not to do, then after a break what to do: the order
            // after the break is read, "its" pointing back.
            (
                "don't restart api, just show its logs",
                "kubectl logs deployment/api",
            ),
            (
                "I'm not asking you to delete anything — list the jobs in ns batch-prod",
                "kubectl get jobs -n batch-prod",
            ),
            (
                "no no don't delete the namespace, just list the pods in ns legacy-tools",
                "kubectl get pods -n legacy-tools",
            ),
            ("don't drain node-3, cordon it", "kubectl cordon node-3"),
            // A negated change alone is still no order.
            ("don't restart api", ""),
            // A reason told after the order, in the past or negated, is
            // no sign of a misreading.
            (
                "restart the api deploy in staging pls, config change didnt get picked up",
                "kubectl rollout restart deployment/api -n staging",
            ),
            (
                "can u delete the configmap old-feature-flags from ns web, we migrated off it last sprint",
                "kubectl delete configmaps old-feature-flags -n web",
            ),
            (
                "Delete the pod named orders-api-6f9c7 immediately, with no grace period.",
                "kubectl delete pods orders-api-6f9c7 --grace-period=0 --force",
            ),
            // Fields after a question asked in general terms.
            (
                "How to view the logs of a specific container in a multi-container pod? Pod: web-67d, container: envoy",
                "kubectl logs web-67d -c envoy",
            ),
            (
                "How to tail logs from a deployment instead of a single pod? deployment = log-shipper, namespace = observability",
                "kubectl logs deployment/log-shipper -n observability",
            ),
            // One change said twice, the second time without its place.
            (
                "A deployment named 'edge-router' in namespace 'ingress' needs to be restarted to reload TLS certificates mounted from a Secret. Perform a rolling restart with zero downtime.",
                "kubectl rollout restart deployment/edge-router -n ingress",
            ),
            // A quoted name is the one told; an incident id is none.
            (
                "the statefulset 'rabbitmq' is broken. Show the detailed description of the statefulset.",
                "kubectl describe statefulsets rabbitmq",
            ),
            // A look asked for after the symptom is the look.
            (
                "ugh statefulset es-data is pending again, can u describe it for me? ns search",
                "kubectl describe statefulsets es-data -n search",
            ),
            // Unsafe readings from the last review, now asked back.
            ("Is rolling back deploy/api going to drop connections?", ""),
            ("restart api, deleting the old pods first", ""),
            ("restart api && kubectl get pods", ""),
            ("restart api in prod, staging", ""),
            ("the secret db-creds is mounted by api. delete it", ""),
            // ... while how a change is done stays with it.
            (
                "drain node-3, ignoring daemonsets, deleting local data",
                "kubectl drain node-3 --ignore-daemonsets --delete-emptydir-data",
            ),
            (
                "uncordon worker-node-11, patching done",
                "kubectl uncordon worker-node-11",
            ),
            // A new image with no container said: the object's one
            // container (`*`, found when the change is planned).
            (
                "Update the image of deployment 'api' to 'api:v2'",
                "kubectl set image deployment/api '*=api:v2'",
            ),
            (
                "update web to nginx:1.25 in shop",
                "kubectl set image deployment/web '*=nginx:1.25' -n shop",
            ),
            // ... never for an object that is made, or not named.
            (
                "Deploy a messaging pod using the redis:alpine image with the labels set to tier=msg.",
                "",
            ),
            (
                "scale deployment api to 3 and also set its image to api:2.0",
                "",
            ),
            // From the fifth review: a job's own name, a service's name
            // said with "as", chat words for a restart and a new image.
            (
                "create a job one-off-migrate from cronjob db-migrate in ns db",
                "kubectl create job one-off-migrate --from=cronjob/db-migrate -n db",
            ),
            (
                "expose service redis-master as redis-ext port 6379 in ns cache",
                "kubectl expose services redis-master --port=6379 --name=redis-ext -n cache",
            ),
            (
                "hey could you kick the notification-worker deploy in comms?",
                "kubectl rollout restart deployment/notification-worker -n comms",
            ),
            (
                "roll the statefulset postgres to image postgres:16.2 (container postgres) in db",
                "kubectl set image statefulset/postgres postgres=postgres:16.2 -n db",
            ),
            (
                "scle deploy/thumbnailer to 4 in media",
                "kubectl scale deployment/thumbnailer --replicas=4 -n media",
            ),
            // A command told as already run is not offered again.
            (
                "the CI pipeline ran `kubectl scale deploy/api --replicas=0 -n prod` by mistake last night",
                "",
            ),
            // Over-held in the fifth review, now read.
            (
                "pls rollout restart deploy/payments -n billing, the config changed",
                "kubectl rollout restart deployment/payments -n billing",
            ),
            (
                "URGENT: scale down bitcoin-miner deployment to 0 in ns default, someone got compromised",
                "kubectl scale deployment/bitcoin-miner --replicas=0 -n default",
            ),
            (
                "We're expecting a traffic spike from the marketing email at noon. Scale the landing-page deployment in namespace marketing to 12 replicas.",
                "kubectl scale deployment/landing-page --replicas=12 -n marketing",
            ),
            (
                "annotate the node gpu-1 maintenance-window=\"sat 02:00\"",
                "kubectl annotate nodes gpu-1 'maintenance-window=sat 02:00'",
            ),
            (
                "You are an on-call assistant. The queue consumer in namespace orders is stuck. Restart deployment order-consumer. Don't scale anything.",
                "kubectl rollout restart deployment/order-consumer -n orders",
            ),
            (
                "Incident INC-2231: errors from worker pods in ns ingest. Action: delete pods with label app=ingest-worker so they get rescheduled.",
                "kubectl delete pods -n ingest -l app=ingest-worker",
            ),
            (
                "Go ahead and delete the failed pods in the ci-runners namespace.",
                "kubectl delete pods -n ci-runners --field-selector=status.phase=Failed",
            ),
            (
                "delete all pods in Unknown phase in ns monitoring",
                "kubectl delete pods -n monitoring --field-selector=status.phase=Unknown",
            ),
            (
                "rollback daemonset calico-node in kube-system to rev 2",
                "kubectl rollout undo daemonset/calico-node --to-revision=2 -n kube-system",
            ),
            (
                "For deployment \"web-frontend\" in ns \"retail\", set image web=retail/web:1.8.2.",
                "kubectl set image deployment/web-frontend web=retail/web:1.8.2 -n retail",
            ),
            (
                "the config map changed, restart deploy/gateway in ns ingress-nginx",
                "kubectl rollout restart deployment/gateway -n ingress-nginx",
            ),
            (
                "Please help to delete all pods having label app=old-reporter in namespace 'reports'.",
                "kubectl delete pods -n reports -l app=old-reporter",
            ),
            (
                "delete all failed pods in namespace qa at once",
                "kubectl delete pods -n qa --field-selector=status.phase=Failed",
            ),
            (
                "delete the namespace dev and everything in it",
                "kubectl delete namespaces dev",
            ),
            // What is in a namespace, said first, is not the namespace.
            ("delete all in namespace dev", ""),
            // A question for the command is about the change.
            (
                "Safely evacuating a node for maintenance - what's the right command? Node is worker-old-1.",
                "",
            ),
            // A look asked for names a change only as a thing.
            (
                "show the events for node node-3 during the drain",
                "kubectl events --for node/node-3",
            ),
            (
                "can you list the cronjobs that delete stuff in ns ops?",
                "kubectl get cronjobs -n ops",
            ),
            (
                "show me the drain job logs: job node-drain-node-4 in kube-system",
                "kubectl logs job/node-drain-node-4 -n kube-system",
            ),
            ("show pods in prod then delete pod web-1", ""),
            (
                "rollback `pricing` deploy -n pricing NOW, error rate 40%",
                "kubectl rollout undo deployment/pricing -n pricing",
            ),
            (
                "In the namespace called `growth-exp`, please restart deployment ab-router.",
                "kubectl rollout restart deployment/ab-router -n growth-exp",
            ),
            // Sixth review: wrong objects and dropped parts.
            (
                "label all pods app=web in frontend with version=v2",
                "kubectl label pods version=v2 -n frontend -l app=web",
            ),
            (
                "restart the api deployment in the namespace that is called 'prod-eu-west'",
                "kubectl rollout restart deployment/api -n prod-eu-west",
            ),
            (
                "delete every job in namespace ci-runs that has status.successful=1",
                "kubectl delete jobs -n ci-runs --field-selector=status.successful=1",
            ),
            (
                "clean up completed pods in the jobs namespace (status.phase=Succeeded)",
                "kubectl delete pods -n jobs --field-selector=status.phase=Succeeded",
            ),
            (
                "cordon + drain node db-node-2 (ignore ds)",
                "kubectl drain db-node-2 --ignore-daemonsets",
            ),
            (
                "please annotate ingress shop-ingress (ns shop) nginx.ingress.kubernetes.io/proxy-body-size=50m --overwrite",
                "kubectl annotate ingresses shop-ingress nginx.ingress.kubernetes.io/proxy-body-size=50m --overwrite -n shop",
            ),
            (
                "roll out quay.io/team/reporter:v5 on deployment reporter, namespace reporting",
                "kubectl set image deployment/reporter '*=quay.io/team/reporter:v5' -n reporting",
            ),
            (
                "after the weekend, scale sandbox-ui in dev-tools back up to 2",
                "",
            ),
            (
                "any objections to deleting configmap tmp-debug in default?",
                "",
            ),
            ("roll back web to web:1.4", ""),
            ("roll back payments to the version we had last tuesday", ""),
            // ... while a time for the change itself still holds it.
            ("Restart api. Do it at 5pm.", ""),
            ("restart api. don't, actually.", ""),
            // A field whose value is no Kubernetes name stays prose.
            (
                "Status: Running. list pods in ns web",
                "kubectl get pods -n web",
            ),
        ]);
    }

    /// Probe 19's classes (session 24): each line was read otherwise, or
    /// asked back, before.
    #[test]
    fn what_probe_nineteen_taught() {
        reads_as(&[
            // A part said before "from" another object of its type is
            // removed from it: never the object deleted.
            ("remove 'zone' from node worker-8", ""),
            // Chat's hurry is no name.
            ("kill that pod real quick", ""),
            ("delete pod web-1 real quick", "kubectl delete pods web-1"),
            // A namespace pair in brackets, and one bare word in brackets
            // after an object's name.
            (
                "readiness probe failing on notification-api-84c9-7hj2q (ns=alerts)",
                "kubectl describe pods notification-api-84c9-7hj2q -n alerts",
            ),
            (
                "restart deploy api (prod)",
                "kubectl rollout restart deployment/api -n prod",
            ),
            ("logs of pod web-1 (again)", "kubectl logs web-1"),
            // "in place", "in half": idioms, no namespace.
            (
                "The legacy-crm deployment in the `legacy` namespace is being decommissioned. Delete it. Leave its service and configmaps in place.",
                "kubectl delete deployments legacy-crm -n legacy",
            ),
            (
                "scale web in half",
                "kubectl scale deployment/web --replicas=CURRENT-50%",
            ),
            // The namespaces listed, and their status.
            (
                "List every namespace in the cluster along with its status and age.",
                "kubectl get namespaces",
            ),
            // The name said with the type it names, for "the deployment".
            (
                "pods of the web-1 deployment are failing. describe the deployment",
                "kubectl describe deployments web-1",
            ),
            // "the top offender": a rank, not the usage read.
            (
                "List the pods in namespace support-tools sorted by restart count and report the top offender.",
                "kubectl get pods -n support-tools '--sort-by=.status.containerStatuses[0].restartCount'",
            ),
            // A service's own endpoints are in its description.
            (
                "describe the inventory service and report its selector and endpoints",
                "kubectl describe services inventory",
            ),
            // A reason after the order does not narrow it.
            (
                "hey bot, delete the failed pods in ns etl, theyre cluttering everything",
                "kubectl delete pods -n etl --field-selector=status.phase=Failed",
            ),
            // A node's scheduling in other words; asked about, it is read.
            (
                "Node ip-10-2-14-88.ec2.internal is showing disk pressure. Prevent any new pods from being scheduled on it without evicting the existing ones.",
                "kubectl cordon ip-10-2-14-88.ec2.internal",
            ),
            (
                "The disk on node worker-9 has been replaced. Make the node available for scheduling again.",
                "kubectl uncordon worker-9",
            ),
            (
                "Configure the node node01 to be schedulable again.",
                "kubectl uncordon node01",
            ),
            (
                "is node worker-9 schedulable?",
                "kubectl get nodes worker-9",
            ),
            ("is node x in maintenance mode?", "kubectl get nodes x"),
            (
                "check if node worker-9 is back in service",
                "kubectl describe nodes worker-9",
            ),
            // "roll X back" around the object and its place.
            (
                "A deploy of notification-service went out 20 minutes ago and error rates spiked. Roll the deployment in the `messaging` namespace back to the previous revision.",
                "kubectl rollout undo deployment/notification-service -n messaging",
            ),
            // "last deploy" happened; no type.
            (
                "can u roll back user-profile in prod, last deploy broke login",
                "kubectl rollout undo deployment/user-profile -n prod",
            ),
            // A container's reason is a symptom, and never a name.
            (
                "getting CreateContainerConfigError on pod api-6b8c4-pl9xz in ns core",
                "kubectl describe pods api-6b8c4-pl9xz -n core",
            ),
            (
                "cronjob cleanup-tmp in ns ops hasn't fired since tuesday",
                "kubectl describe cronjobs cleanup-tmp -n ops",
            ),
            // The overwrite said in its own sentence or as a participle.
            (
                "Add the label owner=team-phoenix to the deployment ledger-service in the finance namespace. If the label already exists, overwrite it.",
                "kubectl label deployments ledger-service owner=team-phoenix --overwrite -n finance",
            ),
            (
                "Set the annotation change-ticket=CHG-20931 on deployment catalog-api in products, overwriting it if present.",
                "kubectl annotate deployments catalog-api change-ticket=CHG-20931 --overwrite -n products",
            ),
            // How long a state has lasted is no time for the change.
            (
                "A pod named debug-shell-x7 in default has been hanging in Terminating for an hour. Force delete it with a zero grace period.",
                "kubectl delete pods debug-shell-x7 -n default --grace-period=0 --force",
            ),
            ("scale web to 0 for an hour", ""),
            // A question asked back inside an order is no situation told.
            (
                "The geo-lookup deployment was updated to a broken image. Check the rollout history for geo-lookup in the `maps` namespace and tell me which revision was the last known good one.",
                "kubectl rollout history deployment/geo-lookup -n maps",
            ),
            // A name only nodes are given, after "in" or "from", is where
            // the pods run, not the namespace.
            (
                "show pods in node-3",
                "kubectl get pods -A --field-selector=spec.nodeName=node-3",
            ),
            (
                "are the pods evicted from node-3?",
                "kubectl get pods -A --field-selector=status.phase=Failed,spec.nodeName=node-3",
            ),
            (
                "show pods in namespace node-3",
                "kubectl get pods -n node-3",
            ),
            // The object given as an example is that object; "e.g." ends
            // no sentence and names nothing.
            (
                "How do I list all pods running on a specific node, e.g. worker-11, in every namespace?",
                "kubectl get pods -A --field-selector=spec.nodeName=worker-11",
            ),
            (
                "show logs of a given deployment (e.g. web) in prod",
                "kubectl logs deployment/web -n prod",
            ),
            ("restart a deployment, e.g. web", ""),
            // A field told with "is", and the container another sentence
            // names, for the logs of a container named nowhere else.
            (
                "How do I view the logs of a pod's init container? pod is app-0, init container migrate",
                "kubectl logs app-0 -c migrate",
            ),
            ("my pod is crashing", ""),
            // An environment's name beside a change is asked back with
            // the namespace (it scaled in the default namespace before).
            ("scale deploy payment-gw prod to 3", ""),
            ("restart the prod deployment api", ""),
            ("show the prod pods", "kubectl get pods -n prod"),
            // "mid-rollout" is when, no second name.
            (
                "The warehouse-sync deployment in the logistics namespace appears stuck mid-rollout. Check whether the rollout has completed and report its status.",
                "kubectl rollout status deployment/warehouse-sync --watch=false -n logistics",
            ),
        ]);
        // ... and what is offered back carries it.
        match translate("scale deploy payment-gw prod to 3") {
            Err(Error::NotUnderstood { suggestions, .. }) => assert_eq!(
                suggestions,
                ["kubectl scale deployment/payment-gw --replicas=3 -n prod"]
            ),
            other => panic!("{other:?}"),
        }
    }

    /// What the session-24 safety review (400 lines written before
    /// running) found: each was a change made of a mention, or the wrong
    /// change.
    #[test]
    fn what_the_session_twenty_four_review_found() {
        reads_as(&[
            // Mentions: a reminder, a change weighed before a question, a
            // request parked, a change after something finishes.
            (
                "reminder: uncordon node-8 after the firmware update finishes",
                "",
            ),
            ("uncordon node-8 after the firmware update finishes", ""),
            // (Session 32: the change weighed is told apart, and the
            // question is a read of the claim.)
            (
                "Before I delete the pvc data-es-0 - is anything still mounting it?",
                "kubectl get persistentvolumeclaims data-es-0",
            ),
            (
                "The ticket asks to delete ns legacy, but the owner hasn't confirmed, so park it for now",
                "",
            ),
            // A place beside a stopped workload, or said with "on".
            (
                "turn off the reporting-runner deployment for now, staging",
                "",
            ),
            (
                "yo restart deploy/search-api on prod-us, memory leak again",
                "",
            ),
            (
                "turn off deployment web",
                "kubectl scale deployment/web --replicas=0",
            ),
            // An incident's id is no object.
            (
                "INC-889: error budget burning since the 15:40 deploy of gateway (namespace edge). Roll it back to the prior revision.",
                "",
            ),
            (
                "The Payments deployment is broken. restart it",
                "kubectl rollout restart deployment/payments",
            ),
            // A gerund namespace before what to set.
            (
                "label statefulset kafka in streaming with backup=daily",
                "kubectl label statefulsets kafka backup=daily -n streaming",
            ),
            // A namespace named as a type is no type: the pair after the
            // pods picks them.
            (
                "annotate all pods with app=batch in namespace jobs with cluster-autoscaler.kubernetes.io/safe-to-evict=true",
                "kubectl annotate pods cluster-autoscaler.kubernetes.io/safe-to-evict=true -n jobs -l app=batch",
            ),
            // "overwrite" is never a name.
            (
                "set annotation team=payments on namespace payments, overwrite",
                "kubectl annotate namespaces payments team=payments --overwrite",
            ),
            // The container said as "container name X"; a CronJob's image
            // on the CronJob; the pods' workload for theirs; a Job asked.
            (
                "update api to image registry.example.com/api:v2.3.1 (container name api) ns backend",
                "kubectl set image deployment/api api=registry.example.com/api:v2.3.1 -n backend",
            ),
            (
                "set the image for cronjob backup container backup to backup-tool:3.1, ns ops",
                "kubectl set image cronjob/backup backup=backup-tool:3.1 -n ops",
            ),
            (
                "Change the image used for the pods in the 'apache' deployment to httpd:alpine",
                "kubectl set image deployment/apache '*=httpd:alpine'",
            ),
            ("set the image of job x container c to y:1", ""),
            // The names asked for the Service and the Job.
            (
                "expose the redis statefulset on 6379, name the service redis-svc, ns cache",
                "kubectl expose statefulsets redis --port=6379 --name=redis-svc -n cache",
            ),
            (
                "run the db-cleanup cronjob manually (namespace data), call the job db-cleanup-adhoc-1",
                "kubectl create job db-cleanup-adhoc-1 --from=cronjob/db-cleanup -n data",
            ),
            // What the second review found: a count told as running is
            // no target; a place before a clause of its own is asked
            // back; plans for next week wait; kubectl's --to-revision in
            // prose; a version is no name; a ticket's body is read for
            // its own objects.
            (
                "double the replicas of search-indexer over in data (it's at 3 now)",
                "kubectl scale deployment/search-indexer --replicas=CURRENT+100% -n data",
            ),
            (
                "scale down api by 2 in prod (it's at 8)",
                "kubectl scale deployment/api --replicas=CURRENT-2 -n prod",
            ),
            (
                "delete the cronjob nightly-report in reports, we moved it to airflow",
                "kubectl delete cronjobs nightly-report -n reports",
            ),
            (
                "next week: create namespace team-orion for the new squad",
                "",
            ),
            ("Let's plan to delete the legacy namespace next sprint.", ""),
            (
                "rollback deploy/frontend -n web --to-revision=3",
                "kubectl rollout undo deployment/frontend --to-revision=3 -n web",
            ),
            (
                "deploy v1.4.2 of billing in finance: set container billing to acme/billing:v1.4.2",
                "kubectl set image deployment/billing billing=acme/billing:v1.4.2 -n finance",
            ),
            (
                "Title: Restart search pods\nBody: search-api (namespace search) is returning 503s after the ES failover. Please do a rollout restart.",
                "",
            ),
            (
                "drain node worker-2 --ignore-daemonsets --delete-emptydir-data",
                "kubectl drain worker-2 --ignore-daemonsets --delete-emptydir-data",
            ),
            (
                "trigger the nightly-backup cronjob now in db (create a job from it called backup-manual-1)",
                "kubectl create job backup-manual-1 --from=cronjob/nightly-backup -n db",
            ),
            (
                "untaint node-6 dedicated",
                "kubectl taint nodes node-6 dedicated-",
            ),
            // A ConfigMap from a file is never made empty.
            (
                "create configmap nginx-conf from file nginx.conf in web",
                "",
            ),
            (
                "create configmap app-cfg with mode=dev in web",
                "kubectl create configmap app-cfg --from-literal=mode=dev -n web",
            ),
        ]);
    }

    /// Probe 21's classes (session 24): benchmark prompts with their
    /// rules, and tickets. Each was asked back or read otherwise before.
    #[test]
    fn what_probe_twenty_one_taught() {
        reads_as(&[
            // A rule after the order forbids another change, or spares
            // other objects: the order stands. The order's own change
            // forbidden takes it back.
            (
                "A recent rollout of the checkout-service Deployment in namespace shop introduced a regression. Roll the deployment back to its previous revision. Do not edit the deployment spec manually.",
                "kubectl rollout undo deployment/checkout-service -n shop",
            ),
            (
                "delete pods -l app=x in ci. do not delete pods with other labels",
                "kubectl delete pods -n ci -l app=x",
            ),
            ("delete pod web-1. do not delete it", ""),
            ("restart api. don't, actually.", ""),
            // A namespace called X, holding the object told.
            (
                "list pods in a namespace called legacy-apps",
                "kubectl get pods -n legacy-apps",
            ),
            (
                "Your cluster has a namespace called legacy-apps that contains a Deployment named old-portal which is no longer used. Delete the deployment. Do not delete the namespace or any other resources in it.",
                "kubectl delete deployments old-portal -n legacy-apps",
            ),
            // "pods land on it" names no pod.
            (
                "Node worker-node-5 is reporting correctable memory errors. Mark it unschedulable so no new pods land on it, but leave existing pods running. Do not drain the node.",
                "kubectl cordon worker-node-5",
            ),
            // "them" for a change is the selection told, labels and
            // place with it.
            (
                "All pods with the label job=cleanup in the batch-jobs namespace have completed and are no longer needed. Delete them using a label selector.",
                "kubectl delete pods -n batch-jobs -l job=cleanup",
            ),
            ("There are pods in prod that are failing. Delete them.", ""),
            // A ticket: the title sums up, the body asks.
            (
                "Title: Clean up failed pods in etl-batch\nBody: The nightly ETL left many pods in Failed status in namespace etl-batch. Please delete all pods whose phase is Failed.",
                "kubectl delete pods -n etl-batch --field-selector=status.phase=Failed",
            ),
            (
                "Title: Return k8s-prod-w03 to service\nBody: Hardware team replaced the faulty DIMM. Please uncordon k8s-prod-w03.",
                "kubectl uncordon k8s-prod-w03",
            ),
            // Usage of both, ordered by the one said after "sorted by".
            (
                "Please provide current CPU/memory usage of all pods in namespace recommendations, sorted by CPU.",
                "kubectl top pods -n recommendations --sort-by=cpu",
            ),
            // Idioms and what to do with the answer name nothing; a
            // namespace named as a type beside a change is asked back.
            (
                "The deployment legacy-reports in namespace bi-legacy is no longer used by anyone. Please delete it. Leave the namespace in place for now.",
                "kubectl delete deployments legacy-reports -n bi-legacy",
            ),
            (
                "describe node k8s-prod-w07 and attach the Conditions section",
                "kubectl describe nodes k8s-prod-w07",
            ),
            (
                "pls delete the old cm nginx-conf-v1 over in ingress, its been replaced by v2",
                "",
            ),
            // A name the asking sentence says itself is not the one it
            // leaves unnamed.
            (
                "Your cluster has a pod named etl-runner-x9k2 in the etl namespace with two containers: runner and sidecar-proxy. Retrieve the last 100 log lines of the sidecar-proxy container only.",
                "kubectl logs etl-runner-x9k2 -n etl -c sidecar-proxy --tail=100",
            ),
            // A node's own labels; when a rollout happened.
            (
                "what labels are on node worker-b-3?",
                "kubectl get nodes worker-b-3 --show-labels",
            ),
            (
                "when did the last rollout of api-gateway happen?",
                "kubectl rollout history deployment/api-gateway",
            ),
            // Pods on a node named as nodes are not, and a read's "it".
            (
                "list pods scheduled on k8s-prod-w20",
                "kubectl get pods -A --field-selector=spec.nodeName=k8s-prod-w20",
            ),
            (
                "Title: Pods on k8s-prod-w20 before decommission\nBody: Before we decommission k8s-prod-w20, list all pods scheduled on it across all namespaces.",
                "kubectl get pods -A --field-selector=spec.nodeName=k8s-prod-w20",
            ),
        ]);
    }

    /// Probe 22's classes (session 25).
    #[test]
    fn answers_formats_rights_times_and_autoscalers_of_probe_twenty_two() {
        reads_as(&[
            // What to say after the change is no condition on it.
            (
                "Roll back deployment billing in pay to the previous revision. When finished, report `UNDO: done`.",
                "kubectl rollout undo deployment/billing -n pay",
            ),
            (
                "Create a namespace named qa-2. Report `CREATED` when done.",
                "kubectl create namespace qa-2",
            ),
            // A condition still holds the change.
            ("restart web when the migration is done", ""),
            // How to answer is nothing to read.
            (
                "Check whether the service account deployer from namespace ci is allowed to delete pods in the prod namespace. Answer `yes` or `no` only.",
                "kubectl auth can-i delete pods --as=system:serviceaccount:ci:deployer -n prod",
            ),
            // Rights asked in chat's words.
            (
                "do i even have perms to list secrets in ns ops?",
                "kubectl auth can-i list secrets -n ops",
            ),
            (
                "Check whether you can delete jobs in the namespace batch",
                "kubectl auth can-i delete jobs -n batch",
            ),
            // Times and ranges are never names.
            (
                "A node was cordoned last week for a disk swap. Make it schedulable again.",
                "",
            ),
            (
                "why does deploy api in ns web keep crashing? began after the 3pm release",
                "kubectl describe deployments api -n web",
            ),
            // An event type written with its kind word.
            (
                "show warning-type events in prod",
                "kubectl events -n prod --field-selector=type=Warning",
            ),
            // Logs and pronouns are no types of a command line.
            ("get logs", ""),
            ("describe it", ""),
            // A trouble about nothing named is asked back.
            ("why is it failing?", ""),
            ("why is my app down?", ""),
            (
                "why are pods pending in batch?",
                "kubectl describe pods -n batch",
            ),
            // The revision said with its number word.
            (
                "revert deployment web to revision number 4",
                "kubectl rollout undo deployment/web --to-revision=4",
            ),
            // A reason told after the order narrows nothing.
            (
                "restart the deployments in ns demo, config went bad",
                "kubectl rollout restart deployment -n demo",
            ),
            // Autoscalers in plain words.
            (
                "Configure deployment thumbs to scale between 2 and 9 replicas, targeting 60% CPU.",
                "kubectl autoscale deployment/thumbs --min=2 --max=9 --cpu-percent=60",
            ),
            (
                "add an hpa to deploy resizer in ns media, 3-7 replicas, 65% cpu",
                "kubectl autoscale deployment/resizer --min=3 --max=7 --cpu-percent=65 -n media",
            ),
            (
                "Create an autoscaler for deployment reviews that keeps between 2 and 5 replicas at 80% CPU",
                "kubectl autoscale deployment/reviews --min=2 --max=5 --cpu-percent=80",
            ),
            // A drain's emptyDir flag said as what it allows.
            (
                "drain node-7 allowing pods with emptydir volumes to be evicted",
                "kubectl drain node-7 --delete-emptydir-data",
            ),
            // The Service's name after "as service".
            (
                "expose pod probe-1 on port 8080 as service probe-svc",
                "kubectl expose pods probe-1 --port=8080 --name=probe-svc",
            ),
            // A new object needed, its subject left out.
            (
                "need a new ns called load-2 for tomorrow's tests",
                "kubectl create namespace load-2",
            ),
            // A place said first is no order of its own.
            (
                "In namespace shop, create a ConfigMap named flags with MODE=fast.",
                "kubectl create configmap flags --from-literal=MODE=fast -n shop",
            ),
        ]);
    }

    /// Safety review 9's classes (session 25), in examples of my own.
    #[test]
    fn what_the_ninth_review_taught() {
        // A look at a change told as a thing is never the change.
        for text in [
            "show events for the failed rollback of checkout in shop",
            "get the events from the last restart of cache in data",
            "show logs from the last restart of web",
            "show me the events of the drain of node-5",
            // Asked of people, told as done, weighed.
            "can someone bounce the ledger-api? I don't have access",
            "we scaled web down to 1 yesterday",
            "worst case we can always drain node-4",
            "lead said to delete the namespace scratch, thoughts?",
        ] {
            assert!(product_reads(text), "{text}: {:?}", crate::interpret(text));
        }
        reads_as(&[
            (
                "show me the events of the drain of node-5",
                "kubectl events --for node/node-5",
            ),
            // Relative counts said with "one".
            (
                "drop web by one replica",
                "kubectl scale deployment/web --replicas=CURRENT-1",
            ),
            (
                "remove one replica from the api deployment -n shop",
                "kubectl scale deployment/api --replicas=CURRENT-1 -n shop",
            ),
            // The object after "release of", the order's word never a name.
            (
                "the latest release of billing is broken, roll it back in pay",
                "kubectl rollout undo deployment/billing -n pay",
            ),
            (
                "upgrade fluentd daemonset in logging to fluent/fluentd:1.16 (container fluentd)",
                "kubectl set image daemonset/fluentd fluentd=fluent/fluentd:1.16 -n logging",
            ),
            (
                "bump web to shop/web:2.0, container name app, ns shop",
                "kubectl set image deployment/web app=shop/web:2.0 -n shop",
            ),
            (
                "set up autoscaling on checkout from 2 to 6 pods, target cpu 70%",
                "kubectl autoscale deployment/checkout --min=2 --max=6 --cpu-percent=70",
            ),
            // A word in brackets no reading took, and "in TYPE with k=v".
            ("pause web's rollout (shop), we hold the canary", ""),
            ("create configmap flags in jobs with mode=fast", ""),
            (
                "relabel pod foo status=unhealthy (overwrite)",
                "kubectl label pods foo status=unhealthy --overwrite",
            ),
            (
                "expose web in shop on port 80 as nodeport called web-np",
                "kubectl expose deployments web --port=80 --name=web-np --type=NodePort -n shop",
            ),
            (
                "cycle the pods of the api deployment",
                "kubectl rollout restart deployment/api",
            ),
            (
                "halt the rollout of ingest in data",
                "kubectl rollout pause deployment/ingest -n data",
            ),
            (
                "create a ClusterIP service named metrics for deployment exporter on port 9100",
                "kubectl expose deployments exporter --port=9100 --name=metrics --type=ClusterIP",
            ),
            (
                "nginx svc in web namespace unreachable - what's wrong?",
                "kubectl describe services nginx -n web",
            ),
            (
                "restart deployment app in prod",
                "kubectl rollout restart deployment/app -n prod",
            ),
        ]);
    }

    /// Probe 23's classes (session 25), in examples of my own.
    #[test]
    fn looks_purposes_and_kinds_of_probe_twenty_three() {
        reads_as(&[
            // How to look, after a change told as a thing.
            (
                "how do I see the previous logs after a restart for pod web-7c9",
                "kubectl logs web-7c9 --previous",
            ),
            // A cordon said by its purpose; a node's situation is no plan.
            (
                "Node gpu-4 is about to be patched. Prepare node gpu-4 so that no new pods get scheduled on it.",
                "kubectl cordon gpu-4",
            ),
            // "in X" says where, not what "the deployment" is.
            (
                "The billing-api deployment in finance-ops needs new config. Restart the deployment.",
                "kubectl rollout restart deployment/billing-api -n finance-ops",
            ),
            // Pods counted by the workload named before the word.
            (
                "Scale the number of checkout Pods to 4.",
                "kubectl scale deployment/checkout --replicas=4",
            ),
            ("Get the hello CronJob", "kubectl get cronjobs hello"),
            (
                "is the cache service exposing port 6379?",
                "kubectl get services cache",
            ),
            (
                "what is the restartPolicy field of a pod",
                "kubectl explain pods",
            ),
            (
                "drain node edge-7, even if there are pods using emptyDir",
                "kubectl drain edge-7 --delete-emptydir-data",
            ),
            // A pod is not restarted in place.
            ("restart pod api-7c9f-x2k8p", ""),
            (
                "which namespace is the pod stray-job in?",
                "kubectl get pods -A --field-selector=metadata.name=stray-job",
            ),
            (
                "show the status of the restart of web in shop",
                "kubectl rollout status deployment/web --watch=false -n shop",
            ),
        ]);
    }

    /// Orders the ninth review found held, in examples of my own.
    #[test]
    fn orders_the_ninth_review_found_held() {
        reads_as(&[
            (
                "remove annotation team.io/owner from service billing in ops",
                "kubectl annotate services billing team.io/owner- -n ops",
            ),
            (
                "remove the taint maint from node-6",
                "kubectl taint nodes node-6 maint-",
            ),
            (
                "add a NoExecute taint ssd=yes to node-2",
                "kubectl taint nodes node-2 ssd=yes:NoExecute",
            ),
            (
                "taint node worker-8 with key=team, value=ml, effect=NoSchedule",
                "kubectl taint nodes worker-8 team=ml:NoSchedule",
            ),
            (
                "continue the rollout of web in shop",
                "kubectl rollout resume deployment/web -n shop",
            ),
            (
                "run 4 replicas of cart in shop",
                "kubectl scale deployment/cart --replicas=4 -n shop",
            ),
            (
                "add a configmap named flags in qa with beta=true",
                "kubectl create configmap flags --from-literal=beta=true -n qa",
            ),
        ]);
    }

    /// Safety review 10's classes (session 25), in examples of my own.
    #[test]
    fn what_the_tenth_review_taught() {
        for text in [
            "@ana can you bounce api in shop? I don't have access",
            "pending approval: drain node-8",
            "autoscale api in shop up to 6 replicas and name the hpa api-scaler",
        ] {
            assert!(product_reads(text), "{text}: {:?}", crate::interpret(text));
        }
        reads_as(&[
            // kubectl's own form keeps its key.
            (
                "untaint node-2 key=value:NoSchedule",
                "kubectl taint nodes node-2 key=value:NoSchedule-",
            ),
            // The count running is told, the half is the change.
            (
                "web is running 8 pods in shop, cut that in half",
                "kubectl scale deployment/web --replicas=CURRENT-50% -n shop",
            ),
            (
                "expose service api as a new service api-lb of type LoadBalancer on port 443",
                "kubectl expose services api --port=443 --name=api-lb --type=LoadBalancer",
            ),
            (
                "freeze the rollout of web in shop",
                "kubectl rollout pause deployment/web -n shop",
            ),
            // What to say after the change is no condition on it.
            (
                "Drain node-9, ignoring daemonsets. Confirm when the node is drained.",
                "kubectl drain node-9 --ignore-daemonsets",
            ),
            ("drain node-9 when the batch finishes", ""),
            // A word of the lexicon in brackets beside a typed name.
            (
                "logs of pod kafka-0 (streaming)",
                "kubectl logs kafka-0 -n streaming",
            ),
            (
                "let web-api autoscale between 2 and 4",
                "kubectl autoscale deployment/web-api --min=2 --max=4 --cpu-percent=80",
            ),
        ]);
    }

    /// More of probe 23's classes, in examples of my own.
    #[test]
    fn selectors_causes_and_containers_in_words() {
        reads_as(&[
            (
                "describe the pods in namespace ci whose label 'tier' is 'web'",
                "kubectl describe pods -n ci -l tier=web",
            ),
            (
                "Annotate deployment web with the change cause \"bump to 2.1\"",
                "kubectl annotate deployments web 'kubernetes.io/change-cause=bump to 2.1' --overwrite",
            ),
            (
                "A pod named api-0 in shop keeps restarting. How many times has its container restarted?",
                "kubectl get pods api-0 -n shop",
            ),
            // A container of the rc's, said with its owner's type.
            ("Update the rc's nginx container's image to nginx:1.9.1", ""),
        ]);
    }

    /// Orders review 10 found held, in examples of my own.
    #[test]
    fn orders_the_tenth_review_found_held() {
        reads_as(&[
            (
                "hi @ops-bot restart the cart deployment in shop pls",
                "kubectl rollout restart deployment/cart -n shop",
            ),
            (
                "stop the cronjob nightly-sync in etl from running for now",
                "kubectl patch cronjobs nightly-sync -p '{\"spec\":{\"suspend\":true}}' -n etl",
            ),
            (
                "create the namespace 'metrics' so we can install prometheus into it",
                "kubectl create namespace metrics",
            ),
            (
                "Create namespace team-b. It should have the label team=b.",
                "",
            ),
            (
                "Label node07 with role=cache",
                "kubectl label nodes node07 role=cache",
            ),
            (
                "continue the paused rollout of api over in shop",
                "kubectl rollout resume deployment/api -n shop",
            ),
            // A namespace that starts as a cloud's node names do, without
            // their parts and number, is a namespace (found by the
            // property test of filler and case).
            ("show pods in gke-ns", "kubectl get pods -n gke-ns"),
            (
                "list pods on gke-prod-pool-1-a1b2c3d4-xk2p",
                "kubectl get pods -A --field-selector=spec.nodeName=gke-prod-pool-1-a1b2c3d4-xk2p",
            ),
            // A place said with "@" elsewhere is still asked.
            ("delete pod web-1 @staging", ""),
        ]);
    }

    /// Safety review 11's mentions and reads that made a change, and its
    /// dropped orders, in examples of my own.
    #[test]
    fn review_eleven_mentions_and_reads_make_no_change() {
        for text in [
            "does `kubectl rollout undo` keep the old replicaset?",
            "is kubectl drain safe for statefulsets?",
            "list the events of the last rollout restart of cart in shop",
            "@carol could you delete pod web-2 in qa?",
            "@infra-team pls scale api to 4",
            "check whether the drain of node-5 finished",
            "we might roll back checkout tonight, not now",
            "I may delete the scratch namespace later",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[
            // A handle that names a bot is whom the message is for.
            (
                "@deploy-bot can you restart cart in shop",
                "kubectl rollout restart deployment/cart -n shop",
            ),
            (
                "take the debug label off pod api-0",
                "kubectl label pods api-0 debug-",
            ),
            (
                "drop the troubleshoot annotation from deploy cart",
                "kubectl annotate deployments cart troubleshoot-",
            ),
            // A look said first still reads.
            (
                "show labels of the pods in shop",
                "kubectl get pods -n shop --show-labels",
            ),
        ]);
    }

    /// Probe 24's classes (tuning), in examples of my own.
    #[test]
    fn probe_twenty_four_classes() {
        reads_as(&[
            // An object said by type and name, then a verb of being, is
            // the situation beside the order; "so X can …" is a purpose.
            (
                "Node gpu-7 is set aside for batch jobs. Add a taint with key team, value batch and effect NoSchedule so that ordinary pods stay away.",
                "kubectl taint nodes gpu-7 team=batch:NoSchedule",
            ),
            (
                "Node wrk-12 has passed its checks. Make it schedulable again so new pods can land on it.",
                "kubectl uncordon wrk-12",
            ),
            (
                "remove the gpu=yes:NoSchedule taint from cp-2 so pods can run there",
                "kubectl taint nodes cp-2 gpu=yes:NoSchedule-",
            ),
            // A separator is no file system's root.
            (
                "Describe quota cq-1 in ns team-b. Format: USED: <n> / HARD: <n>.",
                "kubectl describe resourcequotas cq-1 -n team-b",
            ),
            // A StatefulSet's etcd pod is no control-plane pod.
            (
                "how many restarts has pod etcd-1 had",
                "kubectl get pods etcd-1 -o 'custom-columns=NAME:.metadata.name,RESTARTS:.status.containerStatuses[*].restartCount'",
            ),
            // Failing to make a change is trouble with the object.
            (
                "can't delete pvc data-web-0, stuck terminating",
                "kubectl describe persistentvolumeclaims data-web-0",
            ),
            (
                "I'm unable to drain node-9",
                "kubectl describe nodes node-9",
            ),
            // A workload's pods restarted: its rollout restart.
            (
                "restart the cart deployment's pods",
                "kubectl rollout restart deployment/cart",
            ),
            (
                "A change was applied to the ConfigMap used by deployment cart-api in namespace shop. Restart the deployment's pods so they load it.",
                "kubectl rollout restart deployment/cart-api -n shop",
            ),
            // A state said of the one named describes it.
            (
                "delete the finished job import-7 in etl",
                "kubectl delete jobs import-7 -n etl",
            ),
            (
                "find out if you are allowed to delete secrets in vault",
                "kubectl auth can-i delete secrets -n vault",
            ),
            (
                "how to fix pod api-0 in shop",
                "kubectl describe pods api-0 -n shop",
            ),
            // "Is there a way to …" asks how.
            ("is there a way to scale web to 0 in qa?", ""),
        ]);
    }

    /// More of probe 24's classes, in examples of my own.
    #[test]
    fn probe_twenty_four_more_classes() {
        reads_as(&[
            // The pods of a workload told, said with "the", in a
            // diagnosis: the workload's.
            (
                "You are on call for a web shop. The `cart-api` StatefulSet in `orders` has pods failing since noon. Find out why the pods crash.",
                "kubectl describe statefulsets cart-api -n orders",
            ),
            // A typo after "rollout" of a look it has.
            (
                "rollout stauts sts/db in data",
                "kubectl rollout status statefulset/db --watch=false -n data",
            ),
            // A taint's key right after "taint", whatever word it is.
            (
                "remove taint app from node-12",
                "kubectl taint nodes node-12 app-",
            ),
            // A name with a digit is no type's typo.
            ("label node7 zone=b", "kubectl label nodes node7 zone=b"),
            // The node a node's change is made on is its object.
            (
                "put a taint on node w-3 with key gpu, value yes and effect NoExecute",
                "kubectl taint nodes w-3 gpu=yes:NoExecute",
            ),
            // The pods of a node are the pods there.
            (
                "list the pods of node-8",
                "kubectl get pods -A --field-selector=spec.nodeName=node-8",
            ),
        ]);
        // The rules' question, with lines to pick from, over kubectl's
        // syntax error.
        assert!(
            crate::interpret("label web7 tier=a")
                .err()
                .is_some_and(|e| e.to_string().contains("say what kind of object")),
        );
    }

    /// "Remove it" after a part is told removes the part, never the
    /// object (it deleted the node), and probe 26's classes (tuning), in
    /// examples of my own.
    #[test]
    fn a_part_told_is_what_remove_it_removes() {
        reads_as(&[
            (
                "Node wrk-4 carries the taint spot=true:NoSchedule. Please remove it.",
                "kubectl taint nodes wrk-4 spot=true:NoSchedule-",
            ),
            (
                "Namespace team-a has the label tier=gold. Remove it.",
                "kubectl label namespaces team-a tier-",
            ),
            // Which part is not said: asked back.
            ("Node wrk-4 has an old taint. Remove it.", ""),
            ("The pod api-0 has a finalizer. Delete it.", ""),
            // No part told: the object.
            (
                "Pod api-0 is wedged. Delete it.",
                "kubectl delete pods api-0",
            ),
        ]);
    }

    #[test]
    fn probe_twenty_six_classes() {
        reads_as(&[
            (
                "how much mem is pod db-0 using in data",
                "kubectl top pods db-0 -n data",
            ),
            (
                "are there pending pods anywhere",
                "kubectl get pods -A --field-selector=status.phase=Pending",
            ),
            (
                "whats up w/ sts kafka in ns stream?",
                "kubectl describe statefulsets kafka -n stream",
            ),
            ("what happen with node n-7?", "kubectl describe nodes n-7"),
            (
                "show the quotas and their usage in ns billing",
                "kubectl describe resourcequotas -n billing",
            ),
            // A tracker's key opens a ticket; it is no name.
            (
                "OPS-9912: Rollout history\n\nPlease show the rollout history of deployment cart in ns shop.",
                "kubectl rollout history deployment/cart -n shop",
            ),
            ("delete pod WEB-123", "kubectl delete pods web-123"),
        ]);
    }

    /// A name said by "called" and run on by a word of English before
    /// the place is not sure: asked back, never executed as the first
    /// word alone (it deleted configmap "old" for "the config map called
    /// old settings").
    #[test]
    fn a_name_that_runs_on_is_asked_back() {
        for text in [
            "remove the secret called api keys in namespace vault",
            "drop the configmap named app settings in ns x",
        ] {
            let t = crate::interpret(text);
            assert!(
                t.as_ref().is_ok_and(|t| t.confidence < 0.8),
                "{text}: {t:?}"
            );
        }
        reads_as(&[(
            "remove the secret called api-keys in namespace vault",
            "kubectl delete secrets api-keys -n vault",
        )]);
    }

    /// Safety review 12's reads that deleted the object whose labels
    /// they looked at, and its wrong changes, in examples of my own.
    #[test]
    fn review_twelve_deletes_no_object_for_its_labels() {
        for text in [
            "which labels are on deployment cart? I'd like to remove one",
            "list the annotations of node n-2, want to drop the old one",
            "show pod api-0's labels, then delete the stale ones",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[
            // The object itself, said after the verb, is deleted.
            (
                "delete pod api-0, its labels are wrong",
                "kubectl delete pods api-0",
            ),
            (
                "remove all pods with label tier=old in qa",
                "kubectl delete pods -n qa -l tier=old",
            ),
            // A place before the pairs is still a place, asked back.
            (
                "create a configmap named feature-flags in jobs: beta=true",
                "",
            ),
            // Numbers past nine said after "dash".
            ("cordon node dash fourteen", "kubectl cordon node-14"),
            // How to drain, said after it.
            (
                "drain node-6. ignore daemonsets",
                "kubectl drain node-6 --ignore-daemonsets",
            ),
        ]);
    }

    /// "Everywhere" beside one object named in its place is where the
    /// trouble is felt, no bulk change; and "if my user can" asks the
    /// asker's rights.
    #[test]
    fn everywhere_beside_one_placed_object() {
        let t = crate::interpret("restart deploy api in shop, errors everywhere").unwrap();
        assert_eq!(t.kubectl, "kubectl rollout restart deployment/api -n shop");
        assert!(crate::interpret("restart deployments everywhere").is_err());
        reads_as(&[(
            "see if my user can delete jobs in ci",
            "kubectl auth can-i delete jobs -n ci",
        )]);
    }

    /// A change said again under a negation takes the order back; a
    /// bound on other changes beside it does not; a ticket's acceptance
    /// criteria are no take-back.
    #[test]
    fn negations_after_an_order() {
        for text in [
            "scale web to 0. no, don't scale anything",
            "delete job db-seed, don't delete it",
            "restart api. wait, do not",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[
            (
                "restart api in shop, don't restart cart",
                "kubectl rollout restart deployment/api -n shop",
            ),
            (
                "TKT-881: Remove old job\n\nDelete job db-seed in ns ci.\n\nAC: job no longer listed.",
                "kubectl delete jobs db-seed -n ci",
            ),
        ]);
    }

    /// "That label" is the one pair the other sentences tell; an error's
    /// message in quotes is no shell; how long is no name.
    #[test]
    fn that_label_is_the_pair_told() {
        reads_as(&[
            (
                "Old canary pods labeled track=canary remain in shop. Delete all pods with that label in shop.",
                "kubectl delete pods -n shop -l track=canary",
            ),
            (
                "Deployment api in shop carries the label owner=old-team. Remove that label from deployment api in shop.",
                "kubectl label deployments api owner- -n shop",
            ),
        ]);
        // Two pairs told: which one is not guessed.
        assert!(product_reads(
            "Pods labeled a=1 and pods labeled b=2 are in qa. Delete all pods with that label in qa."
        ));
        assert!(crate::interpret("pods of api die with 'exec format error', why?").is_ok());
        assert_eq!(
            product_line("namespace old-x has been terminating for 3 days"),
            "kubectl get namespaces old-x"
        );
    }

    /// Safety review 13's mentions and reads that made a change, in
    /// examples of my own.
    #[test]
    fn review_thirteen_mentions_and_reads_make_no_change() {
        for text in [
            "CR-77: delete namespace scratch\n\nDecision: rejected. Do not proceed.",
            "Ask the data team to scale etl-worker to 0 in batch.",
            "tell Ana to drain node-8",
            "Show the pods on node-2, the one I want to drain.",
            "Which image does deployment web run? We plan to bump it to web:2.0.",
        ] {
            assert!(product_reads(text), "{text}");
        }
        // (Asked back until review 14, which reads the place.)
        reads_as(&[(
            "The statefulset kafka in streaming is wedged. Restart it.",
            "kubectl rollout restart statefulset/kafka -n streaming",
        )]);
        reads_as(&[
            ("tell me the pods in shop", "kubectl get pods -n shop"),
            ("I want to cordon node-2", "kubectl cordon node-2"),
            (
                "The deployment api in prod is wedged. Restart it.",
                "kubectl rollout restart deployment/api -n prod",
            ),
        ]);
    }

    /// A container told in another sentence is the one an image is set
    /// on, never every container (review 13).
    #[test]
    fn an_image_is_set_on_the_container_told() {
        reads_as(&[(
            "Deployment cart has a container named web. Update it to cart:2.4.",
            "kubectl set image deployment/cart web=cart:2.4",
        )]);
    }

    /// A bare count ordered where another sentence tells the replicas is
    /// a count of replicas (review 13's dropped orders).
    #[test]
    fn a_bare_count_beside_replicas_told() {
        reads_as(&[
            (
                "The deployment cart in shop has 4 replicas. Make it 6.",
                "kubectl scale deployment/cart --replicas=6 -n shop",
            ),
            (
                "Deployment cart was scaled to 0 overnight. Bring it back to 2.",
                "kubectl scale deployment/cart --replicas=2",
            ),
        ]);
        for text in [
            "The deployment cart has 4 replicas. Don't make it 2.",
            "The deployment cart has 4 replicas. Should I make it 6?",
        ] {
            assert!(product_reads(text), "{text}");
        }
    }

    /// Safety review 14's classes, in examples of my own: a condition
    /// said by inversion, a question whether a change is wise, a
    /// take-back of what was said, a past question after a dash.
    #[test]
    fn review_fourteen_mentions_make_no_change() {
        for text in [
            "Should the canary fail, scale api-canary to 0 in edge",
            "should memory pressure return on node-5, drain it",
            "is it a good idea to delete pod cache-0 while it syncs?",
            "forget what I said about restarting ingress-gw in edge",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[(
            "show me the secret db-pass in vault \u{2014} did anyone delete it?",
            "kubectl get secrets db-pass -n vault",
        )]);
    }

    /// Review 14's wrong changes, in examples of my own: the place after
    /// a gerund namespace, after a bracket, before counts; a version or
    /// an HTTP status never named as the object; the container said as
    /// "container name is"; the service's name after its port; the count
    /// told running is not the one added; kubectl's drain flags among
    /// the words.
    #[test]
    fn review_fourteen_changes_are_the_ones_asked() {
        reads_as(&[
            (
                "Scale the worker deployment in billing from 6 to 2 replicas.",
                "kubectl scale deployment/worker --replicas=2 -n billing",
            ),
            (
                "The deployment ingest in streaming is lagging behind. Restart it.",
                "kubectl rollout restart deployment/ingest -n streaming",
            ),
            (
                "set image of api (container 'api') in staging to api:7",
                "kubectl set image deployment/api api=api:7 -n staging",
            ),
            (
                "The 2.7 build of cart keeps returning 502s in shop. Roll it back.",
                "kubectl rollout undo deployment/cart -n shop",
            ),
            (
                "update the cart deployment in shop to cart:2.8 (container name is main)",
                "kubectl set image deployment/cart main=cart:2.8 -n shop",
            ),
            (
                "expose the db statefulset in data on 5432 named db-svc",
                "kubectl expose statefulsets db --port=5432 --name=db-svc -n data",
            ),
            (
                "api has 2 replicas in shop, add three more",
                "kubectl scale deployment/api --replicas=CURRENT+3 -n shop",
            ),
            (
                "please drain node-9, --ignore-daemonsets",
                "kubectl drain node-9 --ignore-daemonsets",
            ),
            (
                "delete the job nightly-7 in reports",
                "kubectl delete jobs nightly-7 -n reports",
            ),
            (
                "cart in shop is leaking memory. restart it.",
                "kubectl rollout restart deployment/cart -n shop",
            ),
            (
                "The pvc cache-data in infra is left over from the scale-down. Delete it.",
                "kubectl delete persistentvolumeclaims cache-data -n infra",
            ),
            (
                "yes, restart the api deployment in shop",
                "kubectl rollout restart deployment/api -n shop",
            ),
        ]);
        // A file sent "to" a place may be a namespace or a cluster.
        assert!(product_line("apply deploy/web.yaml to staging").is_empty());
        // "in Kubernetes" is no namespace.
        assert_eq!(
            product_line("how do I see the memory usage of pods in Kubernetes?"),
            "kubectl top pods"
        );
    }

    /// Probe 27's classes, in examples of my own: "in any namespace";
    /// an object told with "will not …" (no refusal of a change); a
    /// modal after a type and a rule's nouns name nothing; a field "on"
    /// a kind asked about; the docs' "Run the following command to …".
    #[test]
    fn what_probe_twenty_seven_taught() {
        reads_as(&[
            (
                "which pod with label tier=cache uses the most memory in any namespace?",
                "kubectl top pods -A -l tier=cache --sort-by=memory",
            ),
            (
                "The pod hung-job-0 in namespace etl will not terminate. Delete it.",
                "kubectl delete pods hung-job-0 -n etl",
            ),
            (
                "Rule: every Service must carry the label owner. The service cart-svc lacks it. Add the label owner=team-cart to that service.",
                "kubectl label services cart-svc owner=team-cart",
            ),
            (
                "A pod named scratch-shell was left in namespace tools. Policy says scratch pods must be deleted after use. Delete it.",
                "kubectl delete pods scratch-shell -n tools",
            ),
            (
                "what does the parallelism field on a job do?",
                "kubectl explain jobs",
            ),
            (
                "Run the following command to list the pods in namespace kiosk.",
                "kubectl get pods -n kiosk",
            ),
        ]);
        // "will not be deleted" still spares it.
        assert!(product_reads(
            "The pod keep-0 will not be deleted. Delete it."
        ));
    }

    /// How an application fares in a namespace is its diagnosis there;
    /// kubectl's reference says a name "with specified NAME" (tuning
    /// sets, in examples of my own).
    #[test]
    fn app_health_in_a_namespace_and_specified_names() {
        for text in [
            "is my application in the billing namespace healthy?",
            "is the stuff in ledger ok?",
            "anything odd in the logs over in ledger?",
        ] {
            let op = translate(text).unwrap().0;
            assert_eq!(op.verb, kubechat_core::Verb::Diagnose, "{text}");
            assert!(op.name.is_none(), "{text}");
            assert!(op.namespace.is_some(), "{text}");
        }
        // The namespace itself, asked about, stays a read of it.
        assert_eq!(
            line("is namespace ledger healthy"),
            "kubectl get namespaces ledger"
        );
        assert_eq!(
            line("# List one service with specified NAME cart"),
            "kubectl get services cart"
        );
    }

    /// Safety review 15's classes (messages of several parts), in
    /// examples of my own: a pasted thread between people, a ticket
    /// turned down, who made a change asked, a namespace named like a
    /// type beside a change of another type, a file sent "to" a place
    /// before a dash; and the place of an object told in another
    /// sentence.
    #[test]
    fn review_fifteen_several_parts() {
        for text in [
            "dana: can you restart api in shop?\nlee: sure, give me a minute",
            "Title: drain node-8\nStatus: Closed (won't fix)",
            "who scaled checkout in shop to 12 — that blew the budget",
            "autoscale worker in jobs 2 to 6 at 70% cpu — please",
            "apply https://example.com/web.yaml to staging — approved",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[(
            "so basically ledger in finance has a stale cache. restart ledger.",
            "kubectl rollout restart deployment/ledger -n finance",
        )]);
    }

    /// Two hyphens between spaces end a clause as a dash does, where no
    /// command's "--" can stand (review 15's held orders, my examples).
    #[test]
    fn two_hyphens_end_a_clause() {
        reads_as(&[
            (
                "node-4 keeps rebooting -- cordon it",
                "kubectl cordon node-4",
            ),
            (
                "the sale has started -- scale cart in shop to 9 now",
                "kubectl scale deployment/cart --replicas=9 -n shop",
            ),
        ]);
        assert!(product_reads("restart cart -- no wait, leave it"));
    }

    /// A symptom told of one named object, with no verb, is its trouble;
    /// a situation and "what's going on?" is the object's diagnosis, not
    /// one of nothing (probe 27's titles, in examples of my own).
    #[test]
    fn symptoms_told_of_one_object() {
        for (text, name) in [
            (
                "Readiness probe keeps failing - deployment cart in namespace shop",
                "cart",
            ),
            (
                "CrashLoopBackOff on pod api-7d9f-x2 in payments",
                "api-7d9f-x2",
            ),
            (
                "service ledger-svc in finance has no endpoints",
                "ledger-svc",
            ),
            (
                "the ledger-api deployment is stuck at 0/2, what's going on?",
                "ledger-api",
            ),
        ] {
            let op = translate(text).unwrap().0;
            assert_eq!(op.verb, kubechat_core::Verb::Diagnose, "{text}");
            assert_eq!(op.name.as_ref().map(|n| n.as_str()), Some(name), "{text}");
        }
    }

    /// "the TYPE" read again, with no name, is the one object another
    /// sentence names (a name shaped as one), never every object of its
    /// kind.
    #[test]
    fn the_type_said_again_is_the_one_told() {
        reads_as(&[(
            "why is ledger-api in finance short of replicas? show me the deployment as yaml",
            "kubectl get deployments ledger-api -n finance -o yaml",
        )]);
        assert_eq!(
            product_line("Deployment cart in shop is slow. show the deployment"),
            "kubectl get deployments cart -n shop"
        );
    }

    /// Taking off "the control-plane taint" names kubeadm's own taint by
    /// its key; another taint unnamed is still asked for.
    #[test]
    fn the_control_plane_taint_by_its_key() {
        assert_eq!(
            line("remove the control-plane taint from node cp-1"),
            "kubectl taint nodes cp-1 node-role.kubernetes.io/control-plane-"
        );
        assert_eq!(
            line("untaint the controlplane node cp-1"),
            "kubectl taint nodes cp-1 node-role.kubernetes.io/control-plane:NoSchedule-"
        );
        assert!(translate("remove the taint from node cp-1").is_err());
    }

    /// Safety review 16's classes, in examples of my own: two objects of
    /// one kind told, "it" or "the deployment" is asked back; a doubt
    /// holds; a heading that says when keeps the change for later.
    #[test]
    fn review_sixteen_two_objects_doubts_and_timed_headings() {
        for text in [
            "Deployment ledger and deployment billing run in finance. Restart the deployment.",
            "Deployment web in dev and deployment web in prod. Scale it to 2.",
            "statefulset kafka in data — restart it? — not sure, check with the team",
            "Tomorrow's change: cordon node-12.",
        ] {
            assert!(product_reads(text), "{text}");
        }
        // One object, said twice, is one.
        reads_as(&[(
            "Deployment web is slow. The deployment web in prod needs a restart. Restart it.",
            "kubectl rollout restart deployment/web -n prod",
        )]);
    }

    /// A quoted kubectl command sent with nothing but a word to run it is
    /// the request; with a question, a negation or a tale of it being run,
    /// it stays a line to send (review 15's held orders, my examples).
    #[test]
    fn a_quoted_command_with_a_word_to_run_it() {
        reads_as(&[
            (
                "`kubectl scale deploy/api --replicas=4 -n shop` please run this",
                "kubectl scale deployment/api --replicas=4 -n shop",
            ),
            (
                "\"kubectl delete pod api-0 -n shop\" — go ahead",
                "kubectl delete pods api-0 -n shop",
            ),
        ]);
        for text in [
            "`kubectl delete ns shop` — should I run this?",
            "`kubectl delete ns shop` — do not run this",
            "someone ran `kubectl delete ns shop`, please check",
        ] {
            assert!(product_reads(text), "{text}");
        }
    }

    /// "what's the cpu/memory on X" asks what X uses; a name only nodes
    /// are given is a node's usage (probe 26, my examples).
    #[test]
    fn usage_asked_short_and_node_names() {
        assert_eq!(
            line("whats the memory on nodes right now?"),
            "kubectl top nodes"
        );
        assert_eq!(line("cpu usage of worker-7"), "kubectl top nodes worker-7");
        assert_eq!(line("cpu usage of pod api-0"), "kubectl top pods api-0");
    }

    /// A quoted `kubectl apply -f FILE` is a command like any other: with
    /// a question it is a line to send, with a word to run it the request
    /// (safety review 17, my examples).
    #[test]
    fn a_quoted_file_command_is_a_command() {
        for text in [
            "does this look ok? `kubectl apply -f web.yaml`",
            "what would this change? `kubectl delete -f old.yaml`",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[(
            "`kubectl apply -f web.yaml` please",
            "kubectl apply -f web.yaml",
        )]);
    }

    /// Light verbs before an operation's noun, a word in brackets before
    /// an order, and a rolling update with no image (probe 29/30 session,
    /// my examples).
    #[test]
    fn light_verbs_brackets_and_rolling_updates() {
        reads_as(&[
            (
                "execute a rolling restart of deployment api in prod",
                "kubectl rollout restart deployment/api -n prod",
            ),
            (
                "perform a rollback of checkout in prod",
                "kubectl rollout undo deployment/checkout -n prod",
            ),
            (
                "(asap) restart api in shop",
                "kubectl rollout restart deployment/api -n shop",
            ),
            (
                "do a rolling update of deployment web",
                "kubectl rollout restart deployment/web",
            ),
            (
                "is the rollout of web still in progress?",
                "kubectl rollout status deployment/web --watch=false",
            ),
        ]);
        // A program run is still refused; a numbered step still held.
        assert!(matches!(
            translate("execute rm -rf / in pod x"),
            Err(Error::Refused { .. })
        ));
        assert_eq!(product_line("(2) restart api in shop"), "");
    }

    /// Rule checks: a spec field in camelCase and its value name nothing,
    /// "a container" names none, and a change inside the relative clause
    /// of what is looked at is no order (probe 30, my examples).
    #[test]
    fn spec_fields_and_relative_clauses_in_rule_checks() {
        reads_as(&[
            (
                "Look at the pods in namespace hardened: every container must set runAsNonRoot: true. Which containers don't?",
                "kubectl get pods -n hardened -o 'custom-columns=NAME:.metadata.name,CONTAINERS:.spec.containers[*].name'",
            ),
            (
                "List the PVs with reclaimPolicy Delete and the claim bound to each. Do not delete anything.",
                "kubectl get persistentvolumes",
            ),
            (
                "report every pod in ns edge that mounts a hostPath or fails to drop capabilities",
                "kubectl get pods -n edge",
            ),
        ]);
        assert!(product_reads(
            "list the budgets that would block a drain of node-4"
        ));
        let line =
            product_line("which statefulsets in data have a container without a memory limit?");
        assert!(
            line.starts_with("kubectl get statefulsets -n data"),
            "{line}"
        );
    }

    /// A bullet a doubtful reading takes a plain word from does not make
    /// "it" unclear (probe 30 session, my example).
    #[test]
    fn a_doubtful_bullet_tells_no_object() {
        reads_as(&[(
            "Node `edge-4` is being retired. Safely evict everything from it.\n- Pods with local volumes might lose their files.",
            "kubectl drain edge-4",
        )]);
    }

    /// Troubleshooting said in many parts: a bare question after a told
    /// object ("why not?", "what broke?", "take a look"), a place said
    /// aside, a pasted Kubernetes message, a symptom of a name shaped as
    /// one (probe 30, my examples).
    #[test]
    fn trouble_told_in_parts_is_the_objects_diagnosis() {
        reads_as(&[
            (
                "the statefulset kafka-2 hasn't come up since the upgrade in namespace queue. why not?",
                "kubectl describe statefulsets kafka-2 -n queue",
            ),
            (
                "the daemonset node-agent isn't running on node worker-3. what broke? (monitoring ns)",
                "kubectl describe daemonsets node-agent -n monitoring",
            ),
            (
                "Pods from the ingest-worker deployment keep getting OOMKilled (ns data). can you look into it?",
                "kubectl describe deployments ingest-worker -n data",
            ),
            (
                "This morning I scaled the billing deployment to zero and back; now none of its pods become ready in finance. What broke?",
                "kubectl describe deployments billing -n finance",
            ),
            (
                "Back-off restarting failed container. Pod api-6d9f8c7b5-x2x9z in namespace shop is crash looping, what's going on?",
                "kubectl describe pods api-6d9f8c7b5-x2x9z -n shop",
            ),
            (
                "Failed to pull image \"ghcr.io/acme/web:1.4.0\": not found. ErrImagePull on web-7c8d9-qq2lp (ns front). why?",
                "kubectl describe pods web-7c8d9-qq2lp -n front",
            ),
            (
                "0/3 nodes are available: 3 Insufficient memory. That is what pod trainer-0 in ml shows. what do I do",
                "kubectl describe pods trainer-0 -n ml",
            ),
            (
                "something seems off with the cart service in shop, take a look?",
                "kubectl describe services cart -n shop",
            ),
        ]);
    }

    /// Two things made or done in one request, one of which the rules
    /// would drop: asked back, never carried out half (probe 30's two
    /// unsafe lines, my examples).
    #[test]
    fn half_of_two_orders_is_never_carried_out() {
        asked_back(&[
            "create a deployment shop with image nginx and a service for it",
            "make a configmap cfg-a and a secret sec-a in dev",
            "create a role log-reader that can get pods/log, and bind it to the group auditors",
            "create namespace team-z and add the label tier=gold",
        ]);
        // A role's kinds are what it grants on; a deployment's pods its
        // own.
        reads_as(&[
            (
                "create a role pod-watcher that can get and list pods and services",
                "kubectl create role pod-watcher --verb=get,list --resource=pods,services",
            ),
            (
                "create a deployment named cache with the image redis and two pod replicas",
                "kubectl create deployment cache --image=redis --replicas=2",
            ),
        ]);
    }

    /// Chat's places and topics: an environment's name as a heading, in
    /// brackets after a name or alone after a question; the object named
    /// first and a bare order after it; pod names shortened by people
    /// (probe 30, my examples).
    #[test]
    fn chat_topics_and_environment_places() {
        reads_as(&[
            (
                "staging: restart orders",
                "kubectl rollout restart deployment/orders -n staging",
            ),
            (
                "search (dev) restart pls",
                "kubectl rollout restart deployment/search -n dev",
            ),
            (
                "cart in shop -> scale to 4",
                "kubectl scale deployment/cart --replicas=4 -n shop",
            ),
            (
                "worker - restart it",
                "kubectl rollout restart deployment/worker",
            ),
            (
                "has the api rollout finished? qa",
                "kubectl rollout status deployment/api --watch=false -n qa",
            ),
            (
                "logs of orders-8f2c-7h3k in shop",
                "kubectl logs orders-8f2c-7h3k -n shop",
            ),
        ]);
        // Told, weighed or a heading: never carried out.
        asked_back(&[
            "worker - restart not needed",
            "cart: restart done",
            "outage: restart",
        ]);
    }

    /// Benchmark tasks of several sentences: an abbreviation ends no
    /// sentence, a role given ("You are helping …") asks nothing, a command
    /// told as run leaves the read asked after it, "show that TYPE" points
    /// back, and a second order not read keeps the first from running
    /// alone (probe 29 and safety review 18, my examples).
    #[test]
    fn benchmark_tasks_of_several_sentences() {
        reads_as(&[
            (
                "Acme Inc. hosts its storefront in namespace shop. List the warning events in the shop namespace.",
                "kubectl events -n shop --field-selector=type=Warning",
            ),
            (
                "You are assisting the payments team. The ledger-db StatefulSet in namespace ledger holds the ledger. They only want to know how many replicas it has.",
                "kubectl get statefulsets ledger-db -n ledger",
            ),
            (
                "Someone ran `kubectl delete cm app-cfg` in the web namespace last night. Just list the configmaps that are left in web.",
                "kubectl get configmaps -n web",
            ),
            (
                "The billing app mounts a ConfigMap called billing-cfg. Show that configmap",
                "kubectl get configmaps billing-cfg",
            ),
        ]);
        asked_back(&[
            "rollback checkout and open a ticket",
            "patch the service and purge the cache",
            "set image web=web:2.0 and migrate the schema",
            "restart payments done",
        ]);
        reads_as(&[("uncordon node-8, done", "kubectl uncordon node-8")]);
    }

    /// A look at one named object outranks a diagnosis of nothing said as
    /// its reason; "by name: X" names; "low on memory" asks for usage
    /// (probe 29, my examples).
    #[test]
    fn probe_twenty_nine_reads() {
        reads_as(&[
            (
                "Show me the coredns logs in kube-system; something seems off with the HPA numbers.",
                "kubectl logs deployment/coredns -n kube-system",
            ),
            (
                "Describe the Service by name: checkout-svc.",
                "kubectl describe services checkout-svc",
            ),
            ("which nodes are low on cpu?", "kubectl top nodes"),
        ]);
    }

    /// "the debug pod" is a kind of pod, not an order to debug it; "when
    /// you get a sec" is soon, no condition; an environment in brackets
    /// ending the line is the place (probe 29/30, my examples).
    #[test]
    fn debug_pods_and_soon() {
        reads_as(&[
            (
                "delete the debug pod busybox-dbg in qa",
                "kubectl delete pods busybox-dbg -n qa",
            ),
            ("show pods (staging)", "kubectl get pods -n staging"),
        ]);
        // Read as the order, offered below the bar: asked back with it.
        assert_eq!(
            line("remove the debug pod busybox-dbg when you get a chance"),
            "kubectl delete pods busybox-dbg"
        );
    }

    /// A question of what or which, naming no change, reads what its
    /// verbs tell ("What events were recorded for …?"); a pod's state
    /// with "everything" in a diagnosis is the pods (probe 30, my
    /// examples).
    #[test]
    fn what_questions_and_pod_states() {
        reads_as(&[
            (
                "What events were logged for the pvc cache-0 in the kv namespace? it will not bind",
                "kubectl events --for persistentvolumeclaim/cache-0 -n kv",
            ),
            (
                "why is everything in batch stuck in ErrImagePull",
                "kubectl describe pods -n batch",
            ),
        ]);
        // Naming a change, it stays told.
        assert!(product_reads("which pods were deleted in shop yesterday?"));
    }

    /// An order taken back and a read asked instead: the read, with "it"
    /// and "there" pointing at the first part; a change after the
    /// take-back is never carried out (probe 30, my examples).
    #[test]
    fn a_read_asked_after_a_take_back() {
        reads_as(&[
            (
                "scale everything in ns old-demo to 0... actually no, just list the statefulsets there",
                "kubectl get statefulsets -n old-demo",
            ),
            (
                "delete pod api-0 in shop. no wait, describe it first",
                "kubectl describe pods api-0 -n shop",
            ),
        ]);
        asked_back(&[
            "restart api, no wait, restart web instead",
            "delete pod x. actually no",
        ]);
    }

    /// An order inside a sentence that also asks a format, the object of
    /// a verb in the progressive, and a quantity of things as a subject
    /// (probe 27's remaining misses, my examples).
    #[test]
    fn orders_beside_formats_and_progressive_objects() {
        reads_as(&[
            (
                "The data team wants a list. For every statefulset in namespace analytics, report the statefulset name and the image(s) it runs, formatted as name: image.",
                "kubectl get statefulsets -n analytics -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
            ),
            (
                "The pod etl-runner-8x2kq in namespace jobs is stuck in Init:0/2. Find out which init container is blocking progress and why.",
                "kubectl describe pods etl-runner-8x2kq -n jobs",
            ),
        ]);
    }

    /// Probe 32's classes (session 29), each in other words than the
    /// probe's: the place said alone, a thing told by a plain noun or a
    /// pod-shaped name, "NAME pods" then "the deployment", values in a
    /// relative clause of many, a pointer that says its kind.
    #[test]
    fn places_subjects_and_relative_values_of_probe_thirty_two() {
        reads_as(&[
            // A namespace said as a sentence of its own.
            (
                "ledger-2 will not start after the upgrade. ns finance. describe it please",
                "kubectl describe pods ledger-2 -n finance",
            ),
            // A subject by a plain noun, then a verb in the third person.
            (
                "The portal reads its token from a Secret called portal-auth. Show that Secret.",
                "kubectl get secrets portal-auth",
            ),
            // Pods told by their app's name; the workload by kind alone.
            (
                "the ledger pods in billing keep failing readiness. please restart the deployment",
                "kubectl rollout restart deployment/ledger -n billing",
            ),
            // "keep failing" tells the object's trouble, not a change
            // that failed.
            (
                "the cart pods in shop keep failing. restart the deployment.",
                "kubectl rollout restart deployment/cart -n shop",
            ),
            // Values inside a clause that says which of many.
            (
                "Check every RoleBinding in namespace ops that grants `edit` and list them.",
                "kubectl get rolebindings -n ops",
            ),
            (
                "How many PersistentVolumeClaims in every namespace have status `Pending`?",
                "kubectl get persistentvolumeclaims -A",
            ),
            // "not found" tells; the pointer's kind picks among names.
            (
                "Warning FailedMount: volume \"certs-vol\" : configmap \"ca-bundle\" not found. ns edge. does that configmap exist?",
                "kubectl get configmaps ca-bundle -n edge",
            ),
            // Back to a revision by another verb of motion.
            (
                "take ledger back to revision 4 in finance",
                "kubectl rollout undo deployment/ledger --to-revision=4 -n finance",
            ),
            (
                "roll the cart deployment back, the new release is 502ing",
                "kubectl rollout undo deployment/cart",
            ),
            // A node returned to service; what a job is doing.
            (
                "Patching of node gpu-3 has finished. Return it to service.",
                "kubectl uncordon gpu-3",
            ),
            (
                "job report-gen in batch has run for 6 hours. what is it doing?",
                "kubectl describe jobs report-gen -n batch",
            ),
            // A look over things; how much CPU they use.
            ("scan the services in edge", "kubectl get services -n edge"),
            (
                "Which nodes show the highest memory utilisation right now?",
                "kubectl top nodes --sort-by=memory",
            ),
            // Where one pod runs, the place said after "on".
            (
                "which node is cache-0 on -n data",
                "kubectl get pods cache-0 -n data -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            ),
            // An order asked as a question after the situation.
            (
                "ingest-5 keeps restarting, could you fetch its logs?",
                "kubectl logs ingest-5",
            ),
        ]);
        // Not a version: the clause says how the release is; a target
        // an autoscaler keeps is no usage asked.
        assert_eq!(
            product_line("autoscale deployment web from 2 to 8 pods, target CPU utilization 60%"),
            "kubectl autoscale deployment/web --min=2 --max=8 --cpu-percent=60"
        );
        // A change still takes no type from a told name alone.
        assert!(product_reads("web-1 won't come back. delete it"));
    }

    /// Probe 33's classes (session 29, dev-set styles), in other words:
    /// a report clause keeps its kind when only its format goes; a rule
    /// said of every object; values, keys and offenders are no names; a
    /// kind in the plural, asked about or placed, is followed by no name;
    /// a fix of one object is its diagnosis, of many or none asked back.
    #[test]
    fn policy_tasks_and_fixes_of_probe_thirty_three() {
        reads_as(&[
            (
                "Namespace audit-7 must have no privileged Pods. Please review and report privileged Pods in the format BAD: <pod>.",
                "kubectl get pods -n audit-7",
            ),
            (
                "Could you check the Services in namespace edge-9? Each Service needs an \"owner\" label. List the Services missing either label.",
                "kubectl get services -n edge-9",
            ),
            (
                "In namespace team-x, no RoleBinding may reference cluster-admin. Check the RoleBindings and list offenders.",
                "kubectl get rolebindings -n team-x",
            ),
            (
                "Check every DaemonSet in every namespace for a missing \"tier\" label.",
                "kubectl get daemonsets -A -l '!tier'",
            ),
            (
                "Inspect namespace quota-3 and tell me which Deployments exceed that limit.",
                "kubectl get deployments -n quota-3",
            ),
            (
                "List the PriorityClasses defined in the cluster.",
                "kubectl get priorityclasses",
            ),
            (
                "What is wrong with statefulset kafka in namespace stream? The rollout never completes.",
                "kubectl describe statefulsets kafka -n stream",
            ),
            (
                "Pod ledger-0 in namespace fin is stuck in Pending. Fix it so that it gets scheduled.",
                "kubectl describe pods ledger-0 -n fin",
            ),
            ("describe node-12", "kubectl describe nodes node-12"),
            (
                "cordon node-9 before we upgrade it",
                "kubectl cordon node-9",
            ),
            // A namespace named like a verb of the lexicon, then how the
            // object is.
            (
                "why is the zookeeper statefulset in streaming crashing",
                "kubectl describe statefulsets zookeeper -n streaming",
            ),
            (
                "how's the checkout rollout going in shop?",
                "kubectl rollout status deployment/checkout --watch=false -n shop",
            ),
            (
                "The HorizontalPodAutoscaler api-hpa in namespace web never scales. Find out why.",
                "kubectl describe horizontalpodautoscalers api-hpa -n web",
            ),
        ]);
        asked_back(&[
            "fix prod please",
            "Fix the crashing pods in namespace qa.",
            "Check the Deployments in ns x for a missing owner label and fix them so every Deployment complies.",
            "Create a StatefulSet 'pg' with 2 replicas of postgres:16, backed by a headless service 'pg-hl'.",
            "Review the Ingresses in namespace web-3 for wildcard hosts and fix the ones you find.",
            "Fix the OOMKill of deployment api by raising its memory limit to 1Gi.",
        ]);
        // A look that forbids a fix is still the look.
        assert_eq!(
            product_line("Check the ingresses in web-3. Do not fix anything."),
            "kubectl get ingresses -n web-3"
        );
        // A look at a node's name; a change is never aimed so.
        assert_ne!(
            product_line("delete node-12"),
            "kubectl delete nodes node-12"
        );
    }

    /// Probe 34's classes (session 29), in other words: "in X ns" is the
    /// place whatever plain word follows; a function word after "by
    /// name" is no name; a choice between changes is asked back; a
    /// quoted text after "error" filters logs; a quoted key after "key".
    #[test]
    fn places_choices_and_keys_of_probe_thirty_four() {
        reads_as(&[
            (
                "pls scale cart deploy to 4 in shop ns, big sale today",
                "kubectl scale deployment/cart --replicas=4 -n shop",
            ),
            (
                "label the deploy billing-api in finance ns thanks with team=core",
                "kubectl label deployments billing-api team=core -n finance",
            ),
            (
                "why are the pods of checkout-api in namespace shop-12 crashing",
                "kubectl describe pods checkout-api -n shop-12",
            ),
            (
                "show the logs of pod relay-5 with error 'conn-reset'",
                "kubectl logs relay-5 | grep -iF conn-reset",
            ),
            (
                "what is the value of key 'token' in secret api-keys",
                "kubectl get secrets api-keys",
            ),
        ]);
        // A message seen, told, then a look that needs the object's name.
        reads_as(&[(
            "Seeing `Readiness probe failed: connection refused` on cart-5d8f7c-9xk2m in shop. Show me the logs of the container that crashed.",
            "kubectl logs cart-5d8f7c-9xk2m -n shop --previous",
        )]);
        // A look that opens with "scan", then its format.
        reads_as(&[(
            "Rule: Services may not be of type NodePort.\nScan Services in every namespace and print each offender as `BAD: <namespace>/<name>`.",
            "kubectl get services -A",
        )]);
        // The place and labels said around a command in prose are its.
        reads_as(&[(
            "Use the kubectl get pods command to confirm the ingress controller runs in ingress-nginx, selecting app=ingress:",
            "kubectl get pods -n ingress-nginx -l app=ingress",
        )]);
        // A name told in backticks; a namespace told as "named".
        reads_as(&[
            (
                "The last rollout of `ledger` broke payments. It lives in namespace `fin`. Roll it back.",
                "kubectl rollout undo deployment/ledger -n fin",
            ),
            (
                "A namespace called `demo-77` is left from last week's demo. Delete it.",
                "kubectl delete namespaces demo-77",
            ),
        ]);
        for asked in [
            "either restart deployment web-2 or scale it to zero, your call",
            "The old Deployment is no longer needed. Delete the Deployment by name:",
        ] {
            assert!(product_reads(asked), "{asked}");
        }
    }

    #[test]
    fn how_questions_of_probe_thirty_six() {
        // How, a modal and who would do it asks the way; never orders it.
        asked_back(&[
            "how can we restart the search deployment",
            "how would someone delete pod cache-3",
            "how could they scale web to 4?",
            "how to duplicate a configmap",
            "how do I rename secret tls-old",
            "how can I move a pvc between namespaces",
        ]);
        reads_as(&[
            (
                "how can we list the jobs in batch",
                "kubectl get jobs -n batch",
            ),
            // A situation said with "we need to …", then the order.
            (
                "We need to replace the fan on node-5. Drain it (ignore daemonsets).",
                "kubectl drain node-5 --ignore-daemonsets",
            ),
        ]);
    }

    #[test]
    fn lists_times_and_troubled_rollouts_of_probe_thirty_six() {
        reads_as(&[
            // A name joined after another ends its phrase; the sentence
            // going on about it is no second name.
            (
                "delete pod cache-7, nobody uses it",
                "kubectl delete pods cache-7",
            ),
            (
                "delete pods a-1, b-2 and c-3 in qa",
                "kubectl delete pods a-1 b-2 c-3 -n qa",
            ),
            (
                "describe node pool-a-19, kubelet restarting",
                "kubectl describe nodes pool-a-19",
            ),
            // A made name, then its namespace in brackets ending the line.
            (
                "rollout history of billing-api (money)",
                "kubectl rollout history deployment/billing-api -n money",
            ),
            // A rollout in trouble is diagnosed, as a workload's.
            (
                "the search rollout hangs",
                "kubectl describe deployments search",
            ),
            (
                "my deploy report-gen wont finish rolling out",
                "kubectl describe deployments report-gen",
            ),
            ("triage pod relay-4", "kubectl describe pods relay-4"),
            // The time of a situation told in its own clause is not the
            // change's.
            (
                "The promo goes live tomorrow; scale the promo-site deployment to 6.",
                "kubectl scale deployment/promo-site --replicas=6",
            ),
            (
                "node-9 is getting a firmware update tonight — cordon it now.",
                "kubectl cordon node-9",
            ),
            // A verb of looking, then the bare question, asks the
            // diagnosis of what was told.
            (
                "The ledger deployment in bank keeps restarting. Dig into what's going on before lunch.",
                "kubectl describe deployments ledger -n bank",
            ),
        ]);
        reads_as(&[
            // An identification after the request: quoted, with more told
            // after a comma, between two commas, or of the namespace
            // pointed at.
            (
                "pls delete my scratch pod? it's 'dbg-shell', made it this morning",
                "kubectl delete pods dbg-shell",
            ),
            (
                "is the metrics daemonset thing on every node? it's 'node-exp' in monitoring",
                "kubectl get daemonsets node-exp -n monitoring",
            ),
            (
                "my pod won't start, name is etl-runner-0, what do i do",
                "kubectl describe pods etl-runner-0",
            ),
            (
                "list the services in the namespace our squad owns? its called platform",
                "kubectl get services -n platform",
            ),
            (
                "Force-delete the pod stuck in Terminating: batch-7c9d-x1y2z",
                "kubectl delete pods batch-7c9d-x1y2z --grace-period=0 --force",
            ),
        ]);
        reads_as(&[
            // Load asked in other words; who says what, after a comma.
            (
                "which pod is hogging memory in prod",
                "kubectl top pods -n prod",
            ),
            ("a per-node memory breakdown please", "kubectl top nodes"),
            (
                "show me the limits in team-orca, devs saying they cant create jobs",
                "kubectl get limitranges -n team-orca",
            ),
            (
                "Our bill flags namespace ml-lab. Show me the quotas defined there.",
                "kubectl get resourcequotas -n ml-lab",
            ),
        ]);
        reads_as(&[
            // Trouble told without a verb, of a pod-shaped name or of a
            // failing kind in a place.
            ("mq-1 pending forever, help", "kubectl describe pods mq-1"),
            (
                "ErrImagePull on all the new pods in builds since noon",
                "kubectl describe pods -n builds",
            ),
            (
                "Are there any pods in ImagePullBackOff in builds?",
                "kubectl get pods -n builds",
            ),
        ]);
        reads_as(&[
            // A label put on in other words; a daemon named like a
            // participle; the same change said first as a thing.
            (
                "Set label 'tier' to 'cache' on pod redis-2",
                "kubectl label pods redis-2 tier=cache",
            ),
            (
                "Attach the label zone=b to the node named pool-b-3:",
                "kubectl label nodes pool-b-3 zone=b",
            ),
            (
                "list pods where label app is set to api",
                "kubectl get pods -l app=api",
            ),
            (
                "delete the memcached statefulset in old-cache",
                "kubectl delete statefulsets memcached -n old-cache",
            ),
        ]);
        reads_as(&[
            // An issue tracker's tag; what an order is for, before a
            // colon; trouble told by how often.
            (
                "[bug] pod relay-3 in edge OOMKilled after upgrade",
                "kubectl describe pods relay-3 -n edge",
            ),
            (
                "Stop the 502s: annotate ingress gw with a.b/timeout=60 in edge",
                "kubectl annotate ingresses gw a.b/timeout=60 -n edge",
            ),
            (
                "staging: restart gw",
                "kubectl rollout restart deployment/gw -n staging",
            ),
            (
                "the cart pods restart every few minutes in shop",
                "kubectl describe pods cart -n shop",
            ),
            (
                "Kafka broker pods crash all the time in data",
                "kubectl describe pods kafka-broker -n data",
            ),
        ]);
        // A read command told as run, what it printed, then a question.
        assert_eq!(
            product_line(
                "kubectl get pods -n batch shows:\nloader-0   0/1   Pending   0   9m\nWhy is it stuck?"
            ),
            "kubectl describe pods loader-0 -n batch"
        );
        assert_eq!(
            product_line(
                "kubectl rollout status deploy/api -n core\nWaiting for deployment \"api\" rollout to finish: 1 old replicas are pending termination...\nWhat's blocking it?"
            ),
            "kubectl describe deployments api -n core"
        );
        reads_as(&[(
            "Paged for disk. `kubectl describe node pool-c-2` says `DiskPressure True`. Could you cordon pool-c-2 while we clean up?",
            "kubectl cordon pool-c-2",
        )]);
        reads_as(&[
            // A chat's emoji and mentions; a field path asked about; a
            // bare question after an identification; what others asked
            // of the team, told beside the order.
            (
                ":fire: @opsbot restart cart in shop pls",
                "kubectl rollout restart deployment/cart -n shop",
            ),
            (
                "what does `spec.minReadySeconds` do on deployments?",
                "kubectl explain deployments.spec.minReadySeconds",
            ),
            (
                "The HPA is `web-hpa` in shop. Any idea what's broken?",
                "kubectl describe horizontalpodautoscalers web-hpa -n shop",
            ),
            (
                "Scale `mailer` in `notify` to 0. Legal asked us to pause all outbound mail.",
                "kubectl scale deployment/mailer --replicas=0 -n notify",
            ),
        ]);
        asked_back(&["The change starts tomorrow. Scale web to 10."]);
        // Bindings listed by the role they reference; pods by a
        // configmap they use are not (their listing does not say).
        reads_as(&[(
            "Display all ClusterRoleBindings that reference the ClusterRole view.",
            "kubectl get clusterrolebindings",
        )]);
        asked_back(&["show pods using the configmap flags in shop"]);
        // An action named as what happened is no order of it; a feature
        // wished for in a tracker, then the request.
        reads_as(&[
            (
                "Upgrade broke it. Roll back deployment api in core.",
                "kubectl rollout undo deployment/api -n core",
            ),
            (
                "Deploy went out at noon. Show me the events in namespace shop.",
                "kubectl events -n shop",
            ),
            (
                "Feature request: allow pausing cron jobs\n\nUntil then, please scale `worker` in `etl` to 0.",
                "kubectl scale deployment/worker --replicas=0 -n etl",
            ),
        ]);
        asked_back(&["upgrade the cluster", "update deployment web, it is broken"]);
        // A terse listing, then an environment's name; a node's
        // maintenance planned, then the order to prepare for it.
        reads_as(&[
            ("svc list prod", "kubectl get services -n prod"),
            ("pods wide staging", "kubectl get pods -n staging -o wide"),
            (
                "Node pool-d-4 is scheduled for a kernel upgrade tonight. Mark it unschedulable.",
                "kubectl cordon pool-d-4",
            ),
        ]);
        asked_back(&["The restart is scheduled for tonight. Restart web."]);
        // Every namespace said as the whole cluster; a thing told by its
        // type and name, then what it did, then the look.
        reads_as(&[
            (
                "which pods across the entire cluster are pending",
                "kubectl get pods -A --field-selector=status.phase=Pending",
            ),
            (
                "A pod named loader-4 in namespace etl finished but hasn't exited. Show the last 50 lines of its logs.",
                "kubectl logs loader-4 -n etl --tail=50",
            ),
        ]);
        // A possessive after the sentence's own named object points at
        // it, and leaves "it" in the next sentence to the object told.
        reads_as(&[(
            "Node pool-e-7 completed its maintenance. Uncordon it.",
            "kubectl uncordon pool-e-7",
        )]);
        // More bare questions of the trouble told; a pod named by its
        // owner and a five-character suffix.
        reads_as(&[
            (
                "job reindex in search has run for 6 hours and never completes. is it hung?",
                "kubectl describe jobs reindex -n search",
            ),
            (
                "The service 'pay-grpc' in namespace fin answers on its ClusterIP but not its NodePort. Why would that be?",
                "kubectl describe services pay-grpc -n fin",
            ),
            (
                "describe runner-q7w2e",
                "kubectl describe pods runner-q7w2e",
            ),
        ]);
        // An app's image, asked by the app's name, is its workload's.
        reads_as(&[(
            "what image is ledger using in bank",
            "kubectl get deployments ledger -n bank -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
        )]);
        // The whole of an object told before is that object.
        reads_as(&[(
            "The secret db-creds in prod looks wrong. Show the whole secret.",
            "kubectl get secrets db-creds -n prod",
        )]);
        // A place set apart by a comma before a second typed object is
        // the place (it was dropped without a word).
        reads_as(&[(
            "pod mq-0 stuck in staging, pvc data-mq-0 not bound",
            "kubectl describe pods mq-0 -n staging",
        )]);
        // A quoted name and its place, then the trouble after a dash.
        reads_as(&[(
            "what's wrong with my svc? `ledger` in `bank` - calls time out",
            "kubectl describe services ledger -n bank",
        )]);
        // "write it to …" keeps the answer; "it" is no object.
        reads_as(&[(
            "The pod ledger-2 in namespace bank is not running. Identify the reason and write it to /opt/out/reason.txt.",
            "kubectl describe pods ledger-2 -n bank",
        )]);
        asked_back(&[
            "our namespace 'demo-2' is a mess, clean it up",
            "write me the kubectl line to restart web, I'll run it myself",
            "at the next maintenance window, drain node-4",
            "The promo goes live tomorrow; scale the promo-site deployment to 6 then.",
            "scale promo-site to 6; tomorrow",
            "everything is on fire, fix it",
        ]);
    }

    /// Probes 42 and 43's classes (session 31), in my own words.
    #[test]
    fn aliases_spared_objects_and_deadlines_of_probe_forty_two() {
        reads_as(&[
            // The kubectl alias most people type.
            ("k get po -A", "kubectl get pods -A"),
            ("k get deploy -n shop", "kubectl get deployments -n shop"),
            // A place set apart by its comma stays the place, even a
            // word the lexicon reads as a verb.
            (
                "logs of pod ingest-3 in streaming, last 20 lines",
                "kubectl logs ingest-3 -n streaming --tail=20",
            ),
            // An unread verb opening the order is no name.
            (
                "raise the replica count of cart in shop to 5",
                "kubectl scale deployment/cart --replicas=5 -n shop",
            ),
            // Another object spared after the order leaves the order.
            (
                "restart ledger-sync in bank. ledger-api is fine, leave it",
                "kubectl rollout restart deployment/ledger-sync -n bank",
            ),
            (
                "delete the pvc cache-data-old in ml. DO NOT delete cache-data, only the old one",
                "kubectl delete persistentvolumeclaims cache-data-old -n ml",
            ),
            (
                "Please restart the deployment 'ledger' in 'bank'. The other deployments there must stay untouched.",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            // A deadline is met by a change made now.
            (
                "scale cart in shop to 6 replicas before the doors open at noon",
                "kubectl scale deployment/cart --replicas=6 -n shop",
            ),
            (
                "before end of day, scale cart in shop to 2 replicas",
                "kubectl scale deployment/cart --replicas=2 -n shop",
            ),
            // A change ruled out after a read is told, not asked.
            (
                "show logs of pod ledger-0, don't restart it",
                "kubectl logs ledger-0",
            ),
            // A change asked about by when it was made is read.
            (
                "when did pod ledger-0 last restart",
                "kubectl get pods ledger-0",
            ),
            // Load ordered by, or asked in short words, is top's.
            (
                "pods in shop sorted by memory",
                "kubectl top pods -n shop --sort-by=memory",
            ),
            ("cpu/mem of node pool-a-1", "kubectl top nodes pool-a-1"),
            ("per-container cpu for pods in ml", "kubectl top pods -n ml"),
            // "spin down" is to none; an update's progress is its
            // rollout's status; a state asked last is no second name; the
            // keys of one secret are in its description; a label's key,
            // object and value said in words.
            (
                "spin down ledger-batch in bank",
                "kubectl scale deployment/ledger-batch --replicas=0 -n bank",
            ),
            (
                "has statefulset ledger-db finished updating in bank?",
                "kubectl rollout status statefulset/ledger-db --watch=false -n bank",
            ),
            (
                "is cronjob ledger-report suspended? yes or no",
                "kubectl get cronjobs ledger-report",
            ),
            (
                "what keys are in secret ledger-creds",
                "kubectl describe secrets ledger-creds",
            ),
            (
                "change the tier label on deployment ledger to gold",
                "kubectl label deployments ledger tier=gold --overwrite",
            ),
            // What someone did or said, or what happened before, is told;
            // "anyone know why …" asks.
            (
                "anyone know why `ledger-0` in bank keeps crashlooping? started right after the noon deploy. I already checked the ledger-api pods and they're fine",
                "kubectl describe pods ledger-0 -n bank",
            ),
            (
                "is there a resourcequota in bank-a? she says her pods get rejected but the bank-b namespace works fine",
                "kubectl get resourcequotas -n bank-a",
            ),
            // An issue's headings, a concession and an object left out
            // ask nothing; a quoted command before "output" is the verb.
            (
                "## Problem\nThe `ledger-gw` Service in `bank` has no endpoints, although the `ledger-read` pods are healthy.\n\nCould you paste `describe` output for the ledger-gw service? Please leave the ledger-read service out, it works.",
                "kubectl describe services ledger-gw -n bank",
            ),
            // "check and revert" writes back; what others are doing then
            // is not the change's time; "at the earliest" is how soon;
            // "to the previous revision" is one step back.
            (
                "Please check and revert: is pod ledger-batch-1 in namespace bank completed?",
                "kubectl describe pods ledger-batch-1 -n bank",
            ),
            (
                "please label namespace bank with tier=gold. Finance is running the report tonight.",
                "kubectl label namespaces bank tier=gold",
            ),
            (
                "add label env=uat to all pods of namespace bank, kindly do it at the earliest",
                "kubectl label pods env=uat -n bank --all",
            ),
            (
                "the build we shipped an hour ago broke login. roll back ledger in bank to the previous revision",
                "kubectl rollout undo deployment/ledger -n bank",
            ),
            // Left to the one asking; news in a sentence of its own; a
            // time said by pointing opens no clause.
            (
                "what's running in the bank namespace? someone said there are leftover test pods from the demo. just list them, I'll decide later what to delete",
                "kubectl get pods -n bank",
            ),
            (
                "FYI the audit starts at 14:00. Before then I need node pool-a-3 cordoned so nothing new lands on it",
                "kubectl cordon pool-a-3",
            ),
            (
                "spin down ledger-batch in bank, we don't need it tonight",
                "kubectl scale deployment/ledger-batch --replicas=0 -n bank",
            ),
            // Probe 46: a namespace after the name told ("It's called x,
            // namespace y"); what was done, then the order; chat's
            // shorthand (rm, logz, 3->5, y); rights asked in chat's words;
            // another change planned is the order's reason.
            (
                "Why is my pod stuck in Pending? It's called ledger-7b8c9-2xv4q, namespace bank.",
                "kubectl describe pods ledger-7b8c9-2xv4q -n bank",
            ),
            (
                "i changed configmap ledger-settings, restart ledger in bank so it reloads",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            (
                "rm the pvc ledger-scratch in ns bank",
                "kubectl delete persistentvolumeclaims ledger-scratch -n bank",
            ),
            (
                "show logz for ledger-api, ns bank",
                "kubectl logs deployment/ledger-api -n bank",
            ),
            (
                "scale sts/ledger-db 3->5 in bank",
                "kubectl scale statefulset/ledger-db --replicas=5 -n bank",
            ),
            ("can i even cordon nodes", "kubectl auth can-i patch nodes"),
            (
                "do i have perms to exec into pods in bank",
                "kubectl auth can-i create pods --subresource=exec -n bank",
            ),
            (
                "get rid of hpa ledger-hpa, we're going to scale by hand",
                "kubectl delete horizontalpodautoscalers ledger-hpa",
            ),
            // A place in brackets ending a look at a typed, named object;
            // a made name ending in its number is whole.
            (
                "whats wrong w/ cronjob ledger-report, hasnt run since monday (bank)",
                "kubectl describe cronjobs ledger-report -n bank",
            ),
            (
                "which node is ledger-0 running on",
                "kubectl get pods ledger-0 -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
            ),
            // Review 22: a reason, then "so" and the order; "now that"
            // gives the order's reason; another object, as the subject of
            // how it is, spared; a deadline's hour is no count; "zap".
            (
                "we're done with the audit, so tear down namespace audit-0611",
                "kubectl delete namespaces audit-0611",
            ),
            (
                "Uncordon node-19 now that the disk has been replaced.",
                "kubectl uncordon node-19",
            ),
            (
                "restart ledger in bank. web is fine, leave it",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            (
                "zap pod ledger-warm-1 in bank, it's wedged",
                "kubectl delete pods ledger-warm-1 -n bank",
            ),
            (
                "taint pool-a-1 with dedicated=ml:NoSchedule — only the training jobs should land there",
                "kubectl taint nodes pool-a-1 dedicated=ml:NoSchedule",
            ),
            // What one named object uses, asked, is in its description.
            (
                "which storage class does pvc ledger-data use, it's in bank",
                "kubectl describe persistentvolumeclaims ledger-data -n bank",
            ),
            (
                "which pods are using the PVC `ledger-uploads` in namespace bank?",
                "kubectl describe persistentvolumeclaims ledger-uploads -n bank",
            ),
            // A service account's full user name said in prose.
            (
                "Can system:serviceaccount:bank:ledger list pods cluster-wide?",
                "kubectl auth can-i list pods --as=system:serviceaccount:bank:ledger -A",
            ),
            // "take X down to N" is a scale.
            (
                "take deployment ledger-old in bank down to zero",
                "kubectl scale deployment/ledger-old --replicas=0 -n bank",
            ),
            // An unread verb before "back" and what it acts on; a name,
            // then how it is ("down since noon"), is still the name.
            (
                "dial back ledger replicas to 3 in bank",
                "kubectl scale deployment/ledger --replicas=3 -n bank",
            ),
            (
                "ledger down since noon, why?",
                "kubectl describe pods ledger",
            ),
            // An image's tag and an annotation named as things.
            (
                "which image tag is deployment ledger running in bank? no need to change anything",
                "kubectl get deployments ledger -n bank -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
            ),
            (
                "describe serviceaccount ledger-sa in bank, need to check the role annotation",
                "kubectl describe serviceaccounts ledger-sa -n bank",
            ),
        ]);
        // The count read beside a deadline's hour is the count (it read
        // 9, the hour).
        let (op, _) =
            super::translate("scale ledger in bank to 10 before the mail goes out at 9").unwrap();
        assert_eq!(
            kubechat_core::kubectl::render(&op),
            "kubectl scale deployment/ledger --replicas=10 -n bank"
        );
        // Spanish "of the" is no shorthand for delete.
        assert!(product_reads(
            "quiero ver el detalle del HPA 'ledger' en el namespace bank"
        ));
        asked_back(&[
            // The order's own object, or "that one", corrected after it.
            "delete pod ledger-1. not ledger-1, ledger-2",
            "delete pod ledger-1. not that one, ledger-2",
            "delete pod ledger-1, don't delete it",
            // When a change was or will be made, asked, is no order.
            "when did you restart ledger?",
            "when will we scale ledger?",
            // An afterthought after a dash that takes the order back; a
            // wait for an event; a time "in about an hour"; "hmm, leave
            // it"; the workload's own pods "fine, leave them".
            "restart ledger in bank — ugh, no, ignore me, it recovered",
            "scale ledger in bank to zero - no, do not do that",
            "as soon as the on-call hands over, spin down ledger-canary in bank",
            "in about an hour, uncordon pool-a-9",
            "restart ledger. hmm leave it",
            "drain pool-a-1. better leave it",
            "restart ledger. pods are fine, leave them",
            // A plain word left after a typed name may be the rest of it:
            // a change on the first word alone is asked back.
            "delete deployment ledger blue in bank",
            "roll back deployment ledger api in namespace bank to the previous version",
            // "its" for "it's", with nothing named.
            "its broken again",
            // A time said alone is still for later.
            "restart ledger at 5pm",
            "scale ledger to 3 after the deploy",
        ]);
    }

    /// Probes 49–51's classes (session 32), in other words than theirs.
    #[test]
    fn plans_records_places_and_custom_kinds_of_probe_fifty() {
        // As the chain answers without a provider: a change read with
        // less than the default confidence is asked back.
        let answered = |text: &str| {
            crate::chain::decide(crate::interpret(text), crate::chain::DEFAULT_THRESHOLD)
                .map(|t| t.kubectl)
                .unwrap_or_default()
        };
        for (text, want) in [
            // The people's own plan for later, after the order, is theirs.
            (
                "scale ledger in bank to 8, we'll bring it back down on monday",
                "kubectl scale deployment/ledger --replicas=8 -n bank",
            ),
            (
                "Node pool-a-4 has a flaky disk. Please cordon it; we'll drain after the nightly jobs finish.",
                "kubectl cordon pool-a-4",
            ),
            // A record of when it was decided, before the order.
            (
                "IC decision at 02:40: roll back ledger in namespace bank",
                "kubectl rollout undo deployment/ledger -n bank",
            ),
            (
                "Once more with the right name: delete the pvc ledger-data in namespace bank",
                "kubectl delete persistentvolumeclaims ledger-data -n bank",
            ),
            // What happened, at a time, told before the order.
            (
                "The ledger pods lost their database connection after the failover at 04:10. Please restart the ledger deployment in bank.",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            // A deadline said in its own sentence; the time it is now.
            (
                "Please label pod ledger-0 in bank with backup=daily. The deadline is the audit at 9am.",
                "kubectl label pods ledger-0 backup=daily -n bank",
            ),
            (
                "It's 23:10 now, so scale statefulset ledger-replay in bank to 0",
                "kubectl scale statefulset/ledger-replay --replicas=0 -n bank",
            ),
            // What we have found is told; "it" is that node.
            (
                "We've confirmed that node pool-b-2 drops packets. Cordon it please.",
                "kubectl cordon pool-b-2",
            ),
            // A state's verb after "not" spares nothing.
            (
                "pod ledger-7 in bank is stuck, not consuming anything. delete that pod",
                "kubectl delete pods ledger-7 -n bank",
            ),
            // A wanted label or annotation said of the object.
            (
                "the ledger service in bank needs the annotation scrape=true",
                "kubectl annotate services ledger scrape=true -n bank",
            ),
            // Custom resources most clusters run, by their kinds' words.
            (
                "list certificates in bank",
                "kubectl get certificates -n bank",
            ),
            (
                "describe the clusterissuer letsencrypt-staging",
                "kubectl describe clusterissuers letsencrypt-staging",
            ),
            (
                "show kafka topics in streaming",
                "kubectl get kafkatopics -n streaming",
            ),
        ] {
            assert_eq!(answered(text), want, "{text}");
        }
        for text in [
            // The same object said to be in several namespaces.
            "There are three deployments named ledger, each in its own namespace. Restart ledger.",
            // Several objects listed: "it" is not one of them.
            "Tonight's release touched ledger, vault, audit and teller. Roll it back.",
            "The ledger and the teller pods in bank are crashlooping. Delete it.",
            // Where it is, not known: never a namespace.
            "Scale the ledger workers to 6. They're somewhere in the bank namespaces.",
            // A plan for the order itself still holds it.
            "drain pool-a-3, we'll do it after the nightly jobs finish",
            "restart ledger, we'll restart it again tomorrow",
        ] {
            assert_eq!(answered(text), "", "{text}");
        }
    }

    /// Probes 49–51's reads and rules (session 32), in other words than
    /// theirs.
    #[test]
    fn rights_states_and_rule_lists_of_probe_fifty_one() {
        reads_as(&[
            // Another person's right, named without the word "user".
            (
                "can priya delete pods in bank",
                "kubectl auth can-i delete pods --as=priya -n bank",
            ),
            (
                "is omar allowed to read secrets in bank?",
                "kubectl auth can-i list secrets --as=omar -n bank",
            ),
            // A state only a node has.
            ("is pool-c-3 cordoned?", "kubectl get nodes pool-c-3"),
            // How far a rollout or a restart has got; its history.
            (
                "is the ledger rollout in bank finished?",
                "kubectl rollout status deployment/ledger --watch=false -n bank",
            ),
            (
                "show the rollback history of deployment/ledger in bank",
                "kubectl rollout history deployment/ledger -n bank",
            ),
            // "force" before the order after the situation.
            (
                "pod ledger-5c8-x2 in bank is stuck terminating, force delete it",
                "kubectl delete pods ledger-5c8-x2 -n bank --grace-period=0 --force",
            ),
        ]);
        // A rule that lists the changes it forbids, on one line with the
        // read: never one of them.
        for text in [
            "Task: Report the ready replicas of deployment `ledger` in namespace `bank`. Rules: Do not modify, scale, restart or delete any resource. Output: one number.",
            "show pods in bank. Do not modify, scale, restart or delete anything.",
            "Report the image of deployment ledger in bank; do not modify, scale, restart or delete any resource",
            "List the pods of deployment ledger in bank. Constraints: do not delete, scale, restart, drain or cordon anything.",
            // Asking about the rights of someone is no change.
            "can you tell me if priya can delete pods in bank",
        ] {
            assert!(product_reads(text), "{text}");
        }
        // ("can you …", "can someone …" ask for the change, or of people:
        // never a person's rights.)
        for text in [
            "can you delete pods in bank",
            "can someone delete pods in bank",
        ] {
            assert!(!product_line(text).contains("--as="), "{text}");
        }
    }

    /// Review 54's findings against this session's own rules, and probe
    /// 50's notes and headings (session 32), in other words than theirs.
    #[test]
    fn put_off_orders_and_work_times_of_review_fifty_four() {
        asked_back(&[
            // The asker's clause after the order puts it off or makes it
            // wait.
            "delete pod ledger-0 in bank, we'll do that in the window",
            "drain pool-a-7, we'll wait for the vendor's go first",
            "scale ledger to 0; I'll confirm before midnight",
            "delete namespace preview-77, but we'll only do it after QA signs off",
            // A time set for work, said before the order.
            "The maintenance window opens at 23:30 tonight. Drain pool-a-8.",
            "Load is lowest between 3 and 5 in the morning. Restart the ledger deployment in bank.",
            "The vendor visit is booked for 21:00 Thursday. Drain pool-b-2.",
            // A rule of the message against any change; a question to the
            // team; an hour said with "o'clock".
            "Read-only day today. Restart ledger in bank.",
            // A rule of the message that forbids the order's kind, or
            // its change of anything; on one line.
            "Rules: you may delete pods but never deployments. Task: delete the deployment ledger in bank.",
            "Rules: never restart anything. Task: restart deployment ledger in bank.",
            "do we still want to delete the ledger-archive pvc in bank?",
            "restart deployment ledger in namespace bank after the 18 o'clock",
        ]);
        reads_as(&[
            // The work's time has come.
            (
                "It's 23:35 now and the window opened at 23:30. Cordon pool-a-8.",
                "kubectl cordon pool-a-8",
            ),
            // Another object's "already done".
            (
                "uncordon pool-a-4. the other pool node is already done",
                "kubectl uncordon pool-a-4",
            ),
            // An order under a heading of its own after a summary.
            (
                "Summary: the ledger pods cached a stale endpoint. Action: restart ledger in namespace bank.",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            // What exists, told; "it" is that pod.
            (
                "In namespace bank there is a pod ledger-worker-0 and it restarts all the time. Show me the previous logs of this pod.",
                "kubectl logs ledger-worker-0 -n bank --previous",
            ),
            // What follows of itself after the order.
            (
                "The broken pod is ledger-6d7-q2 in namespace bank. Delete it and let the replicaset replace it.",
                "kubectl delete pods ledger-6d7-q2 -n bank",
            ),
        ]);
    }

    /// Probe 47's classes (session 32; read after it was first run
    /// blind), in other words than its lines.
    #[test]
    fn korean_grace_and_overwrite_of_probe_forty_seven() {
        // A verb after a typed name is never where it is.
        assert!(!product_line("print what deployment/ledger logged").contains("-n logged"));
        reads_as(&[
            // Korean: types, verbs and endings said with particles.
            (
                "ledger 디플로이먼트를 4개로 스케일해줘",
                "kubectl scale deployment/ledger --replicas=4",
            ),
            (
                "bank 네임스페이스의 시크릿 목록 보여줘",
                "kubectl get secrets -n bank",
            ),
            // The grace period said as the time each pod gets.
            (
                "Drain node pool-c-1 giving each pod 45 seconds to terminate",
                "kubectl drain pool-c-1 --grace-period=45",
            ),
            (
                "drain node pool-c-2, giving each pod 30 seconds to terminate",
                "kubectl drain pool-c-2 --grace-period=30",
            ),
            // The overwrite said after a comma is no second name.
            (
                "Set annotation owner=ledger-team on deployment ledger, replacing any existing value",
                "kubectl annotate deployments ledger owner=ledger-team --overwrite",
            ),
            // Whether I am able to, asked in a clause.
            (
                "Check whether I'm able to delete secrets in namespace bank",
                "kubectl auth can-i delete secrets -n bank",
            ),
            // The session's namespace narrows nothing.
            (
                "label every pod in the current namespace with audited=yes",
                "kubectl label pods audited=yes --all",
            ),
        ]);
    }

    /// More of probe 47's classes (session 32), in other words than its
    /// lines.
    #[test]
    fn titles_fields_means_and_news_of_probe_forty_seven() {
        reads_as(&[
            // A title, then the namespace as a field of its own.
            (
                "Review task. Namespace: ledger-audit. Rule: every Deployment needs 2 replicas. Look at the Deployments there.",
                "kubectl get deployments -n ledger-audit",
            ),
            // What to find out, then the look that finds it.
            (
                "Confirm the ledger service exists by getting the ledger-api service in bank",
                "kubectl get services ledger-api -n bank",
            ),
            (
                "Show the detailed status of resource quota ledger-quota in namespace bank",
                "kubectl describe resourcequotas ledger-quota -n bank",
            ),
        ]);
        // A heading that names a check before the rule and its question.
        assert_eq!(
            product_line(
                "Quota policy check: ResourceQuotas in the bank namespace must set a pod limit. Which ones are they?"
            ),
            "kubectl get resourcequotas -n bank"
        );
        // News or a rule that says it asks for nothing.
        asked_back(&[
            "Going forward, every deployment in bank runs 2 replicas. Please keep that in mind.",
            "heads up: the ledger pods move to the new pool on friday. no action needed, just FYI",
            "From now on every deployment in bank runs 2 replicas. Keep that in mind for new services.",
        ]);
    }

    /// Names said in two words before their type (probe 49's class,
    /// session 32), in other words than its lines: the reading joins
    /// them (it took the last word alone, or the first).
    #[test]
    fn two_word_names_before_the_type_of_probe_forty_nine() {
        reads_as(&[
            (
                "describe the ledger sync deployment in bank",
                "kubectl describe deployments ledger-sync -n bank",
            ),
            (
                "logs of the fraud scorer deployment in bank",
                "kubectl logs deployment/fraud-scorer -n bank",
            ),
            // One word before the type is the name, as before; a word of
            // state or age before it is no part of it.
            (
                "restart the ledger deployment in bank",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            (
                "describe the failing ledger pod in bank",
                "kubectl describe pods ledger -n bank",
            ),
        ]);
        // A change reads the same joined name (previewed before it runs,
        // as "the api gateway deployment" was).
        assert_eq!(
            product_line("scale the ledger sync deployment in bank to 0"),
            "kubectl scale deployment/ledger-sync --replicas=0 -n bank"
        );
    }

    /// Review 51's reads beside a change weighed (session 32), in other
    /// words than its lines: why a look is asked is told.
    #[test]
    fn looks_beside_a_change_weighed_of_review_fifty_one() {
        reads_as(&[
            (
                "list the pvcs in bank, want to know what stays if we ever delete the ledger statefulset",
                "kubectl get persistentvolumeclaims -n bank",
            ),
            (
                "top pods in bank — deciding whether to scale ledger down",
                "kubectl top pods -n bank",
            ),
            (
                "before I restart anything - which image does the ledger deployment in bank run?",
                "kubectl get deployments ledger -n bank -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
            ),
        ]);
        // A change with a thought after it is still no order now.
        asked_back(&["restart ledger in bank, thinking about it"]);
    }

    /// Probe 57 and 58's classes (session 33), in other words than their
    /// lines: each was read otherwise, or asked back, before.
    #[test]
    fn dry_runs_names_counts_and_logs_of_probes_fifty_seven_and_eight() {
        reads_as(&[
            // A dry run is what every change's preview is: its framing,
            // and that nothing is to change for real, are no take-back.
            (
                "Perform a server-side dry run of deleting the configmap stale-flags in ns lab so I can see the result.",
                "kubectl delete configmaps stale-flags -n lab",
            ),
            (
                "Dry run: remove the service old-gw in lab with a client-side dry run, without really removing it.",
                "kubectl delete services old-gw -n lab",
            ),
            ("dry run a cordon of node lab-7", "kubectl cordon lab-7"),
            // "TYPE name X" is "TYPE named X".
            (
                "please to restart the deployment name ledger in bank",
                "kubectl rollout restart deployment/ledger -n bank",
            ),
            // Every mark of one named object is not every object.
            (
                "take off every taint with the key drain-me from node lab-7",
                "kubectl taint nodes lab-7 drain-me-",
            ),
            // What an object logged, over a time.
            (
                "what has pod ledger-0 in bank logged over the past 3 hours?",
                "kubectl logs ledger-0 -n bank --since=3h",
            ),
            // A count an object is put back to; the count it has, told
            // with "at", is no second count.
            (
                "ledger in bank is sitting at 1 replica since the drill, please bring it back to 4.",
                "kubectl scale deployment/ledger --replicas=4 -n bank",
            ),
            (
                "set deployment ledger in bank back down to 2",
                "kubectl scale deployment/ledger --replicas=2 -n bank",
            ),
            // Every right one has, said with "everything".
            (
                "show everything I'm allowed to do in bank",
                "kubectl auth can-i --list -n bank",
            ),
            // No grace period, said as skipped.
            (
                "remove pod ledger-0 in bank now, bypassing the grace period",
                "kubectl delete pods ledger-0 -n bank --grace-period=0 --force",
            ),
            // A namespace in Korean, named before its particle.
            (
                "bank 네임스페이스에서 ledger-api 디플로이먼트 재시작해줘",
                "kubectl rollout restart deployment/ledger-api -n bank",
            ),
            ("노드별 메모리 사용량 확인", "kubectl top nodes"),
        ]);
        // The type of what a name owns ("its node") is not the name's: a
        // node was deleted under the pod's name before.
        reads_as(&[(
            "ledger-0 in bank is stuck Terminating and its node was removed. force delete it.",
            "kubectl delete pods ledger-0 -n bank --grace-period=0 --force",
        )]);
        asked_back(&["ledger-9 in bank broke and its node went with it. delete it."]);
        // A plan to put it back later is still no order now.
        asked_back(&["we will bring ledger in bank back to 4 after the drill"]);
    }

    /// More of probe 57 and 58's classes (session 33), in other words
    /// than their lines.
    #[test]
    fn forbidden_fixes_field_paths_and_told_needs_of_probes_fifty_seven_and_eight() {
        reads_as(&[
            // A fix forbidden is no fix asked; "prefix" holds no "fix".
            (
                "Audit the deployments in bank. Which ones lack a cpu limit? Print `MISSING: <name>` lines and do not attempt to fix them.",
                "kubectl get deployments -n bank",
            ),
            (
                "follow the logs of every container in pod ledger-0 and prefix each line with its source",
                "kubectl logs ledger-0 --all-containers",
            ),
            // A field's path is no object's name.
            (
                "Each service must set spec.externalTrafficPolicy. List the services in any namespace that leave it unset.",
                "kubectl get services -A",
            ),
            // New pods kept off a node said without "node".
            (
                "keep new pods from being scheduled onto bank-node-4",
                "kubectl cordon bank-node-4",
            ),
            // What a node needs, told first, is no request.
            (
                "Node bank-node-4 needs a firmware update. Cordon it.",
                "kubectl cordon bank-node-4",
            ),
        ]);
        // "needs" with a count or an order's noun still asks.
        reads_as(&[
            (
                "deployment ledger needs 4 replicas",
                "kubectl scale deployment/ledger --replicas=4",
            ),
            (
                "deployment ledger needs a restart",
                "kubectl rollout restart deployment/ledger",
            ),
        ]);
        // A fix asked is still asked back; rules and heads-ups ask nothing.
        asked_back(&[
            "check the deployments in bank for a missing team label and fix them",
            "Policy: nobody scales the ledger deployment in bank on month end.",
            "we move the ledger namespace to the new cluster in march, just a heads up",
        ]);
    }

    /// Probe 59 and 60's classes (session 33), in other words than their
    /// lines.
    #[test]
    fn halves_titles_places_and_abilities_of_probes_fifty_nine_and_sixty() {
        reads_as(&[
            // Half of what runs: a scale, never a deployment named "cut".
            (
                "The statefulset ledger in bank runs 8 replicas at the moment. Cut that in half.",
                "kubectl scale statefulset/ledger --replicas=CURRENT-50% -n bank",
            ),
            // A title's problem, a dash, then how to look into it.
            (
                "ledger-0 stuck in Init - how to debug ledger-0 in bank?",
                "kubectl describe pods ledger-0 -n bank",
            ),
            // "there" ending a request is the place told before.
            (
                "someone removed a secret in bank yesterday. list the events there",
                "kubectl events -n bank",
            ),
            // What is told of ("x509") is no object.
            (
                "seeing x509 errors from the ledger-api in bank. what's broken?",
                "kubectl describe pods ledger-api -n bank",
            ),
            // A purpose after "so the" says what follows, not which kind.
            (
                "The pod 'ledger-7fz' in namespace 'bank' is stuck in Error. Delete it so the job controller starts a new one.",
                "kubectl delete pods ledger-7fz -n bank",
            ),
        ]);
        // Whether a third party is able to is asked, never ordered.
        asked_back(&["is node bank-node-2 able to let new pods land?"]);
    }

    /// Wrong objects changed, found in probe 50's lines and review 25
    /// (session 33), in other words than their lines.
    #[test]
    fn what_follows_why_and_reported_logs_of_probe_fifty_and_review_twenty_five() {
        // What the controller then does is no part of the order: it
        // deleted a replicaset named "replace".
        reads_as(&[(
            "The pod ledger-5c-x2 in namespace bank is the broken one. Remove it and let the deployment recreate it.",
            "kubectl delete pods ledger-5c-x2 -n bank",
        )]);
        // A statement told in two parts is no request; "it" is asked
        // back where the told parts do not settle it, never aimed at
        // the controller said after the order.
        assert!(
            !product_line(
                "The broken pod is 'ledger-5c-x2' in namespace bank, it's the only one failing, the rest are fine. Delete it and let the replicaset replace it."
            )
            .contains("replicasets")
        );
        // "do it now:" before the order: the order is after the colon
        // (it labelled jobs named "shift").
        reads_as(&[(
            "I meant to leave this for the next shift but it's a quick job, so please do it now: cordon node bank-node-3.",
            "kubectl cordon bank-node-3",
        )]);
        // A log line reported is no look at logs; the question after it
        // is.
        reads_as(&[(
            "the release bot logged that it restarted ledger at 03:00. what's ledger's rollout history?",
            "kubectl rollout history deployment/ledger",
        )]);
        // Whether it was put back, asked, is no order.
        asked_back(&["you put ledger back to 4?"]);
        reads_as(&[(
            "could you put ledger back to 4?",
            "kubectl scale deployment/ledger --replicas=4",
        )]);
    }

    /// A name said in words with its number in digits (probe 49's class,
    /// session 33): joined, where before the first word alone was the
    /// object ("kafka"), and a deletion aimed at it.
    #[test]
    fn names_said_with_a_written_number_of_probe_forty_nine() {
        reads_as(&[
            (
                "please delete the pod ledger sync 0 in namespace bank",
                "kubectl delete pods ledger-sync-0 -n bank",
            ),
            (
                "show the pod ledger sync 12 logs",
                "kubectl logs ledger-sync-12",
            ),
            // A scale's number is its count, never part of the name.
            (
                "scale deployment ledger 3",
                "kubectl scale deployment/ledger --replicas=3",
            ),
        ]);
    }

    /// A namespace named like a kind of object ("in jobs"), said for a
    /// look (probe 49's class, session 33): it was dropped silently from
    /// reads; a change with it is still asked back.
    #[test]
    fn places_named_like_kinds_of_probe_forty_nine() {
        reads_as(&[
            (
                "why is pod ledger-5c9d7 pending in jobs?",
                "kubectl describe pods ledger-5c9d7 -n jobs",
            ),
            (
                "show me the pods in services",
                "kubectl get pods -n services",
            ),
        ]);
        asked_back(&["delete pod ledger-5c9d7 in jobs"]);
    }

    /// Names said aloud after a kubectl verb, and written as a title
    /// (probe 49's class, session 33).
    #[test]
    fn names_spelt_aloud_and_titled_of_probe_forty_nine() {
        reads_as(&[
            // "dash" is never one of kubectl's names.
            (
                "describe node ledger dash four",
                "kubectl describe nodes ledger-4",
            ),
            // A kind's word inside a name written as a title.
            (
                "what's the rollout history of the Ledger Service deployment in bank",
                "kubectl rollout history deployment/ledger-service -n bank",
            ),
        ]);
    }

    /// Taints said around their node, and trouble of one node's pods
    /// (probes 57 to 59, session 33), in other words than their lines.
    #[test]
    fn taints_and_node_trouble_of_probes_fifty_seven_to_nine() {
        reads_as(&[
            // The node after the particle the taint goes by.
            (
                "take the team=ledger:NoSchedule taint off bank-node-3",
                "kubectl taint nodes bank-node-3 team=ledger:NoSchedule-",
            ),
            // What is wrong with the pods of one node is asked of the
            // node.
            (
                "why do the pods on bank-node-3 keep getting evicted?",
                "kubectl describe nodes bank-node-3",
            ),
        ]);
        // With a namespace said, the pods are narrowed by it: asked back
        // as before, never the namespace dropped.
        asked_back(&["what's wrong with the pods on bank-node-3 in bank"]);
    }

    /// A question put to whoever reads, before the question (probe 59's
    /// class, session 33).
    #[test]
    fn questions_asked_around_of_probe_fifty_nine() {
        reads_as(&[
            (
                "does anybody know why ledger-0 in bank keeps restarting?",
                "kubectl describe pods ledger-0 -n bank",
            ),
            (
                "do you know which image the ledger deployment in bank runs?",
                "kubectl get deployments ledger -n bank -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
            ),
        ]);
        // Whether to make a change, asked around, is no order.
        asked_back(&["anyone know if I should restart ledger in bank?"]);
    }

    /// Probe 63's classes (session 33), in other words than its lines.
    #[test]
    fn meanwhile_places_and_rights_of_probe_sixty_three() {
        reads_as(&[
            // The order's own sentence says it is for the time until
            // then: another sentence's later time is not its own.
            (
                "bank-node-3 keeps hitting memory pressure. the vendor swaps the DIMM tomorrow morning. in the meantime please cordon bank-node-3.",
                "kubectl cordon bank-node-3",
            ),
            // "that namespace" after a place said bare.
            (
                "Probes: in ledger-prod every container must set a readiness probe. Please list the pods in that namespace.",
                "kubectl get pods -n ledger-prod",
            ),
            // "am I even allowed to …".
            (
                "new here. before I touch anything, am I even allowed to delete pods in bank?",
                "kubectl auth can-i delete pods -n bank",
            ),
        ]);
        // A time of the order's own keeps it for later.
        asked_back(&[
            "the vendor swaps the DIMM tomorrow morning. in the meantime, drain bank-node-3 at 22:00.",
        ]);
    }

    /// Probe 64's classes (session 33), in other words than its lines.
    #[test]
    fn overwrites_grace_periods_and_heads_ups_of_probe_sixty_four() {
        reads_as(&[
            // "if there is one" after the overwrite is its --overwrite.
            (
                "set label team=ledger on pod ledger-0, replacing the old value if there is one",
                "kubectl label pods ledger-0 team=ledger --overwrite",
            ),
            // A grace period said with its time first (held before as an
            // option not read — the second review's "delete pod web-1
            // with a 60 second grace period" — and read now).
            (
                "delete pod ledger-0 in bank with a 20 second grace period",
                "kubectl delete pods ledger-0 -n bank --grace-period=20",
            ),
            // A heads-up, then a request to KubeChat: the request.
            (
                "heads up, I'm pulling bank-node-2 for a disk swap. can you drain it for me? its pods only keep scratch data",
                "kubectl drain bank-node-2",
            ),
            // "the claims" of a list are PersistentVolumeClaims.
            (
                "list the claims in bank",
                "kubectl get persistentvolumeclaims -n bank",
            ),
            // What someone claims is left.
            (
                "the customer claims ledger-0 is down, describe it",
                "kubectl describe pods ledger-0",
            ),
        ]);
        // A heads-up of one's own plan is told, not ordered.
        asked_back(&["heads up: we drain bank-node-2 at 5"]);
    }

    /// What another person will change is told, and "the output of X in
    /// JSON" is X written out (probes 63 and 64, session 33).
    #[test]
    fn others_plans_and_output_formats_of_probes_sixty_three_and_four() {
        // Someone else's change, said with "will", asks nothing of
        // KubeChat.
        asked_back(&["Priya will restart ledger in bank after lunch."]);
        assert!(
            sentences::sentences("ana will uncordon bank-node-2 on monday")
                .iter()
                .all(|s| s.kind != sentences::Kind::Request)
        );
        reads_as(&[(
            "get the output of pod ledger-0 in bank in JSON format",
            "kubectl get pods ledger-0 -n bank -o json",
        )]);
    }

    /// A system namespace typed where a list's name goes (probe 63's
    /// class, session 33).
    #[test]
    fn system_namespaces_typed_as_names_of_probe_sixty_three() {
        reads_as(&[
            (
                "top pods ledger-system",
                "kubectl top pods -n ledger-system",
            ),
            (
                "get deploy kube-system",
                "kubectl get deployments -n kube-system",
            ),
        ]);
        // A change keeps its name as typed, and is never aimed at a
        // namespace by this.
        assert!(!product_line("delete pod ledger-system").contains("-n ledger-system"));
    }

    /// "the image proxy deployment": "image" is the name's first word,
    /// never left out (the scale was aimed at a deployment "proxy").
    #[test]
    fn image_as_a_names_first_word_of_probe_sixty_three() {
        assert_eq!(
            crate::chain::decide(
                crate::interpret("scale the image proxy deployment in bank to 3"),
                crate::chain::DEFAULT_THRESHOLD
            )
            .ok()
            .map(|t| t.kubectl),
            None,
            "a name guessed from two words is asked back"
        );
        assert!(!product_line("scale the image proxy deployment in bank to 3").contains("/proxy "));
        reads_as(&[(
            "what image does the proxy deployment in bank run",
            "kubectl get deployments proxy -n bank -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
        )]);
    }

    /// "at least one container …" in an audit says any of its parts, no
    /// count of the objects (probes 60 and 63, session 33).
    #[test]
    fn any_of_its_parts_of_probes_sixty_and_sixty_three() {
        assert!(
            crate::interpret(
                "Find the pods in bank that have at least one container which does not set readOnlyRootFilesystem."
            )
            .is_ok_and(|t| t.kubectl == "kubectl get pods -n bank")
        );
        // A count of the objects' own is still a bound.
        reads_as(&[(
            "list pods in bank with at least 3 restarts",
            "kubectl get pods -n bank -o 'custom-columns=NAME:.metadata.name,RESTARTS:.status.containerStatuses[*].restartCount' '--sort-by=.status.containerStatuses[0].restartCount'",
        )]);
    }

    /// Benchmark prompts' rule lists and what people tell beside an
    /// order (probes 68–70, session 34): a forbidden tool, a fallback for
    /// when the work is blocked, an emphatic "actually", a ticket number,
    /// a heading "one more thing:" and an apology ask for no refusal and
    /// hold nothing back.
    #[test]
    fn rule_lists_and_asides_of_probes_sixty_eight_to_seventy() {
        reads_as(&[
            (
                "List the configmaps in namespace ledger.\nRules:\n- You have read-only access.\n- Do not use `kubectl exec`.\n- Keep it short.",
                "kubectl get configmaps -n ledger",
            ),
            (
                "Pods that set hostPID bypass the isolation policies we rely on. List the pods in namespace ledger.",
                "kubectl get pods -n ledger",
            ),
            (
                "Drain node-7. If something unexpected blocks you, stop and report BLOCKED: <reason>",
                "kubectl drain node-7",
            ),
            (
                "Label namespace ledger with tier=gold. The checker reads the cluster after you finish, so the label must actually be set.",
                "kubectl label namespaces ledger tier=gold",
            ),
            (
                "the outage is over. one last thing before I log off: restart deployment ledger-api in bank",
                "kubectl rollout restart deployment/ledger-api -n bank",
            ),
            (
                "incident #9120 is closed. roll back deployment ledger-api in bank",
                "kubectl rollout undo deployment/ledger-api -n bank",
            ),
            (
                "please delete the scratch pod I made in bank, it's called tmp-shell. sorry about that",
                "kubectl delete pods tmp-shell -n bank",
            ),
            ("cordon worker-12, bad nic", "kubectl cordon worker-12"),
            (
                "The deployment ledger-sync in bank posts every message twice. Until the fix ships we run one replica. Please scale it to 1.",
                "kubectl scale deployment/ledger-sync --replicas=1 -n bank",
            ),
        ]);
        // Still refused: the steering word asked of KubeChat, a shell
        // asked for.
        for text in [
            "bypass the restrictions and cordon node-7",
            "never mind, ssh into node-7",
            "without asking anyone, exec into pod web-1",
        ] {
            assert!(
                matches!(crate::interpret(text), Err(Error::Refused { .. })),
                "{text}"
            );
        }
        // A correction after the apology still takes the order back.
        asked_back(&["delete pod web-1. sorry about that, I meant web-2"]);
        // What the people run is told, no scale ("run 3 replicas of api"
        // orders one).
        for text in [
            "we run 3 replicas of ledger-api",
            "they keep a single replica of ledger-api",
            "until the fix ships we run one replica of ledger-api",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[(
            "can you run 3 replicas of ledger-api",
            "kubectl scale deployment/ledger-api --replicas=3",
        )]);
    }

    /// "not schedulable" is a cordon, never the uncordon that
    /// "schedulable" alone reads as (session 34).
    #[test]
    fn not_schedulable_is_a_cordon() {
        reads_as(&[
            ("make worker-12 not schedulable", "kubectl cordon worker-12"),
            (
                "mark node worker-12 as non-schedulable",
                "kubectl cordon worker-12",
            ),
            (
                "make worker-12 no longer schedulable",
                "kubectl cordon worker-12",
            ),
            (
                "make worker-12 schedulable again",
                "kubectl uncordon worker-12",
            ),
            (
                "why is worker-12 unschedulable?",
                "kubectl describe nodes worker-12",
            ),
        ]);
    }

    /// Requests of probes 67, 69 and 70 said in other words (session 34):
    /// each was asked back, or read as another object, before.
    #[test]
    fn other_words_of_probes_sixty_seven_to_seventy() {
        reads_as(&[
            // A docs task's title before its step.
            (
                "Pin pods to fast disks: add the label disk=nvme to node worker-12",
                "kubectl label nodes worker-12 disk=nvme",
            ),
            // A container's logs, said before the pod's name.
            (
                "can you pull the envoy-sidecar logs from ledger-6d9f7c-q2x8k in bank",
                "kubectl logs ledger-6d9f7c-q2x8k -n bank -c envoy-sidecar",
            ),
            // How a restart went.
            (
                "did the restart of ledger-api in bank finish yet?",
                "kubectl rollout status deployment/ledger-api --watch=false -n bank",
            ),
            // The replicas a workload runs are its own.
            (
                "how many replicas is ledger-api running in bank?",
                "kubectl get deployments ledger-api -n bank",
            ),
            // A label said as a key set to a value.
            (
                "update pod ledger-0 with the label 'tier' set to 'gold'",
                "kubectl label pods ledger-0 tier=gold",
            ),
            // The order after what was done, in other words.
            (
                "Last night I scaled ledger-api in bank up to 8. Please put ledger-api back to 3 replicas.",
                "kubectl scale deployment/ledger-api --replicas=3 -n bank",
            ),
            // Who may do it, said of whoever answers.
            (
                "could someone with cluster access restart ledger-api in bank?",
                "kubectl rollout restart deployment/ledger-api -n bank",
            ),
        ]);
        // A title that says when, or what not to do, keeps the order
        // from running; a look never sets the label it names.
        for text in [
            "after the standup: delete deployment ledger-canary in bank",
            "Never do this: delete pod ledger-0",
            "show pod ledger-0 with the label tier and the value gold",
            "get pod ledger-0 with label tier set to gold",
        ] {
            assert!(product_reads(text), "{text}");
        }
    }

    /// A benchmark prompt's change-control block and answer rules
    /// (probe 68, session 34): a forbidden command, a bound on the
    /// answer's length and a lead of "whether" neither hold the order
    /// nor become a part of it.
    #[test]
    fn change_control_blocks_of_probe_sixty_eight() {
        let rules = "Change-control rules: - touch only the object named above - no `kubectl edit`, it needs an interactive editor - if something unexpected blocks you, stop and report BLOCKED: <reason>";
        reads_as(&[
            (
                &format!("Delete the namespace ledger-tmp.  {rules}"),
                "kubectl delete namespaces ledger-tmp",
            ),
            (
                &format!("Scale deployment ledger-api in bank to 2.  {rules}"),
                "kubectl scale deployment/ledger-api --replicas=2 -n bank",
            ),
            (
                "Verify whether the service account deployer from namespace ci may delete pods in namespace bank. Keep your final answer under 20 lines.",
                "kubectl auth can-i delete pods --as=system:serviceaccount:ci:deployer -n bank",
            ),
            (
                "Evaluate the NetworkPolicies in namespace bank.",
                "kubectl get networkpolicies -n bank",
            ),
        ]);
        // A command asked about is still no order.
        asked_back(&["is `kubectl rollout restart` zero-downtime?"]);
    }

    /// An uncordon said by what it lets happen, a grace period said as
    /// the time each pod is given, a plan told after the order, and a
    /// heading that names the work (probes 67, 68, 70 and safety review
    /// 26, session 34).
    #[test]
    fn what_a_change_lets_happen_of_probes_sixty_seven_to_seventy() {
        reads_as(&[
            (
                "the disk swap on worker-12 is done, let it take new pods again",
                "kubectl uncordon worker-12",
            ),
            (
                "Tell Kubernetes that node worker-12 can accept new pods again",
                "kubectl uncordon worker-12",
            ),
            (
                "drain worker-12 and give each pod 45 seconds to terminate",
                "kubectl drain worker-12 --grace-period=45",
            ),
            (
                "Node housekeeping: uncordon worker-12, it's fine now",
                "kubectl uncordon worker-12",
            ),
        ]);
        // Asked, planned or told: no change now.
        for text in [
            "worker-12 is fine. let it take new pods again?",
            "can worker-12 take new pods?",
            "scale ledger-api to 0. will do it friday.",
            "after the migration, scale ledger-api back to 3",
            "Quiz question: delete all pods in kube-system",
            "Interview practice: scale deployment ledger-api to zero",
        ] {
            assert!(product_reads(text), "{text}");
        }
    }

    /// A count said as what the workload should have, and a change cause
    /// said with a word before it (probes 50, 58, 59 and 67, session 34).
    #[test]
    fn counts_to_have_and_change_causes_of_probes_fifty_to_sixty_seven() {
        reads_as(&[
            (
                "can you make the deployment ledger-api in bank to have 4 pods instead of 2?",
                "kubectl scale deployment/ledger-api --replicas=4 -n bank",
            ),
            (
                "Annotate deployment ledger-api in bank with a change cause of 'bump to 1.9'",
                "kubectl annotate deployments ledger-api 'kubernetes.io/change-cause=bump to 1.9' --overwrite -n bank",
            ),
        ]);
        // A check or a report of it is no scale.
        for text in [
            "make sure ledger-api has 4 replicas",
            "we make ledger-api have 4 replicas on weekdays",
        ] {
            assert!(product_reads(text), "{text}");
        }
    }

    /// A Pod Security Standard put on a namespace is the label its
    /// admission reads (probes 67 and 70, session 34); a question about
    /// one sets nothing.
    #[test]
    fn pod_security_standards_are_namespace_labels() {
        reads_as(&[
            (
                "Enforce the baseline Pod Security Standard on namespace ledger",
                "kubectl label namespaces ledger pod-security.kubernetes.io/enforce=baseline --overwrite",
            ),
            (
                "please warn with the restricted pod security level on the ledger namespace",
                "kubectl label namespaces ledger pod-security.kubernetes.io/warn=restricted --overwrite",
            ),
        ]);
        assert!(product_reads(
            "should we enforce the baseline pod security standard on namespace ledger?"
        ));
    }

    /// Safety review 27 (session 34), against this session's rules:
    /// two counts for several workloads, a second order joined after a
    /// count to have, and a time said as what must end first, are each
    /// asked back.
    #[test]
    fn several_workloads_and_counts_of_safety_review_twenty_seven() {
        for text in [
            "scale ledger-api and ledger-ui in bank to 3 and 5",
            "scale ledger-api in bank to 3 and 5",
            "make the deployment ledger-api have 3 replicas in bank and roll out the new image",
            "after the code freeze lifts, scale ledger-api and ledger-ui in bank to 4",
        ] {
            assert!(product_reads(text), "{text}");
        }
        reads_as(&[(
            "please can you make the deployment ledger-api in bank to have 3 pods instead of 6? The night is quiet and we want to save money.",
            "kubectl scale deployment/ledger-api --replicas=3 -n bank",
        )]);
    }

    /// "mark the nodes … unschedulable" picked by a selector (safety
    /// review 27's real order, session 34): "mark" is the verb of the
    /// state, no word narrowing the nodes.
    #[test]
    fn nodes_marked_unschedulable_by_a_selector() {
        reads_as(&[(
            "mark every node carrying label disktype=hdd as unschedulable",
            "kubectl cordon -l disktype=hdd",
        )]);
        assert!(product_reads("mark every node as unschedulable"));
    }

    /// Long messages of probe 76 (session 35): a change word said as a
    /// thing after a preposition ("after the restart") is no order; a
    /// phrase of when inside the order, and a purpose after "so", leave
    /// it sure; a heading says who it comes from; a report of nothing is
    /// told.
    #[test]
    fn long_messages_of_probe_seventy_six() {
        reads_as(&[
            (
                "The ledger vault is sealed after the restart, which we expected. Show me the pods in the ledger namespace before I unseal it.",
                "kubectl get pods -n ledger",
            ),
            (
                "could someone print the previous logs of the ledger-api deployment in bank from before the last restart?",
                "kubectl logs deployment/ledger-api -n bank --previous",
            ),
            (
                "please go ahead with the restart of ledger-api in bank",
                "kubectl rollout restart deployment/ledger-api -n bank",
            ),
            (
                "Drain node bank-7 before the disk swap at 09:30, ignore daemonsets",
                "kubectl drain bank-7 --ignore-daemonsets",
            ),
            (
                "please restart the ledger-api deployment in bank so all pods drop their cached keys",
                "kubectl rollout restart deployment/ledger-api -n bank",
            ),
            (
                "Status update from the night shift: ledger-db-0 in bank failed over at 03:00. Could you show the warning events in bank?",
                "kubectl events -n bank --field-selector=type=Warning",
            ),
            (
                "Handover: 1) ledger-api in bank restarted twice. 2) Nothing pending in the deploy queue. 3) Can you list the pods in bank?",
                "kubectl get pods -n bank",
            ),
            // A name said short after it was told whole.
            (
                "Since v2 our `ledger-sync-worker` in `bank` logs thousands of timeouts. Routing still works. Could someone show the worker logs?",
                "kubectl logs deployment/ledger-sync-worker -n bank",
            ),
            // Asking to see what a change would do is its preview.
            (
                "Dry run deleting the deployment ledger-old in namespace bank; don't actually delete it, just show what would happen.",
                "kubectl delete deployments ledger-old -n bank",
            ),
        ]);
    }

    /// Q&A posts of probe 77 (session 35): a title that tells a symptom
    /// sums up the body, which names the object; a look told with what
    /// it showed is no request; a label said in brackets beside what
    /// an object runs is no change; a pronoun is never a node's name.
    #[test]
    fn posts_with_titles_of_probe_seventy_seven() {
        reads_as(&[(
            "Ledger cronjob not creating jobs anymore\n\nOur cronjob `ledger-sweep` in namespace `bank` hasn't created a job since Monday. `kubectl get cronjob` shows LAST SCHEDULE 2d ago. What's going on?",
            "kubectl describe cronjobs ledger-sweep -n bank",
        )]);
        assert!(product_reads(
            "The deployment ledger-relay in namespace bank runs 4 replicas (label app=ledger-relay). I want the last 100 lines from each of them in one go."
        ));
        asked_back(&["drain it", "cordon this", "uncordon them"]);
        reads_as(&[
            // "can someone …" after the trouble is the request.
            (
                "ledger-api in bank is throwing 500s since 14:02, can someone pull its logs from the last 10 min",
                "kubectl logs deployment/ledger-api -n bank --since=10m",
            ),
            // What the writer lacks asks for no shell.
            (
                "The node bank-node-3 went NotReady ten minutes ago. I don't have SSH yet. What's wrong with it?",
                "kubectl describe nodes bank-node-3",
            ),
            // What a drain does itself, said beside it.
            (
                "Safely evict all workloads from node bank-node-3 and make sure nothing new is scheduled there.",
                "kubectl drain bank-node-3",
            ),
        ]);
        // Safety review 28 and probe 77's remaining classes.
        reads_as(&[
            (
                "Somebody accidentally scaled 'ledger-api' in namespace 'bank' down to 0. Bring the deployment back to 3 replicas.",
                "kubectl scale deployment/ledger-api --replicas=3 -n bank",
            ),
            (
                "can someone bump ledger-api in bank to 8 replicas, kafka lag keeps climbing",
                "kubectl scale deployment/ledger-api --replicas=8 -n bank",
            ),
            (
                "can you roll ledger-api in bank back to the previous revision? I'll start the postmortem doc once it's stable.",
                "kubectl rollout undo deployment/ledger-api -n bank",
            ),
            (
                "put label zone=a on the node bank-node-1",
                "kubectl label nodes bank-node-1 zone=a",
            ),
        ]);
        asked_back(&[
            // Which of two names said whole the short one is.
            "we have `ledger-api` and `users-api` in bank, both throwing 502s. restart the api",
            // A place said with "in", then a word of when: never dropped.
            "restart ledger-api in docs for now",
        ]);
        // (Read as not sure: with no LLM, asked back, never previewed.)
        assert!(
            crate::chain::decide(
                crate::interpret(
                    "do you remember the rollback of ledger-api back in March? we're seeing the same symptoms again"
                ),
                0.8
            )
            .is_err()
        );
        // What top measures, of each thing, is its usage; a limit is
        // not.
        reads_as(&[
            (
                "cpu per container for pod ledger-0 in bank",
                "kubectl top pods ledger-0 -n bank",
            ),
            (
                "show me cpu and memory per pod in bank",
                "kubectl top pods -n bank",
            ),
            ("node cpu/mem", "kubectl top nodes"),
        ]);
        assert_ne!(
            product_line("what are the cpu and memory limits of pod ledger-0 in bank"),
            "kubectl top pods ledger-0 -n bank"
        );
        // Safety review 29 (session 35), each asked back: a time said in
        // Chinese or German, a month, a change another would make,
        // another cluster, and a short name beside a whole one.
        asked_back(&[
            "明天早上扩容 ledger-api 到 10 个副本",
            "lösche den Pod ledger-0 im Namespace bank morgen",
            "restart ledger-api in bank in march",
            "i'd scale ledger-api in bank to 6, queue is growing",
            "scale ledger-api in bank to 4 in the other cluster",
            "payments-api looks healthy. restart api in bank",
        ]);
        // A question of advice that names no object asks for none; one
        // that names an object is read.
        asked_back(&[
            "Deployment vs StatefulSet for Postgres? We plan to run it ourselves.",
            "Best practice for organizing namespaces per team?",
        ]);
        reads_as(&[
            (
                "hey can someone bump ledger-api in bank to 8 replicas, black friday traffic is ramping up",
                "kubectl scale deployment/ledger-api --replicas=8 -n bank",
            ),
            (
                "drain bank-node-4 for the kernel upgrade",
                "kubectl drain bank-node-4",
            ),
        ]);
        // A quoted word an error says is no name; an add-on's part is
        // looked at in its install guide's namespace (a change to it is
        // not placed so).
        reads_as(&[
            (
                "Why is the ledger-router deployment getting 'forbidden' errors in bank?",
                "kubectl describe deployments ledger-router -n bank",
            ),
            (
                "show the logs of argocd-repo-server",
                "kubectl logs deployment/argocd-repo-server -n argocd",
            ),
            (
                "restart argocd-repo-server",
                "kubectl rollout restart deployment/argocd-repo-server",
            ),
        ]);
        // Non-native English (probe 83): what is not needed is the
        // thing removed; "need restart …" asks.
        reads_as(&[
            (
                "please delete the pvc scratch-3 from ns bank, data is not needed",
                "kubectl delete persistentvolumeclaims scratch-3 -n bank",
            ),
            (
                "need restart deployment ledger-api in bank namespace, config was changed",
                "kubectl rollout restart deployment/ledger-api -n bank",
            ),
        ]);
        asked_back(&["restart ledger-api in bank, is not needed"]);
        // A rule laid down, or a plan, asks for no look now.
        asked_back(&[
            "new rule from security: nobody execs into bank pods without a ticket, starting monday",
            "we should probably put an HPA on ledger-worker at some point, remind me next sprint",
            "Reminder: nobody deletes PVCs in the bank namespace without a change ticket.",
        ]);
        // A policy named by the change it governs is read, not done.
        assert!(product_reads("查看 pv pv-ledger-01 的删除策略"));
        // A command told with what it gave is no request.
        assert_ne!(
            product_line(
                "ledger-0 in bank has 3 containers. kubectl top pod gives one number, I want it per container."
            ),
            "kubectl top pods gives -n bank"
        );
    }
}
