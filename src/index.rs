//! Reading the generated indexes: which records a port or a name has, and the
//! hand-written knowledge of a name. The public queries in `query.rs` wrap these.

use crate::layout;
use crate::record::Service;
use crate::tables::POPCOUNTS;
use crate::tables::RECORD_COUNT;
use crate::tables::{text, ABOUT, ALIASES, ALIAS_TEXTS, COVER_IDS, COVER_OWN, COVER_START};
use crate::tables::{
    LEADER_IDS, LEADER_KEYS, LONGEST_NAME, RANKED_START, RESERVED, RESERVED_START,
};
use crate::tables::{NAME_IDS, NAME_PILOTS, NAME_REMAP, NAME_SEED, NAME_SLOTS, NAME_STARTS};
use crate::tables::{PORT_GROUPS, PORT_START, RECORDS, STRINGS};
use crate::tables::{WIDE_BLOCKS, WIDE_FROM, WIDE_IDS, WIDE_START};

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

/// The wide ranges that hold `port`, by id: its segment of `WIDE_IDS` (see `write_wide`
/// in build/codegen.rs). Empty for most ports.
#[inline]
pub(crate) fn wide_ids(port: u16) -> &'static [u16] {
    let entry = WIDE_BLOCKS[usize::from(port >> layout::WIDE_BLOCK_SHIFT)];
    if entry & layout::WIDE_BLOCK_CUT == 0 {
        // The whole block lies in one segment: its run of ids.
        let (start, len) = layout::unpack_wide_run(entry);
        return WIDE_IDS.get(start..start + len).unwrap_or(&[]);
    }
    // A segment starts inside the block: from the cuts before it, those up to the port.
    let mut after = usize::from(entry & !layout::WIDE_BLOCK_CUT);
    while WIDE_FROM.get(after).is_some_and(|&from| from <= port) {
        after += 1;
    }
    // The first segment starts at port 0, so every port has one.
    let segment = after.saturating_sub(1);
    match WIDE_START.get(segment..segment + 2) {
        Some(&[a, b]) => WIDE_IDS.get(usize::from(a)..usize::from(b)).unwrap_or(&[]),
        _ => &[],
    }
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

