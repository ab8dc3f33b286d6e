//! `search`: services whose names, spoken names, labels, titles or descriptions hold a
//! fragment, ranked, without allocating.

use crate::index::{every_about, every_alias, name_group, registration_ids};
use crate::layout;
use crate::record::Service;
use crate::tables::{RECORDS, RECORD_COUNT, TIER_IDS, TIER_START};
use core::fmt;
use core::iter::FusedIterator;

/// The longest text a service has (a description holds at most 255 bytes): a longer
/// query matches nothing.
const LONGEST_TEXT: usize = 255;

/// How well a service matches, best first: the order of [`search`]'s results. The
/// discriminants are the codes kept per record (0: no match).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The whole name or a whole spoken name.
    Exact = 1,
    /// The start of the name or of a spoken name.
    Prefix,
    /// Part of the name or of a spoken name.
    Inside,
    /// Part of the label or the title.
    Label,
    /// Part of the description.
    Description,
}

const RANKS: [Rank; 5] = [
    Rank::Exact,
    Rank::Prefix,
    Rank::Inside,
    Rank::Label,
    Rank::Description,
];

/// Services whose name, spoken names, label, title or description contain `query`,
/// ASCII case-insensitively, each once, best match first:
/// 1. [`by_name`](crate::by_name) finds it by the query: its name, a spoken name, or
///    the name of a product it belongs to;
/// 2. the name or a spoken name starts with it;
/// 3. the name or a spoken name contains it;
/// 4. the label or title contains it;
/// 5. the description contains it (with the `descriptions` feature).
///
/// Within each rank, more prevalent services come first, then, for exact matches,
/// [`by_name`](crate::by_name)'s order (the name's own services before those of a spoken
/// name), and for the rest the crate's order (by port). An empty query, or one longer
/// than any text (255 bytes), finds nothing.
/// Never allocates.
///
/// ```
/// use ports_kb::search;
/// let api: Vec<&str> = search("apiserver").map(|s| s.name()).collect();
/// assert_eq!(api[0], "kube-apiserver");
/// // "kube" is a name of the product Kubernetes: its ports come first, etcd's among them.
/// assert!(search("kube").take(12).any(|s| s.name() == "etcd-client"));
/// assert!(search("zabbix").any(|s| s.ports() == (10050..=10050)));
/// assert_eq!(search("").count(), 0);
/// ```
#[must_use]
pub fn search(query: &str) -> Search {
    let mut needle = [0u8; LONGEST_TEXT];
    let len = query.len();
    let usable = len != 0 && len <= LONGEST_TEXT;
    if usable {
        needle[..len].copy_from_slice(query.as_bytes());
        needle[..len].make_ascii_lowercase();
    }
    Search {
        needle,
        len: if usable { len } else { 0 },
        rank: if usable { 0 } else { RANKS.len() },
        tier: 0,
        pos: 0,
        ranks: None,
        left: [0; RANKS.len() + 1],
    }
}

/// The results of [`search`]: `&'static Service`, best match first, each once.
///
/// The first call to `next` ranks every service once, into a table of half a byte per
/// service held in the iterator (about 6 KB, on the stack); each later call scans it.
///
/// ```
/// let first = ports_kb::search("DNS").next().unwrap();
/// assert_eq!(first.name(), "domain");
/// ```
#[derive(Clone)]
pub struct Search {
    /// The query, lowercase.
    needle: [u8; LONGEST_TEXT],
    len: usize,
    /// The current rank (an index into `RANKS`; `RANKS.len()` when done) and tier.
    rank: usize,
    tier: u8,
    /// The position in the current (rank, tier) pass.
    pos: usize,
    /// Each record's rank code, once the first `next` has ranked them.
    ranks: Option<Ranks>,
    /// How many records of each rank code are still to be yielded: a rank that has none
    /// left is skipped whole.
    left: [u16; RANKS.len() + 1],
}

impl Search {
    fn needle(&self) -> &[u8] {
        &self.needle[..self.len]
    }

