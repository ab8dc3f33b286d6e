//! Reads and validates `ports.toml` (and a `PORTS_KB_EXTRA` file) into a [`Catalog`].
//!
//! `build.rs` includes this file with `#[path]`, and so do the tests, which feed it
//! bad input and assert the messages. Nothing here panics on input: every problem is
//! a [`DataError`] naming the file, the entry and the field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// RFC 6335 section 5.1: service names are 1 to 15 characters.
pub const MAX_NAME_LEN: usize = 15;
/// Debian's netbase is not bound by RFC 6335 (`clc-build-daemon` has 16 characters).
pub const MAX_NETBASE_NAME_LEN: usize = 31;
/// Descriptions are stored with a one-byte length; IANA's longest is 255 bytes.
pub const MAX_DESCRIPTION_LEN: usize = 255;

/// A transport protocol, in the order the crate sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Proto {
    Tcp,
    Udp,
    Sctp,
    Dccp,
}

impl Proto {
    pub const ALL: [Proto; 4] = [Proto::Tcp, Proto::Udp, Proto::Sctp, Proto::Dccp];

    fn parse(s: &str) -> Option<Proto> {
        Proto::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Sctp => "sctp",
            Proto::Dccp => "dccp",
        }
    }
}

/// Where a record comes from. The order is the order within one (port, protocol).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// IANA's registry: the `[iana]` section.
    Iana,
    /// Debian's netbase `/etc/services`, where IANA lacks the name on that port:
    /// `[[service]]` entries with `source = "netbase"`.
    Netbase,
    /// Common use that IANA does not record: other `[[service]]` entries in `ports.toml`.
    Common,
    /// An organisation's own additions: `[[service]]` entries in the `PORTS_KB_EXTRA` file.
    Local,
}

/// A date as IANA writes it: `YYYY-MM-DD`, or `YYYY-MM` when the day is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    /// 0 when the registry gives only the month.
    pub day: u8,
}

impl Date {
    /// Dates are packed into 16 bits, years 1981 to 2107.
    pub const FIRST_YEAR: u16 = 1981;
    pub const LAST_YEAR: u16 = 2107;

    fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let year: u16 = digits(parts.next()?, 4)?;
        let month: u8 = digits(parts.next()?, 2)?;
        let day: u8 = match parts.next() {
            Some(d) => digits(d, 2)?,
            None => 0,
        };
        let valid = parts.next().is_none()
            && (Self::FIRST_YEAR..=Self::LAST_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && (s.len() == 7 || (1..=31).contains(&day));
        valid.then_some(Date { year, month, day })
    }

    /// `(year - 1980) << 9 | month << 5 | day`; never 0, so 0 can mean "no date".
    pub fn packed(self) -> u16 {
        ((self.year - (Self::FIRST_YEAR - 1)) << 9)
            | (u16::from(self.month) << 5)
            | u16::from(self.day)
    }
}

fn digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// One service on a port (or a range of ports) and one protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub first: u16,
    pub last: u16,
    pub proto: Proto,
    pub description: String,
    pub source: Source,
    /// IANA listed the port with no protocol; the record stands for it on TCP and UDP.
    pub proto_unspecified: bool,
    pub reference: Option<String>,
    pub registered: Option<Date>,
    pub modified: Option<Date>,
    pub unauthorized: Option<String>,
}

/// A registered service name that has no port (mostly DNS-SD names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortlessName {
    pub name: String,
    pub proto: Option<Proto>,
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
    pub proto: Option<Proto>,
    pub status: Status,
}

/// Hand-written knowledge about every record of one name: `[[about]]` in `ports.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    /// The service name it is about, as written (matched ASCII case-insensitively).
    pub name: String,
    /// A short display label, such as "DNS" or "SMB".
    pub label: Option<String>,
    /// The long form, such as "Secure Shell".
    pub title: Option<String>,
    /// Spoken names that `by_name` also finds, lowercase.
    pub aliases: Vec<String>,
    /// The other of a plain / implicit-TLS pair: written `tls = "ftps"` on `ftp`, and
    /// filled in on `ftps` to point back.
    pub twin: Option<String>,
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
    /// Every record, sorted by (first port, protocol, source, name): the order of the crate's array.
    pub records: Vec<Record>,
    /// Names without a port, sorted by (name, protocol).
    pub portless: Vec<PortlessName>,
    /// Reserved and Unassigned rows, in file order.
    pub status_rows: Vec<StatusRow>,
    /// `[[about]]` entries, sorted by lowercase name.
    pub about: Vec<About>,
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

