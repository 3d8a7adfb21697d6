//! Raw tables: CSV, TSV, JSON (an array of objects) and JSON Lines, optionally
//! gzip-compressed, turned into named columns of cells with their source lines.
//! No column has a meaning yet: that is [`crate::input::mapping`]'s job.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;

use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::InputError;
use crate::numbers::thousands;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An empty string, a JSON `null` or a missing key.
    Empty,
    /// A scalar value, as text (JSON numbers and booleans are written as JSON writes them).
    Text(String),
    /// A JSON array (of strings or numbers, as text).
    List(Vec<String>),
}

impl Cell {
    /// The cell as text: `None` for an empty cell or a list.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

/// One value of a row, borrowed: a [`Cell`] of a table, or a field of a CSV
/// record streamed past (what [`crate::input::dataset::DatasetBuilder`] reads).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// Nothing.
    Empty,
    /// A scalar, as text.
    Text(&'a str),
    /// A JSON array.
    List(&'a [String]),
}

impl Cell {
    /// The cell, borrowed.
    pub fn as_cell_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Text(t) => CellRef::Text(t),
            Cell::List(items) => CellRef::List(items),
        }
    }
}

impl<'a> CellRef<'a> {
    /// A CSV field: an empty (or missing) field is an empty cell.
    pub fn field(field: Option<&'a str>) -> Self {
        match field {
            None | Some("") => CellRef::Empty,
            Some(text) => CellRef::Text(text),
        }
    }

    /// The cell's text, trimmed (a list's items joined by `|`): borrowed, as
    /// most cells are text and most of their values are only looked up.
    pub(crate) fn text(self) -> Cow<'a, str> {
        match self {
            CellRef::Text(t) => Cow::Borrowed(t.trim()),
            CellRef::List(items) => Cow::Owned(items.join("|")),
            CellRef::Empty => Cow::Borrowed(""),
        }
    }
}

impl From<CellRef<'_>> for Cell {
    fn from(cell: CellRef<'_>) -> Self {
        match cell {
            CellRef::Empty => Cell::Empty,
            CellRef::Text(t) => Cell::Text(t.to_owned()),
            CellRef::List(items) => Cell::List(items.to_vec()),
        }
    }
}

/// The text formats an annotation table can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A JSON array of objects.
    Json,
    /// One JSON object per line.
    JsonLines,
}

/// A parsed table: column names, rows of cells, and the line each row came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file's name, for messages.
    pub file: String,
    /// Column names in file order.
    pub columns: Vec<String>,
    /// Rows of cells, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
    /// The 1-based source line of each row.
    pub lines: Vec<usize>,
}

impl Table {
    /// The index of a column, matched case-insensitively.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Distinct non-empty text values of a column, sorted, stopping after `limit + 1`.
    pub fn distinct_values(&self, column: usize, limit: usize) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for row in &self.rows {
            if let Some(Cell::Text(v)) = row.get(column) {
                let v = v.trim();
                if !v.is_empty() && !seen.iter().any(|s| s == v) {
                    seen.push(v.to_owned());
                    if seen.len() > limit {
                        break;
                    }
                }
            }
        }
        seen.sort();
        seen
    }
}

/// Parses a table from the bytes of a file. `file` names it in messages and picks
/// the format by extension (`.csv`, `.tsv`, `.json`, `.jsonl`, `.ndjson`, each
/// optionally `.gz`); without a known extension the content decides.
pub fn parse_table(file: &str, bytes: &[u8]) -> Result<Table, InputError> {
    parse_table_within(file, bytes, MAX_DECOMPRESSED_BYTES)
}