/// The name map's entry for `name`, matched ASCII case-insensitively: (the slot's key
/// word, `layout::pack_name_slot`; its group's start in `NAME_IDS`), or (0, 0) when
/// `name` is not in the map.
///
/// Kept out of line: inlined into `by_name`, the same code measured about twice as slow
/// over every name (`by_name_every_name` in benches/lookup.rs).
#[inline(never)]
fn name_entry(name: &str) -> (u32, u16) {
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
fn long_name_entry(name: &str) -> (u32, u16) {
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
fn entry(name: &str, query: [u64; layout::NAME_KEY_WORDS]) -> (u32, u16) {
    let hash = layout::name_hash(layout::name_word(&query), NAME_SEED);
    let slot = phf_shared::ptrhash::get_index(
        NAME_SEED,
        hash,
        &NAME_PILOTS,
        &NAME_REMAP,
        NAME_SLOTS.len(),
    ) as usize;
    let key = NAME_SLOTS.get(slot).copied().unwrap_or(0);
    let start = NAME_STARTS.get(slot).copied().unwrap_or(0);
    let slot = layout::unpack_name_slot(key);
    let (offset, len) = (slot.offset, slot.len);
    // Cut to the query's length, which is known before the slot is: the lengths must
    // match as well.
    let stored = stored_key(offset, name.len());
    let differ = stored
        .iter()
        .zip(&query)
        .fold(0, |acc, (k, q)| acc | (k ^ q));
    let keep = u32::from((len == name.len()) & (differ == 0)).wrapping_neg();
    (key & keep, start & keep as u16)
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

/// The records and portless names that a name finds (see `layout::NameSlot`).
#[derive(Clone, Copy)]
pub(crate) struct NameGroup {
    /// Records listed by id in `NAME_IDS`.
    pub(crate) ids: &'static [u16],
    /// Or a run of consecutive records, which starts at record `first`.
    pub(crate) run: &'static [Service],
    pub(crate) first: usize,
    /// Portless names by `NAME_IDS` id: the index in `PORTLESS` plus the record count.
    pub(crate) portless: &'static [u16],
}

impl NameGroup {
    /// The ids of the group's records, in order.
    pub(crate) fn record_ids(self) -> impl Iterator<Item = usize> + Clone {
        let run = self.first..self.first + self.run.len();
        self.ids.iter().map(|&id| usize::from(id)).chain(run)
    }
}

/// The group of a name, matched ASCII case-insensitively.
#[inline]
pub(crate) fn name_group(name: &str) -> NameGroup {
    let (key, start) = name_entry(name);
    group(key, start)
}

/// The crate's own spelling (lowercase) of a known name or alias.
pub(crate) fn canonical_name(name: &str) -> Option<&'static str> {
    let (key, _) = name_entry(name);
    let slot = layout::unpack_name_slot(key);
    let (offset, len) = (slot.offset, slot.len);
    (key != 0).then(|| STRINGS.get(offset..offset + len).unwrap_or(""))
}

/// A slot's group; none for the key word 0.
#[inline]
fn group(key: u32, start: u16) -> NameGroup {
    let slot = layout::unpack_name_slot(key);
    let start = usize::from(start);
    // A run or a list: the other has length 0.
    let (listed, run) = if slot.run {
        (0, slot.group)
    } else {
        (slot.group, 0)
    };
    let list = NAME_IDS.get(start..start + listed).unwrap_or(&[]);
    // Records come first; most lists have no portless name.
    let records = match list.last() {
        Some(&last) if usize::from(last) >= RECORD_COUNT => {
            list.partition_point(|&id| usize::from(id) < RECORD_COUNT)
        }
        _ => list.len(),
    };
    let (ids, portless) = list.split_at_checked(records).unwrap_or((&[], &[]));
    NameGroup {
        ids,
        run: RECORDS.get(start..start + run).unwrap_or(&[]),
        first: start,
        portless,
    }
}

/// Hand-written knowledge about a registration (a name on one port): the `[[about]]`
/// entries of `ports.toml`.
#[derive(Clone, Copy)]
pub(crate) struct About {
    pub(crate) label: Option<&'static str>,
    pub(crate) title: Option<&'static str>,
    /// The first record of the other of a plain / implicit-TLS pair.
    pub(crate) twin: Option<&'static Service>,
    pub(crate) flags: u8,
}

/// The first port of record `id`; past the end for no record, so that tables sorted by
/// record id stay sorted by it.
fn port_of(id: u16) -> u32 {
    RECORDS
        .get(usize::from(id))
        .map_or(u32::MAX, |r| u32::from(r.0))
}

/// A record's name reference and name, read through the layout (the methods of
/// `Service` live above this module).
fn name_of(r: &Service) -> (u32, &'static str) {
    let name = layout::head_name(layout::join(r.1));
    (name, text(name, layout::NAME_LEN_BITS))
}

/// True when record `id` is of the same registration as `s`: the same name, ASCII
/// case-insensitively, from the same first port.
fn same_registration(id: u16, s: &Service) -> bool {
    RECORDS.get(usize::from(id)).is_some_and(|r| {
        let ((a, a_name), (b, b_name)) = (name_of(r), name_of(s));
        r.0 == s.0 && (a == b || a_name.eq_ignore_ascii_case(b_name))
    })
}

/// The run of a table sorted by registration (its first record's id, and so by port)
/// that belongs to `s`'s registration: found by the port, then the name.
fn registration_run<T>(
    table: &'static [T],
    first: impl Fn(&T) -> u16,
    s: &Service,
) -> &'static [T] {
    let port = u32::from(s.0);
    let start = table.partition_point(|e| port_of(first(e)) < port);
    let at_port = table.get(start..).unwrap_or(&[]);
    let on_port = at_port.iter().take_while(|e| port_of(first(e)) == port);
    let Some(at) = on_port.clone().position(|e| same_registration(first(e), s)) else {
        return &[];
    };
    let run = at_port.get(at..).unwrap_or(&[]);
    let id = run.first().map(&first);
    let len = run.iter().take_while(|e| Some(first(e)) == id).count();
    run.get(..len).unwrap_or(&[])
}

/// The `[[about]]` entry of `s`'s registration.
pub(crate) fn about(s: &Service) -> Option<About> {
    registration_run(&ABOUT, |e| e.0, s)
        .first()
        .map(about_entry)
}

/// Every `[[about]]` entry: (the first record of its registration, what it says).
pub(crate) fn every_about() -> impl Iterator<Item = (&'static Service, About)> {
    ABOUT.iter().filter_map(|entry| {
        let first = RECORDS.get(usize::from(entry.0))?;
        Some((first, about_entry(entry)))
    })
}

fn about_entry(&(_, label, title, twin, flags): &(u16, u32, u32, u16, u8)) -> About {
    let some = |word: u32| (word != 0).then(|| text(word, layout::TEXT_LEN_BITS));
    About {
        label: some(label),
        title: some(title),
        twin: RECORDS.get(usize::from(twin)),
        flags,
    }
}

/// Every spoken name: (the first record of the registration it stands for, the alias).
pub(crate) fn every_alias() -> impl Iterator<Item = (&'static Service, &'static str)> {
    ALIASES.iter().filter_map(|&(first, alias)| {
        let first = RECORDS.get(usize::from(first))?;
        Some((first, alias_text(alias)))
    })
}

/// The text of an alias by its index in `ALIAS_TEXTS`.
#[inline]
pub(crate) fn alias_text(index: u16) -> &'static str {
    let reference = ALIAS_TEXTS.get(usize::from(index)).copied().unwrap_or(0);
    text(reference, layout::TEXT_LEN_BITS)
}

