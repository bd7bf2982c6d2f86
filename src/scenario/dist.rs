//! Probability distributions for every random quantity of a scenario.
//!
//! In a scenario file a distribution is an inline table naming its family and parameters,
//! e.g. `{ dist = "triangular", min = "2min", mode = "4min", max = "9min" }`, or a bare value
//! (`"3min"`, `4`) meaning `fixed`. For durations every parameter may carry a unit and is
//! stored in minutes \[min\].

use crate::scenario::units::parse_duration;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, Gamma as GammaDist, StandardNormal};

/// A distribution, with parameters already checked. Negative samples of `normal` are set
/// to 0 (every quantity in the model is non-negative).
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    /// Always `value`.
    Fixed {
        /// the value
        value: f64,
    },
    /// Exponential with the given mean.
    Exponential {
        /// mean, > 0
        mean: f64,
    },
    /// Uniform on [min, max].
    Uniform {
        /// lower bound
        min: f64,
        /// upper bound
        max: f64,
    },
    /// Triangular on [min, max] with peak at mode.
    Triangular {
        /// lower bound
        min: f64,
        /// most likely value
        mode: f64,
        /// upper bound
        max: f64,
    },
    /// Normal; negative draws are set to 0 (every quantity in the model is non-negative).
    Normal {
        /// mean
        mean: f64,
        /// standard deviation
        sd: f64,
    },
    /// Lognormal, given by the mean and standard deviation of the variable itself.
    LogNormal {
        /// mean of the variable, > 0
        mean: f64,
        /// standard deviation of the variable, > 0
        sd: f64,
        /// derived: location of ln X
        mu: f64,
        /// derived: scale of ln X
        sigma: f64,
    },
    /// Gamma with shape k and scale theta (mean k * theta).
    Gamma {
        /// shape k > 0
        shape: f64,
        /// scale theta > 0
        scale: f64,
    },
    /// Discrete draw from `values` with relative `weights` (cumulative, normalised to 1).
    Empirical {
        /// the values
        values: Vec<f64>,
        /// cumulative probabilities, last = 1
        cumulative: Vec<f64>,
    },
}

impl Dist {
    /// A distribution that always returns `value`.
    pub fn fixed(value: f64) -> Self {
        Dist::Fixed { value }
    }

    /// A lognormal law with the given mean and standard deviation of the variable itself.
    pub fn lognormal(mean: f64, sd: f64) -> Self {
        let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
        Dist::LogNormal {
            mean,
            sd,
            mu: mean.ln() - 0.5 * sigma2,
            sigma: sigma2.sqrt(),
        }
    }

    /// A discrete law on `values` with relative `weights` (same length, non-negative,
    /// positive sum; checked by the parser).
    pub fn empirical(values: Vec<f64>, weights: &[f64]) -> Self {
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let mut cumulative: Vec<f64> = weights
            .iter()
            .map(|w| {
                acc += w / total;
                acc
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Dist::Empirical { values, cumulative }
    }

    /// Draws one value.
    #[inline]
    pub fn sample<R: Rng>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Fixed { value } => *value,
            Dist::Exponential { mean } => {
                let e: f64 = Exp1.sample(rng);
                e * mean
            }
            Dist::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Dist::Triangular { min, mode, max } => {
                let u: f64 = rng.random();
                let span = max - min;
                if span <= 0.0 {
                    return *min;
                }
                let f = (mode - min) / span;
                if u < f {
                    min + (u * span * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * span * (max - mode)).sqrt()
                }
            }
            Dist::Normal { mean, sd } => {
                let z: f64 = StandardNormal.sample(rng);
                (mean + sd * z).max(0.0)
            }
            Dist::LogNormal { mu, sigma, .. } => {
                let z: f64 = StandardNormal.sample(rng);
                (mu + sigma * z).exp()
            }
            Dist::Gamma { shape, scale } => match GammaDist::new(*shape, *scale) {
                Ok(g) => g.sample(rng),
                Err(_) => shape * scale,
            },
            Dist::Empirical { values, cumulative } => {
                let u: f64 = rng.random();
                let i = cumulative
                    .partition_point(|&c| c <= u)
                    .min(values.len() - 1);
                values[i]
            }
        }
    }

    /// The mean of the distribution (for normal: of the untruncated law).
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Fixed { value } => *value,
            Dist::Exponential { mean } => *mean,
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Normal { mean, .. } | Dist::LogNormal { mean, .. } => *mean,
            Dist::Gamma { shape, scale } => shape * scale,
            Dist::Empirical { values, cumulative } => {
                let mut prev = 0.0;
                values
                    .iter()
                    .zip(cumulative)
                    .map(|(v, c)| {
                        let p = c - prev;
                        prev = *c;
                        v * p
                    })
                    .sum()
            }
        }
    }

    /// The largest value the distribution can return, if bounded.
    pub fn upper_bound(&self) -> Option<f64> {
        match self {
            Dist::Fixed { value } => Some(*value),
            Dist::Uniform { max, .. } | Dist::Triangular { max, .. } => Some(*max),
            Dist::Empirical { values, .. } => values.iter().copied().reduce(f64::max),
            _ => None,
        }
    }
}

