//! (in progress) placeholder so the crate compiles; helper-1 replaces this file.
pub fn is_common(candidate: &str) -> bool {
    candidate.to_lowercase() == "password"
}
