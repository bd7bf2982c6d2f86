//! A running `omnisim serve` for tests: started on a free port of 127.0.0.1 in a folder of
//! the test's, stopped when dropped; and a plain HTTP/1.1 client for its API.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process and its address.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// What it printed at start.
    pub banner: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Starts `omnisim serve --port 0 ARGS` in `cwd` and waits for the address it prints.
// The child is waited for in `Server`'s drop, which the lint does not follow.
#[allow(clippy::zombie_processes)]
pub fn start(cwd: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("omnisim"))
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("omnisim serve starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut banner = String::new();
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            child.kill().ok();
            child.wait().ok();
            panic!("the server stopped before printing its address:\n{banner}");
        }
        banner.push_str(&line);
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split('/').next().unwrap().to_string();
            return Server {
                child,
                addr,
                banner,
            };
        }
    }
}

/// A response: status code and body.
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    /// One request (Connection: close), with a JSON body when given.
    pub fn request(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> Reply {
        let mut s = TcpStream::connect(&self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let rest = &raw[end + 4..];
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("a status");
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            String::from_utf8_lossy(&dechunk(rest)).into_owned()
        } else {
            String::from_utf8_lossy(rest).into_owned()
        };
        Reply { status, body }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &serde_json::Value) -> Reply {
        self.request("POST", path, Some(body))
    }

    /// Waits until no run is under way; returns the last status.
    pub fn wait_idle(&self, limit: Duration) -> serde_json::Value {
        let t = Instant::now();
        loop {
            let s = self.get("/api/status").json();
            if s["running"].is_null() {
                return s;
            }
            assert!(t.elapsed() < limit, "still running after {limit:?}: {s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&s[..eol]).trim().to_string();
        let n = usize::from_str_radix(&size, 16).unwrap_or(0);
        let rest = &s[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        s = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}
