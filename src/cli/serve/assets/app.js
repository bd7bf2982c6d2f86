// The workshop page: controls from /api/controls, runs through /api/run and /api/status.
// Plain script, nothing fetched but this server's own API.
"use strict";

const state = { info: null, polling: false, shown: null, checkTimer: null };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}

function fmt(v, unit, diff) {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  const sign = diff && v > 0 ? "+" : "";
  if (unit === "share") return sign + (100 * v).toFixed(1) + (diff ? " pp" : "%");
  if (unit === "currency") return sign + Math.round(v).toLocaleString("en-US");
  if (unit === "min" || unit === "score" || unit === "h") return sign + v.toFixed(1);
  return sign + v.toFixed(2);
}

function values() {
  const out = {};
  for (const c of state.info.controls) {
    const input = document.getElementById("c-" + c.id);
    if (!input) continue;
    if (c.kind === "flag") out[c.id] = input.checked;
    else if (c.kind === "choice" || c.kind === "duration") out[c.id] = input.value.trim();
    else if (input.value.trim() === "") out[c.id] = null;
    else out[c.id] = Number(input.value);
  }
  return out;
}

function request(mode) {
  const r = document.getElementById("replications").value;
  return { mode: mode, values: values(), replications: r === "" ? null : Number(r) };
}

function showProblems(problems) {
  document.querySelectorAll(".err").forEach(e => { e.textContent = ""; });
  document.querySelectorAll(".control.invalid").forEach(e => e.classList.remove("invalid"));
  for (const [id, msg] of Object.entries(problems || {})) {
    const span = document.getElementById("err-" + id) || document.getElementById("err-");
    span.textContent = msg;
    const box = document.getElementById("box-" + id);
    if (box) box.classList.add("invalid");
  }
}

function message(text) { document.getElementById("message").textContent = text; }

function buildControls() {
  const form = document.getElementById("controls");
  form.textContent = "";
  const groups = new Map();
  for (const c of state.info.controls) {
    if (!groups.has(c.group)) {
      const fs = el("fieldset", {}, el("legend", { text: c.group }));
      groups.set(c.group, fs);
      form.append(fs);
    }
    const box = el("div", { class: "control", id: "box-" + c.id, title: c.help });
    const id = "c-" + c.id;
    box.append(el("label", { for: id, text: c.label }));
    let input;
    if (c.kind === "flag") {
      input = el("input", { type: "checkbox", id: id });
      input.checked = !!c.start;
    } else if (c.kind === "choice") {
      input = el("select", { id: id });
      for (const o of c.options) input.append(el("option", { value: o, text: o }));
      input.value = c.start;
    } else if (c.kind === "duration") {
      input = el("input", { type: "text", id: id, value: c.start });
    } else if (c.kind === "share") {
      const range = el("input", { type: "range", id: id, min: "0", max: "1", step: "0.05" });
      range.value = c.start;
      const out = el("output", { id: "o-" + c.id });
      const show = () => { out.textContent = Math.round(100 * range.value) + "%"; };
      range.addEventListener("input", show);
      box.append(range, out);
      show();
      input = null;
    } else if (c.kind === "number") {
      input = el("input", { type: "number", id: id, min: c.min, max: c.max, step: c.step });
      input.value = c.start;
    } else {
      input = el("input", { type: "number", id: id, min: c.min, max: c.max, step: "1" });
      input.value = c.start;
    }
    if (input) box.append(input);
    box.append(el("span", { class: "help", text: c.help }));
    box.append(el("span", { class: "err", id: "err-" + c.id }));
    groups.get(c.group).append(box);
  }
  form.addEventListener("input", scheduleCheck);
  form.addEventListener("change", scheduleCheck);
}

function scheduleCheck() {
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, 250);
}

async function check() {
  const res = await fetch("/api/check", post(request("compare")));
  const body = await res.json();
  showProblems(res.ok ? {} : body.problems);
}

