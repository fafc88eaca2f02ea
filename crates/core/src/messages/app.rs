//! The desktop app's own sentences: what its commands answer when they cannot do what was
//! asked (the shell, `orderdock-desktop`, only picks one).

use super::Lang;

/// A refusal of one of the app's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppText<'a> {
    DiagnosticsNotSaved,
    /// A quick fix was asked for a problem the file no longer has.
    ProblemGone,
    NoSuchFix(&'a str),
    NothingToFix,
    ChooseOrdersToLeaveOut,
    ChooseOrdersToBringBack,
    UnknownLayout(&'a str),
    ValidateFirst,
    PracticeServerDown(&'a str),
    /// An account of one target chosen for the other: (account, its target, the target).
    WrongTarget(&'a str, &'a str, &'a str),
    ReadFailed(&'a str),
    StillReading,
    FileClosed,
    JobNotRunning,
    JobEnded,
    NothingToUpload,
    NothingRefused,
    RefusedStillWrong,
    ConnectionGone,
    JobAlreadyRunning,
    JobForAnotherAccount(&'a str),
    /// An export the app could not save: the file, and why (the writer's own words).
    CannotWrite(&'a str, &'a str),
    /// A cell edit for a row or column the table does not have (the view is out of date).
    NoSuchCell,
}

impl AppText<'_> {
    pub fn message(self, lang: Lang) -> String {
        use AppText::*;
        let zh = lang == Lang::Zh;
        match self {
            DiagnosticsNotSaved => lang.pick("诊断信息没能保存到这个位置，请换一个文件夹再试。", "The diagnostics could not be saved there; please choose another folder.").into(),
            ProblemGone => lang.pick("文件里已经没有这种问题了", "The file no longer has this problem").into(),
            NoSuchFix(fix) if zh => format!("没有这种修正：{fix}"),
            NoSuchFix(fix) => format!("No such fix: {fix}"),
            NothingToFix => lang.pick("没有可以这样修正的订单", "No order can be fixed this way").into(),
            ChooseOrdersToLeaveOut => lang.pick("请选择要不上传的订单", "Choose the orders to leave out").into(),
            ChooseOrdersToBringBack => lang.pick("请选择要恢复上传的订单", "Choose the orders to bring back").into(),
            UnknownLayout(id) if zh => format!("不认识的表格格式：{id}"),
            UnknownLayout(id) => format!("Unknown export layout: {id}"),
            ValidateFirst => lang.pick("请先完成字段映射并校验", "Map the fields and validate first").into(),
            PracticeServerDown(e) if zh => format!("无法启动练习环境：{e}"),
            PracticeServerDown(e) => format!("Cannot start the practice server: {e}"),
            WrongTarget(account, its, wanted) if zh => format!("连接「{account}」是 {its} 的，不是 {wanted}"),
            WrongTarget(account, its, wanted) => format!("Profile \"{account}\" is for {its}, not {wanted}"),
            ReadFailed(why) if zh => format!("文件没能读完：{why}"),
            ReadFailed(why) => format!("The file could not be read to the end: {why}"),
            StillReading => lang.pick("文件还在读取或检查，请等完成再继续", "The file is still being read or checked; wait until it is done").into(),
            FileClosed => lang.pick("文件已关闭，请重新打开", "The file is no longer open; open it again").into(),
            JobNotRunning => lang.pick("这个上传任务没有在运行", "This upload is not running").into(),
            JobEnded => lang.pick("这个上传任务已经结束", "This upload has ended").into(),
            NothingToUpload => lang.pick("没有可以上传的订单：请先修正错误", "No order can be uploaded: fix the errors first").into(),
            NothingRefused => lang.pick("这个任务没有被拒绝的订单", "No order of this upload was refused").into(),
            RefusedStillWrong => lang.pick("被拒绝的订单在表格里还有错误：请先在「检查订单」里改好", "The refused orders still have errors in the sheet: fix them under Check orders first").into(),
            ConnectionGone => lang.pick("找不到这个任务所用的连接", "The connection this upload used no longer exists").into(),
            JobAlreadyRunning => lang.pick("这个上传任务正在运行", "This upload is already running").into(),
            JobForAnotherAccount(job) if zh => format!("上传任务 {job} 是发往另一个账号的"),
            JobForAnotherAccount(job) => format!("Upload {job} was for another account"),
            CannotWrite(path, why) if zh => format!("无法写入文件 {path}：{why}"),
            CannotWrite(path, why) => format!("Cannot write the file {path}: {why}"),
            NoSuchCell => lang.pick("表格里没有要修改的这个单元格，请重新打开文件", "The table has no such cell to change; open the file again").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_in_both_languages() {
        use AppText::*;
        let all = [
            DiagnosticsNotSaved,
            ProblemGone,
            NoSuchFix("make_it_right"),
            NothingToFix,
            ChooseOrdersToLeaveOut,
            ChooseOrdersToBringBack,
            UnknownLayout("tmall_2099"),
            ValidateFirst,
            PracticeServerDown("address in use"),
            WrongTarget("Shop1", "mall2030", "dmhub"),
            ReadFailed("cut off"),
            StillReading,
            FileClosed,
            JobNotRunning,
            JobEnded,
            NothingToUpload,
            NothingRefused,
            RefusedStillWrong,
            ConnectionGone,
            JobAlreadyRunning,
            JobForAnotherAccount("job-7"),
            CannotWrite("/tmp/results.xlsx", "Permission denied"),
            NoSuchCell,
        ];
        for t in all {
            let (zh, en) = (t.message(Lang::Zh), t.message(Lang::En));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{t:?}: {zh}");
            assert!(en.is_ascii(), "{t:?}: {en}");
            assert_ne!(zh, en);
        }
        assert!(NoSuchFix("make_it_right").message(Lang::Zh).contains("make_it_right"));
        assert_eq!(CannotWrite("/tmp/r.xlsx", "Permission denied").message(Lang::En), "Cannot write the file /tmp/r.xlsx: Permission denied");
    }
}
