//! What no route uses: dropped from the scenario with its assumptions, and
//! warned about where a user's layer wrote it.

use std::collections::BTreeSet;

use crate::model::{Scenario, ServiceKind, Step};
use crate::scenario::error::{KeyPath, ScenarioError};
use crate::scenario::source::Layers;

use super::services::CanalConvoys;

/// The names of the items whose index is not in `keep`.
fn unused<'a, T>(
    items: &'a [T],
    keep: &'a BTreeSet<usize>,
    name: impl Fn(&T) -> String + 'a,
) -> impl Iterator<Item = String> + 'a {
    items
        .iter()
        .enumerate()
        .filter(move |(i, _)| !keep.contains(i))
        .map(move |(_, item)| name(item))
}

/// Keeps the items whose index is in `keep`, in order.
fn keep_by<T>(items: &mut Vec<T>, keep: &BTreeSet<usize>) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        keep.contains(&(i - 1))
    });
}

/// A warning for each table a user's layer (a file, `extends`, the
/// command line) wrote that no route uses: its values have no effect,
/// which a user would otherwise never learn (red-sea-crisis once raised
/// war-risk premiums on a passage none of its routes sailed).
pub(super) fn unused_warnings(layers: &Layers, unused: &[String]) -> Vec<ScenarioError> {
    unused
        .iter()
        .map(|key| KeyPath::parse(key))
        .filter(|path| layers.origin_of(path) > 0)
        .map(|path| {
            layers
                .error_at(&path, "is set but no route uses it, so it has no effect")
                .with_hint("check the name against the routes' legs, or remove the table")
        })
        .collect()
}

/// Drops the library's border posts, services, canals, regions, risk areas,
/// vessels and fuels that no route uses, with their assumptions: they would
/// only add background traffic nobody meets and lines nobody needs to audit.
/// Returns the key of each table dropped. `canals` says which timetables
/// are the two directions of one canal, which stay or go together.
pub(super) fn prune_unused(s: &mut Scenario, canals: &[CanalConvoys]) -> Vec<String> {
    let (mut services, mut borders, mut vessels, mut regions, mut risks) = (
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
    );
    let mut road = false;
    let mut transshipment = false;
    let alternatives = s.alternatives.iter().map(|a| &a.path);
    for step in s.routes.iter().chain(alternatives).flat_map(|r| &r.steps) {
        match step {
            Step::Canal {
                service, vessel, ..
            } => {
                // Both directions of a canal stay together.
                services.insert(*service);
                if let Some(c) = canals
                    .iter()
                    .find(|c| c.northbound == *service || c.southbound == *service)
                {
                    services.insert(c.northbound);
                    services.insert(c.southbound);
                }
                vessels.insert(*vessel);
            }
            Step::Scheduled { service, .. } => {
                services.insert(*service);
            }
            Step::Board { .. } => {
                services.extend(super::liners::boarding_service(step));
            }
            Step::Border { post, .. } => {
                borders.insert(*post);
            }
            Step::Sail {
                vessel,
                segments,
                risk_areas,
                ..
            } => {
                vessels.insert(*vessel);
                regions.extend(segments.iter().filter_map(|g| g.region));
                risks.extend(risk_areas.iter().copied());
            }
            Step::PortCall { vessel, .. } => {
                vessels.insert(*vessel);
            }
            Step::Road { .. } => road = true,
            Step::Dwell { .. } => transshipment = true,
        }
    }
    let remap = |keep: &BTreeSet<usize>| -> Vec<Option<usize>> {
        let max = keep.iter().next_back().map_or(0, |m| m + 1);
        let mut map = vec![None; max];
        for (new, &old) in keep.iter().enumerate() {
            map[old] = Some(new);
        }
        map
    };
    let (m_services, m_borders, m_vessels, m_regions, m_risks) = (
        remap(&services),
        remap(&borders),
        remap(&vessels),
        remap(&regions),
        remap(&risks),
    );
    let fuels: BTreeSet<usize> = vessels.iter().map(|&v| s.vessels[v].fuel).collect();
    let m_fuels = remap(&fuels);
    let alternatives = s.alternatives.iter_mut().map(|a| &mut a.path);
    for step in s
        .routes
        .iter_mut()
        .chain(alternatives)
        .flat_map(|r| &mut r.steps)
    {
        match step {
            Step::Canal {
                service, vessel, ..
            } => {
                *service = m_services[*service].expect("kept");
                *vessel = m_vessels[*vessel].expect("kept");
            }
            Step::Scheduled { service, .. } | Step::Board { service, .. } => {
                *service = m_services[*service].expect("kept")
            }
            Step::Border { post, .. } => *post = m_borders[*post].expect("kept"),
            Step::Sail {
                vessel,
                segments,
                risk_areas,
                ..
            } => {
                *vessel = m_vessels[*vessel].expect("kept");
                for g in segments.iter_mut() {
                    g.region = g.region.map(|r| m_regions[r].expect("kept"));
                }
                for r in risk_areas.iter_mut() {
                    *r = m_risks[*r].expect("kept");
                }
            }
            Step::PortCall { vessel, .. } => *vessel = m_vessels[*vessel].expect("kept"),
            Step::Road { .. } | Step::Dwell { .. } => {}
        }
    }
    // A liner's ships sail its legs, so its vessel class is kept.
    for l in &mut s.liners {
        l.vessel = m_vessels[l.vessel].expect("kept");
    }
    let mut gone: Vec<String> = Vec::new();
    let canal_of = |i: usize| {
        canals
            .iter()
            .find(|c| c.northbound == i || c.southbound == i)
            .map(|c| c.canal.as_str())
    };
    let mut dropped_canals: Vec<String> = Vec::new();
    for (i, x) in s.services.iter().enumerate() {
        if services.contains(&i) {
            continue;
        }
        match (x.kind, canal_of(i)) {
            (ServiceKind::Canal, Some(canal)) => {
                // One key for the two directions.
                let key = format!("canals.{canal}");
                if !dropped_canals.contains(&key) {
                    dropped_canals.push(key.clone());
                    gone.push(key);
                }
            }
            _ => gone.push(format!("services.{}", x.timetable.name)),
        }
    }
    gone.extend(unused(&s.borders, &borders, |b| {
        format!("borders.{}", b.name)
    }));
    gone.extend(unused(&s.vessels, &vessels, |v| {
        format!("vessels.{}", v.name)
    }));
    gone.extend(unused(&s.vessels, &vessels, |v| {
        format!("freight.{}", v.name)
    }));
    gone.extend(unused(&s.regions, &regions, |r| {
        format!("weather.{}", r.region)
    }));
    gone.extend(unused(&s.risk_areas, &risks, |r| {
        format!("risk_areas.{}", r.passage)
    }));
    gone.extend(unused(&s.fuels, &fuels, |f| format!("fuels.{}", f.name)));
    if !road {
        gone.push("road".into());
    }
    if !transshipment {
        gone.push("transshipment".into());
    }
    keep_by(&mut s.services, &services);
    keep_by(&mut s.borders, &borders);
    keep_by(&mut s.vessels, &vessels);
    keep_by(&mut s.costs.freight, &vessels);
    keep_by(&mut s.regions, &regions);
    keep_by(&mut s.risk_areas, &risks);
    keep_by(&mut s.fuels, &fuels);
    for v in &mut s.vessels {
        v.fuel = m_fuels[v.fuel].expect("kept");
    }
    s.assumptions.retain(|a| {
        !gone
            .iter()
            .any(|g| a.key == *g || a.key.starts_with(&format!("{g}.")))
    });
    gone
}
