//! Reading scenario files in layers and finding where a key was written.
//!
//! A scenario is the merge of, from bottom to top: the built-in library of
//! sourced defaults (`library.toml`), each file its `extends` chain names
//! (the most distant ancestor first), and the file itself. Tables merge key
//! by key; any other value (numbers, strings, arrays) is replaced whole. For
//! every key the merge remembers which layer set it, so an error about a key
//! points at the line of the file that wrote it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::error::{KeyPath, Location, PathSegment, ScenarioError};

/// The built-in library of defaults, with a source for every number.
pub const LIBRARY: &str = include_str!("library.toml");

/// Scenarios compiled into the binary, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("baseline", include_str!("../../scenarios/baseline.toml")),
    ("instc", include_str!("../../scenarios/instc.toml")),
    (
        "red-sea-crisis",
        include_str!("../../scenarios/red-sea-crisis.toml"),
    ),
    (
        "suez-blockage",
        include_str!("../../scenarios/suez-blockage.toml"),
    ),
    (
        "vladivostok-congestion",
        include_str!("../../scenarios/vladivostok-congestion.toml"),
    ),
    (
        "rasht-astara-rail",
        include_str!("../../scenarios/rasht-astara-rail.toml"),
    ),
    (
        "fuel-shock",
        include_str!("../../scenarios/fuel-shock.toml"),
    ),
    ("seasonal", include_str!("../../scenarios/seasonal.toml")),
    (
        "comcec-2017",
        include_str!("../../scenarios/comcec-2017.toml"),
    ),
    (
        "hormuz-closure",
        include_str!("../../scenarios/hormuz-closure.toml"),
    ),
    (
        "astara-closure",
        include_str!("../../scenarios/astara-closure.toml"),
    ),
    (
        "vladivostok-typhoon",
        include_str!("../../scenarios/vladivostok-typhoon.toml"),
    ),
    (
        "random-disruptions",
        include_str!("../../scenarios/random-disruptions.toml"),
    ),
];

/// Largest scenario file read, bytes: far above any real scenario, far below
/// what could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Deepest nesting of tables and arrays accepted.
pub const MAX_NESTING: usize = 32;

/// Longest `extends` chain.
const MAX_EXTENDS: usize = 16;

/// One layer's text.
#[derive(Debug, Clone)]
pub struct Source {
    /// As shown in messages: the path as given, or `<built-in NAME>`.
    pub name: String,
    /// The file on disk, if any.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: String,
}

/// A scenario's layers, merged.
#[derive(Debug, Clone)]
pub struct Layers {
    /// Library first, the scenario file last.
    pub sources: Vec<Source>,
    /// The merged document.
    pub merged: toml::Table,
    /// Which layer set each key path (as text), for error locations. Sorted,
    /// so the keys below a path are one range.
    origin: BTreeMap<String, usize>,
}

impl Layers {
    /// The layer that set `path` (or its nearest recorded parent).
    pub fn origin_of(&self, path: &KeyPath) -> usize {
        let mut p = path.clone();
        loop {
            if let Some(&i) = self.origin.get(&p.to_string()) {
                return i;
            }
            if p.0.pop().is_none() {
                return self.sources.len() - 1;
            }
        }
    }

    /// Of several keys that together fail a check (a queue that cannot
    /// clear depends on arrivals, service time and lanes), the one set by
    /// the highest layer: the user's change that broke it rather than the
    /// library's line. Ties go to the first listed.
    pub fn latest(&self, paths: &[KeyPath]) -> KeyPath {
        let mut best: Option<(&KeyPath, usize)> = None;
        for path in paths {
            let layer = self.exact_origin(path);
            if best.is_none_or(|(_, b)| layer > b) {
                best = Some((path, layer));
            }
        }
        best.map(|(p, _)| p.clone()).unwrap_or_default()
    }

    /// The layer that set exactly `path`, or 0 (the library) when no layer
    /// wrote it, so an unwritten key never outranks a written one.
    fn exact_origin(&self, path: &KeyPath) -> usize {
        self.origin.get(&path.to_string()).copied().unwrap_or(0)
    }

    /// An error about `path`, located in the layer that set it.
    pub fn error_at(&self, path: &KeyPath, message: impl Into<String>) -> ScenarioError {
        let source = &self.sources[self.origin_of(path)];
        ScenarioError {
            file: source.name.clone(),
            key: Some(Box::new(path.clone())),
            location: locate(&source.text, path)
                .map(|span| Box::new(Location::of(&source.text, span))),
            message: message.into(),
            hint: None,
        }
    }

