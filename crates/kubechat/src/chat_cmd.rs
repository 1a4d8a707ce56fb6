//! `kubechat chat`: a terminal client for a running KubeChat server, over
//! the WebSocket chat (`kubechat.v1`).
//!
//! On a terminal: line editing and history (rustyline), coloured output, a
//! spinner while the server works, and confirmation prompts for previews
//! (typed phrases for destructive operations). Without a terminal it reads
//! requests and answers line by line from standard input, so it can be
//! scripted and tested.

use std::io::{IsTerminal, Write};
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// What `kubechat chat` was given.
#[derive(Debug)]
pub struct ChatArgs {
    pub server: String,
    pub session: String,
    pub namespace: String,
    pub user: Option<String>,
    /// The bot asked (the workspace's default bot when `None`).
    pub bot: Option<String>,
    /// Sign in through this single sign-on provider (in the browser).
    pub sso: Option<String>,
}

/// Reads lines on its own thread (rustyline blocks): each request carries
/// the prompt, each answer the line (`None` at end of input).
struct Lines {
    ask: std_mpsc::Sender<String>,
    answers: tokio::sync::mpsc::Receiver<Option<String>>,
}

impl Lines {
    fn start(tty: bool) -> Self {
        let (ask, prompts) = std_mpsc::channel::<String>();
        let (tx, answers) = tokio::sync::mpsc::channel(1);
        std::thread::spawn(move || {
            let mut editor = if tty {
                rustyline::DefaultEditor::new().ok()
            } else {
                None
            };
            let stdin = std::io::stdin();
            while let Ok(prompt) = prompts.recv() {
                let line = match editor.as_mut() {
                    Some(ed) => match ed.readline(&prompt) {
                        Ok(l) => {
                            if !l.trim().is_empty() {
                                let _ = ed.add_history_entry(l.as_str());
                            }
                            Some(l)
                        }
                        Err(_) => None,
                    },
                    None => {
                        let mut l = String::new();
                        match stdin.read_line(&mut l) {
                            Ok(0) | Err(_) => None,
                            Ok(_) => Some(l.trim_end_matches(['\r', '\n']).to_owned()),
                        }
                    }
                };
                let end = line.is_none();
                if tx.blocking_send(line).is_err() || end {
                    break;
                }
            }
        });
        Self { ask, answers }
    }

    async fn read(&mut self, prompt: &str) -> Option<String> {
        self.ask.send(prompt.to_owned()).ok()?;
        self.answers.recv().await.flatten()
    }
}

/// Terminal styling, only on a terminal.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}

/// A spinner on stderr until dropped.
struct Spinner(Option<tokio::task::JoinHandle<()>>);

impl Spinner {
    fn start(on: bool) -> Self {
        if !on {
            return Self(None);
        }
        Self(Some(tokio::spawn(async {
            let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            let mut i = 0;
            loop {
                eprint!("\r{} working…", frames[i % frames.len()]);
                let _ = std::io::stderr().flush();
                i += 1;
                tokio::time::sleep(Duration::from_millis(90)).await;
            }
        })))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(t) = self.0.take() {
            t.abort();
            eprint!("\r\x1b[2K");
        }
    }
}

async fn login(server: &str, user: &str, password: &str) -> anyhow::Result<String> {
    access_token(
        server,
        "/api/v1/login",
        json!({"username": user, "password": password}),
        "login",
    )
    .await
}

/// POSTs `body` to `path` and takes the access token from the answer;
/// a refusal is said with the server's reason.
async fn access_token(server: &str, path: &str, body: Value, what: &str) -> anyhow::Result<String> {
    let r = reqwest::Client::new()
        .post(format!("{server}{path}"))
        .json(&body)
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        bail!(
            "{what} failed: {}",
            body["error"]["message"].as_str().unwrap_or("unknown error")
        );
    }
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("the server answered no access token")
}

/// How long the terminal waits for the browser to finish a sign-in.
const SSO_WAIT: Duration = Duration::from_secs(300);

