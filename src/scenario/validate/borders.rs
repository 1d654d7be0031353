//! `[borders.<post>]`: the posts where land legs stop to clear, for trucks
//! and, where they have one, for trains.

use crate::model::{BorderPost, RailClearance};
use crate::scenario::error::KeyPath;
use crate::scenario::raw::RawBorder;
use crate::scenario::values;

use super::context::{Context, Names, VResult};

/// The border posts, in file order.
#[derive(Debug, Clone, Default)]
pub(super) struct Borders {
    list: Vec<BorderPost>,
    names: Names,
}

impl Borders {
    /// Every `[borders.<post>]`.
    pub(super) fn read(cx: &mut Context<'_>) -> Borders {
        let mut borders = Borders::default();
        for (name, raw) in &cx.raw().borders {
            match border(cx, name, raw) {
                Ok(b) => {
                    borders.names.insert(name, borders.list.len());
                    borders.list.push(b);
                }
                Err(failure) => {
                    borders.names.fail(name);
                    cx.record(failure);
                }
            }
        }
        borders
    }

    /// Post `i`.
    pub(super) fn get(&self, i: usize) -> &BorderPost {
        &self.list[i]
    }

    /// The posts by name.
    pub(super) fn names(&self) -> &Names {
        &self.names
    }

    /// The posts, for the model.
    pub(super) fn into_list(self) -> Vec<BorderPost> {
        self.list
    }
}

fn border(cx: &mut Context<'_>, name: &str, raw: &RawBorder) -> VResult<BorderPost> {
    let p = KeyPath::root().key("borders").key(name);
    let lanes = cx.need(&p.key("lanes"), &raw.lanes)?;
    if lanes == 0 || lanes > 10_000 {
        return Err(cx.err(
            &p.key("lanes"),
            format!("must be from 1 to 10,000, got {lanes}"),
        ));
    }
    let service = cx.need(&p.key("service_h"), &raw.service_h)?;
    let service = cx.check(&p.key("service_h"), values::non_negative_dist(&service))?;
    let background = cx.check(
        &p.key("background_per_day"),
        values::background_per_day(raw.background_per_day.unwrap_or(0.0)),
    )?;
    let capacity_per_day = f64::from(lanes) * 24.0 / service.mean().max(1e-9);
    if background >= capacity_per_day {
        // Three keys decide it: blame the one the user wrote last.
        let culprit = cx.layers().latest(&[
            p.key("background_per_day"),
            p.key("service_h"),
            p.key("lanes"),
        ]);
        return Err(cx
            .err(&culprit, format!(
                "the post clears {} consignments a day ({lanes} lanes × 24 h ÷ service_h), fewer than the {background} a day of background traffic",
                if capacity_per_day < 1.0 { "less than 1".to_string() } else { format!("{capacity_per_day:.0}") }
            ))
            .with_hint("the queue would grow for ever; add lanes or shorten service_h"));
    }
    let rail = rail_clearance(cx, &p, raw)?;
    cx.note(&p.key("lanes"), lanes, "lanes", &raw.source);
    cx.note(&p.key("service_h"), &service, "h", &raw.source);
    cx.note(
        &p.key("background_per_day"),
        background,
        "consignments/day",
        &raw.source,
    );
    Ok(BorderPost {
        name: name.to_string(),
        lanes,
        service_h: service,
        background_per_day: background,
        rail,
    })
}

/// A post's procedure for trains, if it has one: all three keys or none.
fn rail_clearance(
    cx: &mut Context<'_>,
    p: &KeyPath,
    raw: &RawBorder,
) -> VResult<Option<RailClearance>> {
    if raw.rail_tracks.is_none()
        && raw.rail_service_h.is_none()
        && raw.rail_background_trains_per_day.is_none()
    {
        return Ok(None);
    }
    let tracks = cx.need(&p.key("rail_tracks"), &raw.rail_tracks)?;
    if tracks == 0 || tracks > 1000 {
        return Err(cx.err(
            &p.key("rail_tracks"),
            format!("must be from 1 to 1,000, got {tracks}"),
        ));
    }
    let service = cx.need(&p.key("rail_service_h"), &raw.rail_service_h)?;
    let service = cx.check(
        &p.key("rail_service_h"),
        values::non_negative_dist(&service),
    )?;
    let background = cx.check(
        &p.key("rail_background_trains_per_day"),
        values::background_per_day(raw.rail_background_trains_per_day.unwrap_or(0.0)),
    )?;
    let capacity_per_day = f64::from(tracks) * 24.0 / service.mean().max(1e-9);
    if background >= capacity_per_day {
        let culprit = cx.layers().latest(&[
            p.key("rail_background_trains_per_day"),
            p.key("rail_service_h"),
            p.key("rail_tracks"),
        ]);
        return Err(cx
            .err(&culprit, format!(
                "the post clears {capacity_per_day:.1} trains a day ({tracks} tracks × 24 h ÷ rail_service_h), fewer than the {background} a day of other trains"
            ))
            .with_hint("the queue would grow for ever; add tracks or shorten rail_service_h"));
    }
    cx.note(&p.key("rail_tracks"), tracks, "tracks", &raw.source);
    cx.note(
        &p.key("rail_service_h"),
        &service,
        "h per train",
        &raw.source,
    );
    cx.note(
        &p.key("rail_background_trains_per_day"),
        background,
        "trains/day",
        &raw.source,
    );
    Ok(Some(RailClearance {
        tracks,
        service_h: service,
        background_trains_per_day: background,
    }))
}