/// [`parse_table`], refusing a gzip file that decompresses to more than `max`
/// bytes (before they exist: the browser holds less than the command line).
pub fn parse_table_within(file: &str, bytes: &[u8], max: usize) -> Result<Table, InputError> {
    let lower = file.to_ascii_lowercase();
    let (name, decompressed);
    let bytes = if is_gzip(file, bytes) {
        decompressed = gunzip(file, bytes, max)?;
        name = lower.trim_end_matches(".gz").to_owned();
        decompressed.as_slice()
    } else {
        name = lower;
        bytes
    };
    let text = as_text(file, bytes)?;
    let format = detect_format(&name, text);
    let table = match format {
        Format::Csv => parse_delimited(file, text, b','),
        Format::Tsv => parse_delimited(file, text, b'\t').map(projector_labels),
        Format::Json => parse_json_array(file, text),
        Format::JsonLines => parse_json_lines(file, text),
    }?;
    if table.columns.is_empty() {
        return Err(InputError::file(file, "the file has no columns"));
    }
    Ok(table)
}

/// The Embedding Projector's `metadata.tsv` has a header row only when it has more
/// than one column: a one-column TSV is a list of labels, its first line a label
/// too (unless it is the name `label`, `group` or `id`). The column is `label`.
fn projector_labels(mut table: Table) -> Table {
    let [only] = &table.columns[..] else {
        return table;
    };
    if ["label", "group", "id"]
        .iter()
        .any(|n| only.eq_ignore_ascii_case(n))
    {
        return table;
    }
    let first = Cell::Text(only.clone());
    table.rows.insert(0, vec![first]);
    table.lines.insert(0, 1);
    table.columns = vec!["label".to_owned()];
    table
}

/// Whether a file is gzip-compressed: by its `.gz` name or its magic bytes.
pub fn is_gzip(file: &str, bytes: &[u8]) -> bool {
    file.to_ascii_lowercase().ends_with(".gz") || bytes.starts_with(&[0x1f, 0x8b])
}

/// A stream's bytes, decompressed when they are gzip (seen by their magic bytes):
/// a stream is read as it decompresses, so no limit applies. Its read errors say
/// what failed ("cannot decompress this gzip file: …").
pub fn decompressed<'a, R: std::io::BufRead + 'a>(
    mut input: R,
) -> std::io::Result<Box<dyn Read + 'a>> {
    Ok(if input.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        Box::new(Said {
            inner: flate2::bufread::MultiGzDecoder::new(input),
            what: "cannot decompress this gzip file",
        })
    } else {
        Box::new(Said {
            inner: input,
            what: "cannot read this file",
        })
    })
}

/// A reader whose errors say what failed.
struct Said<R> {
    inner: R,
    what: &'static str,
}

impl<R: Read> Read for Said<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.inner
            .read(out)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", self.what)))
    }
}

/// The most bytes a gzip file may decompress to (a small file can expand a
/// thousandfold; past this, memory would run out before parsing began).
pub const MAX_DECOMPRESSED_BYTES: usize = 1_000_000_000;

/// The decompressed bytes of a gzip file (one or more members), refused past
/// `max` bytes.
pub fn gunzip(file: &str, bytes: &[u8], max: usize) -> Result<Vec<u8>, InputError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| InputError::file(file, format!("cannot decompress this gzip file: {e}")))?;
    if out.len() > max {
        return Err(InputError::file(
            file,
            format!(
                "this gzip file decompresses to more than {} MB, more than can be read here",
                thousands((max / 1_000_000) as u64)
            ),
        ));
    }
    Ok(out)
}

/// Checks that the bytes are non-empty UTF-8 text and strips a byte-order mark.
/// Of a NUL byte and a byte that is not UTF-8, the first is reported (as a stream
/// read row by row finds it).
fn as_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::file(file, "the file is empty"));
    }
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text.len(),
        Err(e) => e.valid_up_to(),
    };
    if let Some(offset) = bytes
        .get(..valid)
        .and_then(|b| b.iter().position(|&b| b == 0))
    {
        return Err(not_text(file, line_of(bytes, offset)));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| not_utf8(file, line_of(bytes, valid)))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The error for bytes that are not UTF-8 text.
fn not_utf8(file: &str, line: usize) -> InputError {
    InputError::at(
        file,
        line,
        None,
        "this is not a text file (bytes that are not UTF-8 text)",
    )
}

