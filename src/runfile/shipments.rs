//! `shipments.csv`: one row per shipment per replication, in replication
//! order, then route order, then shipment number.
//!
//! Writing is typed and allocation-free per field: [`ShipmentsFormat`]
//! formats a replication's rows into a byte buffer (so workers can do it in
//! parallel), and the run writer appends the buffers in replication order.
//! Reading streams the file: per route it keeps what the charts draw
//! (transit days and cost per TEU of arrived shipments as `f32`, thinned to
//! at most [`CHART_REPLICATIONS`] replications) and the paired differences
//! against the reference route; statistics come from `summary.json`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;

use super::decimal::push_fixed6;
use super::pairing::{Outcome, pair_replication};
use super::summary::{Components, missing_or_unreadable};
use crate::error::InputError;

/// The fixed leading columns.
pub const LEADING_COLUMNS: [&str; 10] = [
    "replication",
    "route",
    "shipment",
    "status",
    "teu",
    "depart_day",
    "arrive_day",
    "transit_days",
    "cost_usd_per_teu",
    "co2_t_per_teu",
];

/// One shipment's row, with per-TEU costs and times in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShipmentRow<'a> {
    /// Replication index.
    pub replication: u64,
    /// Route index into the format's route ids.
    pub route: usize,
    /// Shipment number within the replication.
    pub shipment: u64,
    /// Size, TEU.
    pub teu: f64,
    /// Departure, days since the start date.
    pub depart_day: f64,
    /// Arrival, days since the start date (`None`: still in transit).
    pub arrive_day: Option<f64>,
    /// Total cost, USD per TEU.
    pub cost_usd_per_teu: f64,
    /// CO2, t per TEU.
    pub co2_t_per_teu: f64,
    /// Days per time component, in the header's order.
    pub time_days: &'a [f64],
    /// USD per TEU per cost component, in the header's order.
    pub cost_parts_usd_per_teu: &'a [f64],
    /// Could not reach its destination.
    pub stranded: bool,
    /// The disruption (index into the format's) that made it re-plan, or strand.
    pub disruption: Option<usize>,
    /// Whether it re-planned (waited or re-routed).
    pub replanned: bool,
    /// Path index into the format's path ids.
    pub path: usize,
}

/// The columns after the components (format 3).
pub const TRAILING_COLUMNS: [&str; 3] = ["replanned", "disruption", "path"];

/// The columns of one run's `shipments.csv`: the route ids and components.
#[derive(Debug, Clone)]
pub struct ShipmentsFormat {
    /// Route ids as CSV fields (quoted where needed), by route index.
    route_fields: Vec<String>,
    components: Components,
    /// Path ids (routes, then alternatives) as CSV fields.
    path_fields: Vec<String>,
    /// Disruption targets as CSV fields.
    disruption_fields: Vec<String>,
}

impl ShipmentsFormat {
    /// The format for these routes (ids in scenario order) and components.
    pub fn new<'a>(route_ids: impl IntoIterator<Item = &'a str>, components: &Components) -> Self {
        let route_fields: Vec<String> = route_ids.into_iter().map(csv_field).collect();
        ShipmentsFormat {
            path_fields: route_fields.clone(),
            route_fields,
            components: components.clone(),
            disruption_fields: Vec::new(),
        }
    }

    /// The same format with these path ids (routes first, then
    /// alternatives) and disruption targets.
    pub fn with_disruptions<'a>(
        mut self,
        path_ids: impl IntoIterator<Item = &'a str>,
        targets: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        self.path_fields = path_ids.into_iter().map(csv_field).collect();
        self.disruption_fields = targets.into_iter().map(csv_field).collect();
        self
    }

    /// The header line, with its newline.
    pub fn header(&self) -> Vec<u8> {
        let mut names: Vec<String> = LEADING_COLUMNS.iter().map(|s| s.to_string()).collect();
        names.extend(
            self.components
                .time
                .iter()
                .map(|c| format!("time_{}_days", c.key)),
        );
        names.extend(
            self.components
                .cost
                .iter()
                .map(|c| format!("cost_{}_usd_per_teu", c.key)),
        );
        names.extend(TRAILING_COLUMNS.iter().map(|s| s.to_string()));
        let mut line = names.join(",").into_bytes();
        line.push(b'\n');
        line
    }

    /// Appends one row to `out`. Numbers have six decimals (see
    /// [`super::summary::fixed6`]); an empty field is a value that does not
    /// exist (no arrival yet).
    pub fn write_row(&self, out: &mut Vec<u8>, row: &ShipmentRow<'_>) {
        // Writing into a Vec cannot fail.
        let _ = write!(
            out,
            "{},{},{},{},",
            row.replication,
            self.route_fields[row.route],
            row.shipment,
            if row.arrive_day.is_some() {
                "arrived"
            } else if row.stranded {
                "stranded"
            } else {
                "in_transit"
            },
        );
        // Numbers through `push_fixed6`, the same bytes as `{:.6}` at a
        // fraction of the cost (this row is most of the writer's work).
        push_fixed6(out, row.teu);
        out.push(b',');
        push_fixed6(out, row.depart_day);
        out.push(b',');
        if let Some(arrive) = row.arrive_day {
            push_fixed6(out, arrive);
            out.push(b',');
            push_fixed6(out, arrive - row.depart_day);
        } else {
            out.push(b',');
        }
        for x in [row.cost_usd_per_teu, row.co2_t_per_teu]
            .iter()
            .chain(row.time_days)
            .chain(row.cost_parts_usd_per_teu)
        {
            out.push(b',');
            push_fixed6(out, *x);
        }
        let disruption = row
            .disruption
            .and_then(|d| self.disruption_fields.get(d))
            .map_or("", String::as_str);
        let path = self.path_fields.get(row.path).map_or("", String::as_str);
        let _ = write!(out, ",{},{disruption},{path}", row.replanned);
        out.push(b'\n');
    }
}

