//! `corridor merge`: the shards of a run (`corridor run --shard K/N`) joined
//! into the folder the single run would have written.
//!
//! Shards hold contiguous blocks of replications, so the merged
//! `shipments.csv` is the shards' rows one after the other, byte for byte.
//! The statistics are folded again from the shards' exact records
//! (`replications.bin`, [`super::records`]) in global replication order,
//! through the fold a single run uses, so `summary.json` is the single
//! run's bit for bit (wall-time fields aside: `wall_s` is the shards' sum,
//! `threads` their largest, `events_per_s` follows).
//!
//! A set of shards that is incomplete, holds a shard twice, or mixes runs
//! (a different scenario, inputs, seed or corridor version) is refused with
//! an [`InputError`] naming the folders.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
use super::records::RecordsReader;
use super::summary::{ShardMeta, Summary};
use super::writer::{Fold, write_summaries};
use super::{FORMAT_VERSION, files};
use crate::error::InputError;

struct ShardRun {
    dir: PathBuf,
    summary: Summary,
    shard: ShardMeta,
}

fn refuse(message: String) -> anyhow::Error {
    InputError::new(message)
        .with_hint(
            "merge takes every shard of one run or sweep: the folders written by \
             `corridor run … --shard K/N` (or `corridor sweep … --shard K/N`) for K = 1 … N, \
             with the same scenario, flags and seed",
        )
        .into()
}

/// Merges the shard folders `dirs` (any order) into `out`, an empty folder
/// (a run folder's staging folder), and returns the merged summary.
pub fn merge_shards(dirs: &[PathBuf], out: &Path) -> anyhow::Result<Summary> {
    let mut shards = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let summary = Summary::load(&dir.join(files::SUMMARY_JSON))?;
        let Some(shard) = summary.scenario.shard.clone() else {
            return Err(refuse(format!(
                "{} is not a shard: its summary.json has no `scenario.shard`",
                dir.display()
            )));
        };
        if summary.scenario.cancelled {
            return Err(refuse(format!(
                "{} is shard {}/{}, interrupted after {} replications: run it again",
                dir.display(),
                shard.index,
                shard.count,
                summary.scenario.replications
            )));
        }
        shards.push(ShardRun {
            dir: dir.clone(),
            summary,
            shard,
        });
    }
    check_set(&mut shards)?;

    // shipments.csv: the shared header, then each shard's rows in order.
    let path = out.join(files::SHIPMENTS);
    let mut merged = AtomicFile::create(&path)
        .map_err(|e| anyhow::Error::new(e).context(format!("cannot create {}", path.display())))?;
    let mut header: Option<Vec<u8>> = None;
    for s in &shards {
        let from = s.dir.join(files::SHIPMENTS);
        let file =
            File::open(&from).map_err(|e| super::summary::missing_or_unreadable(&from, &e))?;
        let mut input = BufReader::new(file);
        let mut line = Vec::new();
        input.read_until(b'\n', &mut line).map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot read {}", from.display()))
        })?;
        match &header {
            None => {
                merged.write_all(&line)?;
                header = Some(line);
            }
            Some(h) if *h != line => {
                return Err(refuse(format!(
                    "{} has other columns than {}",
                    from.display(),
                    shards[0].dir.join(files::SHIPMENTS).display()
                )));
            }
            Some(_) => {}
        }
        std::io::copy(&mut input, &mut merged).map_err(|e| {
            anyhow::Error::new(e).context(format!(
                "copying {} into {}",
                from.display(),
                path.display()
            ))
        })?;
    }
    merged
        .commit()
        .map_err(|e| anyhow::Error::new(e).context(format!("cannot write {}", path.display())))?;

    // The statistics, folded again in global replication order.
    let first = &shards[0].summary;
    let reference = first
        .routes
        .iter()
        .position(|r| r.id == first.scenario.reference_route)
        .ok_or_else(|| {
            refuse(format!(
                "{}: the reference route `{}` is not among its routes",
                shards[0].dir.display(),
                first.scenario.reference_route
            ))
        })?;
    let mut fold = Fold::new(first.routes.len(), reference);
    for s in &shards {
        fold_records(
            &mut fold,
            &s.dir.join(files::RECORDS),
            s.shard.first_replication..s.shard.first_replication + s.summary.scenario.replications,
            first.routes.len(),
            None,
        )?;
    }
    let names: Vec<(String, String)> = first
        .routes
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let mut meta = first.scenario.clone();
    let total = shards[0].shard.total_replications;
    meta.replications = total;
    meta.replications_requested = Some(total);
    meta.wall_s = shards.iter().map(|s| s.summary.scenario.wall_s).sum();
    meta.threads = shards
        .iter()
        .map(|s| s.summary.scenario.threads)
        .max()
        .unwrap_or(1);
    meta.events = shards.iter().map(|s| s.summary.scenario.events).sum();
    meta.events_per_s = meta.events as f64 / meta.wall_s.max(1e-9);
    meta.shard = None;
    let summary = Summary {
        format_version: FORMAT_VERSION,
        routes: fold.route_summaries(&names, &first.components),
        pairs: fold.pair_summaries(&names),
        components: first.components.clone(),
        disruptions: first.disruptions.clone(),
        scenario: meta,
    };
    write_summaries(out, &summary, &fold)?;
    for name in [files::ROUTES, files::PATHS, files::ASSUMPTIONS] {
        let bytes = std::fs::read(shards[0].dir.join(name))
            .map_err(|e| super::summary::missing_or_unreadable(&shards[0].dir.join(name), &e))?;
        AtomicFile::write_all(&out.join(name), &bytes).map_err(|e| {
            anyhow::Error::new(e).context(format!("cannot write {}", out.join(name).display()))
        })?;
    }
    Ok(summary)
}

