//! Reads the text of `ports.toml` (or a `PORTS_KB_EXTRA` file) into the model.
//!
//! toml's parser gives a borrowed tree (`toml::de::DeTable`, no serde); each entry is read
//! into loose fields here, checked by `validate`, and added to a [`Builder`]. Whatever
//! spans entries or files is checked at the end, in `validate::finish`.

use super::layout;
use super::model::{About, Catalog, Ctx, DataError, PortlessName, Record, Status, StatusRow};
use super::validate as check;
use std::collections::BTreeMap;
use std::fmt;

type DeTable<'i> = toml::de::DeTable<'i>;
type DeValue<'i> = toml::de::DeValue<'i>;

/// Which file is being read, and what its `[[service]]` entries are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `ports.toml`: `[[service]]` entries are common use; `[iana]` is allowed.
    Main,
    /// A `PORTS_KB_EXTRA` file: `[[service]]` entries are local; `[iana]` is refused.
    Extra,
}

/// Collects one or more files; `finish` then checks what spans them.
#[derive(Default)]
pub struct Builder {
    pub(super) catalog: Catalog,
    /// (lowercase name, port, protocol) -> where it was first seen, for the duplicate check.
    pub(super) seen: BTreeMap<(String, u16, u8), String>,
    /// The `[[about]]` entries with where they came from, checked at the end.
    pub(super) about: Vec<(About, Ctx)>,
    /// `[categories]`: (name, category code), in file order.
    pub(super) categories: Vec<(String, u8, Ctx)>,
    /// `[prevalence]`: (name, tier code), most common first.
    pub(super) tiers: Vec<(String, u8, Ctx)>,
    /// `[aliases]`: (alias, names it stands for).
    pub(super) alias_table: Vec<(String, Vec<String>, Ctx)>,
    /// `[flags]`: (flag, the registration's key), in file order.
    pub(super) flags: Vec<(&'static str, String, Ctx)>,
    /// `[products]`: (name, other names, its services' keys), in file order.
    pub(super) products: Vec<(String, Vec<String>, Vec<String>, Ctx)>,
}

/// Parses and validates one file's text. `file` is the name used in messages.
pub fn parse(file: &str, text: &str, kind: FileKind) -> Result<Catalog, DataError> {
    let mut builder = Builder::default();
    builder.add(file, text, kind)?;
    builder.finish()
}

/// A field's value before validation: what the fields of `ports.toml` can hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Loose {
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
            if !allowed.contains(&key) {
                let expected = allowed.join(", ");
                let message = format!("unknown field `{key}`; expected one of {expected}");
                return Err(ctx.err(None, message));
            }
            fields.insert(key.to_owned(), loose(value.get_ref()));
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

    fn boolean(&mut self, ctx: &Ctx, field: &'static str) -> Result<bool, DataError> {
        match self.0.remove(field) {
            None => Ok(false),
            Some(Loose::Bool(b)) => Ok(b),
            Some(other) => Err(ctx.err(Some(field), format!("{other} is not true or false"))),
        }
    }

    fn strings(&mut self, ctx: &Ctx, field: &'static str) -> Result<Vec<String>, DataError> {
        let Some(value) = self.0.remove(field) else {
            return Ok(Vec::new());
        };
        let not_list = || ctx.err(Some(field), "expected a list of strings");
        let Loose::List(items) = value else {
            return Err(not_list());
        };
        let string = |item| match item {
            Loose::Str(s) => Ok(s),
            _ => Err(not_list()),
        };
        items.into_iter().map(string).collect()
    }
}

const SERVICE_FIELDS: [&str; 15] = [
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
    "tls",
    "implicit_tls",
    "wide",
    "source",
];
const IANA_FIELDS: [&str; 4] = ["updated", "services", "reserved", "unassigned"];
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
const SECTIONS: [&str; 8] = [
    "about",
    "service",
    "categories",
    "prevalence",
    "aliases",
    "flags",
    "products",
    "iana",
];
const PRODUCT_FIELDS: [&str; 2] = ["names", "services"];
/// The flags `[flags]` may list, as `[[about]]` fields of the same names set them.
pub const FLAGS: [&str; 2] = ["implicit_tls", "historic"];
/// The tiers `[prevalence]` may list: rare is the default, never listed.
const LISTED_TIERS: [&str; 3] = ["ubiquitous", "common", "uncommon"];