/// Signs in through the single sign-on provider `name` with the browser:
/// a loopback listener on 127.0.0.1 receives the one-time code, which is
/// exchanged with a secret only this process holds (so a code that ends
/// up elsewhere signs nobody in). The URL to open is printed.
async fn sso_login(server: &str, name: &str) -> anyhow::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let challenge = kubechat_auth::secret::digest(&secret);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .context("cannot listen on 127.0.0.1 for the sign-in's return")?;
    let port = listener.local_addr()?.port();
    let url =
        format!("{server}/api/v1/auth/oidc/{name}/login?cli_port={port}&cli_challenge={challenge}");
    eprintln!("Open this address in your browser to sign in with {name}:\n  {url}");
    let code = tokio::time::timeout(SSO_WAIT, async {
        loop {
            let (mut conn, _) = listener.accept().await?;
            let mut buf = vec![0u8; 8192];
            let n = tokio::time::timeout(Duration::from_secs(10), conn.read(&mut buf))
                .await
                .unwrap_or(Ok(0))
                .unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let code = head
                .lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|target| target.strip_prefix("/callback?"))
                .and_then(|q| {
                    q.split('&')
                        .find_map(|kv| kv.strip_prefix("code="))
                        .map(str::to_owned)
                })
                .filter(|c| !c.is_empty() && c.len() <= 256 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            let page = match &code {
                Some(_) => "Signed in to KubeChat: return to the terminal.",
                None => "This is KubeChat's terminal sign-in; nothing to do here.",
            };
            let _ = conn
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                        page.len()
                    )
                    .as_bytes(),
                )
                .await;
            if let Some(c) = code {
                return anyhow::Ok(c);
            }
        }
    })
    .await
    .context("no sign-in within 5 minutes; run the command again")??;
    access_token(
        server,
        "/api/v1/auth/oidc/exchange",
        json!({"code": code, "verifier": secret}),
        "sign-in",
    )
    .await
}

