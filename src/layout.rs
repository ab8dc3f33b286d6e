//! The packed layout of the generated tables: every bit width, shift and enum code, in
//! one place. `build.rs` packs through these functions and the crate unpacks through
//! them; nothing else knows where a bit lives. (phf_shared plays this part for phf.)
//!
//! This file is included by the build script as well as compiled into the crate, so it
//! uses `core` alone and holds no data tables.
//!
//! | packed form | bits |
//! |---|---|
//! | string reference | offset:20 \| len:`len_bits` (5 for names, 8 for texts, 12 for references) |
//! | record head | protocol:2 \| source:2 \| flags:3 \| name reference:25 (high to low) |
//! | record category, prevalence | a byte each, typed: `Option<Category>` and `Prevalence` with their codes as discriminants |
//! | date | (year - 1980):7 \| month:4 \| day:5; 0 means no date |
//! | portless name | name reference (len 4) << 8 \| protocol code, or [`NO_PROTOCOL`] |
//! | name slot | key offset:19 \| key length:6 \| group length:6 \| run:1, and the group's start in `NAME_STARTS` ([`NameSlot`]) |
//! | port group | ports before the group with services:16 \| which of its 16 ports have services:16 |
//! | port start | first record id; for a port inside a range that began lower, [`COVERED`] \| its index in `COVER_START` |
//! | about entry | (first record of the registration, label, title, twin's first record or [`NO_RECORD`], flags) |
//! | alias entry | (first record of the registration, alias) |

// Each side uses part of this file; the rest would be dead code there.
#![allow(dead_code)]

/// Bits of a string's offset in the blob: the blob holds at most 1 MiB.
pub const OFFSET_BITS: u32 = 20;
/// Length bits of a service or alias name reference: names of up to 31 bytes.
pub const NAME_LEN_BITS: u32 = 5;
/// Length bits of a portless name reference: up to 15 bytes (RFC 6335).
pub const PORTLESS_NAME_LEN_BITS: u32 = 4;
/// Length bits of a description, label, title or name-map key: up to 255 bytes.
pub const TEXT_LEN_BITS: u32 = 8;
/// Length bits of a metadata text (references, unauthorized-use reports): up to 4095 bytes.
pub const META_LEN_BITS: u32 = 12;

/// Packs a string's `offset` and `len` with `len_bits` of length. `None` when either
/// does not fit.
pub const fn pack_str(offset: usize, len: usize, len_bits: u32) -> Option<u32> {
    if offset >= 1 << OFFSET_BITS || len >= 1 << len_bits {
        return None;
    }
    Some(((offset as u32) << len_bits) | len as u32)
}

/// Unpacks a string reference into `(offset, len)`.
pub const fn unpack_str(packed: u32, len_bits: u32) -> (usize, usize) {
    (
        (packed >> len_bits) as usize,
        (packed & ((1 << len_bits) - 1)) as usize,
    )
}

/// Splits a 32-bit word into `[high, low]` halves: records hold `u16`s only, so that
/// they keep an alignment of 2 and no padding.
pub const fn halves(word: u32) -> [u16; 2] {
    [(word >> 16) as u16, word as u16]
}

/// Joins `[high, low]` halves back into the word.
pub const fn join(halves: [u16; 2]) -> u32 {
    ((halves[0] as u32) << 16) | halves[1] as u32
}

/// The protocol codes, in the order records sort by: the code is the index.
pub const PROTOCOLS: [&str; 4] = ["tcp", "udp", "sctp", "dccp"];
/// The code of TCP.
pub const TCP: u8 = 0;
/// The code of UDP.
pub const UDP: u8 = 1;

/// The source codes, in the order records sort by within one port and protocol.
pub const SOURCES: [&str; 4] = ["iana", "netbase", "common", "local"];
/// IANA's registry: the `[iana]` section of `ports.toml`.
pub const IANA: u8 = 0;
/// Debian's netbase: `[[service]]` entries with `source = "netbase"`.
pub const NETBASE: u8 = 1;
/// Common use: the other `[[service]]` entries of `ports.toml`.
pub const COMMON: u8 = 2;
/// An organisation's own: `[[service]]` entries of the `PORTS_KB_EXTRA` file.
pub const LOCAL: u8 = 3;

