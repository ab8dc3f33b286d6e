//! Writing results: aligned tables on a terminal (coloured only on a TTY, and never
//! with `NO_COLOR` set), or JSON with `--json`.

use ports_kb::{classify, status, NotFree, Protocol, Service};
use serde_json::{json, Value};
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

/// Standard output, buffered, with the chosen form.
pub struct Out {
    w: BufWriter<Stdout>,
    json: bool,
    color: bool,
}

/// Rows of text cells under a header.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<const N: usize>(header: [&str; N]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row<const N: usize>(&mut self, cells: [String; N]) {
        self.rows.push(cells.to_vec());
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }
}

impl Out {
    pub fn stdout(json: bool) -> Out {
        let stdout = io::stdout();
        let color =
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Out {
            w: BufWriter::new(stdout),
            json,
            color,
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

    pub fn table(&mut self, table: &Table) -> io::Result<()> {
        let widths = table.widths();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, &w)| format!("{c:<w$}"))
                .collect();
            padded.join("  ").trim_end().to_owned()
        };
        let header = line(&table.header);
        writeln!(self.w, "{}", self.paint("1", &header))?;
        for row in &table.rows {
            writeln!(self.w, "{}", line(row))?;
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
        self.table(&service_table(found))
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
            self.table(&service_table(found))?;
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
        self.table(&table)
    }

    pub fn categories(&mut self, table: Table) -> io::Result<()> {
        if self.json {
            let rows: Vec<Value> = table
                .rows
                .iter()
                .map(
                    |r| json!({ "category": r[0], "services": r[1].parse::<usize>().unwrap_or(0) }),
                )
                .collect();
            return self.write_json(&Value::Array(rows));
        }
        self.table(&table)
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
/// source, label and description.
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
    ]);
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
