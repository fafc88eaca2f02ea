//! What talking to a server can go wrong with, and a saved connection or a return refused,
//! in the merchant's words: the sentences of `orderdock_remote`'s errors (`RemoteError`,
//! `ProfileError`, `ReturnError`) and of a connection test, shown by the app and the CLI.

use super::Lang;

/// Why no answer came, in the terms a merchant can act on. `orderdock_remote` tells them
/// apart from the transport's error; the words are here.
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

impl NoAnswer {
    fn message(self, lang: Lang) -> &'static str {
        match self {
            NoAnswer::Timeout => lang.pick("服务器很久没有回答（超时）", "The server did not answer in time"),
            NoAnswer::Refused => {
                lang.pick("服务器没有接受连接：地址或端口可能不对，或服务器暂时没开", "The server did not accept the connection: the address or port may be wrong, or the server is down")
            }
            NoAnswer::NotFound => lang.pick("找不到服务器：请检查服务器地址，或电脑是否连上了网络", "The server was not found: check its address, and that this computer is online"),
            NoAnswer::Certificate => lang.pick(
                "和服务器的安全连接没有建立起来（证书有问题，常见于网络中的代理或防火墙）",
                "The secure connection to the server failed (a certificate problem, often a proxy or firewall on the way)",
            ),
            NoAnswer::Dropped => lang.pick("和服务器的连接中途断开了", "The connection to the server broke off"),
            NoAnswer::Other => lang.pick("连不上服务器", "Could not reach the server"),
        }
    }
}

