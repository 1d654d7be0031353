//! What every validation step shares: the layers (for error locations), the
//! raw document, the network names resolve against, the assumptions noted
//! so far and the errors collected so far. The leaf of the validator: it
//! knows no table.

use std::collections::HashMap;

use crate::engine::CapacityWindow;
use crate::model::Assumption;
use crate::network::Network;
use crate::scenario::error::{KeyPath, PathSegment, ScenarioError};
use crate::scenario::raw::RawScenario;
use crate::scenario::source::Layers;
use crate::scenario::values::Check;

/// Why an item could not be validated.
#[derive(Debug, Clone)]
pub(super) enum Failure {
    /// Something wrong with the item itself: reported.
    Error(ScenarioError),
    /// The item names another that failed and was reported already (a leg
    /// whose vessel class has a bad value): not reported again, so one
    /// mistake gives one error.
    Dependent,
}

impl Failure {
    /// Adds a hint to an error.
    pub(super) fn with_hint(self, hint: impl Into<String>) -> Self {
        match self {
            Failure::Error(e) => Failure::Error(e.with_hint(hint)),
            Failure::Dependent => Failure::Dependent,
        }
    }
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::Error(e)
    }
}

/// The result of validating one item.
pub(super) type VResult<T> = Result<T, Failure>;

/// The shared state of one validation: read-only inputs, and the notes and
/// errors it gathers (each only ever added to).
pub(super) struct Context<'a> {
    layers: &'a Layers,
    raw: &'a RawScenario,
    network: &'a Network,
    notes: Vec<Assumption>,
    errors: Vec<ScenarioError>,
}

impl<'a> Context<'a> {
    pub(super) fn new(layers: &'a Layers, raw: &'a RawScenario, network: &'a Network) -> Self {
        Context {
            layers,
            raw,
            network,
            notes: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The layers the document was merged from.
    pub(super) fn layers(&self) -> &'a Layers {
        self.layers
    }

    /// The merged document.
    pub(super) fn raw(&self) -> &'a RawScenario {
        self.raw
    }

