//! The profile feature's work: the account's enrolment (with the service's clock, for the
//! expiry warning) and storing a new answer set (hashed on the blocking pool).

use crate::flow::profile::{ProfileInfo, Reply, Request};
use crate::service::{Result, Services};

pub(super) async fn run(services: &Services, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::Load { account } => Reply::Loaded(ProfileInfo {
            now: services.now(),
            enrolment: services.enrolment(&account).await?,
        }),
        Request::Enrol { account, answers } => {
            Reply::Enrolled(services.enroll_questions(&account, &answers).await?)
        }
    })
}
