//! The sms feature's work: send a reset code, check it. A code is bound to the flow's
//! session through [`session_ref`]: the session number joined to a random value drawn once
//! per process, so a session number reused after a restart is another session.

use std::sync::LazyLock;

use crate::domain::code::SessionRef;
use crate::flow::sms::{Reply, Request};
use crate::service::{Result, Services};

/// 128 random bits for this process (the clock and process id only if the operating
/// system's generator failed, which leaves sessions told apart, if guessably).
static PROCESS: LazyLock<String> = LazyLock::new(|| match SessionRef::generate() {
    Ok(random) => random.as_str().to_string(),
    Err(_) => format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ),
});

/// The reference codes of flow session `session` are bound to.
pub(super) fn session_ref(session: u64) -> SessionRef {
    SessionRef::from_string(format!("{}-{session}", *PROCESS))
}

pub(super) async fn run(services: &Services, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::Send {
            username,
            session,
            lang,
        } => Reply::Sent(
            services
                .request_reset_code_in(&username, &session_ref(session), Some(lang))
                .await?,
        ),
        Request::Check {
            username,
            session,
            code,
        } => Reply::Checked(
            services
                .verify_reset_code(&username, &session_ref(session), code.expose())
                .await?,
        ),
    })
}
