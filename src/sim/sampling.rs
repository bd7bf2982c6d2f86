//! Sampling helpers for the model: Walker's alias table for SKU popularity (O(1) per draw)
//! and the next arrival of a non-homogeneous Poisson process with a weekly
//! piecewise-constant rate.

use crate::engine::{MINUTES_PER_DAY, Minutes};
use crate::scenario::ArrivalProfile;
use rand::{Rng, RngExt};

/// Draws indices with probability proportional to their weights in O(1).
#[derive(Clone, Debug)]
pub struct AliasTable {
    prob: Vec<f64>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// Builds the table (Vose's method). Weights must be non-negative with a positive sum.
    pub fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut prob = vec![1.0; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            prob[s] = scaled[s];
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        Self { prob, alias }
    }

    /// One draw.
    #[inline]
    pub fn sample<R: Rng>(&self, rng: &mut R) -> u32 {
        let n = self.prob.len();
        let i = rng.random_range(0..n);
        let u: f64 = rng.random();
        if u < self.prob[i] {
            i as u32
        } else {
            self.alias[i]
        }
    }
}

const WEEK: Minutes = 7.0 * MINUTES_PER_DAY;

/// The first arrival after `now` of the Poisson process with the profile's weekly rate, by
/// inverting the integrated rate: draw E ~ Exp(1) and walk the segments until their mass
/// covers E. `None` when the rate is zero all week.
pub fn next_arrival<R: Rng>(
    profile: &ArrivalProfile,
    now: Minutes,
    rng: &mut R,
) -> Option<Minutes> {
    let segments = &profile.segments;
    if segments.is_empty() {
        return None;
    }
    let u: f64 = crate::engine::open01(rng);
    let mut need = -u.ln();
    let mut week_start = (now / WEEK).floor() * WEEK;
    let mut t = now - week_start;
    let mut i = segments.partition_point(|&(_, end, _)| end <= t);
    // At most one full pass over two weeks: every week has positive mass.
    loop {
        if i == segments.len() {
            i = 0;
            week_start += WEEK;
            t = 0.0;
        }
        let (start, end, rate) = segments[i];
        let from = t.max(start);
        let mass = rate * (end - from);
        if mass >= need {
            return Some(week_start + from + need / rate);
        }
        need -= mass;
        t = end;
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RandomStreams;

    #[test]
    fn alias_table_matches_weights() {
        let table = AliasTable::new(&[1.0, 2.0, 3.0, 4.0]);
        let mut rng = RandomStreams::new(3, 0).stream("alias");
        let mut counts = [0u32; 4];
        let n = 400_000;
        for _ in 0..n {
            counts[table.sample(&mut rng) as usize] += 1;
        }
        for (i, c) in counts.iter().enumerate() {
            let expected = (i + 1) as f64 / 10.0;
            assert!((f64::from(*c) / n as f64 - expected).abs() < 0.005);
        }
    }

    #[test]
    fn arrivals_follow_the_rate_and_stay_in_segments() {
        // 2 arrivals per minute from 10:00 to 11:00 every day, nothing else.
        let segments = (0..7)
            .map(|d| {
                let s = d as f64 * MINUTES_PER_DAY + 600.0;
                (s, s + 60.0, 2.0)
            })
            .collect();
        let profile = ArrivalProfile {
            per_weekday: [120.0; 7],
            segments,
        };
        let mut rng = RandomStreams::new(9, 0).stream("arr");
        let mut t = 0.0;
        let mut n = 0;
        while let Some(next) = next_arrival(&profile, t, &mut rng) {
            if next > 14.0 * MINUTES_PER_DAY {
                break;
            }
            let in_day = next % MINUTES_PER_DAY;
            assert!((600.0..=660.0).contains(&in_day), "arrival at {in_day}");
            t = next;
            n += 1;
        }
        // 14 days x 120 expected = 1680, sd about 41.
        assert!((n as f64 - 1680.0).abs() < 170.0, "{n}");
        let empty = ArrivalProfile {
            per_weekday: [0.0; 7],
            segments: vec![],
        };
        assert_eq!(next_arrival(&empty, 0.0, &mut rng), None);
    }
}