/// A sentence of the network side. The `&str`s are the server's or the system's own words,
/// kept for support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteText<'a> {
    /// No answer came (the request may or may not have been applied).
    Network(NoAnswer),
    Throttled,
    Server(&'a str),
    Credentials(&'a str),
    /// DM Hub refused a freshly fetched access token: its code and text.
    TokenRefused(&'a str, &'a str),
    ClockSkew,
    /// The server refused the content: its code and its words. A code the API documents is
    /// explained as well.
    Refused(&'a str, &'a str),
    AlreadyUploaded(&'a str),
    /// A success status whose body is not the API's answer.
    Unreadable(&'a str),
    EmptyBatch,
    BadResponse(&'a str),
    /// A server address that is not https (nor this computer).
    NotHttps(&'a str),
    /// A credential left empty: its name (AppId, Token, AppSystem).
    EmptySetting(&'a str),
    /// The HTTP client could not be set up on this computer.
    NoHttpClient(&'a str),
    ProfileNotFound(&'a str),
    ProfileNeedsName,
    ProfileNeedsAppSystem,
    Keychain(&'a str),
    /// The profiles file and why it cannot be read or written.
    ProfilesFile(&'a str, &'a str),
    /// A DM Hub profile's test: the server accepted the credentials.
    ProfileWorks(&'a str),
    /// A 2030 profile's test: its settings are all there (2030 cannot check them without
    /// sending orders, so the first upload does).
    ProfileComplete(&'a str),
    /// A return asked for a sale the history has no successful 2030 upload of.
    SaleNotUploaded(&'a str),
    /// A barcode to return that the sale does not have.
    NoSuchBarcode(&'a str),
    /// A line to return, by its place (0-based), that the sale does not have.
    NoSuchSaleLine(usize),
}

impl RemoteText<'_> {
    pub fn message(self, lang: Lang) -> String {
        use RemoteText::*;
        let zh = lang == Lang::Zh;
        match self {
            Network(why) if zh => format!("{}。请检查网络后重试，已上传的订单不会重复", why.message(lang)),
            Network(why) => format!("{}. Check the network and try again; uploaded orders will not be duplicated", why.message(lang)),
            Throttled => lang.pick("服务器繁忙（请求太频繁），稍后会自动重试", "The server is busy (too many requests); retrying later").into(),
            Server(e) if zh => format!("服务器出错（{e}），稍后会自动重试"),
            Server(e) => format!("Server error ({e}); retrying later"),
            Credentials(e) if zh => format!("账号信息不正确（{e}）：请检查 AppId、密钥和 AppSystem"),
            Credentials(e) => format!("The credentials were refused ({e}): check the app id, secret and AppSystem"),
            TokenRefused(code, message) if zh => format!("服务器在更新访问令牌后仍然拒绝了它（{code}：{message}）。可能有另一个程序正在用同一个 AppId 取令牌；请稍后再试"),
            TokenRefused(code, message) => {
                format!("The server refused the access token again after it was renewed ({code}: {message}). Another program may be fetching tokens with the same app id; try again later")
            }
            ClockSkew => lang.pick("电脑时间与服务器相差超过 10 分钟，请校准电脑时间后重试", "This computer's clock is more than 10 minutes off the server's; correct it and try again").into(),
            Refused(code, message) => match (refusal(code), zh) {
                (Some((why, _)), true) => format!("服务器拒绝（{code}）：{why}。服务器的原话：{message}"),
                (Some((_, why)), false) => format!("Refused by the server ({code}): {why}. The server said: {message}"),
                (None, true) => format!("服务器拒绝（{code}）：{message}"),
                (None, false) => format!("Refused by the server ({code}): {message}"),
            },
            AlreadyUploaded(m) if zh => format!("已经上传过（{m}）"),
            AlreadyUploaded(m) => format!("Already uploaded ({m})"),
            Unreadable(e) if zh => format!("服务器的回答不完整或不是接口的格式（{e}）；重试不会重复上传订单"),
            Unreadable(e) => format!("The server's answer was incomplete or not in the API's format ({e}); trying again will not duplicate orders"),
            EmptyBatch => lang.pick("没有要上传的订单", "No orders to upload").into(),
            BadResponse(e) if zh => format!("服务器的回答无法识别（{e}）"),
            BadResponse(e) => format!("The server's answer could not be understood ({e})"),
            NotHttps(url) if zh => format!("服务器地址「{url}」不能用：地址要以 https:// 开头（请照服务商给的地址填写）"),
            NotHttps(url) => format!("The server address \"{url}\" cannot be used: it must start with https:// (copy it as your provider gives it)"),
            EmptySetting(name) if zh => format!("账号设置里的 {name} 是空的，请填写后再试"),
            EmptySetting(name) => format!("The account's {name} is empty; fill it in and try again"),
            NoHttpClient(e) if zh => format!("这台电脑上无法建立网络连接（{e}）"),
            NoHttpClient(e) => format!("This computer cannot make network connections ({e})"),
            ProfileNotFound(name) if zh => format!("没有名为「{name}」的连接"),
            ProfileNotFound(name) => format!("no profile named {name}"),
            ProfileNeedsName => lang.pick("连接需要一个名字", "a profile needs a name").into(),
            ProfileNeedsAppSystem => lang.pick("接口 2030 的连接需要填写 AppSystem", "2030 profiles need an AppSystem").into(),
            Keychain(e) if zh => format!("无法使用系统钥匙串保存或读取密钥：{e}"),
            Keychain(e) => format!("OS keychain: {e}"),
            ProfilesFile(path, e) if zh => format!("无法读写连接设置文件 {path}：{e}"),
            ProfilesFile(path, e) => format!("profiles file {path}: {e}"),
            ProfileWorks(name) if zh => format!("连接「{name}」可以使用：服务器接受了账号信息"),
            ProfileWorks(name) => format!("Profile \"{name}\" works: the server accepted the credentials"),
            ProfileComplete(name) if zh => format!("连接「{name}」的设置齐全。接口 2030 没有不上传订单就能验证账号的调用，第一次上传时会验证 AppId、Token 和 AppSystem"),
            ProfileComplete(name) => {
                format!("Profile \"{name}\" is complete. 接口 2030 has no call that checks credentials without uploading orders: the first upload checks the AppId, Token and AppSystem")
            }
            SaleNotUploaded(order) if zh => format!("上传记录里没有已成功上传到 2030 的订单 {order}"),
            SaleNotUploaded(order) => format!("no order {order} uploaded to 2030 in the history"),
            NoSuchBarcode(barcode) if zh => format!("原订单里没有条码 {barcode}"),
            NoSuchBarcode(barcode) => format!("the order has no barcode {barcode}"),
            NoSuchSaleLine(i) if zh => format!("原订单没有第 {} 行商品，请重新查询后再选", i + 1),
            NoSuchSaleLine(i) => format!("The order has no line {}: look it up again, then choose", i + 1),
        }
    }
}

/// What a refusal code the API documents means (DM Hub's six digits, 2030's StatusCode; see
/// notes/remote-apis.md). An HTTP status without an API body comes as `HTTP 404`, so 2030's
/// `400` is not mistaken for one.
fn refusal(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "400001" => ("有字段的内容不符合要求", "a field's value was not accepted"),
        "400005" => ("缺少必填的字段", "a required field is missing"),
        "409200" => ("服务器上没有这笔订单（可能还没上传，或订单号不对）", "the server has no such order (not uploaded yet, or a different order number)"),
        "409224" | "409225" => ("客户身份（手机号等）有误", "a customer identity (mobile etc.) was not accepted"),
        "409000" => ("服务器处理这笔订单时出错", "the server could not process this order"),
        "303" => ("发送的数据格式不对", "the data sent was not valid JSON"),
        "306" => ("有参数的格式不对", "a parameter has the wrong format"),
        "307" => ("没有收到订单数据", "no order data was received"),
        "400" => ("这台电脑的网络地址（IP）不在 EZR 的白名单里，请联系 EZR 添加", "this computer's IP address is not on EZR's allowlist; ask EZR to add it"),
        "406" => ("订单数据没有通过服务器的检查", "the order data did not pass the server's checks"),
        "1001" => ("这批数据太长", "the batch is too long"),
        "1002" => ("服务器上没有找到", "not found on the server"),
        "1200" => ("同一批里有重复的订单号", "the batch repeats an order number"),
        "2000" | "2001" => ("服务器按业务规则拒绝了这笔订单", "the server's business rules refused the order"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_in_both_languages() {
        use RemoteText::*;
        let reasons = [NoAnswer::Timeout, NoAnswer::Refused, NoAnswer::NotFound, NoAnswer::Certificate, NoAnswer::Dropped, NoAnswer::Other];
        let all = reasons.map(Network).into_iter().chain([
            Throttled,
            Server("HTTP 502"),
            Credentials("401"),
            TokenRefused("401001", "token expired"),
            ClockSkew,
            Refused("409200", "Not found"),
            Refused("HTTP 404", "not found"),
            AlreadyUploaded("2102"),
            Unreadable("<html>"),
            EmptyBatch,
            BadResponse("bad sign"),
            NotHttps("http://example.com"),
            EmptySetting("AppSystem"),
            NoHttpClient("no TLS"),
            ProfileNotFound("Shop1"),
            ProfileNeedsName,
            ProfileNeedsAppSystem,
            Keychain("locked"),
            ProfilesFile("/tmp/profiles.json", "denied"),
            ProfileWorks("Shop1"),
            ProfileComplete("Shop1"),
            SaleNotUploaded("T1"),
            NoSuchBarcode("690001"),
            NoSuchSaleLine(2),
        ]);
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut seen = std::collections::HashSet::new();
        for t in all {
            let (zh, en) = (t.message(Lang::Zh), t.message(Lang::En));
            assert!(han(&zh) && !zh.contains('\n'), "{t:?}: {zh}");
            // The API's own name, 接口 2030, is the one Chinese an English sentence keeps.
            assert!(!han(&en.replace("接口", "")) && !en.contains('\n'), "{t:?}: {en}");
            assert!(seen.insert(zh) && seen.insert(en), "{t:?} says what another sentence says");
        }
        assert_eq!(NoSuchSaleLine(2).message(Lang::Zh), "原订单没有第 3 行商品，请重新查询后再选");
        assert!(Refused("2001", "bad").message(Lang::En).starts_with("Refused by the server (2001): the server's business rules"));
    }
}
