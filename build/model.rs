//! The model of `ports.toml` after validation: what the generator turns into tables.
//!
//! Protocols, sources, categories and prevalence tiers are held as the codes of
//! `src/layout.rs`, the one definition that the crate unpacks with.

use std::collections::BTreeMap;
use std::fmt;

/// RFC 6335 section 5.1: service names are 1 to 15 characters.
pub const MAX_NAME_LEN: usize = 15;
/// Debian's netbase is not bound by RFC 6335 (`clc-build-daemon` has 16 characters).
pub const MAX_NETBASE_NAME_LEN: usize = 31;
/// Descriptions are stored with a one-byte length; IANA's longest is 255 bytes.
pub const MAX_DESCRIPTION_LEN: usize = 255;
/// A wide range holds more ports than this: narrower ranges are stored per port.
pub const WIDE_MIN: u32 = 64;

/// A date as IANA writes it: `YYYY-MM-DD`, or `YYYY-MM` when the day is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    /// 0 when the registry gives only the month.
    pub day: u8,
}

/// One service on a port (or a range of ports) and one protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub first: u16,
    pub last: u16,
    /// A code of `layout::PROTOCOLS`.
    pub proto: u8,
    pub description: String,
    /// A code of `layout::SOURCES`.
    pub source: u8,
    /// IANA listed the port with no protocol; the record stands for it on TCP and UDP.
    pub proto_unspecified: bool,
    /// A wide range that software allocates from (`wide = true`): stored per range, not
    /// per port, and listed after a port's own records.
    pub wide: bool,
    /// 0 for none, else 1 + a code of `layout::CATEGORIES`.
    pub category: u8,
    /// A code of `layout::PREVALENCES`.
    pub prevalence: u8,
    pub reference: Option<String>,
    pub registered: Option<Date>,
    pub modified: Option<Date>,
    pub unauthorized: Option<String>,
}

impl Record {
    /// The crate's order of records: first port, protocol, source, name.
    pub fn sort_key(&self) -> (u16, u8, u8, &str) {
        (self.first, self.proto, self.source, &self.name)
    }
}

/// A registered service name that has no port (mostly DNS-SD names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortlessName {
    pub name: String,
    /// A code of `layout::PROTOCOLS`, or `None` where IANA gives none.
    pub proto: Option<u8>,
    pub description: String,
}

/// What IANA says of a (port range, protocol) that no service holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Reserved,
    Unassigned,
}

/// One Reserved or Unassigned row of the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusRow {
    pub first: u16,
    pub last: u16,
    /// `None`: the registry gave no protocol; the row covers TCP and UDP.
    pub proto: Option<u8>,
    pub status: Status,
}

/// Hand-written knowledge about one registration (a name on one port, every protocol):
/// `[[about]]` in `ports.toml`, or the label and aliases of a `[[service]]` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    /// The key of the registration it is about, as written: `name` or `name@port`
    /// (see `keys.rs`).
    pub name: String,
    /// The records of the registration, by id; filled in by validation.
    pub ids: Vec<usize>,
    /// A short display label, such as "DNS" or "SMB".
    pub label: Option<String>,
    /// The long form, such as "Secure Shell".
    pub title: Option<String>,
    /// Spoken names that `by_name` also finds, lowercase.
    pub aliases: Vec<String>,
    /// The key of the implicit-TLS twin, as written: `tls = "ftps"` on `ftp`.
    pub twin: Option<String>,
    /// The first record of the other of a plain / implicit-TLS pair, on both sides;
    /// filled in by validation.
    pub twin_id: Option<usize>,
    /// TLS from the first byte (set by `implicit_tls = true`, or by being a `tls` twin).
    pub implicit_tls: bool,
    /// Historic per the RFC that defined it (for example POP2, RFC 937).
    pub historic: bool,
}

/// Everything `ports.toml` (plus an extra file) says, validated.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// `[iana] updated`: the registry's own date.
    pub registry_updated: String,
    /// Every record, in [`Record::sort_key`] order: the order of the crate's array.
    pub records: Vec<Record>,
    /// Names without a port, sorted by (name, protocol).
    pub portless: Vec<PortlessName>,
    /// Reserved and Unassigned rows, in file order.
    pub status_rows: Vec<StatusRow>,
    /// `[[about]]` entries, sorted by the first record of their registration.
    pub about: Vec<About>,
    /// Spoken names: each alias and the ids of the records it stands for, sorted.
    pub aliases: BTreeMap<String, Vec<usize>>,
    /// The records of each tier entry above rare, most common first: the order of
    /// `common_ports`. Each entry's records share one protocol.
    pub ranked: Vec<Vec<usize>>,
    /// `[products]`, in file order: each product's spoken names and records.
    pub products: Vec<Product>,
}

/// A product people name, such as Consul: every record of its default ports, found by
/// each of its spoken names (`[products]` in `ports.toml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Product {
    /// The product's main spoken name, lowercase: the key in `[products]`.
    pub name: String,
    /// Its other spoken names.
    pub names: Vec<String>,
    /// The first record of its main registration, the service of its own name, if it has
    /// one: its other names are listed with that registration.
    pub main: Option<usize>,
    /// The ids of its records, sorted.
    pub ids: Vec<usize>,
}

/// Why a data file was refused: the file, the entry and the field, then what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    /// For example `iana.services[12] "ssh"`; empty for whole-file errors.
    pub entry: String,
    /// The offending field, if one is to blame.
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if !self.entry.is_empty() {
            write!(f, "{}: ", self.entry)?;
        }
        if let Some(field) = self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for DataError {}

/// Where an entry is: the file and the entry, for messages.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub file: String,
    pub entry: String,
}

impl Ctx {
    /// The context of a whole file.
    pub fn file(file: &str) -> Ctx {
        Ctx {
            file: file.to_owned(),
            entry: String::new(),
        }
    }

    /// The context of entry `index` of `section`, named when it has a name.
    pub fn entry(file: &str, section: &str, index: usize, name: Option<&str>) -> Ctx {
        let entry = match name {
            Some(name) => format!("{section}[{index}] {name:?}"),
            None => format!("{section}[{index}]"),
        };
        Ctx {
            file: file.to_owned(),
            entry,
        }
    }

    /// An error at this entry, in `field` if one is to blame.
    pub fn err(&self, field: Option<&'static str>, message: impl Into<String>) -> DataError {
        DataError {
            file: self.file.clone(),
            entry: self.entry.clone(),
            field,
            message: message.into(),
        }
    }
}