/// What a distribution's values measure: durations accept units, counts do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// a span of time; parameters may be `"90s"`, `"2h"`, or numbers in minutes
    Duration,
    /// a plain non-negative number (items, lines, money)
    Number,
}

const DIST_NAMES: [&str; 8] = [
    "fixed",
    "exponential",
    "uniform",
    "triangular",
    "normal",
    "lognormal",
    "gamma",
    "empirical",
];

fn param(value: &toml::Value, quantity: Quantity, key: &str) -> Result<f64, String> {
    match (value, quantity) {
        (toml::Value::Integer(i), _) => Ok(*i as f64),
        (toml::Value::Float(f), _) if f.is_finite() => Ok(*f),
        (toml::Value::Float(_), _) => Err(format!("`{key}` must be a finite number")),
        (toml::Value::String(s), Quantity::Duration) => {
            parse_duration(s).map_err(|e| format!("`{key}`: {e}"))
        }
        (toml::Value::String(s), Quantity::Number) => Err(format!(
            "`{key}` must be a number, got the string \"{s}\" (units are only for durations)"
        )),
        (other, _) => Err(format!(
            "`{key}` must be a number{}, got {}",
            if quantity == Quantity::Duration {
                " or a duration like \"5min\""
            } else {
                ""
            },
            other.type_str()
        )),
    }
}

/// Reads a distribution from its TOML value. Errors say which parameter is wrong and why.
pub fn parse_dist(value: &toml::Value, quantity: Quantity) -> Result<Dist, String> {
    let table = match value {
        toml::Value::Table(t) => t,
        scalar => {
            let v = param(scalar, quantity, "value")?;
            return check_non_negative(Dist::fixed(v));
        }
    };
    let family = match table.get("dist") {
        Some(toml::Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(format!(
                "`dist` must be a string naming the family, got {}",
                other.type_str()
            ));
        }
        None => {
            return Err(format!(
                "a distribution needs `dist = \"...\"`, one of {}",
                DIST_NAMES.join(", ")
            ));
        }
    };
    let allowed: &[&str] = match family {
        "fixed" => &["value"],
        "exponential" => &["mean"],
        "uniform" => &["min", "max"],
        "triangular" => &["min", "mode", "max"],
        "normal" | "lognormal" => &["mean", "sd"],
        "gamma" => &["shape", "scale"],
        "empirical" => &["values", "weights"],
        other => {
            let hint = crate::scenario::error::nearest(other, &DIST_NAMES)
                .map(|n| format!("; did you mean \"{n}\"?"))
                .unwrap_or_default();
            return Err(format!(
                "unknown distribution \"{other}\": expected one of {}{hint}",
                DIST_NAMES.join(", ")
            ));
        }
    };
    for key in table.keys() {
        if key != "dist" && !allowed.contains(&key.as_str()) {
            let hint = crate::scenario::error::nearest(key, allowed)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            return Err(format!(
                "unknown parameter `{key}` for a {family} distribution (it takes {}){hint}",
                allowed.join(", ")
            ));
        }
    }
    let get = |key: &str| -> Result<f64, String> {
        let v = table
            .get(key)
            .ok_or_else(|| format!("a {family} distribution needs `{key}`"))?;
        param(v, quantity, key)
    };
    let dist = match family {
        "fixed" => Dist::fixed(get("value")?),
        "exponential" => {
            let mean = get("mean")?;
            if mean <= 0.0 {
                return Err(format!("exponential `mean` must be > 0, got {mean}"));
            }
            Dist::Exponential { mean }
        }
        "uniform" => {
            let (min, max) = (get("min")?, get("max")?);
            if min > max {
                return Err(format!(
                    "uniform needs min <= max, got min {min} > max {max}"
                ));
            }
            Dist::Uniform { min, max }
        }
        "triangular" => {
            let (min, mode, max) = (get("min")?, get("mode")?, get("max")?);
            if !(min <= mode && mode <= max) {
                return Err(format!(
                    "triangular needs min <= mode <= max, got {min}, {mode}, {max}"
                ));
            }
            Dist::Triangular { min, mode, max }
        }
        "normal" => {
            let (mean, sd) = (get("mean")?, get("sd")?);
            if sd < 0.0 {
                return Err(format!("normal `sd` must be >= 0, got {sd}"));
            }
            Dist::Normal { mean, sd }
        }
        "lognormal" => {
            let (mean, sd) = (get("mean")?, get("sd")?);
            if mean <= 0.0 || sd <= 0.0 {
                return Err(format!(
                    "lognormal needs mean > 0 and sd > 0, got mean {mean}, sd {sd}"
                ));
            }
            let d = Dist::lognormal(mean, sd);
            if let Dist::LogNormal { mu, sigma, .. } = d
                && !(mu.is_finite() && sigma.is_finite())
            {
                // sd / mean beyond about 1e154: ln X would have an infinite spread and
                // draws would be NaN.
                return Err(format!(
                    "lognormal `sd` is too large for its `mean`: sd / mean = {:e}, at most about 1e150",
                    sd / mean
                ));
            }
            d
        }
        "gamma" => {
            let (shape, scale) = (get("shape")?, get("scale")?);
            if shape <= 0.0 || scale <= 0.0 {
                return Err(format!(
                    "gamma needs shape > 0 and scale > 0, got shape {shape}, scale {scale}"
                ));
            }
            Dist::Gamma { shape, scale }
        }
        _ => {
            let values = match table.get("values") {
                Some(toml::Value::Array(a)) if !a.is_empty() => a
                    .iter()
                    .map(|v| param(v, quantity, "values"))
                    .collect::<Result<Vec<_>, _>>()?,
                _ => return Err("empirical needs a non-empty array `values`".into()),
            };
            let weights = match table.get("weights") {
                None => vec![1.0; values.len()],
                Some(toml::Value::Array(a)) => a
                    .iter()
                    .map(|v| param(v, Quantity::Number, "weights"))
                    .collect::<Result<Vec<_>, _>>()?,
                Some(_) => return Err("empirical `weights` must be an array of numbers".into()),
            };
            if weights.len() != values.len() {
                return Err(format!(
                    "empirical has {} values but {} weights",
                    values.len(),
                    weights.len()
                ));
            }
            let total: f64 = weights.iter().sum();
            if weights.iter().any(|w| *w < 0.0) || total <= 0.0 {
                return Err("empirical weights must be >= 0 with a positive sum".into());
            }
            Dist::empirical(values, &weights)
        }
    };
    check_non_negative(dist)
}

