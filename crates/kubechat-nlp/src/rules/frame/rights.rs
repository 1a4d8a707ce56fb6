//! Questions about the person's own rights (`auth can-i`).

use super::*;

/// "what can I do", "what am I allowed to do", "my permissions": a
/// question about every right the person has, claimed; where it ends.
pub(super) fn rights_asked(words: &mut Words) -> Option<usize> {
    const ASKS: [&str; 27] = [
        // "can I do anything in shop?", "check whether I can do
        // everything in my namespace".
        "can i do anything",
        "can i do everything",
        "whether i can do anything",
        "whether i can do everything",
        "if i can do anything",
        "if i can do everything",
        // "List everything I'm allowed to do in qa".
        "everything i am allowed to do",
        "everything i'm allowed to do",
        "everything i am permitted to do",
        "everything i can do",
        "i am allowed to do",
        "i'm allowed to do",
        "what i'm allowed to do",
        "allowed actions",
        "actions i am allowed",
        "what can i do",
        "what am i allowed to do",
        "what am i permitted to do",
        "what am i able to do",
        "what i can do",
        "what i am allowed to do",
        "what permissions do i have",
        "what access do i have",
        "what rights do i have",
        "my permissions",
        "my rights",
        "my access rights",
    ];
    // "do I have access to namespace prod": every right there.
    if let Some(at) = words.find_phrase("have access to")
        && matches!(words.get(at + 3), Some("namespace" | "ns"))
    {
        words.take_phrase("have access to");
        return Some(at + 2);
    }
    static SPLIT: std::sync::LazyLock<Vec<Phrase>> =
        std::sync::LazyLock::new(|| crate::rules::tokens::phrases(&ASKS));
    for phrase in SPLIT.iter() {
        let n = phrase.len();
        if let Some(at) = words.find_split(phrase) {
            // "what can I do about web-1", "… to fix it": help with a
            // problem, not a list of rights.
            if matches!(
                words.get(at + n),
                Some("about" | "to" | "with" | "for" | "if" | "when" | "so")
            ) {
                return None;
            }
            for k in at..at + n {
                words.mark(k);
            }
            return Some(at + n - 1);
        }
    }
    None
}

/// The right a "can I …" question asks about: the API action and, for a
/// right over part of an object ("exec into pods", "view logs"), the
/// subresource that RBAC grants apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Right {
    pub action: &'static str,
    pub subresource: Option<&'static str>,
}

/// "can I …", "am I allowed to …", "do I have permission to …", "check if
/// I can …": the lead and the action word claimed; returns the index of
/// the action word and the right it asks about.
/// "do i even have perms to", "if i still have the rights to": the
/// person's rights asked about in words the fixed leads do not hold
/// (a word of degree between, a short word for the rights). Where the
/// lead starts and how many words it takes.
fn rights_had(words: &Words) -> Option<(usize, usize)> {
    (0..words.len()).find_map(|i| {
        if !matches!(words.get(i), Some("do" | "if" | "whether")) || words.get(i + 1) != Some("i") {
            return None;
        }
        let mut j = i + 2;
        while matches!(
            words.get(j),
            Some("even" | "still" | "actually" | "really" | "already")
        ) {
            j += 1;
        }
        if !matches!(words.get(j), Some("have" | "got")) {
            return None;
        }
        j += 1;
        if words.get(j) == Some("the") {
            j += 1;
        }
        if !matches!(
            words.get(j),
            Some(
                "perms"
                    | "perm"
                    | "permission"
                    | "permissions"
                    | "rights"
                    | "right"
                    | "access"
                    | "privileges"
                    | "privs"
            )
        ) || words.get(j + 1) != Some("to")
        {
            return None;
        }
        Some((i, j + 2 - i))
    })
}

