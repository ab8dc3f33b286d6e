//! Reading the generated indexes: which records a port or a name has, and the
//! hand-written knowledge of a name. The public queries in `query.rs` wrap these.

use crate::layout;
use crate::record::Service;
use crate::tables::{text, ABOUT, ALIASES, COVER_IDS, COVER_OWN, COVER_START, POPCOUNTS};
use crate::tables::{LONGEST_NAME, RANKED_START, RESERVED, RESERVED_START};
use crate::tables::{NAME_IDS, NAME_PILOTS, NAME_REMAP, NAME_SEED, NAME_SLOTS};
use crate::tables::{PORT_GROUPS, PORT_START, RECORDS, STRINGS};
use core::cmp::Ordering;

/// The records of one port: ids in `COVER_IDS` for a port inside a range that began
/// lower, otherwise a contiguous part of `RECORDS`. See `write_port_index` in
/// build/codegen.rs.
#[inline(always)]
pub(crate) fn port_parts(port: u16) -> (&'static [u16], &'static [Service]) {
    let entry = PORT_GROUPS[usize::from(port >> layout::PORT_GROUP_SHIFT)];
    let Some(rank) = layout::port_rank(entry, port, &POPCOUNTS) else {
        return (&[], &[]);
    };
    let Some(&[start, next]) = PORT_START.get(rank..rank + 2) else {
        return (&[], &[]);
    };
    if start & layout::COVERED != 0 {
        return (covered_ids(start & !layout::COVERED), &[]);
    }
    // The records end where the next port's own start; a covered port keeps that apart.
    let end = match next & layout::COVERED {
        0 => next,
        _ => COVER_OWN
            .get(usize::from(next & !layout::COVERED))
            .copied()
            .unwrap_or(next),
    };
    let records = RECORDS.get(usize::from(start)..usize::from(end));
    (&[], records.unwrap_or(&[]))
}

/// The whole answer of the `i`th port inside a range that began lower.
fn covered_ids(i: u16) -> &'static [u16] {
    let i = usize::from(i);
    let ids = match (COVER_START.get(i), COVER_START.get(i + 1)) {
        (Some(&a), Some(&b)) => COVER_IDS.get(usize::from(a)..usize::from(b)),
        _ => None,
    };
    ids.unwrap_or(&[])
}

/// The name map's entry for `name`, matched ASCII case-insensitively: (the lowercase
/// key, a reference with `layout::TEXT_LEN_BITS`; its `NAME_IDS` group), or (0, 0) when
/// `name` is not in the map.
///
/// Kept out of line: inlined into `by_name`, the same code measured about twice as slow
/// over every name (`by_name_every_name` in benches/lookup.rs).
#[inline(never)]
fn name_entry(name: &str) -> (u32, u32) {
    if name.is_empty() || NAME_SLOTS.is_empty() {
        (0, 0)
    } else if name.len() <= layout::SHORT_NAME {
        entry(name, layout::short_name_key(name.as_bytes()))
    } else {
        long_name_entry(name)
    }
}

/// `name_entry` for the few names longer than `layout::SHORT_NAME`.
#[cold]
#[inline(never)]
fn long_name_entry(name: &str) -> (u32, u32) {
    if name.len() > LONGEST_NAME {
        return (0, 0);
    }
    layout::name_key(name.as_bytes()).map_or((0, 0), |query| entry(name, query))
}

/// The entry of a name whose `layout::name_key` is `query`: phf's PtrHash with
/// `layout::name_hash` (the query's word, a pilot byte, and one slot), and the slot's key
/// compared with the query word by word.
///
/// Whether the key matched selects the answer without a branch: a branch on the key's
/// bytes, loaded last, measured slower even when always taken the same way.
#[inline(always)]
fn entry(name: &str, query: [u64; layout::NAME_KEY_WORDS]) -> (u32, u32) {
    let hash = layout::name_hash(layout::name_word(&query), NAME_SEED);
    let slot = phf_shared::ptrhash::get_index(
        NAME_SEED,
        hash,
        &NAME_PILOTS,
        &NAME_REMAP,
        NAME_SLOTS.len(),
    );
    let (text, group) = NAME_SLOTS.get(slot as usize).copied().unwrap_or((0, 0));
    let (offset, len) = layout::unpack_str(text, layout::TEXT_LEN_BITS);
    // Cut to the query's length, which is known before the slot is: the lengths must
    // match as well.
    let key = stored_key(offset, name.len());
    let differ = key.iter().zip(&query).fold(0, |acc, (k, q)| acc | (k ^ q));
    let keep = u32::from((len == name.len()) & (differ == 0)).wrapping_neg();
    (text & keep, group & keep)
}

