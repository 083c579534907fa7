//! What a person sending a file sees, against Instagram's rules; every file is made here.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::{DynamicImage, ImageDecoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

/// A `width`×`height` picture with some detail (a gradient), in `format`.
fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    encoded(DynamicImage::ImageRgb8(image), format)
}

fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encodes");
    bytes
}

fn decoded(media: &Media) -> DynamicImage {
    image::load_from_memory_with_format(&media.bytes, ImageFormat::Jpeg).expect("a JPEG")
}

fn assert_jpeg(media: &Media, width: u32, height: u32) {
    assert_eq!(media.kind, MediaKind::Photo);
    assert_eq!((media.content_type, media.extension), ("image/jpeg", "jpg"));
    assert_eq!((media.width, media.height), (width, height));
    assert_eq!(media.duration, None);
    let image = decoded(media);
    assert_eq!((image.width(), image.height()), (width, height));
}

#[test]
fn a_png_becomes_a_jpeg_of_the_same_size() {
    let media = prepare(&picture(1080, 1350, ImageFormat::Png), Some("photo.png")).unwrap();
    assert_jpeg(&media, 1080, 1350);
    assert!(media.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
    // Baseline (SOF0), not progressive (SOF2).
    assert!(media.bytes.windows(2).any(|marker| marker == [0xFF, 0xC0]));
    assert!(!media.bytes.windows(2).any(|marker| marker == [0xFF, 0xC2]));
    assert_eq!(check(&media, Placement::Feed), Ok(()));
}

#[test]
fn webp_gif_bmp_and_tiff_convert_whatever_the_name_says() {
    for format in [
        ImageFormat::WebP,
        ImageFormat::Gif,
        ImageFormat::Bmp,
        ImageFormat::Tiff,
    ] {
        let media = prepare(&picture(400, 500, format), Some("photo.jpg")).unwrap();
        assert_jpeg(&media, 400, 500);
    }
}

#[test]
fn a_wide_photo_comes_down_to_1440_px() {
    let media = prepare(&picture(2000, 1500, ImageFormat::Png), None).unwrap();
    assert_jpeg(&media, 1440, 1080);
    assert_eq!(check(&media, Placement::Feed), Ok(()));
}

#[test]
fn transparency_is_flattened_on_white() {
    let image = RgbaImage::from_fn(400, 400, |x, _| {
        if x < 200 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([0, 0, 255, 255])
        }
    });
    let png = encoded(DynamicImage::ImageRgba8(image), ImageFormat::Png);
    let media = prepare(&png, None).unwrap();
    let jpeg = decoded(&media).into_rgb8();
    let near = |pixel: &Rgb<u8>, want: [u8; 3]| {
        pixel
            .0
            .iter()
            .zip(want)
            .all(|(&got, want)| got.abs_diff(want) <= 8)
    };
    assert!(near(jpeg.get_pixel(50, 200), [255, 255, 255]));
    assert!(near(jpeg.get_pixel(350, 200), [0, 0, 255]));
}

#[test]
fn a_noisy_photo_over_8_mib_comes_out_under_it() {
    let mut rng = StdRng::seed_from_u64(8);
    let mut noise = RgbImage::new(1440, 3400);
    let raw: &mut [u8] = &mut noise;
    rng.fill(raw);
    let bmp = encoded(DynamicImage::ImageRgb8(noise.clone()), ImageFormat::Bmp);
    // At the first quality it would be over.
    let mut first_try = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut first_try, 90)
        .encode(&noise, 1440, 3400, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(first_try.len() > PHOTO_MAX_BYTES, "{}", first_try.len());

    let media = prepare(&bmp, None).unwrap();
    assert!(
        media.bytes.len() <= PHOTO_MAX_BYTES,
        "{}",
        media.bytes.len()
    );
    assert!(media.width <= 1440 && media.width >= 320);
    decoded(&media);
    assert_eq!(check(&media, Placement::Story), Ok(()));
}

#[test]
fn a_photo_that_cannot_get_under_the_limit_is_too_large() {
    let mut rng = StdRng::seed_from_u64(9);
    let mut noise = RgbImage::new(400, 400);
    let raw: &mut [u8] = &mut noise;
    rng.fill(raw);
    let refusal = photo::encode_within_for_tests(noise, 1000).unwrap_err();
    assert!(matches!(
        refusal,
        MediaRefusal::TooLarge { what: "photo", .. }
    ));
}

