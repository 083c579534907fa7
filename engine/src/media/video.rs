//! Videos: the few boxes of an MP4 or MOV (ISO base media file) that say what it is, how
//! long it lasts and how big its picture is.
//!
//! A small parser rather than a crate: Pulse needs four boxes (`ftyp`, `mvhd`, `tkhd`,
//! `hdlr`, and `mehd` for fragmented files) out of a file a stranger sent, and the crates
//! that parse whole files have crashed or run out of memory on malformed ones. This one only
//! slices the bytes it was given: every length is checked against them, nothing is
//! allocated, and the depth is fixed (`moov` › `trak` › `mdia` › `hdlr`).

use std::time::Duration;

use super::MediaRefusal;
use MediaRefusal::Unreadable;

/// What [`read`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Video {
    /// A QuickTime movie (`ftyp qt  `, or an old one without `ftyp`) rather than MP4.
    pub(super) quicktime: bool,
    /// The picture's width as shown (a phone's portrait video is stored turned).
    pub(super) width: u32,
    /// The picture's height as shown.
    pub(super) height: u32,
    /// From `mvhd` (or `mehd` for a fragmented file).
    pub(super) duration: Duration,
}

/// Major brands of HEIF still images and sequences, which share MP4's boxes.
const HEIC_BRANDS: [&[u8; 4]; 5] = [b"heic", b"heix", b"heim", b"heis", b"mif1"];
const AVIF_BRANDS: [&[u8; 4]; 2] = [b"avif", b"avis"];

/// Reads an MP4 or MOV: a refusal when `bytes` are anything else, are cut short, or have no
/// video track.
pub(super) fn read(bytes: &[u8]) -> Result<Video, MediaRefusal> {
    let first = bytes.get(4..8).ok_or(Unreadable)?;
    if !matches!(
        first,
        b"ftyp" | b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot"
    ) {
        return Err(Unreadable);
    }
    let (mut brand, mut moov, mut mdat) = (None, None, false);
    for child in Boxes::strict(bytes) {
        let (kind, body) = child?;
        match &kind {
            b"ftyp" if brand.is_none() => brand = Some(body.get(..4).ok_or(Unreadable)?),
            b"moov" if moov.is_none() => moov = Some(body),
            b"mdat" => mdat = true,
            _ => {}
        }
    }
    if let Some(brand) = brand {
        if HEIC_BRANDS.iter().any(|heic| brand == *heic) {
            return Err(MediaRefusal::UnsupportedFormat { format: "HEIC" });
        }
        if AVIF_BRANDS.iter().any(|avif| brand == *avif) {
            return Err(MediaRefusal::UnsupportedFormat { format: "AVIF" });
        }
    }
    let (Some(moov), true) = (moov, mdat) else {
        return Err(Unreadable);
    };
    let duration = duration(moov)?;
    let (width, height) = Boxes::lenient(moov)
        .filter_map(|child| match child {
            Ok((kind, body)) if &kind == b"trak" => video_track_size(body),
            _ => None,
        })
        .next()
        .ok_or(Unreadable)?;
    Ok(Video {
        quicktime: brand.is_none_or(|brand| brand == b"qt  "),
        width,
        height,
        duration,
    })
}

/// The movie's duration: `mvhd`'s, or for a fragmented file (whose `mvhd` says 0) `mehd`'s.
fn duration(moov: &[u8]) -> Result<Duration, MediaRefusal> {
    let mvhd = child(moov, b"mvhd").ok_or(Unreadable)?;
    let version = *mvhd.first().ok_or(Unreadable)?;
    let (timescale, mut units) = if version == 1 {
        (be_u32(mvhd, 20)?, be_u64(mvhd, 24)?)
    } else {
        (be_u32(mvhd, 12)?, u64::from(be_u32(mvhd, 16)?))
    };
    if units == 0 || units == u64::from(u32::MAX) || units == u64::MAX {
        units = child(moov, b"mvex")
            .and_then(|mvex| child(mvex, b"mehd"))
            .and_then(|mehd| match mehd.first() {
                Some(1) => be_u64(mehd, 4).ok(),
                Some(_) => be_u32(mehd, 4).ok().map(u64::from),
                None => None,
            })
            .unwrap_or(0);
    }
    if timescale == 0 || units == 0 {
        return Err(Unreadable);
    }
    let timescale = u64::from(timescale);
    let nanos = u128::from(units % timescale) * 1_000_000_000 / u128::from(timescale);
    Ok(Duration::new(units / timescale, nanos as u32))
}

