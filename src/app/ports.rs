//! `corridor ports`: the list of known ports, terminals and border stations.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Context;

use crate::cli::PortsArgs;
use crate::network::{Network, Node};

/// Runs `corridor ports`.
pub fn run(args: &PortsArgs) -> anyhow::Result<()> {
    let network = Network::builtin();
    let ports: Vec<&Node> = network.ports().collect();
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&ports).context("serialising the ports")?;
        s.push('\n');
        s
    } else {
        render(network, &ports)
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing to stdout")?;
    Ok(())
}

fn render(network: &Network, ports: &[&Node]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<14} {:<6} {:<30} {:<2} {:<13} {:>8} {:>9}  {:>6} {:>6} {:>8}",
        "id", "locode", "name", "cc", "kind", "lat", "lon", "berths", "cranes", "draft_m"
    );
    for p in ports {
        let d = p.defaults.as_ref();
        let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "{:<14} {:<6} {:<30} {:<2} {:<13} {:>8.3} {:>9.3}  {:>6} {:>6} {:>8}",
            p.id,
            p.locode.as_deref().unwrap_or("-"),
            p.name,
            p.country.as_deref().unwrap_or("-"),
            p.kind.as_str(),
            p.lat,
            p.lon,
            opt(d.and_then(|d| d.berths).map(|v| v.to_string())),
            opt(d.and_then(|d| d.cranes).map(|v| v.to_string())),
            opt(d.and_then(|d| d.max_draft_m).map(|v| format!("{v:.1}"))),
        );
    }
    let waypoints = network.nodes().len() - ports.len();
    let _ = writeln!(
        s,
        "\n{} ports and land nodes; {waypoints} sea waypoints (straits, capes) can also be used with --via.",
        ports.len()
    );
    s
}
