//! Validation: each field's rules, and, in [`Builder::finish`], what spans entries and
//! files (`[[about]]` names, twins, aliases). Nothing here panics on input: every
//! problem is a [`DataError`] naming the file, the entry and the field.

use super::keys::Names;
use super::layout;
use super::model::{About, Catalog, Ctx, DataError, Date, Product, MAX_DESCRIPTION_LEN};
use super::model::{MAX_NAME_LEN, MAX_NETBASE_NAME_LEN, WIDE_MIN};
use super::read::{Builder, Loose};
use std::collections::{BTreeMap, BTreeSet};

/// `[iana] updated`: a full date.
pub fn registry_date(whole: &Ctx, value: Option<Loose>) -> Result<String, DataError> {
    let field = Some("iana.updated");
    let updated = match value {
        Some(Loose::Str(s)) => s,
        Some(other) => return Err(whole.err(field, format!("{other} is not a date YYYY-MM-DD"))),
        None => return Err(whole.err(field, "missing: the registry's date, YYYY-MM-DD")),
    };
    if parse_date(&updated).is_none_or(|d| d.day == 0) {
        return Err(whole.err(field, format!("{updated:?} is not a date YYYY-MM-DD")));
    }
    Ok(updated)
}

/// The source of a `[[service]]` entry: common (the default) or netbase in `ports.toml`,
/// local in an extra file.
pub fn listed_source(ctx: &Ctx, given: Option<String>, main: bool) -> Result<u8, DataError> {
    match (main, given.as_deref()) {
        (true, None | Some("common")) => Ok(layout::COMMON),
        (true, Some("netbase")) => Ok(layout::NETBASE),
        (false, None | Some("local")) => Ok(layout::LOCAL),
        (_, Some(other)) => {
            let expected = if main {
                "\"common\" or \"netbase\""
            } else {
                "\"local\""
            };
            Err(ctx.err(Some("source"), format!("{other:?}; expected {expected}")))
        }
    }
}

/// A service name: RFC 6335's 1-15 characters (31 for netbase), letters, digits, `-`,
/// and the few legacy characters IANA's older names use.
pub fn name(ctx: &Ctx, name: &str, source: u8) -> Result<(), DataError> {
    let (most, rule) = if source == layout::NETBASE {
        (MAX_NETBASE_NAME_LEN, "for netbase names")
    } else {
        (MAX_NAME_LEN, "(RFC 6335)")
    };
    if name.is_empty() {
        let message = "empty; a service name has 1 to 15 characters (RFC 6335)";
        return Err(ctx.err(Some("name"), message));
    }
    if name.len() > most {
        let message = format!(
            "{name:?} is {} characters; at most {most} {rule}",
            name.len()
        );
        return Err(ctx.err(Some("name"), message));
    }
    // IANA's legacy names include `_ / * . +`; nothing else, and never white space.
    let legacy = |c: char| c.is_ascii_alphanumeric() || "-_/*.+".contains(c);
    if let Some(c) = name.chars().find(|&c| !legacy(c)) {
        let message = format!("{name:?} contains {c:?}; use letters, digits and -");
        return Err(ctx.err(Some("name"), message));
    }
    Ok(())
}

/// A description: at most 255 bytes.
pub fn description(ctx: &Ctx, description: String) -> Result<String, DataError> {
    if description.len() > MAX_DESCRIPTION_LEN {
        let message = format!(
            "{} bytes long; at most {MAX_DESCRIPTION_LEN}",
            description.len()
        );
        return Err(ctx.err(Some("desc"), message));
    }
    Ok(description)
}

/// A label or title: 1 to 60 characters, no outer spaces.
pub fn label(ctx: &Ctx, field: &'static str, label: String) -> Result<String, DataError> {
    if label.trim().is_empty() || label.len() > 60 || label.trim() != label {
        let message = format!("{label:?}: 1 to 60 characters and no outer spaces");
        return Err(ctx.err(Some(field), message));
    }
    Ok(label)
}

// The name map holds every name and alias as a key of at most `layout::NAME_KEY_MAX`.
const _: () = assert!(MAX_NETBASE_NAME_LEN <= layout::NAME_KEY_MAX);

