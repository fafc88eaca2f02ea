//! The upload engine against the sandbox: exactly once under faults, the rate limit kept,
//! refused orders isolated, re-runs and resumes that send nothing twice.

mod common;

use std::collections::HashSet;

use common::*;
use orderdock_core::fields::Target;
use orderdock_remote::engine::Event;
use orderdock_remote::journal::State;
use orderdock_sandbox::Faults;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mall2030_job_under_faults_stores_every_order_exactly_once() {
    let faults = Faults { fail_rate: 0.1, throttle_rate: 0.1, drop_rate: 0.05, rate_limit: 200, ..Faults::default() };
    let server = sandbox(faults).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let orders = mall_orders(5000, 3);
    let opts = orderdock_remote::engine::Options { rate_limit: 200, ..quick(Target::Mall2030) };
    let (outcome, events) = upload(&journal, client(Target::Mall2030, &server), &orders, &opts).await;

    let snap = server.snapshot();
    assert_eq!(outcome.error, None);
    assert_eq!(snap.order_count(), 5000, "every order stored once (the store is keyed by ShopCode and Code)");
    assert_eq!(outcome.progress.accepted + outcome.progress.already_uploaded, 5000);
    assert_eq!(outcome.progress.rejected, 0);
    assert_eq!(outcome.progress.sent, 5000);
    let c = &snap.counters;
    assert!(c.injected_failures > 0 && c.injected_throttles > 0 && c.answers_dropped > 0, "{c:?}");
    // A lost answer means the orders were stored: the resend reads 2102, i.e. already uploaded.
    assert!(outcome.progress.already_uploaded > 0);
    assert!(events.iter().any(|e| matches!(e, Event::Retry { .. })));
    eprintln!("2030 under faults: {c:?}, outcome {:?}", outcome.progress);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dmhub_job_under_faults_and_token_expiry_stores_every_deal() {
    let faults = Faults { fail_rate: 0.1, throttle_rate: 0.1, drop_rate: 0.05, token_ttl_secs: 1, latency_ms: 2, ..Faults::default() };
    let server = sandbox(faults).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let (outcome, _) = upload(&journal, client(Target::Dmhub, &server), &deals(5000), &quick(Target::Dmhub)).await;
    let refused: Vec<_> = journal.orders(&outcome.progress.job).unwrap().into_iter().filter(|o| o.state == State::Rejected).map(|o| o.reason).take(3).collect();
    assert!(refused.is_empty(), "{refused:?}");
    let snap = server.snapshot();
    assert_eq!(outcome.error, None);
    let missing: Vec<_> = (0..5000).map(|i| format!("D{i:06}")).filter(|n| snap.deal(n).is_none()).take(5).collect();
    assert_eq!(snap.deals.len(), 5000, "{:?} {missing:?} {:?}", outcome.progress, snap.counters);
    assert_eq!(outcome.progress.accepted, 5000);
    assert!(snap.calls("GET /security/accesstoken") > 1, "the token expired mid-job and was fetched again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_is_never_exceeded() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (outcome, _) = upload(&journal(&dir), client(Target::Mall2030, &server), &mall_orders(2500, 1), &quick(Target::Mall2030)).await;
    let c = server.snapshot().counters;
    assert_eq!(outcome.progress.accepted, 2500);
    assert!(c.max_calls_per_second <= 10, "{c:?}");
    assert_eq!(c.rate_limited, 0, "{c:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_orders_are_isolated_and_the_rest_go_through() {
    let refuse: HashSet<String> = ["M000007".to_string(), "M000150".to_string()].into();
    let server = sandbox(Faults { refuse, rate_limit: 100, ..Faults::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let opts = orderdock_remote::engine::Options { rate_limit: 100, ..quick(Target::Mall2030) };
    let journal = journal(&dir);
    let (outcome, _) = upload(&journal, client(Target::Mall2030, &server), &mall_orders(300, 1), &opts).await;
    assert_eq!((outcome.progress.accepted, outcome.progress.rejected), (298, 2));
    assert_eq!(server.snapshot().order_count(), 298);
    let refused: Vec<_> = journal.orders(&outcome.progress.job).unwrap().into_iter().filter(|o| o.state == State::Rejected).map(|o| (o.order_no, o.reason.unwrap_or_default())).collect();
    assert_eq!(refused.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["M000007", "M000150"]);
    assert!(refused[0].1.starts_with("406"), "{refused:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_sends_nothing_and_a_resume_finishes_the_job() {
    let server = sandbox(Faults { rate_limit: 100, ..Faults::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let orders = mall_orders(250, 2);
    let opts = orderdock_remote::engine::Options { rate_limit: 100, ..quick(Target::Mall2030) };
    upload(&journal, client(Target::Mall2030, &server), &orders, &opts).await;
    let calls = server.snapshot().calls("POST /api/morder/thirdOrdAdd");

    let (again, _) = upload(&journal, client(Target::Mall2030, &server), &orders, &opts).await;
    assert_eq!((again.progress.sent, again.progress.accepted, again.progress.already_uploaded), (0, 0, 250));
    assert_eq!(server.snapshot().calls("POST /api/morder/thirdOrdAdd"), calls);

    // A job interrupted after sending (answers never recorded): resuming re-sends, the
    // server's 2102 makes it harmless.
    let more = mall_orders(400, 2).split_off(250);
    let job = journal.create_job("mall2030", "sandbox", "test", &more).unwrap();
    let seqs: Vec<i64> = (0..150).collect();
    journal.mark_in_flight(&job, &seqs).unwrap();
    let (first, _) = run(&journal, client(Target::Mall2030, &server), &job, &opts).await;
    assert_eq!(first.progress.accepted, 150);
    let (resumed, _) = run(&journal, client(Target::Mall2030, &server), &job, &opts).await;
    assert_eq!(resumed.progress.sent, 0, "nothing left to send");
    assert_eq!(server.snapshot().order_count(), 400);
    assert!(journal.unfinished_jobs().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_fails_fast_with_a_clear_message() {
    let server = sandbox(Faults::default()).await;
    let c = orderdock_remote::profiles::connect(Target::Dmhub, server.base_url(), "practice", "wrong", "practice").unwrap();
    let started = std::time::Instant::now();
    let err = c.check_credentials().await.unwrap_err();
    assert!(matches!(err, orderdock_remote::RemoteError::Credentials(_)), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(err.message(orderdock_core::messages::Lang::Zh).contains("账号信息不正确"));
    // 2030 has no call that checks credentials without orders: the first batch does
    // (tests/faults.rs, refused_credentials_end_the_job_with_a_plain_message).
    let c = orderdock_remote::profiles::connect(Target::Mall2030, server.base_url(), "practice", "wrong", "practice").unwrap();
    c.check_credentials().await.unwrap();
    assert_eq!(server.snapshot().calls("POST /api/morder/thirdOrdAdd"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_row_that_cannot_be_read_fails_its_order_and_is_never_sent() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let job = journal.create_job("dmhub", "sandbox", "test", &deals(4)).unwrap();
    // A payload cut off, and a state a later version might write (the file is SQLite: any
    // program can touch it; a disk can damage it).
    let db = rusqlite::Connection::open(dir.path().join("journal.sqlite")).unwrap();
    db.execute("UPDATE orders SET payload = '{\"orderNo\": \"D0000' WHERE job = ?1 AND seq = 1", [&job]).unwrap();
    db.execute("UPDATE orders SET state = 'sent_v2' WHERE job = ?1 AND seq = 2", [&job]).unwrap();
    drop(db);

    let opts = orderdock_remote::engine::Options { lang: orderdock_core::messages::Lang::En, ..quick(Target::Dmhub) };
    let (outcome, events) = run(&journal, client(Target::Dmhub, &server), &job, &opts).await;
    let snap = server.snapshot();
    assert_eq!((snap.deals.len(), outcome.progress.accepted, outcome.progress.rejected, outcome.pending), (2, 2, 2, 0));
    assert!(snap.deal("D000001").is_none() && snap.deal("D000002").is_none(), "a damaged row was sent");
    let failed: Vec<_> =
        events.iter().filter_map(|e| if let Event::Order { order_no, state: State::Rejected, reason } = e { Some((order_no.as_str(), reason.clone().unwrap_or_default())) } else { None }).collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].1.contains("damaged") && failed[1].1.contains("sent_v2"), "{failed:?}");
    // Recorded: the next run sends nothing, and the reasons read in the merchant's language.
    let orders = journal.orders(&job).unwrap();
    assert_eq!(orders.iter().map(|o| o.state).collect::<Vec<_>>(), [State::Accepted, State::Rejected, State::Rejected, State::Accepted]);
    assert!(orders[1].reason_text(orderdock_core::messages::Lang::Zh).unwrap().contains("已损坏"));
    let (again, _) = run(&journal, client(Target::Dmhub, &server), &job, &opts).await;
    assert_eq!((again.progress.sent, server.snapshot().deals.len()), (0, 2));
    // Sending the refused orders again never sends a damaged body.
    let (resend, left_out) = orderdock_remote::journal::refused(orders, None);
    assert_eq!((resend.len(), left_out), (1, 1));
}
