//! Horizontal stacked bars: where the time goes, and what the money pays
//! for, per route. Each component keeps one colour (its position in the
//! contract's list), and the legend sits beside the plot so it never covers
//! a bar.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{self, ChartResult};
use super::style;

/// One bar: a route and the mean of each component.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Route name, shown on the axis.
    pub label: String,
    /// Route colour, shown as a thin line under the bar.
    pub colour: RGBColor,
    /// Mean of each component, in the order of the `components` argument.
    pub values: Vec<f64>,
}

/// A component: its legend text and colour.
#[derive(Debug, Clone)]
pub struct Component {
    /// Legend text.
    pub label: String,
    /// Fill colour.
    pub colour: RGBColor,
}

/// The legend entries for a run's components (from `summary.json`), each
/// coloured by its position in the list, which is the column order.
pub fn components(list: &[crate::runfile::Component]) -> Vec<Component> {
    list.iter()
        .enumerate()
        .map(|(i, c)| Component {
            label: c.label.clone(),
            colour: style::component_colour(i),
        })
        .collect()
}

/// Stacked horizontal bars, first bar at the top, with the total at the end
/// of each bar and each wide enough segment labelled with its value.
/// Components that are zero for every bar are left out of the legend.
pub fn stacked_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x_desc: &str,
    decimals: usize,
    components: &[Component],
    bars: &[Bar],
) -> ChartResult {
    let totals: Vec<f64> = bars
        .iter()
        .map(|b| b.values.iter().filter(|v| v.is_finite()).sum())
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    if bars.is_empty() || max <= 0.0 {
        return chart::empty_chart(area, title, "Nothing to break down.");
    }
    chart::prepare(area)?;
    let (w, _) = area.dim_in_pixel();
    let (plot_area, legend_area) = area.split_horizontally(w as i32 * 74 / 100);
    let n = bars.len();
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let y_formatter = |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
            labels[n - 1 - i as usize].clone()
        } else {
            String::new()
        }
    };
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(8) as u32 * 9 + 24;
    let x_end = max * 1.16;
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(title, style::title())
        .margin(18)
        .x_label_area_size(58)
        .y_label_area_size(label_width.clamp(90, 300))
        .build_cartesian_2d(0.0..x_end, -0.5..(n as f64 - 0.5))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&y_formatter)
        .x_label_formatter(&|x| chart::tick(*x))
        .x_desc(x_desc)
        .axis_desc_style(style::axis_desc())
        .label_style(style::label())
        .light_line_style(TRANSPARENT)
        .bold_line_style(style::GRID)
        .draw()?;
    let half = 0.3;
    let centre = Pos::new(HPos::Center, VPos::Center);
    for (i, (bar, total)) in bars.iter().zip(&totals).enumerate() {
        let y = (n - 1 - i) as f64;
        let mut left = 0.0;
        for (value, component) in bar.values.iter().zip(components) {
            if !(value.is_finite() && *value > 0.0) {
                continue;
            }
            let right = left + value;
            chart.draw_series([
                Rectangle::new(
                    [(left, y - half), (right, y + half)],
                    component.colour.filled(),
                ),
                Rectangle::new([(left, y - half), (right, y + half)], WHITE.stroke_width(1)),
            ])?;
            // Label a segment only when its number fits inside it.
            if *value / x_end > 0.07 {
                let text_colour = if luminance(component.colour) < 0.45 {
                    WHITE
                } else {
                    BLACK
                };
                chart.draw_series([Text::new(
                    format_value(*value, decimals),
                    ((left + right) / 2.0, y),
                    style::note().color(&text_colour).pos(centre),
                )])?;
            }
            left = right;
        }
        // The route's colour, as in every other chart.
        chart.draw_series([Rectangle::new(
            [(0.0, y - half - 0.07), (*total, y - half - 0.02)],
            bar.colour.filled(),
        )])?;
        chart.draw_series([EmptyElement::at((*total, y))
            + Text::new(
                format_value(*total, decimals),
                (8, 0),
                style::label().pos(Pos::new(HPos::Left, VPos::Center)),
            )])?;
    }
    let entries: Vec<(String, RGBColor)> = components
        .iter()
        .enumerate()
        .filter(|(c, _)| {
            bars.iter()
                .any(|b| b.values.get(*c).is_some_and(|v| *v > 0.0))
        })
        .map(|(_, component)| (component.label.clone(), component.colour))
        .collect();
    side_legend(&legend_area, "Component", &entries)?;
    Ok(())
}

fn format_value(value: f64, decimals: usize) -> String {
    if decimals == 0 {
        chart::thousands(value.round() as i64)
    } else {
        format!("{value:.decimals$}")
    }
}

/// Relative luminance (0 dark … 1 light), to pick a readable text colour.
fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

/// A legend of filled squares in its own area, top to bottom.
pub fn side_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heading: &str,
    entries: &[(String, RGBColor)],
) -> ChartResult {
    let top = 70;
    area.draw(&Text::new(
        heading.to_string(),
        (8, top),
        style::axis_desc(),
    ))?;
    for (i, (label, colour)) in entries.iter().enumerate() {
        let y = top + 38 + i as i32 * 28;
        area.draw(&Rectangle::new([(8, y), (30, y + 18)], colour.filled()))?;
        area.draw(&Rectangle::new(
            [(8, y), (30, y + 18)],
            style::GREY.stroke_width(1),
        ))?;
        area.draw(&Text::new(label.clone(), (38, y + 1), style::label()))?;
    }
    Ok(())
}