pub(super) fn can_i(words: &mut Words) -> Option<(usize, Right)> {
    const LEADS: &[&str] = &[
        "if i can",
        "whether i can",
        "if i am allowed to",
        "whether i am allowed to",
        // ("i'm" stays one word: sentence rules read it as said.)
        "if i'm allowed to",
        "whether i'm allowed to",
        "if im allowed to",
        "if i'm able to",
        "whether i'm able to",
        "if i am able to",
        "whether i am able to",
        "whether im able to",
        "if im able to",
        "can i",
        "could i",
        "may i",
        "am i allowed to",
        // "am I even allowed to delete pods in prod-core?".
        "am i even allowed to",
        "am i actually allowed to",
        "am i even able to",
        "am i permitted to",
        "am i able to",
        "am i authorized to",
        "am i authorised to",
        // Chat's spelling: "r i able to create pvcs", "do i have perms
        // to exec into pods".
        "r i able to",
        "r i allowed to",
        "do i have perms to",
        "do i have perm to",
        "do i have the perms to",
        "is it possible for me to",
        "do i have permission to",
        "do i have permissions to",
        "do i have the permission to",
        "do i have the permissions to",
        "do i have rights to",
        "do i have the rights to",
        "do i have the right to",
        "do i have access to",
        "if i have permission to",
        "whether i have permission to",
        "if i have permissions to",
        // Non-native: "check if I am having permission to delete pods".
        "if i am having permission to",
        "am i having permission to",
        "whether i am having permission to",
        "my permissions to",
        // "Check whether you can list secrets in dev": the assistant acts
        // as the person, so its rights are theirs.
        // "anyone know if my creds let me delete pvcs in archive?".
        "if my creds let me",
        "whether my creds let me",
        "my creds let me",
        "my credentials let me",
        "my permissions let me",
        "my role lets me",
        "my access lets me",
        "my token lets me",
        "check whether you can",
        "check if you can",
        "verify whether you can",
        "verify if you can",
    ];
    static SPLIT: std::sync::LazyLock<Vec<Phrase>> =
        std::sync::LazyLock::new(|| crate::rules::tokens::phrases(LEADS));
    let lead = SPLIT
        .iter()
        .find_map(|l| Some((words.find_split(l)?, l.len())))
        .or_else(|| rights_had(words))
        .or_else(|| allowed_asked(words))?;
    // "how can I delete all evicted pods": how a change is made, not
    // whether it is allowed.
    if matches!(
        words.get(lead.0.wrapping_sub(1)),
        Some("how" | "where" | "what" | "when")
    ) {
        return None;
    }
    let mut at = lead.0 + lead.1;
    // ("can i even cordon nodes", "am i actually allowed to …": how
    // sure, before the action.)
    while matches!(
        words.get(at),
        Some("even" | "actually" | "really" | "still" | "also" | "just")
    ) {
        at += 1;
    }
    // "can I see the logs of web-1" is a polite request; a read is a
    // question about rights only when asked as one ("am I allowed to
    // list secrets", "check if I can list pods").
    let polite = matches!(words.get(lead.0), Some("can" | "could" | "may"));
    let right = right_at(words, at, polite)?;
    for k in lead.0..=at {
        words.mark(k);
    }
    Some((at, right))
}

/// "check whether you are allowed to create deployments", "if we are
/// permitted to delete pods": whether the asker (or the assistant, who
/// acts as them) may; where the lead starts and how many words it takes.
fn allowed_asked(words: &Words) -> Option<(usize, usize)> {
    (0..words.len()).find_map(|i| {
        if !matches!(words.get(i), Some("if" | "whether")) {
            return None;
        }
        // ("if my user can to create pods": the asker's own account.)
        let mut j = match (words.get(i + 1), words.get(i + 2)) {
            (Some("i" | "you" | "we"), _) => i + 2,
            (Some("my"), Some("user" | "account")) => i + 3,
            _ => return None,
        };
        if words.get(j) == Some("can") {
            j += 1;
            if words.get(j) == Some("to") {
                j += 1;
            }
            // ("if I can" itself is a lead of its own, read before.)
            return (j > i + 3 || words.get(i + 1) == Some("my")).then_some((i, j - i));
        }
        if matches!(words.get(j), Some("am" | "are" | "is")) {
            j += 1;
        }
        if !matches!(
            words.get(j),
            Some("allowed" | "permitted" | "authorized" | "authorised" | "able")
        ) || words.get(j + 1) != Some("to")
        {
            return None;
        }
        Some((i, j + 2 - i))
    })
}

