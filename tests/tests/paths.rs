//! Where merchants keep their exports: folders and names in Chinese with spaces, paths longer
//! than Windows' old 260-character limit, read-only files (a file on a share the shop may only
//! read, or one Windows marks read-only), and on Windows the other spellings of the same file —
//! a `\\?\` verbatim path and a network path (`\\localhost\C$\…`, as a mapped drive's
//! UNC form). Every format opens from each and reads the same orders.

use std::path::{Path, PathBuf};

use orderdock_core::read;
use orderdock_e2e::formats::{self, Format};
use orderdock_e2e::grid::{Grid, V};

fn grid() -> Grid {
    Grid::new(vec![
        vec![V::text("订单编号"), V::text("商品名称"), V::text("实付金额")],
        vec![V::text("T1001"), V::text("毛巾 纯棉"), V::num("19.90")],
        vec![V::text("T1002"), V::text("牙刷"), V::num("8.50")],
    ])
}

fn orders(path: &Path) -> Vec<String> {
    let mut wb = read::open(path).unwrap_or_else(|e| panic!("{} ({} characters): {e:?}", path.display(), path.as_os_str().len()));
    let t = wb.table(None, None).unwrap();
    (0..t.len()).map(|r| t.row(r)[0].display()).collect()
}

/// A folder as shops name theirs, nested until the path is past 260 characters.
fn deep_folder(root: &Path) -> PathBuf {
    let mut dir = root.join("店铺 数据").join("2026年 双十一 订单导出");
    while dir.as_os_str().len() < 300 {
        dir = dir.join("淘宝 天猫 京东 拼多多 抖音 订单备份 第二批");
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read_only(path: &Path) {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(path, perms).unwrap();
}

#[test]
fn every_format_opens_from_long_chinese_read_only_paths() {
    let root = tempfile::tempdir().unwrap();
    let dir = deep_folder(root.path());
    for format in Format::ALL {
        let path = formats::write(&grid(), format, &dir, "双十一 订单 导出");
        read_only(&path);
        assert!(path.as_os_str().len() > 260, "{}", path.display());
        assert_eq!(orders(&path), ["T1001", "T1002"], "{format:?}");
        #[cfg(windows)]
        for other in windows_spellings(&path) {
            assert_eq!(orders(&other), ["T1001", "T1002"], "{format:?} as {}", other.display());
        }
    }
    // Read-only files are left read-only; the folder goes with the temp dir once writable.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)] // to let the temp dir be removed
        perms.set_readonly(false);
        std::fs::set_permissions(&path, perms).unwrap();
    }
}

/// `\\?\C:\…` and `\\localhost\C$\…` for `C:\…`.
#[cfg(windows)]
fn windows_spellings(path: &Path) -> Vec<PathBuf> {
    let full = std::path::absolute(path).unwrap();
    let text = full.display().to_string();
    let (drive, rest) = text.split_once(":\\").expect("a drive path");
    vec![PathBuf::from(format!(r"\\?\{text}")), PathBuf::from(format!(r"\\localhost\{drive}$\{rest}"))]
}
