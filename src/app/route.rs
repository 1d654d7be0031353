//! `corridor route`: shortest routes over the network.

use crate::cli::RouteArgs;

pub fn run(args: &RouteArgs) -> anyhow::Result<()> {
    Err(crate::network::NetworkError::UnknownPort {
        name: args.from.clone(),
    }
    .into())
}
