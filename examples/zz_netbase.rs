fn main() {
    let text = std::fs::read_to_string("/etc/services").unwrap();
    let (mut total, mut miss) = (0, 0);
    for line in text.lines() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let mut f = line.split_whitespace();
        let name = f.next().unwrap();
        let pp = f.next().unwrap();
        let aliases: Vec<&str> = f.collect();
        let (port, proto) = pp.split_once('/').unwrap();
        let port: u16 = port.parse().unwrap();
        let Ok(proto) = proto.parse::<ports_kb::Protocol>() else {
            println!("skip {line}");
            continue;
        };
        total += 1;
        for n in std::iter::once(name).chain(aliases.iter().copied()) {
            let ok =
                ports_kb::by_name(n).any(|s| s.protocol() == proto && s.ports().contains(&port));
            if !ok {
                miss += 1;
                let iana: Vec<_> = proto.lookup(port).map(|s| s.name()).collect();
                println!("MISS {n} {port}/{proto} (entry {name}) iana-here={iana:?}");
            }
        }
    }
    println!("entries {total} misses {miss}");
    for p in [
        51820u16, 41641, 1194, 6443, 10250, 2379, 2380, 9090, 9100, 3000, 9200, 9300, 5601, 6379,
        27017, 11211, 25565, 5173, 853, 5900, 5901, 3389, 5432, 8080, 465, 587, 636, 389, 563, 994,
        6697, 5060, 5061, 5222, 5223, 3306, 1433, 1521, 8443, 9000, 2049, 873, 88, 464, 137, 138,
        139, 514, 500, 4500, 1812, 1813, 67, 68, 69, 179, 5353, 5355, 1900, 8883, 1883, 5672, 9092,
        2181, 8500, 3268, 3269, 5985, 5986, 993, 995, 989, 990, 992, 6000, 631, 515, 119, 194,
        3128, 1080, 5000, 8000, 8081, 8888, 6881, 15672, 4369, 25, 465, 2375, 2376, 10255, 30000,
        9418, 4789, 179, 6081, 1701, 1723, 5004, 5005, 3478, 5349, 7946, 8301, 4222, 6660, 6667,
        548, 5800, 5938, 3690, 8086, 9042, 7000, 7001, 9160, 5984, 26257, 4317, 4318, 16686, 14268,
        9411, 24224, 5044, 514, 6514, 161, 162, 10050, 10051, 5666, 3260, 111, 2048, 20048, 4045,
        445,
    ] {
        println!(
            "{p}: {:?}",
            ports_kb::lookup(p)
                .map(|s| format!("{}/{}", s.name(), s.protocol()))
                .collect::<Vec<_>>()
        );
    }
}
