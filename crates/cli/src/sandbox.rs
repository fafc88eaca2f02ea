//! `orderdock sandbox`: the practice server, with the faults tests and demos ask for. Every
//! rate applies to every endpoint, the DM Hub token endpoint included.

use std::io::Write;

use orderdock_core::messages::CliText;
use orderdock_sandbox::{App, Config, Faults, PRACTICE_APP_ID, PRACTICE_APP_SYSTEM, PRACTICE_SECRET};

use crate::Outcome;
use crate::commands::Ctx;

#[derive(clap::Args, Debug)]
pub(crate) struct SandboxArgs {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Share of calls answered with a server error, not applied (0..1).
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Share of calls refused as too frequent (HTTP 429 / 2030 status 407).
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,
    /// Share of calls applied whose answer is then lost (the connection drops).
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Share of calls answered HTTP 502 with an HTML page, as a gateway does; not applied.
    #[arg(long, default_value_t = 0.0)]
    html_rate: f64,
    /// Share of calls whose connection is closed before the request is applied.
    #[arg(long, default_value_t = 0.0)]
    reset_rate: f64,
    /// Share of calls applied and answered HTTP 200 with an empty body.
    #[arg(long, default_value_t = 0.0)]
    empty_rate: f64,
    /// Share of calls applied whose JSON answer is cut off halfway.
    #[arg(long, default_value_t = 0.0)]
    truncate_rate: f64,
    /// Share of DM Hub calls whose token is revoked just before (as when another client
    /// fetches a token for the same app id).
    #[arg(long, default_value_t = 0.0)]
    revoke_rate: f64,
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// DM Hub token lifetime in seconds.
    #[arg(long, default_value_t = 7200)]
    token_ttl: u64,
    /// 2030 calls per second per AppSystem.
    #[arg(long, default_value_t = 10)]
    rate_limit: u32,
    /// Order numbers the server always refuses.
    #[arg(long = "refuse")]
    refuse: Vec<String>,
    /// Seed of the fault draws, to repeat a run exactly.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

pub(crate) fn run(ctx: &Ctx, out: &mut dyn Write, a: &SandboxArgs) -> Outcome {
    let faults = Faults {
        fail_rate: a.fail_rate,
        throttle_rate: a.throttle_rate,
        drop_rate: a.drop_rate,
        html_rate: a.html_rate,
        reset_rate: a.reset_rate,
        empty_rate: a.empty_rate,
        truncate_rate: a.truncate_rate,
        revoke_rate: a.revoke_rate,
        latency_ms: a.latency_ms,
        token_ttl_secs: a.token_ttl,
        rate_limit: a.rate_limit,
        refuse: a.refuse.iter().cloned().collect(),
    };
    let config = Config { port: a.port, apps: vec![App::practice()], faults, seed: a.seed, save_to: None };
    let result = orderdock_sandbox::run_blocking(config, |url| {
        let _ = writeln!(out, "{url}");
        if !ctx.json {
            let _ = writeln!(out, "{}", CliText::PracticeRunning(PRACTICE_APP_ID, PRACTICE_SECRET, PRACTICE_APP_SYSTEM).message(ctx.lang));
        }
        let _ = out.flush();
    });
    match result {
        Err(e) => Err(CliText::PracticeNotStarted(&e.to_string()).message(ctx.lang).into()),
        Ok(never) => match never {},
    }
}