/// One `[[service]]` entry or `[iana]` service, its fields read but not yet checked.
struct RawService {
    name: String,
    port: Option<Loose>,
    proto: Option<Loose>,
    desc: String,
    reference: Option<String>,
    registered: Option<String>,
    modified: Option<String>,
    unauthorized: Option<String>,
    about: About,
    source: Option<String>,
    wide: bool,
}

impl RawService {
    fn read(ctx: &Ctx, table: &DeTable<'_>) -> Result<RawService, DataError> {
        let mut f = Fields::read(ctx, table, &SERVICE_FIELDS)?;
        let name = f.string(ctx, "name")?;
        let name = name.ok_or_else(|| ctx.err(Some("name"), "missing, and it is required"))?;
        let mut about = read_about_fields(ctx, &mut f, name.clone())?;
        about.twin = f.string(ctx, "tls")?;
        about.implicit_tls = f.boolean(ctx, "implicit_tls")?;
        Ok(RawService {
            port: f.value("port"),
            proto: f.value("proto"),
            desc: f.string(ctx, "desc")?.unwrap_or_default(),
            reference: f.string(ctx, "ref")?,
            registered: f.string(ctx, "registered")?,
            modified: f.string(ctx, "modified")?,
            unauthorized: f.string(ctx, "unauthorized")?,
            about,
            source: f.string(ctx, "source")?,
            wide: f.boolean(ctx, "wide")?,
            name,
        })
    }

    fn has_about(&self) -> bool {
        let a = &self.about;
        a.label.is_some()
            || a.title.is_some()
            || !a.aliases.is_empty()
            || a.twin.is_some()
            || a.implicit_tls
    }

    fn has_iana_fields(&self) -> bool {
        self.registered.is_some() || self.modified.is_some() || self.unauthorized.is_some()
    }
}

/// The label, title and aliases that `[[about]]` and `[[service]]` entries share.
fn read_about_fields(ctx: &Ctx, f: &mut Fields, name: String) -> Result<About, DataError> {
    let label = f.string(ctx, "label")?;
    let title = f.string(ctx, "title")?;
    Ok(About {
        name,
        label: label.map(|l| check::label(ctx, "label", l)).transpose()?,
        title: title.map(|t| check::label(ctx, "title", t)).transpose()?,
        aliases: check::aliases(ctx, Some("aliases"), f.strings(ctx, "aliases")?)?,
        ..About::default()
    })
}

/// A key's names, each with the context that names it in messages.
type Names = (Ctx, Vec<(String, Ctx)>);

/// A table of `key = ["name", ...]` lists (a single string counts as a list of one),
/// each name with its context, such as `categories.web[3] "http"`.
fn name_lists(
    file: &str,
    section: &str,
    value: &DeValue<'_>,
) -> Result<Vec<(String, Names)>, DataError> {
    let whole = Ctx::file(file);
    let table = value
        .as_table()
        .ok_or_else(|| whole.err(None, format!("`{section}` must be a table of name lists")))?;
    let mut lists = Vec::new();
    for (key, value) in table.iter() {
        let key: &str = key.get_ref();
        let ctx = Ctx {
            file: file.to_owned(),
            entry: format!("{section}.{key}"),
        };
        let items = match loose(value.get_ref()) {
            Loose::Str(s) => vec![Loose::Str(s)],
            Loose::List(items) => items,
            other => return Err(ctx.err(None, format!("{other} is not a list of names"))),
        };
        let mut names = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let Loose::Str(name) = item else {
                return Err(ctx.err(None, format!("item {i}: {item} is not a name")));
            };
            let at = Ctx::entry(file, &format!("{section}.{key}"), i, Some(&name));
            names.push((name, at));
        }
        lists.push((key.to_owned(), (ctx, names)));
    }
    Ok(lists)
}

/// The code of a `[categories]` key.
fn category_code(ctx: &Ctx, key: &str) -> Result<u8, DataError> {
    let code = layout::code(&layout::CATEGORIES, key).ok_or_else(|| {
        let expected = layout::CATEGORIES.join(", ");
        ctx.err(
            None,
            format!("unknown category `{key}`; expected one of {expected}"),
        )
    })?;
    Ok(code + 1)
}

