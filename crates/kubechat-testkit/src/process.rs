//! Spawning control-plane processes that cannot outlive the test binary.
//!
//! A control plane shared by a whole test binary lives in a `static`, and
//! Rust never drops statics, so `Drop` alone would leak etcd and
//! kube-apiserver after every run (and could keep CI waiting). Children are
//! therefore started through util-linux `setpriv --pdeathsig KILL`, which
//! makes the kernel kill them when their parent thread exits. Because the
//! death signal follows the *thread* that forked, every spawn happens on one
//! dedicated thread that lives as long as the process.

use std::process::{Child, Command};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

use anyhow::{Context, Result, anyhow};

type Request = (Command, mpsc::Sender<std::io::Result<Child>>);

static SPAWNER: OnceLock<Mutex<mpsc::Sender<Request>>> = OnceLock::new();

fn spawner() -> &'static Mutex<mpsc::Sender<Request>> {
    SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("testkit-spawner".into())
            .spawn(move || {
                // Ends only with the process: the sender lives in a static.
                while let Ok((mut cmd, reply)) = rx.recv() {
                    let _ = reply.send(cmd.spawn());
                }
            })
            .map(|_| ())
            .unwrap_or(());
        Mutex::new(tx)
    })
}

fn setpriv() -> Option<&'static str> {
    ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

/// Starts `program args…` so that it dies with this process.
pub fn spawn_tied(program: &std::path::Path, args: &[String], log: std::fs::File) -> Result<Child> {
    let mut cmd = match setpriv() {
        Some(sp) => {
            let mut c = Command::new(sp);
            c.arg("--pdeathsig").arg("KILL").arg("--").arg(program);
            c
        }
        None => {
            tracing::warn!(
                "setpriv not found: {} may outlive the tests",
                program.display()
            );
            Command::new(program)
        }
    };
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    let (tx, rx) = mpsc::channel();
    spawner()
        .lock()
        .map_err(|_| anyhow!("spawner lock poisoned"))?
        .send((cmd, tx))
        .map_err(|_| anyhow!("spawner thread is gone"))?;
    rx.recv()
        .map_err(|_| anyhow!("spawner thread is gone"))?
        .with_context(|| format!("cannot start {}", program.display()))
}
