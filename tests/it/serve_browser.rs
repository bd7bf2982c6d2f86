//! The workshop in a real browser: `omnisim serve` on a free port, headless Chromium driven
//! through the DevTools protocol (a small client over a WebSocket). The test moves
//! cross-training to 50%, runs, waits for the result, and checks the KPI table's values
//! against `omnisim run` of the scenario file the page offers for that run; a bad value gets
//! the validator's message next to its control; the page throws no script error, and its
//! screenshot is not blank. Without chromium the test skips, except
//! under CI (`CI=true`), where it fails.

use crate::support::browser::{chromium_or_skip, headless};

use crate::support::serve;

use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// Headless Chromium as this machine's closed network needs it (no background connections),
/// with a fresh profile folder and the DevTools protocol on a free port.
fn start_browser(browser: &Path, profile: &Path) -> (Child, String) {
    let mut child = headless(browser, profile)
        .args([
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--window-size=1300,1000",
        ])
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let err = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    // Chromium goes on logging: a thread drains its stderr and hands over the address.
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in err.lines().map_while(Result::ok) {
            if let Some(url) = line.split("DevTools listening on ").nth(1)
                && let Some(tx) = tx.take()
            {
                tx.send(url.trim().to_string()).ok();
            }
        }
    });
    let url = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(u) => u,
        Err(_) => {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not print its DevTools address");
        }
    };
    (child, url)
}

/// A DevTools protocol session with one page.
struct Cdp {
    ws: WebSocket<TcpStream>,
    next: u64,
    session: Option<String>,
    exceptions: Vec<Value>,
}