/// A `trak`'s picture size as shown, when it is a video track (`hdlr` `vide`) with a size.
fn video_track_size(trak: &[u8]) -> Option<(u32, u32)> {
    let handler = child(trak, b"mdia")
        .and_then(|mdia| child(mdia, b"hdlr"))
        .and_then(|hdlr| hdlr.get(8..12));
    if handler.is_some_and(|handler| handler != b"vide") {
        return None;
    }
    let tkhd = child(trak, b"tkhd")?;
    // After version and flags: times, id, reserved and duration (20 or 32 bytes), then
    // reserved, layer, group, volume, reserved (16), the 3×3 matrix (36), width and height
    // (16.16 fixed point).
    let matrix_at = if *tkhd.first()? == 1 {
        4 + 32 + 16
    } else {
        4 + 20 + 16
    };
    let a = be_u32(tkhd, matrix_at).ok()?;
    let b = be_u32(tkhd, matrix_at + 4).ok()?;
    let width = be_u32(tkhd, matrix_at + 36).ok()? >> 16;
    let height = be_u32(tkhd, matrix_at + 40).ok()? >> 16;
    if width == 0 || height == 0 {
        return None;
    }
    // A quarter turn (a = d = 0, b = ±1) shows the stored picture on its side.
    let quarter_turn = a == 0 && b != 0;
    Some(if quarter_turn {
        (height, width)
    } else {
        (width, height)
    })
}

/// The body of `parent`'s first child of `kind` (children past a malformed one are not read).
fn child<'a>(parent: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    Boxes::lenient(parent)
        .map_while(Result::ok)
        .find(|(found, _)| found == kind)
        .map(|(_, body)| body)
}

fn be_u32(bytes: &[u8], at: usize) -> Result<u32, MediaRefusal> {
    let field = bytes.get(at..at + 4).ok_or(Unreadable)?;
    Ok(u32::from_be_bytes(
        field.try_into().map_err(|_| Unreadable)?,
    ))
}

fn be_u64(bytes: &[u8], at: usize) -> Result<u64, MediaRefusal> {
    let field = bytes.get(at..at + 8).ok_or(Unreadable)?;
    Ok(u64::from_be_bytes(
        field.try_into().map_err(|_| Unreadable)?,
    ))
}

/// The boxes one after another in `rest`: each its type and body.
struct Boxes<'a> {
    rest: &'a [u8],
    /// Whether zero bytes after the last box are allowed (QuickTime ends some lists with a
    /// 32-bit zero); at the top level they mean a file cut short.
    zero_tail_allowed: bool,
}

impl<'a> Boxes<'a> {
    fn strict(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            zero_tail_allowed: false,
        }
    }

    fn lenient(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            zero_tail_allowed: true,
        }
    }
}

impl<'a> Iterator for Boxes<'a> {
    type Item = Result<([u8; 4], &'a [u8]), MediaRefusal>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty()
            || (self.zero_tail_allowed && self.rest.len() < 8 && self.rest.iter().all(|&b| b == 0))
        {
            return None;
        }
        let parsed = parse_box(self.rest);
        match parsed {
            Some((kind, body, rest)) => {
                self.rest = rest;
                Some(Ok((kind, body)))
            }
            None => {
                self.rest = &[];
                Some(Err(Unreadable))
            }
        }
    }
}

/// The first box of `bytes`: its type, body and what follows it; `None` when its header or
/// body runs past the end.
fn parse_box(bytes: &[u8]) -> Option<([u8; 4], &[u8], &[u8])> {
    let size = u64::from(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?));
    let kind: [u8; 4] = bytes.get(4..8)?.try_into().ok()?;
    let (header, size) = match size {
        0 => (8, bytes.len() as u64),
        1 => (16, u64::from_be_bytes(bytes.get(8..16)?.try_into().ok()?)),
        size => (8, size),
    };
    if size < header || size > bytes.len() as u64 {
        return None;
    }
    let size = size as usize;
    Some((kind, &bytes[header as usize..size], &bytes[size..]))
}
