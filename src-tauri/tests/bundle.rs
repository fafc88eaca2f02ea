//! The installers' settings that only a Windows or macOS machine would show wrong, checked
//! here in the configuration they are built from: every spreadsheet kind the reader opens is
//! associated (「打开方式 → 订单导入助手」), as a viewer that never claims to be the default;
//! the NSIS installer speaks 简体中文 and the MSI is zh-CN; WebView2 comes inside the installer
//! (shop PCs are often offline); the release's four installer kinds are built.

use orderdock_core::read::Format;
use serde_json::Value;

fn config() -> Value {
    serde_json::from_str(include_str!("../tauri.conf.json")).unwrap()
}

#[test]
fn every_format_the_reader_opens_is_associated_as_a_viewer() {
    let config = config();
    let associations = config["bundle"]["fileAssociations"].as_array().unwrap();
    // An HTML table saved as .xls is opened through the .xls association.
    for format in [Format::Xlsx, Format::Xlsm, Format::Xlsb, Format::Xls, Format::Ods, Format::Csv, Format::Tsv] {
        let ext = format.as_str();
        let a = associations.iter().find(|a| a["ext"].as_array().unwrap().iter().any(|e| e == ext)).unwrap_or_else(|| panic!("no association for .{ext}"));
        assert_eq!(a["role"], "Viewer", ".{ext}");
        assert_eq!(a["rank"], "Alternate", ".{ext}: OrderDock must not claim to be the default app");
        assert!(a["mimeType"].as_str().is_some_and(|m| m.contains('/')), ".{ext}: the Linux menu entry needs its MIME type");
        assert!(a["description"].as_str().unwrap().contains("订单导入助手"), ".{ext}");
    }
}

#[test]
fn chinese_installers_with_webview2_inside() {
    let bundle = &config()["bundle"];
    let targets: Vec<&str> = bundle["targets"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    for t in ["nsis", "msi", "dmg", "deb"] {
        assert!(targets.contains(&t), "{t} in {targets:?}");
    }
    let windows = &bundle["windows"];
    assert_eq!(windows["nsis"]["languages"][0], "SimpChinese");
    assert_eq!(windows["wix"]["language"], "zh-CN");
    assert_eq!(windows["webviewInstallMode"]["type"], "offlineInstaller");
}

#[test]
fn no_update_settings_in_the_checked_in_configuration() {
    // The release workflow adds them with the signing key's public half; a build without it
    // (a fork's, a developer's) must not carry a key that nobody can sign for.
    let config = config();
    assert!(config["plugins"]["updater"].is_null());
    assert!(config["bundle"]["createUpdaterArtifacts"].is_null());
}
