//! Helpers shared by the test modules: the repository and its scenarios, a running
//! `omnisim serve` with an HTTP client, and headless Chromium.

pub mod browser;
pub mod common;
pub mod serve;