/// A `[flags]` key: one of [`FLAGS`].
fn flag_name(ctx: &Ctx, key: &str) -> Result<&'static str, DataError> {
    FLAGS.iter().find(|&&f| f == key).copied().ok_or_else(|| {
        let message = format!("unknown flag `{key}`; expected implicit_tls or historic");
        ctx.err(None, message)
    })
}

/// The code of a `[prevalence]` key.
fn tier_code(ctx: &Ctx, key: &str) -> Result<u8, DataError> {
    if !LISTED_TIERS.contains(&key) {
        let message = format!(
            "unknown tier `{key}`; expected ubiquitous, common or uncommon (rare is the default)"
        );
        return Err(ctx.err(None, message));
    }
    layout::code(&layout::PREVALENCES, key).ok_or_else(|| ctx.err(None, "no such tier"))
}

/// An array of tables (`[[service]]`, or `services = [ {...}, ... ]`).
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

/// Each table of an array with the context that names it in messages.
fn entries<'a, 'i>(
    file: &str,
    section: &str,
    value: &'a DeValue<'i>,
) -> Result<Vec<(Ctx, &'a DeTable<'i>)>, DataError> {
    let tables = tables(&Ctx::file(file), section, value)?;
    let with_ctx = |(i, table): (usize, &'a DeTable<'i>)| {
        let name = table.get("name").and_then(|v| v.get_ref().as_str());
        (Ctx::entry(file, section, i, name), table)
    };
    Ok(tables.into_iter().enumerate().map(with_ctx).collect())
}

impl Builder {
    /// Adds one file.
    pub fn add(&mut self, file: &str, text: &str, kind: FileKind) -> Result<(), DataError> {
        let whole = Ctx::file(file);
        // toml's message carries the line and column, and the offending text.
        let document =
            DeTable::parse(text).map_err(|e| whole.err(None, e.to_string().trim_end()))?;
        let document = document.get_ref();
        for (key, _) in document.iter() {
            let key: &str = key.get_ref();
            if !SECTIONS.contains(&key) {
                let message = format!(
                    "unknown section `{key}`; expected [[about]], [[service]], [categories], \
                     [prevalence], [aliases], [flags], [products] or [iana]"
                );
                return Err(whole.err(None, message));
            }
        }
        if let Some(iana) = document.get("iana") {
            if kind == FileKind::Extra {
                return Err(whole.err(None, "an extra file may not have an [iana] section"));
            }
            self.add_iana(file, iana.get_ref())?;
        }
        if let Some(services) = document.get("service") {
            for (ctx, table) in entries(file, "service", services.get_ref())? {
                self.add_listed_service(&ctx, table, kind)?;
            }
        }
        if let Some(abouts) = document.get("about") {
            for (ctx, table) in entries(file, "about", abouts.get_ref())? {
                self.add_about(ctx, table)?;
            }
        }
        if let Some(products) = document.get("products") {
            self.add_products(file, products.get_ref())?;
        }
        self.add_lists(file, document)
    }

    /// `[categories]`, `[prevalence]`, `[aliases]` and `[flags]`: tables of name lists.
    fn add_lists(&mut self, file: &str, document: &DeTable<'_>) -> Result<(), DataError> {
        if let Some(value) = document.get("categories") {
            for (category, names) in name_lists(file, "categories", value.get_ref())? {
                let code = category_code(&names.0, &category)?;
                for (name, ctx) in names.1 {
                    self.categories.push((name, code, ctx));
                }
            }
        }
        if let Some(value) = document.get("prevalence") {
            for (tier, names) in name_lists(file, "prevalence", value.get_ref())? {
                let code = tier_code(&names.0, &tier)?;
                for (name, ctx) in names.1 {
                    self.tiers.push((name, code, ctx));
                }
            }
        }
        if let Some(value) = document.get("aliases") {
            for (alias, (ctx, names)) in name_lists(file, "aliases", value.get_ref())? {
                let alias = check::aliases(&ctx, None, vec![alias])?.remove(0);
                let targets = names.into_iter().map(|(name, _)| name).collect();
                self.alias_table.push((alias, targets, ctx));
            }
        }
        if let Some(value) = document.get("flags") {
            for (flag, (ctx, names)) in name_lists(file, "flags", value.get_ref())? {
                let flag = flag_name(&ctx, &flag)?;
                for (name, at) in names {
                    self.flags.push((flag, name, at));
                }
            }
        }
        Ok(())
    }