    /// The file the user named (the top layer read from a file or a
    /// built-in scenario; command-line overrides sit above it).
    pub fn top(&self) -> &Source {
        self.sources
            .iter()
            .rev()
            .find(|s| s.name != super::overrides::LAYER_NAME)
            .expect("at least the library and one file")
    }

    /// Puts command-line overrides on top, as one more layer: each value
    /// replaces what the layers below said at its key.
    pub fn apply_overrides(
        &mut self,
        overrides: &super::overrides::Overrides,
    ) -> Result<(), ScenarioError> {
        if overrides.is_empty() {
            return Ok(());
        }
        let layer = self.sources.len();
        self.sources.push(Source {
            name: super::overrides::LAYER_NAME.to_string(),
            path: None,
            text: overrides.text(),
        });
        for o in overrides.entries() {
            let source = &self.sources[layer];
            if o.key.0.first() == Some(&PathSegment::Key("extends".to_string())) {
                return Err(at(source, &o.key, "cannot be set from the command line")
                    .with_hint("name the scenario to extend as the SCENARIO argument instead"));
            }
            super::overrides::set_in(&mut self.merged, &o.key, o.value.clone())
                .map_err(|message| at(source, &o.key, message))?;
            // What lower layers said below this key no longer applies.
            let here = o.key.to_string();
            forget_below(&mut self.origin, &here);
            self.origin.insert(here, layer);
            // As when a file writes a key, the tables on its way were last
            // written by this layer too.
            let mut parent = o.key.clone();
            while parent.0.pop().is_some() && !parent.0.is_empty() {
                self.origin.insert(parent.to_string(), layer);
            }
            record_all(&o.value, layer, &o.key, &mut self.origin);
        }
        Ok(())
    }
}

/// Where a scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioRef {
    /// A file on disk.
    File(PathBuf),
    /// A scenario compiled into the binary.
    BuiltIn(&'static str),
}

impl ScenarioRef {
    /// What a command-line argument names. A bare word (no folder separator,
    /// no `.toml`) that is the name of a built-in scenario always means the
    /// built-in: a file or folder of that name in the current folder does
    /// not hide it (write `./baseline` for the file). Anything else is a
    /// path; a path that does not exist fails when it is read, with a
    /// did-you-mean among the built-in scenarios.
    pub fn resolve(arg: &str) -> ScenarioRef {
        let bare = !arg.contains(['/', '\\']) && !arg.ends_with(".toml");
        if bare && let Some((name, _)) = BUILT_IN.iter().find(|(name, _)| *name == arg) {
            return ScenarioRef::BuiltIn(name);
        }
        ScenarioRef::File(PathBuf::from(arg))
    }
}

/// The names of the built-in scenarios, for messages.
pub fn built_in_names() -> Vec<&'static str> {
    BUILT_IN.iter().map(|(n, _)| *n).collect()
}

/// The hint for a scenario file that does not exist: the built-in scenario
/// it may have meant, and the list of them.
fn missing_file_hint(path: &Path) -> String {
    let stem = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".toml").unwrap_or(&stem);
    let names = built_in_names();
    if names.contains(&stem) {
        return format!(
            "`{stem}` is also a built-in scenario: `corridor run {stem}` runs it; built-in scenarios: {}",
            names.join(", ")
        );
    }
    let closest = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(n, stem), *n))
        .min()
        .filter(|(d, n)| *d <= 2.max(n.len() / 4));
    let list = format!(
        "built-in scenarios: {}; `corridor new NAME` writes a starter scenario",
        names.join(", ")
    );
    match closest {
        Some((_, n)) => format!("did you mean the built-in scenario `{n}`? {list}"),
        None => list,
    }
}

/// Reads a scenario and its `extends` chain and merges them over the library.
pub fn load_layers(scenario: &ScenarioRef) -> Result<Layers, ScenarioError> {
    let top = read_source(scenario)?;
    // The folder that `extends` may not leave.
    let home = match scenario {
        ScenarioRef::File(p) => p
            .parent()
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
            })
            .and_then(|d| d.canonicalize().ok()),
        ScenarioRef::BuiltIn(_) => None,
    };
    layer_chain(top, home.as_deref())
}