/// Spoken names, in `field`: 1 to 32 (`layout::NAME_KEY_MAX`) lowercase letters, digits
/// or `-_./+`. A space is written as a hyphen, since `by_name` reads one as the other.
pub fn aliases(
    ctx: &Ctx,
    field: Option<&'static str>,
    aliases: Vec<String>,
) -> Result<Vec<String>, DataError> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./+".contains(&b);
    let most = layout::NAME_KEY_MAX;
    for alias in &aliases {
        if alias.is_empty() || alias.len() > most || !alias.bytes().all(allowed) {
            let message = format!(
                "{alias:?}: a spoken name has 1 to {most} lowercase letters, digits or -_./+ \
                 (a hyphen stands for a space too)"
            );
            return Err(ctx.err(field, message));
        }
    }
    Ok(aliases)
}

/// The `ref` of a hand-written record: the public page (or RFC) that states the port.
pub fn source_url(ctx: &Ctx, reference: &str) -> Result<(), DataError> {
    let is_url = reference.starts_with("https://") || reference.starts_with("http://");
    let is_rfc = reference
        .strip_prefix("RFC")
        .is_some_and(|n| n.parse::<u16>().is_ok());
    if !(is_url || is_rfc) || reference.contains(char::is_whitespace) || reference.len() > 255 {
        let message =
            format!("{reference:?}: a source is an http(s) URL or RFCnnnn, at most 255 bytes");
        return Err(ctx.err(Some("ref"), message));
    }
    Ok(())
}

/// One protocol name.
pub fn protocol(ctx: &Ctx, value: &Loose) -> Result<u8, DataError> {
    match value {
        Loose::Str(s) => layout::code(&layout::PROTOCOLS, s).ok_or_else(|| {
            let message = format!("unknown protocol {s:?}; expected tcp, udp, sctp or dccp");
            ctx.err(Some("proto"), message)
        }),
        other => Err(ctx.err(Some("proto"), format!("{other} is not a protocol name"))),
    }
}

/// The protocols of a service, sorted, and whether IANA left them unspecified (then the
/// service stands for TCP and UDP). Hand-written entries must name theirs, and may list
/// several.
pub fn protocols(
    ctx: &Ctx,
    value: Option<&Loose>,
    source: u8,
) -> Result<(Vec<u8>, bool), DataError> {
    match value {
        None if source == layout::IANA => Ok((vec![layout::TCP, layout::UDP], true)),
        None => {
            let message = "missing: tcp, udp, sctp, dccp, or a list of them";
            Err(ctx.err(Some("proto"), message))
        }
        Some(Loose::List(list)) if source != layout::IANA && !list.is_empty() => {
            let mut protos = list
                .iter()
                .map(|v| protocol(ctx, v))
                .collect::<Result<Vec<_>, _>>()?;
            protos.sort();
            protos.dedup();
            Ok((protos, false))
        }
        Some(v) => Ok((vec![protocol(ctx, v)?], false)),
    }
}

/// A port `22`, or a range `"6000-6063"` whose first port is below its last.
pub fn port_range(ctx: &Ctx, value: &Loose) -> Result<(u16, u16), DataError> {
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
                let message = format!("{s:?} is not a range such as \"6000-6063\"");
                return Err(ctx.err(Some("port"), message));
            };
            let (first, last) = (port(a)?, port(b)?);
            if first >= last {
                let message =
                    format!("{s:?} is reversed or empty: the first port must be below the last");
                return Err(ctx.err(Some("port"), message));
            }
            Ok((first, last))
        }
        other => {
            let message = format!("{other} is neither a port nor a range \"N-M\"");
            Err(ctx.err(Some("port"), message))
        }
    }
}

/// `wide = true`: only for a range of more than [`WIDE_MIN`] ports.
pub fn wide(ctx: &Ctx, wide: bool, first: u16, last: u16) -> Result<(), DataError> {
    let ports = u32::from(last) - u32::from(first) + 1;
    if wide && ports <= WIDE_MIN {
        let message = format!(
            "{first}-{last} holds {ports} ports; a wide range holds more than {WIDE_MIN} \
             (narrower ranges are stored per port without it)"
        );
        return Err(ctx.err(Some("wide"), message));
    }
    Ok(())
}

/// An optional date field, `YYYY-MM-DD` or `YYYY-MM`.
pub fn date(
    ctx: &Ctx,
    field: &'static str,
    value: Option<String>,
) -> Result<Option<Date>, DataError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let message = || format!("{value:?} is not a date YYYY-MM-DD or YYYY-MM");
    parse_date(&value)
        .map(Some)
        .ok_or_else(|| ctx.err(Some(field), message()))
}