/// The code of `name` in one of the name lists above: its index.
pub const fn code(names: &[&str], name: &str) -> Option<u8> {
    let mut i = 0;
    while i < names.len() {
        if eq(names[i].as_bytes(), name.as_bytes()) {
            return Some(i as u8);
        }
        i += 1;
    }
    None
}

const fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
/// The category codes: code 0 is "none", code `i + 1` is `CATEGORIES[i]`.
pub const CATEGORIES: [&str; 29] = [
    "web",
    "proxy",
    "mail",
    "chat",
    "messaging",
    "voice-video",
    "file-transfer",
    "storage",
    "remote-access",
    "name-resolution",
    "discovery",
    "identity",
    "database",
    "vpn",
    "tunnel",
    "routing",
    "management",
    "monitoring",
    "security",
    "time",
    "printing",
    "containers",
    "industrial",
    "games",
    "peer-to-peer",
    "rpc",
    "development",
    "licensing",
    "malware",
];
/// The prevalence codes, most common first: the code is the index.
pub const PREVALENCES: [&str; 4] = ["ubiquitous", "common", "uncommon", "rare"];
/// The prevalence of a record that nobody has curated.
pub const RARE: u8 = 3;

/// Ranges of at most this many ports give every port to the ranked (common) ports;
/// longer ones give their first port only.
pub const RANKED_RANGE: u16 = 16;

/// True when a record of prevalence `code` holding `first..=last` puts `port` among the
/// ranked ports of its protocol: it is above rare, and `port` is its first port or it
/// is a range of at most [`RANKED_RANGE`] ports.
pub const fn ranks_port(code: u8, first: u16, last: u16, port: u16) -> bool {
    code < RARE && first <= port && port <= last && (port == first || last - first < RANKED_RANGE)
}

/// The key of a (protocol code, port) in `LEADER_KEYS`: sorted by protocol, then port.
pub const fn leader_key(protocol: u8, port: u16) -> u32 {
    ((protocol as u32) << 16) | port as u32
}

const NAME_BITS: u32 = OFFSET_BITS + NAME_LEN_BITS;
const FLAG_BITS: u32 = 3;
const SOURCE_BITS: u32 = 2;
const PROTOCOL_BITS: u32 = 2;
const FLAG_SHIFT: u32 = NAME_BITS;
const SOURCE_SHIFT: u32 = FLAG_SHIFT + FLAG_BITS;
const PROTOCOL_SHIFT: u32 = SOURCE_SHIFT + SOURCE_BITS;
const _: () = assert!(PROTOCOL_SHIFT + PROTOCOL_BITS == 32, "a head is a u32");
const _: () = assert!(PROTOCOLS.len() <= 1 << PROTOCOL_BITS);
const _: () = assert!(SOURCES.len() <= 1 << SOURCE_BITS);
const _: () = assert!(CATEGORIES.len() < u8::MAX as usize, "code 0 is none");
const _: () = assert!(PREVALENCES.len() <= u8::MAX as usize);

/// Flag: the record holds a range, whose last port is in `RANGE_LAST`.
pub const FLAG_RANGE: u8 = 1;
/// Flag: the record's name has spoken names in `ALIASES`.
pub const FLAG_HAS_ALIASES: u8 = 2;
/// Flag: the record's name has an `ABOUT` entry (a label, title, twin or mark).
pub const FLAG_HAS_ABOUT: u8 = 4;

/// A record's head, unpacked: its name and the small fields that share its word. The
/// category and prevalence are typed bytes of their own, so that reading them is a load
/// (see `src/record.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    /// Index into [`PROTOCOLS`].
    pub protocol: u8,
    /// Index into [`SOURCES`].
    pub source: u8,
    /// [`FLAG_RANGE`], [`FLAG_HAS_ALIASES`] and [`FLAG_HAS_ABOUT`].
    pub flags: u8,
    /// The name, a string reference with [`NAME_LEN_BITS`].
    pub name: u32,
}

const fn field(value: u32, bits: u32, shift: u32) -> Option<u32> {
    if value >= 1 << bits {
        return None;
    }
    Some(value << shift)
}

const fn get(word: u32, bits: u32, shift: u32) -> u32 {
    (word >> shift) & ((1 << bits) - 1)
}

