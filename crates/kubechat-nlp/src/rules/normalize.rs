//! The first stage: one canonical spelling of the request.
//!
//! Unicode NFKC folds compatibility forms (full-width letters, ligatures,
//! superscripts) into the letters people meant; confusable letters from
//! other scripts are folded in words that are otherwise Latin, so
//! "ignоre" with a Cyrillic о is read — and refused — as "ignore".
//! Invisible characters (zero-width spaces and joiners, soft hyphens) are
//! dropped; control characters and bidirectional overrides are refused,
//! since they hide what a person would see and some stores (PostgreSQL
//! text) cannot hold them.

use unicode_normalization::UnicodeNormalization;

/// A character that a request may not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlChar {
    /// Position in characters, from 0.
    pub at: usize,
    pub code: u32,
}

/// Invisible characters that are dropped.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Pictographs and their modifiers ("restart web 🙏", "… 🧹", "✅"): they
/// say how the person feels, never what to do, and read as a word they
/// would be taken for a name or a selector.
fn pictograph(c: char) -> bool {
    // ("delete pod web-1 ❌", "drain node-3 ⛔", "🚫", "🛑", "🙅", "✋",
    // "👎": a no, which stays and is read as what it is — nothing the
    // rules take for an order.)
    !matches!(
        c,
        '\u{274C}'
            | '\u{26D4}'
            | '\u{1F6AB}'
            | '\u{1F6D1}'
            | '\u{1F645}'
            | '\u{270B}'
            | '\u{1F44E}'
    ) && matches!(
        c,
        '\u{1F000}'..='\u{1FAFF}'
            | '\u{2600}'..='\u{27BF}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{FE0F}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Characters that are refused: C0/C1 controls other than tab, line feed
/// and carriage return, and the bidirectional embeddings, overrides and
/// isolates.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first forbidden character of `text`, if any.
pub fn find_forbidden(text: &str) -> Option<ControlChar> {
    text.chars()
        .enumerate()
        .find(|(_, c)| is_forbidden(*c))
        .map(|(at, c)| ControlChar { at, code: c as u32 })
}

/// Letters of other scripts that look like a Latin letter.
fn confusable(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic.
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' => 'e',
        'һ' => 'h',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'к' => 'k',
        'ӏ' => 'l',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' => 't',
        'с' => 'c',
        'ν' | 'ѵ' => 'v',
        'ԝ' => 'w',
        'х' => 'x',
        'у' => 'y',
        'ԁ' => 'd',
        // Greek.
        'α' => 'a',
        'ε' => 'e',
        'ι' => 'i',
        'κ' => 'k',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'γ' => 'y',
        _ => return None,
    })
}

/// Folds the confusable letters of `word` when every letter of it is
/// Latin or confusable (a Russian or Greek word stays as written).
fn fold_word(word: &str, out: &mut String) {
    let foldable = word
        .chars()
        .flat_map(char::to_lowercase)
        .all(|c| !c.is_alphabetic() || c.is_ascii() || confusable(c).is_some());
    if foldable
        && word
            .chars()
            .flat_map(char::to_lowercase)
            .any(|c| confusable(c).is_some())
    {
        out.extend(word.chars().map(|c| {
            let lower = c.to_lowercase().next().unwrap_or(c);
            confusable(lower).map_or(c, |l| {
                if c == lower {
                    l
                } else {
                    l.to_ascii_uppercase()
                }
            })
        }));
    } else {
        out.push_str(word);
    }
}

