//! The mobile feature's work: the current number, a code to a new number, its check. The
//! code is bound to the flow session as the reset codes are ([`Services::session_ref`]).

use crate::flow::mobile::{Reply, Request};
use crate::service::{Result, Services};

pub(super) async fn run(services: &Services, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::Current { account } => Reply::Current(services.mobile_of(&account).await?),
        Request::Send {
            account,
            session,
            number,
        } => Reply::Sent(
            services
                .request_mobile_code(&account, &services.session_ref(session), &number)
                .await?,
        ),
        Request::Check {
            account,
            session,
            code,
        } => Reply::Checked(
            services
                .confirm_mobile_code(&account, &services.session_ref(session), code.expose())
                .await?,
        ),
    })
}