// ---- The file as toml's parser gives it (`toml::de::DeTable`: borrowed, no serde), read
// into loose records here, so that validation can say exactly what is wrong and where.

type DeTable<'i> = toml::de::DeTable<'i>;
type DeValue<'i> = toml::de::DeValue<'i>;

/// A field's value before validation: what the fields of `ports.toml` can hold.
#[derive(Clone, Debug, PartialEq)]
enum Loose {
    Int(i64),
    Str(String),
    Bool(bool),
    List(Vec<Loose>),
    /// Any other TOML type, by name, for the message.
    Other(&'static str),
}

impl fmt::Display for Loose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loose::Int(n) => write!(f, "{n}"),
            Loose::Str(s) => write!(f, "{s:?}"),
            Loose::Bool(b) => write!(f, "{b}"),
            Loose::List(_) => f.write_str("a list"),
            Loose::Other(kind) => f.write_str(kind),
        }
    }
}

fn loose(value: &DeValue<'_>) -> Loose {
    match value {
        DeValue::Integer(n) => {
            let digits = n.as_str().replace('_', "");
            i64::from_str_radix(&digits, n.radix())
                .map_or(Loose::Other("an integer out of range"), Loose::Int)
        }
        DeValue::String(s) => Loose::Str(s.to_string()),
        DeValue::Boolean(b) => Loose::Bool(*b),
        DeValue::Array(items) => Loose::List(items.iter().map(|v| loose(v.get_ref())).collect()),
        DeValue::Float(_) => Loose::Other("a float"),
        DeValue::Datetime(_) => Loose::Other("a date-time"),
        DeValue::Table(_) => Loose::Other("a table"),
    }
}

/// The fields of one entry, checked against the names it may have.
struct Fields(BTreeMap<String, Loose>);

