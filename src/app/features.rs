//! Runs the features' requests against the services. Each feature has its own file here
//! with `run(services, request) -> Result<Reply>`; an error becomes "unavailable".

mod mobile;
mod profile;
mod questions;
mod sms;
mod staff;

use crate::flow::{FeatureReply, FeatureRequest};
use crate::service::{Result, Services};

pub(super) async fn run(services: &Services, request: FeatureRequest) -> Result<FeatureReply> {
    Ok(match request {
        FeatureRequest::Questions(r) => FeatureReply::Questions(questions::run(services, r).await?),
        FeatureRequest::Sms(r) => FeatureReply::Sms(sms::run(services, r).await?),
        FeatureRequest::Profile(r) => FeatureReply::Profile(profile::run(services, r).await?),
        FeatureRequest::Mobile(r) => FeatureReply::Mobile(mobile::run(services, r).await?),
        FeatureRequest::Staff(r) => FeatureReply::Staff(staff::run(services, r).await?),
    })
}
