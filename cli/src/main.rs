//! `ports`: the ports_kb knowledge base on the command line.

mod annotate;
mod listening;
mod output;
mod query;
mod sockets;
mod table;

use clap::{CommandFactory, Parser, Subcommand};
use output::{Layout, Out};
use ports_kb::{Category, Protocol};
use std::io;
use std::process::ExitCode;
use table::Table;

const EXAMPLES: &str = "\
Examples:
  ports 22                        what runs on port 22
  ports ssh                       which port ssh uses
  ports 22/tcp 53/udp             one protocol
  ports 6000-6063/tcp             every service in a range
  ports search kube               find services from part of a name
  ports free 8000-9000            ports safe for a new service
  ports category database         one category's services
  ports top 100                   the 100 most common TCP ports, for a scanner's -p
  ports listening                 what listens on this machine, and what it is
  ports connections               this machine's connections, and their services
  ss -tan | ports annotate        name the service of each connection
  ports --json 443                the same, as JSON
  ports lookup search             a service whose name is also a command

--json, --wide and --width go anywhere on the line.";

/// Look up, search and choose network ports: every IANA service, the ports people meet,
/// categories and prevalence, compiled in. No network, no /etc/services.
#[derive(Parser)]
#[command(name = "ports", version, after_help = EXAMPLES)]
struct Cli {
    /// Write JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    /// Show every column whole, however wide the screen.
    #[arg(long, global = true, conflicts_with = "width")]
    wide: bool,
    /// Fit tables to this many columns (a terminal's width by default; piped output is
    /// never cut).
    #[arg(long, global = true, value_name = "COLUMNS")]
    width: Option<usize>,
    #[command(subcommand)]
    command: Option<Command>,
    /// Ports, names or specs to look up: 22, ssh, 22/tcp, 6000-6063/tcp.
    specs: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Look up ports, names or specs (the default command).
    #[command(
        after_help = "Examples:\n  ports lookup 22 ssh 53/udp\n  ports lookup 6000-6063/tcp"
    )]
    Lookup {
        /// Ports, names or specs: 22, ssh, 22/tcp, 6000-6063/tcp.
        #[arg(required = true)]
        specs: Vec<String>,
    },
    /// Find services whose names, spoken names, labels, titles or descriptions hold QUERY,
    /// best match first.
    #[command(
        after_help = "Examples:\n  ports search kube\n  ports search \"remote desktop\"\n  ports search zab --limit 5"
    )]
    Search {
        /// Part of a name, a label or a description (any case).
        query: String,
        /// Show at most this many services.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Suggest ports that are safe for a new service in a range: unassigned by IANA, used
    /// by no known software, not blocked by browsers, outside the common ephemeral ranges.
    #[command(
        after_help = "Examples:\n  ports free 8000-9000\n  ports free 8000-8100 --explain\n  ports free 20000-21000 --udp --limit 3"
    )]
    Free {
        /// The range to search: 8000-9000, or one port.
        range: String,
        /// For UDP instead of TCP.
        #[arg(long)]
        udp: bool,
        /// Show every port of the range, with the reason each taken one was skipped.
        #[arg(long)]
        explain: bool,
        /// Suggest at most this many ports.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// List one category's services, or every category without an argument.
    #[command(
        after_help = "Examples:\n  ports category\n  ports category database\n  ports category malware --json"
    )]
    Category {
        /// A category: web, mail, database, vpn, games, malware...
        name: Option<String>,
    },
    /// The most commonly met ports, most common first, as a comma list for a scanner's -p.
    #[command(
        after_help = "Examples:\n  ports top\n  ports top 1000\n  ports top --udp 100\n  nmap -p \"$(ports top 100)\" host"
    )]
    Top {
        /// How many ports.
        #[arg(default_value_t = 100)]
        count: usize,
        /// UDP ports instead of TCP.
        #[arg(long)]
        udp: bool,
    },
    /// Read `ss -tan`, `ss -uan`, `netstat -an` or `lsof -i` output on standard input and
    /// name the service of each connection.
    #[command(
        after_help = "Examples:\n  ss -tan | ports annotate\n  ss -uan | ports annotate --udp\n  netstat -an | ports annotate\n  lsof -i -n -P | ports annotate"
    )]
    Annotate {
        /// Read lines without a protocol as UDP.
        #[arg(long)]
        udp: bool,
    },
    /// The sockets listening on this machine, read from the operating system, each with
    /// its process and service, and flags for a review: all-interfaces, loopback,
    /// malware, cleartext (a cleartext login or file service reachable beyond loopback),
    /// ephemeral (inside this system's ephemeral range) and unknown.
    #[command(
        after_help = "Examples:\n  ports listening\n  ports listening --exposed\n  ports listening --tcp --json\n  sudo ports listening        to see other users' processes"
    )]
    Listening {
        /// TCP sockets only.
        #[arg(long)]
        tcp: bool,
        /// UDP sockets only.
        #[arg(long)]
        udp: bool,
        /// Only sockets reachable beyond loopback.
        #[arg(long)]
        exposed: bool,
    },
    /// This machine's established TCP connections, each with the service `guess` names
    /// and which side serves it.
    #[command(after_help = "Examples:\n  ports connections\n  ports connections --json")]
    Connections,
    /// Write an /etc/services file, for container images that have none.
    #[command(after_help = "Examples:\n  ports services-file > /etc/services")]
    ServicesFile,
    /// Write shell completions to standard output.
    #[command(
        after_help = "Examples:\n  ports completions bash > ~/.local/share/bash-completion/completions/ports\n  ports completions zsh > ~/.zfunc/_ports\n  ports completions fish > ~/.config/fish/completions/ports.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the man page (roff) to standard output.
    #[command(after_help = "Examples:\n  ports man > ~/.local/share/man/man1/ports.1")]
    Man,
}

