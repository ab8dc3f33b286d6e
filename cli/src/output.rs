//! Writing results: aligned tables (coloured only on a TTY, and never with `NO_COLOR`
//! set; fitted to a terminal's width), or JSON with `--json`.

use crate::listening::{Connection, Listener};
use crate::sockets::Socket;
use crate::table::Table;
use ports_kb::{classify, status, NotFree, PortStatus, Protocol, Service};
use serde_json::{json, Value};
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

/// Standard output, buffered, with the chosen form.
pub struct Out {
    w: BufWriter<Stdout>,
    json: bool,
    color: bool,
    /// The width to fit tables to: a terminal's, or `--width`; none with `--wide` or when
    /// piped, so that scripts read every column whole.
    fit: Option<usize>,
}

/// How tables are laid out: `--wide`, `--width N`.
#[derive(Clone, Copy, Default)]
pub struct Layout {
    pub wide: bool,
    pub width: Option<usize>,
}

impl Out {
    pub fn stdout(json: bool, layout: Layout) -> Out {
        let stdout = io::stdout();
        let terminal = stdout.is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let screen = || terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
        let fit = match layout {
            Layout { wide: true, .. } => None,
            Layout { width: Some(w), .. } => Some(w),
            _ if terminal => screen(),
            _ => None,
        };
        Out {
            w: BufWriter::new(stdout),
            json,
            color,
            fit,
        }
    }

    pub fn json(&self) -> bool {
        self.json
    }

    pub fn raw(&mut self) -> &mut dyn Write {
        &mut self.w
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }

    /// A remark about the input, on standard error so that standard output stays data.
    pub fn note(&mut self, text: &str) -> io::Result<()> {
        self.w.flush()?;
        eprintln!("{text}");
        Ok(())
    }