    /// The records of the current tier, for the passes after the exact one (for rare,
    /// every record, filtered as it goes).
    fn tier_ids(&self) -> &'static [u16] {
        let tier = usize::from(self.tier);
        match (TIER_START.get(tier), TIER_START.get(tier + 1)) {
            (Some(&a), Some(&b)) => TIER_IDS.get(usize::from(a)..usize::from(b)).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The next (id, record) of the current pass, or `None` when the pass is over. The
    /// first pass is the exact name's group.
    fn candidate(&mut self) -> Option<(usize, &'static Service)> {
        let id = if self.rank == 0 {
            // The needle is the lowercase query, ASCII only where it matters.
            let query = core::str::from_utf8(self.needle()).unwrap_or("");
            name_group(query).record_ids().nth(self.pos)?
        } else if self.tier == layout::RARE {
            self.pos
        } else {
            usize::from(*self.tier_ids().get(self.pos)?)
        };
        self.pos += 1;
        Some((id, RECORDS.get(id)?))
    }

    /// Moves to the next tier, or the next rank; false when there is none.
    fn advance(&mut self) -> bool {
        self.pos = 0;
        if self.tier < layout::RARE {
            self.tier += 1;
        } else {
            self.tier = 0;
            self.rank += 1;
        }
        self.rank < RANKS.len()
    }

    /// True when record `id` belongs to the current pass: its tier and its rank.
    fn yields(&self, id: usize, s: &Service) -> bool {
        let code = self.ranks.as_ref().map_or(0, |ranks| ranks.code(id));
        code == RANKS[self.rank] as u8 && s.3 as u8 == self.tier
    }

    /// Ranks every record: their codes, two to a byte, and how many have each code.
    /// Names and descriptions are matched record by record; spoken names, labels and
    /// titles belong to a few hundred names, so each is matched once, and its rank given
    /// to the services of its name.
    fn rank_all(&mut self) {
        let needle = self.needle();
        let mut ranks = Ranks([0; RECORD_COUNT.div_ceil(2)]);
        let mut memo = Memo::default();
        for (id, s) in RECORDS.iter().enumerate() {
            if let Some(rank) = memo.rank(s, needle) {
                ranks.improve(id, rank);
            }
        }
        for (first, alias) in every_alias() {
            if let Some(rank) = rank_of(alias, needle) {
                ranks.improve_registration(first, rank);
            }
        }
        // Whatever `by_name` finds is exact: a product's name, or a space for a hyphen.
        let query = core::str::from_utf8(needle).unwrap_or("");
        for id in name_group(query).record_ids() {
            ranks.improve(id, Rank::Exact);
        }
        let holds = |t: Option<&str>| t.is_some_and(|t| contains(t, needle));
        for (first, about) in every_about() {
            if holds(about.label) || holds(about.title) {
                ranks.improve_registration(first, Rank::Label);
            }
        }
        for id in 0..RECORD_COUNT {
            if let Some(left) = self.left.get_mut(usize::from(ranks.code(id))) {
                *left += 1;
            }
        }
        self.ranks = Some(ranks);
    }

    /// True when every record of the current rank has been yielded.
    fn rank_done(&self) -> bool {
        let code = RANKS.get(self.rank).map_or(0, |&r| r as usize);
        self.left.get(code).is_none_or(|&left| left == 0)
    }
}

/// Each record's rank code (0: no match), two to a byte.
#[derive(Clone)]
struct Ranks([u8; RECORD_COUNT.div_ceil(2)]);

impl Ranks {
    fn code(&self, id: usize) -> u8 {
        self.0
            .get(id / 2)
            .map_or(0, |b| (b >> (4 * (id % 2))) & 0xf)
    }

    /// Gives record `id` the rank, if it has none or a worse one.
    fn improve(&mut self, id: usize, rank: Rank) {
        let (old, new) = (self.code(id), rank as u8);
        if old == 0 || new < old {
            if let Some(byte) = self.0.get_mut(id / 2) {
                let shift = 4 * (id % 2);
                *byte = (*byte & !(0xf << shift)) | new << shift;
            }
        }
    }

