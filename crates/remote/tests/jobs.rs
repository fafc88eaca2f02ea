//! Starting a job as both faces do (`orderdock_remote::jobs`): refused credentials journal
//! nothing, a job is only continued on its own account, and a started job runs to the end.

// The engine's helpers that run a job without starting it are not needed here.
#[allow(dead_code)]
mod common;

use std::sync::{Arc, Mutex};

use common::*;
use orderdock_core::fields::Target;
use orderdock_core::messages::Lang;
use orderdock_remote::engine::{Control, Event};
use orderdock_remote::jobs::{Orders, StartError, start};
use orderdock_remote::profiles::connect;
use orderdock_remote::{RemoteError, profiles};
use orderdock_sandbox::{Faults, PRACTICE_APP_ID, PRACTICE_APP_SYSTEM};

fn practice(target: Target) -> String {
    profiles::destination(target, "practice", PRACTICE_APP_ID, PRACTICE_APP_SYSTEM)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_journal_nothing() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let wrong = connect(Target::Dmhub, server.base_url(), PRACTICE_APP_ID, "wrong", "").unwrap();
    let orders = deals(3);
    let refused = start(journal.clone(), wrong, &practice(Target::Dmhub), Orders::New { file: "orders.csv", bodies: &orders }).await.err().unwrap();
    assert!(matches!(refused, StartError::Remote(RemoteError::Credentials(_))), "{refused:?}");
    assert!(refused.message(Lang::Zh).contains("账号信息不正确"));
    assert!(journal.unfinished_jobs().unwrap().is_empty(), "no job was journaled");
    assert!(journal.history("D000000").unwrap().is_empty());
    assert_eq!(server.snapshot().calls("POST /v1/deals"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_of_another_account_is_not_continued() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let job = journal.create_job("dmhub", "dmhub|https://other.example|app|", "orders.csv", &deals(2)).unwrap();
    let refused = start(journal.clone(), client(Target::Dmhub, &server), &practice(Target::Dmhub), Orders::Continue(&job)).await.err().unwrap();
    assert!(matches!(&refused, StartError::AnotherAccount(j) if *j == job), "{refused:?}");
    assert_eq!(refused.message(Lang::Zh), format!("上传任务 {job} 是发往另一个账号的"));
    assert_eq!(refused.message(Lang::En), format!("Upload {job} was for another account"));
    assert_eq!(server.snapshot().calls("GET /security/accesstoken"), 0, "refused before any call");
    assert_eq!(journal.orders(&job).unwrap().iter().filter(|o| o.state.is_final()).count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_job_runs_to_the_end_and_a_continued_one_sends_nothing_twice() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let destination = practice(Target::Mall2030);
    let orders = mall_orders(120, 2);
    let job = start(journal.clone(), client(Target::Mall2030, &server), &destination, Orders::New { file: "orders.xlsx", bodies: &orders }).await.unwrap();
    let id = job.id.clone();
    assert_eq!((job.target(), journal.job(&id).unwrap().destination), (Target::Mall2030, destination.clone()));
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let outcome = job.run(&quick(Target::Mall2030), &move |e| sink.lock().unwrap().push(e)).await.unwrap();
    assert_eq!((outcome.progress.accepted, outcome.pending, outcome.error), (120, 0, None));
    assert_eq!(server.snapshot().order_count(), 120);
    assert!(events.lock().unwrap().iter().any(|e| matches!(e, Event::Progress(p) if p.done == 120)));

    let again = start(journal.clone(), client(Target::Mall2030, &server), &destination, Orders::Continue(&id)).await.unwrap();
    assert_eq!(again.id, id);
    let outcome = again.run(&quick(Target::Mall2030), &|_| {}).await.unwrap();
    assert_eq!((outcome.progress.sent, outcome.progress.done), (0, 120));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_cancelled_through_its_control_stops_resumable() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let orders = deals(4);
    let job = start(journal.clone(), client(Target::Dmhub, &server), &practice(Target::Dmhub), Orders::New { file: "orders.csv", bodies: &orders }).await.unwrap();
    job.control().send(Control::Cancel).unwrap();
    let id = job.id.clone();
    let outcome = job.run(&quick(Target::Dmhub), &|_| {}).await.unwrap();
    assert!(outcome.cancelled);
    assert_eq!((outcome.progress.sent, outcome.pending), (0, 4));
    assert_eq!(journal.unfinished_jobs().unwrap().iter().map(|u| u.job.id.clone()).collect::<Vec<_>>(), vec![id]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_of_an_uploaded_sale_goes_to_its_shop_as_a_job_of_its_own() {
    let server = sandbox(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let destination = practice(Target::Mall2030);
    let sale = mall_orders(1, 1);
    let job = start(journal.clone(), client(Target::Mall2030, &server), &destination, Orders::New { file: "sales.xlsx", bodies: &sale }).await.unwrap();
    job.run(&quick(Target::Mall2030), &|_| {}).await.unwrap();

    assert!(orderdock_remote::returns::build(&journal, "M999999", "R1", &[], chrono::Utc::now()).is_err(), "no such sale");
    let order = orderdock_remote::returns::build(&journal, "M000000", "R000000", &[], chrono::Utc::now()).unwrap();
    let job = orderdock_remote::returns::start(journal.clone(), client(Target::Mall2030, &server), &destination, "M000000", order).await.unwrap();
    assert_eq!(journal.job(&job.id).unwrap().file, "return of M000000");
    let outcome = job.run(&quick(Target::Mall2030), &|_| {}).await.unwrap();
    assert_eq!(outcome.progress.accepted, 1);
    let stored = server.snapshot().order("SHOP0", "R000000").cloned().unwrap();
    assert_eq!(stored["TotalQty"], -2, "{stored}");
}