/// The right the word at `at` asks about ("list", "delete", "exec
/// into", "view logs"); the words after it that say a part of the object
/// are claimed. `polite`: asked as "can I …", where "see" and "get" ask
/// for the thing itself, not about a right.
fn right_at(words: &mut Words, at: usize, polite: bool) -> Option<Right> {
    // "exec into pods", "port-forward to web-1", "view logs": rights over
    // a part of the object, each granted apart from the object's own.
    let part = |sub| Right {
        action: "create",
        subresource: Some(sub),
    };
    let right = match words.free(at)? {
        "exec" => Some(part("exec")),
        "attach" => Some(part("attach")),
        "port-forward" | "portforward" => Some(part("portforward")),
        "port" if words.get(at + 1) == Some("forward") => {
            words.mark(at + 1);
            Some(part("portforward"))
        }
        // "am I able to view logs": not "can I see the logs of web-1",
        // which asks for them politely.
        "see" | "view" | "read" | "get" | "access" | "tail" | "check" if !polite => (at + 1
            ..(at + 4).min(words.len()))
            .find(|&k| matches!(words.get(k), Some("logs" | "log")))
            .map(|k| {
                words.mark(k);
                Right {
                    action: "get",
                    subresource: Some("log"),
                }
            }),
        _ => None,
    };
    if right.is_some() {
        return right;
    }
    let action = match words.free(at)? {
        // "can I list secrets here?": nobody asks for a list that way;
        // a polite request says "can you list" or "can I see".
        "list" => "list",
        "see" | "view" | "read" | "show" if !polite => "list",
        "get" if !polite => "get",
        "watch" => "watch",
        "create" | "make" | "add" => "create",
        "delete" | "remove" => "delete",
        "update" | "edit" | "modify" | "change" => "update",
        "patch" | "label" | "annotate" | "scale" | "cordon" | "uncordon" | "taint" => "patch",
        _ => return None,
    };
    Some(Right {
        action,
        subresource: None,
    })
}

/// Whose rights a question asks about, when not the asker's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A service account, and its namespace when said.
    ServiceAccount {
        name: ResourceName,
        namespace: Option<Namespace>,
    },
    /// A user, by the name the cluster knows.
    User(String),
}

