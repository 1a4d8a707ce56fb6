//! Requests written in German, Spanish, French or Portuguese ("zeig mir
//! die Pods im Namespace lager", "muéstrame los pods del namespace
//! tienda", "redémarre le déploiement api dans le namespace edge"): the
//! words the rules need, said in English, word for word. Kubernetes' own
//! words (pod, deployment, namespace) are mostly kept in these languages,
//! so a small lexicon of verbs, articles and prepositions reads most
//! requests. Korean, Chinese and Japanese are read by the tokenizer.
//!
//! A text is read so only where it is said in one of these languages
//! more than in English (their function words counted), so an English
//! request keeps its words ("pods die after an hour" keeps "die").

/// One language: the words that tell it, and what its words mean.
struct Language {
    /// Function words and verbs found in few English requests.
    marks: &'static [&'static str],
    /// Phrases of several words, replaced first.
    phrases: &'static [(&'static str, &'static str)],
    /// Single words; an empty meaning drops the word.
    words: &'static [(&'static str, &'static str)],
}

const GERMAN: Language = Language {
    marks: &[
        "der", "die", "das", "den", "dem", "im", "mir", "zeige", "zeig", "bitte", "neu", "vom",
        "lösche", "starte", "alle", "und", "nicht", "skaliere", "auf", "von",
    ],
    phrases: &[
        ("neu starten", "restart"),
        ("heute abend", "tonight"),
        ("nächste woche", "next week"),
    ],
    words: &[
        ("zeige", "show"),
        ("zeig", "show"),
        ("liste", "list"),
        ("mir", "me"),
        ("der", "the"),
        ("die", "the"),
        ("das", "the"),
        ("den", "the"),
        ("dem", "the"),
        ("im", "in"),
        ("in", "in"),
        ("vom", "of"),
        ("von", "of"),
        ("alle", "all"),
        ("bitte", "please"),
        ("lösche", "delete"),
        ("löschen", "delete"),
        ("entferne", "delete"),
        ("starte", "restart"),
        ("starten", "restart"),
        ("skaliere", "scale"),
        ("skalieren", "scale"),
        ("auf", "to"),
        ("und", "and"),
        ("protokolle", "logs"),
        ("ereignisse", "events"),
        ("knoten", "nodes"),
        ("replikas", "replicas"),
        ("warum", "why"),
        ("stürzt", "crashes"),
        ("ab", ""),
        ("neu", ""),
        // When, and not: read by the holds.
        ("morgen", "tomorrow"),
        ("später", "later"),
        ("jetzt", "now"),
        ("sofort", "now"),
        ("nicht", "not"),
        ("kein", "no"),
        ("keine", "no"),
        ("wenn", "if"),
        ("falls", "if"),
    ],
};

const SPANISH: Language = Language {
    marks: &[
        "los",
        "las",
        "el",
        "del",
        "en",
        "muéstrame",
        "muestrame",
        "muestra",
        "borra",
        "elimina",
        "reinicia",
        "todos",
        "favor",
        "escala",
        "espacio",
        "qué",
    ],
    phrases: &[
        ("por favor", "please"),
        ("espacio de nombres", "namespace"),
        ("por qué", "why"),
        ("esta noche", "tonight"),
        ("más tarde", "later"),
    ],
    words: &[
        ("muéstrame", "show me"),
        ("muestrame", "show me"),
        ("muestra", "show"),
        ("lista", "list"),
        ("los", "the"),
        ("las", "the"),
        ("el", "the"),
        ("la", "the"),
        ("del", "of the"),
        ("de", "of"),
        ("en", "in"),
        ("borra", "delete"),
        ("elimina", "delete"),
        ("borrar", "delete"),
        ("eliminar", "delete"),
        ("reinicia", "restart"),
        ("reiniciar", "restart"),
        ("escala", "scale"),
        ("escalar", "scale"),
        ("a", "to"),
        ("réplicas", "replicas"),
        ("registros", "logs"),
        ("eventos", "events"),
        ("nodos", "nodes"),
        ("todos", "all"),
        ("todas", "all"),
        ("y", "and"),
        // ("no reinicies …, solo muéstrame …": the verb said not to do.)
        ("reinicies", "restart"),
        ("borres", "delete"),
        ("elimines", "delete"),
        ("escales", "scale"),
        ("solo", "just"),
        ("sólo", "just"),
        ("mañana", "tomorrow"),
        ("luego", "later"),
        ("ahora", "now"),
        ("no", "not"),
        ("si", "if"),
    ],
};

