//! The port knowledge base: every service in IANA's port registry, plus the names and
//! ports people actually use, compiled into your binary. Ask what runs on a port, or
//! which port a service uses, in nanoseconds, with no allocation, no system file and no
//! set-up.
//!
//! ```sh
//! cargo add ports-kb
//! ```
//!
//! ```
//! use ports_kb::{by_name, classify, lookup, PortClass, Protocol};
//!
//! // What runs on 22? Every protocol, in one iterator that never allocates.
//! let ssh: Vec<_> = lookup(22).map(|s| (s.name(), s.protocol())).collect();
//! assert_eq!(ssh, [("ssh", Protocol::Tcp), ("ssh", Protocol::Udp), ("ssh", Protocol::Sctp)]);
//!
//! // Which port is DNS? Names are ASCII case-insensitive, and spoken names work.
//! let dns = by_name("DNS").next().unwrap();
//! assert_eq!((dns.name(), dns.ports()), ("domain", 53..=53));
//!
//! // Software by the name people say: every port it listens on by default.
//! let neo4j: Vec<u16> = by_name("neo4j").map(|s| *s.ports().start()).collect();
//! assert!([7474, 7473, 7687].iter().all(|port| neo4j.contains(port)));
//!
//! // Ranges stay ranges: X11 holds 6000-6063.
//! assert!(Protocol::Tcp.lookup(6010).any(|s| s.name() == "x11"));
//! assert_eq!(classify(8080), PortClass::User);
//! ```
//!
//! # API tour
//!
//! | call | answers |
//! |---|---|
//! | [`lookup(port)`](lookup) | every service on a port, on every protocol, ranges that hold it included |
//! | [`Protocol::lookup(port)`](Protocol::lookup) | the same, for one protocol: `Protocol::Udp.lookup(53)` |
//! | [`by_name(name)`](by_name) | every service with a name, a spoken name or a product's name (all its default ports); ASCII case-insensitive, a space matching a hyphen |
//! | [`services()`](services), [`Protocol::services()`](Protocol::services) | everything, or one protocol's services, sorted by port |
//! | [`classify(port)`](classify) | the RFC 6335 [`PortClass`]: System, User or Dynamic |
//! | [`status(port, protocol)`](status) | what IANA says of a port: [`PortStatus`] Assigned, Reserved, Unassigned or Dynamic |
//! | [`Category::services()`](Category::services), [`common_ports(protocol)`](common_ports) | one category's services; every port most commonly met first |
//! | [`search(fragment)`](search) | services whose names, spoken names, labels, titles or descriptions hold it, best first |
//! | [`free_ports(range, protocol)`](free_ports), [`why_not_free`] | ports safe for a new service, and why another is not |
//! | [`blocked_by_browsers(port)`](blocked_by_browsers), [`Os::ephemeral_ports`] | ports browsers refuse; a system's ephemeral range |
//! | [`guess(local, remote, protocol)`](guess) | the service of a connection: which side is the server? |
//! | [`"ssh/tcp".parse::<ServiceSpec>()`](ServiceSpec) | parses `22`, `22/tcp`, `6000-6063/tcp`, `ssh`, `ssh/tcp` |
//! | [`portless_names(name)`](portless_names) | registered names without a port (DNS-SD names) |
//! | [`REGISTRY_UPDATED`] | the date of the IANA registry the data comes from |
//!
//! A [`Service`] is a `&'static` record: its [`name`](Service::name),
//! [`ports`](Service::ports), [`protocol`](Service::protocol),
//! [`description`](Service::description), display [`label`](Service::label) ("SMB" for
//! `microsoft-ds`), [`category`](Service::category), [`prevalence`](Service::prevalence),
//! spoken [`aliases`](Service::aliases), [`source`](Service::source), its plain or
//! TLS [`twin`](Service::twin), and whether it [`is_wide`](Service::is_wide): a range
//! such as Kubernetes' NodePorts, listed after a port's own services. The lookups return a [`Services`] iterator, exact-size and
//! double-ended; no query allocates.
//!
//! The crate is `no_std` and `forbid(unsafe_code)`.
//!
//! # Features
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `descriptions` | yes | [`Service::description`], and descriptions in `Display` (263 KiB of the static data) |
//! | `metadata` | no | IANA's references, registration and modification dates, and unauthorized-use reports; each common-use record's source page |
//! | `serde` | no | `Serialize` for [`Service`] and the enums; `Deserialize` for [`Protocol`], [`PortClass`], [`Category`], [`Prevalence`] and [`Os`] |
//!
//! Your organisation's own ports can be compiled in from a file named by the
//! `PORTS_KB_EXTRA` environment variable at build time; see the
//! [README](https://github.com/ports-kb/ports-kb#your-own-ports-ports_kb_extra).

#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Modules import one way, each only from those above it:
// the layout and record types -> the generated tables -> the indexes -> what records
// say, and the iterators -> the queries -> the parsers -> this file, which re-exports.
mod layout;

mod category;
mod class;
mod os;
mod protocol;
mod record;

mod tables;

mod index;

mod iter;
mod service;
// After `service`, so that the docs list `Service`'s common methods first.
#[cfg(feature = "metadata")]
mod metadata;

mod query;

mod choose;
mod search;
#[cfg(feature = "serde")]
mod serde_impls;

mod spec;

pub use category::{Category, ParseKindError, Prevalence};
pub use choose::{blocked_by_browsers, free_ports, why_not_free, FreePorts, NotFree};
pub use class::{classify, ParsePortClassError, PortClass};
pub use iter::{Aliases, CommonPorts, PortlessNames, Services};
#[cfg(feature = "metadata")]
#[cfg_attr(docsrs, doc(cfg(feature = "metadata")))]
pub use metadata::Date;
pub use os::{Os, ParseOsError};
pub use protocol::{ParseProtocolError, Protocol};
pub use query::{
    all_portless_names, by_name, common_ports, guess, lookup, portless_names, services, status,
    PortStatus,
};
pub use record::{PortlessName, Service, Source};
pub use search::{search, Search};
pub use spec::{ParseSpecError, ServiceSpec, SpecServices, SpecText};

/// The date of the IANA registry the data was imported from (`YYYY-MM-DD`).
///
/// ```
/// assert_eq!(ports_kb::REGISTRY_UPDATED.len(), 10);
/// ```
pub const REGISTRY_UPDATED: &str = tables::REGISTRY_UPDATED;

/// The README's Rust examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
