//! Named random streams. Every source of randomness in a model draws from its own stream,
//! seeded from (master seed, replication index, stream name), so that two runs of the same
//! replication under different policies see the same draws from every stream they share
//! (common random numbers), and adding a stream never shifts the others.
//!
//! The generator is PCG-64 (MCG variant, `rand_pcg::Pcg64Mcg`): portable, named and fixed,
//! unlike `StdRng` whose algorithm may change between `rand` versions.

use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The generator behind every stream.
pub type RandomStream = Pcg64Mcg;

/// SplitMix64 finaliser: a bijective mixer with good avalanche, used to derive seeds.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over the bytes of a name: stable across platforms and Rust versions.
fn fnv1a(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The 128-bit seed of stream `name` in replication `replication` under `master_seed`.
pub fn stream_seed(master_seed: u64, replication: u64, name: &str) -> [u8; 16] {
    let a = splitmix64(master_seed ^ splitmix64(replication ^ splitmix64(fnv1a(name))));
    let b = splitmix64(a ^ 0xD1B5_4A32_D192_ED03);
    let mut seed = [0u8; 16];
    seed[..8].copy_from_slice(&a.to_le_bytes());
    seed[8..].copy_from_slice(&b.to_le_bytes());
    seed
}

/// A factory of named streams for one replication.
#[derive(Clone, Copy, Debug)]
pub struct RandomStreams {
    master_seed: u64,
    replication: u64,
}

impl RandomStreams {
    /// Streams of replication `replication` under `master_seed`.
    pub fn new(master_seed: u64, replication: u64) -> Self {
        Self {
            master_seed,
            replication,
        }
    }

    /// The stream called `name`, freshly seeded: calling twice gives two identical streams.
    pub fn stream(&self, name: &str) -> RandomStream {
        RandomStream::from_seed(stream_seed(self.master_seed, self.replication, name))
    }
}

/// A uniform draw in the open interval (0, 1): never exactly 0, so `ln` is always finite.
#[inline]
pub fn open01<R: Rng>(rng: &mut R) -> f64 {
    let u: f64 = rng.random();
    if u <= 0.0 { f64::MIN_POSITIVE } else { u }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_same_draws_and_different_names_differ() {
        let streams = RandomStreams::new(42, 3);
        let (mut a, mut b, mut c) = (
            streams.stream("arrivals"),
            streams.stream("arrivals"),
            streams.stream("baskets"),
        );
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn replication_and_seed_change_the_stream() {
        let s = stream_seed(1, 0, "x");
        assert_ne!(s, stream_seed(1, 1, "x"));
        assert_ne!(s, stream_seed(2, 0, "x"));
    }

    #[test]
    fn seeds_are_pinned_across_versions() {
        // A change here changes every published result: bump the version and say so.
        let mut r = RandomStreams::new(7, 0).stream("pin");
        let first = r.next_u64();
        assert_eq!(first, PINNED_FIRST_DRAW);
    }

    const PINNED_FIRST_DRAW: u64 = 12_681_097_511_149_623_129;
}
