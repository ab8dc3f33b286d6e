//! Turns a validated [`Catalog`] into the Rust source of the crate's tables.
//!
//! The output is integers and one string blob, not thousands of nested struct
//! literals: it compiles fast and stays small. Every map is a `BTreeMap`, so the
//! same input gives byte-identical output.

use crate::catalog::keys::Names;
use crate::catalog::layout::{self, Head};
use crate::catalog::{Catalog, Product, Record, Status};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// What the enabled cargo features ask to be generated.
#[derive(Clone, Copy, Debug)]
pub struct Features {
    pub descriptions: bool,
    pub metadata: bool,
}

/// The string blob: each distinct string once, addressed by a packed (offset, length).
#[derive(Default)]
struct Blob {
    text: String,
    offsets: BTreeMap<String, usize>,
    /// Where each 4-byte sequence occurs in `text`, in order: `find` checks only those
    /// places, which keeps the build's search for shared text to a few milliseconds.
    grams: HashMap<[u8; 4], Vec<usize>>,
}

impl Blob {
    /// Adds `s` (once) and returns its reference, packed with `len_bits` of length.
    fn put(&mut self, s: &str, len_bits: u32) -> Result<u32, String> {
        let (offset, len) = self.place(s);
        layout::pack_str(offset, len, len_bits).ok_or_else(|| {
            format!(
                "{s:?} does not fit the tables: at most {} bytes, in a blob of at most 1 MiB",
                (1 << len_bits) - 1
            )
        })
    }

    /// Adds `s` (once) and returns its offset and length.
    fn place(&mut self, s: &str) -> (usize, usize) {
        let offset = match self.offsets.get(s) {
            Some(&o) => o,
            None => {
                let o = self.find(s).unwrap_or_else(|| self.push(s));
                self.offsets.insert(s.to_owned(), o);
                o
            }
        };
        (offset, s.len())
    }

    /// Where `s` already is in the text, if anywhere.
    fn find(&self, s: &str) -> Option<usize> {
        let Some(gram) = s.as_bytes().first_chunk::<4>() else {
            return self.text.find(s);
        };
        let text = self.text.as_bytes();
        let starts = self.grams.get(gram)?;
        // A match of all of `s`'s bytes starts on a character boundary, as `s` does.
        starts
            .iter()
            .copied()
            .find(|&o| text.get(o..).is_some_and(|t| t.starts_with(s.as_bytes())))
    }

    /// Appends `s` to the text and returns its offset.
    fn push(&mut self, s: &str) -> usize {
        let offset = self.text.len();
        // The sequences that start in the old text's last 3 bytes end in `s`.
        let from = offset.saturating_sub(3);
        self.text.push_str(s);
        for (i, gram) in self.text.as_bytes()[from..].windows(4).enumerate() {
            if let Ok(gram) = <[u8; 4]>::try_from(gram) {
                self.grams.entry(gram).or_default().push(from + i);
            }
        }
        offset
    }

    /// Places every string of the tables before they are written, and so decides the
    /// blob's order. The record names come first, together and in record order: a lookup
    /// that reads names, or the name map checking a key, then touches a few cache lines,
    /// not one per description. The name map's other keys follow, within the offsets a
    /// slot holds (`layout::SLOT_OFFSET_BITS`). The other texts come last, longest first,
    /// so that a text found inside a longer one is stored once, as part of it (`place`
    /// looks for it).
    fn prefill(&mut self, catalog: &Catalog, features: Features) {
        for r in &catalog.records {
            self.place(&r.name);
        }
        let names = catalog.records.iter().map(|r| &r.name);
        let portless = catalog.portless.iter().map(|p| &p.name);
        for name in names.chain(portless) {
            self.place(&name.to_ascii_lowercase());
        }
        for alias in catalog.aliases.keys() {
            self.place(alias);
        }
        let mut texts: Vec<&str> = Vec::new();
        if features.descriptions {
            texts.extend(catalog.records.iter().map(|r| r.description.as_str()));
            texts.extend(catalog.portless.iter().map(|p| p.description.as_str()));
        }
        if features.metadata {
            for r in &catalog.records {
                texts.extend(r.reference.as_deref());
                texts.extend(r.unauthorized.as_deref());
            }
        }
        texts.extend(catalog.portless.iter().map(|p| p.name.as_str()));
        for a in &catalog.about {
            texts.extend(a.label.as_deref());
            texts.extend(a.title.as_deref());
        }
        texts.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        texts.dedup();
        for text in texts {
            self.place(text);
        }
    }

    /// `put` for an optional string: 0 for none.
    fn put_opt(&mut self, s: Option<&str>, len_bits: u32) -> Result<u32, String> {
        s.map_or(Ok(0), |s| self.put(s, len_bits))
    }
}

