//! `orderdock-sandbox`: OrderDock's practice environment (练习环境) — both remote order APIs
//! as a local HTTP server, for merchants trying the app without an account and for every
//! upload test.
//!
//! * [`dmhub`] — DM Hub v1: the access-token endpoint and the nine deals endpoints.
//! * [`mall2030`] — 接口 2030 `thirdOrdAdd`: signed form posts, batches of one shop, the
//!   rate limit.
//! * [`state`] — what the server remembers (tokens, deals, 2030 orders) and the counters
//!   tests assert on, copied out as a [`Snapshot`] (also served as `GET /_sandbox/state`).
//! * [`faults`] — [`Faults`]: every fault a real server can show, on every endpoint (the
//!   DM Hub token endpoint included): 5xx with a JSON or an HTML body, throttling,
//!   connections closed before or after the request is applied, an empty 200, a cut-off
//!   JSON body, a token revoked by a fetch elsewhere; and latency. Drawn from a seeded
//!   generator or scripted per endpoint ([`Running::inject`]), counted per kind and per
//!   endpoint in [`Counters`]; plus the limits a test turns (token lifetime, rate limit,
//!   order numbers always refused).
//!
//! Order bodies are checked with [`orderdock_core::body::check_body`], the very rules the
//! app applies before uploading (errors refuse, warnings do not); the sandbox adds only
//! transport rules — credentials, signature, timestamp, JSON shape, batch size, one
//! ShopCode per call, duplicate Codes, the rate limit.
//!
//! [`start`] binds 127.0.0.1 and serves until [`Running::shutdown`] (or until the
//! [`Running`] is dropped). It runs its own hyper accept loop rather than `axum::serve`
//! because a lost answer must close the connection without any response, which axum's
//! infallible services cannot express.
//!
//! Where the contract is silent, the sandbox assumes (and the tests pin down):
//! * DM Hub token errors come back as HTTP 200 `{"error":{"code":"40001"|"42001",...}}`.
//! * All API calls share one tenant: deals and 2030 orders do not depend on which app sent them.
//! * `getDealByOrderNo` sees a deal whatever its date; `GET /v1/deals/{orderNo}` and the
//!   list see only the last calendar month.
//! * A deal keeps one refund; a new refund replaces it, deleting it restores the earlier state.
//! * 2030: a known Code (2102) is reported before rule failures (406), so a re-sent batch
//!   reads as "already uploaded"; the rate limit counts admitted calls per AppSystem in a
//!   sliding second measured at arrival, refused calls not counted.

pub mod dmhub;
pub mod faults;
pub mod mall2030;
pub mod state;

use std::convert::Infallible;
use std::io;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

pub use faults::{Fault, Faults};
pub use state::{Counters, Snapshot};

use faults::AnswerLost;
use state::Shared;

/// The practice account's credentials, documented for merchants: DM Hub app id and secret,
/// 接口 2030 AppId, Token and AppSystem.
pub const PRACTICE_APP_ID: &str = "practice";
pub const PRACTICE_SECRET: &str = "practice-secret";
pub const PRACTICE_APP_SYSTEM: &str = "practice";

/// One set of credentials the server accepts. The same app serves both APIs: `secret` is
/// the DM Hub secret and the 2030 Token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub app_id: String,
    pub secret: String,
    pub app_system: String,
}

