//! Scenario errors that point at the file, line and key, like a compiler's.

use std::fmt;

/// One step of a key path: `routes.emc.legs[1].speed_kn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A key path inside a scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<PathSegment>);

impl KeyPath {
    /// The empty path (the document itself).
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }

    /// This path with a key appended.
    pub fn key(&self, key: &str) -> KeyPath {
        let mut p = self.clone();
        p.0.push(PathSegment::Key(key.to_string()));
        p
    }

    /// This path with an index appended.
    pub fn index(&self, i: usize) -> KeyPath {
        let mut p = self.clone();
        p.0.push(PathSegment::Index(i));
        p
    }

    /// Parses `a.b[2].c` (keys may not contain dots or brackets).
    pub fn parse(text: &str) -> KeyPath {
        let mut segments = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                if open > 0 {
                    segments.push(PathSegment::Key(rest[..open].to_string()));
                }
                rest = &rest[open..];
                while let Some(stripped) = rest.strip_prefix('[') {
                    let close = stripped.find(']').unwrap_or(stripped.len());
                    match stripped[..close].parse() {
                        Ok(i) => segments.push(PathSegment::Index(i)),
                        Err(_) => segments.push(PathSegment::Key(stripped[..close].to_string())),
                    }
                    rest = stripped.get(close + 1..).unwrap_or("");
                }
            } else {
                segments.push(PathSegment::Key(rest.to_string()));
            }
        }
        KeyPath(segments)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for s in &self.0 {
            match s {
                PathSegment::Key(k) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// Where in a file something is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The whole line, for display.
    pub line_text: String,
    /// Width of the marked span on that line, characters (at least 1).
    pub width: usize,
}

impl Location {
    /// The location of byte range `span` in `text`.
    pub fn of(text: &str, span: std::ops::Range<usize>) -> Location {
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_end);
        Location {
            line,
            column,
            line_text: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            width: text[start..end].chars().count().max(1),
        }
    }
}

/// A scenario that cannot be used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The file, as the user named it (or `<built-in …>`).
    pub file: String,
    /// The key at fault, if known.
    pub key: Option<Box<KeyPath>>,
    /// Line and column, if known.
    pub location: Option<Box<Location>>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl ScenarioError {
    /// An error about a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            file: file.into(),
            key: None,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        f.write_str(": ")?;
        if let Some(key) = &self.key
            && !key.0.is_empty()
        {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string().len();
            let (shown, column) = window(&loc.line_text, loc.column);
            write!(f, "\n{:gutter$} |", "")?;
            write!(f, "\n{} | {}", loc.line, shown)?;
            write!(
                f,
                "\n{:gutter$} | {}{}",
                "",
                " ".repeat(column.saturating_sub(1)),
                "^".repeat(loc.width.clamp(1, SHOWN_CHARS))
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// Every error found in a scenario (at least one), in the order of its
/// tables: what `corridor validate` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioErrors {
    first: ScenarioError,
    rest: Vec<ScenarioError>,
}

impl ScenarioErrors {
    /// `first`, then `rest`.
    pub fn new(first: ScenarioError, rest: Vec<ScenarioError>) -> Self {
        ScenarioErrors { first, rest }
    }

    /// The errors, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &ScenarioError> {
        std::iter::once(&self.first).chain(&self.rest)
    }

    /// How many errors.
    pub fn len(&self) -> usize {
        1 + self.rest.len()
    }

    /// Never: there is always a first error.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The first error found (what `corridor run` reports).
    pub fn into_first(self) -> ScenarioError {
        self.first
    }
}

impl From<ScenarioError> for ScenarioErrors {
    fn from(first: ScenarioError) -> Self {
        ScenarioErrors::new(first, Vec::new())
    }
}

/// One error reads as a [`ScenarioError`]; more follow each other with the
/// `error: ` the binary puts before the first, and end with their count.
impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first)?;
        for e in &self.rest {
            write!(f, "\n\nerror: {e}")?;
        }
        if !self.rest.is_empty() {
            write!(f, "\n\n{} errors", self.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// Longest part of a line shown under an error, characters.
const SHOWN_CHARS: usize = 100;

/// At most [`SHOWN_CHARS`] characters of `line` around the 1-based `column`
/// (with `…` where it was cut), and that column within what is shown: a
/// generated one-line file must not flood the terminal.
fn window(line: &str, column: usize) -> (String, usize) {
    let n = line.chars().count();
    if n <= SHOWN_CHARS {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(1 + SHOWN_CHARS / 2)
        .min(n - SHOWN_CHARS);
    let mut shown: String = line.chars().skip(start).take(SHOWN_CHARS).collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + SHOWN_CHARS < n {
        shown.push('…');
    }
    (shown, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_round_trip() {
        for text in ["routes.emc.legs[1].speed_kn", "a[0][2].b", "seed"] {
            assert_eq!(KeyPath::parse(text).to_string(), text);
        }
    }

    #[test]
    fn shows_the_line_with_a_marker_under_the_span() {
        let text = "seed = 1\nspeed_kn = -3\n";
        let start = text.find("speed_kn").unwrap();
        let e = ScenarioError {
            file: "x.toml".into(),
            key: Some(Box::new(KeyPath::parse("speed_kn"))),
            location: Some(Box::new(Location::of(text, start..start + 8))),
            message: "must be greater than 0".into(),
            hint: Some("use a positive speed".into()),
        };
        let shown = e.to_string();
        assert!(
            shown.starts_with("x.toml:2:1: `speed_kn`: must be greater than 0"),
            "{shown}"
        );
        assert!(shown.contains("2 | speed_kn = -3\n  | ^^^^^^^^"), "{shown}");
        assert!(shown.ends_with("hint: use a positive speed"));
    }

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let text = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        let start = 4 + 3000;
        let e = ScenarioError {
            file: "deep.toml".into(),
            key: None,
            location: Some(Box::new(Location::of(&text, start..start + 1))),
            message: "nested".into(),
            hint: None,
        };
        let shown = e.to_string();
        assert!(shown.starts_with("deep.toml:1:3005: nested"), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[2].chars().count() < 120, "{}", lines[2]);
        assert!(lines[2].starts_with("1 | …[[[") && lines[2].ends_with('…'));
        // The marker still sits under the character at fault.
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[2].chars().nth(caret), Some('['));
        assert_eq!(caret, "1 | …".chars().count() + SHOWN_CHARS / 2);
    }
}
