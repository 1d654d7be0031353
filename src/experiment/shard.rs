//! `--shard K/N`: shard K of N runs one contiguous block of the run's
//! replications. Blocks are contiguous so that the merged `shipments.csv`
//! (replication order) is the shards' files one after the other.

use std::fmt;
use std::ops::Range;

use crate::model::Scenario;

/// Shard K of N (1 ≤ K ≤ N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K, from 1.
    pub index: u32,
    /// N.
    pub count: u32,
}

impl Shard {
    /// Parses `K/N`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .trim()
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (e.g. 2/8: the second of eight shards)"))?;
        let k: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{k}` in `{text}` is not a whole number"))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` in `{text}` is not a whole number"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!(
                "shard `{text}`: K must be between 1 and N (e.g. 1/{} … {}/{})",
                n.max(1),
                n.max(1),
                n.max(1)
            ));
        }
        Ok(Shard { index: k, count: n })
    }

    /// This shard's replications of a run of `total`: the K-th of N
    /// contiguous blocks whose sizes differ by at most one.
    pub fn range(&self, total: u64) -> Range<u64> {
        let n = u64::from(self.count);
        let k = u64::from(self.index);
        // u128: total × N must not overflow.
        let at = |i: u64| (u128::from(total) * u128::from(i) / u128::from(n)) as u64;
        at(k - 1)..at(k)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A fingerprint of every validated input of a run: 64-bit FNV-1a of the
/// validated scenario's debug form (its values after every layer, the seed
/// and the replications). The scenario holds no hash maps, so the form, and
/// the fingerprint, are the same in every process of the same build.
pub fn inputs_fingerprint(scenario: &Scenario) -> String {
    fnv1a(&format!("{scenario:?}"))
}

/// 64-bit FNV-1a of `text`, as 16 hex digits.
pub fn fnv1a(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_replication_once_in_order() {
        for total in [1u64, 2, 7, 200, 1001] {
            for n in 1..=5u32 {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard { index: k, count: n }.range(total);
                    assert_eq!(r.start, next, "{k}/{n} of {total}");
                    assert!(r.end - r.start <= total / u64::from(n) + 1);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/3", "1/0", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
