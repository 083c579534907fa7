//! Files people send Pulse to post, as every front end fetches them: read with a bound (a
//! body longer than the platform allows is cut off, never held whole), and what goes wrong
//! said in one plain sentence for the chat. What is posted, and how, is the engine's.

use futures_util::StreamExt as _;

/// One megabyte, as platforms count their limits.
pub const MB: u64 = 1024 * 1024;

/// Why a file could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchProblem {
    /// Bigger than `limit` bytes.
    TooBig,
    /// The platform did not hand it over (an error, a lost connection).
    Failed,
}

/// `bytes` in whole megabytes, rounded up (`45`).
pub fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(MB).max(1)
}

/// The sentence for a file of `size` bytes that a platform's bots may not fetch above
/// `limit` bytes, and what to do instead.
pub fn too_big(platform: &str, size: u64, limit: u64) -> String {
    format!(
        "This file is {} MB; {platform} lets bots fetch at most {} MB. Send a smaller one, or post from the console with /attach.",
        megabytes(size),
        limit / MB
    )
}

/// The sentence for a file the platform did not hand over.
pub fn not_fetched(platform: &str) -> String {
    format!("{platform} did not hand over the file; send it again in a moment.")
}

/// `sentence` about the `index`th (from 0) of `count` files: "File 2 of 3: …" when there
/// are several.
pub fn about_file(index: usize, count: usize, sentence: String) -> String {
    if count > 1 {
        format!("File {} of {count}: {sentence}", index + 1)
    } else {
        sentence
    }
}

/// A file to fetch: its size as the platform says, its name, and how to fetch it.
pub trait Fetchable {
    /// Its size in bytes, as the platform says.
    fn size(&self) -> u64;
    /// Its name, when the platform gave one.
    fn name(&self) -> Option<String>;
}

/// Fetches `files` in order with `fetch`, each within `limit` bytes (one whose size is over
/// it is not fetched at all). The first that cannot be fetched stops there: no files, and
/// why in one sentence for the chat, naming `platform`.
pub async fn fetch_in_order<File, Fetched>(
    platform: &str,
    limit: u64,
    files: &[File],
    fetch: impl Fn(File) -> Fetched,
) -> (Vec<engine::inbound::MediaFile>, Option<String>)
where
    File: Fetchable + Clone,
    Fetched: std::future::Future<Output = Result<Vec<u8>, FetchProblem>>,
{
    let mut media = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let fetched = if file.size() > limit {
            Err(FetchProblem::TooBig)
        } else {
            fetch(file.clone()).await
        };
        match fetched {
            Ok(bytes) => media.push(engine::inbound::MediaFile {
                name: file.name(),
                bytes,
            }),
            Err(problem) => {
                let sentence = match problem {
                    FetchProblem::TooBig => too_big(platform, file.size().max(limit + 1), limit),
                    FetchProblem::Failed => not_fetched(platform),
                };
                return (Vec::new(), Some(about_file(index, files.len(), sentence)));
            }
        }
    }
    (media, None)
}

/// Reads a stream of chunks into memory, stopping as soon as it holds more than `limit`
/// bytes.
pub async fn read_bounded<E>(
    chunks: impl futures_util::Stream<Item = Result<impl AsRef<[u8]>, E>>,
    limit: u64,
) -> Result<Vec<u8>, FetchProblem> {
    let mut chunks = std::pin::pin!(chunks);
    let mut bytes = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|_| FetchProblem::Failed)?;
        bytes.extend_from_slice(chunk.as_ref());
        if bytes.len() as u64 > limit {
            return Err(FetchProblem::TooBig);
        }
    }
    Ok(bytes)
}

/// Downloads `url` with `client`, at most `limit` bytes (a `Content-Length` above it is
/// refused before the body is read).
pub async fn download(
    client: &reqwest::Client,
    url: &str,
    limit: u64,
) -> Result<Vec<u8>, FetchProblem> {
    let response = client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|error| {
            tracing::warn!(status = ?error.status(), "downloading a file failed");
            FetchProblem::Failed
        })?;
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(FetchProblem::TooBig);
    }
    let mut response = response;
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() as u64 > limit {
                    return Err(FetchProblem::TooBig);
                }
            }
            Ok(None) => return Ok(bytes),
            Err(_) => return Err(FetchProblem::Failed),
        }
    }
}

/// Whether a file named `name` is, by its extension, a photo or video Pulse may post.
pub fn postable_name(name: &str) -> bool {
    let lowered = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".heic", ".mp4", ".mov"]
        .iter()
        .any(|extension| lowered.ends_with(extension))
}

/// Whether a file of the media type `mime` (`image/png`) is a photo or a video.
pub fn postable_type(mime: &str) -> bool {
    let lowered = mime.to_ascii_lowercase();
    lowered.starts_with("image/") || lowered.starts_with("video/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_said_in_whole_megabytes() {
        assert_eq!(
            too_big("Telegram", 45 * MB, 20 * MB),
            "This file is 45 MB; Telegram lets bots fetch at most 20 MB. Send a smaller one, or post from the console with /attach."
        );
        assert_eq!(megabytes(1), 1);
        assert_eq!(megabytes(MB + 1), 2);
        assert_eq!(about_file(1, 3, "x".into()), "File 2 of 3: x");
        assert_eq!(about_file(0, 1, "x".into()), "x");
    }

    #[test]
    fn photos_and_videos_by_name_and_type() {
        assert!(postable_name("IMG_2041.HEIC") && postable_name("a.mov"));
        assert!(!postable_name("notes.pdf"));
        assert!(postable_type("image/png") && postable_type("video/mp4"));
        assert!(!postable_type("application/pdf"));
    }

    #[tokio::test]
    async fn a_body_past_the_bound_is_cut_off() {
        let chunks = |n: usize| {
            futures_util::stream::iter((0..n).map(|_| Ok::<_, std::io::Error>(vec![0u8; 10])))
        };
        assert_eq!(read_bounded(chunks(3), 30).await.map(|b| b.len()), Ok(30));
        assert_eq!(read_bounded(chunks(4), 30).await, Err(FetchProblem::TooBig));
        let failing =
            futures_util::stream::iter([Ok(vec![1u8]), Err(std::io::Error::other("lost"))]);
        assert_eq!(read_bounded(failing, 30).await, Err(FetchProblem::Failed));
    }
}
