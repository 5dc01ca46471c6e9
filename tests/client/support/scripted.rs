//! A loopback HTTP/1.1 server whose answers a test scripts, and which records every
//! request it gets.
//!
//! The emulator answers as the IAM service does; this server answers what a test needs
//! to see the client cope with: broken bodies, silence, redirects, unknown statuses. It can
//! also forward to the emulator, to watch the headers the client sends on real flows.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Answer with this status, extra headers and body.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Never answer; keep the connection open.
    Silence,
}

impl Reply {
    /// A JSON answer with status 200.
    pub fn json(body: &str) -> Self {
        Self::status(200, "application/json", body)
    }

    /// An answer with any status and content type.
    pub fn status(status: u16, content_type: &str, body: &str) -> Self {
        Self::Answer {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::Answer {
            status,
            headers: vec![("location".to_owned(), location.to_owned())],
            body: Vec::new(),
        }
    }
}

type Script = Arc<dyn Fn(Recorded) -> Pin<Box<dyn Future<Output = Reply> + Send>> + Send + Sync>;

/// A running scripted server; it stops when dropped.
pub struct ScriptedServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ScriptedServer {
    /// Starts a server that answers every request with `script`.
    pub async fn start<F, Fut>(script: F) -> Self
    where
        F: Fn(Recorded) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        let script: Script = Arc::new(move |request| Box::pin(script(request)));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let requests = Arc::new(Mutex::new(Vec::new()));

        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, script.clone(), recorded.clone()));
            }
        });

        Self {
            addr,
            requests,
            task,
        }
    }

    /// Starts a server that answers every request with the same reply.
    pub async fn answering(reply: fn() -> Reply) -> Self {
        Self::start(move |_| async move { reply() }).await
    }

    /// Starts a server that forwards every request to `base_url` (an emulator's) and
    /// answers what it answered.
    pub async fn forwarding_to(base_url: String) -> Self {
        let upstream = reqwest::Client::new();
        Self::start(move |request| forward(upstream.clone(), base_url.clone(), request)).await
    }

    /// The server's origin, e.g. `http://127.0.0.1:40123`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The server as an API base URL.
    pub fn base_url(&self) -> String {
        format!("{}/api", self.origin())
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .expect("no test panicked holding the lock")
            .clone()
    }
}

async fn forward(upstream: reqwest::Client, base_url: String, request: Recorded) -> Reply {
    let path = request.path.strip_prefix("/api").unwrap_or(&request.path);
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("a method");
    let mut outgoing = upstream.request(method, format!("{base_url}{path}"));
    for (name, value) in &request.headers {
        if !matches!(name.as_str(), "host" | "connection" | "content-length") {
            outgoing = outgoing.header(name, value);
        }
    }

    let response = outgoing
        .body(request.body)
        .send()
        .await
        .expect("the emulator answers");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| *name == reqwest::header::CONTENT_TYPE)
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response.bytes().await.expect("a body").to_vec();

    Reply::Answer {
        status,
        headers,
        body,
    }
}

async fn serve(mut stream: TcpStream, script: Script, requests: Arc<Mutex<Vec<Recorded>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    requests
        .lock()
        .expect("no test panicked holding the lock")
        .push(request.clone());

    match script(request).await {
        Reply::Answer {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");

            // The client may have given up already (a timeout test); that is fine.
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::Silence => {
            let mut sink = [0u8; 64];
            while matches!(stream.read(&mut sink).await, Ok(read) if read > 0) {}
        }
    }
}

/// Reads one request: the head up to the blank line, then `content-length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };

    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();

    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }

    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}
