//! The questions feature's work: the challenge and the check of the answers (argon2 runs on
//! the blocking pool inside the service, never on this loop).

use crate::flow::questions::{Reply, Request};
use crate::service::{Result, Services};

pub(super) async fn run(services: &Services, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::Start { username } => Reply::Asked(services.start_questions(&username).await?),
        Request::Answer { username, answers } => {
            Reply::Answered(services.answer_questions(&username, &answers).await?)
        }
    })
}
