//! Row images come from wherever a data set's image column points. Loading one
//! tells that host who is looking, and when: images from any host other than the
//! app's own load only after the user allows that host. The choice lasts as long as
//! the page and never travels in a link (whoever opens a link decides for
//! themselves).

/// The host (with its port, lower case) of an absolute http(s) URL.
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme_end = url.find("://")?;
    let scheme = url.get(..scheme_end)?.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = url.get(scheme_end + 3..)?;
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    // Without the user name and password a URL may carry.
    let host = authority.rsplit('@').next()?.to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The host an image needs the user's permission for: `None` when the app's own
/// host (`page_host`) serves it, as it does every relative URL.
pub fn remote_host(url: &str, page_host: &str) -> Option<String> {
    host_of(url).filter(|h| !h.eq_ignore_ascii_case(page_host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_image_urls() {
        assert_eq!(
            host_of("https://images.cocodataset.org/x.jpg").as_deref(),
            Some("images.cocodataset.org")
        );
        assert_eq!(
            host_of("HTTP://Example.org:8080/a?b#c").as_deref(),
            Some("example.org:8080")
        );
        assert_eq!(
            host_of("https://user:pw@evil.example/x").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            host_of("https://a.example\\@b.example/x").as_deref(),
            Some("a.example")
        );
        assert_eq!(host_of("img/1.jpg"), None);
        assert_eq!(host_of("javascript:alert(1)"), None);
        assert_eq!(host_of("https://"), None);
        assert_eq!(
            remote_host("http://127.0.0.1:8080/a.png", "127.0.0.1:8080"),
            None
        );
        assert_eq!(remote_host("img/a.png", "127.0.0.1:8080"), None);
        assert_eq!(
            remote_host("https://cdn.example/a.png", "127.0.0.1:8080").as_deref(),
            Some("cdn.example")
        );
    }
}
