//! Words for [`crate::read::ReadError`].

use super::Lang;
use crate::read::ReadError;

impl ReadError {
    /// A stable id of the kind of error, for a program to act on (the app offers 「重试」 for `locked`).
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotFound(_) => "not_found",
            ReadError::Io(_) => "io",
            ReadError::Empty => "empty",
            ReadError::NotAFile(_) => "not_a_file",
            ReadError::Locked(_) => "locked",
            ReadError::Encrypted => "encrypted",
            ReadError::NotSpreadsheet { .. } => "not_spreadsheet",
            ReadError::Corrupt(_) => "corrupt",
            ReadError::NoSuchSheet { .. } => "no_such_sheet",
            ReadError::EmptySheet { .. } => "empty_sheet",
            ReadError::HeaderRowOutOfRange { .. } => "header_row_out_of_range",
            ReadError::Stopped => "stopped",
        }
    }

    /// One plain sentence saying what is wrong and what to do about it.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            ReadError::NotFound(path) if zh => format!("找不到文件「{path}」。请检查文件名和所在文件夹是否正确。"),
            ReadError::NotFound(path) => format!("File \"{path}\" was not found. Check the file name and folder."),
            // The reader's and the system's own words are English: the Chinese sentence goes without them.
            ReadError::Io(_) if zh => "无法读取文件。请确认文件没有被其他程序占用，并且有权限打开。".into(),
            ReadError::Io(e) => format!("The file could not be read ({e}). Make sure no other program holds it and you may open it."),
            ReadError::Empty if zh => "文件是空的（0 字节）。请重新从平台导出订单文件。".into(),
            ReadError::Empty => "The file is empty (0 bytes). Export the orders from the platform again.".into(),
            ReadError::Locked(_) if zh => "这个文件正被 Excel 或 WPS 打开，请先关闭它再导入。".into(),
            ReadError::Locked(_) => "This file is open in Excel or WPS: close it there, then import it again.".into(),
            ReadError::NotAFile(path) if zh => format!("「{path}」不是一个文件（是文件夹或设备）。请选择从平台导出的 Excel 或 CSV 订单文件。"),
            ReadError::NotAFile(path) => format!("\"{path}\" is not a file (it is a folder or a device). Choose the Excel or CSV order file exported from the platform."),
            ReadError::Encrypted if zh => "文件有密码保护。请在 Excel 中打开，去掉密码后另存，再重新导入。".into(),
            ReadError::Encrypted => "The file is password-protected. Open it in Excel, remove the password, save it, and import it again.".into(),
            ReadError::NotSpreadsheet { what } if zh => {
                format!("这不是表格文件（看起来是{}）。请选择从平台导出的 Excel 或 CSV 订单文件。", kind_zh(what))
            }
            ReadError::NotSpreadsheet { what } => {
                format!("This is not a spreadsheet (it looks like {}). Choose the Excel or CSV order file exported from the platform.", kind_en(what))
            }
            ReadError::Corrupt(_) if zh => "文件已损坏或不完整。请重新导出或重新下载后再导入。".into(),
            ReadError::Corrupt(e) => format!("The file is damaged or incomplete ({e}). Export or download it again, then import it."),
            ReadError::NoSuchSheet { name, available } if zh => {
                format!("文件里没有名为「{name}」的工作表。现有的工作表：{}。", available.join("、"))
            }
            ReadError::NoSuchSheet { name, available } => {
                format!("There is no sheet named \"{name}\". The sheets are: {}.", available.join(", "))
            }
            ReadError::EmptySheet { sheet } if zh => format!("工作表「{sheet}」里没有数据。请检查是否选错了工作表或文件。"),
            ReadError::EmptySheet { sheet } => format!("Sheet \"{sheet}\" holds no data. Check that you chose the right sheet and file."),
            ReadError::HeaderRowOutOfRange { row, last } if zh => {
                format!("指定的表头行第 {row} 行超出了表格范围（最后一行是第 {last} 行）。请改为表头实际所在的行号。")
            }
            ReadError::HeaderRowOutOfRange { row, last } => {
                format!("Header row {row} is beyond the last row ({last}). Give the row number the header is actually on.")
            }
            ReadError::Stopped if zh => "读取已停止：打开了别的文件，或换了工作表或表头行。".into(),
            ReadError::Stopped => "Reading stopped: another file, sheet or header row was chosen.".into(),
        }
    }
}

/// What a [`ReadError::NotSpreadsheet`] file is, in words a merchant knows.
fn kind_zh(what: &str) -> String {
    match what {
        "png" | "jpeg" | "gif" | "bmp" => format!(" {what} 图片"),
        "pdf" => "PDF 文档".into(),
        "docx" | "doc" => "Word 文档".into(),
        "pptx" => "PowerPoint 演示文稿".into(),
        "zip" => "压缩包，请先解压".into(),
        "html" => "网页".into(),
        "binary" => "无法识别的文件".into(),
        other => format!("{other} 文件"),
    }
}

fn kind_en(what: &str) -> String {
    match what {
        "png" | "jpeg" | "gif" | "bmp" => format!("a {what} image"),
        "pdf" => "a PDF document".into(),
        "docx" | "doc" => "a Word document".into(),
        "pptx" => "a PowerPoint presentation".into(),
        "zip" => "a zip archive: unpack it first".into(),
        "html" => "a web page".into(),
        "binary" => "a file of an unknown kind".into(),
        other => format!("a {other} file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_in_both_languages() {
        let errors = [
            ReadError::NotFound("a.xlsx".into()),
            ReadError::Io("denied".into()),
            ReadError::Empty,
            ReadError::NotAFile("/dev/zero".into()),
            ReadError::Locked("订单.xlsx".into()),
            ReadError::Encrypted,
            ReadError::NotSpreadsheet { what: "png".into() },
            ReadError::NotSpreadsheet { what: "zip".into() },
            ReadError::Corrupt("bad zip".into()),
            ReadError::NoSuchSheet { name: "x".into(), available: vec!["Orders".into(), "Items".into()] },
            ReadError::EmptySheet { sheet: "Orders".into() },
            ReadError::HeaderRowOutOfRange { row: 9, last: 3 },
            ReadError::Stopped,
        ];
        for e in errors {
            let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
            assert!(zh.ends_with('。') && en.ends_with('.'), "{zh} / {en}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        }
        assert!(ReadError::Encrypted.message(Lang::Zh).contains("密码"));
        // The readers' English words stay out of the Chinese sentence.
        for e in [ReadError::Corrupt("Expecting a worksheet, got chartsheet".into()), ReadError::Io("failed to fill whole buffer".into())] {
            assert!(!e.message(Lang::Zh).contains(|c: char| c.is_ascii_alphabetic()), "{}", e.message(Lang::Zh));
        }
    }
}
