//! `omnisim serve`: the workshop web application. A local HTTP server (127.0.0.1 by default)
//! with one page whose controls set the levers, the visibility settings and the store, and
//! run a quick experiment of the siloed baseline against the policy the controls describe.
//!
//! - [`controls`]: the control table and how controls become `--set`-style overrides.
//! - the job: one run at a time per server, in a background thread; progress counted per
//!   finished replication; a cancel flag checked between replications.
//! - the routes: the page and its assets (embedded), `/api/controls`, `/api/run`,
//!   `/api/status`, `/api/cancel`, `/api/runs`, `/api/runs/{id}`, `/api/scenario.toml`.
//!
//! A request carries control values only, within the caps of [`controls`]; whatever the
//! server writes goes under its output folder (`results/serve` by default), in folders it
//! names itself.

pub mod controls;

use crate::experiment::stats::{paired, summarize};
use crate::experiment::{self, Plan};
use crate::kpis::{KPIS, kpi_index};
use crate::report;
use crate::runs::OutputDir;
use anyhow::{Context, Result};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use controls::{Base, Built, Problems, Settings};
use serde::Serialize;
use serde_json::{Value as JsonValue, json};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Runs of a session kept for comparison (the oldest is dropped beyond this).
pub const MAX_KEPT_RUNS: usize = 20;

/// The KPIs the page's table shows: the headline KPIs, then the costs of the steps.
pub fn page_kpis() -> Vec<usize> {
    let mut out: Vec<usize> = (0..KPIS.len()).filter(|&k| KPIS[k].headline).collect();
    for name in ["technology_cost", "training_cost"] {
        if let Some(k) = kpi_index(name)
            && !out.contains(&k)
        {
            out.push(k);
        }
    }
    out
}

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// the baseline against the policy the controls describe
    Compare,
    /// the baseline, then the steps added one at a time
    Story,
}

/// A run request: the mode and the settings.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct RunRequest {
    /// compare (default) or story
    #[serde(default = "default_mode")]
    pub mode: Mode,
    /// control values and replications
    #[serde(flatten)]
    pub settings: Settings,
}

fn default_mode() -> Mode {
    Mode::Compare
}

/// The run under way.
struct Running {
    id: u32,
    mode: Mode,
    total: u32,
    done: AtomicU32,
    cancel: AtomicBool,
    started: Instant,
}

/// How the last run ended, when it did not give a result.
#[derive(Clone, Debug, Serialize)]
struct Ended {
    id: u32,
    state: &'static str,
    message: String,
}

/// The server's state.
pub struct Shared {
    base: Base,
    out: PathBuf,
    current: Mutex<Option<Arc<Running>>>,
    last_end: Mutex<Option<Ended>>,
    runs: Mutex<Vec<Arc<JsonValue>>>,
    next_id: AtomicU32,
}

impl Shared {
    /// A server for `base` writing under `out`.
    pub fn new(base: Base, out: PathBuf) -> Shared {
        Shared {
            base,
            out,
            current: Mutex::new(None),
            last_end: Mutex::new(None),
            runs: Mutex::new(Vec::new()),
            next_id: AtomicU32::new(1),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panicking run thread must not take the server down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The routes of the application.
pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .route("/", get(index))
        .route("/app.js", get(app_js))
        .route("/style.css", get(style_css))
        .route("/api/controls", get(api_controls))
        .route("/api/check", post(api_check))
        .route("/api/run", post(api_run))
        .route("/api/status", get(api_status))
        .route("/api/cancel", post(api_cancel))
        .route("/api/runs", get(api_runs))
        .route("/api/runs/{id}", get(api_run_by_id))
        .route("/api/runs/{id}/scenario.toml", get(api_run_toml))
        .route("/api/scenario.toml", post(api_toml))
        .with_state(shared)
}

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

async fn index() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        INDEX_HTML,
    )
        .into_response()
}

async fn app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
        .into_response()
}

async fn style_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLE_CSS,
    )
        .into_response()
}

async fn api_controls(State(s): State<Arc<Shared>>) -> Json<JsonValue> {
    let b = &s.base;
    Json(json!({
        "scenario": b.scenario.name,
        "file": b.file,
        "baseline": b.baseline_name(),
        "chosen": b.chosen_name(),
        "seed": b.scenario.seed,
        "days": b.scenario.days.min(controls::MAX_DAYS),
        "warmup_days": b.scenario.warmup_days.min(controls::MAX_WARMUP_DAYS),
        "controls": b.controls,
        "caps": {
            "replications": controls::MAX_REPLICATIONS,
            "default_replications": controls::DEFAULT_REPLICATIONS,
            "days": controls::MAX_DAYS,
            "demand_scale": controls::MAX_DEMAND_SCALE,
            "staff_per_group": controls::MAX_STAFF_PER_GROUP,
        },
        "steps": controls::STORY_STEPS,
    }))
}

