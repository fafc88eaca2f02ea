//! What can go wrong talking to a server, and whether trying again is safe.

use orderdock_core::messages::Lang;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RemoteError {
    /// No answer: a timeout, a refused or dropped connection. The server may or may not
    /// have applied the request.
    #[error("network error: {0}")]
    Network(String),
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
    #[error("invalid setting: {0}")]
    Config(String),
}

impl RemoteError {
    /// Sending the same request again can do no harm and may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, RemoteError::Network(_) | RemoteError::Unreadable(_) | RemoteError::Throttled | RemoteError::Server(_) | RemoteError::TokenRefused { .. })
    }

    /// No answer could be read, so the request may or may not have been applied.
    pub fn is_uncertain(&self) -> bool {
        matches!(self, RemoteError::Network(_) | RemoteError::Unreadable(_))
    }

    /// One plain sentence for the merchant.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            RemoteError::Network(e) if zh => format!("连接服务器失败（{e}）。请检查网络后重试，已上传的订单不会重复"),
            RemoteError::Network(e) => format!("Could not reach the server ({e}). Check the network and try again; uploaded orders will not be duplicated"),
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
            RemoteError::Refused { code, message } if zh => format!("服务器拒绝（{code}）：{message}"),
            RemoteError::Refused { code, message } => format!("Refused by the server ({code}): {message}"),
            RemoteError::AlreadyExists(m) if zh => format!("已经上传过（{m}）"),
            RemoteError::AlreadyExists(m) => format!("Already uploaded ({m})"),
            RemoteError::Unreadable(e) if zh => format!("服务器的回答不完整或不是接口的格式（{e}）；重试不会重复上传订单"),
            RemoteError::Unreadable(e) => format!("The server's answer was incomplete or not in the API's format ({e}); trying again will not duplicate orders"),
            RemoteError::EmptyBatch if zh => "没有要上传的订单".into(),
            RemoteError::EmptyBatch => "No orders to upload".into(),
            RemoteError::BadResponse(e) if zh => format!("服务器的回答无法识别（{e}）"),
            RemoteError::BadResponse(e) => format!("The server's answer could not be understood ({e})"),
            RemoteError::Config(e) if zh => format!("设置有误：{e}"),
            RemoteError::Config(e) => format!("Invalid setting: {e}"),
        }
    }
}

/// Turn a transport failure into [`RemoteError::Network`], never quoting the URL (it may
/// carry an access token).
pub(crate) fn network(e: reqwest::Error) -> RemoteError {
    RemoteError::Network(e.without_url().to_string())
}

/// A base URL must be https, except on this computer (the practice sandbox, tests).
pub fn check_base_url(url: &str) -> Result<String, RemoteError> {
    let trimmed = url.trim().trim_end_matches('/');
    let loopback =
        ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().any(|p| trimmed.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')));
    if trimmed.starts_with("https://") || loopback { Ok(trimmed.to_string()) } else { Err(RemoteError::Config(format!("{trimmed}: only https:// addresses (or this computer) are allowed"))) }
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
    }
}
