//! The generated tables (`OUT_DIR/tables.rs`, from `ports.toml` by `build.rs`), and the
//! few helpers that read their packed forms. Nothing here is public.

use crate::service::{PortlessName, Service};

/// A key of the name map: a lowercase name in `STRINGS`, as offset:20 | len:8.
/// Four bytes instead of a sixteen-byte `&str`, and no second copy of the names.
pub(crate) struct NameKey(pub(crate) u32);

/// A lowercase query for the name map: hashes exactly as the `str` of the same bytes
/// (phf feeds a `str` to the hasher as its length, then its bytes), so a query lowercased
/// on the stack needs no UTF-8 check, and compares as bytes, without char-boundary checks.
#[derive(PartialEq, Eq)]
pub(crate) struct LowerKey<'a>(pub(crate) &'a [u8]);

impl phf::PhfHash for LowerKey<'_> {
    #[inline]
    fn phf_hash<H: core::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.len() as u64);
        state.write(self.0);
    }
}

impl phf::PhfEq<LowerKey<'_>> for NameKey {
    #[inline]
    fn phf_eq(&self, other: &LowerKey<'_>) -> bool {
        let offset = (self.0 >> 8) as usize;
        STRINGS
            .as_bytes()
            .get(offset..offset + (self.0 & 0xff) as usize)
            == Some(other.0)
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

/// The string at a packed `offset << len_bits | len` in `STRINGS`.
#[inline(always)]
pub(crate) fn text(packed: u32, len_bits: u32) -> &'static str {
    let offset = (packed >> len_bits) as usize;
    let len = (packed & ((1 << len_bits) - 1)) as usize;
    STRINGS.get(offset..offset + len).unwrap_or("")
}

/// Hand-written knowledge about a name: the `[[about]]` entries of `ports.toml`.
#[derive(Clone, Copy)]
pub(crate) struct About {
    pub(crate) label: Option<&'static str>,
    pub(crate) title: Option<&'static str>,
    /// The other of a plain / implicit-TLS pair, lowercase.
    pub(crate) twin: Option<&'static str>,
    pub(crate) implicit_tls: bool,
    pub(crate) historic: bool,
}

/// The `[[about]]` entry of a name, matched ASCII case-insensitively.
pub(crate) fn about(name: &str) -> Option<About> {
    let found = ABOUT.binary_search_by(|&(key, ..)| {
        let key = text(key, 8).bytes();
        key.cmp(name.bytes().map(|b| b.to_ascii_lowercase()))
    });
    let &(_, label, title, twin, flags) = ABOUT.get(found.ok()?)?;
    let some = |word: u32| (word != 0).then(|| text(word, 8));
    Some(About {
        label: some(label),
        title: some(title),
        twin: some(twin),
        implicit_tls: flags & 1 != 0,
        historic: flags & 2 != 0,
    })
}

/// The bytes of static data behind the API: records, strings and every index.
/// Pinned per feature set, as `unicode-ident` pins its tables, so growth is a decision.
#[cfg(test)]
mod footprint {
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
            + meta
    }

    /// Bytes for (descriptions, metadata). Update these when the data grows, and say why.
    const PINNED: [((bool, bool), usize); 4] = [
        ((true, false), 515_505),
        ((false, false), 306_610),
        ((true, true), 661_870),
        ((false, true), 452_975),
    ];

    /// The budget for the default features: the whole registry with descriptions.
    const BUDGET: usize = 512 * 1024;

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
        if features == (true, false) {
            assert!(
                total() <= BUDGET,
                "{} bytes is over the {BUDGET}-byte budget",
                total()
            );
        }
    }
}