/// Packs a record's head. `None` when a field does not fit its bits.
pub const fn pack_head(head: Head) -> Option<u32> {
    let parts = [
        field(head.name, NAME_BITS, 0),
        field(head.flags as u32, FLAG_BITS, FLAG_SHIFT),
        field(head.source as u32, SOURCE_BITS, SOURCE_SHIFT),
        field(head.protocol as u32, PROTOCOL_BITS, PROTOCOL_SHIFT),
    ];
    let mut word = 0;
    let mut i = 0;
    while i < parts.len() {
        match parts[i] {
            Some(bits) => word |= bits,
            None => return None,
        }
        i += 1;
    }
    Some(word)
}

/// The protocol code of a record's head.
pub const fn head_protocol(word: u32) -> u8 {
    get(word, PROTOCOL_BITS, PROTOCOL_SHIFT) as u8
}

/// The source code of a record's head.
pub const fn head_source(word: u32) -> u8 {
    get(word, SOURCE_BITS, SOURCE_SHIFT) as u8
}

/// The flags of a record's head.
pub const fn head_flags(word: u32) -> u8 {
    get(word, FLAG_BITS, FLAG_SHIFT) as u8
}

/// The name reference of a record's head.
pub const fn head_name(word: u32) -> u32 {
    get(word, NAME_BITS, 0)
}

/// Unpacks every field of a record's head.
pub const fn unpack_head(word: u32) -> Head {
    Head {
        protocol: head_protocol(word),
        source: head_source(word),
        flags: head_flags(word),
        name: head_name(word),
    }
}

/// The first year a packed date can hold; the last is `FIRST_YEAR + 126`.
pub const FIRST_YEAR: u16 = 1981;
/// The last year a packed date can hold.
pub const LAST_YEAR: u16 = FIRST_YEAR + 126;

/// Packs `(year, month, day)`, with day 0 for a month-only date. Never 0, so that 0
/// can mean "no date". `None` outside the years, months 1-12 or days 0-31.
pub const fn pack_date(year: u16, month: u8, day: u8) -> Option<u16> {
    if year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day > 31 {
        return None;
    }
    Some(((year - (FIRST_YEAR - 1)) << 9) | ((month as u16) << 5) | day as u16)
}

/// Unpacks a date into `(year, month, day)`, day 0 for none. `None` for 0.
pub const fn unpack_date(packed: u16) -> Option<(u16, u8, u8)> {
    if packed == 0 {
        return None;
    }
    Some((
        FIRST_YEAR - 1 + (packed >> 9),
        ((packed >> 5) & 0xf) as u8,
        (packed & 0x1f) as u8,
    ))
}

/// The protocol byte of a portless name that IANA lists without a protocol.
pub const NO_PROTOCOL: u8 = 0xff;

/// Packs a portless name: its name reference (with [`PORTLESS_NAME_LEN_BITS`]) and its
/// protocol code or [`NO_PROTOCOL`]. `None` when the reference does not fit 24 bits.
pub const fn pack_portless(name: u32, protocol: u8) -> Option<u32> {
    if name >= 1 << 24 {
        return None;
    }
    Some((name << 8) | protocol as u32)
}

/// Unpacks a portless name into `(name reference, protocol code or NO_PROTOCOL)`.
pub const fn unpack_portless(word: u32) -> (u32, u8) {
    (word >> 8, word as u8)
}

/// Bits of a name-map key's offset in the string blob: the build places every key in
/// the blob's first 512 KiB, before the descriptions.
pub const SLOT_OFFSET_BITS: u32 = 19;
/// Bits of a name-map key's length in its slot: keys of up to [`NAME_KEY_MAX`] bytes.
pub const SLOT_KEY_LEN_BITS: u32 = 6;
/// Bits of the length of a name-map key's group.
pub const SLOT_GROUP_BITS: u32 = 6;
const _: () = assert!(SLOT_OFFSET_BITS + SLOT_KEY_LEN_BITS + SLOT_GROUP_BITS + 1 == 32);
const _: () = assert!(NAME_KEY_MAX < 1 << SLOT_KEY_LEN_BITS);