const FRENCH: Language = Language {
    marks: &[
        "les",
        "le",
        "la",
        "du",
        "des",
        "dans",
        "affiche",
        "montre",
        "montre-moi",
        "supprime",
        "redémarre",
        "moi",
        "tous",
        "déploiement",
        "pourquoi",
    ],
    phrases: &[
        ("s'il te plaît", "please"),
        ("s'il vous plaît", "please"),
        ("espace de noms", "namespace"),
        ("mets à l'échelle", "scale"),
        ("ce soir", "tonight"),
        ("plus tard", "later"),
    ],
    words: &[
        ("affiche", "show"),
        ("afficher", "show"),
        ("montre", "show"),
        ("montre-moi", "show me"),
        ("liste", "list"),
        ("moi", "me"),
        ("les", "the"),
        ("le", "the"),
        ("la", "the"),
        ("du", "of the"),
        ("des", "of the"),
        ("de", "of"),
        ("dans", "in"),
        ("supprime", "delete"),
        ("supprimer", "delete"),
        ("redémarre", "restart"),
        ("redémarrer", "restart"),
        ("à", "to"),
        ("événements", "events"),
        ("evenements", "events"),
        ("journaux", "logs"),
        ("déploiement", "deployment"),
        ("nœud", "node"),
        ("noeud", "node"),
        ("nœuds", "nodes"),
        ("tous", "all"),
        ("toutes", "all"),
        ("pourquoi", "why"),
        ("et", "and"),
        ("demain", "tomorrow"),
        ("maintenant", "now"),
        ("pas", "not"),
        ("ne", ""),
        ("si", "if"),
    ],
};

const PORTUGUESE: Language = Language {
    marks: &[
        "os", "o", "do", "da", "no", "na", "mostre", "reinicie", "exclua", "apague", "todos",
        "favor", "escale",
    ],
    phrases: &[
        ("por favor", "please"),
        ("mais tarde", "later"),
        ("hoje à noite", "tonight"),
    ],
    words: &[
        ("mostre", "show"),
        ("mostra", "show"),
        ("mostrar", "show"),
        ("liste", "list"),
        ("os", "the"),
        ("as", "the"),
        ("o", "the"),
        ("a", "the"),
        ("do", "of the"),
        ("da", "of the"),
        ("dos", "of the"),
        ("das", "of the"),
        ("de", "of"),
        ("no", "in"),
        ("na", "in"),
        ("exclua", "delete"),
        ("apague", "delete"),
        ("excluir", "delete"),
        ("reinicie", "restart"),
        ("reiniciar", "restart"),
        ("escale", "scale"),
        ("escalar", "scale"),
        ("para", "to"),
        ("réplicas", "replicas"),
        ("eventos", "events"),
        ("todos", "all"),
        ("e", "and"),
        ("amanhã", "tomorrow"),
        ("agora", "now"),
        ("não", "not"),
        ("se", "if"),
    ],
};

/// The languages read, in the order of [`MARKS`]' bits after English's.
const LANGUAGES: [&Language; 4] = [&GERMAN, &SPANISH, &FRENCH, &PORTUGUESE];

/// Every mark word, with a bit for each language it tells (bit 0:
/// English, then [`LANGUAGES`]): one lookup per word of a text.
static MARKS: std::sync::LazyLock<crate::words::HashMap<&'static str, u8>> =
    std::sync::LazyLock::new(|| {
        let mut marks = crate::words::HashMap::default();
        for w in ENGLISH {
            *marks.entry(*w).or_insert(0) |= 1;
        }
        for (i, l) in LANGUAGES.iter().enumerate() {
            for w in l.marks {
                *marks.entry(*w).or_insert(0) |= 2 << i;
            }
        }
        marks
    });

