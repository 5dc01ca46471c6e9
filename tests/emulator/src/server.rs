//! The HTTP server: the router of every operation, and the handle of a running emulator.

use std::any::Any;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::catch_panic::CatchPanicLayer;

use crate::app::{App, SharedApp};
use crate::config::{BASE_PATH, EmulatorBuilder, Settings};
use crate::errors::{self, HttpError};
use crate::security::{self, Chain};
use crate::{auth, devices, projects, roles, tenants, users};

/// Why an emulator could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The address could not be bound.
    #[error("cannot listen on the address: {0}")]
    Bind(#[source] std::io::Error),
    /// The operating system's random generator failed.
    #[error("the operating system's random generator failed")]
    Random,
    /// The token signing key was refused.
    #[error("the token signing key cannot be used")]
    SigningKey,
    /// Serving connections failed.
    #[error("the server failed: {0}")]
    Serve(#[source] std::io::Error),
    /// The server's task ended abnormally.
    #[error("the server task ended abnormally")]
    Task(#[source] tokio::task::JoinError),
}

/// A running emulator. Made by [`EmulatorBuilder::start`]; stopped by
/// [`shutdown`](Self::shutdown), or in the background when dropped.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    app: SharedApp,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), EmulatorError>>>,
}

impl Emulator {
    /// A builder with the development defaults.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Starts an emulator with the development defaults on a free port of `127.0.0.1`.
    pub async fn start() -> Result<Self, EmulatorError> {
        Self::builder().start().await
    }

    /// The address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base URL, e.g. `http://127.0.0.1:40123/api`.
    pub fn base_url(&self) -> String {
        base_url(self.addr)
    }

    /// Moves the emulator's clock forward, so that tokens expire without waiting. Whole
    /// seconds count; the clock never goes back.
    pub fn advance_clock(&self, by: Duration) {
        self.app.clock.advance(by);
    }

    /// Stops accepting connections, lets the requests under way finish, and waits for the
    /// server to end.
    pub async fn shutdown(mut self) -> Result<(), EmulatorError> {
        if let Some(stop) = self.stop.take() {
            // The server may have ended already; then there is nobody to tell.
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(EmulatorError::Task)?,
            None => Ok(()),
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The API base URL of an emulator listening on `addr`.
pub(crate) fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}{BASE_PATH}")
}

/// Starts serving on `listener` in a background task.
pub(crate) fn spawn(settings: Settings, listener: TcpListener) -> Result<Emulator, EmulatorError> {
    let addr = listener.local_addr().map_err(EmulatorError::Bind)?;
    let app = Arc::new(App::new(settings)?);
    let router = router(&app);
    let (stop, stopped) = oneshot::channel::<()>();

    let task = tokio::spawn(async move {
        let shutdown = async {
            // A dropped sender stops the server as a sent signal does.
            let _ = stopped.await;
        };
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(EmulatorError::Serve)
    });

    Ok(Emulator {
        addr,
        app,
        stop: Some(stop),
        task: Some(task),
    })
}

/// Serves on `listener` in the current task until `shutdown` resolves.
pub(crate) async fn serve(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), EmulatorError> {
    let app = Arc::new(App::new(settings)?);
    axum::serve(listener, router(&app))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(EmulatorError::Serve)
}

/// Every operation under [`BASE_PATH`], each behind its security chain.
fn router(app: &SharedApp) -> Router {
    let chain =
        |chain: Chain| middleware::from_fn_with_state((app.clone(), chain), security::guard);

    let api = Router::new()
        .merge(auth::public_routes())
        .merge(auth::me_routes().route_layer(chain(Chain::Me)))
        .merge(auth::admin_routes().route_layer(chain(Chain::Admin)))
        .merge(tenants::routes().route_layer(chain(Chain::SystemOnly)))
        .merge(users::routes().route_layer(chain(Chain::Resources)))
        .merge(projects::routes().route_layer(chain(Chain::Resources)))
        .merge(roles::routes().route_layer(chain(Chain::Resources)))
        .merge(devices::routes().route_layer(chain(Chain::Resources)))
        .method_not_allowed_fallback(errors::unknown_method)
        .with_state(app.clone());

    Router::new()
        .nest(BASE_PATH, api)
        .fallback(errors::unknown_path)
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(middleware::from_fn(log_request))
}

/// Logs each request's method, path, status and duration: never headers, queries or
/// bodies, which carry the secrets.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();

    let response = next.run(request).await;

    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        duration = ?started.elapsed(),
        "request"
    );
    response
}

/// A panic in a handler is a bug of the emulator: answer 500 and keep serving.
fn answer_panic(_panic: Box<dyn Any + Send + 'static>) -> Response {
    HttpError::internal("the emulator failed on this request").into_response()
}