impl Fields {
    fn read(ctx: &Ctx, table: &DeTable<'_>, allowed: &[&'static str]) -> Result<Fields, DataError> {
        let mut fields = BTreeMap::new();
        for (key, value) in table.iter() {
            let key: &str = key.get_ref();
            let Some(&field) = allowed.iter().find(|&&a| a == key) else {
                return Err(ctx.err(
                    None,
                    format!(
                        "unknown field `{key}`; expected one of {}",
                        allowed.join(", ")
                    ),
                ));
            };
            fields.insert(field.to_owned(), loose(value.get_ref()));
        }
        Ok(Fields(fields))
    }

    fn value(&mut self, field: &str) -> Option<Loose> {
        self.0.remove(field)
    }

    fn string(&mut self, ctx: &Ctx, field: &'static str) -> Result<Option<String>, DataError> {
        match self.0.remove(field) {
            None => Ok(None),
            Some(Loose::Str(s)) => Ok(Some(s)),
            Some(other) => Err(ctx.err(Some(field), format!("{other} is not a string"))),
        }
    }

    fn boolean(&mut self, ctx: &Ctx, field: &'static str) -> Result<Option<bool>, DataError> {
        match self.0.remove(field) {
            None => Ok(None),
            Some(Loose::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(ctx.err(Some(field), format!("{other} is not true or false"))),
        }
    }

    fn strings(
        &mut self,
        ctx: &Ctx,
        field: &'static str,
    ) -> Result<Option<Vec<String>>, DataError> {
        let Some(value) = self.0.remove(field) else {
            return Ok(None);
        };
        let not_list = || ctx.err(Some(field), "expected a list of strings");
        let Loose::List(items) = value else {
            return Err(not_list());
        };
        items
            .into_iter()
            .map(|item| match item {
                Loose::Str(s) => Ok(s),
                _ => Err(not_list()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

const SERVICE_FIELDS: [&str; 12] = [
    "name",
    "port",
    "proto",
    "desc",
    "ref",
    "registered",
    "modified",
    "unauthorized",
    "label",
    "title",
    "aliases",
    "source",
];
const STATUS_FIELDS: [&str; 3] = ["port", "proto", "desc"];
const ABOUT_FIELDS: [&str; 7] = [
    "name",
    "label",
    "title",
    "aliases",
    "tls",
    "implicit_tls",
    "historic",
];

#[derive(Default)]
struct RawService {
    name: Option<String>,
    port: Option<Loose>,
    proto: Option<Loose>,
    desc: Option<String>,
    reference: Option<String>,
    registered: Option<String>,
    modified: Option<String>,
    unauthorized: Option<String>,
    label: Option<String>,
    title: Option<String>,
    aliases: Option<Vec<String>>,
    source: Option<String>,
}

impl RawService {
    fn read(ctx: &Ctx, table: &DeTable<'_>) -> Result<RawService, DataError> {
        let mut f = Fields::read(ctx, table, &SERVICE_FIELDS)?;
        Ok(RawService {
            name: f.string(ctx, "name")?,
            port: f.value("port"),
            proto: f.value("proto"),
            desc: f.string(ctx, "desc")?,
            reference: f.string(ctx, "ref")?,
            registered: f.string(ctx, "registered")?,
            modified: f.string(ctx, "modified")?,
            unauthorized: f.string(ctx, "unauthorized")?,
            label: f.string(ctx, "label")?,
            title: f.string(ctx, "title")?,
            aliases: f.strings(ctx, "aliases")?,
            source: f.string(ctx, "source")?,
        })
    }
}

/// The name field of an entry, if it is a string, for naming the entry in messages.
fn entry_name<'a>(table: &'a DeTable<'_>) -> Option<&'a str> {
    table.get("name").and_then(|v| v.get_ref().as_str())
}

/// An array of tables (`[[service]]`, or `services = [ {...}, ... ]`): each table with its index.
fn tables<'a, 'i>(
    whole: &Ctx,
    section: &str,
    value: &'a DeValue<'i>,
) -> Result<Vec<&'a DeTable<'i>>, DataError> {
    let not_tables = || whole.err(None, format!("`{section}` must be a list of tables"));
    let items = value.as_array().ok_or_else(not_tables)?;
    items
        .iter()
        .map(|item| item.get_ref().as_table().ok_or_else(not_tables))
        .collect()
}

/// Which file is being read, and what its `[[service]]` entries are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `ports.toml`: `[[service]]` entries are common use; `[iana]` is allowed.
    Main,
    /// A `PORTS_KB_EXTRA` file: `[[service]]` entries are local; `[iana]` is refused.
    Extra,
}

/// Parses and validates one file's text. `file` is the name used in messages.
pub fn parse(file: &str, text: &str, kind: FileKind) -> Result<Catalog, DataError> {
    let mut builder = Builder::default();
    builder.add(file, text, kind)?;
    builder.finish()
}

/// Collects one or more files, then checks what spans them (duplicates, names in `[[about]]`).
#[derive(Default)]
pub struct Builder {
    catalog: Catalog,
    /// (lowercase name, port, protocol) -> where it was first seen, for the duplicate check.
    seen: BTreeMap<(String, u16, Proto), String>,
    /// The `[[about]]` entries with where they came from, checked at the end.
    about: Vec<(About, Ctx)>,
}

#[derive(Clone)]
struct Ctx {
    file: String,
    entry: String,
}

impl Ctx {
    fn err(&self, field: Option<&'static str>, message: impl Into<String>) -> DataError {
        DataError {
            file: self.file.clone(),
            entry: self.entry.clone(),
            field,
            message: message.into(),
        }
    }
}

impl Builder {
    /// Adds one file.
    pub fn add(&mut self, file: &str, text: &str, kind: FileKind) -> Result<(), DataError> {
        let whole = Ctx {
            file: file.to_owned(),
            entry: String::new(),
        };
        // toml's message carries the line and column, and the offending text.
        let document =
            DeTable::parse(text).map_err(|e| whole.err(None, e.to_string().trim_end()))?;
        let document = document.get_ref();
        for (key, _) in document.iter() {
            let key: &str = key.get_ref();
            if !["about", "service", "iana"].contains(&key) {
                return Err(whole.err(
                    None,
                    format!("unknown section `{key}`; expected [[about]], [[service]] or [iana]"),
                ));
            }
        }

        if let Some(iana) = document.get("iana") {
            if kind == FileKind::Extra {
                return Err(whole.err(None, "an extra file may not have an [iana] section"));
            }
            let iana = iana
                .get_ref()
                .as_table()
                .ok_or_else(|| whole.err(None, "`iana` must be a table"))?;
            let section = Ctx {
                file: file.to_owned(),
                entry: "[iana]".to_owned(),
            };
            let mut fields = Fields::read(
                &section,
                iana,
                &["updated", "services", "reserved", "unassigned"],
            )?;
            let updated = match fields.value("updated") {
                Some(Loose::Str(s)) => s,
                Some(other) => {
                    return Err(whole.err(
                        Some("iana.updated"),
                        format!("{other} is not a date YYYY-MM-DD"),
                    ))
                }
                None => {
                    return Err(whole.err(
                        Some("iana.updated"),
                        "missing: the registry's date, YYYY-MM-DD",
                    ))
                }
            };
            if Date::parse(&updated).is_none_or(|d| d.day == 0) {
                return Err(whole.err(
                    Some("iana.updated"),
                    format!("{updated:?} is not a date YYYY-MM-DD"),
                ));
            }
            self.catalog.registry_updated = updated;
            if let Some(services) = iana.get("services") {
                for (i, table) in tables(&whole, "iana.services", services.get_ref())?
                    .into_iter()
                    .enumerate()
                {
                    let ctx = entry_ctx(file, "iana.services", i, entry_name(table));
                    self.add_service(&ctx, RawService::read(&ctx, table)?, Source::Iana)?;
                }
            }
            for (section, status) in [
                ("reserved", Status::Reserved),
                ("unassigned", Status::Unassigned),
            ] {
                let Some(rows) = iana.get(section) else {
                    continue;
                };
                let section = format!("iana.{section}");
                for (i, table) in tables(&whole, &section, rows.get_ref())?
                    .into_iter()
                    .enumerate()
                {
                    let ctx = entry_ctx(file, &section, i, None);
                    let mut f = Fields::read(&ctx, table, &STATUS_FIELDS)?;
                    let (port, proto) = (f.value("port"), f.string(&ctx, "proto")?);
                    // IANA's wording (`desc`) stays in ports.toml for readers; the crate needs only the status.
                    self.add_status(&ctx, port, proto, status)?;
                }
            }
        }

        if let Some(services) = document.get("service") {
            for (i, table) in tables(&whole, "service", services.get_ref())?
                .into_iter()
                .enumerate()
            {
                let ctx = entry_ctx(file, "service", i, entry_name(table));
                let mut raw = RawService::read(&ctx, table)?;
                let source = match (kind, raw.source.take().as_deref()) {
                    (FileKind::Main, None | Some("common")) => Source::Common,
                    (FileKind::Main, Some("netbase")) => Source::Netbase,
                    (FileKind::Extra, None | Some("local")) => Source::Local,
                    (_, Some(other)) => {
                        let expected = if kind == FileKind::Main {
                            "\"common\" or \"netbase\""
                        } else {
                            "\"local\""
                        };
                        return Err(
                            ctx.err(Some("source"), format!("{other:?}; expected {expected}"))
                        );
                    }
                };
                self.add_service(&ctx, raw, source)?;
            }
        }
        if let Some(abouts) = document.get("about") {
            for (i, table) in tables(&whole, "about", abouts.get_ref())?
                .into_iter()
                .enumerate()
            {
                let ctx = entry_ctx(file, "about", i, entry_name(table));
                let mut f = Fields::read(&ctx, table, &ABOUT_FIELDS)?;
                let about = About {
                    name: required(&ctx, "name", f.string(&ctx, "name")?)?,
                    label: f
                        .string(&ctx, "label")?
                        .map(|l| label(&ctx, "label", l))
                        .transpose()?,
                    title: f
                        .string(&ctx, "title")?
                        .map(|t| label(&ctx, "title", t))
                        .transpose()?,
                    aliases: aliases(&ctx, f.strings(&ctx, "aliases")?.unwrap_or_default())?,
                    twin: f.string(&ctx, "tls")?,
                    implicit_tls: f.boolean(&ctx, "implicit_tls")?.unwrap_or(false),
                    historic: f.boolean(&ctx, "historic")?.unwrap_or(false),
                };
                self.about.push((about, ctx));
            }
        }
        Ok(())
    }

    fn add_service(&mut self, ctx: &Ctx, raw: RawService, source: Source) -> Result<(), DataError> {
        let name = required(ctx, "name", raw.name)?;
        check_name(ctx, &name, source)?;
        let description = raw.desc.unwrap_or_default();
        if description.len() > MAX_DESCRIPTION_LEN {
            return Err(ctx.err(
                Some("desc"),
                format!(
                    "{} bytes long; at most {MAX_DESCRIPTION_LEN}",
                    description.len()
                ),
            ));
        }
        let protos = protocols(ctx, raw.proto.as_ref(), source)?;
        if source != Source::Iana {
            // Hand-written entries carry their label and aliases inline.
            if raw.label.is_some() || raw.title.is_some() || raw.aliases.is_some() {
                let about = About {
                    name: name.clone(),
                    label: raw.label.map(|l| label(ctx, "label", l)).transpose()?,
                    title: raw.title.map(|t| label(ctx, "title", t)).transpose()?,
                    aliases: aliases(ctx, raw.aliases.unwrap_or_default())?,
                    ..About::default()
                };
                self.about.push((about, ctx.clone()));
            }
            if raw.reference.is_some()
                || raw.registered.is_some()
                || raw.modified.is_some()
                || raw.unauthorized.is_some()
            {
                return Err(ctx.err(
                    None,
                    "`ref`, `registered`, `modified` and `unauthorized` are IANA's fields",
                ));
            }
        } else if raw.label.is_some()
            || raw.title.is_some()
            || raw.aliases.is_some()
            || raw.source.is_some()
        {
            return Err(ctx.err(
                None,
                "labels, titles, aliases and sources of IANA names go in an [[about]] entry",
            ));
        }
        let Some(port) = raw.port else {
            if source != Source::Iana {
                return Err(ctx.err(
                    Some("port"),
                    "missing: a port such as 22, or a range \"6000-6063\"",
                ));
            }
            let proto = match protos {
                Protos::Given(p) => Some(p[0]),
                Protos::Unspecified => None,
            };
            self.catalog.portless.push(PortlessName {
                name,
                proto,
                description,
            });
            return Ok(());
        };
        let (first, last) = port_range(ctx, &port)?;
        let date = |field, value: Option<String>| -> Result<Option<Date>, DataError> {
            value
                .map(|v| {
                    Date::parse(&v).ok_or_else(|| {
                        ctx.err(
                            Some(field),
                            format!("{v:?} is not a date YYYY-MM-DD or YYYY-MM"),
                        )
                    })
                })
                .transpose()
        };
        let registered = date("registered", raw.registered)?;
        let modified = date("modified", raw.modified)?;
        let (list, proto_unspecified) = match &protos {
            Protos::Given(list) => (list.as_slice(), false),
            Protos::Unspecified => (&[Proto::Tcp, Proto::Udp][..], true),
        };
        for &proto in list {
            let key = (name.to_ascii_lowercase(), first, proto);
            if let Some(before) = self.seen.get(&key) {
                return Err(ctx.err(
                    None,
                    format!(
                        "duplicate of {before}: {name} {first}/{} is already listed",
                        proto.as_str()
                    ),
                ));
            }
            self.seen
                .insert(key, format!("{}: {}", ctx.file, ctx.entry));
            self.catalog.records.push(Record {
                name: name.clone(),
                first,
                last,
                proto,
                description: description.clone(),
                source,
                proto_unspecified,
                reference: raw.reference.clone(),
                registered,
                modified,
                unauthorized: raw.unauthorized.clone(),
            });
        }
        Ok(())
    }

    fn add_status(
        &mut self,
        ctx: &Ctx,
        port: Option<Loose>,
        proto: Option<String>,
        status: Status,
    ) -> Result<(), DataError> {
        let port = port.ok_or_else(|| ctx.err(Some("port"), "missing"))?;
        let (first, last) = port_range(ctx, &port)?;
        let proto = match proto.as_deref() {
            None => None,
            Some(p) => Some(Proto::parse(p).ok_or_else(|| unknown_protocol(ctx, p))?),
        };
        self.catalog.status_rows.push(StatusRow {
            first,
            last,
            proto,
            status,
        });
        Ok(())
    }

    /// Checks what spans files and sorts everything into the crate's order.
    pub fn finish(mut self) -> Result<Catalog, DataError> {
        // Names with ports; an alias may not shadow one. It may share a key with a
        // portless name (IANA's DNS-SD "smb"), since those are a separate lookup.
        let port_names: BTreeSet<String> = self
            .catalog
            .records
            .iter()
            .map(|r| r.name.to_ascii_lowercase())
            .collect();
        let mut names = port_names.clone();
        names.extend(
            self.catalog
                .portless
                .iter()
                .map(|r| r.name.to_ascii_lowercase()),
        );
        let mut about: BTreeMap<String, (About, Ctx)> = BTreeMap::new();
        for (entry, ctx) in self.about {
            let key = entry.name.to_ascii_lowercase();
            if !names.contains(&key) {
                return Err(ctx.err(
                    Some("name"),
                    format!("{:?} names no service in the data", entry.name),
                ));
            }
            if let Some((_, before)) = about.get(&key) {
                return Err(ctx.err(
                    Some("name"),
                    format!(
                        "{:?} already has an [[about]] entry at {}: {}",
                        entry.name, before.file, before.entry
                    ),
                ));
            }
            about.insert(key, (entry, ctx));
        }
        // A `tls` twin must be a name with ports; it is implicit TLS, and points back.
        let twins: Vec<(String, String)> = about
            .iter()
            .filter_map(|(key, (entry, _))| {
                entry
                    .twin
                    .as_ref()
                    .map(|t| (key.clone(), t.to_ascii_lowercase()))
            })
            .collect();
        for (plain, tls) in twins {
            let ctx = about[&plain].1.clone();
            if !port_names.contains(&tls) || tls == plain {
                return Err(ctx.err(
                    Some("tls"),
                    format!("{tls:?} is not another service with ports"),
                ));
            }
            let (other, _) = about.entry(tls.clone()).or_insert_with(|| {
                let name = tls.clone();
                (
                    About {
                        name,
                        ..About::default()
                    },
                    ctx.clone(),
                )
            });
            if other.twin.is_some() {
                return Err(ctx.err(
                    Some("tls"),
                    format!("{tls:?} has a `tls` twin itself; a pair is plain -> TLS"),
                ));
            }
            other.implicit_tls = true;
            other.twin = Some(plain.clone());
        }
        // An alias must not shadow a real name, nor mean two things.
        let mut alias_owner: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, (entry, ctx)) in &about {
            for alias in &entry.aliases {
                if port_names.contains(alias) {
                    return Err(ctx.err(
                        Some("aliases"),
                        format!("{alias:?} is already the name of a service"),
                    ));
                }
                if let Some(other) = alias_owner.insert(alias, key) {
                    return Err(ctx.err(
                        Some("aliases"),
                        format!("{alias:?} is already an alias of {other:?}"),
                    ));
                }
            }
        }
        self.catalog.about = about.into_values().map(|(a, _)| a).collect();
        self.catalog.records.sort_by(|a, b| {
            (a.first, a.proto, a.source, &a.name).cmp(&(b.first, b.proto, b.source, &b.name))
        });
        self.catalog
            .portless
            .sort_by_key(|p| (p.name.to_ascii_lowercase(), p.proto));
        Ok(self.catalog)
    }
}

enum Protos {
    Given(Vec<Proto>),
    Unspecified,
}

fn entry_ctx(file: &str, section: &str, index: usize, name: Option<&str>) -> Ctx {
    let entry = match name {
        Some(name) => format!("{section}[{index}] {name:?}"),
        None => format!("{section}[{index}]"),
    };
    Ctx {
        file: file.to_owned(),
        entry,
    }
}

fn required(ctx: &Ctx, field: &'static str, value: Option<String>) -> Result<String, DataError> {
    value.ok_or_else(|| ctx.err(Some(field), "missing, and it is required"))
}

fn check_name(ctx: &Ctx, name: &str, source: Source) -> Result<(), DataError> {
    let (most, rule) = match source {
        Source::Netbase => (MAX_NETBASE_NAME_LEN, "for netbase names"),
        _ => (MAX_NAME_LEN, "(RFC 6335)"),
    };
    if name.is_empty() {
        return Err(ctx.err(
            Some("name"),
            "empty; a service name has 1 to 15 characters (RFC 6335)",
        ));
    }
    if name.len() > most {
        return Err(ctx.err(
            Some("name"),
            format!(
                "{name:?} is {} characters; at most {most} {rule}",
                name.len()
            ),
        ));
    }
    // IANA's legacy names include `_ / * . +`; nothing else, and never white space.
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_/*.+".contains(*c)))
    {
        return Err(ctx.err(
            Some("name"),
            format!("{name:?} contains {c:?}; use letters, digits and -"),
        ));
    }
    Ok(())
}

fn label(ctx: &Ctx, field: &'static str, label: String) -> Result<String, DataError> {
    if label.trim().is_empty() || label.len() > 60 || label.trim() != label {
        return Err(ctx.err(
            Some(field),
            format!("{label:?}: 1 to 60 characters and no outer spaces"),
        ));
    }
    Ok(label)
}

fn aliases(ctx: &Ctx, aliases: Vec<String>) -> Result<Vec<String>, DataError> {
    for alias in &aliases {
        let valid = !alias.is_empty()
            && alias.len() <= 32
            && alias
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./+".contains(&b));
        if !valid {
            return Err(ctx.err(
                Some("aliases"),
                format!("{alias:?}: an alias has 1 to 32 lowercase letters, digits or -_./+"),
            ));
        }
    }
    Ok(aliases)
}

fn unknown_protocol(ctx: &Ctx, p: &str) -> DataError {
    ctx.err(
        Some("proto"),
        format!("unknown protocol {p:?}; expected tcp, udp, sctp or dccp"),
    )
}

fn protocols(ctx: &Ctx, value: Option<&Loose>, source: Source) -> Result<Protos, DataError> {
    let one = |v: &Loose| match v {
        Loose::Str(s) => Proto::parse(s).ok_or_else(|| unknown_protocol(ctx, s)),
        other => Err(ctx.err(Some("proto"), format!("{other} is not a protocol name"))),
    };
    match value {
        None if source == Source::Iana => Ok(Protos::Unspecified),
        None => Err(ctx.err(
            Some("proto"),
            "missing: tcp, udp, sctp, dccp, or a list of them",
        )),
        Some(Loose::List(list)) if source != Source::Iana && !list.is_empty() => {
            let mut protos = list.iter().map(one).collect::<Result<Vec<_>, _>>()?;
            protos.sort();
            protos.dedup();
            Ok(Protos::Given(protos))
        }
        Some(v) => Ok(Protos::Given(vec![one(v)?])),
    }
}

fn port_range(ctx: &Ctx, value: &Loose) -> Result<(u16, u16), DataError> {
    let port = |n: i64| -> Result<u16, DataError> {
        u16::try_from(n).map_err(|_| ctx.err(Some("port"), format!("{n} is outside 0-65535")))
    };
    match value {
        Loose::Int(n) => port(*n).map(|p| (p, p)),
        Loose::Str(s) => {
            let parsed = s
                .split_once('-')
                .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
            let Some((a, b)) = parsed else {
                return Err(ctx.err(
                    Some("port"),
                    format!("{s:?} is not a range such as \"6000-6063\""),
                ));
            };
            let (first, last) = (port(a)?, port(b)?);
            if first >= last {
                return Err(ctx.err(
                    Some("port"),
                    format!("{s:?} is reversed or empty: the first port must be below the last"),
                ));
            }
            Ok((first, last))
        }
        other => Err(ctx.err(
            Some("port"),
            format!("{other} is neither a port nor a range \"N-M\""),
        )),
    }
}