/// The delimiter of a file named as CSV or TSV (`.csv`, `.tsv`, `.tab`, each
/// optionally `.gz`), which can be read as a stream of rows ([`DelimitedRows`]).
pub fn delimiter_of(file: &str) -> Option<u8> {
    let lower = file.to_ascii_lowercase();
    let name = lower.trim_end_matches(".gz");
    if name.ends_with(".csv") {
        Some(b',')
    } else if name.ends_with(".tsv") || name.ends_with(".tab") {
        Some(b'\t')
    } else {
        None
    }
}

fn detect_format(name: &str, text: &str) -> Format {
    if name.ends_with(".csv") {
        return Format::Csv;
    }
    if name.ends_with(".tsv") || name.ends_with(".tab") {
        return Format::Tsv;
    }
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return Format::JsonLines;
    }
    if name.ends_with(".json") {
        return Format::Json;
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        Format::Json
    } else if trimmed.starts_with('{') {
        Format::JsonLines
    } else if text.lines().next().is_some_and(|l| l.contains('\t')) {
        Format::Tsv
    } else {
        Format::Csv
    }
}

/// 1-based line number of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes.iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

/// A reader that remembers where lines start in what it has passed on, so that a
/// CSV record's byte offset can be turned into its line (the CSV reader's own line
/// count skips blank lines). Holds only the bytes from the last offset asked about
/// onward: a stream is never held whole.
struct LineTracker<R> {
    inner: R,
    /// Bytes read; those before `passed` are behind the last offset asked about,
    /// and `buf[passed..]` start at stream offset `start`.
    buf: Vec<u8>,
    passed: usize,
    start: u64,
    /// The line at `start`.
    line: usize,
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        if self.passed > self.buf.len() / 2 {
            self.buf.drain(..self.passed);
            self.passed = 0;
        }
        self.buf.extend_from_slice(out.get(..n).unwrap_or_default());
        Ok(n)
    }
}

impl<R> LineTracker<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::new(),
            passed: 0,
            start: 0,
            line: 1,
        }
    }

    /// The line of a CSV record starting at byte `offset` (the reader's offset may
    /// point at blank lines before the record, which it skips). Offsets must not
    /// decrease; an earlier one gets the last line counted.
    fn record_line(&mut self, offset: u64) -> usize {
        let pending = self.buf.get(self.passed..).unwrap_or_default();
        let from = usize::try_from(offset.saturating_sub(self.start))
            .unwrap_or(usize::MAX)
            .min(pending.len());
        let skipped = pending
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        let target = from + skipped;
        self.line += pending
            .get(..target)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.passed += target;
        self.start += target as u64;
        self.line
    }
}

fn check_header(file: &str, columns: &[String]) -> Result<(), InputError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        if c.trim().is_empty() {
            return Err(InputError::at_position(
                file,
                1,
                i + 1,
                "the header has an empty column name",
            ));
        }
        if seen.insert(c.to_ascii_lowercase(), i).is_some() {
            return Err(InputError::at(
                file,
                1,
                Some(c),
                "this column name appears twice in the header",
            ));
        }
    }
    Ok(())
}

/// The rows of a CSV or TSV stream, one record at a time, with their lines: what
/// [`parse_table`] collects into a [`Table`], and what the command line builds a
/// data set from without holding the file (see [`crate::input::dataset::DatasetBuilder`]).
pub struct DelimitedRows<R: Read> {
    file: String,
    reader: csv::Reader<LineTracker<R>>,
    columns: Vec<String>,
    record: csv::StringRecord,
}

