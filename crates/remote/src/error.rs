//! What can go wrong talking to a server, and whether trying again is safe.

pub use orderdock_core::messages::NoAnswer;
use orderdock_core::messages::{Lang, RemoteText};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RemoteError {
    /// No answer: a timeout, a refused or dropped connection. The server may or may not
    /// have applied the request. `detail`: the transport's own words, for the log.
    #[error("network error ({why:?}): {detail}")]
    Network { why: NoAnswer, detail: String },
    /// Too many requests (HTTP 429, 2030 status 407).
    #[error("throttled by the server")]
    Throttled,
    /// The server failed (HTTP 5xx, 2030 status 500).
    #[error("server error: {0}")]
    Server(String),
    /// The app id, secret, token or AppSystem was refused.
    #[error("credentials refused: {0}")]
    Credentials(String),
    /// DM Hub refused the access token even after fetching a fresh one (it expired or was
    /// replaced in between, e.g. by another program fetching a token with the same app id):
    /// the server's code and text. Fetching works, so the credentials are right: an upload
    /// tries the order again later; a one-off command reports it.
    #[error("access token refused again after a refresh ({code}): {message}")]
    TokenRefused { code: String, message: String },
    /// 2030 status 308: this computer's clock is more than 10 minutes off the server's.
    #[error("clock out of sync with the server")]
    ClockSkew,
    /// The server refused the content: its code and message.
    #[error("refused ({code}): {message}")]
    Refused { code: String, message: String },
    /// 2030 status 2102: an order with this Code is already stored.
    #[error("already uploaded: {0}")]
    AlreadyExists(String),
    /// A success status whose body is not the API's answer: HTML, empty, or JSON cut off —
    /// a proxy or a failing server. Like a lost answer, the request may have been applied.
    #[error("unreadable answer: {0}")]
    Unreadable(String),
    /// An answer that cannot be understood or whose signature is wrong.
    #[error("unexpected answer: {0}")]
    BadResponse(String),
    /// A batch without orders: never sent (the server would answer 307).
    #[error("no orders to send")]
    EmptyBatch,
    /// The base URL or another setting cannot be used.
    #[error("invalid setting: {0:?}")]
    Config(Setting),
}

/// A setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// The server address is not https (nor this computer): the address as given.
    NotHttps(String),
    /// A credential is empty: its name (AppId, Token, AppSystem).
    Empty(&'static str),
    /// The HTTP client could not be set up on this computer (its own words).
    Client(String),
}

impl RemoteError {
    /// Sending the same request again can do no harm and may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, RemoteError::Network { .. } | RemoteError::Unreadable(_) | RemoteError::Throttled | RemoteError::Server(_) | RemoteError::TokenRefused { .. })
    }

    /// No answer could be read, so the request may or may not have been applied.
    pub fn is_uncertain(&self) -> bool {
        matches!(self, RemoteError::Network { .. } | RemoteError::Unreadable(_))
    }

    /// One plain sentence for the merchant.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RemoteError::Network { why, .. } => RemoteText::Network(*why),
            RemoteError::Throttled => RemoteText::Throttled,
            RemoteError::Server(e) => RemoteText::Server(e),
            RemoteError::Credentials(e) => RemoteText::Credentials(e),
            RemoteError::TokenRefused { code, message } => RemoteText::TokenRefused(code, message),
            RemoteError::ClockSkew => RemoteText::ClockSkew,
            RemoteError::Refused { code, message } => RemoteText::Refused(code, message),
            RemoteError::AlreadyExists(m) => RemoteText::AlreadyUploaded(m),
            RemoteError::Unreadable(e) => RemoteText::Unreadable(e),
            RemoteError::EmptyBatch => RemoteText::EmptyBatch,
            RemoteError::BadResponse(e) => RemoteText::BadResponse(e),
            RemoteError::Config(Setting::NotHttps(url)) => RemoteText::NotHttps(url),
            RemoteError::Config(Setting::Empty(name)) => RemoteText::EmptySetting(name),
            RemoteError::Config(Setting::Client(e)) => RemoteText::NoHttpClient(e),
        }
        .message(lang)
    }
}

