//! The report's charts, each returned as one SVG element drawn by one builder, so every
//! chart shares its fonts, sizes, colours and legend style. Value axes start at zero (a
//! share's axis ends at 100% at most); a forest plot's value beyond its axis gets an arrow
//! with its number.

use super::svg::{
    AXIS, BETTER, GRID, LABEL, NEUTRAL, PALETTE, SMALL_H, SMALL_W, Scale, Svg, TICK, WORSE,
    fmt_tick, padded_range, ticks,
};
use crate::error::{Result, bail};

/// One line of a line chart, with an optional interval band.
pub struct Line {
    pub name: String,
    pub colour: usize,
    /// (x, y, lo, hi); lo/hi NaN when there is no interval.
    pub points: Vec<(f64, f64, f64, f64)>,
    pub dashed: bool,
}

/// How a chart's value axis is bounded: from zero (so a small change does not look like a
/// collapse), and for a share also at most 100% with ticks in percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// From zero: the range holds 0 and every value.
    Zero,
    /// A share (0 to 1): from zero, at most 100%, ticks in percent.
    Share,
}

/// The value range of an axis holding `values`: zero included, some air on the side away
/// from zero, a share never above 1.
pub fn axis_range(values: impl Iterator<Item = f64>, axis: Axis) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi - lo < 1e-12 {
        return (0.0, 1.0);
    }
    let pad = (hi - lo) * 0.08;
    let lo = if lo < 0.0 { lo - pad } else { 0.0 };
    let hi = if hi > 0.0 { hi + pad } else { 0.0 };
    match axis {
        Axis::Zero => (lo, hi),
        Axis::Share => (lo.max(-1.0), hi.min(1.0)),
    }
}

/// A tick label on an axis: percent on a share axis.
pub fn axis_tick(v: f64, axis: Axis) -> String {
    match axis {
        Axis::Zero if v.abs() >= 10_000.0 => crate::report::words::grouped(v, 0),
        Axis::Zero => fmt_tick(v),
        Axis::Share => format!("{}%", fmt_tick(100.0 * v)),
    }
}

/// Refuses values plotting cannot place (infinite, or spans beyond `f64`).
fn check_span(title: &str, what: &str, lo: f64, hi: f64) -> Result<()> {
    const LIMIT: f64 = 1e300;
    if !(lo.is_finite() && hi.is_finite() && (hi - lo).is_finite())
        || lo.abs() > LIMIT
        || hi.abs() > LIMIT
    {
        bail!("chart \"{title}\": the {what} values span {lo:e} to {hi:e}, too wide to draw");
    }
    Ok(())
}

/// A legend row under the title: a swatch and a name per entry, wrapped to the width.
fn legend(s: &mut Svg, entries: &[(String, &str, bool)], x0: f64, w: f64) -> f64 {
    let (mut x, mut y) = (x0, 38.0);
    for (name, colour, dashed) in entries {
        let width = 26.0 + 6.2 * name.chars().count() as f64;
        if x + width > w && x > x0 {
            x = x0;
            y += 15.0;
        }
        if *dashed {
            s.dashed(x, y - 4.0, x + 18.0, y - 4.0, colour);
        } else {
            s.line(x, y - 4.0, x + 18.0, y - 4.0, colour, 2.0);
        }
        s.text(x + 22.0, y, name, "start", LABEL, "normal");
        x += width;
    }
    y
}

