//! What the per-feature sub-flows (security questions, SMS code, profile, mobile number,
//! office staff) share with the core flow. Each feature module owns its screen state
//! (`Step`), the work it asks for (`Request`) and what comes back (`Reply`); it answers
//! every input with a [`Next`] that the core flow applies.

use std::time::Instant;

use crate::config::Settings;
use crate::domain::auth::{Method, Proof, VerifiedAccount};
use crate::domain::lang::Lang;
use crate::domain::username::Username;

use super::{Effect, FeatureRequest, Screen};

/// What a feature handler may read and ask for.
pub struct Ctx<'a> {
    pub session: u64,
    pub now: Instant,
    pub lang: Lang,
    pub settings: &'a Settings,
    pub(super) effects: &'a mut Vec<Effect>,
}

impl Ctx<'_> {
    /// Asks the app to run `request`; its reply comes back to the same feature.
    pub fn request(&mut self, request: FeatureRequest) {
        self.effects.push(Effect::Feature {
            session: self.session,
            request,
        });
    }
}

/// A reset in progress: who, the methods still open to them, the proofs gathered so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetState {
    pub username: Username,
    pub methods: Vec<Method>,
    pub proofs: Vec<Proof>,
    /// Every method the account offered when the reset began: the list an Esc from New
    /// password returns to (the reset is given up and starts again).
    pub offered: Vec<Method>,
}

impl ResetState {
    /// The reset started again: every method offered, no proofs.
    pub fn restarted(&self) -> Self {
        Self {
            username: self.username.clone(),
            methods: self.offered.clone(),
            proofs: Vec::new(),
            offered: self.offered.clone(),
        }
    }
}

/// What the core flow does after a feature handled an input.
#[derive(Debug)]
pub enum Next {
    Stay,
    Go(Screen),
    /// A reset method succeeded (its proof is in the state): the core weighs the proofs
    /// against `verification.require` and continues to New password or the methods left.
    Proved(ResetState),
    /// Back to the list of methods of this reset.
    Methods(ResetState),
    /// Choose a new password (from the profile).
    ChangePassword(VerifiedAccount),
    /// The profile menu.
    Profile(VerifiedAccount),
    /// The profile's mobile number entry.
    Mobile(VerifiedAccount),
    /// End the session: wipe everything, back to Welcome.
    Wipe,
}