/// `text` in its canonical spelling: NFKC, typographic
/// quotes and dashes as ASCII, invisible characters dropped, confusable
/// letters folded. Refuses control characters.
pub fn normalize(text: &str) -> Result<String, ControlChar> {
    if let Some(bad) = find_forbidden(text) {
        return Err(bad);
    }
    // Plain ASCII is already in NFKC and has no confusables.
    if text.is_ascii() {
        return Ok(text.to_owned());
    }
    let pictographs = text.chars().any(pictograph);
    let nfkc: String = text
        .nfkc()
        .filter(|c| !invisible(*c))
        .map(|c| if pictograph(c) { ' ' } else { c })
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut word = String::new();
    for c in nfkc.chars() {
        if c.is_whitespace() || (c.is_ascii_punctuation() && c != '-') {
            fold_word(&word, &mut out);
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    fold_word(&word, &mut out);
    if pictographs {
        // (The spaces they leave, closed up.)
        out = out
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    Ok(out)
}

/// Number words a dictated name holds after "dash" ("cache dash warmer
/// dash one", "node dash eleven"), each at its value.
const SPOKEN_DIGITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Names said aloud, written as typed: "team dash alpha" is `team-alpha`,
/// "api dash seven" is `api-7`, "the kube system namespace" is
/// `kube-system`. Dictation spells the dash of a name out; read as words,
/// the name would be cut at it.
/// Whether `word` stands in `text` as a whole word, in any case.
fn contains_word_ignore_case(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(word))
}

pub fn spoken_names(text: &str) -> std::borrow::Cow<'_, str> {
    // Most requests say none of these words: passed over without a copy,
    // in one pass over the words (each compared only when its length
    // fits: the number words, "dash" and "kube" are 3 to 9 letters).
    let mut numbered = false;
    let mut spelt = false;
    // ("delete the pod kafka connect 0": a number written after a name
    // said in words; never in a scale, whose number is its count.)
    // (Asked only where such a number is written: most requests have
    // none.)
    let counted = std::cell::OnceCell::new();
    let counted = || {
        *counted.get_or_init(|| {
            contains_word_ignore_case(text, "scale")
                || contains_word_ignore_case(text, "replicas")
                || contains_word_ignore_case(text, "replica")
        })
    };
    for w in text.split(' ') {
        let core = w.trim_end_matches(['.', ',', '?', '!']);
        if (1..=2).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_digit()) {
            numbered = numbered || !counted();
            continue;
        }
        if !(3..=9).contains(&core.len()) {
            continue;
        }
        if SPOKEN_DIGITS.iter().any(|d| d.eq_ignore_ascii_case(core)) {
            numbered = true;
        } else if core.eq_ignore_ascii_case("dash") || w.eq_ignore_ascii_case("kube") {
            spelt = true;
        }
    }
    if !spelt && !numbered {
        return std::borrow::Cow::Borrowed(text);
    }
    let plain =
        |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied().unwrap_or_default();
        if w.eq_ignore_ascii_case("dash")
            && out.last().is_some_and(|p| {
                plain(p) && !crate::words::STOP_SET.contains(p.to_ascii_lowercase().as_str())
            })
            && plain(next.trim_end_matches(['.', ',', '?', '!']))
        {
            let core = next.trim_end_matches(['.', ',', '?', '!']);
            let tail = &next[core.len()..];
            let part = SPOKEN_DIGITS
                .iter()
                .position(|d| d.eq_ignore_ascii_case(core))
                .map_or_else(|| core.to_owned(), |d| d.to_string());
            if let Some(last) = out.last_mut() {
                last.push('-');
                last.push_str(&part);
                last.push_str(tail);
            }
            i += 2;
            continue;
        }
        // "the pod named ingest zero", "describe node control plane
        // one": a name said aloud after its type or "named", its number
        // last.
        if numbered && let Some((end, name)) = numbered_name(&words, i) {
            out.push(w.to_owned());
            out.push(name);
            i = end;
            continue;
        }
        // "kube system", "kube public": namespaces every cluster has.
        if w.eq_ignore_ascii_case("kube") {
            let core = next.trim_end_matches(['.', ',', '?', '!']);
            if core.eq_ignore_ascii_case("system") || core.eq_ignore_ascii_case("public") {
                out.push(format!("kube-{next}"));
                i += 2;
                continue;
            }
        }
        out.push(w.to_owned());
        i += 1;
    }
    std::borrow::Cow::Owned(out.join(" "))
}