/// Folds the records of `path` into `fold`: exactly the replications of
/// `expected`, in order (refused otherwise); with `means`, each
/// replication's mean per route is appended to it as well.
fn fold_records(
    fold: &mut Fold,
    path: &Path,
    expected: std::ops::Range<u64>,
    routes: usize,
    mut means: Option<&mut Vec<Vec<[f64; 3]>>>,
) -> anyhow::Result<()> {
    let mut reader = RecordsReader::open(path)?;
    let mut next = expected.start;
    while let Some(record) = reader.next_record()? {
        if record.replication != next || next >= expected.end {
            return Err(refuse(format!(
                "{}: replication {} found where {} was expected",
                path.display(),
                record.replication,
                next
            )));
        }
        if record.shipments.iter().any(|n| n.route >= routes) {
            return Err(refuse(format!(
                "{}: replication {} names a route the summary does not have",
                path.display(),
                record.replication
            )));
        }
        if let Some(means) = means.as_deref_mut() {
            for (route, m) in means.iter_mut().zip(record.route_means(routes)) {
                route.push(m);
            }
        }
        fold.add(
            &record.shipments,
            record
                .queues
                .iter()
                .map(|(r, k, d)| (r.as_str(), k.as_str(), d.as_slice())),
        );
        next += 1;
    }
    if next != expected.end {
        return Err(refuse(format!(
            "{}: holds replications up to {} of the shard's {}–{}",
            path.display(),
            next,
            expected.start,
            expected.end.saturating_sub(1)
        )));
    }
    Ok(())
}

/// A point's routes' statistics and, per route, each replication's means
/// (transit days, cost and CO2 per TEU).
pub type FoldedPoint = (Vec<super::RouteSummary>, Vec<Vec<[f64; 3]>>);

/// One point of a sweep folded again from its shards' records: `parts` are
/// each shard's records file of the point with its block of replications,
/// in global order; `names` the routes' (id, name). Returns the routes'
/// statistics (as the single sweep's point, bit for bit) and each
/// replication's mean per route.
pub fn fold_point_shards(
    parts: &[(PathBuf, std::ops::Range<u64>)],
    names: &[(String, String)],
    reference: usize,
) -> anyhow::Result<FoldedPoint> {
    let mut fold = Fold::new(names.len(), reference);
    let mut means = vec![Vec::new(); names.len()];
    for (path, range) in parts {
        fold_records(
            &mut fold,
            path,
            range.clone(),
            names.len(),
            Some(&mut means),
        )?;
    }
    Ok((
        fold.route_summaries(names, &super::writer::model_components()),
        means,
    ))
}

