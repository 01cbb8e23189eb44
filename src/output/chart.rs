//! SVG charts of the history (plotters, SVG backend): the cumulative flow diagram (tasks per
//! state over time, stacked) and the burn-up chart (done against total). Dates run along the
//! x axis, task counts up the y axis, and the legend names the series.
//!
//! A chart only draws the [`FlowPoint`]s it is given; the numbers come from
//! `history::flow`.

use plotters::coord::Shift;
use plotters::prelude::*;
use thiserror::Error;

use crate::history::flow::FlowPoint;
use crate::model::State;
use crate::output::format::Format;

/// The formats of `todo stats --history`: the timelines (`output::stats`) and, as `svg`,
/// this module's charts.
pub const HISTORY_FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv, Format::Svg];

/// Which chart to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Tasks per state over time, stacked: done at the bottom, then blocked, in progress, todo.
    Flow,
    /// Done against the total number of tasks.
    Burnup,
}

/// Why a chart could not be drawn.
#[derive(Debug, Error)]
pub enum ChartError {
    /// No version of any task file in the history.
    #[error("no task file in the history to chart")]
    Empty,
    /// The plotting library failed.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

/// The picture's size in pixels; it reads well from 800 px wide up.
pub const SIZE: (u32, u32) = (960, 540);

const DAY: i64 = 86_400;

fn color(state: State) -> RGBColor {
    match state {
        State::Todo => RGBColor(0x86, 0x8e, 0x96),
        State::InProgress => RGBColor(0xf5, 0x9f, 0x00),
        State::Blocked => RGBColor(0xe0, 0x31, 0x31),
        State::Done => RGBColor(0x2f, 0x9e, 0x44),
        State::Cancelled => RGBColor(0xad, 0xb5, 0xbd),
    }
}

/// A value that holds from one point to the next, as steps: a change shows at its commit.
/// x is in days since `base`.
fn steps(points: &[FlowPoint], base: i64, value: impl Fn(&FlowPoint) -> i64) -> Vec<(f64, i64)> {
    let day = |t: i64| (t - base) as f64 / DAY as f64;
    let mut out = Vec::with_capacity(points.len() * 2);
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push((day(p.time), value(&points[i - 1])));
        }
        out.push((day(p.time), value(p)));
    }
    out
}

/// An axis label: the date, with the time when the chart spans less than three days.
fn date(secs: i64, short_span: bool) -> String {
    let format = if short_span {
        "%m-%d %H:%M"
    } else {
        "%Y-%m-%d"
    };
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.format(format).to_string())
        .unwrap_or_default()
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// The chart as an SVG document.
pub fn svg(points: &[FlowPoint], kind: ChartKind) -> Result<String, ChartError> {
    if points.is_empty() {
        return Err(ChartError::Empty);
    }
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        draw(&root, points, kind)?;
        root.present().map_err(draw_err)?;
    }
    Ok(out)
}

