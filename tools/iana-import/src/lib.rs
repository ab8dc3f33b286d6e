//! Reads IANA's Service Name and Transport Protocol Port Number Registry (XML) and
//! writes the `[iana]` section of `ports.toml`, keeping the hand-written part above it.

use std::fmt::Write as _;

#[allow(dead_code, unused_imports)]
#[path = "../../../build/catalog.rs"]
pub mod catalog;

/// The line that ends the hand-written part of `ports.toml`. Everything above it is
/// carried over byte for byte; everything below it is this tool's output.
pub const MARKER: &str =
    "# ==== IANA registry: written by `cargo run -p iana-import`. Do not edit below this line. ====";

/// One `<record>` of the registry, reduced to what ports.toml keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// `None` for Reserved and Unassigned rows.
    pub name: Option<String>,
    /// `(first, last)`; `None` for a name with no port.
    pub ports: Option<(u16, u16)>,
    pub proto: Option<String>,
    pub description: String,
    pub reference: Option<String>,
    pub registered: Option<String>,
    pub modified: Option<String>,
    pub unauthorized: Option<String>,
}

/// The parsed registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    pub updated: String,
    pub rows: Vec<Row>,
}

/// Why the registry could not be read: the record (index, name, line) and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

const PROTOCOLS: [&str; 4] = ["tcp", "udp", "sctp", "dccp"];

/// Folds runs of white space into one space and trims, as the crate stores text.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an element: its text nodes, `<br/>` as a space, `<xref>` as its text or data.
fn element_text(node: roxmltree::Node) -> String {
    let mut out = String::new();
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
        } else if child.has_tag_name((NS, "br")) {
            out.push(' ');
        } else if child.is_element() {
            let inner = element_text(child);
            out.push_str(if inner.trim().is_empty() {
                child.attribute("data").unwrap_or("")
            } else {
                &inner
            });
        }
    }
    fold(&out)
}

const NS: &str = "http://www.iana.org/assignments";

/// Parses the registry XML. Every problem names the record.
pub fn parse_registry(xml: &str) -> Result<Registry, ImportError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| {
        // A file cut short ends inside its last record, but roxmltree reports 1:1 then.
        let offset = match e {
            roxmltree::Error::UnclosedRootNode => xml.len(),
            _ => offset_of(xml, e.pos()),
        };
        ImportError(format!(
            "{}not well-formed XML: {e}",
            record_at(xml, offset)
        ))
    })?;
    let root = doc.root_element();
    if !root.has_tag_name((NS, "registry"))
        || root.attribute("id") != Some("service-names-port-numbers")
    {
        return Err(ImportError(
            "not the service-names-port-numbers registry".into(),
        ));
    }
    let updated = root
        .children()
        .find(|n| n.has_tag_name((NS, "updated")))
        .and_then(|n| n.text())
        .map(str::trim)
        .ok_or_else(|| ImportError("the registry has no <updated> date".into()))?
        .to_owned();
    let mut rows = Vec::new();
    for (index, record) in root
        .children()
        .filter(|n| n.has_tag_name((NS, "record")))
        .enumerate()
    {
        rows.push(parse_record(&doc, index, record)?);
    }
    if rows.is_empty() {
        return Err(ImportError("the registry has no <record> elements".into()));
    }
    Ok(Registry { updated, rows })
}

fn offset_of(xml: &str, pos: roxmltree::TextPos) -> usize {
    let line_start: usize = xml
        .split_inclusive('\n')
        .take(pos.row.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    (line_start + pos.col.saturating_sub(1) as usize).min(xml.len())
}

/// Names the record that holds a byte offset of broken XML: `record #12 "ssh" (starting at line 3): `.
fn record_at(xml: &str, offset: usize) -> String {
    let before = xml.get(..offset).unwrap_or(xml);
    let Some(start) = before.rfind("<record") else {
        return String::new();
    };
    let index = before.matches("<record").count() - 1;
    let line = before[..start].matches('\n').count() + 1;
    let name = xml[start..]
        .split_once("<name>")
        .and_then(|(gap, rest)| {
            (!gap.contains("</record>"))
                .then(|| rest.split_once("</name>"))
                .flatten()
        })
        .map(|(name, _)| format!(" {name:?}"))
        .unwrap_or_default();
    format!("record #{index}{name} (starting at line {line}): ")
}

fn parse_record(
    doc: &roxmltree::Document,
    index: usize,
    record: roxmltree::Node,
) -> Result<Row, ImportError> {
    let child = |tag: &str| record.children().find(|n| n.has_tag_name((NS, tag)));
    let text_of = |tag: &str| child(tag).map(element_text).filter(|t| !t.is_empty());
    let name = text_of("name");
    let pos = doc.text_pos_at(record.range().start);
    let fail = |what: String| {
        let who = name
            .as_deref()
            .map(|n| format!(" {n:?}"))
            .unwrap_or_default();
        ImportError(format!(
            "record #{index}{who} (line {}, column {}): {what}",
            pos.row, pos.col
        ))
    };
    let ports = match text_of("number") {
        None => None,
        Some(number) => {
            let (a, b) = number.split_once('-').unwrap_or((&number, &number));
            let port = |s: &str| {
                s.trim().parse::<u16>().map_err(|_| {
                    fail(format!(
                        "port number {number:?} is not 0-65535 or a range N-M"
                    ))
                })
            };
            let (first, last) = (port(a)?, port(b)?);
            if first > last {
                return Err(fail(format!("port range {number:?} is reversed")));
            }
            Some((first, last))
        }
    };
    let proto = text_of("protocol");
    if let Some(p) = &proto {
        if !PROTOCOLS.contains(&p.as_str()) {
            return Err(fail(format!("unknown protocol {p:?}")));
        }
    }
    let description = child("description")
        .map(element_text)
        .ok_or_else(|| fail("no <description>".into()))?;
    if name.is_none() && ports.is_none() {
        return Err(fail("neither a name nor a port".into()));
    }
    let mut references = Vec::new();
    for xref in record.children().filter(|n| n.has_tag_name((NS, "xref"))) {
        let data = xref.attribute("data").unwrap_or("");
        let text = element_text(xref);
        let reference = match xref.attribute("type") {
            Some("rfc") => {
                let number = data.trim_start_matches("rfc");
                match xref.attribute("section") {
                    Some(s) => format!("RFC{number}, Section {s}"),
                    None => format!("RFC{number}"),
                }
            }
            Some("draft") if !text.is_empty() => text,
            Some("draft") => data.to_owned(),
            Some("uri") if !text.is_empty() => format!("{text} <{data}>"),
            Some("uri") => data.to_owned(),
            Some("text") => text,
            // person: assignees and contacts are not carried; note: a footnote marker.
            Some("person" | "note") => continue,
            other => return Err(fail(format!("unknown <xref type={other:?}>"))),
        };
        if !reference.is_empty() && !references.contains(&reference) {
            references.push(reference);
        }
    }
    let date = |attr: &str| -> Result<Option<String>, ImportError> {
        match record.attribute(attr) {
            None => Ok(None),
            Some(d) if is_iana_date(d) => Ok(Some(d.to_owned())),
            Some(d) => Err(fail(format!("{attr}={d:?} is not YYYY-MM-DD or YYYY-MM"))),
        }
    };
    let registered = date("date")?;
    let modified = date("updated")?;
    Ok(Row {
        name,
        ports,
        proto,
        description,
        reference: (!references.is_empty()).then(|| references.join("; ")),
        registered,
        modified,
        unauthorized: text_of("unauthorized"),
    })
}

fn is_iana_date(d: &str) -> bool {
    let shape = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m] => shape(y, 4) && shape(m, 2),
        [y, m, day] => shape(y, 4) && shape(m, 2) && shape(day, 2),
        _ => false,
    }
}