    /// `[products]`: a table per product, `names` (its other spoken names) and
    /// `services` (its registrations' keys).
    fn add_products(&mut self, file: &str, value: &DeValue<'_>) -> Result<(), DataError> {
        let whole = Ctx::file(file);
        let products = value
            .as_table()
            .ok_or_else(|| whole.err(None, "`products` must be a table of products"))?;
        for (key, value) in products.iter() {
            let name: &str = key.get_ref();
            let ctx = Ctx {
                file: file.to_owned(),
                entry: format!("products.{name}"),
            };
            let table = value
                .get_ref()
                .as_table()
                .ok_or_else(|| ctx.err(None, "a product is a table of names and services"))?;
            let mut f = Fields::read(&ctx, table, &PRODUCT_FIELDS)?;
            // The key is the product's main name.
            let name = check::aliases(&ctx, None, vec![name.to_owned()])?.remove(0);
            let others = check::aliases(&ctx, Some("names"), f.strings(&ctx, "names")?)?;
            let services = f.strings(&ctx, "services")?;
            if services.is_empty() {
                let message = "missing: the keys of the product's registrations";
                return Err(ctx.err(Some("services"), message));
            }
            self.products.push((name, others, services, ctx));
        }
        Ok(())
    }

    /// The `[iana]` section: the registry's date, services, and status rows.
    fn add_iana(&mut self, file: &str, iana: &DeValue<'_>) -> Result<(), DataError> {
        let whole = Ctx::file(file);
        let iana = iana
            .as_table()
            .ok_or_else(|| whole.err(None, "`iana` must be a table"))?;
        let section = Ctx {
            file: file.to_owned(),
            entry: "[iana]".to_owned(),
        };
        let mut fields = Fields::read(&section, iana, &IANA_FIELDS)?;
        self.catalog.registry_updated = check::registry_date(&whole, fields.value("updated"))?;
        if let Some(services) = iana.get("services") {
            for (ctx, table) in entries(file, "iana.services", services.get_ref())? {
                let raw = RawService::read(&ctx, table)?;
                self.add_iana_service(&ctx, raw)?;
            }
        }
        let sections = [
            ("reserved", Status::Reserved),
            ("unassigned", Status::Unassigned),
        ];
        for (section, status) in sections {
            if let Some(rows) = iana.get(section) {
                let section = format!("iana.{section}");
                for (ctx, table) in entries(file, &section, rows.get_ref())? {
                    self.add_status(&ctx, table, status)?;
                }
            }
        }
        Ok(())
    }

    fn add_iana_service(&mut self, ctx: &Ctx, raw: RawService) -> Result<(), DataError> {
        if raw.wide {
            let message = "IANA's ranges are stored port by port; `wide` is for a [[service]] \
                           range that software allocates from";
            return Err(ctx.err(Some("wide"), message));
        }
        if raw.has_about() || raw.source.is_some() {
            let message = "labels, titles, aliases, twins, flags and sources of IANA names go \
                           in an [[about]] entry";
            return Err(ctx.err(None, message));
        }
        if raw.port.is_none() {
            return self.add_portless(ctx, raw);
        }
        self.add_service(ctx, raw, layout::IANA)
    }

    /// A `[[service]]` entry: common use or netbase in `ports.toml`, local in an extra file.
    fn add_listed_service(
        &mut self,
        ctx: &Ctx,
        table: &DeTable<'_>,
        kind: FileKind,
    ) -> Result<(), DataError> {
        let mut raw = RawService::read(ctx, table)?;
        let source = check::listed_source(ctx, raw.source.take(), kind == FileKind::Main)?;
        if raw.has_iana_fields() {
            let message = "`registered`, `modified` and `unauthorized` are IANA's fields";
            return Err(ctx.err(None, message));
        }
        if let Some(reference) = &raw.reference {
            check::source_url(ctx, reference)?;
        }
        let Some(port) = &raw.port else {
            let message = "missing: a port such as 22, or a range \"6000-6063\"";
            return Err(ctx.err(Some("port"), message));
        };
        if raw.has_about() {
            // Hand-written entries carry their label and aliases inline: they describe
            // this entry's registration, the name on this port.
            let (first, _) = check::port_range(ctx, port)?;
            let mut about = raw.about.clone();
            about.name = format!("{}@{first}", raw.name);
            self.about.push((about, ctx.clone()));
        }
        self.add_service(ctx, raw, source)
    }