impl App {
    pub fn practice() -> App {
        App { app_id: PRACTICE_APP_ID.into(), secret: PRACTICE_SECRET.into(), app_system: PRACTICE_APP_SYSTEM.into() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// 0 picks any free port.
    pub port: u16,
    pub apps: Vec<App>,
    pub faults: Faults,
    /// Seeds the fault draws and the tokens, so a run can be repeated exactly.
    pub seed: u64,
    /// A file the stored deals and orders are kept in: read at start, written within a
    /// second of each change and at shutdown (the app's practice server, so that orders
    /// uploaded yesterday can be looked up today). None: they live as long as the server.
    pub save_to: Option<PathBuf>,
}

impl Config {
    /// The built-in practice account, no faults, any free port, nothing kept.
    pub fn practice() -> Config {
        Config { port: 0, apps: vec![App::practice()], faults: Faults::default(), seed: 0, save_to: None }
    }
}

/// A server that is running; dropping it stops the server.
pub struct Running {
    base_url: String,
    shared: Arc<Shared>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
    keeper: Option<JoinHandle<()>>,
}

impl Running {
    /// `http://127.0.0.1:PORT`, the root the API paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A copy of the stored deals and orders and of the counters.
    pub fn snapshot(&self) -> Snapshot {
        self.shared.store().snapshot()
    }

    /// Changes the faults from the next call on (e.g. lose one answer, then stop losing them).
    pub fn set_faults(&self, faults: Faults) -> io::Result<()> {
        faults.check().map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        self.shared.store().faults = faults;
        Ok(())
    }

    /// Scripts faults: the next calls of `endpoint` (as in [`Counters::calls`], e.g.
    /// `"GET /security/accesstoken"`, or `"*"` for any endpoint) get `faults`, one per call
    /// in order, before any random draw.
    pub fn inject(&self, endpoint: &str, faults: impl IntoIterator<Item = Fault>) {
        self.shared.store().script.extend(faults.into_iter().map(|f| (endpoint.to_string(), f)));
    }

    /// Stops accepting, closes open connections and waits for the server to end (and, when
    /// it keeps its data, for the last write).
    pub async fn shutdown(self) {
        drop(self.stop);
        // The loop only ends by the stop signal; a panic in it has nothing left to clean up.
        let _ = self.task.await;
        if let Some(keeper) = self.keeper {
            let _ = keeper.await;
        }
    }
}

/// Binds 127.0.0.1 on `config.port` and serves both APIs in the background. A `save_to`
/// file that cannot be read is set aside (`.damaged`) and the server starts empty: a
/// practice server is never worth refusing to start over.
pub async fn start(config: Config) -> io::Result<Running> {
    config.faults.check().map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let shared = Arc::new(Shared::new(config.apps, config.faults, config.seed));
    if let Some(path) = &config.save_to {
        match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(saved) => shared.store().restore(saved),
                Err(_) => std::fs::rename(path, path.with_extension("damaged"))?,
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let (stop, stopped) = oneshot::channel();
    let (keeper_stop, keeper_stopped) = tokio::sync::watch::channel(());
    let task = tokio::spawn({
        let serving = serve(listener, router(&shared), stopped);
        async move {
            serving.await;
            drop(keeper_stop);
        }
    });
    let keeper = config.save_to.map(|path| tokio::spawn(keep(shared.clone(), path, keeper_stopped)));
    Ok(Running { base_url, shared, stop, task, keeper })
}

/// Writes the stored data to `path` within a second of each change (every change counts in
/// `applied`), and once more when the server stops. Write then rename: a crash never leaves
/// half a file.
async fn keep(shared: Arc<Shared>, path: PathBuf, mut stopped: tokio::sync::watch::Receiver<()>) {
    let write = |shared: &Shared| {
        let saved = shared.store().saved();
        let tmp = path.with_extension("tmp");
        let written = serde_json::to_vec(&saved).map_err(io::Error::from).and_then(|bytes| std::fs::write(&tmp, bytes)).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            tracing::warn!("practice server: could not keep its data in {}: {e}", path.display());
        }
    };
    let mut written = shared.store().counters.applied;
    loop {
        let stopping = tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => false,
            _ = stopped.changed() => true,
        };
        let applied = shared.store().counters.applied;
        if applied != written {
            write(&shared);
            written = applied;
        }
        if stopping {
            return;
        }
    }
}

/// For the `orderdock sandbox` command: starts the server on its own runtime, calls
/// `on_ready` with the base URL, and serves until the process ends. Returns only when the
/// server cannot start.
pub fn run_blocking(config: Config, on_ready: impl FnOnce(&str)) -> io::Result<Infallible> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let running = start(config).await?;
        on_ready(running.base_url());
        std::future::pending::<()>().await;
        unreachable!("pending() never completes")
    })
}

fn router(shared: &Arc<Shared>) -> Router {
    let apis = dmhub::routes(shared).merge(mall2030::routes()).route_layer(from_fn_with_state(shared.clone(), count_and_delay));
    Router::new().route("/_sandbox/state", get(state_json)).merge(apis).with_state(shared.clone())
}

/// Counts every API call by its route, then waits the configured latency.
async fn count_and_delay(State(s): State<Arc<Shared>>, path: MatchedPath, req: Request, next: Next) -> Response {
    let latency = {
        let mut st = s.store();
        *st.counters.calls.entry(format!("{} {}", req.method(), path.as_str())).or_default() += 1;
        st.faults.latency_ms
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    next.run(req).await
}

async fn state_json(State(s): State<Arc<Shared>>) -> Json<Snapshot> {
    Json(s.store().snapshot())
}

async fn serve(listener: TcpListener, router: Router, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or the like: let the system recover.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let router = router.clone();
                let service = service_fn(move |req: hyper::Request<Incoming>| answer(router.clone(), req));
                connections.spawn(async move {
                    // Errors are lost answers (on purpose) and clients going away: nothing to report.
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        }
        while connections.try_join_next().is_some() {}
    }
}

/// The router's answer, or an error that makes hyper close the connection unanswered.
async fn answer(router: Router, req: hyper::Request<Incoming>) -> Result<Response, AnswerLost> {
    let response = router.oneshot(req).await.unwrap_or_else(|never| match never {});
    match response.extensions().get::<AnswerLost>() {
        Some(lost) => Err(*lost),
        None => Ok(response),
    }
}
