//! Starting and stopping the binary.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// A `kubechat` command with a clean environment: no `KUBECHAT__`
/// variables and a `HOME` without a kubeconfig, so only what a test sets
/// applies.
pub fn kubechat(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubechat"));
    cmd.current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", cwd)
        .stdin(Stdio::null());
    cmd
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("kubechat runs")
}

/// A running `kubechat serve`, killed if the test fails before stopping it.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub http: reqwest::Client,
    /// The server's stderr, read all along by a thread (a pipe nobody
    /// reads would block the server once its buffer is full); the last
    /// megabyte is kept.
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

const KEPT_STDERR: usize = 1 << 20;

impl Server {
    pub fn start(mut cmd: Command, port: u16) -> Self {
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kubechat serve starts");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let reader = child.stderr.take().map(|pipe| {
            let kept = stderr.clone();
            std::thread::spawn(move || {
                use std::io::BufRead;
                for line in std::io::BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let mut k = kept
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    k.push_str(&line);
                    k.push('\n');
                    if k.len() > KEPT_STDERR {
                        let cut = k.len() - KEPT_STDERR;
                        let cut = (cut..k.len()).find(|&i| k.is_char_boundary(i)).unwrap_or(0);
                        k.drain(..cut);
                    }
                }
            })
        });
        Self {
            child,
            stderr,
            reader,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("client"),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        self.http.get(format!("{}{path}", self.base)).send().await
    }

    /// Waits until `path` answers 200; fails with the server's stderr if the
    /// process exits first.
    pub async fn wait_for(&mut self, path: &str) {
        for _ in 0..300 {
            if let Ok(Some(status)) = self.child.try_wait() {
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                panic!(
                    "kubechat exited early with {status}:\n{}",
                    self.stderr_text()
                );
            }
            if matches!(self.get(path).await, Ok(r) if r.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{path} never answered 200");
    }

    pub fn sigterm(&self) {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.child.id()).expect("pid fits"));
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("signal sent");
    }

    /// What the server wrote to stderr so far (the last megabyte).
    fn stderr_text(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Waits (at most two minutes) for the process to exit and returns its
    /// status and stderr.
    pub fn wait(mut self) -> (std::process::ExitStatus, String) {
        // A watchdog kills a process that does not exit in time, so the
        // wait below always ends.
        let (done, watched) = std::sync::mpsc::channel::<()>();
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.child.id()).expect("pid fits"));
        let watchdog = std::thread::spawn(move || {
            let timed_out = matches!(
                watched.recv_timeout(Duration::from_secs(120)),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            );
            if timed_out {
                let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
            }
            timed_out
        });
        let status = self.child.wait().expect("wait");
        let _ = done.send(());
        let timed_out = watchdog.join().unwrap_or(false);
        assert!(
            !timed_out,
            "kubechat did not exit within 2 minutes:\n{}",
            self.stderr_text()
        );
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (status, self.stderr_text())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