/// A name-map slot, unpacked: where its key is in the string blob, and where its group
/// is. Most names' records are consecutive in `RECORDS` (a registration on tcp and udp):
/// such a group is a `run`, from record `NAME_STARTS[slot]`. The others are listed in
/// `NAME_IDS` from `NAME_STARTS[slot]`: record ids, then portless ids offset by the
/// record count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameSlot {
    /// The key's offset in the string blob.
    pub offset: usize,
    /// The key's length in bytes.
    pub len: usize,
    /// How many records and portless names the key finds.
    pub group: usize,
    /// True when the group is a run of consecutive records.
    pub run: bool,
}

/// Packs a name-map slot as offset:19 | key length:6 | group length:6 | run:1. `None`
/// when a part does not fit.
pub const fn pack_name_slot(slot: NameSlot) -> Option<u32> {
    let NameSlot {
        offset,
        len,
        group,
        run,
    } = slot;
    if offset >= 1 << SLOT_OFFSET_BITS
        || len >= 1 << SLOT_KEY_LEN_BITS
        || group >= 1 << SLOT_GROUP_BITS
    {
        return None;
    }
    let group_shift = 1;
    let len_shift = group_shift + SLOT_GROUP_BITS;
    let offset_shift = len_shift + SLOT_KEY_LEN_BITS;
    Some(
        ((offset as u32) << offset_shift)
            | ((len as u32) << len_shift)
            | ((group as u32) << group_shift)
            | run as u32,
    )
}

/// Unpacks a name-map slot's word.
#[inline(always)]
pub const fn unpack_name_slot(word: u32) -> NameSlot {
    let group_shift = 1;
    let len_shift = group_shift + SLOT_GROUP_BITS;
    let offset_shift = len_shift + SLOT_KEY_LEN_BITS;
    NameSlot {
        offset: (word >> offset_shift) as usize,
        len: ((word >> len_shift) & ((1 << SLOT_KEY_LEN_BITS) - 1)) as usize,
        group: ((word >> group_shift) & ((1 << SLOT_GROUP_BITS) - 1)) as usize,
        run: word & 1 == 1,
    }
}

/// The longest name-map key, in bytes: service names are at most 31 (netbase's), and
/// aliases at most 32. The build rejects a longer key.
pub const NAME_KEY_MAX: usize = 32;

/// Words in a name key.
pub const NAME_KEY_WORDS: usize = NAME_KEY_MAX / 8;

/// The longest name that [`short_name_key`] reads: all but a few names are this short.
pub const SHORT_NAME: usize = 16;

/// A name-map key or query as the map sees it: its bytes folded by [`fold_word`]
/// (ASCII-lowercased, a space read as a hyphen) and zero-padded to [`NAME_KEY_MAX`],
/// read as little-endian words. `None` when it is longer. Keys hold no NUL byte, space or
/// capital, and the map compares lengths as well, so neither the padding nor the folding
/// makes two keys equal.
pub fn name_key(bytes: &[u8]) -> Option<[u64; NAME_KEY_WORDS]> {
    if bytes.len() <= SHORT_NAME {
        return Some(short_name_key(bytes));
    }
    let mut padded = [0u8; NAME_KEY_MAX];
    padded.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(key_words(&padded, NAME_KEY_MAX, fold_word))
}

/// [`name_key`] of a name of at most [`SHORT_NAME`] bytes (only those are read of a
/// longer one), in registers: two overlapping loads for eight bytes or more, and no
/// copy, since a load that spans several stores of a copy waits for them to retire.
#[inline(always)]
pub fn short_name_key(bytes: &[u8]) -> [u64; NAME_KEY_WORDS] {
    let bytes = bytes.get(..SHORT_NAME).unwrap_or(bytes);
    let eight = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(b)
    };
    let (low, high) = match bytes.len().checked_sub(8) {
        // The last eight bytes, shifted so that byte 8 of the name comes first.
        Some(last) => (
            eight(0),
            eight(last).checked_shr(8 * (8 - last) as u32).unwrap_or(0),
        ),
        None => (padded_word(bytes), 0),
    };
    [fold_word(low), fold_word(high), 0, 0]
}

