//! `report.html`: one self-contained page (inline SVG and CSS, nothing fetched) rendered from
//! the files of a results folder, so `omnisim run` and `omnisim report DIR` share one path.

mod charts;
mod data;
mod inputs;
mod sections;
mod svg;

use inputs::Inputs;

use crate::error::{Context, Result, bail};
use crate::runs::OutputDir;
use std::path::{Path, PathBuf};

/// The page drawn from the result files in `dir`; `folder` names it when there is no
/// run.json (a sweep or warm-up folder).
pub fn render_html(dir: &Path, folder: &str) -> Result<String> {
    let inputs = Inputs::load(dir)?;
    render(&inputs, folder).with_context(|| dir.display().to_string())
}

/// Renders report.html from the folder that `out` holds, and commits it.
pub fn render_into(out: OutputDir) -> Result<Vec<PathBuf>> {
    render_with_charts(out, false)
}

/// Renders report.html from the folder `out` holds and, with `charts`, two of its charts as
/// standalone SVG files for a README or the manual: `timeline.svg` (every policy's staff timeline, stacked)
/// and `forest.svg`. Commits them together.
pub fn render_with_charts(out: OutputDir, charts: bool) -> Result<Vec<PathBuf>> {
    let dir = out.path().to_path_buf();
    let inputs = Inputs::load(&dir)?;
    let folder = crate::report::folder_name(&dir);
    let html = render(&inputs, &folder).with_context(|| dir.display().to_string())?;
    out.stage("report.html", html.as_bytes())?;
    let mut names = vec!["report.html"];
    if charts {
        if let Some(svg) = sections::stacked_timeline_svg(&inputs)? {
            out.stage("timeline.svg", svg.as_bytes())?;
            names.push("timeline.svg");
        }
        if let Some(svg) = sections::forest_svg(&inputs) {
            out.stage("forest.svg", svg.as_bytes())?;
            names.push("forest.svg");
        }
    }
    out.commit(&names, None, &[])
}

const CSS: &str = r#"
body { font-family: sans-serif; color: #222; max-width: 1060px; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #0072B2; padding-bottom: 0.15em; margin-top: 1.8em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.55em; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.better { color: #0072B2; font-weight: bold; }
.worse { color: #D55E00; font-weight: bold; }
.neutral { color: #666; }
.charts { display: flex; flex-wrap: wrap; gap: 10px; }
.charts svg, section > svg { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
p.note { color: #555; font-size: 0.9em; }
p.summary { font-size: 1.1em; background: #f0f4f8; border-left: 4px solid #0072B2; padding: 0.6em 0.9em; }
td .label { font-weight: 600; }
td code.id { color: #777; font-size: 0.75em; }
td.change span { white-space: nowrap; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, svg { break-inside: avoid; }
  .charts { gap: 4px; }
  .charts svg { width: 49%; }
  section > svg { width: 100%; }
}
"#;

/// The whole page.
fn render(inp: &Inputs, folder: &str) -> Result<String> {
    let title = inp
        .run
        .as_ref()
        .map(|r| r.scenario.clone())
        .filter(|s| !s.is_empty())
        .or_else(|| inp.sweep_name.clone().map(|n| format!("sweep {n}")))
        .unwrap_or_else(|| folder.to_string());
    let mut body = String::new();
    // The introduction says what this page shows: comparisons, or a sweep's curves.
    let intro = if !inp.comparison.is_empty() {
        format!(
            "Intervals are {} confidence intervals over replications (each comparison with the \
             baseline at {}, Bonferroni-adjusted when several policies are compared); a change \
             versus the baseline is the mean paired difference (same replication index, same \
             shoppers and orders), shown with its interval.",
            sections::level(inp),
            sections::comparison_level(inp)
        )
    } else if !inp.sweep.is_empty() {
        "Each point of the sweep is a full experiment at one value of the swept parameter; the \
         charts show each KPI's mean over replications against that value, with its confidence \
         band."
            .to_string()
    } else {
        format!(
            "Intervals are {} confidence intervals over replications.",
            sections::level(inp)
        )
    };
    body.push_str(&format!(
        "<h1>omnisim report: {}</h1>\n<p class=\"note\">{intro}</p>\n",
        svg::esc(&title),
    ));
    let mut sections_drawn = 0;
    for part in [
        sections::summary_section(inp),
        sections::run_section(inp),
        sections::kpi_section(inp),
        sections::forest_section(inp),
        sections::profile_section(inp).context("cannot chart profile.csv")?,
        sections::timeline_section(inp).context("cannot chart timeline.csv")?,
        sections::inventory_section(inp).context("cannot chart daily.csv")?,
        sections::effects_section(inp),
        sections::sweep_section(inp).context("cannot chart sweep.csv")?,
        sections::warmup_section(inp).context("cannot chart warmup.csv")?,
    ]
    .into_iter()
    .flatten()
    {
        body.push_str(&part);
        sections_drawn += 1;
    }
    if sections_drawn == 0 {
        bail!("nothing to draw: the result files in this folder hold no rows");
    }
    // Never a page with undefined coordinates.
    for bad in ["=\"NaN\"", "=\"inf\"", "=\"-inf\""] {
        if body.contains(bad) {
            bail!(
                "a chart came out with an undefined coordinate ({bad}): a value in the files is out of range"
            );
        }
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>omnisim report: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\
         <p class=\"note\">Generated by omnisim {} from the files in this folder.</p>\n\
         </body>\n</html>\n",
        svg::esc(&title),
        env!("CARGO_PKG_VERSION")
    ))
}

/// The staff timelines (one SVG per policy and store) and the day-profile section (HTML with
/// inline SVG) drawn from the result files in `dir`, for a page that shows them outside the
/// report (`omnisim serve`).
pub fn timeline_and_profile(dir: &Path) -> Result<(Vec<String>, Option<String>)> {
    let inputs = Inputs::load(dir)?;
    Ok((
        sections::timeline_svgs(&inputs)?,
        sections::profile_section(&inputs)?,
    ))
}