/// Is a nameless row Unassigned? IANA writes "Unassigned", "unassigned", "(unassigned) ...".
/// Every other nameless row (Reserved, De-registered, Removed, "any private ...") is reserved.
pub fn is_unassigned(description: &str) -> bool {
    description
        .trim_start_matches('(')
        .to_ascii_lowercase()
        .starts_with("unassigned")
}

/// A TOML basic string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn port_value(ports: (u16, u16)) -> String {
    if ports.0 == ports.1 {
        ports.0.to_string()
    } else {
        format!("\"{}-{}\"", ports.0, ports.1)
    }
}

/// The `[iana]` section: the marker line and everything after it.
pub fn render(registry: &Registry, source_note: &str) -> String {
    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    let _ = writeln!(out, "# Source: {source_note}");
    out.push_str("[iana]\n");
    let _ = writeln!(out, "updated = {}", quote(&registry.updated));
    out.push_str("services = [\n");
    for row in &registry.rows {
        let Some(name) = &row.name else { continue };
        let mut line = format!("{{ name = {}", quote(name));
        if let Some(ports) = row.ports {
            let _ = write!(line, ", port = {}", port_value(ports));
        }
        if let Some(p) = &row.proto {
            let _ = write!(line, ", proto = {}", quote(p));
        }
        if !row.description.is_empty() {
            let _ = write!(line, ", desc = {}", quote(&row.description));
        }
        for (key, value) in [
            ("ref", &row.reference),
            ("registered", &row.registered),
            ("modified", &row.modified),
            ("unauthorized", &row.unauthorized),
        ] {
            if let Some(v) = value {
                let _ = write!(line, ", {key} = {}", quote(v));
            }
        }
        let _ = writeln!(out, "  {line} }},");
    }
    out.push_str("]\n");
    for (key, want_unassigned) in [("reserved", false), ("unassigned", true)] {
        let _ = writeln!(out, "{key} = [");
        for row in registry.rows.iter().filter(|r| r.name.is_none()) {
            if is_unassigned(&row.description) != want_unassigned {
                continue;
            }
            let Some(ports) = row.ports else { continue };
            let mut line = format!("{{ port = {}", port_value(ports));
            if let Some(p) = &row.proto {
                let _ = write!(line, ", proto = {}", quote(p));
            }
            let _ = write!(line, ", desc = {}", quote(&row.description));
            let _ = writeln!(out, "  {line} }},");
        }
        out.push_str("]\n");
    }
    out
}

/// The new `ports.toml`: the hand-written part of `current` (everything above the
/// marker), then the rendered registry. `current` must have the marker.
pub fn merge(current: &str, registry: &Registry, source_note: &str) -> Result<String, ImportError> {
    let mut offset = 0;
    let mut hand_written_end = None;
    for line in current.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == MARKER {
            hand_written_end = Some(offset);
            break;
        }
        offset += line.len();
    }
    let hand_written_end = hand_written_end.ok_or_else(|| {
        ImportError(format!(
            "ports.toml has no marker line, so its hand-written part is unknown:\n{MARKER}"
        ))
    })?;
    let mut out = current[..hand_written_end].to_owned();
    out.push_str(&render(registry, source_note));
    // The result must build: check it with the crate's own validator.
    catalog::parse("ports.toml (as imported)", &out, catalog::FileKind::Main)
        .map_err(|e| ImportError(e.to_string()))?;
    Ok(out)
}