/// The words of the first `len` bytes at `offset` in the string blob, where a lowercase
/// name key starts, read from its `layout::NAME_KEY_MAX`-byte window: the build pads the
/// blob so that every key has one. Without one, words that match no query.
#[inline(always)]
fn stored_key(offset: usize, len: usize) -> [u64; layout::NAME_KEY_WORDS] {
    let window = STRINGS
        .as_bytes()
        .get(offset..offset + layout::NAME_KEY_MAX)
        .and_then(|window| <&[u8; layout::NAME_KEY_MAX]>::try_from(window).ok());
    match window {
        Some(window) => layout::key_words(window, len, |word| word),
        None => [u64::MAX; layout::NAME_KEY_WORDS],
    }
}

/// The `NAME_IDS` group of a name: (record ids, portless ids). ASCII case-insensitive.
#[inline]
pub(crate) fn name_group(name: &str) -> (&'static [u16], &'static [u16]) {
    group(name_entry(name).1)
}

/// The crate's own spelling (lowercase) of a known name or alias.
pub(crate) fn canonical_name(name: &str) -> Option<&'static str> {
    let (key, _) = name_entry(name);
    (key != 0).then(|| text(key, layout::TEXT_LEN_BITS))
}

/// The ids a name map value points to, split into records and portless names; none for
/// the value 0.
#[inline]
fn group(value: u32) -> (&'static [u16], &'static [u16]) {
    let (start, records, portless) = layout::unpack_group(value);
    let group = NAME_IDS
        .get(start..start + records + portless)
        .unwrap_or(&[]);
    group.split_at_checked(records).unwrap_or((&[], &[]))
}

/// Hand-written knowledge about a name: the `[[about]]` entries of `ports.toml`.
#[derive(Clone, Copy)]
pub(crate) struct About {
    pub(crate) label: Option<&'static str>,
    pub(crate) title: Option<&'static str>,
    /// The other of a plain / implicit-TLS pair, lowercase.
    pub(crate) twin: Option<&'static str>,
    pub(crate) flags: u8,
}

/// A name, lowercased into a zero-padded buffer, to order the lowercase name keys of
/// `ABOUT` and `ALIASES` against: eight bytes at a time, as big-endian words, where a
/// byte loop would lowercase and compare one byte at a time. Those keys are service
/// names, which the build keeps to `NAME_LEN_BITS`, so a longer name matches none.
struct Probe {
    bytes: [u8; 1 << layout::NAME_LEN_BITS],
    len: usize,
}

impl Probe {
    fn new(name: &str) -> Option<Probe> {
        let mut bytes = [0; 1 << layout::NAME_LEN_BITS];
        bytes
            .get_mut(..name.len())?
            .copy_from_slice(name.as_bytes());
        bytes.make_ascii_lowercase();
        Some(Probe {
            bytes,
            len: name.len(),
        })
    }

    /// How the key at string reference `key` orders against the name.
    fn order(&self, key: u32) -> Ordering {
        let (offset, len) = layout::unpack_str(key, layout::TEXT_LEN_BITS);
        let blob = STRINGS.as_bytes();
        let key = blob.get(offset..offset + len).unwrap_or(&[]);
        let Some(head) = blob.get(offset..offset + 8) else {
            return key.cmp(self.name());
        };
        // The key's first eight bytes, those past its end cleared as the name's are.
        let mut word = [0; 8];
        word.copy_from_slice(head);
        let keep = u64::MAX
            .checked_shl(8 * (8 - len.min(8)) as u32)
            .unwrap_or(0);
        let key_head = u64::from_be_bytes(word) & keep;
        let mut name_head = [0; 8];
        name_head.copy_from_slice(&self.bytes[..8]);
        match key_head.cmp(&u64::from_be_bytes(name_head)) {
            Ordering::Equal if len > 8 || self.len > 8 => key.cmp(self.name()),
            Ordering::Equal => len.cmp(&self.len),
            unequal => unequal,
        }
    }