    /// `improve` for every record of the registration whose first record is `first`.
    fn improve_registration(&mut self, first: &'static Service, rank: Rank) {
        for id in registration_ids(first) {
            self.improve(id, rank);
        }
    }
}

/// The last name and description ranked, and their results: records of one service on
/// TCP and UDP share their strings and sit side by side.
#[derive(Default)]
struct Memo {
    name: Option<(u32, Option<Rank>)>,
    #[cfg(feature = "descriptions")]
    description: Option<(u32, bool)>,
}

impl Memo {
    /// The best rank of a record by its name and description.
    fn rank(&mut self, s: &Service, needle: &[u8]) -> Option<Rank> {
        if let Some(rank) = self.name_rank(s, needle) {
            return Some(rank);
        }
        self.description_matches(s, needle)
            .then_some(Rank::Description)
    }

    /// How the name holds the query, if it does.
    fn name_rank(&mut self, s: &Service, needle: &[u8]) -> Option<Rank> {
        let key = s.name_ref();
        if let Some((_, rank)) = self.name.filter(|&(k, _)| k == key) {
            return rank;
        }
        let rank = rank_of(s.name(), needle);
        self.name = Some((key, rank));
        rank
    }

    #[cfg(feature = "descriptions")]
    fn description_matches(&mut self, s: &Service, needle: &[u8]) -> bool {
        let key = layout::join(s.4);
        if let Some((_, found)) = self.description.filter(|&(k, _)| k == key) {
            return found;
        }
        let found = contains(s.description(), needle);
        self.description = Some((key, found));
        found
    }

    #[cfg(not(feature = "descriptions"))]
    fn description_matches(&mut self, _: &Service, _: &[u8]) -> bool {
        false
    }
}

/// How `text` holds the lowercase `needle`, ASCII case-insensitively.
fn rank_of(text: &str, needle: &[u8]) -> Option<Rank> {
    let bytes = text.as_bytes();
    if bytes.len() < needle.len() {
        return None;
    }
    if bytes.eq_ignore_ascii_case(needle) {
        return Some(Rank::Exact);
    }
    if bytes[..needle.len()].eq_ignore_ascii_case(needle) {
        return Some(Rank::Prefix);
    }
    contains(text, needle).then_some(Rank::Inside)
}

/// True when `text` holds the lowercase `needle`, ASCII case-insensitively. Looks for
/// the needle's first byte eight bytes at a time, then checks each place it occurs.
fn contains(text: &str, needle: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (Some(&first), hay) = (needle.first(), text.as_bytes()) else {
        return false;
    };
    let Some(last_start) = hay.len().checked_sub(needle.len()) else {
        return false;
    };
    let at = |i: usize| hay[i..i + needle.len()].eq_ignore_ascii_case(needle);
    let mut i = 0;
    while i + 8 <= hay.len() && i <= last_start {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&hay[i..i + 8]);
        let x = layout::lowercase_word(u64::from_le_bytes(eight)) ^ (ONES * u64::from(first));
        // A high bit for each byte that may equal `first` (exact for the lowest one).
        let mut found = x.wrapping_sub(ONES) & !x & HIGH;
        while found != 0 {
            let j = i + (found.trailing_zeros() / 8) as usize;
            if j <= last_start && at(j) {
                return true;
            }
            found &= found - 1;
        }
        i += 8;
    }
    (i..=last_start).any(|j| hay[j].to_ascii_lowercase() == first && at(j))
}

impl Iterator for Search {
    type Item = &'static Service;

    fn next(&mut self) -> Option<&'static Service> {
        if self.rank >= RANKS.len() {
            return None;
        }
        if self.ranks.is_none() {
            self.rank_all();
        }
        loop {
            if self.rank_done() {
                self.tier = layout::RARE;
                if !self.advance() {
                    return None;
                }
                continue;
            }
            match self.candidate() {
                Some((id, s)) if self.yields(id, s) => {
                    let code = RANKS[self.rank] as usize;
                    if let Some(left) = self.left.get_mut(code) {
                        *left -= 1;
                    }
                    return Some(s);
                }
                Some(_) => {}
                None => {
                    if !self.advance() {
                        return None;
                    }
                }
            }
        }
    }
}

impl FusedIterator for Search {}

impl fmt::Debug for Search {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query = core::str::from_utf8(self.needle()).unwrap_or("(not UTF-8)");
        f.debug_struct("Search")
            .field("query", &query)
            .finish_non_exhaustive()
    }
}