/// `YYYY-MM-DD` or `YYYY-MM`, within the years a packed date holds.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let year: u16 = digits(parts.next()?, 4)?;
    let month: u8 = digits(parts.next()?, 2)?;
    let day: u8 = match parts.next() {
        Some(d) => digits(d, 2)?,
        None => 0,
    };
    let valid = parts.next().is_none()
        && layout::pack_date(year, month, day).is_some()
        && (s.len() == 7 || day >= 1);
    valid.then_some(Date { year, month, day })
}

fn digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `[[about]]` entries by the first record of their registration, with where each came
/// from.
type Abouts = BTreeMap<usize, (About, Ctx)>;

impl Builder {
    /// Checks what spans entries and files, resolves every key to the records it names
    /// (`keys.rs`), and sorts everything into the crate's order.
    pub fn finish(mut self) -> Result<Catalog, DataError> {
        self.catalog
            .records
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let records = std::mem::take(&mut self.catalog.records);
        let names = Names::new(&records);
        let mut about = about_by_registration(std::mem::take(&mut self.about), &names)?;
        set_flags(&mut about, std::mem::take(&mut self.flags), &names)?;
        pair_twins(&mut about, &names)?;
        let (aliases, products) = collect_aliases(&about, self.alias_table, self.products, &names)?;
        self.catalog.aliases = aliases;
        self.catalog.products = products;
        self.catalog.about = about.into_values().map(|(a, _)| a).collect();
        let categories = categories_by_record(self.categories, &names)?;
        let (tiers, ranked) = tiers_by_record(self.tiers, &names)?;
        self.catalog.ranked = ranked;
        self.catalog.records = records;
        for (id, record) in self.catalog.records.iter_mut().enumerate() {
            record.category = categories.get(&id).copied().unwrap_or(0);
            record.prevalence = tiers.get(&id).copied().unwrap_or(layout::RARE);
        }
        self.catalog
            .portless
            .sort_by_key(|p| (p.name.to_ascii_lowercase(), p.proto));
        Ok(self.catalog)
    }
}

/// Each `[[about]]` entry must name one registration, and a registration has one entry.
fn about_by_registration(
    entries: Vec<(About, Ctx)>,
    names: &Names<'_>,
) -> Result<Abouts, DataError> {
    let mut about = Abouts::new();
    for (mut entry, ctx) in entries {
        let ids = names
            .registration(&entry.name)
            .map_err(|message| ctx.err(Some("name"), message))?;
        let first = names.first_of(ids[0]);
        if let Some((_, before)) = about.get(&first) {
            let message = format!(
                "{:?} already has an [[about]] entry at {}: {}",
                entry.name, before.file, before.entry
            );
            return Err(ctx.err(Some("name"), message));
        }
        entry.ids = ids;
        about.insert(first, (entry, ctx));
    }
    Ok(about)
}

