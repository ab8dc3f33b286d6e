//! Reads and validates `ports.toml` (and a `PORTS_KB_EXTRA` file) into a [`Catalog`].
//!
//! `build.rs` includes this module with `#[path]`, and so do the tests, which feed it
//! bad input and assert the messages, and the importer, which validates its output.
//! It has four parts: the model (`model.rs`), reading TOML into it (`read.rs`), the
//! keys that name records (`keys.rs`), and validation (`validate.rs`). The packed layout (`src/layout.rs`) is included here too,
//! so that the generator and the crate share one definition.

pub mod keys;
#[path = "../src/layout.rs"]
pub mod layout;
pub mod model;
pub mod read;
pub mod validate;

pub use model::StatusRow;
pub use model::{About, Catalog, DataError, Date, PortlessName, Product, Record, Status};
pub use read::{parse, Builder, FileKind};
