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
    let nfkc: String = text
        .nfkc()
        .filter(|c| !invisible(*c))
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
    Ok(out)
}

/// Number words a dictated name holds after "dash" ("cache dash warmer
/// dash one").
const SPOKEN_DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// Names said aloud, written as typed: "team dash alpha" is `team-alpha`,
/// "api dash seven" is `api-7`, "the kube system namespace" is
/// `kube-system`. Dictation spells the dash of a name out; read as words,
/// the name would be cut at it.
pub fn spoken_names(text: &str) -> std::borrow::Cow<'_, str> {
    // Most requests say neither: passed over without a copy.
    let said = |needle: &[u8]| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !said(b" dash ") && !said(b"kube ") {
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
