//! The report's charts, each returned as one SVG element. Line charts are drawn with
//! plotters' SVG backend; category intervals, forest plots and the staff timeline are
//! hand-made SVG (plotters has no such chart types).

use super::svg::{
    BETTER, NEUTRAL, PALETTE, Scale, Svg, WORSE, fmt_num, fmt_tick, padded_range, ticks,
};
use anyhow::{Result, anyhow, bail};
use plotters::prelude::*;

/// One line of a line chart, with an optional interval band.
pub struct Line {
    pub name: String,
    pub colour: usize,
    /// (x, y, lo, hi); lo/hi NaN when there is no interval.
    pub points: Vec<(f64, f64, f64, f64)>,
    pub dashed: bool,
}

fn rgb(i: usize) -> RGBColor {
    let hex = PALETTE[i % PALETTE.len()];
    let v = u32::from_str_radix(&hex[1..], 16).unwrap_or(0);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// A line chart with a legend, drawn by plotters.
pub fn line_chart(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
    x_range: Option<(f64, f64)>,
) -> Result<String> {
    let (w, h) = (500u32, 300u32);
    let (x0, x1) = x_range.unwrap_or_else(|| {
        let r = padded_range(
            lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)),
            false,
        );
        (r.0, r.1)
    });
    let (y0, y1) = padded_range(
        lines
            .iter()
            .flat_map(|l| l.points.iter().flat_map(|p| [p.1, p.2, p.3])),
        false,
    );
    // Headroom for the legend in the upper right corner.
    let y1 = y1 + 0.25 * (y1 - y0);
    // plotters cannot place ticks on an infinite or astronomically wide axis (it loops):
    // refuse such data instead of hanging.
    const LIMIT: f64 = 1e300;
    for (what, lo, hi) in [("x", x0, x1), ("y", y0, y1)] {
        if !(lo.is_finite() && hi.is_finite() && (hi - lo).is_finite())
            || lo.abs() > LIMIT
            || hi.abs() > LIMIT
        {
            bail!("chart \"{title}\": the {what} values span {lo:e} to {hi:e}, too wide to draw");
        }
    }
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(62)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(|e| anyhow!("{e}"))?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(230, 230, 230))
            .y_label_formatter(&|v| fmt_tick(*v))
            .x_label_formatter(&|v| fmt_tick(*v))
            .draw()
            .map_err(|e| anyhow!("{e}"))?;
        for l in lines {
            let c = rgb(l.colour);
            let pts: Vec<(f64, f64)> = l
                .points
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|p| (p.0, p.1))
                .collect();
            let band: Vec<&(f64, f64, f64, f64)> = l
                .points
                .iter()
                .filter(|p| p.2.is_finite() && p.3.is_finite())
                .collect();
            if band.len() >= 2 {
                let poly: Vec<(f64, f64)> = band
                    .iter()
                    .map(|p| (p.0, p.3))
                    .chain(band.iter().rev().map(|p| (p.0, p.2)))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, c.mix(0.15).filled())))
                    .map_err(|e| anyhow!("{e}"))?;
            }
            let style = c.stroke_width(if l.dashed { 1 } else { 2 });
            chart
                .draw_series(LineSeries::new(pts.clone(), style))
                .map_err(|e| anyhow!("{e}"))?
                .label(l.name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
            if pts.len() <= 40 {
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, 2, c.filled())))
                    .map_err(|e| anyhow!("{e}"))?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .draw()
            .map_err(|e| anyhow!("{e}"))?;
        root.present().map_err(|e| anyhow!("{e}"))?;
    }
    Ok(strip_xml_decl(buf))
}

/// plotters writes a standalone document; inline SVG in HTML takes the element only.
fn strip_xml_decl(s: String) -> String {
    match s.find("<svg") {
        Some(i) => s[i..].to_string(),
        None => s,
    }
}

/// One category of an interval chart.
pub struct Interval {
    pub label: String,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    pub colour: usize,
}