/// A text field as CSV writes it: quoted when it holds a comma, quote, or
/// line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// What one route keeps from `shipments.csv`.
#[derive(Debug, Clone, Default)]
pub struct RouteSamples {
    /// Route id.
    pub id: String,
    /// Rows read (all statuses).
    pub rows: u64,
    /// Rows with status `in_transit`.
    pub in_transit: u64,
    /// Rows with status `stranded` (format 3).
    pub stranded: u64,
    /// Per departure day (in thousandths of a day): the sum of the transit
    /// days of the arrived shipments that left then, and how many.
    pub by_departure: std::collections::BTreeMap<i64, (f64, u64)>,
    /// Door-to-door days of arrived shipments of the kept replications.
    pub transit_days: Vec<f32>,
    /// Cost per TEU of arrived shipments of the kept replications.
    pub cost_usd_per_teu: Vec<f32>,
    /// (this − reference) transit days, one per pair of the kept replications.
    pub transit_diff_days: Vec<f32>,
    /// (this − reference) cost per TEU, one per pair of the kept replications.
    pub cost_diff_usd_per_teu: Vec<f32>,
}

/// What the charts keep from `shipments.csv`.
#[derive(Debug, Clone, Default)]
pub struct Shipments {
    /// Per route, in order of first appearance in the file.
    pub routes: Vec<RouteSamples>,
    /// Replications seen.
    pub replications: u64,
}

/// Most replications whose shipments the charts keep as samples: a million
/// points draw no better than a quarter of a million, and memory stays
/// bounded for runs of 100,000 replications.
pub const CHART_REPLICATIONS: u64 = 10_000;

/// Column positions in `shipments.csv`.
struct Columns {
    replication: usize,
    route: usize,
    /// Optional: only the by-departure chart needs it.
    depart_day: Option<usize>,
    shipment: usize,
    status: usize,
    transit_days: usize,
    cost: usize,
}

impl Shipments {
    /// Streams `shipments.csv`, keeping samples of every `keep_every`-th
    /// replication (whole, so pairs stay paired) and pairing each route with
    /// `reference` (a route id) when given.
    pub fn load(path: &Path, reference: Option<&str>, keep_every: u64) -> anyhow::Result<Self> {
        let file = File::open(path).map_err(|err| missing_or_unreadable(path, &err))?;
        Self::read(
            BufReader::with_capacity(1 << 16, file),
            path,
            reference,
            keep_every,
        )
    }