/// `[flags]`: each key names a registration, which gets the flag (in its `[[about]]` entry,
/// made if it has none). A flag is set once, here or in the entry.
fn set_flags(
    about: &mut Abouts,
    flags: Vec<(&'static str, String, Ctx)>,
    names: &Names<'_>,
) -> Result<(), DataError> {
    for (flag, key, ctx) in flags {
        let ids = names.registration(&key).map_err(|m| ctx.err(None, m))?;
        let first = names.first_of(ids[0]);
        let blank = || {
            let entry = About {
                name: key.clone(),
                ids: names.all_of(first),
                ..About::default()
            };
            (entry, ctx.clone())
        };
        let (entry, _) = about.entry(first).or_insert_with(blank);
        let set = match flag {
            "historic" => &mut entry.historic,
            _ => &mut entry.implicit_tls,
        };
        if *set {
            let message = format!("{key:?} has `{flag}` already; set a flag once");
            return Err(ctx.err(None, message));
        }
        *set = true;
    }
    Ok(())
}

/// A `tls` twin must be another registration; it becomes implicit TLS and points back.
fn pair_twins(about: &mut Abouts, names: &Names<'_>) -> Result<(), DataError> {
    let twins: Vec<(usize, String, Ctx)> = about
        .iter()
        .filter_map(|(&first, (entry, ctx))| Some((first, entry.twin.clone()?, ctx.clone())))
        .collect();
    for (plain, tls, ctx) in twins {
        let ids = names
            .registration(&tls)
            .map_err(|message| ctx.err(Some("tls"), message))?;
        let twin = names.first_of(ids[0]);
        if twin == plain {
            let message = format!("{tls:?} is this service itself, not its twin");
            return Err(ctx.err(Some("tls"), message));
        }
        let blank = || {
            let entry = About {
                name: tls.clone(),
                ids: names.all_of(twin),
                ..About::default()
            };
            (entry, ctx.clone())
        };
        let (other, _) = about.entry(twin).or_insert_with(blank);
        if other.twin.is_some() {
            let message = format!("{tls:?} has a `tls` twin itself; a pair is plain -> TLS");
            return Err(ctx.err(Some("tls"), message));
        }
        other.implicit_tls = true;
        other.twin_id = Some(plain);
        if let Some((entry, _)) = about.get_mut(&plain) {
            entry.twin_id = Some(twin);
        }
    }
    Ok(())
}

/// `[categories]`: each key names a registration, and a record has one category. Gives
/// each categorized record id its category code.
fn categories_by_record(
    listed: Vec<(String, u8, Ctx)>,
    names: &Names<'_>,
) -> Result<BTreeMap<usize, u8>, DataError> {
    let mut codes: BTreeMap<usize, (u8, Ctx)> = BTreeMap::new();
    for (key, code, ctx) in listed {
        let ids = names.registration(&key).map_err(|m| ctx.err(None, m))?;
        for id in ids {
            if let Some((_, before)) = codes.get(&id) {
                let message = format!(
                    "{key:?} already has a category, at {}; a service has one category",
                    before.entry
                );
                return Err(ctx.err(None, message));
            }
            codes.insert(id, (code, ctx.clone()));
        }
    }
    Ok(codes
        .into_iter()
        .map(|(id, (code, _))| (id, code))
        .collect())
}

/// Record id -> tier code, and the ranked entries' records, most common first.
type Tiers = (BTreeMap<usize, u8>, Vec<Vec<usize>>);

/// `[prevalence]`: each key names records of one protocol (`"https/tcp"`), and a record
/// has one tier. The lists' order, tier by tier, is the order of `common_ports`.
fn tiers_by_record(listed: Vec<(String, u8, Ctx)>, names: &Names<'_>) -> Result<Tiers, DataError> {
    let mut tiers: BTreeMap<usize, (u8, Ctx)> = BTreeMap::new();
    let mut ranked: Vec<(u8, usize, Vec<usize>)> = Vec::new();
    for (order, (key, code, ctx)) in listed.into_iter().enumerate() {
        let ids = names.record(&key).map_err(|m| ctx.err(None, m))?;
        if let Some(&id) = ids.iter().find(|&&id| names.is_wide(id)) {
            let message = format!(
                "{key:?} is the wide range of {}: a wide range is never ranked, so that it \
                 never outranks a port's own services",
                names.name_of(id)
            );
            return Err(ctx.err(None, message));
        }
        for &id in &ids {
            if let Some((_, before)) = tiers.get(&id) {
                let message = format!(
                    "{key:?} already has a tier, at {}; a service has one tier on a protocol",
                    before.entry
                );
                return Err(ctx.err(None, message));
            }
            tiers.insert(id, (code, ctx.clone()));
        }
        ranked.push((code, order, ids));
    }
    // Most common first: by tier, then by the order within the tier's list.
    ranked.sort();
    let ranked = ranked.into_iter().map(|(_, _, ids)| ids).collect();
    let tiers = tiers
        .into_iter()
        .map(|(id, (code, _))| (id, code))
        .collect();
    Ok((tiers, ranked))
}

/// Spoken name -> the ids of the records it stands for.
type AliasMap = BTreeMap<String, Vec<usize>>;

/// A spoken name as declared: the alias, the keys it stands for, where, and whether it is
/// a product's name (which may also be the name of one of its own services).
type Declared = (String, Vec<String>, Ctx, bool);

/// The fields that hold a spoken name and what it stands for: `aliases` in `[[about]]`,
/// `[[service]]` and `[aliases]`; `names` and `services` in a product.
fn alias_fields(product: bool) -> (&'static str, &'static str) {
    if product {
        ("names", "services")
    } else {
        ("aliases", "aliases")
    }
}

/// Every spoken name, from `[[about]]`/`[[service]]` aliases, the `[aliases]` table and
/// `[products]`: alias -> the ids of the records it stands for; and the products with
/// their records. An alias is declared once; it may be the name of a service too (then
/// it adds to that name), but never one of its own targets, unless it is a product's name.
fn collect_aliases(
    about: &Abouts,
    table: Vec<(String, Vec<String>, Ctx)>,
    products: Vec<(String, Vec<String>, Vec<String>, Ctx)>,
    names: &Names<'_>,
) -> Result<(AliasMap, Vec<Product>), DataError> {
    let inline = about.values().flat_map(|(entry, ctx)| {
        let target = vec![entry.name.clone()];
        let ctx = ctx.clone();
        entry
            .aliases
            .iter()
            .map(move |a| (a.clone(), target.clone(), ctx.clone(), false))
    });
    let listed = table.into_iter().map(|(a, t, ctx)| (a, t, ctx, false));
    let mut declared: Vec<Declared> = inline.chain(listed).collect();
    let found = declare_products(products, names, &mut declared)?;
    let mut aliases: BTreeMap<String, (Vec<usize>, Ctx)> = BTreeMap::new();
    for (alias, targets, ctx, product) in declared {
        let mut ids = alias_targets(&alias, &targets, &ctx, names, product)?;
        // A product's name that is also one of its services' names finds that service
        // as a name already.
        ids.retain(|&id| !names.name_of(id).eq_ignore_ascii_case(&alias));
        if let Some((_, before)) = aliases.get(&alias) {
            let message = format!(
                "{alias:?} is already a spoken name, at {}: {}",
                before.file, before.entry
            );
            return Err(ctx.err(Some(alias_fields(product).0), message));
        }
        aliases.insert(alias, (ids, ctx));
    }
    let aliases = aliases.into_iter().map(|(a, (ids, _))| (a, ids));
    Ok((aliases.collect(), found))
}

/// The products, with their records and main registration; their names go into
/// `declared`, as spoken names of their services.
fn declare_products(
    products: Vec<(String, Vec<String>, Vec<String>, Ctx)>,
    names: &Names<'_>,
    declared: &mut Vec<Declared>,
) -> Result<Vec<Product>, DataError> {
    let mut found = Vec::new();
    for (name, others, services, ctx) in products {
        let ids = alias_targets(&name, &services, &ctx, names, true)?;
        // Its main registration: the service of its own name, if it has one.
        let named = |key: &&String| key.split(['@', '/']).next().is_some_and(|n| n == name);
        let main = services.iter().find(named);
        let main = main.and_then(|key| names.product_part(key).ok()?.into_iter().min());
        for alias in std::iter::once(&name).chain(&others) {
            declared.push((alias.clone(), services.clone(), ctx.clone(), true));
        }
        found.push(Product {
            name,
            names: others,
            main,
            ids,
        });
    }
    Ok(found)
}

/// The records an alias stands for: the registrations its targets name. Only a
/// product's name may be the name of one of its targets.
fn alias_targets(
    alias: &str,
    targets: &[String],
    ctx: &Ctx,
    names: &Names<'_>,
    product: bool,
) -> Result<Vec<usize>, DataError> {
    let field = Some(alias_fields(product).1);
    if targets.is_empty() {
        return Err(ctx.err(field, format!("{alias:?} stands for no name")));
    }
    let mut ids = BTreeSet::new();
    for (i, target) in targets.iter().enumerate() {
        if targets[..i].contains(target) {
            return Err(ctx.err(field, format!("{target:?} is listed twice")));
        }
        let reach = if product {
            names.product_part(target)
        } else {
            names.registration(target)
        };
        let found = reach.map_err(|message| {
            let kind = if product { "product" } else { "alias" };
            ctx.err(field, format!("{kind} {alias:?}: {message}"))
        })?;
        let own_name = target.split('@').next().unwrap_or(target);
        if !product && own_name.eq_ignore_ascii_case(alias) {
            let message = format!("{alias:?} is already the name of that service");
            return Err(ctx.err(field, message));
        }
        ids.extend(found);
    }
    Ok(ids.into_iter().collect())
}