/// Turn a transport failure into [`RemoteError::Network`], never quoting the URL (it may
/// carry an access token). reqwest tells timeouts and connect failures apart; what went
/// wrong below that is read off the error's causes (an OS error's kind where there is one,
/// else the resolver's and TLS library's words).
pub(crate) fn network(e: reqwest::Error) -> RemoteError {
    let e = e.without_url();
    let mut causes: Vec<&(dyn std::error::Error + 'static)> = Vec::new();
    let mut next = std::error::Error::source(&e);
    while let Some(c) = next {
        causes.push(c);
        next = c.source();
    }
    let detail = std::iter::once(e.to_string()).chain(causes.iter().map(|c| c.to_string())).collect::<Vec<_>>().join(": ");
    let io_kind = causes.iter().find_map(|c| c.downcast_ref::<std::io::Error>()).map(std::io::Error::kind);
    let lower = detail.to_lowercase();
    use std::io::ErrorKind as K;
    let why = if e.is_timeout() || io_kind == Some(K::TimedOut) {
        NoAnswer::Timeout
    } else if io_kind == Some(K::ConnectionRefused) {
        NoAnswer::Refused
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        NoAnswer::NotFound
    } else if lower.contains("certificate") || lower.contains("tls") {
        NoAnswer::Certificate
    } else if matches!(io_kind, Some(K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof)) || lower.contains("connection closed") || lower.contains("incomplete message") {
        NoAnswer::Dropped
    } else {
        NoAnswer::Other
    };
    RemoteError::Network { why, detail }
}

/// A base URL must be https, except on this computer (the practice sandbox, tests).
pub fn check_base_url(url: &str) -> Result<String, RemoteError> {
    let trimmed = url.trim().trim_end_matches('/');
    let loopback =
        ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().any(|p| trimmed.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')));
    if trimmed.starts_with("https://") || loopback { Ok(trimmed.to_string()) } else { Err(RemoteError::Config(Setting::NotHttps(trimmed.to_string()))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback() {
        assert_eq!(check_base_url("https://api.convertlab.com/").unwrap(), "https://api.convertlab.com");
        assert!(check_base_url("http://127.0.0.1:8123").is_ok());
        assert!(check_base_url("http://localhost").is_ok());
        assert!(check_base_url("http://example.com").is_err());
        assert!(check_base_url("http://127.0.0.1.evil.com").is_err());
        assert!(check_base_url("ftp://x").is_err());
        // Said in the merchant's words, the address kept.
        let e = check_base_url("http://example.com").unwrap_err();
        assert_eq!(e.message(Lang::Zh), "服务器地址「http://example.com」不能用：地址要以 https:// 开头（请照服务商给的地址填写）");
        assert!(!e.message(Lang::Zh).contains("only"));
    }

    #[test]
    fn refusals_explained_with_the_servers_code_and_words_kept() {
        let e = RemoteError::Refused { code: "409200".into(), message: "Not found".into() };
        assert_eq!(e.message(Lang::Zh), "服务器拒绝（409200）：服务器上没有这笔订单（可能还没上传，或订单号不对）。服务器的原话：Not found");
        assert!(e.message(Lang::En).starts_with("Refused by the server (409200): the server has no such order"));
        // 2030's 400 is its IP allowlist; a DM Hub HTTP status is not mistaken for it.
        assert!(RemoteError::Refused { code: "400".into(), message: "IP受限".into() }.message(Lang::Zh).contains("白名单"));
        assert_eq!(RemoteError::Refused { code: "HTTP 400".into(), message: "bad request".into() }.message(Lang::Zh), "服务器拒绝（HTTP 400）：bad request");
    }

    /// A request that gets no answer for each reason a shop's network gives, through reqwest.
    async fn fail(url: &str) -> RemoteError {
        let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().unwrap();
        network(client.get(url).send().await.unwrap_err())
    }

    fn why(e: &RemoteError) -> NoAnswer {
        match e {
            RemoteError::Network { why, .. } => *why,
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn no_answer_told_apart_and_said_in_chinese() {
        use std::io::Read;
        // Nothing listens on a port just let go.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let refused = fail(&format!("http://127.0.0.1:{port}/")).await;
        assert_eq!(why(&refused), NoAnswer::Refused, "{refused:?}");
        assert!(refused.message(Lang::Zh).starts_with("服务器没有接受连接"), "{}", refused.message(Lang::Zh));
        assert!(!refused.message(Lang::Zh).contains("error"), "no English in the Chinese sentence");

        // A server that reads the request and hangs up without answering.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                let _ = s.read(&mut [0u8; 1024]);
            }
        });
        let dropped = fail(&format!("http://{addr}/")).await;
        assert!(matches!(why(&dropped), NoAnswer::Dropped), "{dropped:?}");

        // A name no resolver knows (`.invalid` is reserved for that).
        let unknown = fail("http://orderdock-test.invalid/").await;
        assert_eq!(why(&unknown), NoAnswer::NotFound, "{unknown:?}");
        assert!(unknown.message(Lang::Zh).starts_with("找不到服务器"));
    }
}
