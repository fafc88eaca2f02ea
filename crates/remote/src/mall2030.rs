//! 接口 2030 `api/morder/thirdOrdAdd` client: signed form posts, signed answers.
//!
//! `Sign` is the upper-case hex SHA-1 of `AppId={AppId}&Timestamp={Timestamp}&Token={Token}`;
//! the Token (the secret) is never sent. The answer is always HTTP 200 and carries a
//! `StatusCode` that [`decode`] turns into a typed result.

use std::time::Duration;

use chrono::Utc;
use chrono_tz::Asia::Shanghai;
use serde_json::Value;
use sha1::{Digest, Sha1};

use crate::error::{RemoteError, Setting, check_base_url, network};

pub const PATH: &str = "/api/morder/thirdOrdAdd";
const TIMEOUT: Duration = Duration::from_secs(30);

/// An EZR account: base URL, AppId, Token (secret) and AppSystem.
#[derive(Debug)]
pub struct Mall2030 {
    http: reqwest::Client,
    base: String,
    app_id: String,
    token: String,
    app_system: String,
}

/// `Sign` for `app_id` at `timestamp` (`yyyyMMddHHmmss`, China time).
pub fn sign(app_id: &str, timestamp: &str, token: &str) -> String {
    let digest = Sha1::digest(format!("AppId={app_id}&Timestamp={timestamp}&Token={token}").as_bytes());
    hex::encode_upper(digest)
}

/// The current time as 2030 wants it: China time, `yyyyMMddHHmmss`.
pub fn timestamp_now() -> String {
    Utc::now().with_timezone(&Shanghai).format("%Y%m%d%H%M%S").to_string()
}

impl Mall2030 {
    pub fn new(base_url: &str, app_id: &str, token: &str, app_system: &str) -> Result<Mall2030, RemoteError> {
        let http = reqwest::Client::builder().timeout(TIMEOUT).build().map_err(|e| RemoteError::Config(Setting::Client(e.to_string())))?;
        Ok(Mall2030 { http, base: check_base_url(base_url)?, app_id: app_id.into(), token: token.into(), app_system: app_system.into() })
    }

    /// Upload up to 100 orders of one ShopCode; `Ok(n)`: the server stored `n` orders. An
    /// empty batch is refused here and never sent.
    pub async fn add_orders(&self, orders: &[Value]) -> Result<u64, RemoteError> {
        if orders.is_empty() {
            return Err(RemoteError::EmptyBatch);
        }
        let args = Value::Array(orders.to_vec()).to_string();
        let answer = self.post(&args).await?;
        decode(&answer, &self.app_id, &self.token)
    }

    /// 2030 has no call that proves the credentials without sending orders (a call with an
    /// empty `Args` is never sent), so this only checks that each is given; the first batch
    /// proves them, and a refusal (405 bad signature, 1000 unknown AppId) stops the job there.
    pub async fn check_credentials(&self) -> Result<(), RemoteError> {
        for (name, value) in [("AppId", &self.app_id), ("Token", &self.token), ("AppSystem", &self.app_system)] {
            if value.trim().is_empty() {
                return Err(RemoteError::Config(Setting::Empty(name)));
            }
        }
        Ok(())
    }

    async fn post(&self, args: &str) -> Result<Value, RemoteError> {
        let ts = timestamp_now();
        let form = [("AppId", self.app_id.as_str()), ("AppSystem", &self.app_system), ("Timestamp", &ts), ("Sign", &sign(&self.app_id, &ts, &self.token)), ("Args", args)];
        let resp = self.http.post(format!("{}{PATH}", self.base)).form(&form).send().await.map_err(network)?;
        let status = resp.status();
        if status.is_server_error() {
            return Err(RemoteError::Server(status.to_string()));
        }
        if status.as_u16() == 429 {
            return Err(RemoteError::Throttled);
        }
        let text = resp.text().await.map_err(network)?;
        let what = || format!("HTTP {status}: {}", if text.trim().is_empty() { "empty body".to_string() } else { text.chars().take(200).collect() });
        match serde_json::from_str::<Value>(&text) {
            Ok(answer) if answer.get("Status").is_some_and(Value::is_boolean) => Ok(answer),
            // A 200 whose body is not the envelope (empty, HTML, cut off): the batch may have
            // been stored; sending it again is safe (a stored Code answers 2102).
            _ if status.is_success() => Err(RemoteError::Unreadable(what())),
            _ => Err(RemoteError::BadResponse(what())),
        }
    }
}

/// Decode an answer envelope, checking its signature when it carries one.
pub fn decode(answer: &Value, app_id: &str, token: &str) -> Result<u64, RemoteError> {
    let status_code = answer.get("StatusCode").map(|c| c.as_u64().map(|n| n.to_string()).unwrap_or_else(|| c.as_str().unwrap_or_default().to_string())).unwrap_or_default();
    let msg = answer.get("Msg").and_then(Value::as_str).unwrap_or_default().to_string();
    if let (Some(ts), Some(got)) = (answer.get("Timestamp").and_then(Value::as_str), answer.get("Sign").and_then(Value::as_str))
        && !got.eq_ignore_ascii_case(&sign(app_id, ts, token))
        && status_code != "405"
        && status_code != "1000"
    {
        return Err(RemoteError::BadResponse("the answer's signature does not match".into()));
    }
    if answer.get("Status").and_then(Value::as_bool) == Some(true) {
        return Ok(answer.get("Result").and_then(Value::as_u64).unwrap_or(0));
    }
    Err(match status_code.as_str() {
        "407" => RemoteError::Throttled,
        "500" => RemoteError::Server(msg),
        "2102" => RemoteError::AlreadyExists(msg),
        "308" => RemoteError::ClockSkew,
        "405" | "1000" | "400" => RemoteError::Credentials(format!("{status_code} {msg}")),
        _ => RemoteError::Refused { code: status_code, message: msg },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn signature_is_upper_hex_sha1() {
        // SHA-1 of "AppId=a&Timestamp=20150622093101&Token=t".
        let s = sign("a", "20150622093101", "t");
        assert_eq!(s.len(), 40);
        assert_eq!(s, s.to_uppercase());
        assert_eq!(s, hex::encode_upper(Sha1::digest(b"AppId=a&Timestamp=20150622093101&Token=t")));
    }

    #[test]
    fn answers_decode_to_typed_results() {
        let signed = |code: u64, status: bool| json!({"Status": status, "StatusCode": code, "Msg": "m", "Timestamp": "20190622103001", "Sign": sign("a", "20190622103001", "t"), "Result": 3});
        assert_eq!(decode(&signed(200, true), "a", "t"), Ok(3));
        assert_eq!(decode(&signed(407, false), "a", "t"), Err(RemoteError::Throttled));
        assert_eq!(decode(&signed(2102, false), "a", "t"), Err(RemoteError::AlreadyExists("m".into())));
        assert_eq!(decode(&signed(406, false), "a", "t"), Err(RemoteError::Refused { code: "406".into(), message: "m".into() }));
        assert!(matches!(decode(&signed(200, true), "a", "wrong"), Err(RemoteError::BadResponse(_))));
        assert!(matches!(decode(&signed(405, false), "a", "wrong"), Err(RemoteError::Credentials(_))));
    }
}
