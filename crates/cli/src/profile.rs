//! `orderdock profile add|list|remove|test`.

use std::io::{BufRead, Write};

use orderdock_core::messages::CliText;
use orderdock_remote::profiles::{Profile, Profiles};

use crate::Outcome;
use crate::commands::{Ctx, parse_target};

pub(crate) struct AddArgs<'a> {
    pub name: &'a str,
    pub target: &'a str,
    pub base_url: &'a str,
    pub app_id: &'a str,
    pub app_system: Option<&'a str>,
}

/// The secret is read from `ORDERDOCK_SECRET` or the first line of stdin, never from the
/// command line (where other users of the computer could see it).
pub(crate) fn add(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Outcome {
    let target = parse_target(ctx, a.target)?;
    let secret = match std::env::var("ORDERDOCK_SECRET").ok().filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if secret.is_empty() {
        return Err(CliText::GiveSecret.message(ctx.lang).into());
    }
    let profile = Profile { name: a.name.into(), target, base_url: a.base_url.into(), app_id: a.app_id.into(), app_system: a.app_system.map(str::to_string) };
    Profiles::open_default().add(profile, &secret).map_err(|e| e.message(ctx.lang))?;
    let _ = writeln!(out, "{}", if ctx.json { serde_json::json!({"added": a.name}).to_string() } else { CliText::ProfileSaved(a.name).message(ctx.lang) });
    Ok(0)
}

pub(crate) fn list(ctx: &Ctx, out: &mut dyn Write) -> Outcome {
    let all = Profiles::open_default().list().map_err(|e| e.message(ctx.lang))?;
    if ctx.json {
        let _ = writeln!(out, "{}", serde_json::to_string(&all).unwrap_or_default());
    } else if all.is_empty() {
        let _ = writeln!(out, "{}", CliText::NoProfiles.message(ctx.lang));
    } else {
        for p in all {
            let _ = writeln!(out, "{}\t{}\t{}\t{}{}", p.name, p.target.id(), p.base_url, p.app_id, p.app_system.map(|s| format!("\t{s}")).unwrap_or_default());
        }
    }
    Ok(0)
}

pub(crate) fn remove(ctx: &Ctx, out: &mut dyn Write, name: &str) -> Outcome {
    Profiles::open_default().remove(name).map_err(|e| e.message(ctx.lang))?;
    let _ = writeln!(out, "{}", CliText::ProfileRemoved(name).message(ctx.lang));
    Ok(0)
}

/// Say in plain words whether the saved credentials work.
pub(crate) fn test(ctx: &Ctx, out: &mut dyn Write, name: &str) -> Outcome {
    let client = Profiles::open_default().client(name).map_err(|e| e.message(ctx.lang))?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    // 2030's credentials are only checked by the first upload (see `profiles::tested`).
    let verified = client.target() == orderdock_core::fields::Target::Dmhub;
    match rt.block_on(client.check_credentials()) {
        Ok(()) => {
            let text = orderdock_remote::profiles::tested(client.target(), name, ctx.lang);
            let _ = writeln!(out, "{}", if ctx.json { serde_json::json!({"ok": true, "verified": verified}).to_string() } else { text });
            Ok(0)
        }
        Err(e) => Err(crate::Failure { code: 1, message: e.message(ctx.lang) }),
    }
}