/// A line chart: one line per series (with its interval band where it has one), a legend
/// row under the title, and a value axis from zero (percent, at most 100%, for a share).
pub fn line_chart(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
    x_range: Option<(f64, f64)>,
    axis: Axis,
) -> Result<String> {
    let (w, h) = (SMALL_W, SMALL_H);
    let (x0, x1) = x_range.unwrap_or_else(|| {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in lines
            .iter()
            .flat_map(|l| &l.points)
            .filter(|p| p.0.is_finite())
        {
            lo = lo.min(p.0);
            hi = hi.max(p.0);
        }
        if !lo.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-12 {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        }
    });
    let values = || {
        lines
            .iter()
            .flat_map(|l| l.points.iter().flat_map(|p| [p.1, p.2, p.3]))
    };
    if let Some(v) = values().find(|v| v.is_infinite() || v.abs() > 1e300) {
        bail!("chart \"{title}\": a value of {v:e} is too wide to draw");
    }
    check_span(title, "x", x0, x1)?;
    let (y0, y1) = axis_range(values(), axis);
    check_span(title, "y", y0, y1)?;
    let mut s = Svg::new(w, h, title);
    let entries: Vec<(String, &str, bool)> = lines
        .iter()
        .map(|l| (l.name.clone(), PALETTE[l.colour % PALETTE.len()], l.dashed))
        .collect();
    let (l, r, b) = (66.0, 14.0, 44.0);
    let t = legend(&mut s, &entries, l, w - r) + 12.0;
    let x = Scale {
        v0: x0,
        v1: x1,
        p0: l,
        p1: w - r,
    };
    let y = Scale {
        v0: y0,
        v1: y1,
        p0: h - b,
        p1: t,
    };
    axis_y(&mut s, &y, l, w - r, y_desc, axis);
    for v in ticks(x0, x1, 6) {
        let p = x.at(v);
        s.line(p, h - b, p, h - b + 4.0, AXIS, 1.0);
        s.text(p, h - b + 16.0, &fmt_tick(v), "middle", TICK, "normal");
    }
    s.line(l, h - b, w - r, h - b, AXIS, 1.0);
    s.text(
        (l + w - r) / 2.0,
        h - 8.0,
        x_desc,
        "middle",
        LABEL,
        "normal",
    );
    for line in lines {
        let c = PALETTE[line.colour % PALETTE.len()];
        let band: Vec<(f64, f64)> = {
            let pts: Vec<&(f64, f64, f64, f64)> = line
                .points
                .iter()
                .filter(|p| p.0.is_finite() && p.2.is_finite() && p.3.is_finite())
                .collect();
            if pts.len() >= 2 {
                pts.iter()
                    .map(|p| (x.at(p.0), y.at(p.3)))
                    .chain(pts.iter().rev().map(|p| (x.at(p.0), y.at(p.2))))
                    .collect()
            } else {
                Vec::new()
            }
        };
        if !band.is_empty() {
            s.polygon(&band, c, 0.15);
        }
        let pts: Vec<(f64, f64)> = line
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|p| (x.at(p.0), y.at(p.1)))
            .collect();
        s.polyline(&pts, c, if line.dashed { 1.0 } else { 2.0 }, line.dashed);
        if pts.len() <= 40 {
            for (px, py) in &pts {
                s.dot(*px, *py, c);
            }
        }
    }
    Ok(s.finish())
}

/// One category of an interval chart.
pub struct Interval {
    pub label: String,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    pub colour: usize,
}

/// Each policy's mean (a marker) with its interval (a whisker), side by side, on an axis
/// from zero; `value` writes the mean under each.
pub fn interval_chart(
    title: &str,
    y_desc: &str,
    items: &[Interval],
    axis: Axis,
    value: &dyn Fn(f64) -> String,
) -> String {
    let (w, h) = (SMALL_W, SMALL_H);
    let (l, r, t, b) = (66.0, 14.0, 40.0, 44.0);
    let (v0, v1) = axis_range(items.iter().flat_map(|i| [i.mean, i.lo, i.hi]), axis);
    let y = Scale {
        v0,
        v1,
        p0: h - b,
        p1: t,
    };
    let mut s = Svg::new(w, h, title);
    axis_y(&mut s, &y, l, w - r, y_desc, axis);
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
        s.text(x, h - b + 16.0, &it.label, "middle", LABEL, "normal");
        s.text(x, h - b + 31.0, &value(it.mean), "middle", TICK, "normal");
    }
    s.finish()
}