/// Writes the tables. `origin` names the inputs for the header.
pub fn generate(catalog: &Catalog, features: Features, origin: &str) -> Result<String, String> {
    let records = &catalog.records;
    if records.len() >= u16::MAX as usize || catalog.portless.len() >= u16::MAX as usize {
        return Err("more than 65,534 records: the u16 indexes need widening".into());
    }
    let mut blob = Blob::default();
    blob.prefill(catalog, features);
    let mut out = String::new();
    let w = &mut out;
    // `fmt::Write` for String never fails.
    macro_rules! emit { ($($t:tt)*) => { let _ = write!(w, $($t)*); } }

    emit!("// @generated by build.rs from {origin}. Do not edit: change ports.toml and rebuild.\n");
    emit!(
        "// IANA registry of {}; {} records.\n\n",
        catalog.registry_updated,
        records.len()
    );
    emit!(
        "pub(crate) const REGISTRY_UPDATED: &str = {:?};\n\n",
        catalog.registry_updated
    );

    write_records(w, catalog, features, &mut blob)?;
    write_portless(w, catalog, features, &mut blob)?;
    if features.metadata {
        write_metadata(w, records, &mut blob)?;
    }
    write_port_index(w, records)?;
    write_protocol_views(w, records);
    write_reserved(w, catalog);
    write_names(w, catalog, &mut blob)?;
    write_about(w, catalog, &mut blob)?;
    write_aliases(w, catalog, &mut blob)?;
    write_categories(w, records);
    write_tiers(w, records);
    write_ranked(w, catalog);
    write_leaders(w, catalog);

    // `index::stored_key` reads every name key from a window of `NAME_KEY_MAX` bytes.
    let padding = "\0".repeat(layout::NAME_KEY_MAX - 1);
    emit!(
        "pub(crate) static STRINGS: &str = {:?};\n",
        blob.text + &padding
    );
    Ok(out)
}

/// Records: `Service(first, head, category, prevalence[, description])`. The head is
/// packed by `layout::pack_head` and the description is a string reference, both as
/// `[high, low]` halves; the category and prevalence are written as their enum variants
/// (`Some(C::FileTransfer)`, `P::Rare`), which rustc compiles faster than any lookup by
/// code. `RANGE_LAST` gives (record index, last port) of each range record, and
/// `PROTOCOL_UNSPECIFIED` the records IANA gave no protocol, by index.
fn write_records(
    w: &mut String,
    catalog: &Catalog,
    features: Features,
    blob: &mut Blob,
) -> Result<(), String> {
    let records = &catalog.records;
    let names = Names::new(records);
    let with_aliases: BTreeSet<usize> = alias_pairs(catalog)
        .into_iter()
        .flat_map(|(first, _)| names.all_of(first))
        .collect();
    let with_about: BTreeSet<usize> = catalog.about.iter().flat_map(|a| a.ids.clone()).collect();
    let _ = writeln!(
        w,
        "pub(crate) const RECORD_COUNT: usize = {};",
        records.len()
    );
    let _ = writeln!(
        w,
        "use crate::category::{{Category as C, Prevalence as P}};"
    );
    let _ = writeln!(w, "pub(crate) static RECORDS: [Service; RECORD_COUNT] = [");
    let (mut range_last, mut unspecified) = (Vec::new(), Vec::new());
    for (id, r) in records.iter().enumerate() {
        if r.last != r.first {
            range_last.push((id, r.last));
        }
        if r.proto_unspecified {
            unspecified.push(id);
        }
        let name = blob.put(&r.name, layout::NAME_LEN_BITS)?;
        let marks = (with_aliases.contains(&id), with_about.contains(&id));
        let head = layout::halves(head(r, name, marks)?);
        let (category, prevalence) = kinds(r)?;
        let _ = write!(w, "Service({},{head:?},{category},{prevalence}", r.first);
        if features.descriptions {
            let description = blob.put(&r.description, layout::TEXT_LEN_BITS)?;
            let _ = write!(w, ",{:?}", layout::halves(description));
        }
        let _ = writeln!(w, "),");
    }
    let _ = writeln!(w, "];");
    let _ = write!(
        w,
        "pub(crate) static RANGE_LAST: [(u16, u16); {}] = [",
        range_last.len()
    );
    for (id, last) in range_last {
        let _ = write!(w, "({id},{last}),");
    }
    let _ = writeln!(w, "];");
    write_u16s(w, "PROTOCOL_UNSPECIFIED", &unspecified);
    Ok(())
}