/// One to seven bytes as a zero-padded little-endian word, without a byte loop: the
/// first and last four bytes (which overlap), or the first, middle and last byte, each
/// put at its own place.
#[inline(always)]
fn padded_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let four = |at: usize| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&bytes[at..at + 4]);
        u64::from(u32::from_le_bytes(b)) << (8 * at)
    };
    let one = |at: usize| u64::from(bytes[at]) << (8 * at);
    match n {
        0 => 0,
        1..=3 => one(0) | one(n / 2) | one(n - 1),
        _ => four(0) | four(n - 4),
    }
}

/// The first `len` bytes of a [`NAME_KEY_MAX`]-byte window, as the words of a name key:
/// each word passed through `each`, and the bytes past `len` cleared. The crate reads a
/// lowercase key this way straight from its window of the string blob.
#[inline]
pub fn key_words(
    window: &[u8; NAME_KEY_MAX],
    len: usize,
    each: impl Fn(u64) -> u64,
) -> [u64; NAME_KEY_WORDS] {
    let mut words = [0u64; NAME_KEY_WORDS];
    for (i, (word, chunk)) in words.iter_mut().zip(window.chunks_exact(8)).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let kept = len.saturating_sub(8 * i).min(8) as u32;
        let mask = u64::MAX.checked_shr(64 - 8 * kept).unwrap_or(0);
        *word = each(u64::from_le_bytes(eight)) & mask;
    }
    words
}

/// The one word a name key is hashed as: its words multiplied by odd constants and
/// combined, with no branch and no chain between them. The generator checks that no two
/// keys share a word.
#[inline]
pub const fn name_word(key: &[u64; NAME_KEY_WORDS]) -> u64 {
    const K: [u64; NAME_KEY_WORDS] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0x85EB_CA77_C2B2_AE63,
    ];
    let low = key[0].wrapping_mul(K[0]) ^ key[1].wrapping_mul(K[1]).rotate_left(32);
    let high = key[2].wrapping_mul(K[2]) ^ key[3].wrapping_mul(K[3]).rotate_left(32);
    low ^ high.rotate_left(16)
}

