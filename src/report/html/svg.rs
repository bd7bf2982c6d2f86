//! Hand-made SVG for every chart of the report (line and interval charts, forest plots, a
//! staff timeline): a tiny builder, nice axis ticks and number formatting.

use std::fmt::Write;

/// Colour-blind-safe palette (Okabe and Ito), one colour per policy in order.
pub const PALETTE: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000",
];
/// Colour of a change for the better / worse / no clear difference.
pub const BETTER: &str = "#0072B2";
/// Worse.
pub const WORSE: &str = "#D55E00";
/// Neither.
pub const NEUTRAL: &str = "#777777";

/// The small charts' size (interval and line charts, side by side on the page).
pub const SMALL_W: f64 = 500.0;
/// Their height.
pub const SMALL_H: f64 = 300.0;
/// Type sizes every chart shares: axis titles and legends, tick labels (titles are 15 bold).
pub const LABEL: f64 = 12.0;
/// Tick labels and row labels.
pub const TICK: f64 = 11.0;
/// Axis lines, and the grid.
pub const AXIS: &str = "#333333";
/// Grid lines.
pub const GRID: &str = "#eeeeee";

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number with about four significant digits; `–` when undefined.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 1000.0 {
        0
    } else {
        (3 - a.log10().floor() as i32).clamp(0, 4) as usize
    };
    format!("{v:.decimals$}")
}

/// A tick label: as short as the value allows.
pub fn fmt_tick(v: f64) -> String {
    let s = fmt_num(v);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Round tick values covering [lo, hi], about `n` of them.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    // Multiples of the step, not a running sum, so no rounding drift (0.6, not 0.6000000001).
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|k| {
            let t = k as f64 * step;
            let digits = (-step.log10().floor()).max(0.0) as i32 + 1;
            let p = 10f64.powi(digits);
            (t * p).round() / p
        })
        .collect()
}

/// An SVG document under construction.
pub struct Svg {
    w: f64,
    h: f64,
    body: String,
}

impl Svg {
    /// An empty drawing of `w` x `h` pixels with a title line.
    pub fn new(w: f64, h: f64, title: &str) -> Svg {
        let mut s = Svg {
            w,
            h,
            body: String::new(),
        };
        s.text(w / 2.0, 20.0, title, "middle", 15.0, "bold");
        s
    }

    /// Text at (x, y) with an anchor (`start`, `middle`, `end`).
    pub fn text(&mut self, x: f64, y: f64, s: &str, anchor: &str, size: f64, weight: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}">{}</text>"#,
            esc(s)
        );
    }

    /// A value-axis tick label, right-aligned at (x, y), of class `tick-y` so that a reader
    /// of the page (or a test) can find the axis.
    pub fn y_tick(&mut self, x: f64, y: f64, s: &str) {
        let _ = write!(
            self.body,
            r#"<text class="tick-y" x="{x:.1}" y="{y:.1}" text-anchor="end" font-size="{TICK}" font-weight="normal">{}</text>"#,
            esc(s)
        );
    }

    /// Text turned 90 degrees counter-clockwise (a y-axis title).
    pub fn vtext(&mut self, x: f64, y: f64, s: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" font-size="12" transform="rotate(-90 {x:.1} {y:.1})">{}</text>"#,
            esc(s)
        );
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{x:.2}" y="{y:.2}" width="{:.2}" height="{h:.2}" fill="{fill}"/>"#,
            w.max(0.6)
        );
    }

    /// Rectangles (x, y, w, h) sharing one fill, written compactly in a group.
    pub fn rects(&mut self, fill: &str, rects: &[(f64, f64, f64, f64)]) {
        let _ = write!(self.body, r#"<g fill="{fill}">"#);
        for (x, y, w, h) in rects {
            let _ = write!(
                self.body,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{h:.0}"/>"#,
                w.max(0.6)
            );
        }
        self.body.push_str("</g>");
    }

    /// A line segment.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="{stroke}" stroke-width="{width}"/>"#
        );
    }

    /// A dashed line segment.
    pub fn dashed(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="{stroke}" stroke-width="1" stroke-dasharray="4 3"/>"#
        );
    }

    /// An open path through `points`, solid or dashed.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64, dashed: bool) {
        if points.is_empty() {
            return;
        }
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{x:.2},{y:.2}", if i == 0 { "" } else { " " });
        }
        let dash = if dashed {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = write!(
            self.body,
            r#"<polyline points="{d}" fill="none" stroke="{stroke}" stroke-width="{width}"{dash}/>"#
        );
    }

    /// A filled polygon (an interval band) with an opacity.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, opacity: f64) {
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{x:.2},{y:.2}", if i == 0 { "" } else { " " });
        }
        let _ = write!(
            self.body,
            r#"<polygon points="{d}" fill="{fill}" fill-opacity="{opacity}"/>"#
        );
    }

    /// A small dot on a line.
    pub fn dot(&mut self, x: f64, y: f64, fill: &str) {
        let _ = write!(
            self.body,
            r#"<circle cx="{x:.2}" cy="{y:.2}" r="2.5" fill="{fill}"/>"#
        );
    }

    /// An arrowhead at (x, y) pointing right (or left): a value beyond the axis.
    pub fn arrow(&mut self, x: f64, y: f64, right: bool, fill: &str) {
        let d = if right { -8.0 } else { 8.0 };
        let _ = write!(
            self.body,
            r#"<polygon class="beyond" points="{x:.2},{y:.2} {:.2},{:.2} {:.2},{:.2}" fill="{fill}"/>"#,
            x + d,
            y - 5.0,
            x + d,
            y + 5.0
        );
    }

    /// A marker: a circle (`round`) or a square.
    pub fn marker(&mut self, x: f64, y: f64, fill: &str, round: bool) {
        if round {
            let _ = write!(
                self.body,
                r#"<circle cx="{x:.2}" cy="{y:.2}" r="4" fill="{fill}"/>"#
            );
        } else {
            let _ = write!(
                self.body,
                r#"<rect x="{:.2}" y="{:.2}" width="8" height="8" fill="{fill}"/>"#,
                x - 4.0,
                y - 4.0
            );
        }
    }

    /// The finished SVG element.
    pub fn finish(self) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" role="img"><rect width="{w}" height="{h}" fill="white"/>{}</svg>"#,
            self.body,
            w = self.w,
            h = self.h
        )
    }
}

/// Maps a value range onto pixels.
#[derive(Clone, Copy)]
pub struct Scale {
    pub v0: f64,
    pub v1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    /// Pixel of value `v`, clamped to the range.
    pub fn at(&self, v: f64) -> f64 {
        let f = ((v - self.v0) / (self.v1 - self.v0)).clamp(0.0, 1.0);
        self.p0 + f * (self.p1 - self.p0)
    }
}

/// A range that holds every finite value and some air, never empty.
pub fn padded_range(values: impl Iterator<Item = f64>, include_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 {
        let d = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 1.0 };
        return (lo - d, hi + d);
    }
    let pad = (hi - lo) * 0.08;
    (lo - pad, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(fmt_num(0.97207), "0.9721");
        assert_eq!(fmt_num(188.73), "188.7");
        assert_eq!(fmt_num(82208.4), "82208");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(f64::NAN), "–");
        assert_eq!(fmt_tick(-50.0), "-50");
        assert_eq!(fmt_tick(0.25), "0.25");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = ticks(-113.0, 230.0, 8);
        assert!(t.contains(&0.0) && t.contains(&-100.0) && t.contains(&200.0));
        assert_eq!(ticks(3.0, 3.0, 5), vec![3.0]);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
