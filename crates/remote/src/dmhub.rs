//! DM Hub v1 deals client: one access token shared by every request, every deals call.
//!
//! The token is fetched once, refreshed five minutes before it expires, and refreshed once
//! more when a call is refused with 40001 (invalid) or 42001 (expired). Only one token per
//! app id is active at a time, so fetching is serialised behind a lock. Success is judged
//! from the body: DM Hub answers many errors with HTTP 200.

use std::time::{Duration, Instant};

use orderdock_core::messages::Lang;
use orderdock_core::payload::PatchError;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::error::{RemoteError, Setting, check_base_url, network};

/// Refresh this long before the server says the token expires (a tenth of a short lifetime).
const TOKEN_MARGIN: Duration = Duration::from_secs(300);

fn margin(ttl: Duration) -> Duration {
    TOKEN_MARGIN.min(ttl / 10)
}
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug)]
struct Token {
    value: String,
    refresh_at: Instant,
}

/// A DM Hub account: base URL, app id and secret.
#[derive(Debug)]
pub struct DmHub {
    http: reqwest::Client,
    base: String,
    app_id: String,
    secret: String,
    token: Mutex<Option<Token>>,
}

/// Why a correction was not made: the merchant's values, or the server.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error(transparent)]
    Patch(#[from] PatchError),
    #[error(transparent)]
    Remote(#[from] RemoteError),
}

impl CorrectionError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CorrectionError::Patch(e) => e.message(lang),
            CorrectionError::Remote(e) => e.message(lang),
        }
    }
}

/// Query of `GET /v1/deals`.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub customer_id: Option<String>,
    pub rows: Option<u32>,
    pub page: Option<u32>,
    pub sidx: Option<String>,
    pub sord: Option<String>,
}

impl DmHub {
    pub fn new(base_url: &str, app_id: &str, secret: &str) -> Result<DmHub, RemoteError> {
        let http = reqwest::Client::builder().timeout(TIMEOUT).build().map_err(|e| RemoteError::Config(Setting::Client(e.to_string())))?;
        Ok(DmHub { http, base: check_base_url(base_url)?, app_id: app_id.into(), secret: secret.into(), token: Mutex::new(None) })
    }

    /// Fetch a token: proves the app id and secret work.
    pub async fn check_credentials(&self) -> Result<(), RemoteError> {
        self.token(None).await.map(|_| ())
    }

    /// The current token, fetching a new one when there is none, it is about to expire, or
    /// it is `stale` (the one a refused call used).
    async fn token(&self, stale: Option<&str>) -> Result<String, RemoteError> {
        let mut guard = self.token.lock().await;
        if let Some(t) = guard.as_ref()
            && Some(t.value.as_str()) != stale
            && Instant::now() < t.refresh_at
        {
            return Ok(t.value.clone());
        }
        let resp = self
            .http
            .get(format!("{}/security/accesstoken", self.base))
            .query(&[("grant_type", "client_credentials"), ("appid", &self.app_id), ("secret", &self.secret)])
            .send()
            .await
            .map_err(network)?;
        // The status first: a gateway's 502 page or a 429 says nothing about the credentials.
        let status = resp.status();
        if status.is_server_error() {
            return Err(RemoteError::Server(status.to_string()));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(RemoteError::Throttled);
        }
        let text = resp.text().await.map_err(network)?;
        let (value, ttl) = token_answer(status, &text)?;
        *guard = Some(Token { value: value.clone(), refresh_at: Instant::now() + ttl - margin(ttl) });
        Ok(value)
    }

    /// One call with the token; on a token refusal, one retry with a fresh token.
    async fn call(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<&Value>) -> Result<Option<Value>, RemoteError> {
        let token = self.token(None).await?;
        match self.send(method.clone(), path, query, body, &token).await {
            Err(Refusal::Token { .. }) => {
                let token = self.token(Some(&token)).await?;
                // Refused twice: the call fails with the server's words (no loop); the
                // engine tries the order again later.
                self.send(method, path, query, body, &token).await.map_err(Refusal::into_error)
            }
            other => other.map_err(Refusal::into_error),
        }
    }