fn problems_response(problems: Problems) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": "some values are not valid", "problems": problems })),
    )
        .into_response()
}

/// A request that is not the JSON of a run request: the reason, for the whole request.
fn bad_request(e: &JsonRejection) -> Response {
    let mut p = Problems::new();
    p.insert(
        String::new(),
        format!("the request is not valid: {}", e.body_text()),
    );
    problems_response(p)
}

fn build_for(s: &Shared, req: &RunRequest) -> Result<Built, Problems> {
    match req.mode {
        Mode::Compare => controls::build(&s.base, &req.settings),
        Mode::Story => controls::build_story(&s.base, &req.settings),
    }
}

async fn api_check(
    State(s): State<Arc<Shared>>,
    req: Result<Json<RunRequest>, JsonRejection>,
) -> Response {
    let req = match req {
        Ok(Json(r)) => r,
        Err(e) => return bad_request(&e),
    };
    match build_for(&s, &req) {
        Ok(b) => Json(json!({ "ok": true, "overrides": b.overrides.iter().map(|o| o.text()).collect::<Vec<_>>() })).into_response(),
        Err(p) => problems_response(p),
    }
}

async fn api_toml(
    State(s): State<Arc<Shared>>,
    req: Result<Json<RunRequest>, JsonRejection>,
) -> Response {
    let req = match req {
        Ok(Json(r)) => r,
        Err(e) => return bad_request(&e),
    };
    match build_for(&s, &req) {
        Ok(b) => toml_response(b.text),
        Err(p) => problems_response(p),
    }
}

fn toml_response(text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/toml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"workshop.toml\"",
            ),
        ],
        text,
    )
        .into_response()
}

async fn api_run(
    State(s): State<Arc<Shared>>,
    req: Result<Json<RunRequest>, JsonRejection>,
) -> Response {
    let req = match req {
        Ok(Json(r)) => r,
        Err(e) => return bad_request(&e),
    };
    let built = match build_for(&s, &req) {
        Ok(b) => b,
        Err(p) => return problems_response(p),
    };
    let running = {
        let mut current = lock(&s.current);
        if let Some(r) = current.as_ref() {
            return (
                StatusCode::CONFLICT,
                Json(json!({
                    "error": format!("run {} is under way: one run at a time; wait for it or cancel it", r.id)
                })),
            )
                .into_response();
        }
        let r = Arc::new(Running {
            id: s.next_id.fetch_add(1, Ordering::SeqCst),
            mode: req.mode,
            total: built.replications * built.scenario.policies.len() as u32,
            done: AtomicU32::new(0),
            cancel: AtomicBool::new(false),
            started: Instant::now(),
        });
        *current = Some(r.clone());
        r
    };
    let id = running.id;
    let shared = s.clone();
    let settings = req.settings.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("omnisim-serve-run-{id}"))
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                execute(&shared, &running, &built, &settings)
            }));
            let ended = match outcome {
                Ok(Ok(Some(result))) => {
                    let mut runs = lock(&shared.runs);
                    runs.push(Arc::new(result));
                    let extra = runs.len().saturating_sub(MAX_KEPT_RUNS);
                    runs.drain(..extra);
                    None
                }
                Ok(Ok(None)) => Some(Ended {
                    id: running.id,
                    state: "cancelled",
                    message: "the run was cancelled".into(),
                }),
                Ok(Err(e)) => Some(Ended {
                    id: running.id,
                    state: "failed",
                    message: format!("{e:#}"),
                }),
                Err(_) => Some(Ended {
                    id: running.id,
                    state: "failed",
                    message: "the run failed (internal error)".into(),
                }),
            };
            *lock(&shared.last_end) = ended;
            *lock(&shared.current) = None;
        });
    if let Err(e) = spawned {
        *lock(&s.current) = None;
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "error": format!("cannot start the run: {e}") })),
        )
            .into_response();
    }
    (StatusCode::ACCEPTED, Json(json!({ "id": id }))).into_response()
}

