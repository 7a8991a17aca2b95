//! Which player a video's URL needs: the YouTube IFrame API for YouTube
//! links (the seed's `video.js` rule), the HTML5 `<video>` element for
//! everything else.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A YouTube video, by its id.
    YouTube(String),
    /// A media file the browser plays itself.
    File(String),
}

impl Source {
    pub fn of(url: &str) -> Self {
        match youtube_id(url) {
            Some(id) => Source::YouTube(id),
            None => Source::File(url.to_owned()),
        }
    }
}

/// The video id of a YouTube link: `youtube.com/watch?v=ID`,
/// `youtu.be/ID`, `youtube.com/embed/ID` or `youtube.com/shorts/ID`, with
/// or without scheme and `www.`/`m.`; `None` for anything else.
pub fn youtube_id(url: &str) -> Option<String> {
    let rest = url.trim();
    let rest = rest.strip_prefix("https://").or_else(|| rest.strip_prefix("http://")).unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(&host);
    let candidate = match host {
        "youtu.be" => path.split(['?', '#', '/']).next(),
        "youtube.com" | "youtube-nocookie.com" => {
            let (route, query) = path.split_once('?').unwrap_or((path, ""));
            match route.split('/').collect::<Vec<_>>().as_slice() {
                ["watch"] => query
                    .split(['&', '#'])
                    .find_map(|pair| pair.strip_prefix("v=")),
                ["embed" | "shorts" | "v" | "live", id, ..] => Some(*id),
                _ => None,
            }
        }
        _ => None,
    }?;
    let id = candidate.split('#').next().unwrap_or_default();
    let valid = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_links_of_every_usual_form() {
        for url in [
            "https://www.youtube.com/watch?v=XgQIM2fQ_t4",
            "http://youtube.com/watch?feature=share&v=XgQIM2fQ_t4#t=10",
            "youtube.com/watch?v=XgQIM2fQ_t4&t=42",
            "https://m.youtube.com/watch?v=XgQIM2fQ_t4",
            "https://youtu.be/XgQIM2fQ_t4?t=3",
            "https://www.youtube.com/embed/XgQIM2fQ_t4",
            "https://www.youtube.com/shorts/XgQIM2fQ_t4",
        ] {
            assert_eq!(youtube_id(url).as_deref(), Some("XgQIM2fQ_t4"), "{url}");
        }
    }

    #[test]
    fn other_urls_are_files() {
        assert_eq!(Source::of("/media/city-cc0.webm"), Source::File("/media/city-cc0.webm".into()));
        for url in [
            "https://example.com/watch?v=abc",
            "https://www.youtube.com/",
            "https://www.youtube.com/watch?v=",
            "https://youtu.be/",
            "https://www.youtube.com/watch?v=<script>",
            "https://notyoutube.com/watch?v=abc",
        ] {
            assert_eq!(youtube_id(url), None, "{url}");
        }
    }
}