/// What a shard says of itself, for checking a set of shards.
#[derive(Debug, Clone)]
pub struct ShardIdentity {
    /// The shard's folder.
    pub dir: PathBuf,
    /// Which shard it is.
    pub shard: ShardMeta,
    /// Scenario name.
    pub name: String,
    /// Seed.
    pub seed: u64,
    /// `corridor` version.
    pub version: String,
    /// Folder format version.
    pub format_version: u32,
    /// Replications this shard ran (of each point, for a sweep).
    pub replications: u64,
}

/// Sorts the shards by K and checks they are all N of one run, once each.
fn check_set(shards: &mut [ShardRun]) -> anyhow::Result<()> {
    shards.sort_by_key(|s| s.shard.index);
    let mut ids: Vec<ShardIdentity> = shards
        .iter()
        .map(|s| ShardIdentity {
            dir: s.dir.clone(),
            shard: s.shard.clone(),
            name: s.summary.scenario.name.clone(),
            seed: s.summary.scenario.seed,
            version: s.summary.scenario.version.clone(),
            format_version: s.summary.format_version,
            replications: s.summary.scenario.replications,
        })
        .collect();
    check_shard_set(&mut ids)
}

/// Sorts the shards by K and checks they are all N of one run (or sweep),
/// once each: the same N, scenario, seed, version, inputs and total, each
/// holding its block.
pub fn check_shard_set(shards: &mut [ShardIdentity]) -> anyhow::Result<()> {
    shards.sort_by_key(|s| s.shard.index);
    let first = &shards[0];
    let n = first.shard.count;
    for s in shards.iter() {
        let (a, b) = (first, s);
        let differ = |what: &str, x: String, y: String| {
            refuse(format!(
                "the shards are of different runs: {} has {what} {x}, {} has {what} {y}",
                first.dir.display(),
                s.dir.display()
            ))
        };
        if s.shard.count != n {
            return Err(differ(
                "shards",
                format!("{}/{n}", first.shard.index),
                format!("{}/{}", s.shard.index, s.shard.count),
            ));
        }
        if a.name != b.name {
            return Err(differ(
                "scenario",
                format!("`{}`", a.name),
                format!("`{}`", b.name),
            ));
        }
        if a.seed != b.seed {
            return Err(differ("seed", a.seed.to_string(), b.seed.to_string()));
        }
        if first.shard.total_replications != s.shard.total_replications {
            return Err(differ(
                "replications",
                first.shard.total_replications.to_string(),
                s.shard.total_replications.to_string(),
            ));
        }
        if a.version != b.version || a.format_version != b.format_version {
            return Err(differ(
                "corridor version",
                a.version.clone(),
                b.version.clone(),
            ));
        }
        if first.shard.inputs != s.shard.inputs {
            return Err(differ(
                "inputs",
                format!("fingerprint {}", first.shard.inputs),
                format!(
                    "fingerprint {} (another scenario file or --set)",
                    s.shard.inputs
                ),
            ));
        }
        let expected = crate::experiment::Shard {
            index: s.shard.index,
            count: n,
        }
        .range(s.shard.total_replications);
        if s.shard.first_replication != expected.start
            || b.replications != expected.end - expected.start
        {
            return Err(refuse(format!(
                "{} is shard {}/{n} but holds {} replications from {} (expected {} from {})",
                s.dir.display(),
                s.shard.index,
                b.replications,
                s.shard.first_replication,
                expected.end - expected.start,
                expected.start
            )));
        }
    }
    for pair in shards.windows(2) {
        if pair[0].shard.index == pair[1].shard.index {
            return Err(refuse(format!(
                "shard {}/{n} is given twice: {} and {}",
                pair[0].shard.index,
                pair[0].dir.display(),
                pair[1].dir.display()
            )));
        }
    }
    let have: Vec<u32> = shards.iter().map(|s| s.shard.index).collect();
    let missing: Vec<String> = (1..=n)
        .filter(|k| !have.contains(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(refuse(format!(
            "the set of shards is incomplete: missing {} (given {})",
            missing.join(", "),
            have.iter()
                .map(|k| format!("{k}/{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}
