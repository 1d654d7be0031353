//! `replications.bin`: what a shard's statistics are made of, exactly.
//!
//! A shard (`corridor run --shard K/N`) writes, beside its `shipments.csv`,
//! every number the summary statistics fold in, per replication and in
//! replication order, as the bits of each `f64` (`shipments.csv` rounds to
//! six decimals, and a mean of rounded values differs from the mean of the
//! values in the last digits). `corridor merge` reads the shards' records in
//! global replication order and folds them with the very code a single run
//! uses (the fold of `writer.rs`), so the merged `summary.json` is the single
//! run's, bit for bit, whatever the split: floating-point sums are only
//! reproducible when the same numbers are added in the same order.
//!
//! The format is private to corridor (little-endian, versioned by its first
//! line): a header `corridor replications 1\n`, the numbers of time and cost
//! components (u32 each), then per replication its index (u64), its shipments
//! (u32 count; each: route u32, shipment u64, flags u8 (arrived, stranded,
//! re-planned: bits 0–2), and when arrived
//! transit days, cost and CO2 per TEU and the components, f64 each) and its
//! queue series (u32 count; each: resource and kind as u32-length UTF-8, u32
//! days, then mean and peak per day, f64 each).

use std::io::{BufReader, Read};
use std::path::Path;

use super::writer::{Arrived, Numbers};
use crate::error::InputError;
use crate::model::{CostComponent, TimeComponent};

/// The first line of the file.
const MAGIC: &[u8] = b"corridor replications 1\n";

/// One queue series of a replication: resource, kind, per day (mean, peak).
pub(super) type QueueRecord = (String, String, Vec<(f64, f64)>);

/// A queue series as the fold takes it, borrowed.
pub(super) type QueueRef<'a> = (&'a str, &'a str, &'a [(f64, f64)]);

const TIME: usize = TimeComponent::ALL.len();
const COST: usize = CostComponent::ALL.len();

/// One replication's numbers, as the statistics fold them in.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationRecord {
    /// Global replication index.
    pub replication: u64,
    /// Every shipment of the replication, in the order the run saw them.
    pub(super) shipments: Vec<Numbers>,
    /// Queue series: (resource, kind, per day (mean, peak)).
    pub(super) queues: Vec<QueueRecord>,
}

impl ReplicationRecord {
    /// Each route's mean transit days, cost and CO2 per TEU, the same bits
    /// as [`super::writer::PreparedReplication::route_means`] gave the run.
    pub fn route_means(&self, routes: usize) -> Vec<[f64; 3]> {
        super::writer::route_means(&self.shipments, routes)
    }
}

/// The file header.
pub fn header() -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&(TIME as u32).to_le_bytes());
    out.extend_from_slice(&(COST as u32).to_le_bytes());
    out
}