/// A JPEG of `width`×`height` whose EXIF says where it was taken (48°51′29.58″ N) and
/// that it is to be shown turned a quarter clockwise (orientation 6).
fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    // IFD0: orientation 6, GPS IFD at 38.
    tiff.extend([0, 2]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend([0, 0, 0, 0]);
    // GPS IFD: latitude ref "N", latitude as three rationals at 68.
    tiff.extend([0, 2]);
    tiff.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0x00, 0x02, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68]);
    tiff.extend([0, 0, 0, 0]);
    for (numerator, denominator) in [(48u32, 1u32), (51, 1), (2958, 100)] {
        tiff.extend(numerator.to_be_bytes());
        tiff.extend(denominator.to_be_bytes());
    }
    assert_eq!(tiff.len(), 92);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(&tiff);
    let jpeg = picture(width, height, ImageFormat::Jpeg);
    [&jpeg[..2], &app1, &jpeg[2..]].concat()
}

const LATITUDE: [u8; 16] = [0, 0, 0, 48, 0, 0, 0, 1, 0, 0, 0, 51, 0, 0, 0, 1];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn a_photos_location_is_not_republished_and_it_stays_upright() {
    let sent = phone_photo(500, 400);
    assert!(contains(&sent, b"Exif") && contains(&sent, &LATITUDE));
    let mut decoder =
        image::codecs::jpeg::JpegDecoder::new(Cursor::new(&sent)).expect("the sent photo reads");
    assert!(decoder.exif_metadata().unwrap().is_some());

    let media = prepare(&sent, Some("IMG_0001.JPG")).unwrap();
    assert!(!contains(&media.bytes, b"Exif"));
    assert!(!contains(&media.bytes, &LATITUDE));
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&media.bytes)).unwrap();
    assert_eq!(decoder.exif_metadata().unwrap(), None);
    // Orientation 6 is applied to the pixels: the stored 500×400 is shown 400×500.
    assert_jpeg(&media, 400, 500);
}

#[test]
fn a_display_p3_photo_is_converted_to_srgb() {
    let image = RgbImage::from_pixel(400, 400, Rgb([200, 100, 100]));
    let mut png = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new(&mut png);
    use image::ImageEncoder;
    let profile = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    encoder.set_icc_profile(profile).unwrap();
    encoder
        .write_image(&image, 400, 400, image::ExtendedColorType::Rgb8)
        .unwrap();
    let plain = prepare(&picture(400, 400, ImageFormat::Png), None).unwrap();
    assert!(!contains(&plain.bytes, b"ICC_PROFILE"));

    let media = prepare(&png, None).unwrap();
    let pixel = *decoded(&media).into_rgb8().get_pixel(200, 200);
    // P3's red is redder than sRGB's: the same numbers are a more saturated colour in sRGB.
    assert!(pixel.0[0] >= 208, "{pixel:?}");
    assert!(pixel.0[1] <= 96 && pixel.0[2] <= 98, "{pixel:?}");
}

#[test]
fn a_9_16_photo_is_refused_for_the_feed_and_taken_for_a_story() {
    let media = prepare(&picture(1080, 1920, ImageFormat::Png), None).unwrap();
    assert_jpeg(&media, 1080, 1920);
    let refusal = check(&media, Placement::Feed).unwrap_err();
    assert_eq!(
        refusal,
        MediaRefusal::AspectRatio {
            ratio: "9:16".into()
        }
    );
    assert!(refusal.to_string().contains("9:16"), "{refusal}");
    assert_eq!(check(&media, Placement::CarouselItem), Err(refusal));
    assert_eq!(check(&media, Placement::Story), Ok(()));
    assert_eq!(fit(&media, Placement::Story, Fit::Crop), Ok(media.clone()));
}

#[test]
fn padding_or_cropping_a_9_16_photo_brings_it_into_the_feed() {
    let media = prepare(&picture(1080, 1920, ImageFormat::Png), None).unwrap();

    let padded = fit(&media, Placement::Feed, Fit::Pad).unwrap();
    // 1080×1920 padded to 4:5 is 1536×1920, which comes down to 1440×1800.
    assert_jpeg(&padded, 1440, 1800);
    assert_eq!(check(&padded, Placement::Feed), Ok(()));
    let pixels = decoded(&padded).into_rgb8();
    assert!(
        pixels.get_pixel(5, 900).0.iter().all(|&c| c >= 245),
        "white bars"
    );
    assert!(pixels.get_pixel(1434, 900).0.iter().all(|&c| c >= 245));

    let cropped = fit(&media, Placement::Feed, Fit::Crop).unwrap();
    assert_jpeg(&cropped, 1080, 1350);
    assert_eq!(check(&cropped, Placement::Feed), Ok(()));
    assert_eq!(check(&cropped, Placement::CarouselItem), Ok(()));
}