/// Merges scenario text held in memory (named `name` in messages) over the
/// library. It is not a file, so its `extends` may name built-in scenarios
/// only: nothing is read from disk.
pub fn layers_from_str(name: &str, text: &str) -> Result<Layers, ScenarioError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(ScenarioError::file(
            name,
            format!(
                "is {} bytes; scenario files are at most {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        ));
    }
    let top = Source {
        name: name.to_string(),
        path: None,
        text: text.to_string(),
    };
    layer_chain(top, None)
}

/// Follows `top`'s `extends` chain (never leaving `home`) and merges it all
/// over the library.
fn layer_chain(top: Source, home: Option<&Path>) -> Result<Layers, ScenarioError> {
    if top.text.trim().is_empty() {
        return Err(ScenarioError::file(&top.name, "is empty").with_hint(
            "a scenario needs at least a `name` and one [routes.<id>] table, or `extends` and a `name`",
        ));
    }
    let mut chain = vec![top];
    let mut tables = vec![parse(&chain[0])?];
    loop {
        let (current, table) = (
            chain.last().expect("non-empty"),
            tables.last().expect("non-empty"),
        );
        let Some(value) = table.get("extends") else {
            break;
        };
        let parent_name = value.as_str().ok_or_else(|| {
            at(
                current,
                &KeyPath::parse("extends"),
                "must be a string: the file or built-in scenario to extend",
            )
        })?;
        if chain.len() > MAX_EXTENDS {
            return Err(at(
                current,
                &KeyPath::parse("extends"),
                "the `extends` chain is too long",
            )
            .with_hint(format!("at most {MAX_EXTENDS} levels are followed")));
        }
        let parent = resolve_parent(current, parent_name, home)
            .map_err(|message| at(current, &KeyPath::parse("extends"), message))?;
        let source = read_source(&parent).map_err(|mut e| {
            e.hint = Some(format!("named by `extends` in {}", current.name));
            e
        })?;
        if chain
            .iter()
            .any(|s| s.name == source.name || (s.path.is_some() && s.path == source.path))
        {
            let cycle: Vec<&str> = chain
                .iter()
                .map(|s| s.name.as_str())
                .chain([source.name.as_str()])
                .collect();
            return Err(at(
                current,
                &KeyPath::parse("extends"),
                "`extends` forms a cycle",
            )
            .with_hint(cycle.join(" → ")));
        }
        tables.push(parse(&source)?);
        chain.push(source);
    }
    let library = Source {
        name: "<built-in library>".into(),
        path: None,
        text: LIBRARY.to_string(),
    };
    let library_table = parse(&library)?;
    let mut sources = vec![library];
    let mut merged = toml::Table::new();
    let mut origin = BTreeMap::new();
    merge(&mut merged, library_table, 0, &KeyPath::root(), &mut origin);
    for (i, (source, table)) in chain
        .into_iter()
        .rev()
        .zip(tables.into_iter().rev())
        .enumerate()
    {
        merge(&mut merged, table, i + 1, &KeyPath::root(), &mut origin);
        sources.push(source);
    }
    // `extends` has done its work; it is not a model parameter.
    merged.remove("extends");
    Ok(Layers {
        sources,
        merged,
        origin,
    })
}

fn at(source: &Source, path: &KeyPath, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        file: source.name.clone(),
        key: Some(Box::new(path.clone())),
        location: locate(&source.text, path).map(|s| Box::new(Location::of(&source.text, s))),
        message: message.into(),
        hint: None,
    }
}

fn resolve_parent(
    current: &Source,
    name: &str,
    home: Option<&Path>,
) -> Result<ScenarioRef, String> {
    let Some(current_path) = &current.path else {
        // Built-in scenarios extend built-in scenarios only.
        let stem = name.strip_suffix(".toml").unwrap_or(name);
        return BUILT_IN
            .iter()
            .find(|(n, _)| *n == stem)
            .map(|(n, _)| ScenarioRef::BuiltIn(n))
            .ok_or_else(|| {
                let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                format!(
                    "no built-in scenario named `{name}` (a scenario not read from a file may extend only these: {})",
                    names.join(", ")
                )
            });
    };
    let dir = current_path.parent().unwrap_or(Path::new("."));
    let candidate = dir.join(name);
    let candidate = if candidate.exists() || name.ends_with(".toml") {
        candidate
    } else {
        dir.join(format!("{name}.toml"))
    };
    if candidate.exists() {
        let canonical = candidate
            .canonicalize()
            .map_err(|e| format!("cannot read `{}`: {e}", candidate.display()))?;
        if let Some(home) = home
            && !canonical.starts_with(home)
        {
            return Err(format!(
                "`{name}` is outside the scenario's folder ({}); a scenario may only extend files beside it or below it",
                home.display()
            ));
        }
        return Ok(ScenarioRef::File(candidate));
    }
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    if let Some((n, _)) = BUILT_IN.iter().find(|(n, _)| *n == stem) {
        return Ok(ScenarioRef::BuiltIn(n));
    }
    Err(format!(
        "no file `{}` and no built-in scenario named `{name}`",
        candidate.display()
    ))
}

