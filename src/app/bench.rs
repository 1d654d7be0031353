//! `corridor bench`: benchmark models of the kernel.

use std::io::Write;

use crate::berth_ring::{self, BerthRingParams};
use crate::cli::BerthRingArgs;

/// Runs the berth-ring model once and prints its figures.
pub fn berth_ring(args: &BerthRingArgs) -> anyhow::Result<()> {
    let params = BerthRingParams {
        ships: args.ships,
        ports: args.ports,
        berths: args.berths,
        sail_h: args.sail_h,
        service_h: args.service_h,
        years: args.years,
        seed: args.seed,
    };
    params.check()?;
    let result = berth_ring::run(&params);
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut object = serde_json::to_value(result)?;
        let params = serde_json::to_value(params)?;
        if let (Some(obj), Some(p)) = (object.as_object_mut(), params.as_object()) {
            obj.extend(p.clone());
        }
        writeln!(out, "{object}")?;
    } else {
        writeln!(
            out,
            "berth-ring: {} ships, {} ports × {} berths, sail {} h, service {} h, {} year(s), seed {}",
            params.ships,
            params.ports,
            params.berths,
            params.sail_h,
            params.service_h,
            params.years,
            params.seed
        )?;
        writeln!(out, "port_calls        {}", result.port_calls)?;
        writeln!(out, "mean_wait_h       {:.4}", result.mean_wait_h)?;
        writeln!(out, "events            {}", result.events)?;
        writeln!(out, "wall_s            {:.4}", result.wall_s)?;
        writeln!(out, "port_calls_per_s  {:.0}", result.port_calls_per_s)?;
    }
    Ok(())
}
