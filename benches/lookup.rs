//! ports_kb against the structures a user could pick instead, side by side in one run.
//!
//! Each group holds the crate and its baselines, so ratios come from one run on one
//! machine. `python3 benches/ratios.py` prints them from criterion's output.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ports_kb::{by_name, classify, free_ports, lookup, search, services, status};
use ports_kb::{Category, PortClass, PortStatus, Prevalence, Protocol, Service};
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::hint::black_box;

/// The baseline the crate must come close to: a 65,537-entry prefix-sum table over one
/// flat slice of the same records, each record copied to every port of its range.
struct DirectIndex {
    start: Vec<u32>,
    records: Vec<&'static Service>,
}

impl DirectIndex {
    fn new() -> DirectIndex {
        let mut per_port: Vec<Vec<&'static Service>> = vec![Vec::new(); 65536];
        for s in services() {
            for p in s.ports() {
                per_port[usize::from(p)].push(s);
            }
        }
        let mut start = Vec::with_capacity(65537);
        let mut records = Vec::new();
        for list in per_port {
            start.push(records.len() as u32);
            records.extend(list);
        }
        start.push(records.len() as u32);
        DirectIndex { start, records }
    }

    #[inline]
    fn lookup(&self, port: u16) -> &[&'static Service] {
        let p = usize::from(port);
        &self.records[self.start[p] as usize..self.start[p + 1] as usize]
    }
}

/// A deterministic shuffle (xorshift), so runs are comparable.
fn shuffled_ports() -> Vec<u16> {
    let mut ports: Vec<u16> = (0..=u16::MAX).collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..ports.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ports.swap(i, (state % (i as u64 + 1)) as usize);
    }
    ports
}

/// Touches each name, as a caller that prints or compares it would.
#[inline]
fn consume<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.len()).sum()
}

fn bench_lookup(c: &mut Criterion) {
    let direct = DirectIndex::new();
    let mut hash: HashMap<u16, Vec<&'static Service>> = HashMap::new();
    for p in 0..=u16::MAX {
        let found: Vec<_> = lookup(p).collect();
        if !found.is_empty() {
            hash.insert(p, found);
        }
    }
    let sequential: Vec<u16> = (0..=u16::MAX).collect();
    let shuffled = shuffled_ports();
    for (order, ports) in [("sequential", &sequential), ("shuffled", &shuffled)] {
        let mut group = c.benchmark_group(format!("lookup_all_ports_{order}"));
        group.throughput(Throughput::Elements(ports.len() as u64));
        group.bench_function("ports_kb", |b| {
            b.iter(|| {
                ports
                    .iter()
                    .map(|&p| consume(lookup(black_box(p)).map(Service::name)))
                    .sum::<usize>()
            })
        });
        group.bench_function("direct_index", |b| {
            b.iter(|| {
                ports
                    .iter()
                    .map(|&p| consume(direct.lookup(black_box(p)).iter().map(|s| s.name())))
                    .sum::<usize>()
            })
        });
        group.bench_function("std_hashmap", |b| {
            b.iter(|| {
                ports
                    .iter()
                    .map(|&p| {
                        hash.get(&black_box(p))
                            .map_or(0, |v| consume(v.iter().map(|s| s.name())))
                    })
                    .sum::<usize>()
            })
        });
        group.finish();
    }

    // getservbyport reads /etc/services line by line, so it gets one port per iteration.
    let mut group = c.benchmark_group("lookup_vs_getservbyport");
    for (case, port) in [("hit_443", 443u16), ("miss_61000", 61000)] {
        group.bench_function(format!("ports_kb_{case}"), |b| {
            b.iter(|| consume(Protocol::Tcp.lookup(black_box(port)).map(Service::name)))
        });
        group.bench_function(format!("getservbyport_{case}"), |b| {
            b.iter(|| getservbyport(black_box(port)))
        });
    }
    group.finish();
}

/// libc's answer for a tcp port: the name length, or 0.
fn getservbyport(port: u16) -> usize {
    // SAFETY: getservbyport takes a port in network order and a NUL-terminated protocol,
    // and returns null or a pointer to a static entry that we read before the next call.
    // Criterion runs one benchmark at a time on one thread.
    unsafe {
        let entry = libc::getservbyport(libc::c_int::from(port.to_be() as i16), c"tcp".as_ptr());
        if entry.is_null() {
            0
        } else {
            CStr::from_ptr((*entry).s_name).to_bytes().len()
        }
    }
}

fn getservbyname(name: &CStr) -> usize {
    // SAFETY: as in getservbyport; both arguments are NUL-terminated.
    unsafe {
        let entry = libc::getservbyname(name.as_ptr(), c"tcp".as_ptr());
        if entry.is_null() {
            0
        } else {
            usize::from(u16::from_be((*entry).s_port as u16))
        }
    }
}