fn read_source(scenario: &ScenarioRef) -> Result<Source, ScenarioError> {
    match scenario {
        ScenarioRef::BuiltIn(name) => {
            let text = BUILT_IN
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.to_string())
                .expect("built-in names come from BUILT_IN");
            Ok(Source {
                name: format!("<built-in {name}>"),
                path: None,
                text,
            })
        }
        ScenarioRef::File(path) => {
            let name = path.display().to_string();
            let text = read_bounded(path, &name)?;
            Ok(Source {
                name,
                path: Some(path.clone()),
                text,
            })
        }
    }
}

/// Reads a scenario file of at most [`MAX_FILE_BYTES`]. Only regular files
/// are opened: a FIFO would block the open for ever and a device such as
/// `/dev/zero` reports a size of 0 while never ending, so the kind is checked
/// before opening, checked again on the open handle (the path could have
/// been swapped in between), and the read itself stops one byte past the
/// limit whatever the file system said about the size.
fn read_bounded(path: &Path, name: &str) -> Result<String, ScenarioError> {
    use std::io::Read;
    let too_large = |bytes: String| {
        ScenarioError::file(
            name,
            format!("is {bytes} bytes; scenario files are at most {MAX_FILE_BYTES} bytes"),
        )
        .with_hint("is this really a scenario? Large inputs belong in data files, not scenarios")
    };
    let not_regular = |kind: &str| {
        ScenarioError::file(
            name,
            format!("is {kind}, not a regular file; scenarios are read from regular files only"),
        )
        .with_hint("name a .toml file (a FIFO, a device or a socket is never read)")
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            missing_file_hint(path)
        } else {
            "check the path and its permissions".to_string()
        };
        ScenarioError::file(name, format!("cannot read the scenario: {e}")).with_hint(hint)
    })?;
    if meta.is_dir() {
        return Err(
            ScenarioError::file(name, "is a folder, not a scenario file")
                .with_hint("name a .toml file inside it"),
        );
    }
    if !meta.is_file() {
        return Err(not_regular(file_kind(&meta)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len().to_string()));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| ScenarioError::file(name, format!("cannot read the scenario: {e}")))?;
    let handle_meta = file
        .metadata()
        .map_err(|e| ScenarioError::file(name, format!("cannot read the scenario: {e}")))?;
    if !handle_meta.is_file() {
        return Err(not_regular(file_kind(&handle_meta)));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ScenarioError::file(name, format!("cannot read the scenario: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(format!("more than {MAX_FILE_BYTES}")));
    }
    String::from_utf8(bytes).map_err(|e| {
        ScenarioError::file(
            name,
            format!(
                "is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_hint("scenario files are TOML text")
    })
}

/// What a file that is not a regular file or a folder is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// Rejects pathological nesting before the parser sees it: a deeply nested
/// document could exhaust the stack of a recursive parser.
fn check_nesting(source: &Source) -> Result<(), ScenarioError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, None::<char>, false);
    for (offset, c) in source.text.char_indices() {
        match in_string {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q || c == '\n' {
                    in_string = None;
                }
            }
            None => match c {
                '"' | '\'' => in_string = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(ScenarioError {
                            file: source.name.clone(),
                            key: None,
                            location: Some(Box::new(Location::of(&source.text, offset..offset + 1))),
                            message: format!("tables and arrays are nested more than {MAX_NESTING} deep"),
                            hint: Some("scenarios need only a few levels; is this file generated by mistake?".into()),
                        });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                '#' => {}
                _ => {}
            },
        }
    }
    Ok(())
}

fn parse(source: &Source) -> Result<toml::Table, ScenarioError> {
    check_nesting(source)?;
    source.text.parse::<toml::Table>().map_err(|e| {
        let location = e
            .span()
            .map(|span| Box::new(Location::of(&source.text, span)));
        ScenarioError {
            file: source.name.clone(),
            key: None,
            location,
            message: format!("is not valid TOML: {}", e.message().trim()),
            hint: Some("see https://toml.io for the syntax".into()),
        }
    })
}

