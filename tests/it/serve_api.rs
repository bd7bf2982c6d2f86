//! `omnisim serve` at the HTTP level, without a browser: the controls start from the
//! scenario; a bad value comes back as the validator's message under its control; caps and
//! unknown controls are refused; one run at a time (a second is refused while one runs); a
//! run can be cancelled and the server goes on; a finished run is kept with its KPI rows and
//! a scenario file that reproduces it; the server writes only under its output folder.

use crate::support::serve;

use serde_json::json;
use std::path::Path;
use std::time::Duration;

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_api_validates_runs_one_at_a_time_cancels_and_keeps_runs() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve::start(dir.path(), &[]);
    assert!(!server.banner.contains("NOTE"), "{}", server.banner);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<script src=\"/app.js\">"));
    assert_eq!(server.get("/app.js").status, 200);
    assert_eq!(server.get("/style.css").status, 200);

    let controls = server.get("/api/controls").json();
    let start = |id: &str| {
        controls["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no control {id}"))["start"]
            .clone()
    };
    assert_eq!(start("cross_training"), json!(1.0));
    assert_eq!(start("staff.midtown.online_early"), json!(3));
    assert_eq!(controls["baseline"], "siloed");

    // The validator's message, under the control that caused it.
    let r = server.post("/api/run", &json!({ "values": { "sync_interval": "30s" } }));
    assert_eq!(r.status, 422, "{}", r.body);
    let msg = r.json()["problems"]["sync_interval"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("at least 1 min"), "{msg}");
    let r = server.post(
        "/api/check",
        &json!({ "values": { "bopis_promise": "soon" } }),
    );
    assert_eq!(r.status, 422);
    assert!(
        r.json()["problems"]["bopis_promise"].is_string(),
        "{}",
        r.body
    );
    // Caps, and values of controls that do not exist (a request never names a path).
    for (body, key) in [
        (json!({ "replications": 100000 }), "replications"),
        (json!({ "values": { "demand_scale": 100 } }), "demand_scale"),
        (
            json!({ "values": { "staff.midtown.stock": 100000 } }),
            "staff.midtown.stock",
        ),
        (
            json!({ "values": { "../../etc/passwd": 1 } }),
            "../../etc/passwd",
        ),
    ] {
        let r = server.post("/api/run", &body);
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert!(r.json()["problems"][key].is_string(), "{body}: {}", r.body);
    }
    // A request that is not a run request at all.
    for body in [
        json!({ "replications": 12.5 }),
        json!({ "mode": "everything" }),
    ] {
        let r = server.post("/api/run", &body);
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert!(r.json()["problems"][""].is_string(), "{body}: {}", r.body);
    }
    assert!(server.get("/api/status").json()["running"].is_null());

    // One run at a time; a cancelled run leaves no result and the server goes on.
    let r = server.post("/api/run", &json!({ "replications": 60 }));
    assert_eq!(r.status, 202, "{}", r.body);
    let long = r.json()["id"].as_u64().unwrap();
    let second = server.post("/api/run", &json!({ "replications": 2 }));
    assert_eq!(second.status, 409, "{}", second.body);
    assert!(
        second.json()["error"]
            .as_str()
            .unwrap()
            .contains("one run at a time")
    );
    let c = server.post("/api/cancel", &json!({}));
    assert_eq!(c.status, 200, "{}", c.body);
    let s = server.wait_idle(Duration::from_secs(120));
    assert_eq!(s["last_end"]["id"], long);
    assert_eq!(s["last_end"]["state"], "cancelled");
    assert!(s["runs"].as_array().unwrap().is_empty());
    assert_eq!(server.post("/api/cancel", &json!({})).status, 409);

    // A quick run, kept with its rows and its scenario file.
    let r = server.post(
        "/api/run",
        &json!({ "replications": 3, "values": { "cross_training": 0.5 } }),
    );
    assert_eq!(r.status, 202, "{}", r.body);
    let id = r.json()["id"].as_u64().unwrap();
    let s = server.wait_idle(Duration::from_secs(300));
    assert_eq!(s["runs"], json!([id]), "{s}");
    let run = server.get(&format!("/api/runs/{id}")).json();
    assert_eq!(run["replications"], 3);
    let bopis = run["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kpi"] == "bopis_on_time_rate")
        .expect("a BOPIS on-time row");
    assert!(bopis["ci_low"].as_f64().unwrap() <= bopis["diff"].as_f64().unwrap());
    assert!(bopis["diff"].as_f64().unwrap() <= bopis["ci_high"].as_f64().unwrap());
    assert!(!run["timeline"].as_array().unwrap().is_empty());
    assert!(run["profile"].as_str().unwrap().contains("<svg"));
    let toml = server.get(&format!("/api/runs/{id}/scenario.toml"));
    assert_eq!(toml.status, 200);
    assert!(
        toml.body.contains("cross_training_share = 0.5"),
        "{}",
        toml.body
    );
    assert!(toml.body.contains("replications = 3"), "{}", toml.body);
    assert_eq!(server.get("/api/runs/999").status, 404);
    // The list of the session's runs leaves the charts out.
    let list = server.get("/api/runs").json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("timeline").is_none());

    // Everything written is under results/serve of the working folder.
    let files = files_under(dir.path());
    assert!(!files.is_empty());
    for f in &files {
        assert!(
            f.starts_with(dir.path().join("results").join("serve")),
            "{}",
            f.display()
        );
    }
}

#[test]
fn a_story_runs_the_steps_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve::start(dir.path(), &["--out", "here"]);
    let r = server.post("/api/run", &json!({ "mode": "story", "replications": 2 }));
    assert_eq!(r.status, 202, "{}", r.body);
    let id = r.json()["id"].as_u64().unwrap();
    server.wait_idle(Duration::from_secs(300));
    let run = server.get(&format!("/api/runs/{id}")).json();
    assert_eq!(
        run["policies"],
        json!([
            "siloed",
            "+visibility",
            "+cross_training",
            "+communication",
            "+metrics"
        ])
    );
    let steps = run["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    for s in steps {
        let kpis: Vec<&str> = s["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kpi"].as_str().unwrap())
            .collect();
        for k in ["labour_cost", "technology_cost", "training_cost"] {
            assert!(kpis.contains(&k), "{k} missing");
        }
    }
    assert!(dir.path().join("here").join(format!("run-{id}")).is_dir());
}

#[test]
fn beyond_loopback_the_server_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve::start(dir.path(), &["--bind", "0.0.0.0"]);
    assert!(server.banner.contains("NOTE"), "{}", server.banner);
    assert!(server.banner.contains("no login"), "{}", server.banner);
}