function post(body) {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

async function start(mode) {
  message("");
  const res = await fetch("/api/run", post(request(mode)));
  const body = await res.json();
  if (res.status === 422) { showProblems(body.problems); message("Fix the values marked in red, then run again."); return; }
  showProblems({});
  if (!res.ok) { message(body.error || ("the server said " + res.status)); return; }
  state.waitingFor = body.id;
  message("Run " + body.id + " started.");
  poll();
}

async function poll() {
  if (state.polling) return;
  state.polling = true;
  try {
    for (;;) {
      const s = await (await fetch("/api/status")).json();
      const box = document.getElementById("progress-box");
      const busy = !!s.running;
      document.getElementById("cancel").disabled = !busy;
      document.getElementById("run").disabled = busy;
      document.getElementById("story").disabled = busy;
      if (busy) {
        box.hidden = false;
        const p = document.getElementById("progress");
        p.max = s.running.total; p.value = s.running.done;
        document.getElementById("progress-text").textContent =
          "run " + s.running.id + " (" + s.running.mode + "): " + s.running.done + " of " + s.running.total +
          " replications, " + s.running.seconds.toFixed(1) + " s" + (s.running.cancelling ? ", cancelling…" : "");
        state.waitingFor = s.running.id;
        await new Promise(r => setTimeout(r, 300));
        continue;
      }
      box.hidden = true;
      const id = state.waitingFor;
      state.waitingFor = null;
      if (id && s.last_end && s.last_end.id === id) {
        message("Run " + id + ": " + s.last_end.message + ".");
      } else if (id && s.runs.includes(id)) {
        message("Run " + id + " done.");
        await show(id);
      }
      await session();
      break;
    }
  } finally {
    state.polling = false;
  }
}

function kpiRow(r, headline) {
  const tr = el("tr", { class: headline ? "headline" : "", "data-kpi": r.kpi });
  const cls = r.verdict === "better" ? "better" : r.verdict === "worse" ? "worse" : "same";
  const cell = (text, attrs) => el("td", attrs || {}, text);
  tr.append(
    el("td", {}, r.label, el("small", { class: "kpi-id" }, r.kpi)),
    cell(r.unit),
    cell(fmt(r.from, r.unit) + " ± " + fmt(r.from_half_width, r.unit), { "data-value": String(r.from) }),
    cell(fmt(r.to, r.unit) + " ± " + fmt(r.to_half_width, r.unit), { "data-value": String(r.to) }),
    cell(fmt(r.diff, r.unit, true) + " [" + fmt(r.ci_low, r.unit, true) + ", " + fmt(r.ci_high, r.unit, true) + "]",
      { class: "diff", "data-diff": String(r.diff), "data-low": String(r.ci_low), "data-high": String(r.ci_high) }),
    cell(r.rel_change === null ? "–" : ((r.rel_change > 0 ? "+" : "") + (100 * r.rel_change).toFixed(1) + "%")),
    cell(r.verdict, { class: cls + " verdict" }),
  );
  return tr;
}

async function show(id) {
  const res = await fetch("/api/runs/" + id);
  if (!res.ok) { message("run " + id + " is no longer kept"); return; }
  const r = await res.json();
  state.shown = id;
  document.getElementById("empty").hidden = true;
  document.getElementById("result").hidden = false;
  const story = r.mode === "story";
  const last = r.policies[r.policies.length - 1];
  document.getElementById("result-title").textContent =
    "Run " + r.id + ": " + (story ? "story, " + r.baseline + " to " + last : r.chosen + " against " + r.baseline);
  document.getElementById("result-note").textContent =
    r.label + ". " + r.replications + " replications x " + r.policies.length + " policies, " + r.days +
    " measured days after " + r.warmup_days + " warm-up days, seed " + r.seed + ", " +
    r.wall_seconds.toFixed(1) + " s. Intervals of the changes at " + (100 * r.comparison_confidence).toFixed(1) +
    "% (paired over replications); values ± half-widths at " + (100 * r.confidence).toFixed(0) + "%. Files: " + r.folder + ".";
  document.getElementById("col-from").textContent = r.baseline;
  document.getElementById("col-to").textContent = story ? last : r.chosen;
  const tbody = document.querySelector("#kpi-table tbody");
  tbody.textContent = "";
  for (const row of r.rows) tbody.append(kpiRow(row, row.kpi === "bopis_on_time_rate"));
  const sb = document.getElementById("story-box");
  sb.hidden = !story;
  if (story) {
    const head = document.querySelector("#story-table thead");
    const body = document.querySelector("#story-table tbody");
    head.textContent = ""; body.textContent = "";
    const hr = el("tr", {}, el("th", { text: "KPI" }));
    for (const s of r.steps) hr.append(el("th", { text: s.policy }));
    head.append(hr);
    r.rows.forEach((row, i) => {
      const tr = el("tr", { "data-kpi": row.kpi }, el("td", { title: row.kpi, text: row.label }));
      for (const s of r.steps) {
        const x = s.rows[i];
        const cls = x.verdict === "better" ? "better" : x.verdict === "worse" ? "worse" : "same";
        tr.append(el("td", { class: cls, title: x.verdict + " [" + fmt(x.ci_low, x.unit, true) + ", " + fmt(x.ci_high, x.unit, true) + "]", "data-diff": String(x.diff) },
          fmt(x.diff, x.unit, true)));
      }
      body.append(tr);
    });
  }
  const tl = document.getElementById("timeline");
  tl.innerHTML = (r.timeline || []).join("\n");
  document.getElementById("profile").innerHTML = r.profile || "";
}

async function session() {
  const runs = await (await fetch("/api/runs")).json();
  const box = document.getElementById("session");
  box.hidden = runs.length === 0;
  if (runs.length === 0) return;
  const pick = ["bopis_on_time_rate", "nps", "lost_sales_revenue", "labour_cost", "technology_cost", "training_cost"];
  const head = document.querySelector("#session-table thead");
  head.textContent = "";
  const hr = el("tr", {}, el("th", { text: "run" }), el("th", { text: "settings" }));
  for (const k of pick) hr.append(el("th", { text: k + " change" }));
  hr.append(el("th", { text: "" }));
  head.append(hr);
  const body = document.querySelector("#session-table tbody");
  body.textContent = "";
  for (const r of runs.slice().reverse()) {
    const tr = el("tr", {}, el("td", { text: r.id + (r.mode === "story" ? " (story)" : "") }),
      el("td", { class: "label", text: r.label + " (" + r.replications + " reps)" }));
    for (const k of pick) {
      const row = r.rows.find(x => x.kpi === k);
      const cls = !row ? "" : row.verdict === "better" ? "better" : row.verdict === "worse" ? "worse" : "same";
      tr.append(el("td", { class: cls }, row ? fmt(row.diff, row.unit, true) : "–"));
    }
    const showLink = el("a", { href: "#", text: "show" });
    showLink.addEventListener("click", ev => { ev.preventDefault(); show(r.id); window.scrollTo(0, 0); });
    const tomlLink = el("a", { href: "/api/runs/" + r.id + "/scenario.toml", download: "workshop-run-" + r.id + ".toml", text: "TOML" });
    tr.append(el("td", {}, showLink, " ", tomlLink));
    body.append(tr);
  }
}

async function download() {
  const res = await fetch("/api/scenario.toml", post(request("compare")));
  if (res.status === 422) { showProblems((await res.json()).problems); return; }
  const text = await res.text();
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/toml" })), download: "workshop.toml" });
  document.body.append(a); a.click(); a.remove();
}

function reset() {
  buildControls();
  document.getElementById("replications").value = state.info.caps.default_replications;
  showProblems({});
}

async function init() {
  state.info = await (await fetch("/api/controls")).json();
  const i = state.info;
  document.getElementById("subtitle").textContent =
    "Scenario \"" + i.scenario + "\": " + i.baseline + " (baseline) against the policy the controls describe (" +
    i.chosen + " to start), " + i.days + " measured days, seed " + i.seed + ".";
  const reps = document.getElementById("replications");
  reps.max = i.caps.replications;
  reps.value = i.caps.default_replications;
  buildControls();
  document.getElementById("run").addEventListener("click", () => start("compare"));
  document.getElementById("story").addEventListener("click", () => start("story"));
  document.getElementById("cancel").addEventListener("click", async () => {
    const res = await fetch("/api/cancel", { method: "POST" });
    if (!res.ok) message((await res.json()).error);
  });
  document.getElementById("download").addEventListener("click", download);
  document.getElementById("reset").addEventListener("click", reset);
  reps.addEventListener("change", scheduleCheck);
  // After a reload: a run under way is followed, the latest finished one shown.
  const s = await (await fetch("/api/status")).json();
  await session();
  if (s.runs.length > 0) await show(s.runs[s.runs.length - 1]);
  if (s.running) poll();
}

init().catch(e => message("cannot load the page's data: " + e));
