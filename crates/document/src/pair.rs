//! Two-file exports (Taobao's 订单报表 + 宝贝报表): whichever order the two files come in,
//! the item report (`Platform::item_key`) becomes the lines file; and a file opened alone
//! right after the other half of its export is opened together with it.

use std::path::{Path, PathBuf};

use orderdock_core::platforms::Platform;
use orderdock_core::read;

use crate::{Document, Error};

/// The document open now, as the other half of a two-file export: where it is and its layout.
pub struct Half {
    path: PathBuf,
    platform: Option<&'static Platform>,
}

impl Document {
    /// This document as the other half of a two-file export: only a file open alone can be one.
    pub fn half(&self) -> Option<Half> {
        self.lines_path.is_none().then(|| Half { path: self.path.clone(), platform: self.platform })
    }

    /// The item report of a two-file export, open alone: its order report is needed too.
    pub fn is_lone_item_report(&self) -> bool {
        self.lines_path.is_none() && self.platform.is_some_and(|p| p.item_key.is_some())
    }

    /// An order report whose lines are in an item report not opened yet.
    pub fn needs_item_report(&self) -> bool {
        self.lines_path.is_none() && self.platform.is_some_and(|p| p.items.is_some())
    }
}

/// The layout a file's headers show, from its first rows only.
fn layout_of(path: &Path) -> Result<Option<&'static Platform>, Error> {
    let preview = read::open(path).and_then(|mut b| b.preview(None, None, 50, 0)).map_err(Error::read(path))?;
    Ok(Platform::recognise(&preview.table.columns))
}

fn is_item_report(p: Option<&'static Platform>) -> bool {
    p.is_some_and(|p| p.item_key.is_some())
}

/// Which file is the order report and which the item report: `(main, lines)`. Two files
/// given: the item report is the lines file whichever came first. One file given while the
/// other half of its export is `open` alone (an order report waiting for its item report, or
/// the reverse): both, paired. Anything else opens as given.
pub fn pair(path: PathBuf, lines_path: Option<PathBuf>, open: Option<Half>) -> Result<(PathBuf, Option<PathBuf>), Error> {
    if let Some(lines) = lines_path {
        let swap = is_item_report(layout_of(&path)?) && !is_item_report(layout_of(&lines)?);
        return Ok(if swap { (lines, Some(path)) } else { (path, Some(lines)) });
    }
    let Some(open) = open.filter(|o| o.path != path) else { return Ok((path, None)) };
    let (Some(was), Some(new)) = (open.platform, layout_of(&path)?) else { return Ok((path, None)) };
    Ok(if was.items == Some(new.id) {
        (open.path, Some(path))
    } else if new.items == Some(was.id) {
        (path, Some(open.path))
    } else {
        (path, None)
    })
}
