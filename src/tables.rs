//! The generated tables (`OUT_DIR/tables.rs`, from `ports.toml` by `build.rs`), and the
//! few helpers that read their packed forms. Nothing here is public.

// The generated file is data; lints about its literals say nothing useful.
#![allow(clippy::all, clippy::pedantic, clippy::unreadable_literal)]

#[cfg(feature = "metadata")]
use crate::metadata::Meta;
use crate::service::{PortlessName, Service};

/// A key of the name map: a lowercase name in `STRINGS`, as offset:20 | len:8.
/// Four bytes instead of a sixteen-byte `&str`, and no second copy of the names.
pub(crate) struct NameKey(pub(crate) u32);

impl phf::PhfEq<str> for NameKey {
    fn phf_eq(&self, other: &str) -> bool {
        text(self.0, 8) == other
    }
}

include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// The string at a packed `offset << len_bits | len` in `STRINGS`.
#[inline]
pub(crate) fn text(packed: u32, len_bits: u32) -> &'static str {
    let offset = (packed >> len_bits) as usize;
    let len = (packed & ((1 << len_bits) - 1)) as usize;
    STRINGS.get(offset..offset + len).unwrap_or("")
}

/// The `[[about]]` entry of a name: (lowercase name, label or "").
pub(crate) fn about(name: &str) -> Option<(&'static str, &'static str)> {
    let found = ABOUT.binary_search_by(|&(key, _)| {
        let key = text(key, 8).bytes();
        key.cmp(name.bytes().map(|b| b.to_ascii_lowercase()))
    });
    let &(key, label) = ABOUT.get(found.ok()?)?;
    Some((text(key, 8), text(label, 8)))
}