/// Which of [`LANGUAGES`] `text` is written in: the one with the most of
/// its marks said (each counted once), at least two and more than
/// English's. One pass over the words, and no copy of the text for most
/// (this runs on every request).
fn said_in(text: &str) -> Option<usize> {
    let mut seen: Vec<String> = Vec::new();
    let mut counts = [0usize; 5];
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| matches!(c, ',' | '.' | '?' | '!' | ':' | ';'));
        let lower;
        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) || !w.is_ascii() {
            lower = w.to_lowercase();
            lower.as_str()
        } else {
            w
        };
        let Some(bits) = MARKS.get(w) else {
            continue;
        };
        if seen.iter().any(|s| s == w) {
            continue;
        }
        seen.push(w.to_owned());
        for (k, count) in counts.iter_mut().enumerate() {
            if bits & (1 << k) != 0 {
                *count += 1;
            }
        }
    }
    let english = counts[0];
    (1..5)
        .filter(|&k| counts[k] >= 2 && counts[k] > english)
        // (On a tie, the last language, as before.)
        .max_by_key(|&k| counts[k])
        .map(|k| k - 1)
}

/// English function words: a text with as many of these is English.
const ENGLISH: &[&str] = &[
    "the", "of", "in", "to", "and", "show", "me", "please", "is", "are", "for", "with", "my",
    "all", "on", "it", "from", "what", "why",
];

/// `text` said in English, where it is written in one of the languages
/// above; `None` where it is not (the common case: nothing is copied).
pub(super) fn in_english(text: &str) -> Option<String> {
    let language = LANGUAGES[said_in(text)?];
    let lower = text.to_lowercase();
    let mut said = lower.clone();
    for (from, to) in language.phrases {
        if said.contains(from) {
            said = said.replace(from, to);
        }
    }
    let out: Vec<String> = said
        .split_whitespace()
        .filter_map(|w| {
            // The word's marks kept around its meaning ("neu." ends it).
            let core = w.trim_matches(|c: char| matches!(c, ',' | '.' | '?' | '!' | ':' | ';'));
            let Some((_, to)) = language.words.iter().find(|(from, _)| *from == core) else {
                return Some(original_case(text, w));
            };
            let tail = &w[w.find(core).map_or(w.len(), |at| at + core.len())..];
            if to.is_empty() {
                (!tail.is_empty()).then(|| tail.to_owned())
            } else {
                Some(format!("{to}{tail}"))
            }
        })
        .collect();
    Some(out.join(" "))
}

/// `lower_word` as `text` wrote it, where it is found there whole (names
/// and values keep their case: "env=Prod").
fn original_case(text: &str, lower_word: &str) -> String {
    text.split_whitespace()
        .find(|w| w.to_lowercase() == lower_word)
        .map_or_else(|| lower_word.to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn requests_in_other_languages_are_said_in_english() {
        for (text, want) in [
            (
                "zeig mir die Pods im Namespace lager",
                "show me the Pods in Namespace lager",
            ),
            (
                "Bitte starte das Deployment kasse im Namespace shop-de neu.",
                "please restart the Deployment kasse in Namespace shop-de .",
            ),
            (
                "muéstrame los pods del namespace tienda",
                "show me the pods of the namespace tienda",
            ),
            (
                "redémarre le déploiement api dans le namespace edge",
                "restart the deployment api in the namespace edge",
            ),
            (
                "reinicie o deployment frontend no namespace loja",
                "restart the deployment frontend in namespace loja",
            ),
        ] {
            assert_eq!(in_english(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn english_requests_keep_their_words() {
        for text in [
            "why do the pods die after an hour in shop",
            "show me the logs of web in namespace la",
            "delete pod o-1 in the default namespace",
            "restart the deployment del in den",
        ] {
            assert_eq!(in_english(text), None, "{text}");
        }
    }
}
