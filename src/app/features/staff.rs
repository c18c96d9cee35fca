//! The staff feature's work: each request of the staff screens is one service call.

use crate::flow::staff::{Reply, Request};
use crate::service::{Result, Services};

pub(super) async fn run(services: &Services, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::SignIn {
            username,
            password,
            lang,
        } => Reply::SignIn(services.staff_sign_in(&username, &password, lang).await?),
        Request::Code { challenge, code } => Reply::Code(
            services
                .staff_confirm_code(&challenge, code.expose())
                .await?,
        ),
        Request::Search { staff, query } => {
            let result = services.staff_search(&staff, &query).await?;
            Reply::Search { query, result }
        }
        Request::Card { staff, person_id } => {
            Reply::Card(Box::new(services.staff_card(&staff, person_id).await?))
        }
        Request::Check {
            staff,
            person_id,
            check,
        } => {
            let result = services
                .staff_record_check(&staff, person_id, &check)
                .await?;
            Reply::Check { check, result }
        }
        Request::Act {
            staff,
            person_id,
            check,
            action,
        } => Reply::Act(
            services
                .staff_act(&staff, person_id, &check, action)
                .await?,
        ),
    })
}