impl<R: Read> DelimitedRows<R> {
    /// Reads the header of a stream of `delimiter`-separated values.
    pub fn new(file: &str, input: R, delimiter: u8) -> Result<Self, InputError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(LineTracker::new(input));
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                let line = record_line(&mut reader, &e);
                return Err(csv_error(file, line, &e, &[]));
            }
        };
        let columns: Vec<String> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        if columns.len() <= 1 && columns.iter().all(String::is_empty) {
            return Err(InputError::file(file, "the file is empty"));
        }
        if header.as_slice().contains('\0') {
            return Err(not_text(file, 1));
        }
        check_header(file, &columns)?;
        Ok(Self {
            file: file.to_owned(),
            reader,
            columns,
            record: csv::StringRecord::new(),
        })
    }

    /// A table with this stream's header and no rows: enough for the column
    /// roles ([`crate::input::mapping::ColumnMapping::detect`]) and a manifest's renames.
    pub fn header(&self) -> Table {
        Table {
            file: self.file.clone(),
            columns: self.columns.clone(),
            rows: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// The next row and its 1-based line, blank lines skipped; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<(usize, &csv::StringRecord)>, InputError> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                Err(e) => {
                    let line = record_line(&mut self.reader, &e);
                    return Err(csv_error(&self.file, line, &e, &self.columns));
                }
            }
            let offset = self.record.position().map_or(0, csv::Position::byte);
            let line = self.reader.get_mut().record_line(offset);
            if self.record.len() == 1 && self.record.get(0).is_some_and(|v| v.trim().is_empty()) {
                continue; // a blank line
            }
            if self.record.as_slice().contains('\0') {
                return Err(not_text(&self.file, line));
            }
            return Ok(Some((line, &self.record)));
        }
    }
}

/// The error for a file with NUL bytes.
fn not_text(file: &str, line: usize) -> InputError {
    InputError::at(
        file,
        line,
        None,
        "this is not a text file (it contains NUL bytes)",
    )
}

/// The line of the record a CSV error is about (0 when it names none).
fn record_line<R: Read>(reader: &mut csv::Reader<LineTracker<R>>, e: &csv::Error) -> usize {
    let pos = match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, .. } | csv::ErrorKind::Utf8 { pos, .. } => pos,
        _ => &None,
    };
    pos.as_ref()
        .map_or(0, |p| reader.get_mut().record_line(p.byte()))
}

fn parse_delimited(file: &str, text: &str, delimiter: u8) -> Result<Table, InputError> {
    let mut stream = DelimitedRows::new(file, text.as_bytes(), delimiter)?;
    let mut table = stream.header();
    while let Some((line, record)) = stream.next_row()? {
        table.rows.push(
            record
                .iter()
                .map(|v| Cell::from(CellRef::field(Some(v))))
                .collect(),
        );
        table.lines.push(line);
    }
    Ok(table)
}

fn csv_error(file: &str, line: usize, e: &csv::Error, columns: &[String]) -> InputError {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let message = format!("this row has {len} fields but the header has {expected_len}");
            // The first field the header has no column for, or the first column
            // the row has no field for.
            match columns.get(*len as usize).filter(|_| len < expected_len) {
                Some(column) => InputError::at(file, line, Some(column), message),
                None => InputError::at_position(file, line, *expected_len as usize + 1, message),
            }
        }
        csv::ErrorKind::Utf8 { .. } => not_utf8(file, line),
        // A stream's own failure, said by [`decompressed`].
        csv::ErrorKind::Io(e) => InputError::file(file, e.to_string()),
        _ => InputError::file(file, format!("cannot read this file as a table: {e}")),
    }
}

/// Converts one JSON value to a cell; nested objects are refused.
fn json_cell(value: Value) -> Result<Cell, &'static str> {
    Ok(match value {
        Value::Null => Cell::Empty,
        Value::String(s) if s.is_empty() => Cell::Empty,
        Value::String(s) => Cell::Text(s),
        Value::Bool(b) => Cell::Text(b.to_string()),
        Value::Number(n) => Cell::Text(n.to_string()),
        Value::Array(items) => Cell::List(
            items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    Value::Number(n) => Ok(n.to_string()),
                    Value::Bool(b) => Ok(b.to_string()),
                    _ => Err("a list may only hold strings, numbers or booleans"),
                })
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(_) => return Err("a nested object cannot be a cell of the table"),
    })
}

/// Collects JSON objects (with their lines) into a table whose columns are the
/// union of their keys in first-seen order.
struct JsonRows<'a> {
    file: &'a str,
    columns: Vec<String>,
    index: HashMap<String, usize>,
    rows: Vec<Vec<(usize, Cell)>>,
    lines: Vec<usize>,
}