fn merge(
    base: &mut toml::Table,
    over: toml::Table,
    layer: usize,
    path: &KeyPath,
    origin: &mut BTreeMap<String, usize>,
) {
    for (key, value) in over {
        let here = path.key(&key);
        origin.insert(here.to_string(), layer);
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => {
                merge(b, o, layer, &here, origin)
            }
            (_, value) => {
                // Replaced whole: what lower layers said below it is gone.
                forget_below(origin, &here.to_string());
                record_all(&value, layer, &here, origin);
                base.insert(key, value);
            }
        }
    }
}

/// Forgets which layer set each key below `here` (`here.…`): a value that
/// replaces a table whole leaves nothing of what lower layers said inside
/// it. Removing that range, rather than scanning every key, keeps a file of
/// many keys from taking quadratic time.
fn forget_below(origin: &mut BTreeMap<String, usize>, here: &str) {
    let prefix = format!("{here}.");
    let below: Vec<String> = origin
        .range(prefix.clone()..)
        .map(|(k, _)| k)
        .take_while(|k| k.starts_with(&prefix))
        .cloned()
        .collect();
    for k in below {
        origin.remove(&k);
    }
}

fn record_all(
    value: &toml::Value,
    layer: usize,
    path: &KeyPath,
    origin: &mut BTreeMap<String, usize>,
) {
    if let toml::Value::Table(t) = value {
        for (k, v) in t {
            let here = path.key(k);
            origin.insert(here.to_string(), layer);
            record_all(v, layer, &here, origin);
        }
    }
}

/// The byte span of the deepest part of `path` found in `text`: the key if
/// the path ends at a key, the element if it ends at an array index.
pub fn locate(text: &str, path: &KeyPath) -> Option<Range<usize>> {
    let doc = DeTable::parse(text).ok()?;
    let mut table: &DeTable<'_> = doc.get_ref();
    let mut best = None;
    let mut segments = path.0.iter().peekable();
    let mut value: Option<&DeValue<'_>> = None;
    while let Some(segment) = segments.next() {
        match (segment, value) {
            (PathSegment::Key(k), None) => {
                let Some((key, v)) = table
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                else {
                    break;
                };
                best = Some(key.span());
                value = Some(v.get_ref());
                if segments.peek().is_some()
                    && let DeValue::Table(t) = v.get_ref()
                {
                    table = t;
                    value = None;
                }
            }
            (PathSegment::Index(i), Some(DeValue::Array(items))) => {
                let Some(item) = items.get(*i) else { break };
                best = Some(item.span());
                value = Some(item.get_ref());
                if let DeValue::Table(t) = item.get_ref() {
                    table = t;
                    value = None;
                }
            }
            _ => break,
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_in_nested_tables_and_arrays_of_tables() {
        let text = "seed = 1\n[routes.emc]\nname = \"x\"\n[[routes.emc.legs]]\nkind = \"dwell\"\n[[routes.emc.legs]]\nkind = \"sea\"\nspeed_kn = -3\n";
        let span = locate(text, &KeyPath::parse("routes.emc.legs[1].speed_kn")).unwrap();
        assert_eq!(&text[span.clone()], "speed_kn");
        assert_eq!(Location::of(text, span).line, 8);
        let span = locate(text, &KeyPath::parse("routes.emc.name")).unwrap();
        assert_eq!(Location::of(text, span).line, 3);
        // A key that is not there falls back to its deepest parent.
        let span = locate(text, &KeyPath::parse("routes.emc.nope")).unwrap();
        assert_eq!(&text[span], "emc");
    }

    #[test]
    fn inline_arrays_locate_their_elements() {
        let text = "legs = [\n  { kind = \"dwell\" },\n  { kind = \"sea\", to = \"XXX\" },\n]\n";
        let span = locate(text, &KeyPath::parse("legs[1].to")).unwrap();
        assert_eq!(&text[span.clone()], "to");
        assert_eq!(Location::of(text, span).line, 3);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!("x = {}1{}", "[".repeat(100), "]".repeat(100));
        let source = Source {
            name: "deep.toml".into(),
            path: None,
            text,
        };
        let e = parse(&source).unwrap_err();
        assert!(e.message.contains("nested"), "{e}");
    }
}
