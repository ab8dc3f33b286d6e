//! Aligned text tables, fitted to a width when asked: low-value columns go first, then
//! the long text column is shortened with an ellipsis, then more columns go.

/// Rows of text cells under a header.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Dropped first when the table is too wide, in this order.
    low: Vec<&'static str>,
    /// Dropped next, after the long column was shortened to [`SHORTEST`].
    mid: Vec<&'static str>,
    /// The column of long text, shortened with an ellipsis.
    long: Option<&'static str>,
}

/// The long column is not shortened below this many characters before `mid` columns go.
const SHORTEST: usize = 24;
/// Nor below this many at all.
const NARROWEST: usize = 8;
/// Between columns.
const GAP: usize = 2;

impl Table {
    pub fn new<const N: usize>(header: [&str; N]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            low: Vec::new(),
            mid: Vec::new(),
            long: None,
        }
    }

    /// How the table gives way to a narrow screen: the columns dropped first, the long
    /// column shortened next, then the columns dropped after it.
    pub fn fitting(
        mut self,
        low: &[&'static str],
        long: Option<&'static str>,
        mid: &[&'static str],
    ) -> Table {
        self.low = low.to_vec();
        self.long = long;
        self.mid = mid.to_vec();
        self
    }

    pub fn row<const N: usize>(&mut self, cells: [String; N]) {
        self.rows.push(cells.to_vec());
    }

    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    #[cfg(test)]
    pub fn header(&self) -> &[String] {
        &self.header
    }

    pub fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }

    fn total(&self) -> usize {
        let widths = self.widths();
        widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1)
    }

    /// Fits the table to `width` characters where it can.
    pub fn fit(&mut self, width: usize) {
        let low = std::mem::take(&mut self.low);
        let mid = std::mem::take(&mut self.mid);
        self.drop_until(&low, width);
        self.shorten(width, SHORTEST);
        self.drop_until(&mid, width);
        self.shorten(width, NARROWEST);
    }

    /// Drops the named columns, in order, until the table fits.
    fn drop_until(&mut self, columns: &[&str], width: usize) {
        for column in columns {
            if self.total() <= width {
                return;
            }
            if let Some(i) = self.header.iter().position(|h| h == column) {
                self.header.remove(i);
                for row in &mut self.rows {
                    row.remove(i);
                }
            }
        }
    }

    /// Shortens the long column so the table fits, to no fewer than `least` characters.
    fn shorten(&mut self, width: usize, least: usize) {
        let Some(i) = self
            .long
            .and_then(|c| self.header.iter().position(|h| h == c))
        else {
            return;
        };
        let total = self.total();
        let current = self.widths()[i];
        if total <= width || current <= least {
            return;
        }
        let keep = current.saturating_sub(total - width).max(least);
        for row in &mut self.rows {
            if row[i].chars().count() > keep {
                let cut: String = row[i].chars().take(keep - 1).collect();
                row[i] = format!("{}…", cut.trim_end());
            }
        }
    }

    /// The lines of the table, each cell padded to its column; trailing spaces trimmed.
    pub fn lines(&self) -> (String, Vec<String>) {
        let widths = self.widths();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, &w)| format!("{c:<w$}"))
                .collect();
            padded.join(&" ".repeat(GAP)).trim_end().to_owned()
        };
        let rows = self.rows.iter().map(|r| line(r)).collect();
        (line(&self.header), rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut table = Table::new(["name", "source", "class", "description"]).fitting(
            &["source", "class"],
            Some("description"),
            &[],
        );
        table.row([
            "ssh".into(),
            "iana".into(),
            "well-known".into(),
            "The Secure Shell (SSH) Protocol, with a long description".into(),
        ]);
        table
    }

    #[test]
    fn a_wide_enough_table_is_untouched() {
        let mut table = sample();
        let (header, rows) = table.lines();
        table.fit(200);
        assert_eq!(table.lines(), (header, rows));
    }

    #[test]
    fn low_columns_go_first_then_the_long_one_shortens() {
        let mut table = sample();
        table.fit(60);
        assert_eq!(table.header(), ["name", "description"]);
        let (_, rows) = table.lines();
        assert!(rows[0].chars().count() <= 60, "{rows:?}");
        table.fit(30);
        let (_, rows) = table.lines();
        assert!(rows[0].ends_with('…'), "{rows:?}");
        assert!(rows[0].chars().count() <= 30, "{rows:?}");
    }
}