impl Cdp {
    fn connect(url: &str) -> Cdp {
        let hostport = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let stream = TcpStream::connect(&hostport).expect("DevTools port");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        let (ws, _) = tungstenite::client(url, stream).expect("WebSocket handshake");
        Cdp {
            ws,
            next: 0,
            session: None,
            exceptions: Vec::new(),
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = &self.session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .expect("send to chromium");
        loop {
            let m = self.ws.read().expect("read from chromium");
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).expect("JSON from chromium");
            if v["method"] == "Runtime.exceptionThrown" {
                self.exceptions.push(v["params"].clone());
            }
            if v["id"] == id {
                if let Some(e) = v.get("error") {
                    panic!("{method}: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    /// Evaluates `expr` in the page (awaiting a promise) and returns its value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expr}: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Waits until `expr` is true in the page.
    fn wait_for(&mut self, expr: &str, limit: Duration) {
        let t = Instant::now();
        while self.eval(expr) != json!(true) {
            assert!(t.elapsed() < limit, "timed out waiting for {expr}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && c != b'\n').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c) << (18 - 6 * i);
        }
        let keep = chunk.len() - 1;
        for i in 0..keep {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode("YWJj"), b"abc");
}

/// Distinct RGB colours in a PNG.
fn distinct_colours(bytes: &[u8]) -> usize {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let step = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected colour type {other:?}"),
    };
    buf[..info.buffer_size()]
        .chunks_exact(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect::<HashSet<[u8; 3]>>()
        .len()
}

/// `comparison.csv`: (diff_mean, ci_low, ci_high) of `policy` for store `all`, by KPI.
fn comparison(path: &Path, policy: &str) -> std::collections::BTreeMap<String, [f64; 3]> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let (p, s, k, d, lo, hi) = (
        col("policy"),
        col("store"),
        col("kpi"),
        col("diff_mean"),
        col("ci_low"),
        col("ci_high"),
    );
    let num = |x: &str| x.parse::<f64>().unwrap_or(f64::NAN);
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[p] == policy && f[s] == "all")
        .map(|f| (f[k].to_string(), [num(f[d]), num(f[lo]), num(f[hi])]))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_trainer_moves_cross_training_runs_and_sees_what_omnisim_run_gives() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = serve::start(dir.path(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let (chrome, url) = start_browser(&browser, profile.path());
    struct Kill(Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            self.0.kill().ok();
            self.0.wait().ok();
        }
    }
    let _guard = Kill(chrome);

    let mut cdp = Cdp::connect(&url);
    let target = cdp.call("Target.createTarget", json!({ "url": "about:blank" }));
    let attached = cdp.call(
        "Target.attachToTarget",
        json!({ "targetId": target["targetId"], "flatten": true }),
    );
    cdp.session = Some(attached["sessionId"].as_str().unwrap().to_string());
    cdp.call("Runtime.enable", json!({}));
    cdp.call(
        "Page.navigate",
        json!({ "url": format!("http://{}/", server.addr) }),
    );
    let minute = Duration::from_secs(60);
    cdp.wait_for("!!document.getElementById('c-cross_training')", minute);

    // Cross-training to 50%, four replications, Run.
    cdp.eval(
        "(() => { const i = document.getElementById('c-cross_training'); i.value = '0.5'; \
         i.dispatchEvent(new Event('input', { bubbles: true })); \
         document.getElementById('replications').value = '4'; \
         document.getElementById('run').click(); return true; })()",
    );
    cdp.wait_for(
        "!document.getElementById('result').hidden && \
         document.querySelectorAll('#kpi-table tbody tr').length > 0 && \
         document.getElementById('run').disabled === false",
        Duration::from_secs(600),
    );
    assert_eq!(
        cdp.eval("document.getElementById('o-cross_training').textContent"),
        json!("50%")
    );
    let rows = cdp.eval(
        "[...document.querySelectorAll('#kpi-table tbody tr')].map(tr => { \
           const d = tr.querySelector('td.diff'); \
           return [tr.dataset.kpi, Number(d.dataset.diff), Number(d.dataset.low), Number(d.dataset.high), \
                   tr.querySelector('td.verdict').textContent]; })",
    );
    let rows = rows.as_array().unwrap().clone();
    assert!(
        rows.iter().any(|r| r[0] == "bopis_on_time_rate"),
        "{rows:?}"
    );
    // The file the page offers for this run, from the session table's link.
    let toml = cdp.eval(
        "fetch(document.querySelector('#session-table a[download]').href).then(r => r.text())",
    );
    let toml = toml.as_str().expect("the scenario file").to_string();
    assert!(toml.contains("cross_training_share = 0.5"), "{toml}");
    let shot = cdp.call(
        "Page.captureScreenshot",
        json!({ "format": "png", "captureBeyondViewport": false }),
    );
    let png = base64_decode(shot["data"].as_str().unwrap());
    // The manual's picture of the page is this screenshot:
    // OMNISIM_SCREENSHOT=docs/src/images/workshop.png cargo test --release --test it serve_browser::
    if let Some(path) = std::env::var_os("OMNISIM_SCREENSHOT") {
        std::fs::write(&path, &png).expect("write the screenshot");
    }
    let colours = distinct_colours(&png);
    assert!(colours > 200, "screenshot looks blank: {colours} colours");
    assert!(
        cdp.exceptions.is_empty(),
        "the page threw: {:#?}",
        cdp.exceptions
    );

    // A bad value gets the validator's message next to its control, and no run starts.
    cdp.eval(
        "(() => { const i = document.getElementById('c-sync_interval'); i.value = '30s'; \
         i.dispatchEvent(new Event('input', { bubbles: true })); return true; })()",
    );
    cdp.wait_for(
        "document.getElementById('err-sync_interval').textContent.includes('at least 1 min') && \
         document.getElementById('box-sync_interval').classList.contains('invalid')",
        minute,
    );
    cdp.eval("document.getElementById('run').click(), true");
    cdp.wait_for(
        "document.getElementById('message').textContent.includes('Fix the values')",
        minute,
    );
    assert!(server.get("/api/status").json()["running"].is_null());
    assert!(
        cdp.exceptions.is_empty(),
        "the page threw: {:#?}",
        cdp.exceptions
    );
    // The check above sees a script error when there is one.
    cdp.eval("setTimeout(() => { throw new Error('probe'); }, 0), true");
    cdp.wait_for("new Promise(r => setTimeout(() => r(true), 200))", minute);
    assert_eq!(cdp.exceptions.len(), 1, "{:#?}", cdp.exceptions);
    assert!(cdp.exceptions[0].to_string().contains("probe"));

    // omnisim run of that file gives the same intervals.
    let file = dir.path().join("downloaded.toml");
    std::fs::write(&file, &toml).unwrap();
    let out = dir.path().join("cli");
    let o = Command::new(assert_cmd::cargo::cargo_bin("omnisim"))
        .args(["run", "--quiet", "--no-report", "--out"])
        .arg(&out)
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cli = comparison(&out.join("comparison.csv"), "aligned");
    for r in &rows {
        let kpi = r[0].as_str().unwrap();
        let page = [
            r[1].as_f64().unwrap_or(f64::NAN),
            r[2].as_f64().unwrap_or(f64::NAN),
            r[3].as_f64().unwrap_or(f64::NAN),
        ];
        let want = cli
            .get(kpi)
            .unwrap_or_else(|| panic!("{kpi} not in comparison.csv"));
        for i in 0..3 {
            assert!(
                close(page[i], want[i]),
                "{kpi}: page {page:?}, omnisim run {want:?}"
            );
        }
    }
}
