//! What can go wrong talking to a server, and whether trying again is safe.

use orderdock_core::messages::Lang;

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

/// Why no answer came, in the terms a merchant can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// The server took too long.
    Timeout,
    /// Nothing listens at that address and port.
    Refused,
    /// The server's name was not found (a wrong address, or no network at all).
    NotFound,
    /// The secure connection failed (a certificate, often a proxy or firewall in between).
    Certificate,
    /// The connection broke before the answer was complete.
    Dropped,
    Other,
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
        let zh = lang == Lang::Zh;
        match self {
            RemoteError::Network { why, .. } if zh => format!("{}。请检查网络后重试，已上传的订单不会重复", no_answer(*why, lang)),
            RemoteError::Network { why, .. } => format!("{}. Check the network and try again; uploaded orders will not be duplicated", no_answer(*why, lang)),
            RemoteError::Throttled if zh => "服务器繁忙（请求太频繁），稍后会自动重试".into(),
            RemoteError::Throttled => "The server is busy (too many requests); retrying later".into(),
            RemoteError::Server(e) if zh => format!("服务器出错（{e}），稍后会自动重试"),
            RemoteError::Server(e) => format!("Server error ({e}); retrying later"),
            RemoteError::Credentials(e) if zh => format!("账号信息不正确（{e}）：请检查 AppId、密钥和 AppSystem"),
            RemoteError::Credentials(e) => format!("The credentials were refused ({e}): check the app id, secret and AppSystem"),
            RemoteError::TokenRefused { code, message } if zh => {
                format!("服务器在更新访问令牌后仍然拒绝了它（{code}：{message}）。可能有另一个程序正在用同一个 AppId 取令牌；请稍后再试")
            }
            RemoteError::TokenRefused { code, message } => {
                format!("The server refused the access token again after it was renewed ({code}: {message}). Another program may be fetching tokens with the same app id; try again later")
            }
            RemoteError::ClockSkew if zh => "电脑时间与服务器相差超过 10 分钟，请校准电脑时间后重试".into(),
            RemoteError::ClockSkew => "This computer's clock is more than 10 minutes off the server's; correct it and try again".into(),
            RemoteError::Refused { code, message } => refused(code, message, lang),
            RemoteError::AlreadyExists(m) if zh => format!("已经上传过（{m}）"),
            RemoteError::AlreadyExists(m) => format!("Already uploaded ({m})"),
            RemoteError::Unreadable(e) if zh => format!("服务器的回答不完整或不是接口的格式（{e}）；重试不会重复上传订单"),
            RemoteError::Unreadable(e) => format!("The server's answer was incomplete or not in the API's format ({e}); trying again will not duplicate orders"),
            RemoteError::EmptyBatch if zh => "没有要上传的订单".into(),
            RemoteError::EmptyBatch => "No orders to upload".into(),
            RemoteError::BadResponse(e) if zh => format!("服务器的回答无法识别（{e}）"),
            RemoteError::BadResponse(e) => format!("The server's answer could not be understood ({e})"),
            RemoteError::Config(Setting::NotHttps(url)) if zh => format!("服务器地址「{url}」不能用：地址要以 https:// 开头（请照服务商给的地址填写）"),
            RemoteError::Config(Setting::NotHttps(url)) => format!("The server address \"{url}\" cannot be used: it must start with https:// (copy it as your provider gives it)"),
            RemoteError::Config(Setting::Empty(name)) if zh => format!("账号设置里的 {name} 是空的，请填写后再试"),
            RemoteError::Config(Setting::Empty(name)) => format!("The account's {name} is empty; fill it in and try again"),
            RemoteError::Config(Setting::Client(e)) if zh => format!("这台电脑上无法建立网络连接（{e}）"),
            RemoteError::Config(Setting::Client(e)) => format!("This computer cannot make network connections ({e})"),
        }
    }
}

fn no_answer(why: NoAnswer, lang: Lang) -> &'static str {
    match why {
        NoAnswer::Timeout => lang.pick("服务器很久没有回答（超时）", "The server did not answer in time"),
        NoAnswer::Refused => lang.pick("服务器没有接受连接：地址或端口可能不对，或服务器暂时没开", "The server did not accept the connection: the address or port may be wrong, or the server is down"),
        NoAnswer::NotFound => lang.pick("找不到服务器：请检查服务器地址，或电脑是否连上了网络", "The server was not found: check its address, and that this computer is online"),
        NoAnswer::Certificate => lang.pick(
            "和服务器的安全连接没有建立起来（证书有问题，常见于网络中的代理或防火墙）",
            "The secure connection to the server failed (a certificate problem, often a proxy or firewall on the way)",
        ),
        NoAnswer::Dropped => lang.pick("和服务器的连接中途断开了", "The connection to the server broke off"),
        NoAnswer::Other => lang.pick("连不上服务器", "Could not reach the server"),
    }
}

/// A refusal in the merchant's words where the code is one the API documents (DM Hub's six
/// digits, 2030's StatusCode; see notes/remote-apis.md), with the server's code and its own
/// words kept for support. An HTTP status without an API body comes as `HTTP 404`.
fn refused(code: &str, message: &str, lang: Lang) -> String {
    let explained = match code {
        "400001" => Some(("有字段的内容不符合要求", "a field's value was not accepted")),
        "400005" => Some(("缺少必填的字段", "a required field is missing")),
        "409200" => Some(("服务器上没有这笔订单（可能还没上传，或订单号不对）", "the server has no such order (not uploaded yet, or a different order number)")),
        "409224" | "409225" => Some(("客户身份（手机号等）有误", "a customer identity (mobile etc.) was not accepted")),
        "409000" => Some(("服务器处理这笔订单时出错", "the server could not process this order")),
        "303" => Some(("发送的数据格式不对", "the data sent was not valid JSON")),
        "306" => Some(("有参数的格式不对", "a parameter has the wrong format")),
        "307" => Some(("没有收到订单数据", "no order data was received")),
        "400" => Some(("这台电脑的网络地址（IP）不在 EZR 的白名单里，请联系 EZR 添加", "this computer's IP address is not on EZR's allowlist; ask EZR to add it")),
        "406" => Some(("订单数据没有通过服务器的检查", "the order data did not pass the server's checks")),
        "1001" => Some(("这批数据太长", "the batch is too long")),
        "1002" => Some(("服务器上没有找到", "not found on the server")),
        "1200" => Some(("同一批里有重复的订单号", "the batch repeats an order number")),
        "2000" | "2001" => Some(("服务器按业务规则拒绝了这笔订单", "the server's business rules refused the order")),
        _ => None,
    };
    match (explained, lang) {
        (Some((zh, _)), Lang::Zh) => format!("服务器拒绝（{code}）：{zh}。服务器的原话：{message}"),
        (Some((_, en)), Lang::En) => format!("Refused by the server ({code}): {en}. The server said: {message}"),
        (None, Lang::Zh) => format!("服务器拒绝（{code}）：{message}"),
        (None, Lang::En) => format!("Refused by the server ({code}): {message}"),
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