    fn name(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The `[[about]]` entry of a name, matched ASCII case-insensitively.
pub(crate) fn about(name: &str) -> Option<About> {
    let probe = Probe::new(name)?;
    let found = ABOUT.binary_search_by(|&(key, ..)| probe.order(key));
    ABOUT.get(found.ok()?).map(about_entry)
}

/// Every `[[about]]` entry: (its lowercase name, what it says).
pub(crate) fn every_about() -> impl Iterator<Item = (&'static str, About)> {
    ABOUT
        .iter()
        .map(|entry| (text(entry.0, layout::TEXT_LEN_BITS), about_entry(entry)))
}

fn about_entry(&(_, label, title, twin, flags): &(u32, u32, u32, u32, u8)) -> About {
    let some = |word: u32| (word != 0).then(|| text(word, layout::TEXT_LEN_BITS));
    About {
        label: some(label),
        title: some(title),
        twin: some(twin),
        flags,
    }
}

/// Every spoken name: (the lowercase name it stands for, the alias).
pub(crate) fn every_alias() -> impl Iterator<Item = (&'static str, &'static str)> {
    let bits = layout::TEXT_LEN_BITS;
    ALIASES
        .iter()
        .map(move |&(target, alias)| (text(target, bits), text(alias, bits)))
}

/// The `ALIASES` run of a name: (target, alias) pairs whose target is `name`, matched
/// ASCII case-insensitively.
pub(crate) fn aliases_of(name: &str) -> &'static [(u32, u32)] {
    let Some(probe) = Probe::new(name) else {
        return &[];
    };
    let start = ALIASES.partition_point(|&(target, _)| probe.order(target).is_lt());
    let run = ALIASES.get(start..).unwrap_or(&[]);
    // A name has few aliases: walk them rather than search again.
    let len = run
        .iter()
        .take_while(|&&(target, _)| probe.order(target).is_eq())
        .count();
    run.get(..len).unwrap_or(&[])
}

/// The bounds of a protocol code's ports in `RANKED`.
pub(crate) fn ranked_bounds(protocol: usize) -> core::ops::Range<usize> {
    let start = RANKED_START.get(protocol).copied().unwrap_or(0);
    let end = RANKED_START.get(protocol + 1).copied().unwrap_or(start);
    usize::from(start)..usize::from(end)
}

/// True when some service, on any protocol, holds `port`.
#[inline]
pub(crate) fn has_services(port: u16) -> bool {
    let entry = PORT_GROUPS[usize::from(port >> layout::PORT_GROUP_SHIFT)];
    layout::port_in_group(entry, port)
}

/// The Reserved spans of a protocol code, sorted and merged.
pub(crate) fn reserved_spans(protocol: usize) -> &'static [(u16, u16)] {
    let (Some(&start), Some(&end)) = (
        RESERVED_START.get(protocol),
        RESERVED_START.get(protocol + 1),
    ) else {
        return &[];
    };
    RESERVED
        .get(usize::from(start)..usize::from(end))
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    /// The flags that let `Service` skip a lookup say exactly which records have an
    /// `[[about]]` entry and which have spoken names.
    #[test]
    fn record_flags_agree_with_the_about_and_alias_tables() {
        for s in &RECORDS {
            let flag = |f: u8| s.flags() & f != 0;
            let name = s.name();
            assert_eq!(
                flag(layout::FLAG_HAS_ABOUT),
                about(name).is_some(),
                "{name}"
            );
            assert_eq!(
                flag(layout::FLAG_HAS_ALIASES),
                !aliases_of(name).is_empty(),
                "{name}"
            );
        }
    }

    /// `Probe::order` orders exactly as comparing the lowercase bytes would: every key of
    /// `ABOUT` and `ALIASES` against every service name, in its own case and in capitals.
    #[test]
    fn the_probe_orders_as_a_byte_comparison() {
        let keys: Vec<u32> = ABOUT
            .iter()
            .map(|a| a.0)
            .chain(ALIASES.iter().map(|a| a.0))
            .collect();
        let mut names: Vec<&str> = RECORDS.iter().map(Service::name).collect();
        names.dedup();
        for name in names {
            let upper = name.to_ascii_uppercase();
            for query in [name, upper.as_str()] {
                let probe = Probe::new(query).unwrap();
                let lower = name.to_ascii_lowercase();
                for &key in &keys {
                    let expected = text(key, layout::TEXT_LEN_BITS)
                        .as_bytes()
                        .cmp(lower.as_bytes());
                    assert_eq!(probe.order(key), expected, "{query:?}");
                }
            }
        }
        assert!(Probe::new(&"x".repeat((1 << layout::NAME_LEN_BITS) + 1)).is_none());
    }
}