/// "can the serviceaccount ci-bot in build list secrets", "check whether
/// the default service account in namespace apps is allowed to get
/// configmaps", "can user jane delete pods": another identity's right,
/// asked about (kubectl auth can-i --as). The identity, its name and
/// namespace and the right are claimed; returns the index of the action
/// word, the right and whose it is. `None` when no such question is
/// asked, or it cannot be read whole (it is then refused, see
/// [`refuse_other_identity`]).
pub(super) fn other_can(words: &mut Words) -> Option<(usize, Right, Subject)> {
    if let Some(found) = person_can(words) {
        return Some(found);
    }
    let k = (0..words.len()).find(|&k| {
        matches!(
            words.free(k),
            Some("serviceaccount" | "serviceaccounts" | "sa" | "user")
        ) && !words.is_quoted(k)
    })?;
    let account = words.get(k) != Some("user");
    let fits = |w: &str| {
        // "which service accounts exist in ci": what is said of the
        // accounts, never one of them.
        if matches!(
            w,
            "exist" | "exists" | "are" | "is" | "was" | "were" | "have" | "has" | "there" | "that"
        ) {
            return false;
        }
        if account {
            ResourceName::parse(w).is_ok() && (w == "default" || plain_name(w))
        } else {
            (1..=253).contains(&w.len())
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._@-".contains(c))
                && (w.contains(['@', '.', '-']) || plain_name(w))
        }
    };
    let candidate = |i: usize| {
        words
            .free(i)
            .filter(|w| words.is_quoted(i) || fits(w))
            .map(|_| words.raw(i).unwrap_or_default().to_owned())
    };
    // "serviceaccount ci-bot", "user jane"; or "the default
    // serviceaccount", "the ci-bot service account".
    // ("the intern-bot service account read the secrets": "read" is the
    // right asked about, the name is before the type word.)
    let action = |i: usize| {
        matches!(
            words.get(i),
            Some(
                "read"
                    | "list"
                    | "get"
                    | "create"
                    | "delete"
                    | "update"
                    | "patch"
                    | "watch"
                    | "edit"
                    | "view"
                    | "access"
                    | "see"
                    | "write"
                    | "modify"
                    | "deploy"
                    | "scale"
            )
        )
    };
    let (n, name) = candidate(k + 1)
        .filter(|_| !(action(k + 1) && k.checked_sub(1).and_then(candidate).is_some()))
        .map(|w| (k + 1, w))
        .or_else(|| k.checked_sub(1).and_then(|i| Some((i, candidate(i)?))))?;
    let mut end = k.max(n) + 1;
    // Where the account lives: "in build", "of namespace build", "from
    // the ci namespace".
    let mut namespace = None;
    if account && matches!(words.get(end), Some("in" | "of" | "from")) {
        let place: &[&[&str]] = &[
            &["namespace", "*"],
            &["ns", "*"],
            &["*", "namespace"],
            &["*", "ns"],
            &["the", "*", "namespace"],
            &["*"],
        ];
        for shape in place {
            let at = end + 1;
            let fitted = shape.iter().enumerate().all(|(o, p)| {
                words.free(at + o).is_some_and(|w| {
                    if *p == "*" {
                        Namespace::parse(w).is_ok()
                            && !STOP_SET.contains(w)
                            && !matches!(w, "can" | "is" | "are")
                    } else {
                        w == *p
                    }
                })
            });
            if fitted {
                let star = shape.iter().position(|p| *p == "*").unwrap_or(0);
                namespace = Namespace::parse(words.get(at + star).unwrap_or_default()).ok();
                end = at + shape.len();
                break;
            }
        }
    }
    // The right: "… can list", "… is allowed to list", "… has permission
    // to list"; or "can the serviceaccount ci-bot list …".
    let (lead_end, at) = match (words.get(end), words.get(end + 1), words.get(end + 2)) {
        (Some("can" | "could" | "may"), ..) => (end, end + 1),
        (Some("is" | "are"), Some("allowed" | "permitted" | "authorized" | "able"), Some("to")) => {
            (end + 2, end + 3)
        }
        // "is the default serviceaccount in ci allowed to get …"
        (Some("allowed" | "permitted" | "authorized" | "able"), Some("to"), _) => {
            (end + 1, end + 2)
        }
        (
            Some("has" | "have"),
            Some("permission" | "permissions" | "access" | "rights" | "the"),
            _,
        ) => {
            let to = (end + 2..(end + 4).min(words.len())).find(|&i| words.get(i) == Some("to"))?;
            (to, to + 1)
        }
        _ if (k.saturating_sub(3)..k)
            .any(|i| matches!(words.get(i), Some("can" | "could" | "may" | "does" | "is"))) =>
        {
            (end - 1, end)
        }
        _ => return None,
    };
    let right = right_at(words, at, false)?;
    let first = (k.saturating_sub(3)..k)
        .find(|&i| {
            matches!(
                words.get(i),
                Some("can" | "could" | "may" | "does" | "is" | "the")
            )
        })
        .unwrap_or(k.min(n));
    for i in first.min(k.min(n))..=lead_end.max(at) {
        words.mark(i);
    }
    let subject = if account {
        Subject::ServiceAccount {
            name: ResourceName::parse(&name.to_ascii_lowercase()).ok()?,
            namespace,
        }
    } else {
        Subject::User(name)
    };
    Some((at, right, subject))
}