impl<'a> JsonRows<'a> {
    fn new(file: &'a str) -> Self {
        Self {
            file,
            columns: Vec::new(),
            index: HashMap::new(),
            rows: Vec::new(),
            lines: Vec::new(),
        }
    }

    fn push(&mut self, value: Value, line: usize) -> Result<(), InputError> {
        let Value::Object(map) = value else {
            return Err(InputError::at(
                self.file,
                line,
                None,
                "expected a JSON object (one row) here",
            ));
        };
        let mut row = Vec::with_capacity(map.len());
        for (key, value) in map {
            let cell =
                json_cell(value).map_err(|m| InputError::at(self.file, line, Some(&key), m))?;
            let next = self.columns.len();
            let lower = key.to_ascii_lowercase();
            let i = *self.index.entry(lower).or_insert(next);
            if i == next {
                self.columns.push(key);
            }
            row.push((i, cell));
        }
        self.rows.push(row);
        self.lines.push(line);
        Ok(())
    }

    fn finish(self) -> Table {
        let width = self.columns.len();
        let rows = self
            .rows
            .into_iter()
            .map(|cells| {
                let mut row = vec![Cell::Empty; width];
                for (i, cell) in cells {
                    if let Some(slot) = row.get_mut(i) {
                        *slot = cell;
                    }
                }
                row
            })
            .collect();
        Table {
            file: self.file.to_owned(),
            columns: self.columns,
            rows,
            lines: self.lines,
        }
    }
}

/// A JSON file's error: where the text is broken, or what shape was expected.
fn json_syntax_error(file: &str, e: &serde_json::Error) -> InputError {
    if e.is_data() {
        return InputError::file(
            file,
            "a JSON file must be an array of objects (one per row), JSON Lines (one object \
             per line) or a manifest (an object naming its \"annotations\" file)",
        );
    }
    InputError::at_position(
        file,
        e.line().max(1),
        e.column(),
        format!("this is not valid JSON: {}", json_reason(e)),
    )
}

/// serde_json's message without its own "at line L column C" (the location says it).
pub(crate) fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn parse_json_array(file: &str, text: &str) -> Result<Table, InputError> {
    let raw: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|e| json_syntax_error(file, &e))?;
    let mut rows = JsonRows::new(file);
    for item in raw {
        let offset = (item.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let line = line_of(text.as_bytes(), offset);
        let value: Value =
            serde_json::from_str(item.get()).map_err(|e| json_syntax_error(file, &e))?;
        rows.push(value, line)?;
    }
    Ok(rows.finish())
}