fn bench_by_name(c: &mut Criterion) {
    let mut names: Vec<&'static str> = services().map(Service::name).collect();
    names.sort_unstable();
    names.dedup();
    // Queries are owned copies on both sides, as a caller's parsed input would be: were
    // the HashMap's queries its own `&'static str` keys, its key comparison would read
    // the bytes that hashing had just loaded. Mixed case for the crate (it is
    // case-insensitive); exact case for the HashMap.
    let exact: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mixed: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i % 2 == 0 {
                n.to_ascii_uppercase()
            } else {
                n.to_string()
            }
        })
        .collect();
    let mut hash: HashMap<&'static str, Vec<&'static Service>> = HashMap::new();
    for s in services() {
        hash.entry(s.name()).or_default().push(s);
    }
    let mut group = c.benchmark_group("by_name_every_name");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function("ports_kb_mixed_case", |b| {
        b.iter(|| {
            mixed
                .iter()
                .map(|n| by_name(black_box(n)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("std_hashmap_exact_case", |b| {
        b.iter(|| {
            exact
                .iter()
                .map(|n| hash.get(black_box(n.as_str())).map_or(0, Vec::len))
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("by_name_vs_getservbyname");
    for name in ["https", "postgresql"] {
        let c_name = CString::new(name).unwrap();
        group.bench_function(format!("ports_kb_{name}"), |b| {
            b.iter(|| by_name(black_box(name)).len())
        });
        group.bench_function(format!("getservbyname_{name}"), |b| {
            b.iter(|| getservbyname(black_box(&c_name)))
        });
    }
    group.finish();
}

fn plain_match(port: u16) -> PortClass {
    if port < 1024 {
        PortClass::System
    } else if port < 49152 {
        PortClass::User
    } else {
        PortClass::Dynamic
    }
}

fn bench_classify_and_iterate(c: &mut Criterion) {
    let mut group = c.benchmark_group("classify_all_ports");
    group.bench_function("ports_kb", |b| {
        b.iter(|| {
            (0..=u16::MAX)
                .map(|p| classify(black_box(p)) as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("plain_match", |b| {
        b.iter(|| {
            (0..=u16::MAX)
                .map(|p| plain_match(black_box(p)) as usize)
                .sum::<usize>()
        })
    });
    group.finish();

    let all: Vec<&'static Service> = services().collect();
    let tcp: Vec<&'static Service> = Protocol::Tcp.services().collect();
    let mut group = c.benchmark_group("iterate");
    group.bench_function("ports_kb_services", |b| {
        b.iter(|| consume(black_box(services()).map(Service::name)))
    });
    group.bench_function("slice_services", |b| {
        b.iter(|| consume(black_box(&all[..]).iter().map(|s| s.name())))
    });
    group.bench_function("ports_kb_tcp_services", |b| {
        b.iter(|| consume(black_box(Protocol::Tcp).services().map(Service::name)))
    });
    group.bench_function("slice_tcp_services", |b| {
        b.iter(|| consume(black_box(&tcp[..]).iter().map(|s| s.name())))
    });
    group.finish();
}

/// The cost of asking each service for its category and prevalence, against reading
/// the two fields from a slice built beforehand. Each pair passes through `black_box`
/// on both sides, so that what is measured is producing the pair, not a vectorised sum.
fn bench_kinds(c: &mut Criterion) {
    let kinds: Vec<(Option<Category>, Prevalence)> =
        services().map(|s| (s.category(), s.prevalence())).collect();
    let score = |(c, p): (Option<Category>, Prevalence)| c.map_or(0, |c| c as usize) + p as usize;
    let mut group = c.benchmark_group("category_prevalence_every_service");
    group.bench_function("ports_kb", |b| {
        b.iter(|| {
            black_box(services())
                .map(|s| score(black_box((s.category(), s.prevalence()))))
                .sum::<usize>()
        })
    });
    group.bench_function("slice_fields", |b| {
        b.iter(|| {
            black_box(&kinds[..])
                .iter()
                .map(|&k| score(black_box(k)))
                .sum::<usize>()
        })
    });
    group.finish();
}

/// Fragments people type: names, parts of names, labels and words (the first 100 of
/// the list that tests/choosing.rs checks).
fn fragments() -> Vec<&'static str> {
    let list = include_str!("../tests/fragments.txt");
    let words = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    words.take(100).collect()
}

fn bench_search(c: &mut Criterion) {
    // The obvious alternative: each service's texts, lowercased once, and `contains`.
    let texts: Vec<Vec<String>> = services()
        .map(|s| {
            let mut t: Vec<String> = vec![s.name().to_ascii_lowercase()];
            t.extend(s.aliases().map(str::to_owned));
            t.extend(
                s.label()
                    .into_iter()
                    .chain(s.title())
                    .map(str::to_ascii_lowercase),
            );
            t.push(s.description().to_ascii_lowercase());
            t
        })
        .collect();
    let fragments = fragments();
    assert_eq!(fragments.len(), 100);
    let mut group = c.benchmark_group("search_100_fragments");
    group.throughput(Throughput::Elements(fragments.len() as u64));
    group.bench_function("ports_kb", |b| {
        b.iter(|| {
            fragments
                .iter()
                .map(|q| search(black_box(q)).count())
                .sum::<usize>()
        })
    });
    group.bench_function("contains_loop", |b| {
        b.iter(|| {
            fragments
                .iter()
                .map(|q| {
                    let q = black_box(q).to_ascii_lowercase();
                    let hit = |t: &Vec<String>| t.iter().any(|x| x.contains(q.as_str()));
                    texts.iter().filter(|t| hit(t)).count()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_free_ports(c: &mut Criterion) {
    let mut group = c.benchmark_group("free_ports_registered_range");
    group.bench_function("ports_kb", |b| {
        b.iter(|| free_ports(black_box(1024..=65535), Protocol::Tcp).count())
    });
    group.bench_function("status_per_port", |b| {
        b.iter(|| {
            (1024..=65535u16)
                .filter(|&p| status(black_box(p), Protocol::Tcp) == PortStatus::Unassigned)
                .count()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_lookup,
    bench_by_name,
    bench_classify_and_iterate,
    bench_kinds,
    bench_search,
    bench_free_ports
);
criterion_main!(benches);