/// A record's head: its name reference `name`, and `marks` saying whether the name has
/// aliases and an about entry.
fn head(r: &Record, name: u32, marks: (bool, bool)) -> Result<u32, String> {
    let mut flags = 0;
    if marks.0 {
        flags |= layout::FLAG_HAS_ALIASES;
    }
    if marks.1 {
        flags |= layout::FLAG_HAS_ABOUT;
    }
    if r.last != r.first {
        flags |= layout::FLAG_RANGE;
    }
    let head = Head {
        protocol: r.proto,
        source: r.source,
        flags,
        name,
    };
    layout::pack_head(head)
        .ok_or_else(|| format!("{}: a code does not fit the record's head", r.name))
}

/// A record's category and prevalence as Rust expressions: `None` or `Some(C::Web)`, and
/// `P::Common`. The variants are the names of `layout::CATEGORIES` and
/// `layout::PREVALENCES` in UpperCamelCase, as `src/category.rs` declares them.
fn kinds(r: &Record) -> Result<(String, String), String> {
    let missing = || format!("{}: no category or prevalence has its code", r.name);
    let category = match usize::from(r.category).checked_sub(1) {
        None => "None".to_string(),
        Some(i) => format!(
            "Some(C::{})",
            variant(layout::CATEGORIES.get(i).ok_or_else(missing)?)
        ),
    };
    let prevalence = layout::PREVALENCES
        .get(usize::from(r.prevalence))
        .ok_or_else(missing)?;
    Ok((category, format!("P::{}", variant(prevalence))))
}

/// `peer-to-peer` as `PeerToPeer`.
fn variant(kebab: &str) -> String {
    let mut out = String::new();
    for word in kebab.split('-') {
        let mut chars = word.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.push_str(chars.as_str());
    }
    out
}

/// Names without a port: `PortlessName(word[, description])`, the word packed by
/// `layout::pack_portless`.
fn write_portless(
    w: &mut String,
    catalog: &Catalog,
    features: Features,
    blob: &mut Blob,
) -> Result<(), String> {
    let portless = &catalog.portless;
    let _ = writeln!(
        w,
        "pub(crate) static PORTLESS: [PortlessName; {}] = [",
        portless.len()
    );
    for p in portless {
        let name = blob.put(&p.name, layout::PORTLESS_NAME_LEN_BITS)?;
        let word = layout::pack_portless(name, p.proto.unwrap_or(layout::NO_PROTOCOL))
            .ok_or_else(|| format!("{}: the portless name does not fit", p.name))?;
        let _ = write!(w, "PortlessName({word}");
        if features.descriptions {
            let _ = write!(w, ",{}", blob.put(&p.description, layout::TEXT_LEN_BITS)?);
        }
        let _ = writeln!(w, "),");
    }
    let _ = writeln!(w, "];");
    Ok(())
}

/// `Meta(reference, registered, modified, unauthorized)`, parallel to `RECORDS`: texts as
/// references with `layout::META_LEN_BITS` (0 for none), dates by `layout::pack_date`.
fn write_metadata(w: &mut String, records: &[Record], blob: &mut Blob) -> Result<(), String> {
    let _ = writeln!(
        w,
        "pub(crate) static METADATA: [Meta; {}] = [",
        records.len()
    );
    for r in records {
        let reference = blob.put_opt(r.reference.as_deref(), layout::META_LEN_BITS)?;
        let unauthorized = blob.put_opt(r.unauthorized.as_deref(), layout::META_LEN_BITS)?;
        let date = |d: Option<crate::catalog::Date>| {
            d.and_then(|d| layout::pack_date(d.year, d.month, d.day))
                .unwrap_or(0)
        };
        let (registered, modified) = (date(r.registered), date(r.modified));
        let _ = writeln!(
            w,
            "Meta({reference},{registered},{modified},{unauthorized}),"
        );
    }
    let _ = writeln!(w, "];");
    Ok(())
}

