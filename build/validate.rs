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

/// Spoken names: 1 to 32 lowercase letters, digits or `-_./+`.
pub fn aliases(ctx: &Ctx, aliases: Vec<String>) -> Result<Vec<String>, DataError> {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./+".contains(&b);
    for alias in &aliases {
        if alias.is_empty() || alias.len() > 32 || !alias.bytes().all(allowed) {
            let message =
                format!("{alias:?}: an alias has 1 to 32 lowercase letters, digits or -_./+");
            return Err(ctx.err(Some("aliases"), message));
        }
    }
    Ok(aliases)
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
        check_aliases(&about, &port_names)?;
        self.catalog.about = about.into_values().map(|(a, _)| a).collect();
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

/// An alias must not shadow a real name, nor mean two things.
fn check_aliases(about: &Abouts, port_names: &BTreeSet<String>) -> Result<(), DataError> {
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, (entry, ctx)) in about {
        for alias in &entry.aliases {
            if port_names.contains(alias) {
                let message = format!("{alias:?} is already the name of a service");
                return Err(ctx.err(Some("aliases"), message));
            }
            if let Some(other) = owner.insert(alias, key) {
                let message = format!("{alias:?} is already an alias of {other:?}");
                return Err(ctx.err(Some("aliases"), message));
            }
        }
    }
    Ok(())
}