/// Each policy's mean (a marker) with its interval (a whisker), side by side.
pub fn interval_chart(title: &str, y_desc: &str, items: &[Interval]) -> String {
    let (w, h) = (340.0, 250.0);
    let (l, r, t, b) = (70.0, 15.0, 35.0, 45.0);
    let (v0, v1) = padded_range(items.iter().flat_map(|i| [i.mean, i.lo, i.hi]), false);
    let y = Scale {
        v0,
        v1,
        p0: h - b,
        p1: t,
    };
    let mut s = Svg::new(w, h, title);
    axis_y(&mut s, &y, l, w - r, y_desc);
    let n = items.len().max(1) as f64;
    let slot = (w - l - r) / n;
    for (i, it) in items.iter().enumerate() {
        let x = l + slot * (i as f64 + 0.5);
        let c = PALETTE[it.colour % PALETTE.len()];
        if it.lo.is_finite() && it.hi.is_finite() {
            s.line(x, y.at(it.lo), x, y.at(it.hi), c, 2.0);
            s.line(x - 8.0, y.at(it.lo), x + 8.0, y.at(it.lo), c, 2.0);
            s.line(x - 8.0, y.at(it.hi), x + 8.0, y.at(it.hi), c, 2.0);
        }
        if it.mean.is_finite() {
            s.marker(x, y.at(it.mean), c, i % 2 == 0);
        }
        s.text(x, h - b + 16.0, &it.label, "middle", 12.0, "normal");
        s.text(x, h - b + 31.0, &fmt_num(it.mean), "middle", 11.0, "normal");
    }
    s.finish()
}

fn axis_y(s: &mut Svg, y: &Scale, x0: f64, x1: f64, desc: &str) {
    for v in ticks(y.v0, y.v1, 5) {
        let p = y.at(v);
        s.line(x0, p, x1, p, "#eeeeee", 1.0);
        s.text(x0 - 5.0, p + 4.0, &fmt_tick(v), "end", 11.0, "normal");
    }
    s.line(x0, y.p0, x0, y.p1, "#333333", 1.0);
    s.vtext(14.0, (y.p0 + y.p1) / 2.0, desc);
}

/// One row of a forest plot.
pub struct ForestRow {
    pub label: String,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    /// Colour and the word shown at the right (e.g. `+ better`).
    pub colour: &'static str,
    pub verdict: String,
}

/// Horizontal intervals, one row each, around a zero line.
pub fn forest(title: &str, x_desc: &str, rows: &[ForestRow], clamp: Option<f64>) -> String {
    let row_h = 18.0;
    // The right margin holds the verdicts: wide enough for the longest (11 px text).
    let longest = rows
        .iter()
        .map(|x| x.verdict.chars().count())
        .max()
        .unwrap_or(0);
    let r = (longest as f64 * 6.6 + 16.0).max(140.0);
    let (w, l, t) = (900.0 + (r - 140.0), 260.0, 52.0);
    let h = t + row_h * rows.len() as f64 + 50.0;
    let (mut v0, mut v1) = padded_range(rows.iter().flat_map(|x| [x.value, x.lo, x.hi]), true);
    if let Some(c) = clamp {
        v0 = v0.max(-c);
        v1 = v1.min(c);
    }
    let x = Scale {
        v0,
        v1,
        p0: l,
        p1: w - r,
    };
    let mut s = Svg::new(w, h, title);
    // Legend: colour and word, for readers who cannot tell the colours apart.
    let mut lx = l;
    for (name, c) in [
        ("+ better", BETTER),
        ("− worse", WORSE),
        ("no clear difference, or no better side", NEUTRAL),
    ] {
        s.marker(lx + 5.0, 34.0, c, true);
        s.text(lx + 14.0, 38.0, name, "start", 11.0, "normal");
        lx += 110.0;
    }
    let bottom = t + row_h * rows.len() as f64;
    // Row shading first, so grid and zero line stay visible on top of it.
    for i in (1..rows.len()).step_by(2) {
        s.rect(0.0, t + row_h * i as f64, w, row_h, "#f6f6f6");
    }
    for v in ticks(v0, v1, 8) {
        let p = x.at(v);
        s.line(p, t, p, bottom, "#eeeeee", 1.0);
        s.text(p, bottom + 15.0, &fmt_tick(v), "middle", 11.0, "normal");
    }
    s.dashed(x.at(0.0), t - 4.0, x.at(0.0), bottom, "#333333");
    s.line(l, bottom, w - r, bottom, "#333333", 1.0);
    s.text(
        (l + w - r) / 2.0,
        bottom + 35.0,
        x_desc,
        "middle",
        12.0,
        "normal",
    );
    for (i, row) in rows.iter().enumerate() {
        let yc = t + row_h * (i as f64 + 0.5);
        s.text(l - 8.0, yc + 4.0, &row.label, "end", 11.0, "normal");
        if row.lo.is_finite() && row.hi.is_finite() {
            s.line(x.at(row.lo), yc, x.at(row.hi), yc, row.colour, 2.0);
        }
        if row.value.is_finite() {
            s.marker(x.at(row.value), yc, row.colour, true);
        }
        s.text(w - r + 8.0, yc + 4.0, &row.verdict, "start", 11.0, "normal");
    }
    s.finish()
}