/// After the name cue at `i` ("named", "called", or a type word), words
/// of a name said aloud whose last is a number word, followed by nothing
/// or by a word that ends the name ("in", "again", "schedulable"): where
/// the name ends and the name written ("ingest zero" is `ingest-0`,
/// "control plane one" is `control-plane-1`).
fn numbered_name(words: &[&str], i: usize) -> Option<(usize, String)> {
    const AFTER: &[&str] = &[
        "in",
        "on",
        "from",
        "for",
        "of",
        "at",
        "to",
        "with",
        "and",
        "again",
        "please",
        "pls",
        "schedulable",
        "unschedulable",
        "now",
        // "the pod kafka connect 1 logs": what of it is asked.
        "logs",
        "log",
        "events",
        "status",
    ];
    let bare = |w: &str| {
        w.trim_end_matches(['.', ',', '?', '!'])
            .to_ascii_lowercase()
    };
    let cue = bare(words[i]);
    // ("uncordon worker three": what a node verb works on is a node.)
    if !matches!(
        cue.as_str(),
        "named" | "called" | "cordon" | "uncordon" | "drain"
    ) && kubechat_core::resources::lookup(&cue).is_none()
    {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, w) in words.iter().enumerate().skip(i + 1).take(4) {
        let word = bare(w);
        // (A number written in digits joins two words said before it or
        // more: "kafka connect 0"; "pod web 2" may be two things.)
        // ("a service called web mapping port 80": a port, no name.)
        let written = (1..=2).contains(&word.len())
            && word.bytes().all(|b| b.is_ascii_digit())
            && parts.len() >= 2
            && !parts
                .iter()
                .any(|p| matches!(p.as_str(), "port" | "ports") || p.ends_with("ing"));
        let digit = SPOKEN_DIGITS
            .iter()
            .position(|d| *d == word)
            .map(|d| d.to_string())
            .or_else(|| written.then(|| word.clone()));
        if let Some(d) = digit {
            let ended = k + 1 == words.len()
                || w.ends_with(['.', ',', '?', '!'])
                || AFTER.contains(&bare(words[k + 1]).as_str());
            if parts.is_empty() || !ended {
                return None;
            }
            let tail = &w[w.trim_end_matches(['.', ',', '?', '!']).len()..];
            return Some((k + 1, format!("{}-{d}{tail}", parts.join("-"))));
        }
        // "the pod named ingest zero": the name follows the later cue.
        // ("postgres dash zero" is spelt by the dash rule.)
        let plain = !matches!(word.as_str(), "named" | "called" | "dash")
            && word.len() > 1
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && !crate::words::STOP_SET.contains(word.as_str())
            && kubechat_core::resources::lookup(&word).is_none()
            && !w.ends_with(['.', ',', '?', '!']);
        if !plain {
            return None;
        }
        parts.push(word);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictated_names_are_joined() {
        assert_eq!(
            spoken_names("delete the pod named cache dash warmer dash one in namespace redis"),
            "delete the pod named cache-warmer-1 in namespace redis"
        );
        assert_eq!(
            spoken_names("list all the pods in the kube system namespace"),
            "list all the pods in the kube-system namespace"
        );
        assert_eq!(
            spoken_names("create a namespace called team dash alpha."),
            "create a namespace called team-alpha."
        );
        assert_eq!(
            spoken_names(
                "show the previous logs for the pod named ingest zero in the pipeline namespace"
            ),
            "show the previous logs for the pod named ingest-0 in the pipeline namespace"
        );
        assert_eq!(
            spoken_names("describe node control plane one"),
            "describe node control-plane-1"
        );
        // A count, or one of several, is no name.
        assert_eq!(
            spoken_names("scale deployment web to three"),
            "scale deployment web to three"
        );
        assert_eq!(
            spoken_names("show one of the pods named api"),
            "show one of the pods named api"
        );
        // Nothing to join: as it was.
        assert_eq!(spoken_names("show the dash board"), "show the dash board");
        assert_eq!(spoken_names("dash web"), "dash web");
    }

    #[test]
    fn confusables_fold_in_latin_words_only() {
        assert_eq!(normalize("ignоre").unwrap(), "ignore");
        assert_eq!(normalize("ѕһеll").unwrap(), "shell");
        assert_eq!(normalize("ＳＣＡＬＥ ｗｅｂ").unwrap(), "SCALE web");
        assert_eq!(normalize("ІGNORE").unwrap(), "IGNORE");
        assert_eq!(normalize("по").unwrap(), "по");
        assert_eq!(normalize("“web”").unwrap(), "\"web\"");
        assert_eq!(normalize("de\u{200B}lete").unwrap(), "delete");
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            normalize("get pods\u{0}"),
            Err(ControlChar { at: 8, code: 0 })
        );
        assert!(normalize("a\u{202E}b").is_err());
        assert!(normalize("get pods\nin shop\t").is_ok());
    }
}
