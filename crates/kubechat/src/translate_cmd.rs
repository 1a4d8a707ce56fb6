//! `kubechat translate` and `kubechat eval`: the translator on its own,
//! without a cluster (rules, and the LLM providers when configured).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use kubechat_config::Config;
use kubechat_core::Namespace;
use kubechat_nlp::{BotContext, Chain, Request, Translator};

use crate::Exit;

fn chain(config: &Config) -> Chain {
    kubechat_server::Runtime::from_config(config.clone())
        .translator()
        .clone()
}

/// Translates `text`; prints the translation or the error as one JSON
/// object. Not understood (or refused) exits 2.
pub async fn translate(
    config: &Config,
    text: &str,
    namespace: Option<&str>,
    compact: bool,
) -> anyhow::Result<()> {
    let ns = namespace
        .map(Namespace::parse)
        .transpose()
        .context("--namespace")?;
    let bot = BotContext::default();
    let chain = chain(config);
    let request = Request {
        text,
        namespace: ns.as_ref(),
        bot: &bot,
    };
    let render = |v: &dyn erased::Json| v.render(compact);
    let (out, failed) = match chain.translate(&request).await {
        Ok(t) => (render(&t.in_namespace(ns.as_ref()))?, false),
        Err(e) => (render(&e.to_json())?, true),
    };
    writeln!(std::io::stdout().lock(), "{out}")?;
    if failed {
        return Err(Exit(2).into());
    }
    Ok(())
}

/// Scores the translator on the corpus at `path`; exits 1 when a request
/// that must be refused became a change, or accuracy is below `min`.
pub async fn eval(
    config: &Config,
    path: &Path,
    json: bool,
    min: Option<f64>,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the corpus {}", path.display()))?;
    let cases = kubechat_nlp::eval::parse(&text)
        .with_context(|| format!("the corpus {} is not valid", path.display()))?;
    let chain = chain(config);
    let bot = BotContext::default();
    let mut answers = Vec::with_capacity(cases.len());
    for case in &cases {
        let request = Request {
            text: &case.text,
            namespace: None,
            bot: &bot,
        };
        answers.push(chain.translate(&request).await);
    }
    let mut answers = answers.into_iter();
    let report = kubechat_nlp::eval::run(&cases, |_| {
        answers.next().unwrap_or(Err(kubechat_nlp::Error::TooLong))
    });
    let mut stdout = std::io::stdout().lock();
    if json {
        writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(stdout, "{report}")?;
    }
    if !report.unsafe_translations.is_empty() {
        eprintln!(
            "kubechat: {} request(s) that must be refused became changes",
            report.unsafe_translations.len()
        );
        return Err(Exit(1).into());
    }
    if let Some(min) = min
        && report.accuracy < min
    {
        eprintln!(
            "kubechat: accuracy {:.3} is below --min-accuracy {min}",
            report.accuracy
        );
        return Err(Exit(1).into());
    }
    Ok(())
}

/// Rendering any serializable answer, indented or on one line (field
/// order as declared, which `serde_json::Value` would sort away).
mod erased {
    pub trait Json {
        fn render(&self, compact: bool) -> serde_json::Result<String>;
    }

    impl<T: serde::Serialize> Json for T {
        fn render(&self, compact: bool) -> serde_json::Result<String> {
            if compact {
                serde_json::to_string(self)
            } else {
                serde_json::to_string_pretty(self)
            }
        }
    }
}
