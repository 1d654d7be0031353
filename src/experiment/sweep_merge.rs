//! `corridor merge` of a sweep's shards (`corridor sweep … --shard K/N`):
//! each shard ran its block of every point's replications (by global
//! index, so replication r of every point keeps its common random numbers)
//! and kept each point's exact records. Every point is folded again from
//! its shards' records in global order ([`crate::runfile::merge::fold_point_shards`],
//! the fold a single sweep uses), and the break-even values are computed
//! again from the merged replication means, so `sweep.json` is the single
//! sweep's (wall-time fields aside: `wall_s` is the shards' sum, `threads`
//! their largest) and `sweep.csv` is byte for byte the same.
//!
//! Shards split replications rather than points: every point needs all
//! replications for its intervals and its paired differences, and a split
//! of replications is balanced whatever the points cost.

use std::path::{Path, PathBuf};

use super::sweep::break_evens;
use crate::error::InputError;
use crate::runfile::experiment::{Point, SweepFile, files, write_json};
use crate::runfile::merge::{ShardIdentity, check_shard_set, fold_point_shards};
use crate::runfile::summary::read_json;

/// Whether `dir` holds a sweep (its `sweep.json`) rather than a run.
pub fn is_sweep(dir: &Path) -> bool {
    dir.join(files::SWEEP_JSON).is_file()
}

/// Merges the sweep shard folders `dirs` (any order) into `out` (a run
/// folder's staging folder): `sweep.json` and `sweep.csv`. Returns the file.
pub fn merge_sweep_shards(dirs: &[PathBuf], out: &Path) -> anyhow::Result<SweepFile> {
    let mut shards: Vec<(ShardIdentity, SweepFile)> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let file: SweepFile = read_json(&dir.join(files::SWEEP_JSON))?;
        let Some(shard) = file.scenario.shard.clone() else {
            return Err(InputError::new(format!(
                "{} is not a shard: its sweep.json has no `scenario.shard`",
                dir.display()
            ))
            .with_hint("merge takes the folders of `corridor sweep … --shard K/N`, K = 1 … N")
            .into());
        };
        let id = ShardIdentity {
            dir: dir.clone(),
            shard,
            name: file.scenario.name.clone(),
            seed: file.scenario.seed,
            version: file.scenario.version.clone(),
            format_version: file.format_version,
            replications: file.scenario.replications,
        };
        shards.push((id, file));
    }
    shards.sort_by_key(|(id, _)| id.shard.index);
    let mut ids: Vec<ShardIdentity> = shards.iter().map(|(id, _)| id.clone()).collect();
    check_shard_set(&mut ids)?;
    let first = &shards[0].1;
    for (id, file) in &shards[1..] {
        // The inputs' fingerprint covers every point; this names the
        // difference when the swept values themselves differ.
        if file.parameters != first.parameters {
            return Err(InputError::new(format!(
                "the shards are of different sweeps: {} and {} sweep other values",
                shards[0].0.dir.display(),
                id.dir.display()
            ))
            .with_hint("merge the shards of one `corridor sweep … --shard K/N` command")
            .into());
        }
    }

    let mut points = Vec::with_capacity(first.points.len());
    let mut means = Vec::with_capacity(first.points.len());
    for (n, point) in first.points.iter().enumerate() {
        let names: Vec<(String, String)> = point
            .routes
            .iter()
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect();
        let reference = names
            .iter()
            .position(|(id, _)| *id == first.scenario.reference_route)
            .unwrap_or(0);
        let parts: Vec<(PathBuf, std::ops::Range<u64>)> = shards
            .iter()
            .map(|(id, _)| {
                let start = id.shard.first_replication;
                (
                    id.dir.join(files::point_records(n)),
                    start..start + id.replications,
                )
            })
            .collect();
        let (routes, point_means) = fold_point_shards(&parts, &names, reference)?;
        points.push(Point {
            set: point.set.clone(),
            routes,
            precision: None,
        });
        means.push(point_means);
    }
    let mean_refs: Vec<&[Vec<[f64; 3]>]> = means.iter().map(|m| m.as_slice()).collect();
    let break_even = break_evens(&first.parameters, &points, &mean_refs);
    let mut meta = first.scenario.clone();
    meta.replications = shards[0].0.shard.total_replications;
    meta.wall_s = shards.iter().map(|(_, f)| f.scenario.wall_s).sum();
    meta.threads = shards
        .iter()
        .map(|(_, f)| f.scenario.threads)
        .max()
        .unwrap_or(1);
    meta.shard = None;
    let file = SweepFile::new(meta, first.parameters.clone(), points, break_even);
    write_json(&file, &out.join(files::SWEEP_JSON))?;
    file.write_csv(&out.join(files::SWEEP_CSV))?;
    Ok(file)
}