/// Appends one replication to `out`.
pub(super) fn encode(
    out: &mut Vec<u8>,
    replication: u64,
    shipments: &[Numbers],
    queues: &[QueueRef<'_>],
) {
    let f = |out: &mut Vec<u8>, x: f64| out.extend_from_slice(&x.to_bits().to_le_bytes());
    out.extend_from_slice(&replication.to_le_bytes());
    out.extend_from_slice(&(shipments.len() as u32).to_le_bytes());
    for s in shipments {
        out.extend_from_slice(&(s.route as u32).to_le_bytes());
        out.extend_from_slice(&s.shipment.to_le_bytes());
        // Bit 0: arrived (its numbers follow); bit 1: stranded; bit 2:
        // re-planned.
        let flags = u8::from(s.stranded) << 1 | u8::from(s.replanned) << 2;
        match &s.arrived {
            None => out.push(flags),
            Some(a) => {
                out.push(1 | flags);
                f(out, a.transit_days);
                f(out, a.cost_usd_per_teu);
                f(out, a.co2_t_per_teu);
                for &x in a.time_days.iter().chain(&a.cost_usd) {
                    f(out, x);
                }
            }
        }
    }
    out.extend_from_slice(&(queues.len() as u32).to_le_bytes());
    for (resource, kind, days) in queues {
        for text in [resource, kind] {
            out.extend_from_slice(&(text.len() as u32).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        out.extend_from_slice(&(days.len() as u32).to_le_bytes());
        for &(mean, peak) in *days {
            f(out, mean);
            f(out, peak);
        }
    }
}

/// Reads a records file replication by replication.
pub struct RecordsReader {
    path: std::path::PathBuf,
    input: BufReader<std::fs::File>,
}

impl RecordsReader {
    /// Opens `path` and checks its header.
    pub fn open(path: &Path) -> anyhow::Result<RecordsReader> {
        let file = std::fs::File::open(path)
            .map_err(|e| super::summary::missing_or_unreadable(path, &e))?;
        let mut reader = RecordsReader {
            path: path.to_path_buf(),
            input: BufReader::new(file),
        };
        let mut magic = vec![0; MAGIC.len()];
        reader.exact(&mut magic)?;
        if magic != MAGIC {
            return Err(reader.corrupt("it does not start with `corridor replications 1`"));
        }
        let (time, cost) = (reader.u32()?, reader.u32()?);
        if (time as usize, cost as usize) != (TIME, COST) {
            return Err(reader.corrupt(&format!(
                "it has {time} time and {cost} cost components; this corridor has {TIME} and {COST}"
            )));
        }
        Ok(reader)
    }

    /// The next replication, or `None` at the end of the file.
    pub fn next_record(&mut self) -> anyhow::Result<Option<ReplicationRecord>> {
        let mut first = [0u8; 8];
        match self.input.read(&mut first[..1])? {
            0 => return Ok(None),
            _ => self.exact(&mut first[1..])?,
        }
        let replication = u64::from_le_bytes(first);
        let n = self.u32()? as usize;
        let mut shipments = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let route = self.u32()? as usize;
            let shipment = self.u64()?;
            let flags = self.u8()?;
            if flags > 0b111 {
                return Err(self.corrupt(&format!("shipment flags {flags}")));
            }
            let arrived = match flags & 1 {
                0 => None,
                _ => {
                    let (transit_days, cost_usd_per_teu, co2_t_per_teu) =
                        (self.f64()?, self.f64()?, self.f64()?);
                    let mut time_days = [0.0; TIME];
                    for x in &mut time_days {
                        *x = self.f64()?;
                    }
                    let mut cost_usd = [0.0; COST];
                    for x in &mut cost_usd {
                        *x = self.f64()?;
                    }
                    Some(Arrived {
                        transit_days,
                        cost_usd_per_teu,
                        co2_t_per_teu,
                        time_days,
                        cost_usd,
                    })
                }
            };
            shipments.push(Numbers {
                route,
                stranded: flags & 0b10 != 0,
                replanned: flags & 0b100 != 0,
                shipment,
                arrived,
            });
        }
        let q = self.u32()? as usize;
        let mut queues = Vec::with_capacity(q.min(1 << 16));
        for _ in 0..q {
            let resource = self.text()?;
            let kind = self.text()?;
            let days = self.u32()? as usize;
            let mut series = Vec::with_capacity(days.min(1 << 20));
            for _ in 0..days {
                series.push((self.f64()?, self.f64()?));
            }
            queues.push((resource, kind, series));
        }
        Ok(Some(ReplicationRecord {
            replication,
            shipments,
            queues,
        }))
    }

    fn corrupt(&self, what: &str) -> anyhow::Error {
        InputError::new(format!(
            "{} is not a corridor records file: {what}",
            self.path.display()
        ))
        .with_hint("run the shard again; the file is written by `corridor run --shard K/N`")
        .into()
    }

    fn exact(&mut self, buf: &mut [u8]) -> anyhow::Result<()> {
        self.input.read_exact(buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                self.corrupt("it ends in the middle of a replication")
            } else {
                anyhow::Error::new(e).context(format!("cannot read {}", self.path.display()))
            }
        })
    }
    fn u8(&mut self) -> anyhow::Result<u8> {
        let mut b = [0u8; 1];
        self.exact(&mut b)?;
        Ok(b[0])
    }
    fn u32(&mut self) -> anyhow::Result<u32> {
        let mut b = [0u8; 4];
        self.exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> anyhow::Result<u64> {
        let mut b = [0u8; 8];
        self.exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn f64(&mut self) -> anyhow::Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }
    fn text(&mut self) -> anyhow::Result<String> {
        let n = self.u32()? as usize;
        if n > 4096 {
            return Err(self.corrupt("a name longer than 4096 bytes"));
        }
        let mut b = vec![0u8; n];
        self.exact(&mut b)?;
        String::from_utf8(b).map_err(|_| self.corrupt("a name that is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_bit_for_bit() {
        let dir = std::env::temp_dir().join(format!("corridor-records-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.bin");
        let mut bytes = header();
        let numbers = vec![
            Numbers {
                route: 1,
                stranded: false,
                replanned: true,
                shipment: 7,
                arrived: Some(Arrived {
                    transit_days: 0.1 + 0.2,
                    cost_usd_per_teu: 1_234.567_890_123_4,
                    co2_t_per_teu: 1e-300,
                    time_days: [std::f64::consts::PI; TIME],
                    cost_usd: [-0.0; COST],
                }),
            },
            Numbers {
                route: 0,
                stranded: true,
                replanned: true,
                shipment: 8,
                arrived: None,
            },
        ];
        let days = [(0.5, 2.0), (1.0 / 3.0, 1.0)];
        encode(&mut bytes, 42, &numbers, &[("port:RUVVO", "port", &days)]);
        std::fs::write(&path, &bytes).unwrap();
        let mut reader = RecordsReader::open(&path).unwrap();
        let record = reader.next_record().unwrap().unwrap();
        assert_eq!(record.replication, 42);
        assert_eq!(record.shipments, numbers);
        assert_eq!(
            record.queues,
            vec![("port:RUVVO".to_string(), "port".to_string(), days.to_vec())]
        );
        assert!(reader.next_record().unwrap().is_none());
        // A truncated file is an error, not a shorter run.
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let mut reader = RecordsReader::open(&path).unwrap();
        assert!(reader.next_record().is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
