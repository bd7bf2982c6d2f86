//! A real browser opens the report: headless Chromium (Debian's `chromium` package) takes a
//! screenshot, which must show a page (many distinct colours), with no console error logged.
//! Without chromium the test skips, except under CI (`CI=true`), where it fails.

use crate::support::browser::{chromium_or_skip, headless};

use assert_cmd::Command;
use std::collections::HashSet;
use std::path::Path;

/// Distinct RGB colours in a PNG.
fn distinct_colours(path: &Path) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("screenshot exists"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let bytes = &buf[..info.buffer_size()];
    let step = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let colours: HashSet<[u8; 3]> = bytes
        .chunks_exact(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    colours.len()
}

/// Lines of chromium's log that report the page's console (the report has no script, so any
/// console message is an error), an uncaught error, or a failed load.
fn console_problems(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| {
            let l = line.to_lowercase();
            l.contains(":console") || l.contains("uncaught") || l.contains("net::err")
        })
        .collect()
}

#[test]
fn the_log_check_catches_console_errors() {
    // As chromium 14x logs them with --enable-logging=stderr --v=0.
    let log = r#"[3412:3412:1127/143432.887455:WARNING:media/gpu/vaapi/vaapi_wrapper.cc:1655] drmGetDevices2() has not found any devices
[3365:3365:1127/143433.278267:INFO:CONSOLE:1] "boom", source: file:///tmp/err.html (1)
[3365:3365:1127/143433.279537:INFO:CONSOLE:1] "Uncaught ReferenceError: nonexistent is not defined", source: file:///tmp/err.html (1)
[1:1:1127/143433.3:ERROR:CONSOLE(7)] "Failed to load resource: net::ERR_FILE_NOT_FOUND", source: x (7)"#;
    assert_eq!(console_problems(log).len(), 3);
    assert!(console_problems(log.lines().next().unwrap()).is_empty());
}

#[test]
fn chromium_renders_the_report_without_console_errors() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("omnisim")
        .unwrap()
        .args(["run", "--replications", "3", "--quiet", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let report = dir.path().join("report.html");
    let profile = tempfile::tempdir().unwrap();
    let shot = dir.path().join("shot.png");
    let out = headless(&browser, profile.path())
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,3000",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("chromium starts");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {log}");
    assert!(shot.exists(), "no screenshot; chromium said: {log}");
    let problems = console_problems(&log);
    assert!(problems.is_empty(), "browser logged: {problems:#?}");
    let colours = distinct_colours(&shot);
    assert!(
        colours > 200,
        "screenshot looks blank: {colours} distinct colours"
    );
    // The charts themselves: the browser's own DOM must hold every inline SVG of the file
    // (a page whose charts failed to parse would still have many colours).
    let dom_profile = tempfile::tempdir().unwrap();
    let dom = headless(&browser, dom_profile.path())
        .arg("--dump-dom")
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("chromium starts");
    let dom = String::from_utf8_lossy(&dom.stdout);
    let in_file = std::fs::read_to_string(&report)
        .unwrap()
        .matches("<svg")
        .count();
    let in_dom = dom.matches("<svg").count();
    assert!(in_file >= 15, "the report has {in_file} charts");
    assert_eq!(in_dom, in_file, "charts the browser parsed");
    // Titles, axis labels, ticks and legends are SVG text elements, all of them parsed.
    let text_in_file = std::fs::read_to_string(&report)
        .unwrap()
        .matches("<text")
        .count();
    assert!(text_in_file > 300, "{text_in_file} text elements");
    assert_eq!(dom.matches("<text").count(), text_in_file);

    // What the browser shows first is the summary in words, from the comparisons.
    let parsed = scraper::Html::parse_document(&dom);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let summary: String = parsed
        .select(&sel("section#summary #summary-text"))
        .next()
        .expect("the summary paragraph in the DOM")
        .text()
        .collect();
    assert!(summary.starts_with("Against siloed, aligned"), "{summary}");
    assert!(
        summary.contains("(better)")
            || summary.contains("(worse)")
            || summary.contains("no clear difference in any headline KPI"),
        "{summary}"
    );
    // The axis rules, on the charts as the browser parsed them: every value axis starts at
    // zero (or below it, for negative values), and a share axis (ticks in percent) never
    // goes above 100%.
    let mut axes = 0;
    let mut share_axes = 0;
    for svg in parsed.select(&sel("svg")) {
        let ticks: Vec<String> = svg
            .select(&sel("text.tick-y"))
            .map(|t| t.text().collect())
            .collect();
        if ticks.is_empty() {
            continue;
        }
        axes += 1;
        let values: Vec<f64> = ticks
            .iter()
            .map(|t| t.trim_end_matches('%').replace(',', "").parse().unwrap())
            .collect();
        let lowest = values.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            lowest <= 0.0,
            "an axis that does not start at zero: {ticks:?}"
        );
        if ticks.iter().all(|t| t.ends_with('%')) {
            share_axes += 1;
            assert!(
                values.iter().all(|v| *v <= 100.0),
                "a share axis above 100%: {ticks:?}"
            );
        }
    }
    assert!(axes >= 15, "{axes} charts with a value axis");
    assert!(share_axes >= 5, "{share_axes} share axes");
}