async fn api_status(State(s): State<Arc<Shared>>) -> Json<JsonValue> {
    let current = lock(&s.current).clone();
    let running = current.map(|r| {
        json!({
            "id": r.id,
            "mode": r.mode,
            "done": r.done.load(Ordering::SeqCst),
            "total": r.total,
            "seconds": r.started.elapsed().as_secs_f64(),
            "cancelling": r.cancel.load(Ordering::SeqCst),
        })
    });
    let runs: Vec<u32> = lock(&s.runs)
        .iter()
        .filter_map(|r| r["id"].as_u64().map(|x| x as u32))
        .collect();
    Json(json!({
        "running": running,
        "last_end": lock(&s.last_end).clone(),
        "runs": runs,
    }))
}

async fn api_cancel(State(s): State<Arc<Shared>>) -> Response {
    match lock(&s.current).as_ref() {
        Some(r) => {
            r.cancel.store(true, Ordering::SeqCst);
            Json(json!({ "cancelling": r.id })).into_response()
        }
        None => (
            StatusCode::CONFLICT,
            Json(json!({ "error": "no run is under way" })),
        )
            .into_response(),
    }
}

async fn api_runs(State(s): State<Arc<Shared>>) -> Json<JsonValue> {
    let runs = lock(&s.runs);
    Json(JsonValue::Array(
        runs.iter()
            .map(|r| {
                // The list without the charts and the file.
                let mut x = (**r).clone();
                if let Some(o) = x.as_object_mut() {
                    o.remove("timeline");
                    o.remove("profile");
                    o.remove("toml");
                }
                x
            })
            .collect(),
    ))
}

fn find_run(s: &Shared, id: u32) -> Option<Arc<JsonValue>> {
    lock(&s.runs)
        .iter()
        .find(|r| r["id"].as_u64() == Some(u64::from(id)))
        .cloned()
}

fn no_run(id: u32) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": format!("no finished run {id} in this session") })),
    )
        .into_response()
}

async fn api_run_by_id(State(s): State<Arc<Shared>>, UrlPath(id): UrlPath<u32>) -> Response {
    match find_run(&s, id) {
        Some(r) => Json((*r).clone()).into_response(),
        None => no_run(id),
    }
}

async fn api_run_toml(State(s): State<Arc<Shared>>, UrlPath(id): UrlPath<u32>) -> Response {
    match find_run(&s, id) {
        Some(r) => toml_response(r["toml"].as_str().unwrap_or_default().to_string()),
        None => no_run(id),
    }
}

/// A short description of the settings: the controls moved from their start values.
fn label_of(base: &Base, settings: &Settings) -> String {
    let moved: Vec<String> = base
        .controls
        .iter()
        .filter_map(|c| {
            let v = settings.values.get(&c.id)?;
            (!controls::same(v, &c.start)).then(|| {
                let shown = match v {
                    JsonValue::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{} = {shown}", c.label)
            })
        })
        .collect();
    if moved.is_empty() {
        format!("{} as in the scenario", base.chosen_name())
    } else {
        moved.join(", ")
    }
}

/// Runs `built` one replication at a time (the cancel flag is checked between them), writes
/// its files under the server's folder, and returns the page's view of it; None when
/// cancelled.
fn execute(
    s: &Shared,
    running: &Running,
    built: &Built,
    settings: &Settings,
) -> Result<Option<JsonValue>> {
    let sc = &built.scenario;
    let plan = Plan {
        replications: 0,
        seed: sc.seed,
        threads: 0,
        confidence: sc.experiment.confidence,
        timeline_replication: 0,
        timeline_day: None,
    };
    let mut result = experiment::run(sc, &plan, &|| {})?;
    let tick = || {
        running.done.fetch_add(1, Ordering::SeqCst);
    };
    for _ in 0..built.replications {
        if running.cancel.load(Ordering::SeqCst) {
            return Ok(None);
        }
        experiment::extend(&mut result, 1, &tick)?;
    }
    let dir = s.out.join(format!("run-{}", running.id));
    let out = OutputDir::open(&dir, "serve")?;
    let overrides: Vec<String> = built.overrides.iter().map(|o| o.text()).collect();
    let extras = report::Extras {
        overrides: &overrides,
        ..Default::default()
    };
    report::write_results(out, &result, &extras, true)?;
    let (timeline, profile) = report::html::timeline_and_profile(&dir)
        .with_context(|| format!("charts of {}", dir.display()))?;
    let (rows, steps) = tables(&result, running.mode, s.base.chosen);
    Ok(Some(json!({
        "id": running.id,
        "mode": running.mode,
        "label": match running.mode {
            Mode::Compare => label_of(&s.base, settings),
            Mode::Story => format!("story, steps towards: {}", label_of(&s.base, settings)),
        },
        "settings": settings,
        "overrides": overrides,
        "replications": result.plan.replications,
        "seed": result.plan.seed,
        "days": sc.days,
        "warmup_days": sc.warmup_days,
        "confidence": result.plan.confidence,
        "comparison_confidence": result.comparison_confidence(),
        "policies": sc.policies.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        "baseline": sc.policies[sc.baseline].name,
        "chosen": s.base.chosen_name(),
        "wall_seconds": result.wall_seconds,
        "rows": rows,
        "steps": steps,
        "timeline": timeline,
        "profile": profile,
        "folder": dir.display().to_string(),
        "toml": built.text,
    })))
}

/// The report's verdict on a change (so the page and report.html agree, negligible included):
/// one of better, worse, higher, lower, negligible, or "no clear difference".
fn verdict(
    kpi: usize,
    c: &crate::experiment::stats::PairedComparison,
    baseline: f64,
) -> &'static str {
    match crate::report::words::judge(
        Some(&KPIS[kpi]),
        c.diff.mean,
        c.diff.ci_low,
        c.diff.ci_high,
        baseline,
    ) {
        crate::report::words::Verdict::Unclear => "no clear difference",
        v => v.key(),
    }
}