/// The name map's hash of a key's or a query's [`name_word`] under the map's `seed`: the
/// hash that phf's PtrHash generator places the keys with at build time, and that the
/// crate finds a query's slot with. A bijective 64-bit finaliser (xor-shift and multiply,
/// as in MurmurHash3's `fmix64`), so distinct words never collide. A keyed hash such as
/// SipHash would guard a table that probes, where crafted keys could pile up; a perfect
/// hash reads one slot whatever the query, so there is nothing for it to guard.
#[inline]
pub const fn name_hash(word: u64, seed: u64) -> u64 {
    let mut x = word ^ seed;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Eight bytes of a query as the name map compares them: ASCII capitals lowercased, and a
/// space read as a hyphen, so that `"node exporter"` finds `node-exporter`. All at once.
#[inline]
pub const fn fold_word(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let x = lowercase_word(x);
    // A byte of `y` is zero exactly where `x` has a space; its high bit is then clear in
    // `nonzero`, with no borrow from a neighbour.
    let y = x ^ SPACES;
    let nonzero = ((y & LOW7) + LOW7) | y;
    let spaces = !nonzero & HIGH;
    // ' ' + 0x0d is '-', and no byte carries into the next.
    x + (spaces >> 7) * (b'-' - b' ') as u64
}

/// Eight bytes with their ASCII capitals lowercased, all at once.
#[inline]
pub const fn lowercase_word(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & !HIGH;
    // The high bit of each byte: set when the byte is at least 'A', and when above 'Z'.
    let from_a = low7 + ONES * (0x80 - b'A' as u64);
    let past_z = low7 + ONES * (0x7f - b'Z' as u64);
    let capital = from_a & !past_z & !x & HIGH;
    x | (capital >> 2)
}

/// `ABOUT` flag: the service speaks TLS from the first byte.
pub const ABOUT_IMPLICIT_TLS: u8 = 1;
/// `ABOUT` flag: the service's defining RFC is Historic.
pub const ABOUT_HISTORIC: u8 = 2;
/// A record id that names no record: an `ABOUT` entry without a twin.
pub const NO_RECORD: u16 = u16::MAX;

/// Set in a `PORT_START` entry when the port lies inside a range that began lower: the
/// rest of the entry is then the port's index in `COVER_START` (its whole answer, in
/// `COVER_IDS`) and in `COVER_OWN` (where its own records start).
pub const COVERED: u16 = 1 << 15;

/// Ports per `PORT_GROUPS` entry, as a shift: 16.
pub const PORT_GROUP_SHIFT: u32 = 4;

/// Ports per block of `WIDE_BLOCKS`, as a shift: 256. A block inside one wide-range
/// segment holds that segment's run of `WIDE_IDS` ([`pack_wide_run`]), so that most
/// ports find their wide ranges in one load.
pub const WIDE_BLOCK_SHIFT: u32 = 8;
/// Set in a `WIDE_BLOCKS` entry when a segment starts inside the block: the rest of the
/// entry is then how many segments start at or before its first port, and a port's own
/// is a step or two forward in `WIDE_FROM`.
pub const WIDE_BLOCK_CUT: u16 = 0x8000;
/// Bits of a run's length in a `WIDE_BLOCKS` entry.
const WIDE_RUN_LEN_BITS: u32 = 5;

/// Packs a block's run of `WIDE_IDS` as start:10 | length:5. `None` when it does not fit.
pub const fn pack_wide_run(start: usize, len: usize) -> Option<u16> {
    if start >= 1 << 10 || len >= 1 << WIDE_RUN_LEN_BITS {
        return None;
    }
    Some(((start << WIDE_RUN_LEN_BITS) | len) as u16)
}

/// Unpacks a block's run of `WIDE_IDS` into (start, length).
#[inline(always)]
pub const fn unpack_wide_run(entry: u16) -> (usize, usize) {
    let start = (entry >> WIDE_RUN_LEN_BITS) as usize & ((1 << 10) - 1);
    (start, entry as usize & ((1 << WIDE_RUN_LEN_BITS) - 1))
}

/// Packs a `PORT_GROUPS` entry: how many ports before the group have services, and a bit
/// for each of its 16 ports that has. `None` when the count does not fit.
pub const fn pack_port_group(before: usize, ports: u16) -> Option<u32> {
    if before > 0xffff {
        return None;
    }
    Some((before as u32) << 16 | ports as u32)
}

/// Whether `port` has services, and if so its rank among the ports that have: the
/// count of such ports below it. `popcounts` is [`byte_popcounts`]. A table of 16-port
/// groups, each with the count before it, replaces a 64-bit word and a popcount, which
/// the baseline x86-64 target has no instruction for.
#[inline(always)]
pub fn port_rank(entry: u32, port: u16, popcounts: &[u8; 256]) -> Option<usize> {
    if !port_in_group(entry, port) {
        return None;
    }
    let below = entry as u16 & ((1 << port_in_group_at(port)) - 1);
    let in_group = popcounts[usize::from(below & 0xff)] + popcounts[usize::from(below >> 8)];
    Some((entry >> 16) as usize + usize::from(in_group))
}

/// True when `port` has services, by its `PORT_GROUPS` entry.
#[inline(always)]
pub const fn port_in_group(entry: u32, port: u16) -> bool {
    entry >> port_in_group_at(port) & 1 != 0
}

/// The bit of `port` in its `PORT_GROUPS` entry.
#[inline(always)]
const fn port_in_group_at(port: u16) -> u32 {
    port as u32 & ((1 << PORT_GROUP_SHIFT) - 1)
}

/// How many bits each byte value has set: a table for [`port_rank`].
pub const fn byte_popcounts() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = (i as u8).count_ones() as u8;
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn every_head_round_trips() {
        let names = [0, 1, (1 << NAME_BITS) - 1, 0x0155_5555];
        for small in 0..1u32 << (32 - NAME_BITS) {
            for name in names {
                let word = small << NAME_BITS | name;
                let head = unpack_head(word);
                assert_eq!(head.name, name);
                assert_eq!(pack_head(head), Some(word), "{word:#010x}");
            }
        }
        let fits = Head {
            protocol: 3,
            source: 3,
            flags: 7,
            name: 0,
        };
        assert_eq!(pack_head(fits), Some(u32::MAX << NAME_BITS));
        for too_big in [
            Head {
                protocol: 4,
                ..fits
            },
            Head { source: 4, ..fits },
            Head { flags: 8, ..fits },
            Head {
                name: 1 << NAME_BITS,
                ..fits
            },
        ] {
            assert_eq!(pack_head(too_big), None, "{too_big:?}");
        }
    }

    #[test]
    fn the_name_hash_is_a_bijection_of_the_word() {
        // fmix64 of 0 is 0, and a shift-xor or an odd multiplication loses nothing, so
        // distinct words (which the generator checks the keys have) never share a hash.
        assert_eq!(name_hash(0, 0), 0);
        assert_eq!(name_hash(7, 7), 0);
        let mut seen = std::collections::BTreeSet::new();
        for word in (0..50_000u64).chain((0..50_000).map(|i| i << 40 | 0xfeed)) {
            assert!(seen.insert(name_hash(word, 0x5EED)), "{word:#x}");
        }
        assert_ne!(name_hash(1, 0), name_hash(1, 1));
    }

    #[test]
    fn every_date_round_trips() {
        for year in FIRST_YEAR..=LAST_YEAR {
            for month in 1..=12 {
                for day in 0..=31 {
                    let packed = pack_date(year, month, day).unwrap();
                    assert_ne!(packed, 0);
                    assert_eq!(unpack_date(packed), Some((year, month, day)));
                }
            }
        }
        assert_eq!(pack_date(FIRST_YEAR - 1, 1, 1), None);
        assert_eq!(pack_date(LAST_YEAR + 1, 1, 1), None);
        assert_eq!(pack_date(2000, 13, 1), None);
        assert_eq!(unpack_date(0), None);
    }

    #[test]
    fn string_references_group_ids_and_halves_round_trip() {
        for len_bits in [
            NAME_LEN_BITS,
            PORTLESS_NAME_LEN_BITS,
            TEXT_LEN_BITS,
            META_LEN_BITS,
        ] {
            let longest = (1 << len_bits) - 1;
            for (offset, len) in [(0, 0), (1, 1), ((1 << OFFSET_BITS) - 1, longest)] {
                let packed = pack_str(offset, len, len_bits).unwrap();
                assert_eq!(unpack_str(packed, len_bits), (offset, len));
                assert_eq!(join(halves(packed)), packed);
            }
            assert_eq!(pack_str(1 << OFFSET_BITS, 0, len_bits), None);
            assert_eq!(pack_str(0, longest + 1, len_bits), None);
        }
        let slot = |offset, len, group, run| NameSlot {
            offset,
            len,
            group,
            run,
        };
        for run in [false, true] {
            for whole in [
                slot(0x7_ffff, 63, 63, run),
                slot(5, 3, 2, run),
                slot(0, 0, 0, run),
            ] {
                assert_eq!(unpack_name_slot(pack_name_slot(whole).unwrap()), whole);
            }
            assert_eq!(pack_name_slot(slot(1 << 19, 0, 0, run)), None);
            assert_eq!(pack_name_slot(slot(0, 64, 0, run)), None);
            assert_eq!(pack_name_slot(slot(0, 0, 64, run)), None);
        }
        for (start, len) in [(0, 0), (5, 3), (1023, 31)] {
            let run = pack_wide_run(start, len).unwrap();
            assert_eq!(unpack_wide_run(run), (start, len));
            assert_eq!(run & WIDE_BLOCK_CUT, 0);
        }
        assert_eq!(pack_wide_run(1024, 0), None);
        assert_eq!(pack_wide_run(0, 32), None);
        let portless = pack_portless(0xff_ffff, NO_PROTOCOL).unwrap();
        assert_eq!(unpack_portless(portless), (0xff_ffff, NO_PROTOCOL));
        assert_eq!(pack_portless(1 << 24, 0), None);
    }

    #[test]
    fn lowercase_word_lowercases_every_byte() {
        for b in 0..=255u8 {
            let word = lowercase_word(u64::from_le_bytes([b; 8]));
            assert_eq!(word, u64::from_le_bytes([b.to_ascii_lowercase(); 8]), "{b}");
        }
    }

    /// `fold_word` lowercases and reads a space as a hyphen: every byte value at every
    /// position of a word, among neighbours of every kind.
    #[test]
    fn fold_word_folds_every_byte_and_no_other() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for neighbour in [0u8, b' ', b'A', b'z', 0x80, 0xff] {
                    let mut bytes = [neighbour; 8];
                    bytes[at] = b;
                    let folded = u64::from_le_bytes(bytes.map(fold_byte));
                    assert_eq!(fold_word(u64::from_le_bytes(bytes)), folded, "{b} {at}");
                }
            }
        }
    }

    /// One byte as `fold_word` folds it.
    fn fold_byte(b: u8) -> u8 {
        match b {
            b' ' => b'-',
            _ => b.to_ascii_lowercase(),
        }
    }

    /// What `name_key` must give: the bytes folded one by one into a zero-padded copy.
    fn padded_lowercase(bytes: &[u8]) -> [u64; NAME_KEY_WORDS] {
        let mut padded = [0u8; NAME_KEY_MAX];
        padded[..bytes.len()].copy_from_slice(bytes);
        padded = padded.map(fold_byte);
        let mut words = [0u64; NAME_KEY_WORDS];
        for (word, chunk) in words.iter_mut().zip(padded.chunks_exact(8)) {
            *word = u64::from_le_bytes(chunk.try_into().unwrap());
        }
        words
    }

    /// Every byte value at every position of names of every length the map holds.
    #[test]
    fn name_key_is_the_lowercase_name_zero_padded() {
        for len in 0..=NAME_KEY_MAX {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut name = [b'M'; NAME_KEY_MAX];
                    name[at] = b;
                    let name = &name[..len];
                    assert_eq!(
                        name_key(name),
                        Some(padded_lowercase(name)),
                        "{len} {at} {b}"
                    );
                }
            }
        }
        assert_eq!(name_key(&[b'a'; NAME_KEY_MAX + 1]), None);
        assert_eq!(name_key(&[b'a'; 100]), None);
        assert_eq!(
            name_word(&name_key(b"Kube-APIServer").unwrap()),
            name_word(&name_key(b"kube-apiserver").unwrap())
        );
        assert_eq!(name_key(b"Node Exporter"), name_key(b"node-exporter"));
    }

    /// `key_words` keeps a window's first `len` bytes and clears the rest, whatever follows.
    #[test]
    fn key_words_cut_the_window_to_the_length() {
        let window: [u8; NAME_KEY_MAX] = core::array::from_fn(|i| b'a' + i as u8);
        for len in 0..=NAME_KEY_MAX {
            let lower = key_words(&window, len, |word| word);
            assert_eq!(lower, padded_lowercase(&window[..len]), "{len}");
            let upper = window.map(|b| b.to_ascii_uppercase());
            assert_eq!(key_words(&upper, len, fold_word), lower, "{len}");
        }
    }

    /// A port group's rank agrees with counting bit by bit, for every group of bits and
    /// every port in it.
    #[test]
    fn port_rank_counts_the_ports_below() {
        let popcounts = byte_popcounts();
        for ports in 0..=u16::MAX {
            let entry = pack_port_group(1000, ports).unwrap();
            for at in 0..16u16 {
                let port = 0x1230 + at;
                let expected = (ports >> at & 1 != 0)
                    .then(|| 1000 + (0..at).filter(|b| ports >> b & 1 != 0).count());
                assert_eq!(
                    port_rank(entry, port, &popcounts),
                    expected,
                    "{ports:#x} {at}"
                );
            }
        }
        assert_eq!(pack_port_group(0x1_0000, 0), None);
    }

    #[test]
    fn codes_are_their_index() {
        for names in [&PROTOCOLS[..], &SOURCES, &CATEGORIES, &PREVALENCES] {
            for (i, name) in names.iter().enumerate() {
                assert_eq!(code(names, name), Some(i as u8));
            }
            assert_eq!(code(names, "no-such-code"), None);
        }
        assert_eq!(PROTOCOLS[usize::from(TCP)], "tcp");
        assert_eq!(PROTOCOLS[usize::from(UDP)], "udp");
        assert_eq!(SOURCES[usize::from(IANA)], "iana");
        assert_eq!(SOURCES[usize::from(NETBASE)], "netbase");
        assert_eq!(SOURCES[usize::from(COMMON)], "common");
        assert_eq!(SOURCES[usize::from(LOCAL)], "local");
        assert_eq!(PREVALENCES[usize::from(RARE)], "rare");
    }
}
