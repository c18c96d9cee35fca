//! Pieces the screens share: the page layout, input fields, the strength meter, the
//! checklist glyphs, the radio choices and the support panel.

pub mod big_text;
pub mod checklist;
pub mod help;
pub mod input;
pub mod meter;
pub mod page;
pub mod radio;
