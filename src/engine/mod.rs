//! The discrete-event kernel: simulated time, an event queue with a stable order for equal
//! times, and named random streams. It knows nothing about retail.
//!
//! # Lifecycle
//! A model owns an [`EventQueue`] of its own small `Copy` event type, seeds its random sources
//! with [`RandomStreams`], and loops: [`EventQueue::pop`] the next event, handle it (scheduling
//! more), until the queue is empty or the horizon is reached.

mod queue;
mod rng;
mod time;

pub use queue::EventQueue;
pub use rng::{RandomStream, RandomStreams, open01, stream_seed};
pub use time::{MINUTES_PER_DAY, MINUTES_PER_HOUR, Minutes, format_clock};