/// Runs the client until end of input or `exit`.
pub async fn run(args: ChatArgs) -> anyhow::Result<()> {
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let style = Style { on: tty };
    let mut lines = Lines::start(tty);
    let server = args.server.trim_end_matches('/').to_owned();
    let token = match std::env::var("KUBECHAT_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
    {
        Some(t) => t,
        None if args.sso.is_some() => {
            sso_login(&server, args.sso.as_deref().unwrap_or_default()).await?
        }
        None => {
            let user = match args.user {
                Some(u) => u,
                None => lines.read("user: ").await.context("no user name")?,
            };
            let password = if tty {
                crate::users_cmd::read_hidden("password: ")?
            } else {
                lines
                    .read("")
                    .await
                    .context("no password on standard input")?
            };
            login(&server, &user, &password).await?
        }
    };
    let ws_url = format!(
        "{}/api/v1/chat/{}",
        server
            .replacen("https://", "wss://", 1)
            .replacen("http://", "ws://", 1),
        args.session
    );
    let mut req = ws_url.as_str().into_client_request()?;
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse()?);
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(req, None, true)
        .await
        .with_context(|| format!("cannot open the chat at {ws_url}"))?;
    let mut next_id = 0u64;
    let recv = async |ws: &mut tokio_tungstenite::WebSocketStream<_>| -> anyhow::Result<Value> {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => return Ok(serde_json::from_str(&t)?),
                Some(Ok(Message::Close(_))) | None => bail!("the server closed the chat"),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
            }
        }
    };
    let hello = recv(&mut ws).await?;
    println!(
        "{}",
        style.dim(&format!(
            "connected as {} ({}), session {}, namespace {} — type a request, or 'exit'",
            hello["user"].as_str().unwrap_or("?"),
            hello["role"].as_str().unwrap_or("?"),
            args.session,
            args.namespace
        ))
    );
    let mut out = std::io::stdout();
    let mut pending: Vec<Value> = hello["pending"].as_array().cloned().unwrap_or_default();
    // The fixes the last diagnosis proposed: `fix N` previews the N-th.
    let mut fixes: Vec<String> = Vec::new();
    loop {
        // A preview waiting (from this run or a resumed session) is
        // answered before the next request.
        if let Some(preview) = pending.pop() {
            let plan = preview["plan_id"].as_str().unwrap_or_default().to_owned();
            print!("{}", preview["text"].as_str().unwrap_or(""));
            if preview["confirmation"]["kind"] == "approval" {
                // Four eyes: nothing to answer here; another admin decides.
                println!(
                    "{} another admin must approve plan {plan} (web UI: Approvals); it then runs as you",
                    style.yellow("waiting:")
                );
                continue;
            }
            let (prompt, typed) = match preview["confirmation"]["kind"].as_str() {
                Some("typed") => {
                    let phrase = preview["confirmation"]["phrase"].as_str().unwrap_or("");
                    (
                        format!(
                            "{} type '{phrase}' to apply: ",
                            style.yellow("destructive:")
                        ),
                        true,
                    )
                }
                _ => ("apply? [y/N]: ".to_owned(), false),
            };
            let answer = lines.read(&prompt).await.unwrap_or_default();
            next_id += 1;
            let id = format!("t{next_id}");
            let confirmed = if typed {
                !answer.trim().is_empty()
            } else {
                matches!(answer.trim(), "y" | "Y" | "yes")
            };
            let msg = if confirmed {
                json!({"v": 1, "type": "confirm", "id": id, "plan_id": plan, "typed": answer.trim()})
            } else {
                json!({"v": 1, "type": "cancel", "id": id, "plan_id": plan})
            };
            ws.send(Message::Text(msg.to_string().into())).await?;
        } else {
            let Some(line) = lines.read(&style.bold("kubechat> ")).await else {
                break;
            };
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            if matches!(text, "exit" | "quit") {
                break;
            }
            // "fix 2": the second fix of the last diagnosis, asked as its
            // request — previewed and confirmed like any change.
            let text = match text.strip_prefix("fix").map(str::trim) {
                Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    match n
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| fixes.get(i.wrapping_sub(1)))
                    {
                        Some(request) => request.clone(),
                        None => {
                            println!(
                                "{} the last diagnosis proposed {} fix(es); say 'fix 1'…",
                                style.red("no such fix:"),
                                fixes.len()
                            );
                            continue;
                        }
                    }
                }
                // "delete the pod in pod.json": the file is read here,
                // where it is, and goes with the request.
                _ => match crate::attach::with_attachment(text) {
                    Ok(t) => t,
                    Err(e) => {
                        println!("{} {e:#}", style.red("not sent:"));
                        continue;
                    }
                },
            };
            next_id += 1;
            let msg = json!({"v": 1, "type": "ask", "id": format!("t{next_id}"), "text": text, "namespace": args.namespace, "bot": args.bot});
            ws.send(Message::Text(msg.to_string().into())).await?;
        }
        // Answers for this id until a final one.
        loop {
            let reply = {
                let _spin = Spinner::start(tty);
                recv(&mut ws).await?
            };
            match reply["type"].as_str() {
                Some("translated") => {
                    // Which bot answers, then what it will run.
                    let who = reply["bot"]["display_name"]
                        .as_str()
                        .map(|b| format!("{b} · "))
                        .unwrap_or_default();
                    println!(
                        "{}",
                        style.dim(&format!(
                            "{who}$ {}",
                            reply["kubectl"].as_str().unwrap_or("")
                        ))
                    );
                    continue;
                }
                Some("progress") => {
                    // A change handed to the operator, phase by phase.
                    println!(
                        "{}",
                        style.dim(&format!(
                            "operator: {}",
                            reply["phase"].as_str().unwrap_or("")
                        ))
                    );
                    continue;
                }
                Some("result") => {
                    print!("{}", reply["text"].as_str().unwrap_or(""));
                    let proposed: Vec<String> = reply["data"]["findings"]
                        .as_array()
                        .map(|fs| {
                            fs.iter()
                                .filter_map(|f| f["fix"]["request"].as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default();
                    if !proposed.is_empty() {
                        println!(
                            "{}",
                            style.dim(&format!(
                                "{} fix(es) proposed: type 'fix 1'{} to preview one",
                                proposed.len(),
                                if proposed.len() > 1 {
                                    format!(" … 'fix {}'", proposed.len())
                                } else {
                                    String::new()
                                }
                            ))
                        );
                        fixes = proposed;
                    }
                }
                Some("preview") => pending.push(reply),
                Some("nothing-to-change") => println!("nothing to change"),
                Some("cancelled") => println!("{}", style.dim("cancelled: nothing was changed")),
                Some("denied") => println!(
                    "{} {}",
                    style.red("denied:"),
                    reply["reason"].as_str().unwrap_or("")
                ),
                Some("error") => println!(
                    "{} {}",
                    style.red(&format!("{}:", reply["code"].as_str().unwrap_or("error"))),
                    reply["message"].as_str().unwrap_or("")
                ),
                _ => {}
            }
            out.flush()?;
            break;
        }
    }
    ws.close(None).await.ok();
    Ok(())
}