    /// A registered name without a port.
    fn add_portless(&mut self, ctx: &Ctx, raw: RawService) -> Result<(), DataError> {
        check::name(ctx, &raw.name, layout::IANA)?;
        let description = check::description(ctx, raw.desc)?;
        let proto = match raw.proto {
            None => None,
            Some(value) => Some(check::protocol(ctx, &value)?),
        };
        self.catalog.portless.push(PortlessName {
            name: raw.name,
            proto,
            description,
        });
        Ok(())
    }

    /// One record per protocol of a service with a port.
    fn add_service(&mut self, ctx: &Ctx, raw: RawService, source: u8) -> Result<(), DataError> {
        check::name(ctx, &raw.name, source)?;
        let description = check::description(ctx, raw.desc)?;
        let (protos, proto_unspecified) = check::protocols(ctx, raw.proto.as_ref(), source)?;
        let port = raw
            .port
            .as_ref()
            .ok_or_else(|| ctx.err(Some("port"), "missing"))?;
        let (first, last) = check::port_range(ctx, port)?;
        check::wide(ctx, raw.wide, first, last)?;
        let registered = check::date(ctx, "registered", raw.registered)?;
        let modified = check::date(ctx, "modified", raw.modified)?;
        for proto in protos {
            self.check_duplicate(ctx, &raw.name, first, proto)?;
            self.catalog.records.push(Record {
                name: raw.name.clone(),
                first,
                last,
                proto,
                description: description.clone(),
                source,
                proto_unspecified,
                wide: raw.wide,
                category: 0,
                prevalence: layout::RARE,
                reference: raw.reference.clone(),
                registered,
                modified,
                unauthorized: raw.unauthorized.clone(),
            });
        }
        Ok(())
    }

    fn check_duplicate(
        &mut self,
        ctx: &Ctx,
        name: &str,
        first: u16,
        proto: u8,
    ) -> Result<(), DataError> {
        let key = (name.to_ascii_lowercase(), first, proto);
        if let Some(before) = self.seen.get(&key) {
            let proto = layout::PROTOCOLS[usize::from(proto)];
            let message =
                format!("duplicate of {before}: {name} {first}/{proto} is already listed");
            return Err(ctx.err(None, message));
        }
        self.seen
            .insert(key, format!("{}: {}", ctx.file, ctx.entry));
        Ok(())
    }

    /// A Reserved or Unassigned row. IANA's wording (`desc`) stays in ports.toml for
    /// readers; the crate needs only the status.
    fn add_status(
        &mut self,
        ctx: &Ctx,
        table: &DeTable<'_>,
        status: Status,
    ) -> Result<(), DataError> {
        let mut f = Fields::read(ctx, table, &STATUS_FIELDS)?;
        let port = f
            .value("port")
            .ok_or_else(|| ctx.err(Some("port"), "missing"))?;
        let (first, last) = check::port_range(ctx, &port)?;
        let proto = match f.value("proto") {
            None => None,
            Some(value) => Some(check::protocol(ctx, &value)?),
        };
        self.catalog.status_rows.push(StatusRow {
            first,
            last,
            proto,
            status,
        });
        Ok(())
    }

    fn add_about(&mut self, ctx: Ctx, table: &DeTable<'_>) -> Result<(), DataError> {
        let mut f = Fields::read(&ctx, table, &ABOUT_FIELDS)?;
        let name = f.string(&ctx, "name")?;
        let name = name.ok_or_else(|| ctx.err(Some("name"), "missing, and it is required"))?;
        let mut about = read_about_fields(&ctx, &mut f, name)?;
        about.twin = f.string(&ctx, "tls")?;
        about.implicit_tls = f.boolean(&ctx, "implicit_tls")?;
        about.historic = f.boolean(&ctx, "historic")?;
        self.about.push((about, ctx));
        Ok(())
    }
}