    /// Like [`Shipments::load`], from any reader; `path` only names the file
    /// in errors.
    pub fn read(
        reader: impl std::io::Read,
        path: &Path,
        reference: Option<&str>,
        keep_every: u64,
    ) -> anyhow::Result<Self> {
        let keep_every = keep_every.max(1);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(reader);
        let headers = csv.headers().map_err(|err| csv_error(path, &err))?.clone();
        let columns = Columns::find(&headers, path)?;
        let mut out = Shipments::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut current: Option<u64> = None;
        let mut keep = false;
        let mut outcomes: Vec<Outcome> = Vec::new();
        let mut finished = std::collections::BTreeSet::new();
        for_each_row(&mut csv, &headers, path, |row| {
            let at = |column: usize| row.at(column);
            let line = row.line;
            let replication = at(columns.replication).u64()?;
            let route = at(columns.route).text;
            if route.is_empty() {
                return Err(at(columns.route).invalid("a route id"));
            }
            let shipment = at(columns.shipment).u64()?;
            let arrived = match at(columns.status).text {
                "arrived" => true,
                "in_transit" | "stranded" => false,
                _ => {
                    return Err(at(columns.status).invalid("`arrived`, `in_transit` or `stranded`"));
                }
            };
            let stranded = at(columns.status).text == "stranded";
            if current != Some(replication) {
                if finished.contains(&replication) {
                    return Err(InputError::new(format!(
                        "{} line {line}: replication {replication} appears again after other \
                         replications",
                        path.display()
                    ))
                    .with_hint("rows are grouped by replication (docs/run-output.md)")
                    .into());
                }
                out.flush_pairs(&mut outcomes, reference, &index);
                if let Some(previous) = current {
                    finished.insert(previous);
                }
                current = Some(replication);
                out.replications += 1;
                keep = replication % keep_every == 0;
            }
            let route_index = match index.get(route) {
                Some(&i) => i,
                None => {
                    index.insert(route.to_string(), out.routes.len());
                    out.routes.push(RouteSamples {
                        id: route.to_string(),
                        ..RouteSamples::default()
                    });
                    out.routes.len() - 1
                }
            };
            let samples = &mut out.routes[route_index];
            samples.rows += 1;
            if stranded {
                samples.stranded += 1;
                return Ok(());
            }
            if !arrived {
                samples.in_transit += 1;
                return Ok(());
            }
            let transit = at(columns.transit_days).f64()?;
            let cost = at(columns.cost).f64()?;
            if let Some(column) = columns.depart_day {
                let depart = at(column).f64()?;
                let slot = samples
                    .by_departure
                    .entry((depart * 1000.0).round() as i64)
                    .or_insert((0.0, 0));
                slot.0 += transit;
                slot.1 += 1;
            }
            if keep {
                samples.transit_days.push(transit as f32);
                samples.cost_usd_per_teu.push(cost as f32);
                outcomes.push(Outcome {
                    route: route_index,
                    shipment,
                    transit_days: transit,
                    cost_usd_per_teu: cost,
                });
            }
            Ok(())
        })?;
        out.flush_pairs(&mut outcomes, reference, &index);
        Ok(out)
    }

    fn flush_pairs(
        &mut self,
        outcomes: &mut Vec<Outcome>,
        reference: Option<&str>,
        index: &HashMap<String, usize>,
    ) {
        if let Some(&reference) = reference.and_then(|r| index.get(r)) {
            pair_replication(outcomes, reference, |d| {
                let route = &mut self.routes[d.route];
                route.transit_diff_days.push(d.transit_days as f32);
                route.cost_diff_usd_per_teu.push(d.cost_usd_per_teu as f32);
            });
        }
        outcomes.clear();
    }

    /// Mean transit days of the arrived shipments of route `id` by departure
    /// day, in order of departure.
    pub fn transit_by_departure(&self, id: &str) -> Vec<(f64, f64)> {
        self.route(id).map_or_else(Vec::new, |r| {
            r.by_departure
                .iter()
                .map(|(&day, &(sum, n))| (day as f64 / 1000.0, sum / n as f64))
                .collect()
        })
    }

    /// The samples of the route with this id.
    pub fn route(&self, id: &str) -> Option<&RouteSamples> {
        self.routes.iter().find(|r| r.id == id)
    }
}

impl Columns {
    fn find(headers: &csv::StringRecord, path: &Path) -> anyhow::Result<Columns> {
        let position = |name: &str| column(headers, path, name);
        Ok(Columns {
            replication: position("replication")?,
            route: position("route")?,
            depart_day: headers.iter().position(|h| h == "depart_day"),
            shipment: position("shipment")?,
            status: position("status")?,
            transit_days: position("transit_days")?,
            cost: position("cost_usd_per_teu")?,
        })
    }
}