/// "can jane delete pods in prod", "is bob allowed to read secrets in
/// payments?", "does alice have permission to scale deployments": a
/// person named right after the question's first word, without the word
/// "user", then a right over a type. (Not "can you …", "can we …", "can
/// someone …": those ask for the change, or of people.)
fn person_can(words: &mut Words) -> Option<(usize, Right, Subject)> {
    const NOBODY: &[&str] = &[
        "i",
        "you",
        "u",
        "ya",
        "we",
        "they",
        "he",
        "she",
        "it",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "one",
        "this",
        "that",
        "these",
        "those",
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "kubechat",
        "kubernetes",
        "k8s",
        "kubectl",
        "me",
        "us",
        "there",
        "all",
        "any",
        "some",
    ];
    let at = match (words.get(0)?, words.get(2), words.get(3), words.get(4)) {
        ("can" | "could" | "may", ..) => 2,
        ("is", Some("allowed" | "permitted" | "authorized" | "able"), Some("to"), _) => 4,
        (
            "does",
            Some("have" | "has"),
            Some("permission" | "permissions" | "rights"),
            Some("to"),
        ) => 5,
        _ => return None,
    };
    let name = words.free(1).filter(|w| {
        !words.is_quoted(1)
            && !NOBODY.contains(w)
            && !STOP_SET.contains(w)
            && resource_word(w).is_none()
            && (1..=64).contains(&w.len())
            && w.bytes().any(|b| b.is_ascii_alphabetic())
            && w
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'@' | b'-'))
            // ("could api-gateway list secrets": a dashed word names an
            // object more often than a person; an address is a person.)
            && (!w.contains('-') || w.contains('@'))
    })?;
    let name = name.to_owned();
    // A right over a type said right after it: "delete pods", "read the
    // secrets".
    let typed = (at + 1..(at + 3).min(words.len())).any(|k| {
        words
            .get(k)
            .is_some_and(|w| resource_word(w).is_some() || matches!(w, "logs" | "log"))
    });
    if !typed {
        return None;
    }
    let right = right_at(words, at, false)?;
    for i in 0..=at {
        words.mark(i);
    }
    Some((at, right, Subject::User(name)))
}

/// "can the pod-reader service account list pods": a question about
/// another identity's rights is answered for the asking person only, never
/// as someone else — so it is refused with the way to ask.
pub(super) fn refuse_other_identity(words: &Words) -> Result<()> {
    const IDENTITIES: [&str; 6] = [
        "serviceaccount",
        "serviceaccounts",
        "sa",
        "user",
        "users",
        "group",
    ];
    // "check if my user is allowed to …": the person's own.
    let own = |k: usize| k > 0 && words.get(k - 1) == Some("my") && words.get(k) == Some("user");
    // "can the pod-reader sa list pods", "is the default service
    // account in ci allowed to get configmaps?"
    let other = ["can", "allowed", "permitted", "authorized"]
        .iter()
        .any(|w| words.has(w))
        && (0..words.len())
            .any(|k| words.get(k).is_some_and(|w| IDENTITIES.contains(&w)) && !own(k))
        && words
            .get(0)
            .is_some_and(|w| matches!(w, "can" | "could" | "does" | "is"))
        // ("Can you tell me which service accounts exist": a request's
        // lead-in, about the accounts, not their rights.)
        && !matches!(words.get(1), Some("you" | "u" | "ya" | "someone" | "somebody"));
    // "check if the user can list pods", "whether user dev-user can
    // create deployments", "check whether the service account dev-sa in
    // namespace dev-team is allowed to list secrets": the same question,
    // asked in a clause, the identity's name and place before its right.
    let identity_at = |k: usize| {
        (words.get(k).is_some_and(|w| IDENTITIES.contains(&w)) && !own(k))
            || (matches!(words.get(k), Some("account" | "accounts"))
                && k > 0
                && words.get(k - 1) == Some("service"))
    };
    let right_at = |c: usize| {
        matches!(words.get(c), Some("can" | "could" | "may"))
            || (matches!(words.get(c), Some("is" | "are"))
                && matches!(
                    words.get(c + 1),
                    Some("allowed" | "permitted" | "authorized" | "able")
                ))
    };
    let other = other
        || (0..words.len()).any(|i| {
            matches!(words.get(i), Some("if" | "whether"))
                && (i + 1..(i + 5).min(words.len()))
                    .any(|k| identity_at(k) && (k + 1..(k + 8).min(words.len())).any(right_at))
        });
    // "who can delete pods in prod", "who is allowed to read secrets":
    // everyone's rights, which a SelfSubjectAccessReview does not answer.
    let anyone = words.get(0) == Some("who")
        && (matches!(words.get(1), Some("can" | "could" | "may"))
            || (matches!(words.get(1), Some("is" | "are")) && words.get(2) == Some("allowed"))
            || (matches!(words.get(1), Some("has" | "have"))
                && matches!(
                    words.get(2),
                    Some("access" | "permission" | "permissions" | "rights")
                )));
    if other || anyone {
        return Err(Error::NotUnderstood {
            reason: "KubeChat checks permissions as you only; ask \"can I …\", or check another identity with kubectl auth can-i --as outside KubeChat".into(),
            suggestions: vec!["can I list pods".into()],
        });
    }
    Ok(())
}
