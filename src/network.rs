//! Geography: ports, sea lanes, land links and multimodal routing.
//! (Being built; see issue 3.)

/// Errors of the network layer; every variant describes bad input.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// A name or code that matches no known port or node.
    #[error("unknown port or node `{name}`")]
    UnknownPort { name: String },
}
