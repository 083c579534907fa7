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
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| ChartError::Encode(e.to_string()))?;
    }
    Ok(Some(png_bytes))
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