#[test]
fn padding_or_cropping_a_panorama_brings_it_into_the_feed() {
    let media = prepare(&picture(1440, 480, ImageFormat::Png), None).unwrap();
    assert_eq!(
        check(&media, Placement::Feed),
        Err(MediaRefusal::AspectRatio {
            ratio: "3:1".into()
        })
    );
    let padded = fit(&media, Placement::CarouselItem, Fit::Pad).unwrap();
    assert_jpeg(&padded, 1440, 754);
    assert_eq!(check(&padded, Placement::CarouselItem), Ok(()));
    let cropped = fit(&media, Placement::Feed, Fit::Crop).unwrap();
    assert_jpeg(&cropped, 916, 480);
    assert_eq!(check(&cropped, Placement::Feed), Ok(()));
    // A photo already in shape is given back as it is.
    let square = prepare(&picture(800, 800, ImageFormat::Png), None).unwrap();
    assert_eq!(fit(&square, Placement::Feed, Fit::Pad), Ok(square));
}

#[test]
fn a_200_px_photo_is_too_small() {
    let refusal = prepare(&picture(200, 250, ImageFormat::Png), None).unwrap_err();
    assert_eq!(refusal, MediaRefusal::TooSmall { width: 200 });
    assert_eq!(
        refusal.to_string(),
        "This photo is 200 px wide; Instagram needs at least 320 px."
    );
}

#[test]
fn a_photo_is_no_reel() {
    let media = prepare(&picture(1080, 1920, ImageFormat::Png), None).unwrap();
    assert_eq!(
        check(&media, Placement::Reel),
        Err(MediaRefusal::PhotoAsReel)
    );
    assert_eq!(
        fit(&media, Placement::Reel, Fit::Pad),
        Err(MediaRefusal::PhotoAsReel)
    );
}

#[test]
fn shapes_are_named_as_people_write_them() {
    let cases = [
        ((1080, 1920), "9:16"),
        ((1000, 1000), "1:1"),
        ((1080, 1350), "4:5"),
        ((1920, 1080), "16:9"),
        ((1910, 1000), "1.91:1"),
        ((2500, 1000), "2.5:1"),
        ((1441, 1000), "1.44:1"),
        ((1000, 1300), "10:13"),
        ((1000, 2700), "1:2.7"),
        ((1001, 2002), "1:2"),
        ((1079, 1920), "9:16"),
    ];
    for ((width, height), name) in cases {
        assert_eq!(ratio_name(width, height), name, "{width}×{height}");
    }
}

/// A PNG's first bytes: signature, a header chunk declaring `width`×`height` RGBA of
/// `depth` bits a channel, and the start of a data chunk.
fn png_header(width: u32, height: u32, depth: u8) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([depth, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    // A compressed stream of zeros would follow; the header is enough to refuse.
    png.extend([0, 0, 0x10, 0, b'I', b'D', b'A', b'T', 0x78, 0x9C]);
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    let started = Instant::now();
    let bomb = png_header(100_000, 100_000, 8);
    assert_eq!(prepare(&bomb, None), Err(MediaRefusal::TooManyPixels));
    // Within the side limit but over the memory one: 11,000² RGBA of 16 bits is 968 MB.
    let big = png_header(11_000, 11_000, 16);
    assert_eq!(prepare(&big, None), Err(MediaRefusal::TooManyPixels));
    assert!(started.elapsed() < Duration::from_secs(1));
}

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut bytes = ((8 + body.len()) as u32).to_be_bytes().to_vec();
    bytes.extend(kind);
    bytes.extend(body);
    bytes
}

const IDENTITY: [u32; 9] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];
const QUARTER_TURN: [u32; 9] = [0, 0x0001_0000, 0, 0xFFFF_0000, 0, 0, 0, 0, 0x4000_0000];

