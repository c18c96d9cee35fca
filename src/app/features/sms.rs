//! The sms feature's work: send a reset code, check it. A code is bound to the flow's
//! session through [`Services::session_ref`] (the session number joined to a value the
//! services draw once per process).

use crate::flow::sms::{Reply, Request};
use crate::service::{Result, Services};

pub(super) async fn run(services: &Services, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::Send {
            username,
            session,
            lang,
        } => Reply::Sent(
            services
                .request_reset_code_in(&username, &services.session_ref(session), Some(lang))
                .await?,
        ),
        Request::Check {
            username,
            session,
            code,
        } => Reply::Checked(
            services
                .verify_reset_code(&username, &services.session_ref(session), code.expose())
                .await?,
        ),
    })
}
