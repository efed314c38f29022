//! The rows of an export on their way to the file: spooled to a temporary file as they are
//! read, the columns gathered, then written out as CSV or XLSX under one heading.

use std::collections::HashMap;
use std::io::Write as _;

use serde::{Deserialize, Serialize};

use super::columns::{heading, Names, Sheet};
use super::{finish, lines, temp_writer, Caller};

/// A column of an export; columns are written in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Col {
    /// A field of the kind, by its place in the kind's fields.
    Field(u8),
    /// Contact details of a kind and category, by their places in `DetailKind::ALL` and the
    /// kind's categories.
    Detail(u8, u8),
    /// Social network accounts, by the network's place in `NETWORKS`.
    Social(u8),
    /// A part of the addresses of a category.
    Address(u8, u8),
    /// A custom field, by its position and id.
    Custom(i64, i64),
    /// A field after the custom ones (creation and change).
    Tail(u8),
}

/// A value: text, or a number that spreadsheets should see as one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Number(String),
}

/// One record's values.
pub type Row = Vec<(Col, Cell)>;

/// Rows spooled so far and the columns they use.
pub struct Spool {
    file: tempfile::NamedTempFile,
    writer: std::io::BufWriter<std::fs::File>,
    columns: Vec<Col>,
    index: HashMap<Col, u32>,
    rows: i64,
}

/// The columns in their written order and their headings.
pub struct Layout {
    /// Per spooled column index, its place in the file.
    place: Vec<usize>,
    pub headings: Vec<String>,
}

impl Spool {
    /// An empty spool with the columns every file of the kind has.
    pub fn new(fixed: Vec<Col>) -> std::io::Result<Self> {
        let (file, writer) = temp_writer()?;
        let mut spool = Self {
            file,
            writer,
            columns: Vec::new(),
            index: HashMap::new(),
            rows: 0,
        };
        for c in fixed {
            spool.column(c);
        }
        Ok(spool)
    }

    fn column(&mut self, c: Col) -> u32 {
        if let Some(i) = self.index.get(&c) {
            return *i;
        }
        let i = u32::try_from(self.columns.len()).unwrap_or(u32::MAX);
        self.columns.push(c);
        self.index.insert(c, i);
        i
    }

    /// Rows spooled.
    pub fn len(&self) -> i64 {
        self.rows
    }

    /// Spools rows.
    pub fn push(&mut self, rows: Vec<Row>) -> anyhow::Result<()> {
        for row in rows {
            let cells: Vec<(u32, Cell)> =
                row.into_iter().map(|(c, v)| (self.column(c), v)).collect();
            serde_json::to_writer(&mut self.writer, &cells)?;
            self.writer.write_all(b"\n")?;
            self.rows += 1;
        }
        Ok(())
    }

    /// The columns in order, with their headings in the caller's language.
    pub fn headings(&self, names: &Names, caller: &Caller, sheet: Sheet) -> Layout {
        let mut order: Vec<usize> = (0..self.columns.len()).collect();
        order.sort_by_key(|i| self.columns[*i]);
        let mut place = vec![0; self.columns.len()];
        for (p, i) in order.iter().enumerate() {
            place[*i] = p;
        }
        Layout {
            place,
            headings: order
                .iter()
                .map(|i| heading(sheet, self.columns[*i], names, caller))
                .collect(),
        }
    }

    /// The spooled rows in order, each as its cells in the layout's places.
    fn each(
        self,
        layout: &Layout,
        mut write: impl FnMut(u32, Vec<Option<Cell>>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        finish(self.writer)?;
        let file = self.file.reopen()?;
        for (n, line) in lines(&file).enumerate() {
            let cells: Vec<(u32, Cell)> = serde_json::from_str(&line?)?;
            let mut out: Vec<Option<Cell>> = vec![None; layout.headings.len()];
            for (i, v) in cells {
                if let Some(p) = usize::try_from(i).ok().and_then(|i| layout.place.get(i)) {
                    out[*p] = Some(v);
                }
            }
            write(u32::try_from(n + 1).unwrap_or(u32::MAX), out)?;
        }
        Ok(())
    }

    /// The rows as CSV, optionally after a UTF-8 byte order mark.
    pub fn write_csv(
        self,
        layout: &Layout,
        delimiter: u8,
        bom: bool,
    ) -> anyhow::Result<tempfile::NamedTempFile> {
        let (file, mut writer) = temp_writer()?;
        if bom {
            writer.write_all("\u{feff}".as_bytes())?;
        }
        let mut csv = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(writer);
        csv.write_record(layout.headings.iter().map(|h| defused(h).into_owned()))?;
        self.each(layout, |_, cells| {
            csv.write_record(
                cells
                    .iter()
                    .map(|c| match c {
                        Some(Cell::Text(t)) => defused(t),
                        Some(Cell::Number(n)) => n.as_str().into(),
                        None => "".into(),
                    })
                    .map(|c| c.into_owned()),
            )?;
            Ok(())
        })?;
        finish(csv.into_inner().map_err(|e| e.into_error())?)?;
        Ok(file)
    }

    /// The rows as an XLSX workbook of one sheet, written a row at a time.
    pub fn write_xlsx(self, layout: &Layout) -> anyhow::Result<tempfile::NamedTempFile> {
        use rust_xlsxwriter::{Format, Workbook};
        let file = tempfile::Builder::new().suffix(".xlsx").tempfile()?;
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet_with_constant_memory();
        for (c, h) in layout.headings.iter().enumerate() {
            sheet.write_string_with_format(0, u16::try_from(c)?, h, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.each(layout, |row, cells| {
            for (c, cell) in cells.into_iter().enumerate() {
                let c = u16::try_from(c)?;
                match cell {
                    Some(Cell::Number(n)) => match n.parse::<f64>() {
                        Ok(x) => sheet.write_number(row, c, x).map(|_| ())?,
                        Err(_) => sheet.write_string(row, c, n).map(|_| ())?,
                    },
                    Some(Cell::Text(t)) if !t.is_empty() => {
                        sheet.write_string(row, c, t).map(|_| ())?;
                    }
                    _ => {}
                }
            }
            Ok(())
        })?;
        book.save(file.path())?;
        Ok(file)
    }
}

/// Text that a spreadsheet would run as a formula (`=`, `@` other than a handle such as
/// `@name`, or `+` / `-` not starting a number) gets a leading `'`, which spreadsheets show as
/// text. Phone numbers such as `+7 921 …` stay as they are.
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    let number_like = |rest: &str| {
        rest.chars()
            .all(|c| c.is_ascii_digit() || " ()-.,".contains(c))
    };
    let risky = match text.chars().next() {
        Some('=' | '\t' | '\r') => true,
        Some('@') => !text[1..]
            .chars()
            .all(|c| c.is_alphanumeric() || "_.".contains(c)),
        Some('+' | '-') => !number_like(&text[1..]),
        _ => false,
    };
    if risky {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::defused;

    #[test]
    fn formulas_are_defused_and_phone_numbers_kept() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("-2+3"), "'-2+3");
        assert_eq!(defused("+7 921 111-22-33"), "+7 921 111-22-33");
        assert_eq!(defused("-15.5"), "-15.5");
        assert_eq!(defused("@ivanp"), "@ivanp");
        assert_eq!(defused("@cmd|'/C calc'!A0"), "'@cmd|'/C calc'!A0");
        assert_eq!(defused("Acme"), "Acme");
    }
}
