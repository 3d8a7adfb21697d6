//! The harness of the end-to-end tests: a static server for the built bundle
//! (`dist/`, made by `trunk build --release`), Debian's chromedriver, and a
//! headless Chromium session driven through WebDriver.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// How long any one condition may take on these slow machines.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The built bundle: `$BIASLENS_DIST`, or `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("BIASLENS_DIST").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"),
        PathBuf::from,
    )
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target
        .split('?')
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let mut file = root.join(path);
    if file.is_dir() {
        // A folder's page, as static hosts serve it.
        file = file.join("index.html");
    }
    if path.contains("..") || !file.is_file() {
        file = root.join("index.html");
    }
    let mut body = Vec::new();
    std::fs::File::open(&file)?.read_to_end(&mut body)?;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    )?;
    stream.write_all(&body)
}

/// Serves `root` on 127.0.0.1 (a free port) from a background thread; returns the base URL.
pub fn serve(root: PathBuf) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = serve_one(stream, &root);
            });
        }
    });
    Ok(format!("http://{addr}"))
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A chromedriver process, killed when dropped.
pub struct Driver {
    child: Child,
    /// The WebDriver URL.
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `$CHROMEDRIVER` (default `/usr/bin/chromedriver`) and waits until it listens.
pub fn start_driver() -> Result<Driver, String> {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = free_port().map_err(|e| e.to_string())?;
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            format!("cannot start {bin} (install chromium-driver; scripts/setup.sh does): {e}")
        })?;
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > PATIENCE {
            return Err(format!("{bin} did not listen on port {port}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(driver)
}

/// POSTs a JSON body to `path` of an HTTP server at `base` (`http://host:port`)
/// and returns the response body (the WebDriver endpoints fantoccini does not
/// wrap).
fn post_json(base: &str, path: &str, body: &str) -> Result<String, String> {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).map_err(|e| format!("{base}: {e}"))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    // Read by Content-Length: chromedriver may keep the connection open.
    let mut reader = BufReader::new(stream);
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 || line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or("a response without Content-Length")?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    String::from_utf8(body).map_err(|e| e.to_string())
}

/// A browser on the served app.
pub struct Session {
    /// The WebDriver client.
    pub client: Client,
    /// The app's base URL.
    pub base: String,
    /// Where the browser saves downloads.
    pub downloads: TempDir,
    _driver: Driver,
    _profile: TempDir,
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory under the system temp dir.
    pub fn new(tag: &str) -> std::io::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("biaslens-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Session {
    /// Serves the bundle, starts chromedriver and a headless Chromium.
    pub async fn start() -> Result<Session, String> {
        let dist = dist_dir();
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "{} has no built app: run `trunk build --release` first (scripts/test.sh does)",
                dist.display()
            ));
        }
        let base = serve(dist).map_err(|e| e.to_string())?;
        let driver = start_driver()?;
        let profile = TempDir::new("chromium").map_err(|e| e.to_string())?;
        let downloads = TempDir::new("downloads").map_err(|e| e.to_string())?;
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.0.display()),
                ],
                // Every request the browser makes, for the network test.
                "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false},
                "prefs": {
                    "download.default_directory": downloads.0.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false
                }
            }
        });
        let mut caps = caps;
        caps["goog:loggingPrefs"] = serde_json::json!({"performance": "ALL"});
        let serde_json::Value::Object(caps) = caps else {
            return Err("capabilities are not an object".into());
        };
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .map_err(|e| format!("cannot open a Chromium session: {e}"))?;
        Ok(Session {
            client,
            base,
            downloads,
            _driver: driver,
            _profile: profile,
        })
    }

    /// Every URL the app's pages and workers asked for since the last call
    /// (Chromium's performance log, `Network.requestWillBeSent` whose document is
    /// under the app's address; the browser's own pages are left out), in order.
    pub async fn requested_urls(&self) -> Result<Vec<String>, String> {
        let id = self
            .client
            .session_id()
            .await
            .map_err(|e| e.to_string())?
            .ok_or("no WebDriver session")?;
        let body = post_json(
            &self._driver.url,
            &format!("/session/{id}/se/log"),
            r#"{"type":"performance"}"#,
        )?;
        let log: serde_json::Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        let entries = log["value"].as_array().ok_or("no log entries")?;
        Ok(entries
            .iter()
            .filter_map(|e| serde_json::from_str::<serde_json::Value>(e["message"].as_str()?).ok())
            .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
            .filter(|m| {
                m["message"]["params"]["documentURL"]
                    .as_str()
                    .is_some_and(|d| d.starts_with(&self.base))
            })
            .filter_map(|m| {
                m["message"]["params"]["request"]["url"]
                    .as_str()
                    .map(str::to_owned)
            })
            .collect())
    }

    /// Opens a path of the app (`/?demo=toy`).
    pub async fn open(&self, path: &str) -> Result<(), String> {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .map_err(|e| e.to_string())
    }

    /// What the header's Copy link button says once pressed: "Link copied", or
    /// "Copy failed…" where headless Chromium refuses the clipboard.
    pub async fn copy_link_answer(&self) -> Result<String, String> {
        let said = self
            .until("the Copy link button to answer", || async {
                let t = self.text("button.primary").await.ok()?;
                (t != "Copy link").then_some(t)
            })
            .await?;
        if said == "Link copied" || said.starts_with("Copy failed") {
            Ok(said)
        } else {
            Err(format!("the Copy link button said {said:?}"))
        }
    }

    /// Picks files (all at once) with the header's file picker.
    pub async fn pick(&self, paths: &[&Path]) -> Result<(), String> {
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        self.wait_for("#file-header")
            .await?
            .send_keys(&paths.join("\n"))
            .await
            .map_err(|e| e.to_string())
    }

    /// The load error the page shows, once it shows one.
    pub async fn load_error(&self) -> Result<String, String> {
        self.until("the load error", || async {
            self.text("[data-testid=error]").await.ok()
        })
        .await
    }

    /// Picks a file with the header's file picker and waits until the summary
    /// names its data set (`stem`); returns the summary.
    pub async fn open_file(&self, path: &Path, stem: &str) -> Result<String, String> {
        self.pick(&[path]).await?;
        self.until(&format!("the summary of {stem}"), || async {
            let t = self.text("[data-testid=summary]").await.ok()?;
            t.starts_with(stem).then_some(t)
        })
        .await
    }

    /// Whether no element matches `css` now.
    pub async fn absent(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_err()
    }

    /// Waits until no element matches `css`.
    pub async fn gone(&self, css: &str) -> Result<(), String> {
        self.until(&format!("{css} to go"), || async {
            self.absent(css).await.then_some(())
        })
        .await
    }

    /// Waits until an element matching `css` exists.
    pub async fn wait_for(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("no element {css}: {e}"))
    }

    /// The text of the element matching `css`, once it exists.
    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.wait_for(css)
            .await?
            .text()
            .await
            .map_err(|e| format!("cannot read the text of {css}: {e}"))
    }

    /// Chooses `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) -> Result<(), String> {
        self.wait_for(css)
            .await?
            .select_by_value(value)
            .await
            .map_err(|e| format!("cannot choose {value} in {css}: {e}"))
    }

    /// The `data-value` of the number with `data-metric=metric`.
    pub async fn value(&self, metric: &str) -> Result<String, String> {
        let e = self.wait_for(&format!("[data-metric='{metric}']")).await?;
        e.attr("data-value")
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{metric} has no data-value"))
    }

    /// Polls `check` until it returns `Some`, or fails after [`PATIENCE`] with `what`.
    pub async fn until<T, F, Fut>(&self, what: &str, mut check: F) -> Result<T, String>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let start = Instant::now();
        loop {
            if let Some(v) = check().await {
                return Ok(v);
            }
            if start.elapsed() > PATIENCE {
                return Err(format!("timed out waiting for {what}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The current URL.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Saves a screenshot under `target/e2e-screenshots/NAME.png`, for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Clicks the element matching `css`, once it exists.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.wait_for(css)
            .await?
            .click()
            .await
            .map_err(|e| format!("cannot click {css}: {e}"))
    }

    /// An attribute of the element matching `css`, once it exists.
    pub async fn attr(&self, css: &str, name: &str) -> Result<String, String> {
        self.wait_for(css)
            .await?
            .attr(name)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{css} has no {name}"))
    }

    /// The contents of a file the page downloaded, once the browser has written it.
    pub async fn downloaded(&self, name: &str) -> Result<String, String> {
        let path = self.downloads.0.join(name);
        self.until(&format!("the download {name}"), || async {
            // Chromium writes `NAME.crdownload` first and renames it when done.
            std::fs::read_to_string(&path)
                .ok()
                .filter(|s| !s.is_empty())
        })
        .await
    }

    /// Ends the browser session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
