//! What the CLI's end-to-end test files share: running the binary, writing fixtures, reading the
//! server's framed messages. Each test file uses a part of it.
#![allow(dead_code)]

pub mod docs;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// What one run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// How long a run may take before it counts as hung (a watchdog, not a speed goal: those are
/// measured in the benchmarks).
const HUNG_AFTER: Duration = Duration::from_secs(600);

/// Runs `nianbao` with `args` from the folder `cwd`, without colours. A run that does not end
/// within [`HUNG_AFTER`] (one that reads a device for ever, or follows a symbolic-link loop) is
/// killed and fails the test.
pub fn nianbao(cwd: &Path, args: &[&str]) -> Run {
    run(cwd, args, None)
}

/// Runs `nianbao` as [`nianbao`] does, with `input` on its standard input.
pub fn nianbao_with_input(cwd: &Path, args: &[&str], input: &[u8]) -> Run {
    run(cwd, args, Some(input.to_vec()))
}

fn run(cwd: &Path, args: &[&str], input: Option<Vec<u8>>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the nianbao binary runs");
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&input);
        });
    }
    let stdout = read_on_a_thread(child.stdout.take().expect("piped stdout"));
    let stderr = read_on_a_thread(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + HUNG_AFTER;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nianbao {args:?} did not end within {HUNG_AFTER:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().expect("nianbao exits with a status"),
        stdout: stdout
            .join()
            .expect("stdout was read")
            .expect("stdout is UTF-8"),
        stderr: stderr
            .join()
            .expect("stderr was read")
            .expect("stderr is UTF-8"),
    }
}

/// Reads a child's pipe to its end, as text, on a thread of its own (so that a full pipe never
/// blocks the child); an error when the pipe fails or its bytes are not UTF-8.
pub fn read_on_a_thread(
    mut pipe: impl Read + Send + 'static,
) -> JoinHandle<std::io::Result<String>> {
    std::thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).map(|_| text)
    })
}

/// The framed messages a server writes to `stdout`, read on a thread of their own; the receiver is
/// disconnected when the stream ends.
pub fn messages_on_a_thread(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(msg) = read_message(&mut reader) {
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    rx
}

/// Writes `contents` to `dir/name`, creating the folders on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("the folder can be created");
    }
    fs::write(path, contents).expect("the fixture can be written");
}

/// Reads one Content-Length framed message; `None` at the end of the stream.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