fn num(v: f64) -> JsonValue {
    if v.is_finite() {
        json!(v)
    } else {
        JsonValue::Null
    }
}

/// The KPI rows against the baseline (for every non-baseline policy, the chosen one first
/// in a comparison; the last step in a story), and in a story each step against the one
/// before it.
fn tables(r: &experiment::ExperimentResult, mode: Mode, chosen: usize) -> (JsonValue, JsonValue) {
    let all = r.scenario.stores.len();
    let b = r.scenario.baseline;
    let level = r.comparison_confidence();
    let conf = r.plan.confidence;
    let kpis = page_kpis();
    let row = |p: usize, q: usize, k: usize| {
        let c = paired(&r.series(p, all, k), &r.series(q, all, k), level);
        let sp = summarize(&r.series(p, all, k), conf);
        let sq = summarize(&r.series(q, all, k), conf);
        json!({
            "kpi": KPIS[k].name,
            "label": KPIS[k].label,
            "unit": KPIS[k].unit,
            "direction": KPIS[k].direction.word(),
            "from": num(sq.mean),
            "from_half_width": num(sq.half_width()),
            "to": num(sp.mean),
            "to_half_width": num(sp.half_width()),
            "diff": num(c.diff.mean),
            "ci_low": num(c.diff.ci_low),
            "ci_high": num(c.diff.ci_high),
            "rel_change": num(c.rel_change),
            "verdict": verdict(k, &c, sq.mean),
        })
    };
    let n = r.scenario.policies.len();
    let target = match mode {
        Mode::Story => n - 1,
        Mode::Compare => chosen,
    };
    let rows: Vec<JsonValue> = kpis.iter().map(|&k| row(target, b, k)).collect();
    let steps: Vec<JsonValue> = match mode {
        Mode::Compare => Vec::new(),
        Mode::Story => (1..n)
            .map(|p| {
                json!({
                    "policy": r.scenario.policies[p].name,
                    "after": r.scenario.policies[p - 1].name,
                    "rows": kpis.iter().map(|&k| row(p, p - 1, k)).collect::<Vec<_>>(),
                })
            })
            .collect(),
    };
    (JsonValue::Array(rows), JsonValue::Array(steps))
}

/// Options of `omnisim serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Scenario file (None: the embedded default).
    pub scenario: Option<PathBuf>,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Folder the server writes its runs into.
    pub out: PathBuf,
}

/// Starts the server and serves until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<()> {
    let (text, file, base_dir) = super::scenario_source(opts.scenario.as_ref())?;
    let base = Base::new(text, file, base_dir)?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let shown = if local.ip().is_unspecified() {
            SocketAddr::new(IpAddr::from([127, 0, 0, 1]), local.port())
        } else {
            local
        };
        println!(
            "omnisim {} workshop: scenario \"{}\" ({}), {} against {}",
            env!("CARGO_PKG_VERSION"),
            base.scenario.name,
            base.file,
            base.chosen_name(),
            base.baseline_name()
        );
        println!("runs are written under {}", opts.out.display());
        if !local.ip().is_loopback() {
            println!(
                "NOTE: listening on {local}, beyond this machine: anyone who can reach this address on the network can use the workshop (there is no login); stop it with Ctrl-C after the session"
            );
        }
        println!("open http://{shown}/ in a browser (Ctrl-C stops the server)");
        use std::io::Write;
        std::io::stdout().flush().ok();
        let shared = Arc::new(Shared::new(base, opts.out));
        axum::serve(listener, router(shared))
            .await
            .context("the server stopped")
    })
}
