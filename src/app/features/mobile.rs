//! The mobile feature's work (a stub until its issue lands).

use crate::flow::mobile::{Reply, Request};
use crate::service::{Result, Services};

pub(super) async fn run(_services: &Services, request: Request) -> Result<Reply> {
    match request {}
}
