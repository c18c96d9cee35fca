//! The profile screen (a stub until its issue lands: an empty page with the usual footer).

use super::widgets::page::Page;
use super::{Tr, View};
use crate::flow::{profile::Step, Model};

pub(super) fn view(_model: &Model, _tr: &Tr, _step: &Step) -> View {
    View {
        page: Page::new(),
        hints: Vec::new(),
    }
}