fn draw(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    points: &[FlowPoint],
    kind: ChartKind,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(draw_err)?;
    // x runs in days from the first commit's midnight (UTC), so ticks fall on whole days.
    let first = points[0].time;
    let last = points[points.len() - 1].time;
    let base = first - first.rem_euclid(DAY);
    let span = (last - first) as f64 / DAY as f64;
    let x0 = (first - base) as f64 / DAY as f64;
    // A single version still gets a day of width, so the axis has a range.
    let x1 = x0 + span.max(1.0);
    let short_span = span < 3.0;
    let top = points.iter().map(FlowPoint::total).max().unwrap_or(0) as i64;
    // Headroom above the tallest stack keeps the legend off the data.
    let y1 = (top + top / 3 + 1).max(2);
    let title = match kind {
        ChartKind::Flow => "Cumulative flow: tasks per state",
        ChartKind::Burnup => "Burn-up: done against total",
    };
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 26))
        .margin(20)
        .margin_right(50)
        .x_label_area_size(50)
        .y_label_area_size(60)
        .build_cartesian_2d(x0..x1, 0i64..y1)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels((y1 as usize + 1).min(11))
        .x_label_formatter(&|x| date(base + (x * DAY as f64).round() as i64, short_span))
        .y_label_formatter(&|y| y.to_string())
        .x_desc("commit date")
        .y_desc("tasks")
        .label_style(("sans-serif", 16))
        .axis_desc_style(("sans-serif", 18))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(draw_err)?;
    match kind {
        ChartKind::Flow => {
            // Stacked from the bottom: cancelled, done, blocked, in progress, todo. Each area
            // reaches up to the sum of its state and those below; the tallest is drawn first.
            let order = [
                State::Todo,
                State::InProgress,
                State::Blocked,
                State::Done,
                State::Cancelled,
            ];
            for (k, state) in order.iter().enumerate() {
                let below = &order[k..];
                let data = steps(points, base, |p| {
                    below.iter().map(|s| p.count(*s) as i64).sum()
                });
                let c = color(*state);
                chart
                    .draw_series(
                        AreaSeries::new(data, 0, c.mix(0.85)).border_style(c.stroke_width(2)),
                    )
                    .map_err(draw_err)?
                    .label(state.name())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled())
                    });
            }
        }
        ChartKind::Burnup => {
            let total = RGBColor(0x34, 0x3a, 0x40);
            let done = color(State::Done);
            chart
                .draw_series(
                    AreaSeries::new(
                        steps(points, base, |p| p.count(State::Done) as i64),
                        0,
                        done.mix(0.35),
                    )
                    .border_style(done.stroke_width(3)),
                )
                .map_err(draw_err)?
                .label("done")
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], done.filled()));
            chart
                .draw_series(LineSeries::new(
                    steps(points, base, |p| p.total() as i64),
                    total.stroke_width(3),
                ))
                .map_err(draw_err)?
                .label("total")
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 14, y)], total.stroke_width(3))
                });
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 16))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(time: i64, counts: [usize; 5]) -> FlowPoint {
        FlowPoint { time, counts }
    }

    const POINTS: [FlowPoint; 3] = [
        FlowPoint {
            time: 1_767_225_600,
            counts: [2, 0, 0, 0, 0],
        },
        FlowPoint {
            time: 1_767_225_600 + 3 * DAY,
            counts: [1, 1, 0, 0, 0],
        },
        FlowPoint {
            time: 1_767_225_600 + 9 * DAY,
            counts: [0, 0, 1, 1, 0],
        },
    ];

    /// A `<text>` element holding exactly `s` (plotters writes its text on a line of its own).
    fn has_text(svg: &str, s: &str) -> bool {
        svg.contains(&format!(">\n{s}\n</text>"))
    }

    #[test]
    fn steps_hold_each_value_until_the_next_point() {
        let s = steps(
            &[p(0, [1, 0, 0, 0, 0]), p(DAY / 2, [3, 0, 0, 0, 0])],
            0,
            |p| p.total() as i64,
        );
        assert_eq!(s, [(0.0, 1), (0.5, 1), (0.5, 3)]);
    }

    #[test]
    fn flow_names_every_state_and_dates_the_axis() {
        let svg = svg(&POINTS, ChartKind::Flow).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..100]);
        for name in [
            "todo",
            "in-progress",
            "blocked",
            "done",
            "2026-01-05",
            "tasks",
        ] {
            assert!(has_text(&svg, name), "no text {name}");
        }
        // One filled area per state.
        for state in State::ALL {
            let c = color(state);
            let fill = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            assert!(svg.contains(&fill), "no series for {}", state.name());
        }
    }

    #[test]
    fn burnup_and_empty() {
        let svg = svg(&POINTS, ChartKind::Burnup).unwrap();
        assert!(has_text(&svg, "total") && has_text(&svg, "done"));
        assert!(!has_text(&svg, "todo"));
        assert!(matches!(
            super::svg(&[], ChartKind::Flow),
            Err(ChartError::Empty)
        ));
    }
}
