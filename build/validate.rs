//! Validation: each field's rules, and, in [`Builder::finish`], what spans entries and
//! files (`[[about]]` names, twins, aliases). Nothing here panics on input: every
//! problem is a [`DataError`] naming the file, the entry and the field.

use super::layout;
use super::model::{About, Catalog, Ctx, DataError, Date, MAX_DESCRIPTION_LEN};
use super::model::{MAX_NAME_LEN, MAX_NETBASE_NAME_LEN};
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

/// Spoken names: 1 to 32 (`layout::NAME_KEY_MAX`) lowercase letters, digits or `-_./+`.
pub fn aliases(ctx: &Ctx, aliases: Vec<String>) -> Result<Vec<String>, DataError> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./+".contains(&b);
    let most = layout::NAME_KEY_MAX;
    for alias in &aliases {
        if alias.is_empty() || alias.len() > most || !alias.bytes().all(allowed) {
            let message =
                format!("{alias:?}: an alias has 1 to {most} lowercase letters, digits or -_./+");
            return Err(ctx.err(Some("aliases"), message));
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

/// `[[about]]` entries by lowercase name, with where each came from.
type Abouts = BTreeMap<String, (About, Ctx)>;

impl Builder {
    /// Checks what spans entries and files, and sorts everything into the crate's order.
    pub fn finish(mut self) -> Result<Catalog, DataError> {
        let port_names: BTreeSet<String> = self
            .catalog
            .records
            .iter()
            .map(|r| r.name.to_ascii_lowercase())
            .collect();
        let mut about = self.about_by_name(&port_names)?;
        pair_twins(&mut about, &port_names)?;
        self.catalog.aliases = collect_aliases(&about, self.alias_table, &port_names)?;
        self.catalog.about = about.into_values().map(|(a, _)| a).collect();
        let categories = categories_by_name(self.categories, &port_names)?;
        let tiers = by_name_and_protocol(self.tiers, &port_names)?;
        for record in &mut self.catalog.records {
            let name = record.name.to_ascii_lowercase();
            record.category = categories.get(&name).copied().unwrap_or(0);
            let tier = tiers.get(&(name, record.proto));
            record.prevalence = tier.map_or(layout::RARE, |&(code, _)| code);
        }
        // Most common first: by tier, then by the order within the tier's list.
        let mut ranked: Vec<(u8, usize, String, u8)> = tiers
            .into_iter()
            .map(|((name, protocol), (code, order))| (code, order, name, protocol))
            .collect();
        ranked.sort();
        self.catalog.ranked = ranked.into_iter().map(|(_, _, n, p)| (n, p)).collect();
        self.catalog
            .records
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.catalog
            .portless
            .sort_by_key(|p| (p.name.to_ascii_lowercase(), p.proto));
        Ok(self.catalog)
    }

    /// Each `[[about]]` entry must name a service in the data, once.
    fn about_by_name(&mut self, port_names: &BTreeSet<String>) -> Result<Abouts, DataError> {
        let mut names = port_names.clone();
        names.extend(
            self.catalog
                .portless
                .iter()
                .map(|r| r.name.to_ascii_lowercase()),
        );
        let mut about = Abouts::new();
        for (entry, ctx) in std::mem::take(&mut self.about) {
            let key = entry.name.to_ascii_lowercase();
            if !names.contains(&key) {
                let message = format!("{:?} names no service in the data", entry.name);
                return Err(ctx.err(Some("name"), message));
            }
            if let Some((_, before)) = about.get(&key) {
                let message = format!(
                    "{:?} already has an [[about]] entry at {}: {}",
                    entry.name, before.file, before.entry
                );
                return Err(ctx.err(Some("name"), message));
            }
            about.insert(key, (entry, ctx));
        }
        Ok(about)
    }
}

/// A `tls` twin must be another name with ports; it becomes implicit TLS and points back.
fn pair_twins(about: &mut Abouts, port_names: &BTreeSet<String>) -> Result<(), DataError> {
    let twins: Vec<(String, String, Ctx)> = about
        .iter()
        .filter_map(|(key, (entry, ctx))| {
            let tls = entry.twin.as_ref()?.to_ascii_lowercase();
            Some((key.clone(), tls, ctx.clone()))
        })
        .collect();
    for (plain, tls, ctx) in twins {
        if !port_names.contains(&tls) || tls == plain {
            let message = format!("{tls:?} is not another service with ports");
            return Err(ctx.err(Some("tls"), message));
        }
        let blank = || {
            let name = tls.clone();
            (
                About {
                    name,
                    ..About::default()
                },
                ctx.clone(),
            )
        };
        let (other, _) = about.entry(tls.clone()).or_insert_with(blank);
        if other.twin.is_some() {
            let message = format!("{tls:?} has a `tls` twin itself; a pair is plain -> TLS");
            return Err(ctx.err(Some("tls"), message));
        }
        other.implicit_tls = true;
        other.twin = Some(plain);
    }
    Ok(())
}

/// `[categories]`: each name has ports and is listed once. Gives each lowercase name
/// its category code.
fn categories_by_name(
    listed: Vec<(String, u8, Ctx)>,
    port_names: &BTreeSet<String>,
) -> Result<BTreeMap<String, u8>, DataError> {
    let mut codes: BTreeMap<String, (u8, Ctx)> = BTreeMap::new();
    for (name, code, ctx) in listed {
        let key = name.to_ascii_lowercase();
        if !port_names.contains(&key) {
            let message = format!("{name:?} names no service with ports");
            return Err(ctx.err(None, message));
        }
        if let Some((_, before)) = codes.get(&key) {
            let message = format!(
                "{name:?} is listed twice (also at {}); a name has one category",
                before.entry
            );
            return Err(ctx.err(None, message));
        }
        codes.insert(key, (code, ctx));
    }
    Ok(codes.into_iter().map(|(k, (code, _))| (k, code)).collect())
}

/// (lowercase name, protocol code) -> (tier code, position in the lists).
type Tiers = BTreeMap<(String, u8), (u8, usize)>;

/// `[prevalence]` entries: `"name"` for every protocol of the name, or `"name/udp"` for
/// one. Each (name, protocol) is listed once. Gives each its tier code and list position.
fn by_name_and_protocol(
    listed: Vec<(String, u8, Ctx)>,
    port_names: &BTreeSet<String>,
) -> Result<Tiers, DataError> {
    let mut tiers: BTreeMap<(String, u8), (u8, usize, Ctx)> = BTreeMap::new();
    for (order, (entry, code, ctx)) in listed.into_iter().enumerate() {
        let (name, protocols) = tier_entry(&entry, port_names, &ctx)?;
        for protocol in protocols {
            let key = (name.clone(), protocol);
            if let Some((_, _, before)) = tiers.get(&key) {
                let message = format!(
                    "{entry:?} is listed twice (also at {}); a name has one prevalence tier",
                    before.entry
                );
                return Err(ctx.err(None, message));
            }
            tiers.insert(key, (code, order, ctx.clone()));
        }
    }
    Ok(tiers
        .into_iter()
        .map(|(k, (code, order, _))| (k, (code, order)))
        .collect())
}

/// A `[prevalence]` entry's name and protocol codes. Some IANA names hold a `/`
/// (`ethernet/ip-1`), so a suffix counts as a protocol only when the whole is no name.
fn tier_entry(
    entry: &str,
    port_names: &BTreeSet<String>,
    ctx: &Ctx,
) -> Result<(String, Vec<u8>), DataError> {
    let lower = entry.to_ascii_lowercase();
    if port_names.contains(&lower) {
        return Ok((lower, (0..layout::PROTOCOLS.len() as u8).collect()));
    }
    let Some((name, p)) = lower
        .rsplit_once('/')
        .filter(|(n, _)| port_names.contains(*n))
    else {
        return Err(ctx.err(None, format!("{entry:?} names no service with ports")));
    };
    let Some(code) = layout::code(&layout::PROTOCOLS, p) else {
        let message = format!("{entry:?}: unknown protocol {p:?}; expected tcp, udp, sctp or dccp");
        return Err(ctx.err(None, message));
    };
    Ok((name.to_owned(), vec![code]))
}

/// Every spoken name, from `[[about]]`/`[[service]]` aliases and the `[aliases]` table:
/// alias -> the names it stands for. An alias is declared once; it may be the name of
/// a service too (then it adds to that name), but never one of its own targets.
fn collect_aliases(
    about: &Abouts,
    table: Vec<(String, Vec<String>, Ctx)>,
    port_names: &BTreeSet<String>,
) -> Result<BTreeMap<String, Vec<String>>, DataError> {
    let inline = about.iter().flat_map(|(key, (entry, ctx))| {
        let target = vec![key.clone()];
        let ctx = ctx.clone();
        entry
            .aliases
            .iter()
            .map(move |a| (a.clone(), target.clone(), ctx.clone()))
    });
    let mut aliases: BTreeMap<String, (Vec<String>, Ctx)> = BTreeMap::new();
    for (alias, targets, ctx) in inline.collect::<Vec<_>>().into_iter().chain(table) {
        let targets: Vec<String> = targets.iter().map(|t| t.to_ascii_lowercase()).collect();
        check_alias(&alias, &targets, &ctx, port_names)?;
        if let Some((_, before)) = aliases.get(&alias) {
            let message = format!(
                "{alias:?} is already an alias, at {}: {}",
                before.file, before.entry
            );
            return Err(ctx.err(Some("aliases"), message));
        }
        aliases.insert(alias, (targets, ctx));
    }
    Ok(aliases.into_iter().map(|(a, (t, _))| (a, t)).collect())
}

fn check_alias(
    alias: &str,
    targets: &[String],
    ctx: &Ctx,
    port_names: &BTreeSet<String>,
) -> Result<(), DataError> {
    if targets.is_empty() {
        return Err(ctx.err(Some("aliases"), format!("{alias:?} stands for no name")));
    }
    for target in targets {
        if !port_names.contains(target) {
            let message =
                format!("{alias:?} stands for {target:?}, which names no service with ports");
            return Err(ctx.err(Some("aliases"), message));
        }
        if target == alias {
            let message = format!("{alias:?} is already the name of that service");
            return Err(ctx.err(Some("aliases"), message));
        }
    }
    Ok(())
}
