//! Look up each argument as a port or a name, and fall back to search for a name the
//! crate does not know:
//!
//! ```text
//! cargo run --example lookup -- 22 ssh kube
//! ```
//!
//! The `ports` command-line tool (`cargo install --path cli`) does this and more.

use ports_kb::{by_name, lookup, search, Service};

fn main() {
    for arg in std::env::args().skip(1) {
        let found: Vec<&Service> = match arg.parse::<u16>() {
            Ok(port) => lookup(port).collect(),
            Err(_) => by_name(&arg).collect(),
        };
        if found.is_empty() {
            let similar: Vec<&str> = search(&arg).take(5).map(Service::name).collect();
            println!("{arg}: nothing known; search finds {similar:?}");
            continue;
        }
        println!("{arg}:");
        for s in found {
            let category = s.category().map_or("-".to_owned(), |c| c.to_string());
            println!("  {s}  [{category}, {}]", s.prevalence());
        }
    }
}
