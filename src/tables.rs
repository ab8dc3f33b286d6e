//! The generated tables (`OUT_DIR/tables.rs`, from `ports.toml` by `build.rs`), the
//! name map's key types, and [`text`], which resolves a string reference. Nothing here
//! is public.

use crate::layout;
use crate::record::{PortlessName, Service};

/// A key of the name map: a lowercase name in `STRINGS`, a reference with
/// `layout::TEXT_LEN_BITS`. Four bytes instead of a sixteen-byte `&str`, and no second
/// copy of the names.
pub(crate) struct NameKey(pub(crate) u32);

/// A query for the name map, in any case: hashes as `layout::name_word` of its bytes,
/// as the generator hashed each lowercase key, and compares ASCII case-insensitively
/// with the key's bytes, so no lowercase copy is made.
#[derive(PartialEq, Eq)]
pub(crate) struct QueryKey<'a>(pub(crate) &'a [u8]);

impl phf::PhfHash for QueryKey<'_> {
    #[inline]
    fn phf_hash<H: core::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(layout::name_word(self.0));
    }
}

impl phf::PhfEq<QueryKey<'_>> for NameKey {
    #[inline]
    fn phf_eq(&self, other: &QueryKey<'_>) -> bool {
        let (offset, len) = layout::unpack_str(self.0, layout::TEXT_LEN_BITS);
        let key = STRINGS.as_bytes().get(offset..offset + len);
        key.is_some_and(|key| layout::eq_lowercase(key, other.0))
    }
}

/// The generated tables themselves, in a module of their own so that only they are
/// exempt from lints: they are data, and lints about their literals say nothing useful.
#[allow(clippy::all, clippy::pedantic)]
mod generated {
    use super::{NameKey, PortlessName, Service};
    #[cfg(feature = "metadata")]
    use crate::metadata::Meta;
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}
pub(crate) use generated::*;

/// The string of a reference packed with `len_bits` of length.
#[inline(always)]
pub(crate) fn text(packed: u32, len_bits: u32) -> &'static str {
    let (offset, len) = layout::unpack_str(packed, len_bits);
    STRINGS.get(offset..offset + len).unwrap_or("")
}

/// The bytes of static data behind the API: records, strings and every index.
/// Pinned per feature set, as `unicode-ident` pins its tables, so growth is a decision.
#[cfg(test)]
mod footprint {
    extern crate std;
    use super::*;
    use core::mem::size_of_val;

    fn total() -> usize {
        let names =
            size_of_val(NAMES.entries) + size_of_val(NAMES.disps) + core::mem::size_of_val(&NAMES);
        let meta = {
            #[cfg(feature = "metadata")]
            {
                size_of_val(&METADATA)
            }
            #[cfg(not(feature = "metadata"))]
            0
        };
        STRINGS.len()
            + size_of_val(&RECORDS)
            + size_of_val(&RANGE_LAST)
            + size_of_val(&PROTOCOL_UNSPECIFIED)
            + size_of_val(&PORTLESS)
            + size_of_val(&PORT_BITS)
            + size_of_val(&PORT_RANK)
            + size_of_val(&PORT_START)
            + size_of_val(&COVERED_PORTS)
            + size_of_val(&COVER_START)
            + size_of_val(&COVER_IDS)
            + size_of_val(&PROTOCOL_START)
            + size_of_val(&PROTOCOL_IDS)
            + size_of_val(&RESERVED_START)
            + size_of_val(&RESERVED)
            + names
            + size_of_val(&NAME_IDS)
            + size_of_val(&ABOUT)
            + size_of_val(&ALIASES)
            + size_of_val(&CATEGORY_START)
            + size_of_val(&CATEGORY_IDS)
            + size_of_val(&RANKED_START)
            + size_of_val(&RANKED)
            + size_of_val(&TIER_START)
            + size_of_val(&TIER_IDS)
            + meta
    }

    /// Bytes for (descriptions, metadata). Update these when the data grows, and say why.
    /// (Records are 12 bytes with descriptions, 8 without: the head holds the name,
    /// protocol, source and flags; category and prevalence are a typed byte each. The
    /// categories, tiers, aliases and researched records of the knowledge issue added
    /// 46,277 bytes by default; the tier lists that let search visit common services
    /// first, 1,754; the list of records without a protocol, which made room for the
    /// typed bytes, 64.)
    const PINNED: [((bool, bool), usize); 4] = [
        ((true, false), 587_362),
        ((false, false), 366_274),
        ((true, true), 748_474),
        ((false, true), 527_386),
    ];

    /// The most the default features may take: 576 KiB.
    const BUDGET: usize = 576 * 1024;

    /// `587362` as `587,362`, as the README writes it.
    fn grouped(n: usize) -> std::string::String {
        let (thousands, rest) = (n / 1000, n % 1000);
        std::format!("{thousands},{rest:03}")
    }

    #[test]
    fn static_footprint_is_pinned() {
        let features = (cfg!(feature = "descriptions"), cfg!(feature = "metadata"));
        let pinned = PINNED
            .iter()
            .find(|(f, _)| *f == features)
            .map(|&(_, bytes)| bytes);
        assert_eq!(
            Some(total()),
            pinned,
            "footprint for (descriptions, metadata) = {features:?}"
        );
        // The README's size table states each pinned figure.
        let readme = include_str!("../README.md");
        let figure = pinned.map(grouped);
        assert!(
            figure.as_ref().is_some_and(|f| readme.contains(f.as_str())),
            "the README's size table states {figure:?}"
        );
        if features == (true, false) {
            assert!(
                total() <= BUDGET,
                "{} bytes is over the {BUDGET}-byte budget",
                total()
            );
        }
    }
}
