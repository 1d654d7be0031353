//! Text from the user shown safely: control characters (an escape sequence
//! in a route id, a bell in a name) never reach a terminal raw and never
//! make an SVG or HTML page invalid. Used by every output that shows names:
//! error messages, tables, charts, the report.

use std::borrow::Cow;

/// `text` with every control character other than a line break or a tab
/// written as a visible escape (`\u{1b}`), so a terminal shows it rather
/// than obeys it. Characters XML 1.0 forbids are all control characters, so
/// the result is also safe in SVG and HTML once `<` and `&` are escaped.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(visible("emc\u{1b}[31m"), "emc\\u{1b}[31m");
        assert_eq!(visible("a\u{7}b\u{85}c"), "a\\u{7}b\\u{85}c");
        assert_eq!(
            visible("Chennai → Vladivostok\tline\nnext"),
            "Chennai → Vladivostok\tline\nnext"
        );
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }
}
