//! Keys: how a fact in `ports.toml` names the records it is about.
//!
//! A key is `name`, `name@port`, `name/proto` or `name@port/proto`:
//! - a **registration** is a name on one port, on all its protocols. Labels, titles,
//!   spoken names, twins, flags and categories describe registrations, so their keys
//!   are `name`, or `name@port` when the name is registered on several ports
//!   (`http-alt@8080`; IANA also has `http-alt` on 591 and 8008).
//! - a **record** is a registration on one protocol. Tiers describe records, so a tier's
//!   key adds `/proto` when the registration has several protocols (`https/tcp`).
//!
//! A key that would reach records its author did not name is refused: a bare name whose
//! registrations are on several ports, or a tier's key whose records are on several
//! protocols. The port is the registration's first port (6000 for X11's 6000-6063).

use super::layout;
use super::model::Record;
use std::collections::{BTreeMap, BTreeSet};

/// The records of the data by lowercase name, to resolve keys against.
pub struct Names<'a> {
    records: &'a [Record],
    ids: BTreeMap<String, Vec<usize>>,
}

/// What a key text says, before it is checked against the data.
struct Key {
    name: String,
    port: Option<u16>,
    proto: Option<u8>,
}

impl<'a> Names<'a> {
    /// Indexes `records` (in their final order: ids are positions).
    pub fn new(records: &'a [Record]) -> Names<'a> {
        let mut ids: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (id, r) in records.iter().enumerate() {
            ids.entry(r.name.to_ascii_lowercase()).or_default().push(id);
        }
        Names { records, ids }
    }

    /// The name of record `id`, as its source spells it.
    pub fn name_of(&self, id: usize) -> &str {
        &self.records[id].name
    }

    /// True when record `id` is a wide range.
    pub fn is_wide(&self, id: usize) -> bool {
        self.records[id].wide
    }

    /// True when some record has this lowercase name.
    pub fn contains(&self, name: &str) -> bool {
        self.ids.contains_key(name)
    }

    /// The records of the registration that `text` names: one name on one port, every
    /// protocol. A `/proto` is refused: what describes a registration holds for all of
    /// its protocols.
    pub fn registration(&self, text: &str) -> Result<Vec<usize>, String> {
        let key = self.parse(text)?;
        if key.proto.is_some() {
            return Err(format!(
                "{text:?}: this describes a service on all its protocols; write \"name\" or \
                 \"name@port\", without a protocol"
            ));
        }
        self.on_one_port(text, &key)
    }

    /// The records that a product's `text` names: a registration, or one protocol of it
    /// (`"amqp/tcp"`: RabbitMQ speaks AMQP over TCP, not the UDP and SCTP that IANA also
    /// registered).
    pub fn product_part(&self, text: &str) -> Result<Vec<usize>, String> {
        let key = self.parse(text)?;
        self.on_one_port(text, &key)
    }

    /// The records that a tier's `text` names: one registration on one protocol.
    pub fn record(&self, text: &str) -> Result<Vec<usize>, String> {
        let key = self.parse(text)?;
        let ids = self.on_one_port(text, &key)?;
        let protocols: BTreeSet<u8> = ids.iter().map(|&id| self.records[id].proto).collect();
        if protocols.len() > 1 {
            let name = &self.records[ids[0]].name;
            let list = listing(protocols.iter().map(|&p| layout::PROTOCOLS[usize::from(p)]));
            let first = layout::PROTOCOLS[usize::from(*protocols.first().unwrap_or(&0))];
            return Err(format!(
                "{text:?} reaches {name} on {list}: a tier is for one protocol; name it, as \
                 \"{}/{first}\"",
                text.to_ascii_lowercase()
            ));
        }
        Ok(ids)
    }

    /// The records of `key` (on its protocol, if it names one), which must all be on one
    /// first port.
    fn on_one_port(&self, text: &str, key: &Key) -> Result<Vec<usize>, String> {
        let all = &self.ids[&key.name];
        let ports: BTreeSet<u16> = all.iter().map(|&id| self.records[id].first).collect();
        let port = match key.port {
            Some(port) if ports.contains(&port) => port,
            Some(port) => {
                let list = listing(ports.iter());
                return Err(format!(
                    "{text:?}: {} has no registration on port {port}; it has {list}",
                    key.name
                ));
            }
            None if ports.len() == 1 => ports.into_iter().next().unwrap_or(0),
            None => {
                let list = listing(ports.iter());
                let last = ports.last().copied().unwrap_or(0);
                return Err(format!(
                    "{text:?} reaches the registrations of {} on ports {list}: name one, as \
                     \"{}@{last}\"",
                    key.name, key.name
                ));
            }
        };
        let on_port = all.iter().filter(|&&id| self.records[id].first == port);
        let ids: Vec<usize> = on_port
            .filter(|&&id| key.proto.is_none_or(|p| self.records[id].proto == p))
            .copied()
            .collect();
        if ids.is_empty() {
            let proto = key.proto.map_or("", |p| layout::PROTOCOLS[usize::from(p)]);
            return Err(format!(
                "{text:?}: {}@{port} has no {proto} record",
                key.name
            ));
        }
        Ok(ids)
    }

    /// Splits `text` into a known name, a port and a protocol. Some IANA names hold a `/`
    /// (`ethernet/ip-1`), so a whole text that is a name is always that name.
    fn parse(&self, text: &str) -> Result<Key, String> {
        let lower = text.to_ascii_lowercase();
        let whole = || Key {
            name: lower.clone(),
            port: None,
            proto: None,
        };
        if self.contains(&lower) {
            return Ok(whole());
        }
        let (rest, proto) = match lower.rsplit_once('/') {
            Some((rest, p)) if self.contains(rest.split('@').next().unwrap_or(rest)) => {
                let code = layout::code(&layout::PROTOCOLS, p).ok_or_else(|| {
                    format!("{text:?}: unknown protocol {p:?}; expected tcp, udp, sctp or dccp")
                })?;
                (rest, Some(code))
            }
            _ => (lower.as_str(), None),
        };
        let (name, port) = match rest.rsplit_once('@') {
            Some((name, port)) => {
                let port = port.parse::<u16>().map_err(|_| {
                    format!("{text:?}: {port:?} is not a port 0-65535, as in \"name@8080\"")
                })?;
                (name, Some(port))
            }
            None => (rest, None),
        };
        if !self.contains(name) {
            return Err(format!("{text:?} names no service with ports"));
        }
        Ok(Key {
            name: name.to_owned(),
            port,
            proto,
        })
    }

    /// The first record of each registration that `ids` reach, one per (name, port): the
    /// id that stands for the registration in the tables.
    pub fn registrations(&self, ids: &[usize]) -> BTreeSet<usize> {
        ids.iter().map(|&id| self.first_of(id)).collect()
    }

    /// The first record of the registration that record `id` belongs to.
    pub fn first_of(&self, id: usize) -> usize {
        let r = &self.records[id];
        let same = self.ids.get(&r.name.to_ascii_lowercase());
        let on_port = same.into_iter().flatten();
        let first = on_port.filter(|&&i| self.records[i].first == r.first).min();
        first.copied().unwrap_or(id)
    }

    /// Every record of the registration that record `id` belongs to.
    pub fn all_of(&self, id: usize) -> Vec<usize> {
        let r = &self.records[id];
        let same = self.ids.get(&r.name.to_ascii_lowercase());
        let on_port = same.into_iter().flatten();
        on_port
            .filter(|&&i| self.records[i].first == r.first)
            .copied()
            .collect()
    }
}

/// `a`, `a and b`, `a, b and c`.
fn listing<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    let items: Vec<String> = items.map(|i| i.to_string()).collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