/// The port index, a rank/select structure over the ports that have records:
/// - `PORT_GROUPS[p / 16]` has bit `p % 16` set when port `p` has records, and counts
///   the ports with records before the group (`write_port_groups`);
/// - `PORT_START[rank]` is the first record that starts at `p`; the next entry ends it
///   (records are sorted by first port, so they are contiguous in `RECORDS`).
///
/// A port inside a range that began lower has `layout::COVERED` set in its `PORT_START`,
/// with its index among such ports (about 400) in the rest. Its whole answer, its own
/// records included, is listed in `COVER_IDS` from `COVER_START[index]`, so that every
/// port's answer is in one order: protocol, source (IANA first), first port, name.
/// `COVER_OWN[index]` is where its own records start, which ends the port before it.
///
/// Wide ranges (`Record::wide`) are not in this index but in `write_wide`'s segments.
/// The first port of a wide range is a covered port, whose list leaves the wide record
/// out, so that no port's slice of `RECORDS` holds it.
fn write_port_index(w: &mut String, records: &[Record]) -> Result<(), String> {
    const COVERED: usize = layout::COVERED as usize;
    if records.len() >= COVERED {
        return Err("more than 32,767 records: PORT_START needs widening".into());
    }
    let mut starting: BTreeMap<u16, usize> = BTreeMap::new();
    let mut covering: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
    for (id, r) in records.iter().enumerate() {
        starting.entry(r.first).or_insert(id);
        if r.wide {
            covering.entry(r.first).or_default();
            continue;
        }
        if let Some(second) = r.first.checked_add(1) {
            for p in second..=r.last {
                covering.entry(p).or_default().push(id);
            }
        }
    }
    let present: BTreeSet<u16> = starting.keys().chain(covering.keys()).copied().collect();
    let own_start = |p: u16| {
        starting
            .range(p..)
            .next()
            .map_or(records.len(), |(_, &id)| id)
    };
    let (mut port_start, mut cover_own, mut cover_start, mut cover_ids) =
        (vec![], vec![], vec![], vec![]);
    for &p in &present {
        let own = own_start(p);
        let Some(mut ids) = covering.remove(&p) else {
            port_start.push(own);
            continue;
        };
        port_start.push(cover_own.len() | COVERED);
        cover_own.push(own);
        let own_end = p.checked_add(1).map_or(records.len(), own_start);
        ids.extend((own..own_end).filter(|&id| !records[id].wide));
        ids.sort_by_key(|&id| {
            let r = &records[id];
            (r.proto, r.source, r.first, &r.name)
        });
        cover_start.push(cover_ids.len());
        cover_ids.extend(ids);
    }
    if cover_own.len() >= COVERED {
        return Err("more than 32,767 ports inside ranges: PORT_START needs widening".into());
    }
    port_start.push(records.len());
    cover_start.push(cover_ids.len());
    write_port_groups(w, &present)?;
    write_u16s(w, "PORT_START", &port_start);
    write_u16s(w, "COVER_OWN", &cover_own);
    write_u16s(w, "COVER_START", &cover_start);
    write_u16s(w, "COVER_IDS", &cover_ids);
    write_wide(w, records)
}

/// The wide ranges, a few dozen, cost per range: the port space is cut where any of them
/// begins or ends, and `WIDE_IDS[WIDE_START[i]..WIDE_START[i + 1]]` lists the wide records
/// holding the ports from `WIDE_FROM[i]` up to the next cut, in the order of a port's
/// answer. `WIDE_BLOCKS` gives, per block of 256 ports, its segment's ids, or where the
/// search for a port's segment starts in the few blocks where one begins. `WIDE_RECORDS` lists their ids,
/// sorted.
fn write_wide(w: &mut String, records: &[Record]) -> Result<(), String> {
    let wide: Vec<usize> = (0..records.len()).filter(|&id| records[id].wide).collect();
    let cuts: BTreeSet<u32> = wide
        .iter()
        .flat_map(|&id| {
            [
                u32::from(records[id].first),
                u32::from(records[id].last) + 1,
            ]
        })
        .filter(|&cut| cut <= u32::from(u16::MAX))
        // The first segment starts at port 0, so that every port has one.
        .chain([0])
        .collect();
    let (mut from, mut starts, mut ids) = (vec![], vec![], vec![]);
    for &cut in &cuts {
        from.push(cut as usize);
        starts.push(ids.len());
        let mut here: Vec<usize> = wide
            .iter()
            .copied()
            .filter(|&id| {
                (u32::from(records[id].first)..=u32::from(records[id].last)).contains(&cut)
            })
            .collect();
        here.sort_by_key(|&id| {
            let r = &records[id];
            (r.proto, r.source, r.first, &r.name)
        });
        ids.extend(here);
    }
    starts.push(ids.len());
    // For each block: its segment's run of ids, or, where another segment starts inside
    // it, the segments at or before its first port (`layout::WIDE_BLOCK_CUT`).
    let size = 1 << layout::WIDE_BLOCK_SHIFT;
    let mut blocks = Vec::new();
    for block in 0..=u16::MAX >> layout::WIDE_BLOCK_SHIFT {
        let port = usize::from(block) << layout::WIDE_BLOCK_SHIFT;
        let before = from.partition_point(|&cut| cut <= port);
        let inside = from.partition_point(|&cut| cut < port + size) > before;
        let segment = before.saturating_sub(1);
        let run = layout::pack_wide_run(starts[segment], starts[segment + 1] - starts[segment]);
        let entry = match run {
            Some(run) if !inside => usize::from(run),
            _ if before < usize::from(layout::WIDE_BLOCK_CUT) => {
                before | usize::from(layout::WIDE_BLOCK_CUT)
            }
            _ => return Err("too many wide-range segments: WIDE_BLOCKS needs widening".into()),
        };
        blocks.push(entry);
    }
    write_u16s(w, "WIDE_BLOCKS", &blocks);
    write_u16s(w, "WIDE_FROM", &from);
    write_u16s(w, "WIDE_START", &starts);
    write_u16s(w, "WIDE_IDS", &ids);
    write_u16s(w, "WIDE_RECORDS", &wide);
    Ok(())
}