    /// The network names resolve against.
    pub(super) fn network(&self) -> &'a Network {
        self.network
    }

    /// An error at `path`.
    pub(super) fn err(&self, path: &KeyPath, message: impl Into<String>) -> Failure {
        Failure::Error(self.layers.error_at(path, message))
    }

    /// Checks a value with `check`, or explains at `path`.
    pub(super) fn check<T>(&self, path: &KeyPath, result: Check<T>) -> VResult<T> {
        result.map_err(|m| self.err(path, m))
    }

    /// A required value.
    pub(super) fn need<T: Clone>(&self, path: &KeyPath, value: &Option<T>) -> VResult<T> {
        value.clone().ok_or_else(|| {
            self.err(path, "is missing").with_hint(format!(
                "add `{}` (see docs/scenarios.md for every key, its unit and default)",
                path.0.last().map_or(String::new(), |s| match s {
                    PathSegment::Key(k) => k.clone(),
                    PathSegment::Index(i) => i.to_string(),
                })
            ))
        })
    }

    /// A required number that must pass `check`.
    pub(super) fn required(
        &self,
        path: &KeyPath,
        value: &Option<f64>,
        check: fn(f64) -> Check<f64>,
    ) -> VResult<f64> {
        self.check(path, check(self.need(path, value)?))
    }

    /// Looks up a named entry of a table, with "did you mean".
    pub(super) fn lookup<T: Copy>(
        &self,
        path: &KeyPath,
        what: &str,
        name: &str,
        index: &HashMap<String, T>,
    ) -> VResult<T> {
        index.get(name).copied().ok_or_else(|| {
            let mut known: Vec<&str> = index.keys().map(String::as_str).collect();
            known.sort_unstable();
            self.err(path, format!("unknown {what} `{name}`"))
                .with_hint(
                    crate::scenario::did_you_mean(name, known.iter().copied())
                        .unwrap_or_else(|| format!("known: {}", known.join(", "))),
                )
        })
    }

    /// Records a parameter with its source for `explain` and the report.
    pub(super) fn note(
        &mut self,
        key: &KeyPath,
        value: impl ToString,
        unit: &str,
        source: &Option<String>,
    ) {
        self.notes.push(Assumption {
            key: key.to_string(),
            value: value.to_string(),
            unit: unit.to_string(),
            source: source
                .clone()
                .unwrap_or_else(|| "scenario file".to_string()),
        });
    }

    /// How many notes there are: a mark to [`Context::forget_notes_after`].
    pub(super) fn notes_mark(&self) -> usize {
        self.notes.len()
    }

    /// Forgets the notes made since `mark` (a route compiled only to try
    /// an alternative path notes nothing).
    pub(super) fn forget_notes_after(&mut self, mark: usize) {
        self.notes.truncate(mark);
    }

    /// Keeps a value, or records why there is none and goes on: the
    /// caller validates the next independent item.
    pub(super) fn keep<T>(&mut self, result: VResult<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(failure) => {
                self.record(failure);
                None
            }
        }
    }

    /// Records a failure (a dependent one was reported already).
    /// The same error met twice (a port two routes call at) is kept once.
    pub(super) fn record(&mut self, failure: Failure) {
        if let Failure::Error(e) = failure
            && !self.errors.contains(&e)
        {
            self.errors.push(e);
        }
    }

    /// The notes and the errors, in the order they were made.
    pub(super) fn finish(self) -> (Vec<Assumption>, Vec<ScenarioError>) {
        (self.notes, self.errors)
    }

    /// Capacity windows from the fixed disruptions that target `target`
    /// (checked in validate/disruptions.rs).
    pub(super) fn windows_for(&self, target: &str) -> Vec<CapacityWindow> {
        self.raw
            .disruptions
            .iter()
            .filter(|d| d.target == target && d.random.is_none())
            .filter_map(|d| {
                let start = d.start_day?;
                Some(CapacityWindow {
                    start_h: start * 24.0,
                    end_h: d
                        .duration_days
                        .map_or(f64::INFINITY, |x| (start + x) * 24.0),
                    factor: d.capacity_factor.unwrap_or(0.0),
                })
            })
            .collect()
    }
}

/// A table's entries by name, and the names whose entry failed (so what
/// names them fails quietly rather than report "unknown" for a name that
/// is there).
#[derive(Debug, Clone, Default)]
pub(super) struct Names {
    index: HashMap<String, usize>,
    failed: std::collections::HashSet<String>,
}

impl Names {
    /// Records `name` at `position`.
    pub(super) fn insert(&mut self, name: &str, position: usize) {
        self.index.insert(name.to_string(), position);
    }

    /// Records that `name`'s entry failed.
    pub(super) fn fail(&mut self, name: &str) {
        self.failed.insert(name.to_string());
    }

    /// The position of `name`, if it validated.
    pub(super) fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Whether the table has `name` (validated or not).
    pub(super) fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name) || self.failed.contains(name)
    }

    /// Whether `name`'s entry failed.
    pub(super) fn failed(&self, name: &str) -> bool {
        self.failed.contains(name)
    }

    /// The validated names and positions, in no order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.index.iter().map(|(n, &i)| (n.as_str(), i))
    }

    /// The names whose entry failed, in no order.
    pub(super) fn failed_names(&self) -> impl Iterator<Item = &str> {
        self.failed.iter().map(String::as_str)
    }

    /// The validated names, in no order.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    /// The position of `name`, or an "unknown" error with "did you mean";
    /// quiet when `name` failed.
    pub(super) fn find(
        &self,
        cx: &Context<'_>,
        path: &KeyPath,
        what: &str,
        name: &str,
    ) -> VResult<usize> {
        if self.failed(name) {
            return Err(Failure::Dependent);
        }
        cx.lookup(path, what, name, &self.index)
    }
}
