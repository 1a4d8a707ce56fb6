//! The web UI, embedded: every file under `assets/` is compiled into the
//! binary, so `kubechat serve` needs no files beside it and no asset is
//! ever fetched from elsewhere (the page's Content-Security-Policy allows
//! only its own origin).
//!
//! There is no build step: the files are served as written, HTML, CSS and
//! JavaScript modules. This crate knows nothing about HTTP; the server
//! decides headers and routes.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Name under `/assets/` (the page itself is `index.html`).
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    /// Strong validator: the first 16 bytes of the body's SHA-256, quoted.
    pub etag: String,
}

macro_rules! assets {
    ($(($name:literal, $ty:literal)),* $(,)?) => {
        /// Names and bodies, in one list so a file cannot be added to one
        /// and not the other.
        const FILES: &[(&str, &str, &[u8])] = &[
            $(($name, $ty, include_bytes!(concat!("../assets/", $name)))),*
        ];
    };
}

assets![
    ("index.html", "text/html; charset=utf-8"),
    ("app.css", "text/css; charset=utf-8"),
    ("app.js", "text/javascript; charset=utf-8"),
    ("api.js", "text/javascript; charset=utf-8"),
    ("connection.js", "text/javascript; charset=utf-8"),
    ("render.js", "text/javascript; charset=utf-8"),
    ("chat.js", "text/javascript; charset=utf-8"),
    ("audit.js", "text/javascript; charset=utf-8"),
    ("settings.js", "text/javascript; charset=utf-8"),
    ("approvals.js", "text/javascript; charset=utf-8"),
    ("billing.js", "text/javascript; charset=utf-8"),
    ("presence.js", "text/javascript; charset=utf-8"),
    ("dom.js", "text/javascript; charset=utf-8"),
    ("favicon.svg", "image/svg+xml"),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, content_type, body)| {
            let digest = Sha256::digest(body);
            let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
            Asset {
                name,
                content_type,
                body,
                etag: format!("\"{hex}\""),
            }
        })
        .collect()
});

/// The asset called `name` (`index.html`, `app.js`, …), if there is one.
pub fn asset(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The page every UI route answers with.
pub fn index() -> Option<&'static Asset> {
    asset("index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file dropped into `assets/` but not listed would 404 in the
    /// browser; one listed but missing fails to compile.
    #[test]
    fn every_file_in_the_directory_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = ASSETS.iter().map(|a| a.name.to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    /// Nothing is loaded from another origin: no absolute URLs in markup,
    /// styles or scripts (the XML namespace of the SVG icon excepted).
    #[test]
    fn no_asset_refers_to_another_origin() {
        for a in ASSETS.iter() {
            let text = std::str::from_utf8(a.body).unwrap();
            for (i, line) in text.lines().enumerate() {
                let cleaned = line.replace("http://www.w3.org/2000/svg", "");
                assert!(
                    !cleaned.contains("http://") && !cleaned.contains("https://"),
                    "{}:{}: {line}",
                    a.name,
                    i + 1
                );
            }
        }
    }

    /// Text from the cluster or a model must never become markup: the
    /// scripts build the page with text nodes only.
    #[test]
    fn scripts_never_assign_markup() {
        for a in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            let text = std::str::from_utf8(a.body).unwrap();
            for bad in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
            ] {
                assert!(!text.contains(bad), "{} uses {bad}", a.name);
            }
        }
    }

    #[test]
    fn etags_differ_per_content_and_look_up_by_name() {
        let html = index().unwrap();
        assert_eq!(html.content_type, "text/html; charset=utf-8");
        assert_ne!(html.etag, asset("app.js").unwrap().etag);
        assert!(asset("../Cargo.toml").is_none());
        assert!(asset("missing.js").is_none());
    }
}