/// `PORT_GROUPS`: for each 16 ports, which have services, and how many ports before
/// them have (`layout::pack_port_group`).
fn write_port_groups(w: &mut String, present: &BTreeSet<u16>) -> Result<(), String> {
    let size = 1usize << layout::PORT_GROUP_SHIFT;
    let mut groups = vec![0u16; 65536 / size];
    for &p in present {
        groups[usize::from(p) / size] |= 1 << (usize::from(p) % size);
    }
    let mut before = 0;
    let mut entries = Vec::with_capacity(groups.len());
    for ports in groups {
        let entry = layout::pack_port_group(before, ports)
            .ok_or("more ports than PORT_GROUPS can count")?;
        entries.push(entry.to_string());
        before += ports.count_ones() as usize;
    }
    let _ = writeln!(
        w,
        "pub(crate) static PORT_GROUPS: [u32; {}] = [{}];",
        entries.len(),
        entries.join(",")
    );
    Ok(())
}

/// `PROTOCOL_IDS[PROTOCOL_START[p]..PROTOCOL_START[p + 1]]`: protocol p's records, by port.
fn write_protocol_views(w: &mut String, records: &[Record]) {
    let mut ids = Vec::with_capacity(records.len());
    let mut starts = Vec::new();
    for proto in protocol_codes() {
        starts.push(ids.len());
        ids.extend(
            records
                .iter()
                .enumerate()
                .filter(|(_, r)| r.proto == proto)
                .map(|(id, _)| id),
        );
    }
    starts.push(ids.len());
    write_u16s(w, "PROTOCOL_START", &starts);
    write_u16s(w, "PROTOCOL_IDS", &ids);
}

/// `RESERVED[RESERVED_START[p]..RESERVED_START[p + 1]]`: protocol p's Reserved spans,
/// sorted and merged. A row without a protocol counts for TCP and UDP, and a row with a
/// protocol overrides it: IANA has `7775/udp Reserved` inside an unassigned range.
fn write_reserved(w: &mut String, catalog: &Catalog) {
    let mut spans = Vec::new();
    let mut starts = Vec::new();
    for proto in protocol_codes() {
        starts.push(spans.len());
        let mut status: BTreeMap<u16, Status> = BTreeMap::new();
        let general = catalog
            .status_rows
            .iter()
            .filter(|row| row.proto.is_none() && (proto == layout::TCP || proto == layout::UDP));
        let specific = catalog
            .status_rows
            .iter()
            .filter(|row| row.proto == Some(proto));
        for row in general.chain(specific) {
            for port in row.first..=row.last {
                status.insert(port, row.status);
            }
        }
        let mut merged: Vec<(u16, u16)> = Vec::new();
        for (&port, _) in status.iter().filter(|(_, &s)| s == Status::Reserved) {
            match merged.last_mut() {
                Some(last) if u32::from(port) == u32::from(last.1) + 1 => last.1 = port,
                _ => merged.push((port, port)),
            }
        }
        spans.extend(merged);
    }
    starts.push(spans.len());
    write_u16s(w, "RESERVED_START", &starts);
    let _ = write!(
        w,
        "pub(crate) static RESERVED: [(u16, u16); {}] = [",
        spans.len()
    );
    for (a, b) in spans {
        let _ = write!(w, "({a},{b}),");
    }
    let _ = writeln!(w, "];");
}

/// Every protocol code, in order.
fn protocol_codes() -> impl Iterator<Item = u8> {
    (0..layout::PROTOCOLS.len()).map(|code| code as u8)
}