/// What a command found: the exit code's meaning.
enum Found {
    Something,
    Nothing,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let layout = Layout {
        wide: cli.wide,
        width: cli.width,
    };
    let mut out = Out::stdout(cli.json, layout);
    let result = run(cli, &mut out).and_then(|found| Ok(out.flush().map(|()| found)?));
    match result {
        Ok(Found::Something) => ExitCode::SUCCESS,
        Ok(Found::Nothing) => ExitCode::from(1),
        // `ports top | head` closing the pipe early is not an error.
        Err(Error::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Error::Io(e)) => {
            eprintln!("ports: {e}");
            ExitCode::from(2)
        }
        Err(Error::Input(message)) => {
            eprintln!("ports: {message}");
            ExitCode::from(2)
        }
    }
}

/// Why a command failed: bad input (exit 2, the message names it), or output.
enum Error {
    Input(String),
    Io(io::Error),
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Io(e)
    }
}

fn run(cli: Cli, out: &mut Out) -> Result<Found, Error> {
    match cli.command {
        None if cli.specs.is_empty() => {
            Cli::command().print_help()?;
            Err(Error::Input(
                "give a port, a name or a command; see above".into(),
            ))
        }
        None => lookup(&cli.specs, out),
        Some(Command::Lookup { specs }) => lookup(&specs, out),
        Some(Command::Search { query, limit }) => {
            let found: Vec<_> = ports_kb::search(&query).take(limit).collect();
            out.services(&format!("search {query:?}"), &found)?;
            Ok(found_if(!found.is_empty()))
        }
        Some(Command::Free {
            range,
            udp,
            explain,
            limit,
        }) => free(&range, protocol(udp), explain, limit, out),
        Some(Command::Category { name }) => category(name.as_deref(), out),
        Some(Command::Top { count, udp }) => {
            let ports: Vec<u16> = ports_kb::common_ports(protocol(udp)).take(count).collect();
            out.ports(&ports)?;
            Ok(found_if(!ports.is_empty()))
        }
        Some(Command::Annotate { udp }) => {
            let lines = annotate::run(io::stdin().lock(), protocol(udp), out)?;
            Ok(found_if(lines > 0))
        }
        Some(Command::Listening { tcp, udp, exposed }) => listening(tcp, udp, exposed, out),
        Some(Command::Connections) => connections(out),
        Some(Command::ServicesFile) => {
            out.services_file()?;
            Ok(Found::Something)
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "ports", out.raw());
            Ok(Found::Something)
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command()).render(out.raw())?;
            Ok(Found::Something)
        }
    }
}

fn found_if(found: bool) -> Found {
    if found {
        Found::Something
    } else {
        Found::Nothing
    }
}

fn protocol(udp: bool) -> Protocol {
    if udp {
        Protocol::Udp
    } else {
        Protocol::Tcp
    }
}

fn lookup(specs: &[String], out: &mut Out) -> Result<Found, Error> {
    let mut any = false;
    let mut results = Vec::new();
    for spec in specs {
        let found = query::services(spec).map_err(Error::Input)?;
        any |= !found.is_empty();
        results.push((spec.as_str(), found));
    }
    for (spec, found) in &results {
        if found.is_empty() && !out.json() {
            let hint = query::hint(spec);
            out.note(&format!("{spec}: no service known{hint}"))?;
        }
    }
    out.lookups(&results)?;
    Ok(found_if(any))
}

fn free(
    range: &str,
    protocol: Protocol,
    explain: bool,
    limit: usize,
    out: &mut Out,
) -> Result<Found, Error> {
    let range = query::port_range(range).map_err(Error::Input)?;
    if explain {
        let rows: Vec<(u16, Option<ports_kb::NotFree>)> = range
            .map(|port| (port, ports_kb::why_not_free(port, protocol)))
            .collect();
        out.explained(&rows, protocol)?;
        return Ok(found_if(rows.iter().any(|(_, why)| why.is_none())));
    }
    let free: Vec<u16> = ports_kb::free_ports(range, protocol).take(limit).collect();
    out.ports(&free)?;
    Ok(found_if(!free.is_empty()))
}

fn category(name: Option<&str>, out: &mut Out) -> Result<Found, Error> {
    let Some(name) = name else {
        let mut table = Table::new(["category", "services"]);
        for c in Category::ALL {
            table.row([c.to_string(), c.services().len().to_string()]);
        }
        out.categories(table)?;
        return Ok(Found::Something);
    };
    let category: Category = name
        .parse()
        .map_err(|e| Error::Input(format!("{name:?}: {e}")))?;
    let found: Vec<_> = category.services().collect();
    out.services(&format!("category {category}"), &found)?;
    Ok(found_if(!found.is_empty()))
}

fn listening(tcp: bool, udp: bool, exposed: bool, out: &mut Out) -> Result<Found, Error> {
    let (tcp, udp) = listening::protocols(tcp, udp);
    let sockets = sockets::read(tcp, udp).map_err(Error::Input)?;
    let found = listening::listeners(sockets, exposed);
    out.listeners(&found)?;
    let hidden = found.iter().filter(|l| l.socket.owner_is_hidden()).count();
    if hidden > 0 && !out.json() {
        out.note(&format!(
            "{hidden} of {} sockets belong to processes this user may not see; run as root \
             (sudo ports listening) to see them",
            found.len()
        ))?;
    }
    Ok(found_if(!found.is_empty()))
}

fn connections(out: &mut Out) -> Result<Found, Error> {
    let sockets = sockets::read(true, false).map_err(Error::Input)?;
    let found = listening::connections(sockets);
    out.connections(&found)?;
    Ok(found_if(!found.is_empty()))
}
