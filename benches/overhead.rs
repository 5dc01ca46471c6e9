//! What the client costs over hand-written reqwest calls, run side by side.
//!
//! `cargo bench --bench overhead` starts the emulator on a thread of its own and runs each
//! scenario twice on the main thread: once with plain reqwest and `serde_json::Value` (the
//! baseline: what a caller would write without this crate), once with `IamClient`. Rounds
//! of the two alternate, so that both meet the same machine load, and the report gives
//! the median time per call and the allocations per call, each as a ratio of client to
//! baseline. The emulator's own work is in both timings and in neither allocation count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use iam_client::{FileStorage, IamClient, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY, Emulator};
use serde_json::{Value, json};

/// Counts the allocations of the threads that ask for it.
struct CountingAllocator;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: the layout comes from the caller, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the pointer was allocated by `System` with this layout.
        unsafe { System.dealloc(pointer, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const WARM_UP_CALLS: usize = 30;
const CALLS_PER_ROUND: usize = 40;
const ROUNDS: usize = 15;

/// Time and allocations per call of one side of a scenario.
struct Measure {
    median: Duration,
    allocations: f64,
    bytes: f64,
}

/// Runs `call` in rounds, alternating with the other side through the caller, and keeps
/// the time of each round.
async fn round<F, Fut>(call: &mut F, times: &mut Vec<Duration>) -> (u64, u64)
where
    F: FnMut() -> Fut,
    Fut: Future,
{
    ALLOCATIONS.store(0, Ordering::Relaxed);
    ALLOCATED_BYTES.store(0, Ordering::Relaxed);
    COUNTING.with(|counting| counting.set(true));
    let started = Instant::now();

    for _ in 0..CALLS_PER_ROUND {
        drop(call().await);
    }

    times.push(started.elapsed() / CALLS_PER_ROUND as u32);
    COUNTING.with(|counting| counting.set(false));
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    )
}

async fn compare<B, BF, C, CF>(name: &str, mut baseline: B, mut client: C)
where
    B: FnMut() -> BF,
    BF: Future,
    C: FnMut() -> CF,
    CF: Future,
{
    for _ in 0..WARM_UP_CALLS {
        drop(baseline().await);
        drop(client().await);
    }

    let (mut baseline_times, mut client_times) = (Vec::new(), Vec::new());
    let (mut baseline_counts, mut client_counts) = ((0, 0), (0, 0));
    for _ in 0..ROUNDS {
        let counts = round(&mut baseline, &mut baseline_times).await;
        baseline_counts = (baseline_counts.0 + counts.0, baseline_counts.1 + counts.1);
        let counts = round(&mut client, &mut client_times).await;
        client_counts = (client_counts.0 + counts.0, client_counts.1 + counts.1);
    }

    let summarize = |mut times: Vec<Duration>, (allocations, bytes): (u64, u64)| {
        times.sort();
        let calls = (ROUNDS * CALLS_PER_ROUND) as f64;
        Measure {
            median: times[times.len() / 2],
            allocations: allocations as f64 / calls,
            bytes: bytes as f64 / calls,
        }
    };
    let base = summarize(baseline_times, baseline_counts);
    let ours = summarize(client_times, client_counts);

    println!(
        "{name:<28} {:>9.1} {:>9.1} {:>6.2}x  {:>8.0} {:>8.0} {:>6.2}x  {:>9.0} {:>9.0} {:>6.2}x",
        micros(base.median),
        micros(ours.median),
        micros(ours.median) / micros(base.median),
        base.allocations,
        ours.allocations,
        ours.allocations / base.allocations,
        base.bytes,
        ours.bytes,
        ours.bytes / base.bytes,
    );
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// Starts the emulator on a thread and runtime of its own, so that its allocations are
/// not counted, and answers its base URL.
fn start_emulator() -> String {
    let (sender, receiver) = std::sync::mpsc::channel();

    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the emulator");
        runtime.block_on(async move {
            let emulator = Emulator::start().await.expect("the emulator starts");
            sender
                .send(emulator.base_url())
                .expect("the bench waits for the URL");
            std::future::pending::<()>().await;
        });
    });

    receiver.recv().expect("the emulator thread sends its URL")
}

async fn raw_post(http: &reqwest::Client, url: String, body: &Value) -> Value {
    let answer: Value = http
        .post(url)
        .header("x-api-key", DEFAULT_API_KEY)
        .json(body)
        .send()
        .await
        .expect("the emulator answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(answer["responseCode"], "ok");
    answer
}

fn main() {
    let base_url = start_emulator();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the clients");

    runtime.block_on(async {
        let http = reqwest::Client::new();
        let iam = IamClient::builder(&base_url)
            .api_key(DEFAULT_API_KEY)
            .build()
            .expect("ok");

        let admin = iam
            .users()
            .get_by_email(DEFAULT_ADMIN_EMAIL)
            .await
            .expect("the admin");
        for index in 0..50 {
            let email = format!("bench-{index}@example.com");
            iam.auth()
                .register("Bench User", &email, "bench-password")
                .await
                .expect("registers");
        }

        println!(
            "{:<28} {:>9} {:>9} {:>7}  {:>8} {:>8} {:>7}  {:>9} {:>9} {:>7}",
            "scenario",
            "base µs",
            "client µs",
            "ratio",
            "base al",
            "client al",
            "ratio",
            "base B",
            "client B",
            "ratio"
        );

        let body = json!({ "userId": admin.id });
        compare(
            "get user by id",
            || raw_post(&http, format!("{base_url}/users/get-user-by-id"), &body),
            || async { drop(iam.users().get_by_id(&admin.id).await.expect("found")) },
        )
        .await;

        let query = json!({ "keyword": "bench-" });
        compare(
            "search 50 users",
            || raw_post(&http, format!("{base_url}/users/search-users"), &query),
            || async {
                let request = types::SearchUsersRequest::builder().keyword("bench-".to_owned());
                drop(iam.users().search(request).await.expect("found"));
            },
        )
        .await;

        let raw_session = RefCell::new(HashMap::new());
        let form = [
            ("mail", DEFAULT_ADMIN_EMAIL),
            ("password", DEFAULT_ADMIN_PASSWORD),
        ];
        compare(
            "login, memory session",
            || async {
                let request = http.post(format!("{base_url}/auth/login")).form(&form);
                let response = request.send().await.expect("answers");
                let answer: Value = response.json().await.expect("JSON");
                let token = answer["token"].as_str().expect("a token").to_owned();
                raw_session.borrow_mut().insert("token", token);
            },
            || async {
                iam.auth()
                    .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
                    .await
                    .expect("in");
            },
        )
        .await;

        let folder = tempfile::tempdir().expect("a temporary folder");
        let file_client = IamClient::builder(&base_url)
            .storage(FileStorage::new(folder.path().join("session.json")))
            .build()
            .expect("ok");
        compare(
            "login, file vs memory",
            || async {
                iam.auth()
                    .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
                    .await
                    .expect("in");
            },
            || async {
                let auth = file_client.auth();
                auth.login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
                    .await
                    .expect("in");
            },
        )
        .await;
    });

    println!();
    println!("ratio = client / baseline; al = allocations per call, B = bytes allocated per call.");
    println!(
        "The last row compares the client with a file session to the client with a memory one."
    );
}