/// The name map: lowercase name or alias -> its group (`layout::NameSlot`): a run of
/// consecutive records, or a list in `NAME_IDS` of record ids, then `PORTLESS` ids offset
/// by the record count, so that the group's length is all a slot needs to hold besides
/// its start.
fn write_names(w: &mut String, catalog: &Catalog, blob: &mut Blob) -> Result<(), String> {
    // Every key: (record ids, portless ids). An alias brings its target's records.
    let mut groups: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (id, r) in catalog.records.iter().enumerate() {
        groups
            .entry(r.name.to_ascii_lowercase())
            .or_default()
            .0
            .push(id);
    }
    for (id, p) in catalog.portless.iter().enumerate() {
        groups
            .entry(p.name.to_ascii_lowercase())
            .or_default()
            .1
            .push(id);
    }
    // An alias brings its targets' records, after the name's own if it is a name too.
    for (alias, targets) in &catalog.aliases {
        let mut found = targets.clone();
        let group = &mut groups.entry(alias.clone()).or_default().0;
        found.retain(|id| !group.contains(id));
        found.dedup();
        group.extend(found);
    }
    let mut words = BTreeMap::new();
    let mut ids = Vec::new();
    // The names of one product share one group, as do a name and its twins in case.
    let mut starts: BTreeMap<(&[usize], &[usize]), usize> = BTreeMap::new();
    let (mut keys, mut entries) = (Vec::new(), Vec::new());
    let mut longest = 0;
    for (key, (records, portless)) in &groups {
        let word = name_word(key)?;
        if let Some(other) = words.insert(word, key) {
            return Err(format!(
                "{key:?} and {other:?} hash alike: change layout::name_word"
            ));
        }
        let run = portless.is_empty() && records.windows(2).all(|w| w[1] == w[0] + 1);
        let start = match records.first() {
            Some(&first) if run => first,
            _ => *starts
                .entry((records.as_slice(), portless.as_slice()))
                .or_insert_with(|| {
                    let start = ids.len();
                    ids.extend(records);
                    ids.extend(portless.iter().map(|&p| catalog.records.len() + p));
                    start
                }),
        };
        if start > usize::from(u16::MAX) {
            return Err("more than 65,535 name ids: NAME_STARTS needs widening".into());
        }
        let (offset, len) = blob.place(key);
        let group = records.len() + portless.len();
        let slot = layout::NameSlot {
            offset,
            len,
            group,
            run,
        };
        let slot = layout::pack_name_slot(slot).ok_or_else(|| {
            format!("{key:?}: its {group} records, or its place in the string blob ({offset}), do not fit a name slot")
        })?;
        longest = longest.max(key.len());
        entries.push((slot, start));
        keys.push(word);
    }
    let _ = writeln!(w, "pub(crate) const LONGEST_NAME: usize = {longest};");
    write_name_map(w, &keys, &entries);
    write_u16s(w, "NAME_IDS", &ids);
    Ok(())
}

/// The word that the name map hashes `key` as.
fn name_word(key: &str) -> Result<u64, String> {
    let words = layout::name_key(key.as_bytes()).ok_or_else(|| {
        let most = layout::NAME_KEY_MAX;
        format!("{key:?} is too long for the name map: a name or alias has at most {most} bytes")
    })?;
    Ok(layout::name_word(&words))
}

/// The name map: phf's PtrHash perfect hash (`phf_generator::ptrhash`) of the keys'
/// words, hashed by `layout::name_hash`; `index::name_entry` reads it at run time with
/// `phf_shared::ptrhash`. Slot `i` holds `NAME_SLOTS[i]`, its lowercase key and group
/// length (`layout::pack_name_slot`), and `NAME_STARTS[i]`, its group's start in
/// `NAME_IDS`: two arrays, 6 bytes a slot, where a tuple would pad to 8. `NAME_PILOTS` and
/// `NAME_REMAP` are the hash's own tables.
fn write_name_map(w: &mut String, words: &[u64], entries: &[(u32, usize)]) {
    let hash = |word: &u64, seed: &u64| layout::name_hash(*word, *seed);
    let state = phf_generator::ptrhash::generate_hash_with_hash_fn(words, hash);
    let _ = writeln!(w, "pub(crate) const NAME_SEED: u64 = {};", state.seed);
    let list = |w: &mut String, item: &str, name: &str, values: Vec<String>| {
        let len = values.len();
        let _ = writeln!(
            w,
            "pub(crate) static {name}: [{item}; {len}] = [{}];",
            values.join(",")
        );
    };
    let text = |v: &dyn std::fmt::Display| v.to_string();
    list(
        w,
        "u8",
        "NAME_PILOTS",
        state.pilots.iter().map(|p| text(p)).collect(),
    );
    list(
        w,
        "u32",
        "NAME_REMAP",
        state.remap.iter().map(|r| text(r)).collect(),
    );
    let slots = state.map.iter().map(|&i| text(&entries[i].0));
    list(w, "u32", "NAME_SLOTS", slots.collect());
    let starts = state.map.iter().map(|&i| text(&entries[i].1));
    list(w, "u16", "NAME_STARTS", starts.collect());
}

