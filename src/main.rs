//! The `omnisim` binary: a thin shell around [`omnisim::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    match omnisim::cli::main() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Error: {err:#}");
            ExitCode::from(2)
        }
    }
}