    fn write_json(&mut self, value: &Value) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.w, value)?;
        writeln!(self.w)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// A table, fitted to the width when there is one.
    pub fn table(&mut self, mut table: Table) -> io::Result<()> {
        if let Some(width) = self.fit {
            table.fit(width);
        }
        let (header, rows) = table.lines();
        writeln!(self.w, "{}", self.paint("1", &header))?;
        for row in rows {
            writeln!(self.w, "{row}")?;
        }
        Ok(())
    }

    /// Services under a title, as a table or a JSON array.
    pub fn services(&mut self, title: &str, found: &[&'static Service]) -> io::Result<()> {
        if self.json {
            return self.write_json(&Value::Array(
                found.iter().map(|s| service_json(s)).collect(),
            ));
        }
        if found.is_empty() {
            return self.note(&format!("{title}: nothing found"));
        }
        writeln!(self.w, "{}", self.paint("36", &format!("{title}:")))?;
        self.table(service_table(found))
    }

    /// The services of each spec looked up.
    pub fn lookups(&mut self, results: &[(&str, Vec<&'static Service>)]) -> io::Result<()> {
        if self.json {
            let all: Vec<Value> = results
                .iter()
                .map(|(spec, found)| {
                    let services: Vec<Value> = found.iter().map(|s| service_json(s)).collect();
                    json!({ "spec": spec, "services": services })
                })
                .collect();
            return self.write_json(&Value::Array(all));
        }
        for (spec, found) in results.iter().filter(|(_, f)| !f.is_empty()) {
            writeln!(self.w, "{}", self.paint("36", &format!("{spec}:")))?;
            self.table(service_table(found))?;
        }
        Ok(())
    }

    /// Ports, as a comma list ready for a scanner's `-p`, or a JSON array.
    pub fn ports(&mut self, ports: &[u16]) -> io::Result<()> {
        if self.json {
            return self.write_json(&json!(ports));
        }
        let list: Vec<String> = ports.iter().map(u16::to_string).collect();
        writeln!(self.w, "{}", list.join(","))
    }

    /// Every port of a range, free or with the reason it was skipped.
    pub fn explained(
        &mut self,
        rows: &[(u16, Option<NotFree>)],
        protocol: Protocol,
    ) -> io::Result<()> {
        if self.json {
            let rows: Vec<Value> = rows
                .iter()
                .map(|&(port, why)| json!({ "port": port, "free": why.is_none(), "reason": why.map(reason) }))
                .collect();
            return self.write_json(&Value::Array(rows));
        }
        let mut table = Table::new(["port", "protocol", "verdict"]);
        for &(port, why) in rows {
            let verdict = why.map_or_else(|| self.paint("32", "free"), reason);
            table.row([port.to_string(), protocol.to_string(), verdict]);
        }
        self.table(table)
    }

    pub fn categories(&mut self, table: Table) -> io::Result<()> {
        if self.json {
            let rows: Vec<Value> = table
                .rows()
                .iter()
                .map(
                    |r| json!({ "category": r[0], "services": r[1].parse::<usize>().unwrap_or(0) }),
                )
                .collect();
            return self.write_json(&Value::Array(rows));
        }
        self.table(table)
    }

    /// One annotated line of `ss`, `netstat` or `lsof` output.
    pub fn annotated(
        &mut self,
        line: &str,
        annotated: &str,
        found: Option<(u16, &'static Service)>,
    ) -> io::Result<()> {
        if self.json {
            let value = json!({
                "line": line,
                "port": found.map(|(port, _)| port),
                "service": found.map(|(_, s)| service_json(s)),
            });
            serde_json::to_writer(&mut self.w, &value)?;
            return writeln!(self.w);
        }
        writeln!(self.w, "{annotated}")
    }

    /// An `/etc/services` file: one line per port and protocol, sorted by port.
    pub fn services_file(&mut self) -> io::Result<()> {
        let mut lines: Vec<(u16, Protocol, &str, String)> = Vec::new();
        for service in ports_kb::services() {
            let comment = service
                .label()
                .map_or_else(|| service.description().to_owned(), str::to_owned);
            for port in service.ports() {
                lines.push((port, service.protocol(), service.name(), comment.clone()));
            }
        }
        lines.sort_by_key(|&(port, protocol, ..)| (port, protocol));
        if self.json {
            let rows: Vec<Value> = lines
                .iter()
                .map(|(port, protocol, name, comment)| json!({ "name": name, "port": port, "protocol": protocol, "comment": comment }))
                .collect();
            return self.write_json(&Value::Array(rows));
        }
        writeln!(
            self.w,
            "# Network services, written by `ports services-file` (ports_kb)."
        )?;
        writeln!(
            self.w,
            "# IANA registry of {}, with common use and Debian netbase names.",
            ports_kb::REGISTRY_UPDATED
        )?;
        for (port, protocol, name, comment) in lines {
            let entry = format!("{name:<15} {port}/{protocol}");
            if comment.is_empty() {
                writeln!(self.w, "{entry}")?;
            } else {
                writeln!(self.w, "{entry:<30} # {comment}")?;
            }
        }
        Ok(())
    }
}

/// The listening sockets: as a table, or a JSON array.
impl Out {
    pub fn listeners(&mut self, found: &[Listener]) -> io::Result<()> {
        if self.json {
            let rows = found.iter().map(listener_json).collect();
            return self.write_json(&Value::Array(rows));
        }
        let mut table = Table::new([
            "proto",
            "address",
            "port",
            "process",
            "service",
            "label",
            "category",
            "prevalence",
            "status",
            "flags",
        ])
        .fitting(
            &["status", "prevalence"],
            Some("process"),
            &["label", "category"],
        );
        for l in found {
            let s = l.service;
            table.row([
                l.socket.protocol.to_string(),
                l.socket.local.ip().to_string(),
                l.socket.local.port().to_string(),
                process(&l.socket),
                s.map_or("-", Service::name).to_owned(),
                s.and_then(Service::label).unwrap_or("").to_owned(),
                category(s),
                s.map_or_else(String::new, |s| s.prevalence().to_string()),
                status_name(l.status),
                l.flags
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            ]);
        }
        self.table(table)
    }

    /// The established connections: as a table, or a JSON array.
    pub fn connections(&mut self, found: &[Connection]) -> io::Result<()> {
        if self.json {
            let rows = found.iter().map(connection_json).collect();
            return self.write_json(&Value::Array(rows));
        }
        let mut table = Table::new([
            "proto", "local", "remote", "process", "service", "server", "label", "category",
        ])
        .fitting(&["category"], Some("process"), &["label"]);
        for c in found {
            let s = c.service;
            let remote = c.socket.remote.map_or_else(String::new, |r| r.to_string());
            table.row([
                c.socket.protocol.to_string(),
                c.socket.local.to_string(),
                remote,
                process(&c.socket),
                s.map_or("-", Service::name).to_owned(),
                c.server.unwrap_or("").to_owned(),
                s.and_then(Service::label).unwrap_or("").to_owned(),
                category(s),
            ]);
        }
        self.table(table)
    }
}

/// `pid name` of each owner, or why none is shown.
fn process(socket: &Socket) -> String {
    if let Some(hidden) = socket.hidden_owner() {
        return format!("({hidden})");
    }
    let owners = socket.owners.iter().map(|(pid, name)| match name {
        Some(name) => format!("{pid} {name}"),
        None => pid.to_string(),
    });
    owners.collect::<Vec<_>>().join(", ")
}

fn category(s: Option<&Service>) -> String {
    s.and_then(Service::category)
        .map_or_else(String::new, |c| c.to_string())
}

fn status_name(status: PortStatus) -> String {
    format!("{status:?}").to_ascii_lowercase()
}

/// The owners of a socket as JSON: `[{pid, name}]`, and why they are hidden.
fn owners_json(socket: &Socket) -> (Value, Value) {
    let owners: Vec<Value> = socket
        .owners
        .iter()
        .map(|(pid, name)| json!({ "pid": pid, "name": name }))
        .collect();
    (Value::Array(owners), json!(socket.hidden_owner()))
}

fn listener_json(l: &Listener) -> Value {
    let (processes, hidden) = owners_json(&l.socket);
    json!({
        "protocol": l.socket.protocol,
        "address": l.socket.local.ip().to_string(),
        "port": l.socket.local.port(),
        "processes": processes,
        "processes_hidden": hidden,
        "uid": l.socket.uid,
        "service": l.service.map(service_json),
        "status": l.status,
        "flags": l.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
    })
}

fn connection_json(c: &Connection) -> Value {
    let (processes, hidden) = owners_json(&c.socket);
    json!({
        "protocol": c.socket.protocol,
        "local": c.socket.local.to_string(),
        "remote": c.socket.remote.map(|r| r.to_string()),
        "processes": processes,
        "processes_hidden": hidden,
        "uid": c.socket.uid,
        "service": c.service.map(service_json),
        "server": c.server,
    })
}

/// Why a port is not free, in a few words.
fn reason(why: NotFree) -> String {
    match why {
        NotFree::SystemPort => "system port (0-1023)".to_owned(),
        NotFree::Registered(status) => {
            format!("IANA: {}", format!("{status:?}").to_ascii_lowercase())
        }
        NotFree::KnownUse(s) => format!("used by {}", s.label().unwrap_or(s.name())),
        NotFree::BlockedByBrowsers => "blocked by browsers".to_owned(),
        NotFree::Ephemeral(os) => format!("in {os}'s ephemeral range"),
        _ => "not free".to_owned(),
    }
}

/// The table of services: name, ports, protocol, category, prevalence, class, status,
/// source, label and description. On a narrow screen the source, class and status go
/// first, then the description shortens, then the label, prevalence and category go.
fn service_table(found: &[&'static Service]) -> Table {
    let mut table = Table::new([
        "name",
        "ports",
        "proto",
        "category",
        "prevalence",
        "class",
        "status",
        "source",
        "label",
        "description",
    ])
    .fitting(
        &["source", "class", "status"],
        Some("description"),
        &["label", "prevalence", "category"],
    );
    for s in found {
        let (first, last) = (*s.ports().start(), *s.ports().end());
        let ports = if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        };
        table.row([
            s.name().to_owned(),
            ports,
            s.protocol().to_string(),
            s.category()
                .map_or_else(|| "-".to_owned(), |c| c.to_string()),
            s.prevalence().to_string(),
            classify(first).common_name().to_owned(),
            format!("{:?}", status(first, s.protocol())).to_ascii_lowercase(),
            s.source().to_string(),
            s.label().unwrap_or("").to_owned(),
            s.description().to_owned(),
        ]);
    }
    table
}

/// A service as JSON: the crate's serde form, with its class and IANA status.
fn service_json(s: &'static Service) -> Value {
    let mut value = serde_json::to_value(s).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        let first = *s.ports().start();
        map.insert("class".into(), json!(classify(first)));
        map.insert("status".into(), json!(status(first, s.protocol())));
        map.insert("title".into(), json!(s.title()));
        map.insert("aliases".into(), json!(s.aliases().collect::<Vec<_>>()));
    }
    value
}