fn check_non_negative(dist: Dist) -> Result<Dist, String> {
    let negative = match &dist {
        Dist::Fixed { value } => *value < 0.0,
        Dist::Uniform { min, .. } | Dist::Triangular { min, .. } => *min < 0.0,
        Dist::Normal { mean, .. } => *mean < 0.0,
        Dist::Empirical { values, .. } => values.iter().any(|v| *v < 0.0),
        _ => false,
    };
    if negative {
        Err("values must be non-negative".into())
    } else {
        Ok(dist)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RandomStreams;

    fn parse(text: &str, q: Quantity) -> Result<Dist, String> {
        let v: toml::Table = toml::from_str(&format!("x = {text}")).unwrap();
        parse_dist(&v["x"], q)
    }

    fn sample_mean(d: &Dist, n: usize) -> f64 {
        let mut rng = RandomStreams::new(1, 0).stream("t");
        (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64
    }

    #[test]
    fn sample_means_match_the_law() {
        for text in [
            r#"{ dist = "exponential", mean = "3min" }"#,
            r#"{ dist = "uniform", min = 1, max = 5 }"#,
            r#"{ dist = "triangular", min = 1, mode = 2, max = 6 }"#,
            r#"{ dist = "lognormal", mean = 4, sd = 2 }"#,
            r#"{ dist = "gamma", shape = 2, scale = 1.5 }"#,
            r#"{ dist = "empirical", values = [1, 2, 10], weights = [1, 1, 2] }"#,
            r#"{ dist = "normal", mean = 10, sd = 1 }"#,
        ] {
            let d = parse(text, Quantity::Duration).unwrap();
            let m = sample_mean(&d, 200_000);
            assert!(
                (m - d.mean()).abs() < 0.02 * d.mean(),
                "{text}: sample mean {m} vs {}",
                d.mean()
            );
        }
    }

    #[test]
    fn bare_values_are_fixed_and_units_convert() {
        assert_eq!(
            parse(r#""90s""#, Quantity::Duration).unwrap(),
            Dist::fixed(1.5)
        );
        assert_eq!(parse("4", Quantity::Number).unwrap(), Dist::fixed(4.0));
        assert!(parse(r#""4min""#, Quantity::Number).is_err());
    }

    #[test]
    fn errors_name_the_problem() {
        let e = parse(r#"{ dist = "expnential", mean = 1 }"#, Quantity::Number).unwrap_err();
        assert!(e.contains("did you mean \"exponential\""), "{e}");
        let e = parse(r#"{ dist = "exponential", mena = 1 }"#, Quantity::Number).unwrap_err();
        assert!(e.contains("did you mean `mean`"), "{e}");
        assert!(parse(r#"{ dist = "exponential", mean = -1 }"#, Quantity::Number).is_err());
        assert!(
            parse(
                r#"{ dist = "uniform", min = 3, max = 1 }"#,
                Quantity::Number
            )
            .is_err()
        );
        assert!(parse("-2", Quantity::Number).is_err());
    }
}
