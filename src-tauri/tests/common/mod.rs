//! What the command tests share: calling a command through IPC on the mock runtime.

use serde_json::Value;
use tauri::WebviewWindow;
use tauri::test::{INVOKE_KEY, get_ipc_response};
use tauri::webview::InvokeRequest;

/// Invoke `cmd` with `args` as the UI does; `Err` holds the `{ "message" }` the UI would get.
pub fn call(w: &WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        // The app's own origin (remote origins get no commands).
        url: if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" }.parse().unwrap(),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(w, request).map(|b| b.deserialize::<Value>().unwrap())
}

/// A 2030 mapping of the command tests' CSVs (订单编号, 下单时间, 订单总金额, 买家, 收货人, 手机,
/// 商品条码, 数量, 金额), to the shop S001.
#[allow(dead_code)] // not every test binary uploads
pub const MAPPING_2030: &str = r#"{"target": "mall2030", "fields": {
    "ShopCode": {"value": "S001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "PayTime": {"column": "下单时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"},
    "BuyerCode": {"column": "买家"}, "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"},
    "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;