    async fn send(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<&Value>, token: &str) -> Result<Option<Value>, Refusal> {
        let mut req = self.http.request(method, format!("{}{path}", self.base)).query(&[("access_token", token)]).query(query);
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req.send().await.map_err(|e| Refusal::Other(network(e)))?;
        let status = resp.status();
        if status == StatusCode::NO_CONTENT {
            return Ok(None);
        }
        // Throttling and server failures are retryable whatever the body says.
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Refusal::Other(RemoteError::Throttled));
        }
        if status.is_server_error() {
            return Err(Refusal::Other(RemoteError::Server(status.to_string())));
        }
        let text = resp.text().await.map_err(|e| Refusal::Other(network(e)))?;
        let parsed: Option<Value> = serde_json::from_str(&text).ok();
        if let Some(err) = parsed.as_ref().and_then(error_of) {
            return Err(err);
        }
        if status == StatusCode::UNAUTHORIZED {
            return Err(Refusal::Token { code: "401".into(), message: snippet(&text) });
        }
        if !status.is_success() {
            return Err(Refusal::Other(RemoteError::Refused { code: format!("HTTP {}", status.as_u16()), message: text.chars().take(300).collect() }));
        }
        // A success status with an empty, HTML or cut-off body: the call may have been
        // applied; sending it again is safe (the same orderNo replaces the deal).
        parsed.map(Some).ok_or_else(|| Refusal::Other(RemoteError::Unreadable(format!("{status}: {}", snippet(&text)))))
    }

    async fn expect(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<&Value>) -> Result<Value, RemoteError> {
        self.call(method, path, query, body).await?.ok_or_else(|| RemoteError::BadResponse("empty answer".into()))
    }

    /// `POST /v1/deals`: create a deal (the same orderNo replaces the stored one).
    pub async fn create_deal(&self, deal: &Value) -> Result<Value, RemoteError> {
        self.expect(Method::POST, "/v1/deals", &[], Some(deal)).await
    }

    /// `GET /v1/deals/{orderNo}`.
    pub async fn get_deal(&self, order_no: &str) -> Result<Value, RemoteError> {
        self.expect(Method::GET, &format!("/v1/deals/{}", seg(order_no)), &[], None).await
    }

    /// `GET /v1/deals`: one page of deals of the last month.
    pub async fn list_deals(&self, q: &ListQuery) -> Result<Value, RemoteError> {
        let mut query = Vec::new();
        let pairs = [("customerId", q.customer_id.clone()), ("rows", q.rows.map(|n| n.to_string())), ("page", q.page.map(|n| n.to_string())), ("sidx", q.sidx.clone()), ("sord", q.sord.clone())];
        for (k, v) in pairs {
            if let Some(v) = v {
                query.push((k, v));
            }
        }
        self.expect(Method::GET, "/v1/deals", &query, None).await
    }

    /// `PUT /v1/deals/{orderNo}`: change the given fields (`lines` replaces the lines).
    pub async fn update_deal(&self, order_no: &str, patch: &Value) -> Result<Value, RemoteError> {
        self.expect(Method::PUT, &format!("/v1/deals/{}", seg(order_no)), &[], Some(patch)).await
    }

    /// `DELETE /v1/deals/{orderNo}`.
    pub async fn delete_deal(&self, order_no: &str) -> Result<(), RemoteError> {
        self.call(Method::DELETE, &format!("/v1/deals/{}", seg(order_no)), &[], None).await.map(|_| ())
    }

    /// `POST /v1/dealService/cancel`; `date` is UTC `yyyy-MM-ddTHH:mm:ssZ`.
    pub async fn cancel_deal(&self, order_no: &str, date: Option<&str>) -> Result<Value, RemoteError> {
        let mut body = json!({"orderNo": order_no});
        if let Some(d) = date {
            body["cancelDate"] = d.into();
        }
        self.expect(Method::POST, "/v1/dealService/cancel", &[], Some(&body)).await
    }

    /// `POST /v1/dealService/refund` with the spec's body (`orderNo`, `refundLines`, …).
    pub async fn refund(&self, request: &Value) -> Result<Value, RemoteError> {
        self.expect(Method::POST, "/v1/dealService/refund", &[], Some(request)).await
    }

    /// `POST /v1/dealService/deleteRefund`.
    pub async fn delete_refund(&self, order_no: &str) -> Result<Value, RemoteError> {
        self.expect(Method::POST, "/v1/dealService/deleteRefund", &[], Some(&json!({"orderNo": order_no}))).await
    }

    /// `GET /v1/dealService/getDealByOrderNo`: the full model with its state.
    pub async fn get_deal_by_order_no(&self, order_no: &str) -> Result<Value, RemoteError> {
        self.expect(Method::GET, "/v1/dealService/getDealByOrderNo", &[("orderNo", order_no.to_string())], None).await
    }
}

/// The token and its lifetime from the token endpoint's answer (status below 500, not
/// 429). Only `40004` (the app id or secret is wrong) refuses the credentials; any other
/// answer without a token — HTML, empty, cut off, another error code — is worth fetching
/// again.
fn token_answer(status: StatusCode, text: &str) -> Result<(String, Duration), RemoteError> {
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        return Err(RemoteError::Unreadable(format!("{status}: {}", snippet(text))));
    };
    let error_code = body.get("error_code").map(code_text).unwrap_or_default();
    let description = body.get("error_description").and_then(Value::as_str).unwrap_or_default();
    match body.get("access_token").and_then(Value::as_str) {
        Some(token) if !token.is_empty() && (error_code.is_empty() || error_code == "0") => {
            Ok((token.to_string(), Duration::from_secs(body.get("expires_in").and_then(Value::as_u64).unwrap_or(7200))))
        }
        _ if error_code == "40004" => Err(RemoteError::Credentials(if description.is_empty() { error_code } else { description.to_string() })),
        _ if !error_code.is_empty() && error_code != "0" => Err(RemoteError::Server(format!("{error_code} {description}").trim().to_string())),
        _ => Err(RemoteError::Unreadable(format!("{status}: {}", snippet(text)))),
    }
}