/// `ABOUT[i] = (first record, label, title, twin's first record, flags)`, one entry per
/// registration (a name on one port), sorted by its first record and so by port: texts as
/// references with `layout::TEXT_LEN_BITS` (0 for none), `layout::NO_RECORD` for no twin,
/// flags of `layout::ABOUT_IMPLICIT_TLS` and `layout::ABOUT_HISTORIC`.
fn write_about(w: &mut String, catalog: &Catalog, blob: &mut Blob) -> Result<(), String> {
    let bits = layout::TEXT_LEN_BITS;
    let _ = write!(
        w,
        "pub(crate) static ABOUT: [(u16, u32, u32, u16, u8); {}] = [",
        catalog.about.len()
    );
    let names = Names::new(&catalog.records);
    for a in &catalog.about {
        let first = a.ids.first().map_or(0, |&id| names.first_of(id));
        let label = blob.put_opt(a.label.as_deref(), bits)?;
        let title = blob.put_opt(a.title.as_deref(), bits)?;
        let twin = a.twin_id.map_or(usize::from(layout::NO_RECORD), |id| id);
        let mut flags = 0;
        if a.implicit_tls {
            flags |= layout::ABOUT_IMPLICIT_TLS;
        }
        if a.historic {
            flags |= layout::ABOUT_HISTORIC;
        }
        let _ = write!(w, "({first},{label},{title},{twin},{flags}),");
    }
    let _ = writeln!(w, "];");
    Ok(())
}