/// The position of column `name`, or an error naming the file.
pub(super) fn column(
    headers: &csv::StringRecord,
    path: &Path,
    name: &str,
) -> anyhow::Result<usize> {
    headers.iter().position(|h| h == name).ok_or_else(|| {
        InputError::new(format!(
            "{} line 1: column `{name}` is missing",
            path.display()
        ))
        .with_hint("the columns are listed in docs/run-output.md")
        .into()
    })
}

/// One record of a CSV file, with what is needed to report a bad value.
pub(super) struct Row<'a> {
    path: &'a Path,
    /// Line of the record in the file.
    pub(super) line: u64,
    headers: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The cell in `column`.
    pub(super) fn at(&self, column: usize) -> Field<'_> {
        Field {
            path: self.path,
            line: self.line,
            name: &self.headers[column],
            text: self.record.get(column).unwrap_or(""),
        }
    }
}

/// Calls `each` with every record of `csv` after the header; a malformed
/// record is an error naming the file and line.
pub(super) fn for_each_row<R: std::io::Read>(
    csv: &mut csv::Reader<R>,
    headers: &csv::StringRecord,
    path: &Path,
    mut each: impl FnMut(&Row<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(err) => return Err(csv_error(path, &err)),
        }
        let row = Row {
            path,
            line: record.position().map_or(0, |p| p.line()),
            headers,
            record: &record,
        };
        each(&row)?;
    }
}

/// One cell of a CSV file, with what is needed to report a bad value.
pub(super) struct Field<'a> {
    pub(super) path: &'a Path,
    pub(super) line: u64,
    pub(super) name: &'a str,
    pub(super) text: &'a str,
}

impl Field<'_> {
    pub(super) fn invalid(&self, expected: &str) -> anyhow::Error {
        InputError::new(format!(
            "{} line {}: column `{}`: expected {expected}, found `{}`",
            self.path.display(),
            self.line,
            self.name,
            self.text
        ))
        .into()
    }
    pub(super) fn u64(&self) -> anyhow::Result<u64> {
        self.text
            .trim()
            .parse()
            .map_err(|_| self.invalid("a whole number ≥ 0"))
    }
    pub(super) fn f64(&self) -> anyhow::Result<f64> {
        match self.text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.invalid("a finite number")),
        }
    }
}

/// A CSV error naming the file and line.
pub(super) fn csv_error(path: &Path, err: &csv::Error) -> anyhow::Error {
    let message = match err.position().map(|p| p.line()) {
        Some(line) => format!("{} line {line}: {err}", path.display()),
        None => format!("{}: {err}", path.display()),
    };
    InputError::new(message).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runfile::summary::Component;

    fn format() -> ShipmentsFormat {
        let c = |k: &str| Component {
            key: k.to_string(),
            label: k.to_string(),
        };
        ShipmentsFormat::new(
            ["emc", "odd,id"],
            &Components {
                time: vec![c("sailing")],
                cost: vec![c("fuel")],
            },
        )
    }

    #[test]
    fn rows_read_back_as_written() {
        let f = format();
        let mut bytes = f.header();
        for (route, arrive) in [(0, Some(21.5)), (1, None), (0, Some(22.0))] {
            f.write_row(
                &mut bytes,
                &ShipmentRow {
                    replication: 0,
                    route,
                    shipment: 0,
                    teu: 40.0,
                    depart_day: 1.0,
                    arrive_day: arrive,
                    cost_usd_per_teu: 900.0,
                    co2_t_per_teu: 0.5,
                    time_days: &[20.5],
                    cost_parts_usd_per_teu: &[900.0],
                    stranded: false,
                    disruption: None,
                    replanned: false,
                    path: route,
                },
            );
        }
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("replication,route,shipment,status,teu,depart_day,arrive_day,transit_days,cost_usd_per_teu,co2_t_per_teu,time_sailing_days,cost_fuel_usd_per_teu,replanned,disruption,path\n"), "{text}");
        assert!(
            text.contains("0,\"odd,id\",0,in_transit,40.000000,1.000000,,,900.000000"),
            "{text}"
        );
        let back = Shipments::read(&bytes[..], Path::new("s.csv"), Some("emc"), 1).unwrap();
        assert_eq!(back.routes[0].id, "emc");
        assert_eq!(back.routes[0].transit_days, vec![20.5, 21.0]);
        assert_eq!(back.routes[1].id, "odd,id");
        assert_eq!(back.routes[1].in_transit, 1);
    }
}