/// The `ALIASES` run of `s`'s registration: (first record, alias) pairs, by alias.
pub(crate) fn aliases_of(s: &Service) -> &'static [(u16, u16)] {
    registration_run(&ALIASES, |e| e.0, s)
}

/// The ids of every record of the registration whose first record is `first`.
pub(crate) fn registration_ids(first: &'static Service) -> impl Iterator<Item = usize> {
    let ids = name_group(name_of(first).1).record_ids();
    // Record ids are below `RECORD_COUNT`, which fits a u16.
    ids.filter(move |&id| u16::try_from(id).is_ok_and(|id| same_registration(id, first)))
}

/// The bounds of a protocol code's ports in `RANKED`.
pub(crate) fn ranked_bounds(protocol: usize) -> core::ops::Range<usize> {
    let start = RANKED_START.get(protocol).copied().unwrap_or(0);
    let end = RANKED_START.get(protocol + 1).copied().unwrap_or(start);
    usize::from(start)..usize::from(end)
}

/// Of the port's own services on protocol code `protocol` that share the best tier, the
/// one the `[prevalence]` lists name first; `None` where one service has the best tier
/// alone (see `write_leaders` in build/codegen.rs).
pub(crate) fn leader(port: u16, protocol: u8) -> Option<&'static Service> {
    let found = LEADER_KEYS.binary_search(&layout::leader_key(protocol, port));
    let id = LEADER_IDS.get(found.ok()?)?;
    RECORDS.get(usize::from(*id))
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
            assert_eq!(flag(layout::FLAG_HAS_ABOUT), about(s).is_some(), "{s:?}");
            assert_eq!(
                flag(layout::FLAG_HAS_ALIASES),
                !aliases_of(s).is_empty(),
                "{s:?}"
            );
        }
    }

    /// `registration_run` finds exactly the entries a scan of the whole table finds: for
    /// every record, the about entry and the aliases of its own registration.
    #[test]
    fn registration_runs_are_what_a_scan_finds() {
        for s in &RECORDS {
            let scanned: Vec<(u16, u16)> = ALIASES
                .iter()
                .filter(|e| same_registration(e.0, s))
                .copied()
                .collect();
            assert_eq!(aliases_of(s), &scanned[..], "{s:?}");
            let about_scan = ABOUT.iter().filter(|e| same_registration(e.0, s)).count();
            assert!(about_scan <= 1, "{s:?}: one [[about]] per registration");
            assert_eq!(about(s).is_some(), about_scan == 1, "{s:?}");
        }
        assert!(ABOUT.is_sorted_by_key(|e| e.0));
        assert!(ALIASES.is_sorted());
        assert!(ALIAS_TEXTS.is_sorted_by_key(|&t| text(t, layout::TEXT_LEN_BITS)));
    }
}
