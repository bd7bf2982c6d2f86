//! The library's one error type: a message that says what failed and where (a folder, a
//! journal, a shard, a results file, a chart), and the error behind it when there is one.
//! The command line prints the message, then each cause after a colon.
//!
//! A leaf: the output layers (`runs`, `report`) return it, and it knows nothing of them.

use std::error::Error as StdError;

/// What went wrong, and the error behind it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    message: String,
    #[source]
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Error {
    /// An error that is only a message (a refusal: nothing failed underneath).
    pub fn msg(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            source: None,
        }
    }
}

/// A system error with nothing to add: its own message.
impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::msg(e.to_string())
    }
}

/// A JSON error with nothing to add: its own message.
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::msg(e.to_string())
    }
}

/// A CSV error with nothing to add: its own message.
impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        Error::msg(e.to_string())
    }
}

/// The result of the library's output layers.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Says what was being done when a lower-level error happened.
pub(crate) trait Context<T> {
    /// The message, computed only on failure, with the error as its cause.
    fn with_context<F: FnOnce() -> String>(self, message: F) -> Result<T>;

    /// A fixed message, with the error as its cause.
    fn context(self, message: &str) -> Result<T>
    where
        Self: Sized,
    {
        self.with_context(|| message.to_string())
    }
}

impl<T, E: StdError + Send + Sync + 'static> Context<T> for std::result::Result<T, E> {
    fn with_context<F: FnOnce() -> String>(self, message: F) -> Result<T> {
        self.map_err(|e| Error {
            message: message(),
            source: Some(Box::new(e)),
        })
    }
}

/// A missing value is an error with this message (and no cause).
impl<T> Context<T> for Option<T> {
    fn with_context<F: FnOnce() -> String>(self, message: F) -> Result<T> {
        self.ok_or_else(|| Error::msg(message()))
    }
}

/// Returns an [`Error`] with a formatted message.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::error::Error::msg(format!($($arg)*)))
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
        assert!(Error::msg("refused").source().is_none());
    }

    #[test]
    fn a_missing_value_becomes_a_message_without_cause() {
        let err = None::<u8>.context("no column `kpi`").unwrap_err();
        assert_eq!(err.to_string(), "no column `kpi`");
        assert!(err.source().is_none());
        assert_eq!(Some(3).context("unused").unwrap(), 3);
    }
}
