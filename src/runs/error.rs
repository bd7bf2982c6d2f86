//! The error of the runs layer: a message that says what failed and where (a folder, a
//! journal, a shard), and the system error behind it when there is one. The command line
//! prints the message, then the cause after a colon.

use std::error::Error as StdError;

/// What went wrong with an output folder, a journal or a set of shards.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RunsError {
    message: String,
    #[source]
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl RunsError {
    /// An error that is only a message (a refusal: nothing failed underneath).
    pub fn msg(message: impl Into<String>) -> Self {
        RunsError {
            message: message.into(),
            source: None,
        }
    }
}

/// A system error with nothing to add: its own message.
impl From<std::io::Error> for RunsError {
    fn from(e: std::io::Error) -> Self {
        RunsError::msg(e.to_string())
    }
}

/// A JSON error with nothing to add: its own message.
impl From<serde_json::Error> for RunsError {
    fn from(e: serde_json::Error) -> Self {
        RunsError::msg(e.to_string())
    }
}

/// The result of the runs layer.
pub type Result<T, E = RunsError> = std::result::Result<T, E>;

/// Says what was being done when a lower-level error happened.
pub(crate) trait Context<T> {
    /// The message, computed only on failure, with the error as its cause.
    fn with_context<F: FnOnce() -> String>(self, message: F) -> Result<T>;
}

impl<T, E: StdError + Send + Sync + 'static> Context<T> for std::result::Result<T, E> {
    fn with_context<F: FnOnce() -> String>(self, message: F) -> Result<T> {
        self.map_err(|e| RunsError {
            message: message(),
            source: Some(Box::new(e)),
        })
    }
}

/// Returns a [`RunsError`] with a formatted message.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::runs::error::RunsError::msg(format!($($arg)*)))
    };
}
pub(crate) use bail;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cause_follows_the_message() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = Err::<(), _>(io)
            .with_context(|| "cannot write out/summary.csv".into())
            .unwrap_err();
        assert_eq!(err.to_string(), "cannot write out/summary.csv");
        assert_eq!(err.source().expect("a cause").to_string(), "no such file");
        assert!(RunsError::msg("refused").source().is_none());
    }
}