fn track(handler: &[u8; 4], width: u32, height: u32, matrix: [u32; 9]) -> Vec<u8> {
    let mut tkhd = vec![0, 0, 0, 3];
    tkhd.extend([0; 20]);
    tkhd.extend([0; 16]);
    matrix
        .iter()
        .for_each(|cell| tkhd.extend(cell.to_be_bytes()));
    tkhd.extend((width << 16).to_be_bytes());
    tkhd.extend((height << 16).to_be_bytes());
    assert_eq!(tkhd.len(), 84);
    let mut hdlr = vec![0; 8];
    hdlr.extend(handler);
    hdlr.extend([0; 12]);
    hdlr.extend(b"Handler\0");
    let mdia = boxed(b"mdia", &boxed(b"hdlr", &hdlr));
    boxed(b"trak", &[boxed(b"tkhd", &tkhd), mdia].concat())
}

/// A minimal MP4 (or MOV, by `brand`): `ftyp`, then `moov` with `mvhd` and a sound and a
/// video track, then a small `mdat`.
fn movie(brand: &[u8; 4], milliseconds: u32, size: (u32, u32), matrix: [u32; 9]) -> Vec<u8> {
    let ftyp = boxed(
        b"ftyp",
        &[&brand[..], &[0, 0, 2, 0], brand, b"isom"].concat(),
    );
    let mut mvhd = vec![0; 12];
    mvhd.extend(1000u32.to_be_bytes());
    mvhd.extend(milliseconds.to_be_bytes());
    mvhd.extend(0x0001_0000u32.to_be_bytes());
    mvhd.extend([1, 0]);
    mvhd.extend([0; 10]);
    IDENTITY
        .iter()
        .for_each(|cell| mvhd.extend(cell.to_be_bytes()));
    mvhd.extend([0; 24]);
    mvhd.extend(3u32.to_be_bytes());
    assert_eq!(mvhd.len(), 100);
    let moov = boxed(
        b"moov",
        &[
            boxed(b"mvhd", &mvhd),
            track(b"soun", 0, 0, IDENTITY),
            track(b"vide", size.0, size.1, matrix),
        ]
        .concat(),
    );
    [ftyp, moov, boxed(b"mdat", &[0x11; 16])].concat()
}

#[test]
fn an_mp4_says_how_long_it_lasts_and_how_big_it_is() {
    let bytes = movie(b"isom", 12_500, (1080, 1920), IDENTITY);
    assert!(bytes.len() < 1000);
    let media = prepare(&bytes, Some("clip.mov")).unwrap();
    assert_eq!(media.kind, MediaKind::Video);
    assert_eq!((media.content_type, media.extension), ("video/mp4", "mp4"));
    assert_eq!((media.width, media.height), (1080, 1920));
    assert_eq!(media.duration, Some(Duration::from_millis(12_500)));
    assert_eq!(media.bytes, bytes);
    for placement in [Placement::Reel, Placement::Story, Placement::CarouselItem] {
        assert_eq!(check(&media, placement), Ok(()), "{placement:?}");
    }
    assert_eq!(
        check(&media, Placement::Feed),
        Err(MediaRefusal::VideoAsFeedPost)
    );
    assert_eq!(
        fit(&media, Placement::Feed, Fit::Pad),
        Err(MediaRefusal::VideoAsFeedPost)
    );
}

#[test]
fn a_portrait_phone_video_stored_on_its_side_is_read_upright() {
    let media = prepare(&movie(b"mp42", 5_000, (1920, 1080), QUARTER_TURN), None).unwrap();
    assert_eq!((media.width, media.height), (1080, 1920));
}

#[test]
fn durations_are_held_to_each_placement() {
    let two_seconds = prepare(&movie(b"isom", 2_000, (1080, 1920), IDENTITY), None).unwrap();
    let refusal = check(&two_seconds, Placement::Reel).unwrap_err();
    assert_eq!(
        refusal,
        MediaRefusal::Duration {
            seconds: 2,
            what: "reel",
            min: 3,
            max: 900
        }
    );
    assert_eq!(
        refusal.to_string(),
        "This video lasts 2 s; a reel must last 3–900 s."
    );

    let long = prepare(&movie(b"isom", 60_200, (1080, 1920), IDENTITY), None).unwrap();
    assert_eq!(check(&long, Placement::Reel), Ok(()));
    assert!(matches!(
        check(&long, Placement::Story),
        Err(MediaRefusal::Duration {
            seconds: 61,
            what: "story",
            ..
        })
    ));
    assert!(matches!(
        check(&long, Placement::CarouselItem),
        Err(MediaRefusal::Duration {
            what: "carousel video",
            ..
        })
    ));
    let too_long = prepare(&movie(b"isom", 901_000, (1080, 1920), IDENTITY), None).unwrap();
    assert!(matches!(
        check(&too_long, Placement::Reel),
        Err(MediaRefusal::Duration { seconds: 901, .. })
    ));
}

