//! Photos: sniffed, decoded within bounds, turned upright, flattened, brought to sRGB,
//! resized and encoded as baseline JPEG under Instagram's 8 MiB.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits,
    RgbImage,
};

use super::{Media, MediaKind, MediaRefusal, PHOTO_MAX_BYTES};

/// Instagram's narrowest photo.
pub(super) const MIN_WIDTH: u32 = 320;
/// Instagram's widest photo; wider ones are scaled down to it.
pub(super) const MAX_WIDTH: u32 = 1440;
/// The longest side decoded.
const MAX_SIDE: u32 = 12_000;
/// The most memory the decoded pixels may take.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// The first quality tried, then the lower ones while the file is over 8 MiB.
const QUALITIES: [u8; 4] = [90, 80, 70, 60];
/// Each further try past the lowest quality keeps this share of the width.
const SHRINK: f64 = 0.8;

/// The image format of `bytes`, read from their first bytes, when it is one Pulse converts.
pub(super) fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    let format = image::guess_format(bytes).ok()?;
    matches!(
        format,
        ImageFormat::Jpeg
            | ImageFormat::Png
            | ImageFormat::WebP
            | ImageFormat::Gif
            | ImageFormat::Bmp
            | ImageFormat::Tiff
    )
    .then_some(format)
}

/// `bytes` decoded (a GIF's first frame), upright, on white, in sRGB.
pub(super) fn decode(bytes: &[u8], format: ImageFormat) -> Result<RgbImage, MediaRefusal> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    // The decoder checks the declared size against the limits before it allocates.
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(MediaRefusal::TooManyPixels);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    let mut rgb = on_white(image);
    if let Some(icc) = icc {
        to_srgb(&mut rgb, &icc);
    }
    Ok(rgb)
}

fn refusal(error: ImageError) -> MediaRefusal {
    match error {
        ImageError::Limits(_) => MediaRefusal::TooManyPixels,
        _ => MediaRefusal::Unreadable,
    }
}

/// The image as RGB, its transparency flattened on white.
fn on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(rgba.as_raw().len() / 4 * 3);
    for pixel in rgba.as_raw().chunks_exact(4) {
        let alpha = u32::from(pixel[3]);
        for &channel in &pixel[..3] {
            let blended = (u32::from(channel) * alpha + 255 * (255 - alpha) + 127) / 255;
            rgb.push(blended as u8);
        }
    }
    RgbImage::from_raw(width, height, rgb).expect("three bytes for each pixel")
}

/// Converts `image` from the colour space its RGB ICC `profile` describes to sRGB. A
/// profile that can't be read, or isn't RGB (a CMYK JPEG's, which the decoder has already
/// turned into RGB), leaves the pixels as they are.
fn to_srgb(image: &mut RgbImage, profile: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(profile) else {
        return;
    };
    if source.color_space != DataColorSpace::Rgb {
        return;
    }
    let Ok(transform) = source.create_transform_8bit(
        Layout::Rgb,
        &ColorProfile::new_srgb(),
        Layout::Rgb,
        TransformOptions::default(),
    ) else {
        return;
    };
    let mut converted = vec![0; image.as_raw().len()];
    if transform.transform(image.as_raw(), &mut converted).is_ok() {
        image.copy_from_slice(&converted);
    }
}

/// Whether a `width`×`height` photo is within the feed's 4:5 to 1.91:1.
pub(super) fn feed_shape(width: u32, height: u32) -> bool {
    !too_tall(width, height) && !too_wide(width, height)
}

fn too_tall(width: u32, height: u32) -> bool {
    5 * u64::from(width) < 4 * u64::from(height)
}

fn too_wide(width: u32, height: u32) -> bool {
    100 * u64::from(width) > 191 * u64::from(height)
}

/// The height at `new_width` of a `width`×`height` image, kept inside the feed's shapes when
/// the image was inside them (rounding must not push a fitted photo out).
fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let exact = f64::from(height) * f64::from(new_width) / f64::from(width);
    let mut new_height = (exact.round() as u32).max(1);
    if !too_tall(width, height) && too_tall(new_width, new_height) {
        new_height = tallest(new_width);
    }
    if !too_wide(width, height) && too_wide(new_width, new_height) {
        new_height = flattest(new_width);
    }
    new_height
}

/// The greatest height a `width`-wide feed photo may have (4:5).
fn tallest(width: u32) -> u32 {
    (5 * u64::from(width) / 4) as u32
}

/// The least height a `width`-wide feed photo may have (1.91:1).
fn flattest(width: u32) -> u32 {
    (100 * u64::from(width)).div_ceil(191) as u32
}

/// The least width a `height`-high feed photo may have (4:5).
fn narrowest(height: u32) -> u32 {
    (4 * u64::from(height)).div_ceil(5) as u32
}

/// The greatest width a `height`-high feed photo may have (1.91:1).
fn widest(height: u32) -> u32 {
    (191 * u64::from(height) / 100) as u32
}

