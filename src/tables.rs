//! The generated tables (`OUT_DIR/tables.rs`, from `ports.toml` by `build.rs`), the
//! byte popcount table, and [`text`], which resolves a string reference. Nothing here
//! is public.

use crate::layout;
use crate::record::{PortlessName, Service};

/// The generated tables themselves, in a module of their own so that only they are
/// exempt from lints: they are data, and lints about their literals say nothing useful.
#[allow(clippy::all, clippy::pedantic)]
mod generated {
    use super::{PortlessName, Service};
    #[cfg(feature = "metadata")]
    use crate::record::Meta;
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}
pub(crate) use generated::*;

/// Bits set in each byte value, for `layout::port_rank`.
pub(crate) static POPCOUNTS: [u8; 256] = layout::byte_popcounts();

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
        let names = size_of_val(&NAME_SLOTS)
            + size_of_val(&NAME_STARTS)
            + size_of_val(&NAME_PILOTS)
            + size_of_val(&NAME_REMAP)
            + size_of_val(&NAME_SEED);
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
            + size_of_val(&PORT_GROUPS)
            + size_of_val(&POPCOUNTS)
            + size_of_val(&PORT_START)
            + size_of_val(&COVER_OWN)
            + size_of_val(&COVER_START)
            + size_of_val(&COVER_IDS)
            + size_of_val(&WIDE_BLOCKS)
            + size_of_val(&WIDE_FROM)
            + size_of_val(&WIDE_START)
            + size_of_val(&WIDE_IDS)
            + size_of_val(&WIDE_RECORDS)
            + size_of_val(&PROTOCOL_START)
            + size_of_val(&PROTOCOL_IDS)
            + size_of_val(&RESERVED_START)
            + size_of_val(&RESERVED)
            + names
            + size_of_val(&NAME_IDS)
            + size_of_val(&ABOUT)
            + size_of_val(&ALIASES)
            + size_of_val(&ALIAS_TEXTS)
            + size_of_val(&CATEGORY_START)
            + size_of_val(&CATEGORY_IDS)
            + size_of_val(&RANKED_START)
            + size_of_val(&RANKED)
            + size_of_val(&TIER_START)
            + size_of_val(&TIER_IDS)
            + size_of_val(&LEADER_KEYS)
            + size_of_val(&LEADER_IDS)
            + meta
    }

    /// Bytes for (descriptions, metadata). Update these when the data grows, and say why.
    /// (Records are 12 bytes with descriptions, 8 without: the head holds the name,
    /// protocol, source and flags; category and prevalence are a typed byte each. The
    /// categories, tiers, aliases and researched records of the knowledge issue added
    /// 46,277 bytes by default; the tier lists that let search visit common services
    /// first, 1,754; the list of records without a protocol, which made room for the
    /// typed bytes, 64. The name map's move to phf's PtrHash, a pilot byte for every
    /// three keys instead of an 8-byte displacement, saved 18,402. The 31 bytes after the
    /// string blob let every name key be read as one 32-byte window. A port's rank from
    /// 16-port groups, each holding its count before, in place of 64-bit words and a
    /// popcount, costs 6,400: `lookup` over every port in order went from 1.30x to 1.13x
    /// the direct index. The re-audit of 2026-12 added 2,562: 27 records for software met
    /// on other registrations' ports, and an `ABOUT` entry for each of the 67 TLS
    /// registrations flagged `implicit_tls` and the 26 twin pairs; `ABOUT` entries keyed
    /// by a registration's first record are 16 bytes, not 20. The products issue added
    /// 893 records, 21 of them wide ranges, and 513 products, 65,042 bytes by default:
    /// name slots of 6 bytes, not 8 (19,192 saved), with the groups of consecutive records
    /// stored as runs (22,233 saved); texts found inside longer ones stored once (15,007
    /// saved); each spoken name's text once in `ALIAS_TEXTS`; `guess`'s leaders of
    /// contested ports, 828; the wide ranges' tables, 878.)
    const PINNED: [((bool, bool), usize); 4] = [
        ((true, false), 642_995),
        ((false, false), 373_929),
        ((true, true), 841_699),
        ((false, true), 572_603),
    ];

    /// The most the default features may take, 640 KiB, and no features, 400 KiB.
    const BUDGETS: [((bool, bool), usize); 2] =
        [((true, false), 640 * 1024), ((false, false), 400 * 1024)];

    /// `568960` as `568,960`, as the README writes it.
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
        for (budgeted, budget) in BUDGETS {
            if features == budgeted {
                assert!(
                    total() <= budget,
                    "{} bytes is over the {budget}-byte budget",
                    total()
                );
            }
        }
    }
}
