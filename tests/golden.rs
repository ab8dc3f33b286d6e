//! Facts about widely used ports, written from public sources and not from the crate's
//! output (`tests/golden.tsv`, each row citing its source): the crate must agree with
//! every one. A row names IANA's registration, or `*` for the most prevalent service the
//! crate knows on the port; it gives the tiers it accepts (a range where judgement is
//! honestly uncertain) and the category: `(none)` for a registration whose purpose is not
//! published, `-` where the table makes no claim.

use ports_kb::{Category, Prevalence, Protocol, Service};

const GOLDEN: &str = include_str!("golden.tsv");

/// One row of the table.
struct Fact<'a> {
    port: u16,
    protocol: Protocol,
    name: &'a str,
    tiers: std::ops::RangeInclusive<Prevalence>,
    /// `None` for `-`, no claim; `Some(None)` for `(none)`: no category.
    category: Option<Option<Category>>,
    source: &'a str,
}

fn parse(line: &str) -> Fact<'_> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [port, protocol, name, min, max, category, source] = fields[..] else {
        panic!("tests/golden.tsv: {line:?} has not 7 fields");
    };
    let tier = |t: &str| -> Prevalence { t.parse().unwrap_or_else(|e| panic!("{line:?}: {e}")) };
    // The table writes tiers from rare up to ubiquitous; `Prevalence` orders them the
    // other way round, most common first.
    let (low, high) = (tier(min), tier(max));
    Fact {
        port: port.parse().unwrap_or_else(|e| panic!("{line:?}: {e}")),
        protocol: protocol.parse().unwrap_or_else(|e| panic!("{line:?}: {e}")),
        name,
        tiers: high.min(low)..=high.max(low),
        category: match category {
            "-" => None,
            "(none)" => Some(None),
            c => Some(Some(c.parse().unwrap_or_else(|e| panic!("{line:?}: {e}")))),
        },
        source,
    }
}

/// The records a fact is about: the named registration on the port, or for `*` the most
/// prevalent records on the port.
fn records(fact: &Fact<'_>) -> Vec<&'static Service> {
    let on_port: Vec<&Service> = fact.protocol.lookup(fact.port).collect();
    if fact.name != "*" {
        let named = on_port
            .iter()
            .filter(|s| s.name().eq_ignore_ascii_case(fact.name));
        return named.copied().collect();
    }
    let best = on_port.iter().map(|s| s.prevalence()).min();
    on_port
        .into_iter()
        .filter(|s| Some(s.prevalence()) == best)
        .collect()
}

#[test]
fn the_crate_agrees_with_every_golden_fact() {
    let rows = GOLDEN.lines().filter(|l| !l.starts_with('#')).skip(1);
    let (mut checked, mut wrong) = (0, Vec::new());
    for line in rows {
        let fact = parse(line);
        checked += 1;
        assert!(
            fact.source.starts_with("http") || fact.source.starts_with("RFC"),
            "{line:?}"
        );
        let found = records(&fact);
        let what = format!("{} {}/{}", fact.name, fact.port, fact.protocol);
        if found.is_empty() {
            wrong.push(format!("{what}: no such record"));
            continue;
        }
        let tier = found
            .iter()
            .map(|s| s.prevalence())
            .min()
            .unwrap_or(Prevalence::Rare);
        if !fact.tiers.contains(&tier) {
            wrong.push(format!("{what}: tier {tier}, expected {:?}", fact.tiers));
        }
        if let Some(category) = fact.category {
            if !found.iter().any(|s| s.category() == category) {
                let got: Vec<_> = found.iter().map(|s| s.category()).collect();
                wrong.push(format!("{what}: category {got:?}, expected {category:?}"));
            }
        }
    }
    println!("{checked} golden facts");
    assert!(
        checked >= 150,
        "the table holds {checked} facts; it should hold at least 150"
    );
    assert!(
        wrong.is_empty(),
        "{} of {checked} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The two fresh audits of 200 random records (`data/audit/`): what they found, per
/// protocol, is what the README says.
#[test]
fn the_readme_states_what_the_fresh_audits_found() {
    let readme = include_str!("../README.md");
    for (round, sample) in [
        ("first", include_str!("../data/audit/sample-1.tsv")),
        ("second", include_str!("../data/audit/sample-2.tsv")),
    ] {
        let mut counts: Vec<(Protocol, usize, usize, usize)> =
            Protocol::ALL.iter().map(|&p| (p, 0, 0, 0)).collect();
        for line in sample.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 12, "data/audit: {line:?}");
            let protocol: Protocol = fields[2].parse().unwrap();
            let row = counts.iter_mut().find(|c| c.0 == protocol).unwrap();
            row.1 += 1;
            row.2 += usize::from(fields[6] == "wrong");
            row.3 += usize::from(fields[8] == "wrong");
        }
        let records: usize = counts.iter().map(|c| c.1).sum();
        let per = |pick: fn(&(Protocol, usize, usize, usize)) -> usize| -> String {
            let seen = counts.iter().filter(|c| c.1 > 0);
            let parts: Vec<String> = seen
                .map(|c| format!("{} {} of {}", c.0, pick(c), c.1))
                .collect();
            parts.join(", ")
        };
        let row = format!(
            "| {round} | {records} | {} | {} |",
            per(|c| c.2),
            per(|c| c.3)
        );
        assert!(readme.contains(&row), "the README lacks {row:?}");
    }
}