fn resize(image: RgbImage, width: u32, height: u32) -> RgbImage {
    if image.dimensions() == (width, height) {
        return image;
    }
    DynamicImage::ImageRgb8(image)
        .resize_exact(width, height, FilterType::CatmullRom)
        .into_rgb8()
}

/// `image` centred on white up to the nearest feed shape, at most 1440 px wide.
pub(super) fn pad_to_feed(image: &RgbImage) -> RgbImage {
    let (width, height) = image.dimensions();
    let (mut canvas_width, mut canvas_height) = if too_tall(width, height) {
        (narrowest(height), height)
    } else if too_wide(width, height) {
        (width, flattest(width))
    } else {
        (width, height)
    };
    if canvas_width > MAX_WIDTH {
        canvas_height = if too_tall(width, height) {
            tallest(MAX_WIDTH)
        } else {
            scaled_height(canvas_width, canvas_height, MAX_WIDTH)
        };
        canvas_width = MAX_WIDTH;
    }
    let scale = f64::min(
        f64::from(canvas_width) / f64::from(width),
        f64::from(canvas_height) / f64::from(height),
    );
    let inner_width = ((f64::from(width) * scale).round() as u32).clamp(1, canvas_width);
    let inner_height = ((f64::from(height) * scale).round() as u32).clamp(1, canvas_height);
    let inner = resize(image.clone(), inner_width, inner_height);
    let mut canvas = RgbImage::from_pixel(canvas_width, canvas_height, image::Rgb([255; 3]));
    let left = ((canvas_width - inner_width) / 2) as usize;
    let top = ((canvas_height - inner_height) / 2) as usize;
    let row = inner_width as usize * 3;
    let canvas_row = canvas_width as usize * 3;
    let pixels: &mut [u8] = &mut canvas;
    for (y, source) in inner.as_raw().chunks_exact(row).enumerate() {
        let start = (top + y) * canvas_row + left * 3;
        pixels[start..start + row].copy_from_slice(source);
    }
    canvas
}

/// The middle of `image` cut at the nearest feed shape, at most 1440 px wide.
pub(super) fn crop_to_feed(image: &RgbImage) -> RgbImage {
    let (width, height) = image.dimensions();
    let (x, y, crop_width, crop_height) = if too_tall(width, height) {
        let crop_height = tallest(width);
        (0, (height - crop_height) / 2, width, crop_height)
    } else if too_wide(width, height) {
        let crop_width = widest(height).max(1);
        ((width - crop_width) / 2, 0, crop_width, height)
    } else {
        (0, 0, width, height)
    };
    let cropped = image::imageops::crop_imm(image, x, y, crop_width, crop_height).to_image();
    if crop_width > MAX_WIDTH {
        let new_height = scaled_height(crop_width, crop_height, MAX_WIDTH);
        resize(cropped, MAX_WIDTH, new_height)
    } else {
        cropped
    }
}

/// `image` as a baseline JPEG of at most 8 MiB and 1440 px wide: quality 90, lower
/// qualities while it is over 8 MiB, then smaller sizes.
pub(super) fn encode(image: RgbImage) -> Result<Media, MediaRefusal> {
    encode_within(image, PHOTO_MAX_BYTES)
}

fn encode_within(mut image: RgbImage, max_bytes: usize) -> Result<Media, MediaRefusal> {
    if image.width() > MAX_WIDTH {
        let height = scaled_height(image.width(), image.height(), MAX_WIDTH);
        image = resize(image, MAX_WIDTH, height);
    }
    let mut jpeg = Vec::new();
    for quality in QUALITIES {
        jpeg = to_jpeg(&image, quality)?;
        if jpeg.len() <= max_bytes {
            return Ok(photo_media(jpeg, &image));
        }
    }
    let lowest = QUALITIES[QUALITIES.len() - 1];
    loop {
        let width = (f64::from(image.width()) * SHRINK) as u32;
        if width < MIN_WIDTH {
            return Err(MediaRefusal::TooLarge {
                size_mb: super::megabytes(jpeg.len(), 1024 * 1024),
                limit_mb: (max_bytes / (1024 * 1024)).to_string(),
                what: "photo",
            });
        }
        let height = scaled_height(image.width(), image.height(), width);
        image = resize(image, width, height);
        jpeg = to_jpeg(&image, lowest)?;
        if jpeg.len() <= max_bytes {
            return Ok(photo_media(jpeg, &image));
        }
    }
}

fn to_jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, MediaRefusal> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .map_err(|_| MediaRefusal::Unreadable)?;
    Ok(jpeg)
}

fn photo_media(bytes: Vec<u8>, image: &RgbImage) -> Media {
    Media {
        kind: MediaKind::Photo,
        content_type: "image/jpeg",
        extension: "jpg",
        bytes,
        width: image.width(),
        height: image.height(),
        duration: None,
    }
}

#[cfg(test)]
pub(super) fn encode_within_for_tests(
    image: RgbImage,
    max_bytes: usize,
) -> Result<Media, MediaRefusal> {
    encode_within(image, max_bytes)
}
