//! Background work the services start and must not lose: the notices after a password or
//! number change. They run on the tokio runtime so a slow gateway never holds up the kiosk,
//! but one [`TaskTracker`] holds them, so tests can wait for them and shutdown drains them.

use std::future::Future;
use std::time::Duration;

use tokio_util::task::TaskTracker;

use super::Services;

/// The running background tasks, shared by every clone of [`Services`].
#[derive(Clone, Default)]
pub(super) struct Background(TaskTracker);

impl Background {
    /// Starts `task`; outside a runtime (never in the kiosk) it is dropped with a warning.
    pub(super) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                self.0.spawn_on(task, &handle);
            }
            Err(_) => tracing::warn!("no async runtime: background task dropped"),
        }
    }

    /// Waits until no tracked task is running. A tracker's `wait` ends only once it is
    /// closed, so it is closed for the wait and opened again; spawning still works while
    /// closed, and tasks spawned meanwhile are waited for too.
    async fn idle(&self) {
        self.0.close();
        self.0.wait().await;
        self.0.reopen();
    }
}

impl Services {
    /// Waits for every background task (change notices) to finish. Tests await this
    /// instead of sleeping.
    pub async fn background_idle(&self) {
        self.background.idle().await;
    }

    /// Starts a background task that panics once the file `trigger` exists, for the test
    /// that a panic on any thread ends the kiosk with the terminal restored.
    #[cfg(feature = "test-support")]
    #[allow(clippy::panic, reason = "the injected failure under test")]
    pub fn inject_background_panic(&self, trigger: std::path::PathBuf) {
        self.background.spawn(async move {
            while !trigger.exists() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("injected panic in a background task");
        });
    }

    /// At shutdown: lets background tasks finish for at most `grace`; true when all did.
    pub async fn drain_background(&self, grace: Duration) -> bool {
        self.background.0.close();
        tokio::time::timeout(grace, self.background.0.wait())
            .await
            .is_ok()
    }
}