/// The spoken names listed with each registration: (its first record, alias), sorted.
/// A product's names find all its records, but are listed with one registration, and
/// only when the product has it on every protocol: its only one ("bind" with `domain`),
/// or the service of its own name ("hashicorp-consul" with `consul`). Kubernetes is not
/// another name of etcd, nor Samba of NetBIOS, nor OpenSSH of SSH over UDP.
fn alias_pairs(catalog: &Catalog) -> Vec<(usize, &str)> {
    let names = Names::new(&catalog.records);
    let unlisted: BTreeSet<&str> = (catalog.products.iter())
        .flat_map(|p| p.names.iter().chain([&p.name]).map(String::as_str))
        .collect();
    let mut pairs: Vec<(usize, &str)> = catalog
        .aliases
        .iter()
        .filter(|(alias, _)| !unlisted.contains(alias.as_str()))
        .flat_map(|(alias, ids)| {
            let firsts = names.registrations(ids);
            firsts.into_iter().map(move |first| (first, alias.as_str()))
        })
        .collect();
    for p in &catalog.products {
        let Some(main) = product_main(&names, p) else {
            continue;
        };
        let own = &catalog.records[main].name;
        let spoken = p.names.iter().chain([&p.name]);
        let spoken = spoken.filter(|n| !n.eq_ignore_ascii_case(own));
        pairs.extend(spoken.map(|n| (main, n.as_str())));
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The first record of the registration a product's names are listed with, if any (see
/// `alias_pairs`).
fn product_main(names: &Names<'_>, p: &Product) -> Option<usize> {
    let registrations = names.registrations(&p.ids);
    let main = match registrations.first() {
        Some(&only) if registrations.len() == 1 => only,
        _ => names.first_of(p.main?),
    };
    let whole = names.all_of(main).iter().all(|id| p.ids.contains(id));
    whole.then_some(main)
}

/// `ALIASES[i] = (first record of a registration, index in ALIAS_TEXTS)`, sorted: each
/// registration's spoken names are a run, found by its port, in alphabetical order.
/// `ALIAS_TEXTS` holds each listed alias once, sorted, as a reference with
/// `layout::TEXT_LEN_BITS`.
fn write_aliases(w: &mut String, catalog: &Catalog, blob: &mut Blob) -> Result<(), String> {
    let pairs = alias_pairs(catalog);
    let texts: BTreeSet<&str> = pairs.iter().map(|&(_, alias)| alias).collect();
    let index: BTreeMap<&str, usize> = texts.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let _ = write!(
        w,
        "pub(crate) static ALIASES: [(u16, u16); {}] = [",
        pairs.len()
    );
    for (first, alias) in &pairs {
        let _ = write!(w, "({first},{}),", index[alias]);
    }
    let _ = writeln!(w, "];");
    let _ = write!(
        w,
        "pub(crate) static ALIAS_TEXTS: [u32; {}] = [",
        texts.len()
    );
    for alias in texts {
        let _ = write!(w, "{},", blob.put(alias, layout::TEXT_LEN_BITS)?);
    }
    let _ = writeln!(w, "];");
    Ok(())
}

/// `CATEGORY_IDS[CATEGORY_START[c]..CATEGORY_START[c + 1]]`: the records of category
/// code `c + 1`, in record order (by port).
fn write_categories(w: &mut String, records: &[Record]) {
    let mut ids = Vec::new();
    let mut starts = Vec::new();
    for code in 1..=layout::CATEGORIES.len() {
        starts.push(ids.len());
        let of_code = records.iter().enumerate();
        ids.extend(
            of_code
                .filter(|(_, r)| usize::from(r.category) == code)
                .map(|(id, _)| id),
        );
    }
    starts.push(ids.len());
    write_u16s(w, "CATEGORY_START", &starts);
    write_u16s(w, "CATEGORY_IDS", &ids);
}

/// `TIER_IDS[TIER_START[t]..TIER_START[t + 1]]`: the records of each tier above rare, in
/// record order, so that a search can visit the common services first.
fn write_tiers(w: &mut String, records: &[Record]) {
    let mut ids = Vec::new();
    let mut starts = Vec::new();
    for tier in 0..layout::RARE {
        starts.push(ids.len());
        let of_tier = records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.prevalence == tier);
        ids.extend(of_tier.map(|(id, _)| id));
    }
    starts.push(ids.len());
    write_u16s(w, "TIER_START", &starts);
    write_u16s(w, "TIER_IDS", &ids);
}

/// Per protocol, the ports of the ranked names (tier above rare), most common first,
/// each once: `RANKED[RANKED_START[p]..RANKED_START[p + 1]]`. A port is in the list
/// exactly when `layout::ranks_port` says so of one of its records.
fn write_ranked(w: &mut String, catalog: &Catalog) {
    let (mut ranked, mut starts) = (Vec::new(), Vec::new());
    for proto in protocol_codes() {
        starts.push(ranked.len());
        ranked.extend(ranked_ports(catalog, proto).into_iter().map(usize::from));
    }
    starts.push(ranked.len());
    write_u16s(w, "RANKED_START", &starts);
    write_u16s(w, "RANKED", &ranked);
}

fn ranked_ports(catalog: &Catalog, proto: u8) -> Vec<u16> {
    let mut seen = BTreeSet::new();
    let mut ports = Vec::new();
    for ids in &catalog.ranked {
        let of_protocol = ids.iter().map(|&id| &catalog.records[id]);
        for r in of_protocol.filter(|r| r.proto == proto) {
            let ranks = |&p: &u16| layout::ranks_port(r.prevalence, r.first, r.last, p);
            ports.extend((r.first..=r.last).filter(ranks).filter(|&p| seen.insert(p)));
        }
    }
    ports
}

/// `LEADER_KEYS[i]` (`layout::leader_key`) is a (protocol, port) where several of the
/// port's own services share the best tier, and `LEADER_IDS[i]` the one of them that the
/// `[prevalence]` lists name first, as more commonly met: `guess` names it. About a
/// hundred ports, such as 8000/tcp (Python's http.server, Splunk Web, vMotion...).
fn write_leaders(w: &mut String, catalog: &Catalog) {
    let position: BTreeMap<usize, usize> = (catalog.ranked.iter().flatten().enumerate())
        .map(|(i, &id)| (id, i))
        .collect();
    let mut holders: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &id in position.keys() {
        let r = &catalog.records[id];
        if !r.wide {
            for port in r.first..=r.last {
                let key = layout::leader_key(r.proto, port);
                holders.entry(key).or_default().push(id);
            }
        }
    }
    let (mut keys, mut ids) = (Vec::new(), Vec::new());
    for (key, held) in holders {
        let best = held.iter().map(|&id| catalog.records[id].prevalence).min();
        let tied = held
            .iter()
            .filter(|&&id| Some(catalog.records[id].prevalence) == best);
        let tied: Vec<usize> = tied.copied().collect();
        if let (true, Some(&leader)) = (tied.len() > 1, tied.iter().min_by_key(|id| position[id])) {
            keys.push(key.to_string());
            ids.push(leader);
        }
    }
    let _ = writeln!(
        w,
        "pub(crate) static LEADER_KEYS: [u32; {}] = [{}];",
        keys.len(),
        keys.join(",")
    );
    write_u16s(w, "LEADER_IDS", &ids);
}

fn write_u16s(w: &mut String, name: &str, values: &[usize]) {
    let _ = write!(w, "pub(crate) static {name}: [u16; {}] = [", values.len());
    for v in values {
        let _ = write!(w, "{v},");
    }
    let _ = writeln!(w, "];");
}