/// The start of an answer, for a message: an empty body says so.
fn snippet(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() { "empty body".into() } else { t.chars().take(120).collect() }
}

/// Why a single send failed: the token (worth one refresh, with the server's code and
/// text) or anything else.
enum Refusal {
    Token { code: String, message: String },
    Other(RemoteError),
}

impl Refusal {
    fn into_error(self) -> RemoteError {
        match self {
            Refusal::Token { code, message } => RemoteError::TokenRefused { code, message },
            Refusal::Other(e) => e,
        }
    }
}

/// An error body in either shape DM Hub uses: `{"error": {"code", "message", "fieldErrors"}}`
/// or `{"error_code", "error_description"}`.
fn error_of(body: &Value) -> Option<Refusal> {
    let (code, message) = if let Some(e) = body.get("error").filter(|e| e.is_object()) {
        let mut message = e.get("message").and_then(Value::as_str).unwrap_or_default().to_string();
        for fe in e.get("fieldErrors").and_then(Value::as_array).into_iter().flatten() {
            let name = fe.get("fieldName").and_then(Value::as_str).unwrap_or_default();
            let m = fe.get("message").and_then(Value::as_str).unwrap_or_default();
            message += &format!("; {name}: {m}");
        }
        (e.get("code").map(code_text).unwrap_or_default(), message)
    } else {
        let code = body.get("error_code").map(code_text).filter(|c| c != "0")?;
        (code, body.get("error_description").and_then(Value::as_str).unwrap_or_default().to_string())
    };
    Some(match code.as_str() {
        "40001" | "42001" => Refusal::Token { code, message },
        "40004" => Refusal::Other(RemoteError::Credentials(message)),
        _ => Refusal::Other(RemoteError::Refused { code, message }),
    })
}

/// Codes come as numbers or strings.
fn code_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An order number as one URL path segment.
fn seg(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_both_shapes() {
        let e = |s: &str| error_of(&serde_json::from_str(s).unwrap());
        assert!(matches!(e(r#"{"error":{"code":"42001","message":"expired"}}"#), Some(Refusal::Token { code, message }) if code == "42001" && message == "expired"));
        assert!(matches!(e(r#"{"error_code":40001}"#), Some(Refusal::Token { .. })));
        assert!(e(r#"{"error_code":0,"access_token":"x"}"#).is_none());
        match e(r#"{"error":{"code":"400001","message":"field validation exception","fieldErrors":[{"fieldName":"orderNo","message":"required"}]}}"#) {
            Some(Refusal::Other(RemoteError::Refused { code, message })) => {
                assert_eq!(code, "400001");
                assert!(message.contains("orderNo: required"));
            }
            _ => panic!("expected a refusal"),
        }
        assert!(e(r#"{"orderNo":"1"}"#).is_none());
    }

    #[test]
    fn token_answers_are_judged_by_status_then_body() {
        let ok = StatusCode::OK;
        assert_eq!(token_answer(ok, r#"{"error_code":0,"access_token":"t","expires_in":60}"#), Ok(("t".into(), Duration::from_secs(60))));
        assert_eq!(token_answer(ok, r#"{"error_code":"40004","error_description":"the params is illegal"}"#), Err(RemoteError::Credentials("the params is illegal".into())));
        for garbled in ["", "<html><body>502 Bad Gateway</body></html>", r#"{"error_code":0,"access_tok"#, "{}", r#"{"access_token":""}"#] {
            let e = token_answer(ok, garbled).unwrap_err();
            assert!(matches!(e, RemoteError::Unreadable(_)) && e.is_retryable(), "{garbled:?}: {e:?}");
        }
        let other = token_answer(ok, r#"{"error_code":"-1","error_description":"system busy"}"#).unwrap_err();
        assert!(other.is_retryable(), "only 40004 ends a job: {other:?}");
        assert!(token_answer(StatusCode::NOT_FOUND, "<html>Not Found</html>").unwrap_err().is_retryable());
    }

    #[test]
    fn order_numbers_are_escaped_in_paths() {
        assert_eq!(seg("260517-607198974342268"), "260517-607198974342268");
        assert_eq!(seg("a/b c"), "a%2Fb%20c");
    }
}