/// One bar of a staff timeline chart.
#[derive(Clone, Copy, Debug)]
pub struct TimelineBar {
    pub row: usize,
    pub start: f64,
    pub end: f64,
    /// None: on shift (the idle background).
    pub channel: Option<usize>,
}

/// Timeline channel colours: in-store, online, stock; and the on-shift (idle) background.
pub const CHANNELS: [(&str, &str); 3] = [
    ("in-store work", "#0072B2"),
    ("online work", "#E69F00"),
    ("stock work", "#009E73"),
];
const IDLE: &str = "#dddddd";

/// One row per employee, hours across; each task a bar coloured by channel over the light
/// on-shift band, so idle time shows as grey.
pub fn timeline(title: &str, rows: &[String], bars: &[TimelineBar], hours: (f64, f64)) -> String {
    let row_h = 14.0;
    let (w, l, r, t) = (1000.0, 110.0, 20.0, 56.0);
    let bottom = t + row_h * rows.len() as f64;
    let h = bottom + 45.0;
    let x = Scale {
        v0: hours.0,
        v1: hours.1,
        p0: l,
        p1: w - r,
    };
    let mut s = Svg::new(w, h, title);
    // Legend
    let mut lx = l;
    for (name, c) in CHANNELS
        .iter()
        .chain(std::iter::once(&("idle on shift", IDLE)))
    {
        s.rect(lx, 30.0, 14.0, 10.0, c);
        s.text(lx + 18.0, 39.0, name, "start", 11.0, "normal");
        lx += 130.0;
    }
    for (i, name) in rows.iter().enumerate() {
        let y = t + row_h * i as f64;
        s.text(l - 6.0, y + row_h - 3.0, name, "end", 10.0, "normal");
    }
    let rect = |b: &TimelineBar| {
        let y = t + row_h * b.row as f64 + 1.0;
        (x.at(b.start), y, x.at(b.end) - x.at(b.start), row_h - 2.0)
    };
    let idle: Vec<_> = bars
        .iter()
        .filter(|b| b.channel.is_none())
        .map(rect)
        .collect();
    s.rects(IDLE, &idle);
    for (i, (_, colour)) in CHANNELS.iter().enumerate() {
        let these: Vec<_> = bars
            .iter()
            .filter(|b| b.channel == Some(i))
            .map(rect)
            .collect();
        s.rects(colour, &these);
    }
    // Whole hours only: every hour on a short span, every second one on a long one.
    let span = (hours.1 - hours.0).max(1.0);
    let step = if span <= 12.0 { 1.0 } else { 2.0 };
    let hour_ticks: Vec<f64> = (0..)
        .map(|i| hours.0.ceil() + f64::from(i) * step)
        .take_while(|h| *h <= hours.1 + 1e-9)
        .collect();
    for v in hour_ticks {
        let p = x.at(v);
        s.line(p, bottom, p, bottom + 4.0, "#333333", 1.0);
        s.text(
            p,
            bottom + 16.0,
            &format!("{v:.0}:00"),
            "middle",
            11.0,
            "normal",
        );
    }
    s.line(l, bottom, w - r, bottom, "#333333", 1.0);
    s.text(
        (l + w - r) / 2.0,
        bottom + 34.0,
        "time of day [h]",
        "middle",
        12.0,
        "normal",
    );
    s.finish()
}
