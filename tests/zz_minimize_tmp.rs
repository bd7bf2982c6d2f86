//! Temporary: minimises a failing scenario (not part of the suite).
use omnisim::scenario;
use omnisim::sim::{self, CheckLevel, RunOptions};
use std::path::Path;

fn fails(text: &str, pat: &str, timeout_ok: bool) -> bool {
    let Ok(sc) = scenario::load_str(text, "m.toml", Path::new(".")) else { return false };
    let (tx, rx) = std::sync::mpsc::channel();
    let sc2 = sc.clone();
    let pat2 = pat.to_string();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for p in 0..sc2.policies.len() {
                let r = sim::run_replication(&sc2, p, 0, RunOptions { audit: false, check: Some(CheckLevel::Full) });
                if let Some(v) = r.violation { if v.to_string().contains(&pat2) { return true; } }
                for x in r.all.iter().chain(r.stores.iter().flatten()) { if x.is_infinite() && pat2 == "INF" { return true; } }
            }
            false
        }));
        let _ = tx.send(match r { Ok(b) => b, Err(e) => {
            let m = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            m.contains(&pat2) } });
    });
    match rx.recv_timeout(std::time::Duration::from_secs(5)) { Ok(b) => b, Err(_) => timeout_ok }
}

#[test]
#[ignore]
fn minimize() {
    let input = std::env::var("MIN_IN").unwrap();
    let pat = std::env::var("MIN_PAT").unwrap();
    let timeout_ok = std::env::var("MIN_TIMEOUT").is_ok();
    let mut lines: Vec<String> = std::fs::read_to_string(&input).unwrap().lines().map(String::from).collect();
    assert!(fails(&lines.join("\n"), &pat, timeout_ok), "does not fail to start with");
    loop {
        let before = lines.len();
        // chunks, then single lines
        let mut chunk = lines.len() / 2;
        while chunk >= 1 {
            let mut i = 0;
            while i < lines.len() {
                let mut cand = lines.clone();
                let end = (i + chunk).min(cand.len());
                cand.drain(i..end);
                if fails(&cand.join("\n"), &pat, timeout_ok) { lines = cand; } else { i += chunk; }
            }
            chunk /= 2;
        }
        if lines.len() == before { break; }
    }
    let out = format!("{input}.min");
    std::fs::write(&out, lines.join("\n") + "\n").unwrap();
    println!("{}", lines.join("\n"));
}
