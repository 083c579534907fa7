//! Charts as PNG images: drawn with plotters in memory, with DejaVu Sans embedded (from the
//! `dejavu` crate), so no system font or file is needed. Front ends send them as photos.

use std::sync::Once;

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::answers::thousands;

/// Chart width in pixels.
pub const WIDTH: u32 = 900;
/// Chart height in pixels.
pub const HEIGHT: u32 = 450;

/// Why a chart could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// Plotters failed to draw.
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("encoding the chart failed: {0}")]
    Encode(String),
}

const FONT: &str = "sans-serif";

fn register_fonts() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        // The embedded fonts are valid TrueType files; a failure would only mean plain boxes.
        let _ = register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

fn draw_error(error: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(error.to_string())
}

fn encode_png(pixels: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut png_bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .write_image_data(pixels)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(png_bytes)
}

/// Monday to Sunday, as the heatmap's rows.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A weekday × hour heatmap of counts (`counts[weekday from Monday][hour]`), as PNG bytes:
/// darker is more, an empty cell is none. `None` when every count is zero.
pub fn weekday_hour_heatmap(
    title: &str,
    counts: &[[u32; 24]; 7],
) -> Result<Option<Vec<u8>>, ChartError> {
    let most = counts.iter().flatten().copied().max().unwrap_or(0);
    if most == 0 {
        return Ok(None);
    }
    register_fonts();
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 24).into_font().style(FontStyle::Bold))
            .margin(18)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(
                (0u32..23u32).into_segmented(),
                (0u32..6u32).into_segmented(),
            )
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(24)
            .x_label_formatter(&|segment| match segment {
                SegmentValue::CenterOf(hour) if hour.is_multiple_of(3) => format!("{hour:02}"),
                _ => String::new(),
            })
            .y_labels(7)
            .y_label_formatter(&|segment| match segment {
                // Row 6 is drawn at the top: Monday first, reading down.
                SegmentValue::CenterOf(row) => WEEKDAYS
                    .get(6usize.saturating_sub(*row as usize))
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                _ => String::new(),
            })
            .label_style((FONT, 15))
            .draw()
            .map_err(draw_error)?;
        let cells = (0..7u32).flat_map(|weekday| (0..24u32).map(move |hour| (weekday, hour)));
        chart
            .draw_series(cells.filter_map(|(weekday, hour)| {
                let count = counts[weekday as usize][hour as usize];
                if count == 0 {
                    return None;
                }
                // From a pale to the full brand magenta, by share of the busiest cell.
                let share = f64::from(count) / f64::from(most);
                let mix =
                    |full: u8| (255.0 - (255.0 - f64::from(full)) * (0.15 + 0.85 * share)) as u8;
                let row = 6 - weekday;
                Some(Rectangle::new(
                    [
                        (SegmentValue::Exact(hour), SegmentValue::Exact(row)),
                        (SegmentValue::Exact(hour + 1), SegmentValue::Exact(row + 1)),
                    ],
                    RGBColor(mix(193), mix(53), mix(132)).filled(),
                ))
            }))
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    encode_png(&pixels).map(Some)
}

/// A line chart of one value per day, as PNG bytes. Needs at least two points.
pub fn daily_line(title: &str, points: &[(NaiveDate, f64)]) -> Result<Option<Vec<u8>>, ChartError> {
    if points.len() < 2 {
        return Ok(None);
    }
    register_fonts();
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let low = points.iter().map(|(_, v)| *v).fold(f64::INFINITY, f64::min);
        let high = points
            .iter()
            .map(|(_, v)| *v)
            .fold(f64::NEG_INFINITY, f64::max);
        let pad = ((high - low) * 0.1).max(1.0);
        let last_index = (points.len() - 1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 24).into_font().style(FontStyle::Bold))
            .margin(18)
            .x_label_area_size(36)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..last_index, (low - pad)..(high + pad))
            .map_err(draw_error)?;
        let date_of = |x: &f64| {
            let index = x.round().clamp(0.0, last_index) as usize;
            points[index].0.format("%-d %b").to_string()
        };
        chart
            .configure_mesh()
            .x_labels(points.len().min(7))
            .x_label_formatter(&date_of)
            .y_label_formatter(&|y| thousands(y.max(0.0).round() as u64))
            .label_style((FONT, 15))
            .light_line_style(RGBColor(236, 236, 236))
            .draw()
            .map_err(draw_error)?;
        let line = RGBColor(193, 53, 132);
        chart
            .draw_series(LineSeries::new(
                points.iter().enumerate().map(|(i, (_, v))| (i as f64, *v)),
                line.stroke_width(3),
            ))
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    encode_png(&pixels).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(bytes);
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buffer).unwrap();
        (info.width, info.height, buffer)
    }

    #[test]
    fn a_daily_line_is_a_png_with_a_line_and_text() {
        let points: Vec<(NaiveDate, f64)> = (1..=30)
            .map(|d| {
                (
                    NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
                    12_000.0 + f64::from(d) * 13.0,
                )
            })
            .collect();
        let png = daily_line("Followers, 1 Nov – 30 Nov", &points)
            .unwrap()
            .expect("a chart");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let (width, height, pixels) = decode(&png);
        assert_eq!((width, height), (WIDTH, HEIGHT));
        let magenta = pixels
            .chunks(3)
            .filter(|p| p[0] > 150 && p[1] < 110 && p[2] > 90)
            .count();
        assert!(magenta > 500, "the line is drawn: {magenta} pixels");
        let dark = pixels
            .chunks(3)
            .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
            .count();
        assert!(
            dark > 500,
            "text is drawn with the embedded font: {dark} pixels"
        );
    }

    #[test]
    fn a_heatmap_shades_busy_hours_and_leaves_empty_ones_white() {
        let mut counts = [[0u32; 24]; 7];
        counts[0][9] = 10; // Monday 09:00, the busiest
        counts[4][18] = 5; // Friday 18:00
        let png = weekday_hour_heatmap("Comments by weekday and hour", &counts)
            .unwrap()
            .expect("a chart");
        let (width, height, pixels) = decode(&png);
        assert_eq!((width, height), (WIDTH, HEIGHT));
        let full = pixels
            .chunks(3)
            .filter(|p| p[0] == 193 && p[1] == 53 && p[2] == 132)
            .count();
        let half = pixels
            .chunks(3)
            .filter(|p| p[0] > 200 && p[1] > 120 && p[1] < 180 && p[2] > 170 && p[2] < 210)
            .count();
        assert!(full > 200, "the busiest cell is full colour: {full} pixels");
        assert!(
            half > 200,
            "a cell with half as many is paler: {half} pixels"
        );
        assert!(weekday_hour_heatmap("none", &[[0; 24]; 7])
            .unwrap()
            .is_none());
    }

    #[test]
    fn fewer_than_two_points_is_no_chart() {
        let one = [(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), 5.0)];
        assert!(daily_line("x", &one).unwrap().is_none());
        assert!(daily_line("x", &[]).unwrap().is_none());
        let flat: Vec<(NaiveDate, f64)> = (1..=3)
            .map(|d| (NaiveDate::from_ymd_opt(2026, 11, d).unwrap(), 7.0))
            .collect();
        assert!(
            daily_line("flat", &flat).unwrap().is_some(),
            "a flat line still draws"
        );
    }
}