#[test]
fn sizes_are_held_to_each_placement() {
    let mut media = prepare(&movie(b"isom", 10_000, (1080, 1920), IDENTITY), None).unwrap();
    media.bytes.resize(150_000_000, 0);
    assert_eq!(check(&media, Placement::Reel), Ok(()));
    let refusal = check(&media, Placement::Story).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "This file is 150.0 MB; Instagram takes at most 100 MB for a story video."
    );
    media.bytes.resize(300_000_001, 0);
    assert!(matches!(
        check(&media, Placement::Reel),
        Err(MediaRefusal::TooLarge { what: "reel", .. })
    ));
}

#[test]
fn a_mov_is_served_as_quicktime() {
    let media = prepare(&movie(b"qt  ", 4_000, (1280, 720), IDENTITY), None).unwrap();
    assert_eq!(
        (media.content_type, media.extension),
        ("video/quicktime", "mov")
    );
    assert_eq!((media.width, media.height), (1280, 720));
}

#[test]
fn an_iphone_heic_photo_is_named_in_the_refusal() {
    let heic = [
        boxed(b"ftyp", b"heic\0\0\0\0mif1heic"),
        boxed(b"meta", &[0; 8]),
    ]
    .concat();
    let refusal = prepare(&heic, Some("IMG_0001.HEIC")).unwrap_err();
    assert_eq!(refusal, MediaRefusal::UnsupportedFormat { format: "HEIC" });
    assert_eq!(
        refusal.to_string(),
        "Pulse can't convert HEIC photos yet; send this one as a JPEG or PNG."
    );
}

#[test]
fn unreadable_files_are_refused_without_panicking() {
    let mut rng = StdRng::seed_from_u64(1);
    let mut noise = vec![0u8; 4096];
    let raw: &mut [u8] = &mut noise;
    rng.fill(raw);
    assert_eq!(
        prepare(&noise, Some("photo.jpg")),
        Err(MediaRefusal::Unreadable)
    );
    assert_eq!(prepare(&[], None), Err(MediaRefusal::Unreadable));
    assert_eq!(
        prepare(b"not a photo", Some("a.png")),
        Err(MediaRefusal::Unreadable)
    );

    let png = picture(400, 500, ImageFormat::Png);
    assert_eq!(
        prepare(&png[..png.len() / 2], None),
        Err(MediaRefusal::Unreadable)
    );
    let mp4 = movie(b"isom", 10_000, (1080, 1920), IDENTITY);
    for cut in 0..mp4.len() {
        assert_eq!(
            prepare(&mp4[..cut], None),
            Err(MediaRefusal::Unreadable),
            "cut at {cut}"
        );
    }
}

#[test]
fn a_thousand_damaged_files_never_panic() {
    let seeds = [
        picture(40, 30, ImageFormat::Png),
        picture(40, 30, ImageFormat::Jpeg),
        picture(16, 16, ImageFormat::Gif),
        picture(16, 16, ImageFormat::WebP),
        picture(16, 16, ImageFormat::Bmp),
        picture(16, 16, ImageFormat::Tiff),
        movie(b"isom", 10_000, (1080, 1920), IDENTITY),
        movie(b"qt  ", 10_000, (1920, 1080), QUARTER_TURN),
    ];
    let mut rng = StdRng::seed_from_u64(0x5EED);
    let mut outcomes = [0usize; 2];
    for round in 0..1000 {
        let mut bytes = seeds[round % seeds.len()].clone();
        for _ in 0..rng.gen_range(1..=4) {
            let at = rng.gen_range(0..bytes.len());
            match rng.gen_range(0..4) {
                0 => bytes[at] = rng.gen(),
                1 => bytes[at] ^= 1 << rng.gen_range(0..8),
                2 => bytes.truncate(at.max(1)),
                _ => bytes.insert(at, rng.gen()),
            }
        }
        let started = Instant::now();
        match prepare(&bytes, None) {
            Ok(media) => {
                outcomes[0] += 1;
                for placement in [Placement::Feed, Placement::Story] {
                    let _ = check(&media, placement);
                    let _ = fit(&media, placement, Fit::Pad);
                }
            }
            Err(refusal) => {
                outcomes[1] += 1;
                let sentence = refusal.to_string();
                assert!(sentence.ends_with('.') && !sentence.contains("rror"));
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "round {round} took {:?}",
            started.elapsed()
        );
    }
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