fn axis_y(s: &mut Svg, y: &Scale, x0: f64, x1: f64, desc: &str, axis: Axis) {
    for v in ticks(y.v0, y.v1, 5) {
        let p = y.at(v);
        s.line(x0, p, x1, p, GRID, 1.0);
        s.y_tick(x0 - 5.0, p + 4.0, &axis_tick(v, axis));
    }
    s.line(x0, y.p0, x0, y.p1, AXIS, 1.0);
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
    /// The group the row belongs to: a heading row starts each new one (none when empty).
    pub group: String,
}

/// Horizontal intervals, one row each, around a zero line; a heading row before each new
/// group. With `clamp`, the axis ends at ±clamp and a value beyond it is drawn as an arrow at
/// the edge with its number.
pub fn forest(title: &str, x_desc: &str, rows: &[ForestRow], clamp: Option<f64>) -> String {
    let row_h = 18.0;
    // Lay out: a heading line before each new non-empty group.
    let mut lines: Vec<Result<&ForestRow, &str>> = Vec::new();
    let mut group: Option<&str> = None;
    for row in rows {
        if group != Some(row.group.as_str()) {
            group = Some(row.group.as_str());
            if !row.group.is_empty() {
                lines.push(Err(row.group.as_str()));
            }
        }
        lines.push(Ok(row));
    }
    // The right margin holds the verdicts: wide enough for the longest (11 px text).
    let longest = rows
        .iter()
        .map(|x| x.verdict.chars().count())
        .max()
        .unwrap_or(0);
    let r = (longest as f64 * 6.6 + 16.0).max(140.0);
    let (w, l, t) = (900.0 + (r - 140.0), 260.0, 52.0);
    let h = t + row_h * lines.len() as f64 + 50.0;
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
        (
            "no clear or a negligible difference, or no better side",
            NEUTRAL,
        ),
    ] {
        s.marker(lx + 5.0, 34.0, c, true);
        s.text(lx + 14.0, 38.0, name, "start", TICK, "normal");
        lx += 30.0 + 6.2 * name.chars().count() as f64;
    }
    let bottom = t + row_h * lines.len() as f64;
    // Row shading first, so grid and zero line stay visible on top of it.
    for i in (1..lines.len()).step_by(2) {
        s.rect(0.0, t + row_h * i as f64, w, row_h, "#f6f6f6");
    }
    for v in ticks(v0, v1, 8) {
        let p = x.at(v);
        s.line(p, t, p, bottom, GRID, 1.0);
        s.text(p, bottom + 15.0, &fmt_tick(v), "middle", TICK, "normal");
    }
    s.dashed(x.at(0.0), t - 4.0, x.at(0.0), bottom, AXIS);
    s.line(l, bottom, w - r, bottom, AXIS, 1.0);
    s.text(
        (l + w - r) / 2.0,
        bottom + 35.0,
        x_desc,
        "middle",
        LABEL,
        "normal",
    );
    for (i, line) in lines.iter().enumerate() {
        let yc = t + row_h * (i as f64 + 0.5);
        let row = match line {
            Err(heading) => {
                s.text(8.0, yc + 4.0, heading, "start", LABEL, "bold");
                continue;
            }
            Ok(row) => row,
        };
        s.text(l - 8.0, yc + 4.0, &row.label, "end", TICK, "normal");
        if row.lo.is_finite() && row.hi.is_finite() {
            s.line(x.at(row.lo), yc, x.at(row.hi), yc, row.colour, 2.0);
            if row.hi > v1 {
                s.arrow(x.at(v1), yc, true, row.colour);
            }
            if row.lo < v0 {
                s.arrow(x.at(v0), yc, false, row.colour);
            }
        }
        if row.value.is_finite() {
            if row.value > v1 || row.value < v0 {
                // Beyond the axis: an arrow at the edge, and the number beside it.
                let right = row.value > v1;
                let edge = x.at(if right { v1 } else { v0 });
                s.arrow(edge, yc, right, row.colour);
                let (tx, anchor) = if right {
                    (edge - 9.0, "end")
                } else {
                    (edge + 9.0, "start")
                };
                s.text(
                    tx,
                    yc - 3.0,
                    &format!("{}%", fmt_tick(row.value.round())),
                    anchor,
                    TICK,
                    "bold",
                );
            } else {
                s.marker(x.at(row.value), yc, row.colour, true);
            }
        }
        s.text(w - r + 8.0, yc + 4.0, &row.verdict, "start", TICK, "normal");
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
        s.text(lx + 18.0, 39.0, name, "start", TICK, "normal");
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
        s.line(p, bottom, p, bottom + 4.0, AXIS, 1.0);
        s.text(
            p,
            bottom + 16.0,
            &format!("{v:.0}:00"),
            "middle",
            TICK,
            "normal",
        );
    }
    s.line(l, bottom, w - r, bottom, AXIS, 1.0);
    s.text(
        (l + w - r) / 2.0,
        bottom + 34.0,
        "time of day [h]",
        "middle",
        LABEL,
        "normal",
    );
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_axes_start_at_zero_and_shares_stop_at_100_percent() {
        // A 0.4% change between two high values: the axis still starts at 0.
        let (lo, hi) = axis_range([0.971, 0.975].into_iter(), Axis::Zero);
        assert_eq!(lo, 0.0);
        assert!(hi > 0.975);
        // A share near 1: padded, but never above 100%.
        assert_eq!(
            axis_range([0.2, 0.999].into_iter(), Axis::Share),
            (0.0, 1.0)
        );
        assert_eq!(axis_tick(0.5, Axis::Share), "50%");
        assert_eq!(axis_tick(200_000.0, Axis::Zero), "200,000");
        // Negative values reach below zero; undefined values are ignored.
        let (lo, hi) = axis_range([-5.0, f64::NAN, 10.0].into_iter(), Axis::Zero);
        assert!(lo < -5.0 && hi > 10.0);
        assert_eq!(axis_range(std::iter::empty(), Axis::Zero), (0.0, 1.0));
    }

    fn row(label: &str, value: f64, group: &str) -> ForestRow {
        ForestRow {
            label: label.into(),
            value,
            lo: value - 10.0,
            hi: value + 10.0,
            colour: NEUTRAL,
            verdict: format!("{value:+.1}%"),
            group: group.into(),
        }
    }

    #[test]
    fn a_forest_value_beyond_the_axis_gets_an_arrow_with_its_number() {
        let rows = [
            row("far", 540.0, "Outcomes"),
            row("near", 12.0, "Outcomes"),
            row("busy", -30.0, "Diagnostics"),
        ];
        let svg = forest("t", "x", &rows, Some(200.0));
        assert!(svg.contains("class=\"beyond\""), "no arrow");
        assert!(
            svg.contains(">540%<"),
            "the clipped value's number is missing"
        );
        // One heading per group, in order.
        let outcomes = svg.find(">Outcomes<").unwrap();
        let diagnostics = svg.find(">Diagnostics<").unwrap();
        assert!(outcomes < diagnostics);
        // Nothing beyond the axis: no arrow.
        let svg = forest("t", "x", &rows[1..], Some(200.0));
        assert!(!svg.contains("class=\"beyond\""));
    }

    #[test]
    fn line_charts_refuse_values_too_wide_to_draw() {
        let line = |y: f64| Line {
            name: "p".into(),
            colour: 0,
            points: vec![(0.0, 0.0, f64::NAN, f64::NAN), (1.0, y, f64::NAN, f64::NAN)],
            dashed: false,
        };
        assert!(line_chart("t", "x", "y", &[line(1.7e308)], None, Axis::Zero).is_err());
        let svg = line_chart("t", "x", "y", &[line(0.98)], None, Axis::Share).unwrap();
        assert!(svg.contains("<polyline") && svg.contains(">100%<"));
    }
}
