//! Nothing in the lookup API allocates: a counting global allocator proves it.
//!
//! This file is its own test binary with one test, so no other test allocates meanwhile.

use ports_kb::{by_name, classify, common_ports, free_ports, guess, lookup, portless_names};
use ports_kb::{search, services, status, why_not_free, Category, Os, Protocol};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator; only counts calls. (The crate itself is
// `forbid(unsafe_code)`; a global allocator cannot be written without `unsafe impl`.)
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A `fmt::Write` into a fixed buffer, so `Display` can run without a `String`.
struct Sink {
    buffer: [u8; 512],
    len: usize,
}

impl std::fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buffer
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[test]
fn the_lookup_api_never_allocates() {
    // Inputs are made before counting starts.
    let huge = "A".repeat(1 << 20);
    let names: Vec<String> = services().map(|s| s.name().to_ascii_uppercase()).collect();
    let odd = [
        "",
        "ß",
        "ssh\0",
        "\u{1F600}",
        huge.as_str(),
        "no-such-service",
        "DNS",
        "smb",
    ];
    let mut sink = Sink {
        buffer: [0; 512],
        len: 0,
    };

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut seen = 0usize;
    for port in 0..=u16::MAX {
        seen += lookup(port).count();
        seen += usize::from(classify(port) as u8);
        for p in Protocol::ALL {
            seen += p.lookup(port).rev().count();
            seen += status(port, p) as usize;
        }
    }
    for name in names.iter().map(String::as_str).chain(odd) {
        seen += by_name(name).count() + portless_names(name).count();
    }
    for s in services() {
        sink.len = 0;
        write!(sink, "{s}").unwrap();
        seen += sink.len;
    }
    for p in Protocol::ALL {
        seen += p.services().count();
        write!(
            Sink {
                buffer: [0; 512],
                len: 0
            },
            "{p} {:?}",
            classify(80)
        )
        .unwrap();
    }
    for s in services() {
        seen += s.aliases().count() + usize::from(s.category().is_some());
        seen += s.prevalence() as usize;
    }
    for c in Category::ALL {
        seen += c.services().count();
    }
    for p in Protocol::ALL {
        seen += common_ports(p).count() + free_ports(0..=u16::MAX, p).count();
        seen += usize::from(why_not_free(8080, p).is_some());
    }
    for query in ["kube", "DNS", "a", "zabbix", "Secure Shell", "quic"]
        .into_iter()
        .chain(odd)
    {
        seen += search(query).count();
    }
    for (local, remote) in [(51544, 443), (123, 123), (40000, 5432), (61001, 61002)] {
        seen += usize::from(guess(local, remote, Protocol::Tcp).is_some());
        seen += usize::from(Os::Windows.guess(local, remote, Protocol::Udp).is_some());
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);

    assert!(seen > 100_000, "the loop did the work: {seen}");
    assert_eq!(after - before, 0, "allocations during lookups");
}
