//! `search`: services whose names, spoken names, labels, titles or descriptions hold a
//! fragment, ranked, without allocating.

use crate::index::{about, aliases_of, name_group};
use crate::layout;
use crate::record::Service;
use crate::tables::{text, RECORDS, TIER_IDS, TIER_START};
use core::fmt;
use core::iter::FusedIterator;

/// The longest text a service has (a description holds at most 255 bytes): a longer
/// query matches nothing.
const LONGEST_TEXT: usize = 255;

/// How well a service matches, best first: the order of [`search`]'s results.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The whole name or a whole spoken name.
    Exact,
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
/// 1. the name or a spoken name is the query;
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
/// let kube: Vec<&str> = search("kube").map(|s| s.name()).collect();
/// assert_eq!(kube[0], "kube-apiserver");
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
        memo: Memo::default(),
    }
}

/// The results of [`search`]: `&'static Service`, best match first, each once.
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
    memo: Memo,
}

/// The last name and description tested, and their results: records of one service
/// on TCP and UDP share their strings and sit side by side.
#[derive(Clone, Copy, Default)]
struct Memo {
    name: Option<(u32, Option<Rank>)>,
    description: Option<(u32, bool)>,
}

impl Search {
    fn needle(&self) -> &[u8] {
        &self.needle[..self.len]
    }

    /// The ids of the current pass: the exact group for the first rank, else the
    /// records of the current tier (for rare, every record, filtered as it goes).
    fn pass(&self) -> &'static [u16] {
        if self.rank == 0 {
            // The needle is the lowercase query, ASCII only where it matters.
            let query = core::str::from_utf8(self.needle()).unwrap_or("");
            return name_group(query).0;
        }
        let tier = usize::from(self.tier);
        match (TIER_START.get(tier), TIER_START.get(tier + 1)) {
            (Some(&a), Some(&b)) => TIER_IDS.get(usize::from(a)..usize::from(b)).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The next record of the current pass, or `None` when the pass is over.
    fn candidate(&mut self) -> Option<&'static Service> {
        let in_rare_pass = self.rank > 0 && self.tier == layout::RARE;
        if in_rare_pass {
            let record = RECORDS.get(self.pos)?;
            self.pos += 1;
            return Some(record);
        }
        let id = *self.pass().get(self.pos)?;
        self.pos += 1;
        RECORDS.get(usize::from(id))
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

    /// True when `s` belongs to the current pass: its tier, and its best rank.
    fn yields(&mut self, s: &Service) -> bool {
        if layout::info_prevalence(s.2) != self.tier {
            return false;
        }
        let rank = RANKS[self.rank];
        if rank == Rank::Exact {
            return true;
        }
        let by_name = self.name_rank(s);
        if rank <= Rank::Inside || by_name.is_some() {
            return by_name == Some(rank);
        }
        let labelled = self.label_matches(s);
        if rank == Rank::Label || labelled {
            return labelled && rank == Rank::Label;
        }
        self.description_matches(s)
    }

    /// The best rank of the name and the spoken names, if any holds the query.
    fn name_rank(&mut self, s: &Service) -> Option<Rank> {
        let key = layout::join(s.1);
        if let Some((_, rank)) = self.memo.name.filter(|&(k, _)| k == key) {
            return rank;
        }
        let mut best = rank_of(s.name(), self.needle());
        if layout::info_flags(s.2) & layout::FLAG_HAS_ALIASES != 0 {
            for &(_, alias) in aliases_of(s.name()) {
                let alias = text(alias, layout::TEXT_LEN_BITS);
                best = best.into_iter().chain(rank_of(alias, self.needle())).min();
            }
        }
        self.memo.name = Some((key, best));
        best
    }

    fn label_matches(&self, s: &Service) -> bool {
        if layout::info_flags(s.2) & layout::FLAG_HAS_ABOUT == 0 {
            return false;
        }
        let Some(about) = about(s.name()) else {
            return false;
        };
        let needle = self.needle();
        let holds = |t: Option<&str>| t.is_some_and(|t| contains(t, needle));
        holds(about.label) || holds(about.title)
    }

    #[cfg(feature = "descriptions")]
    fn description_matches(&mut self, s: &Service) -> bool {
        let key = layout::join(s.3);
        if let Some((_, found)) = self.memo.description.filter(|&(k, _)| k == key) {
            return found;
        }
        let found = contains(s.description(), self.needle());
        self.memo.description = Some((key, found));
        found
    }

    #[cfg(not(feature = "descriptions"))]
    fn description_matches(&mut self, _: &Service) -> bool {
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

/// True when `text` holds the lowercase `needle`, ASCII case-insensitively.
fn contains(text: &str, needle: &[u8]) -> bool {
    let (Some(&first), bytes) = (needle.first(), text.as_bytes()) else {
        return false;
    };
    if bytes.len() < needle.len() {
        return false;
    }
    let last_start = bytes.len() - needle.len();
    (0..=last_start).any(|i| {
        bytes[i].to_ascii_lowercase() == first
            && bytes[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

impl Iterator for Search {
    type Item = &'static Service;

    fn next(&mut self) -> Option<&'static Service> {
        while self.rank < RANKS.len() {
            match self.candidate() {
                Some(s) if self.yields(s) => return Some(s),
                Some(_) => {}
                None => {
                    if !self.advance() {
                        return None;
                    }
                }
            }
        }
        None
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
