//! `corridor ports`: the list of known ports and nodes.

use crate::cli::PortsArgs;

pub fn run(_args: &PortsArgs) -> anyhow::Result<()> {
    anyhow::bail!("the port list is not built yet")
}