fn parse_json_lines(file: &str, text: &str) -> Result<Table, InputError> {
    let mut rows = JsonRows::new(file);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            InputError::at_position(
                file,
                i + 1,
                e.column(),
                format!("this line is not valid JSON: {}", json_reason(&e)),
            )
        })?;
        rows.push(value, i + 1)?;
    }
    Ok(rows.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_column_metadata_tsv_is_a_list_of_labels() {
        let t = parse_table("metadata.tsv", b"man\nwoman\nman\n").unwrap();
        assert_eq!(t.columns, ["label"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.lines, [1, 2, 3]);
        assert_eq!(t.rows[0], [Cell::Text("man".into())]);
        // A named column keeps its header; more columns always have one.
        let named = parse_table("metadata.tsv", b"group\nman\nwoman\n").unwrap();
        assert_eq!((named.columns.len(), named.rows.len()), (1, 2));
        let two = parse_table("metadata.tsv", b"word\tgroup\nnurse\twoman\n").unwrap();
        assert_eq!((two.columns.len(), two.rows.len()), (2, 1));
    }

    #[test]
    fn csv_rows_keep_their_lines() {
        let t = parse_table("a.csv", b"id,group\nx,man\n\ny,woman\n").unwrap();
        assert_eq!(t.columns, vec!["id", "group"]);
        assert_eq!(t.lines, vec![2, 4]);
        assert_eq!(t.rows[1][1], Cell::Text("woman".into()));
    }

    #[test]
    fn ragged_row_names_line_and_column() {
        let e = parse_table("a.csv", b"id,group\nx,man\ny\n").unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert_eq!(e.location.column.as_deref(), Some("group"));
        let e = parse_table("a.csv", b"id,group\nx,man,extra\n").unwrap_err();
        assert_eq!(e.location.line, Some(2));
        assert_eq!(e.location.column, None);
        assert_eq!(e.location.position, Some(3));
        assert!(e.to_string().contains("line 2, column 3:"), "{e}");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(parse_table("a.csv", b"")
            .unwrap_err()
            .message
            .contains("empty"));
        assert!(parse_table("a.csv", b"  \n")
            .unwrap_err()
            .message
            .contains("empty"));
        let e = parse_table("a.csv", b"id\n\xff\xfe\x00").unwrap_err();
        assert!(e.message.contains("not a text file"), "{e}");
        assert_eq!(e.location.line, Some(2));
        let e = parse_table("a.csv", b"id\nab\0c").unwrap_err();
        assert!(e.message.contains("NUL"), "{e}");
    }

    #[test]
    fn duplicate_header_is_refused() {
        let e = parse_table("a.csv", b"id,ID\n1,2\n").unwrap_err();
        assert_eq!(e.location.column.as_deref(), Some("ID"));
    }

    #[test]
    fn json_array_and_lines() {
        let text = b"[\n {\"id\": \"a\", \"attributes\": [\"x\", \"y\"]},\n {\"id\": 2, \"group\": null}\n]";
        let t = parse_table("a.json", text).unwrap();
        assert_eq!(t.columns, vec!["id", "attributes", "group"]);
        assert_eq!(t.lines, vec![2, 3]);
        assert_eq!(t.rows[0][1], Cell::List(vec!["x".into(), "y".into()]));
        assert_eq!(t.rows[1][0], Cell::Text("2".into()));
        assert_eq!(t.rows[1][1], Cell::Empty);
        let t = parse_table("a.jsonl", b"{\"id\": 1}\n\n{\"id\": 2, \"g\": true}\n").unwrap();
        assert_eq!(t.lines, vec![1, 3]);
        let e = parse_table("a.jsonl", b"{\"id\": 1}\n{\"id\": \n").unwrap_err();
        assert_eq!(e.location.line, Some(2));
        let e = parse_table("a.json", b"[{\"id\": 1},\n 3]").unwrap_err();
        assert_eq!(e.location.line, Some(2));
        let e = parse_table("a.json", b"[{\"id\": {\"x\": 1}}]").unwrap_err();
        assert_eq!(e.location.column.as_deref(), Some("id"));
    }

    #[test]
    fn a_gzip_file_that_expands_past_the_limit_is_refused_before_it_is_held() {
        use std::io::Write;
        // 10 MB of one byte compresses to about 10 kB.
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(b"id,group\n").unwrap();
        enc.write_all(&vec![b'1'; 10_000_000]).unwrap();
        let gz = enc.finish().unwrap();
        assert!(gz.len() < 100_000);
        let e = parse_table_within("bomb.csv.gz", &gz, 2_000_000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bomb.csv.gz: this gzip file decompresses to more than 2 MB, more than can be read here"
        );
        // Within the limit it decompresses (and then fails on its own merits).
        let e = parse_table_within("bomb.csv.gz", &gz, 20_000_000).unwrap_err();
        assert!(!e.to_string().contains("decompresses"), "{e}");
    }

    #[test]
    fn gzip_and_sniffing() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"id\tgroup\n1\tman\n").unwrap();
        let gz = enc.finish().unwrap();
        let t = parse_table("data.tsv.gz", &gz).unwrap();
        assert_eq!(t.columns, vec!["id", "group"]);
        let t = parse_table("upload", b"id\tgroup\n1\tman\n").unwrap();
        assert_eq!(t.columns.len(), 2);
        let e = parse_table("x.csv.gz", b"\x1f\x8b\x08garbage").unwrap_err();
        assert!(e.message.contains("gzip"));
    }
}
