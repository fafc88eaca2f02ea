//! `--lang en` says the command line's own sentences in English, and Chinese is the default:
//! the words come from core's catalog, not from the commands.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_orderdock");

fn han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn the_commands_own_lines_in_english_and_in_chinese() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| -> Output { Command::new(BIN).args(args).env("ORDERDOCK_HOME", home.path()).env_remove("ORDERDOCK_SECRET").output().unwrap() };
    let text = |o: &Output| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)).trim().to_string();
    // A line printed, a refusal before anything is sent, and clap's complaint.
    let cases: [(&[&str], &str, &str); 3] = [
        (&["profile", "list"], "还没有保存的连接", "No profiles yet"),
        (&["deal", "get", "D1"], "请用 --profile 指定连接", "Give either --profile or --endpoint"),
        (&["inspect", "--frobnicate"], "命令用法有误", "Usage error"),
    ];
    for (args, zh, en) in cases {
        let chinese = text(&run(args));
        assert!(chinese.contains(zh), "{args:?}: {chinese}");
        let english = text(&run(&[&["--lang", "en"], args].concat()));
        assert!(english.contains(en) && !han(&english), "{args:?}: {english}");
    }
}
