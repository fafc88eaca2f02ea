//! Words of the app's update check (see `orderdock-desktop`'s `updates`).

use super::Lang;

/// Why the app does not look for, or install, an update now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateHold {
    /// This build has no update manifest to check against (a build without the release's
    /// signing key, such as a fork's or a developer's).
    NotInThisBuild,
    /// The merchant has not agreed to update checks (or said no).
    NotAllowed,
    /// An upload is running: an update restarts the app, so it waits.
    Uploading,
}

impl UpdateHold {
    /// A stable id for the UI.
    pub fn code(self) -> &'static str {
        match self {
            UpdateHold::NotInThisBuild => "update_not_in_build",
            UpdateHold::NotAllowed => "update_not_allowed",
            UpdateHold::Uploading => "update_uploading",
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            UpdateHold::NotInThisBuild => {
                lang.pick("这个版本不能自动更新。请到 OrderDock 的下载页面下载新版本。", "This build cannot update itself. Download the new version from OrderDock's download page.")
            }
            UpdateHold::NotAllowed => lang.pick("您还没有允许检查更新。", "You have not allowed update checks."),
            UpdateHold::Uploading => lang.pick("正在上传订单，上传结束后再更新。", "Orders are being uploaded: update once the upload has finished."),
        }
        .into()
    }
}

/// The update server could not be reached or its answer was not accepted.
pub fn update_failed(lang: Lang, detail: &str) -> String {
    match lang {
        Lang::Zh => format!("检查或下载更新没有成功，请稍后再试（{detail}）。"),
        Lang::En => format!("Checking for or downloading the update did not work; try again later ({detail})."),
    }
}
