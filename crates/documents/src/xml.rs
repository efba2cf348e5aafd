//! Reading the XML parts of a Word file as a stream of events named by their local names (`w:p` →
//! `p`).
//!
//! A scanner of its own over the part's bytes: Word's parts are machine-written XML, and what the
//! reader needs is tags, a few attribute values and the text between tags. It finds each `<` with
//! `memchr`, checks that end tags match their start tags (a damaged part is named, not half read),
//! and decodes the five entities and character references. A general XML parser validated every tag
//! name as UTF-8 again and cost four times as much on a report's 120 KB `document.xml`.
//!
//! The reader may skip an element it has no use for ([`Flow::Skip`], e.g. a run's properties, half
//! of a report's markup): its content is passed with `memchr` from `<` to `<`, reading only the
//! tags of its own name (it may hold itself, as `w:rPr` in `w:rPrChange` does) and comments, CDATA
//! sections and processing instructions whole. Tags of other names in it are not checked, but a
//! part that ends inside it is still named.

use memchr::{memchr, memmem};

use crate::ReadError;

/// A start tag: its attributes' source text (`w:val="restart" w:x='1'`), read on demand by
/// [`attr`].
pub(crate) struct Tag<'a> {
    attributes: &'a [u8],
}

/// One event of an XML part, with the element's local name.
pub(crate) enum Xml<'a> {
    Start(&'a Tag<'a>, &'a [u8]),
    /// An element with no content (`<w:br/>`): a start and its end at once.
    Empty(&'a Tag<'a>, &'a [u8]),
    End(&'a [u8]),
    Text(&'a str),
}

/// What the reader of a part wants after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// The next event.
    Next,
    /// After a start tag: no events for the element's content and end tag (after any other event,
    /// the same as `Next`).
    Skip,
    /// No more events: the part is read no further.
    Stop,
}

/// Calls `each` on every event of `part` (`name` is the part's name, for the error), in order.
pub(crate) fn events(
    name: &str,
    part: &str,
    mut each: impl FnMut(Xml<'_>),
) -> Result<(), ReadError> {
    events_while(name, part, |e| {
        each(e);
        Flow::Next
    })
}

/// Calls `each` on the events of `part` in order, skipping the elements and stopping where it says.
pub(crate) fn events_while(
    name: &str,
    part: &str,
    mut each: impl FnMut(Xml<'_>) -> Flow,
) -> Result<(), ReadError> {
    let bytes = part.as_bytes();
    let corrupt = |what: &str, at: usize| {
        ReadError::Corrupt(format!("{name}: malformed XML at byte {at}: {what}"))
    };
    // The names of the open elements, as ranges of `part`.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut text = String::new();
    let mut at = 0;
    while at < bytes.len() {
        // Word writes most tags right after the one before: no search for those.
        let lt = if bytes[at] == b'<' {
            at
        } else if let Some(i) = memchr(b'<', &bytes[at..]) {
            at + i
        } else {
            if !open.is_empty() {
                return Err(corrupt("the part ends inside an element", bytes.len()));
            }
            break;
        };
        if lt > at && !open.is_empty() {
            if let Some(t) = decode_text(&part[at..lt], &mut text) {
                if each(Xml::Text(t)) == Flow::Stop {
                    return Ok(());
                }
            }
        }
        let rest = &bytes[lt..];
        match rest.get(1) {
            Some(b'/') => {
                let end_tag = &rest[2..];
                let open_name = open.last().map(|&(start, len)| &bytes[start..start + len]);
                let gt = match open_name {
                    // The common case, the open element's name and `>` (`</w:p>`), needs no search.
                    Some(n) if end_tag.get(n.len()) == Some(&b'>') && end_tag.starts_with(n) => {
                        n.len()
                    }
                    _ => {
                        let gt = memchr(b'>', end_tag)
                            .ok_or_else(|| corrupt("an unclosed end tag", lt))?;
                        match open_name {
                            None => return Err(corrupt("an end tag with no start tag", lt)),
                            Some(n) if n != trim_ascii(&end_tag[..gt]) => {
                                return Err(corrupt(
                                    "an end tag that does not match its start tag",
                                    lt,
                                ))
                            }
                            Some(_) => gt,
                        }
                    }
                };
                open.pop();
                if let Some(n) = open_name {
                    if each(Xml::End(local(n))) == Flow::Stop {
                        return Ok(());
                    }
                }
                at = lt + 2 + gt + 1;
            }
            Some(b'?') => {
                at = lt + find(rest, b"?>").ok_or_else(|| corrupt("an unclosed <?", lt))? + 2;
            }
            Some(b'!') if rest.starts_with(b"<!--") => {
                at = lt
                    + 4
                    + find(&rest[4..], b"-->").ok_or_else(|| corrupt("an unclosed comment", lt))?
                    + 3;
            }
            Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                let end = 9 + find(&rest[9..], b"]]>")
                    .ok_or_else(|| corrupt("an unclosed CDATA section", lt))?;
                if !open.is_empty()
                    && end > 9
                    && each(Xml::Text(&part[lt + 9..lt + end])) == Flow::Stop
                {
                    return Ok(());
                }
                at = lt + end + 3;
            }
            Some(b'!') => {
                // A document type declaration, with or without an internal subset.
                let end = match (memchr(b'[', rest), memchr(b'>', rest)) {
                    (Some(open_bracket), Some(gt)) if open_bracket < gt => {
                        find(rest, b"]>").map(|e| e + 1)
                    }
                    (_, gt) => gt,
                };
                at = lt + end.ok_or_else(|| corrupt("an unclosed <!", lt))? + 1;
            }
            _ => {
                let name_len = rest[1..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
                    .unwrap_or(rest.len() - 1);
                if name_len == 0 {
                    return Err(corrupt("a tag with no name", lt));
                }
                // From the name on: a quote in the name (malformed) starts a quoted value.
                let gt = tag_end(rest, 1).ok_or_else(|| corrupt("an unclosed tag", lt))?;
                let empty = rest[gt - 1] == b'/' && gt > name_len + 1;
                let attributes_end = if empty { gt - 1 } else { gt };
                let tag = Tag {
                    attributes: &rest[1 + name_len..attributes_end.max(1 + name_len)],
                };
                let qualified = &rest[1..1 + name_len];
                at = lt + gt + 1;
                if empty {
                    if each(Xml::Empty(&tag, local(qualified))) == Flow::Stop {
                        return Ok(());
                    }
                } else {
                    match each(Xml::Start(&tag, local(qualified))) {
                        Flow::Next => open.push((lt + 1, name_len)),
                        Flow::Skip => {
                            at = skip_content(bytes, at, qualified)
                                .map_err(|(what, at)| corrupt(what, at))?;
                        }
                        Flow::Stop => return Ok(()),
                    }
                }
            }
        }
    }
    if !open.is_empty() {
        return Err(corrupt("the part ends inside an element", bytes.len()));
    }
    Ok(())
}

/// The offset just past the end tag of the element named `name` (as written, `w:rPr`) whose content
/// starts at `from`, or what is wrong and where. Only `<` are looked for: the tags of other names,
/// their attributes and the text between them are passed unread.
fn skip_content(bytes: &[u8], from: usize, name: &[u8]) -> Result<usize, (&'static str, usize)> {
    // How many elements of this name are open (it may hold itself).
    let mut depth = 1;
    let mut at = from;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        let lt = at + i;
        let rest = &bytes[lt..];
        at = match rest.get(1) {
            Some(b'/') if names(&rest[2..], name) => {
                let gt = memchr(b'>', rest).ok_or(("an unclosed end tag", lt))?;
                if trim_ascii(&rest[2..gt]) != name {
                    return Err(("an end tag that does not match its start tag", lt));
                }
                depth -= 1;
                if depth == 0 {
                    return Ok(lt + gt + 1);
                }
                lt + gt + 1
            }
            Some(b'!') if rest.starts_with(b"<!--") => {
                lt + 4 + find(&rest[4..], b"-->").ok_or(("an unclosed comment", lt))? + 3
            }
            Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                lt + 9 + find(&rest[9..], b"]]>").ok_or(("an unclosed CDATA section", lt))? + 3
            }
            Some(b'?') => lt + find(rest, b"?>").ok_or(("an unclosed <?", lt))? + 2,
            Some(_) if names(&rest[1..], name) => {
                let gt = tag_end(rest, 1).ok_or(("an unclosed tag", lt))?;
                if rest[gt - 1] != b'/' {
                    depth += 1;
                }
                lt + gt + 1
            }
            _ => lt + 1,
        };
    }
    Err(("the part ends inside an element", bytes.len()))
}

/// Whether `tag` (the bytes after `<` or `</`) is of the element named `name`.
fn names(tag: &[u8], name: &[u8]) -> bool {
    // The byte after the name first: it tells most other names apart without comparing them.
    tag.get(name.len())
        .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        && tag.starts_with(name)
}

/// The offset of the `>` that ends the tag starting `tag`, looked for from `from` on, past any `>`
/// inside a quoted attribute value. Attribute names and values are a few bytes: a plain loop over
/// them.
fn tag_end(tag: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += tag[at..]
            .iter()
            .position(|&b| matches!(b, b'>' | b'"' | b'\''))?;
        let quote = tag[at];
        if quote == b'>' {
            return Some(at);
        }
        at += 1 + tag[at + 1..].iter().position(|&b| b == quote)? + 1;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memmem::find(haystack, needle)
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// The local part of a qualified name (`w:tbl` → `tbl`).
fn local(name: &[u8]) -> &[u8] {
    // Names are a few bytes long: a plain loop beats a call to memchr.
    name.iter()
        .position(|&b| b == b':')
        .map_or(name, |i| &name[i + 1..])
}

/// The text with its entities and character references decoded (in `buf` when it has any).
fn decode_text<'a>(raw: &'a str, buf: &'a mut String) -> Option<&'a str> {
    if raw.is_empty() {
        return None;
    }
    if memchr(b'&', raw.as_bytes()).is_none() {
        return Some(raw);
    }
    buf.clear();
    unescape_into(raw, buf);
    Some(buf.as_str())
}

/// Appends `raw` with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and `&#…;` decoded; anything else
/// is kept.
fn unescape_into(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = memchr(b';', &after.as_bytes()[..after.len().min(12)]);
        let decoded = semi.and_then(|semi| {
            let entity = &after[..semi];
            let c = match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let value = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(value)?
                }
            };
            Some((c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The value of the attribute whose local name is `local` (`w:val` → `val`), unescaped.
pub(crate) fn attr(tag: &Tag<'_>, local_name: &[u8]) -> Option<String> {
    let b = tag.attributes;
    let mut at = 0;
    loop {
        let eq = at + memchr(b'=', &b[at..])?;
        let name = trim_ascii(&b[at..eq]);
        let open = eq + 1 + b[eq + 1..].iter().position(|c| !c.is_ascii_whitespace())?;
        let quote = b[open];
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = open + 1 + memchr(quote, &b[open + 1..])?;
        if local(name) == local_name {
            let mut value = String::new();
            // The value is cut at ASCII quotes from UTF-8 text: it is UTF-8.
            let raw = std::str::from_utf8(&b[open + 1..close]).ok()?;
            unescape_into(raw, &mut value);
            return Some(value);
        }
        at = close + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(part: &str) -> Result<Vec<String>, ReadError> {
        trace_skipping(part, &[])
    }

    /// The events of `part`, the elements of the local names `skipped` skipped.
    fn trace_skipping(part: &str, skipped: &[&[u8]]) -> Result<Vec<String>, ReadError> {
        let mut out = Vec::new();
        events_while("t.xml", part, |e| {
            let flow = match e {
                Xml::Start(_, n) if skipped.contains(&n) => Flow::Skip,
                _ => Flow::Next,
            };
            out.push(match e {
                Xml::Start(tag, n) => format!(
                    "<{}{}>",
                    String::from_utf8_lossy(n),
                    attr(tag, b"val")
                        .map(|v| format!(" val={v}"))
                        .unwrap_or_default()
                ),
                Xml::Empty(tag, n) => format!(
                    "<{}{}/>",
                    String::from_utf8_lossy(n),
                    attr(tag, b"val")
                        .map(|v| format!(" val={v}"))
                        .unwrap_or_default()
                ),
                Xml::End(n) => format!("</{}>", String::from_utf8_lossy(n)),
                Xml::Text(t) => t.to_owned(),
            });
            flow
        })?;
        Ok(out)
    }

    #[test]
    fn a_skipped_element_is_passed_whole_even_when_it_holds_itself() {
        let part = r#"<w:r><w:rPr><w:b/><w:rPrChange w:id="1"><w:rPr x=">"><w:i/></w:rPr ></w:rPrChange><!-- </w:rPr> --><![CDATA[</w:rPr>]]><?pi </w:rPr>?><w:rPr/>a&lt;b</w:rPr><w:t>x</w:t><w:rPr></w:rPr></w:r>"#;
        assert_eq!(
            trace_skipping(part, &[b"rPr"]).expect("well formed"),
            ["<r>", "<rPr>", "<t>", "x", "</t>", "<rPr>", "</r>"]
        );
        // Read whole: the skipped elements' content was well formed.
        assert_eq!(trace(part).expect("well formed").len(), 18);
    }

    #[test]
    fn a_part_that_ends_inside_a_skipped_element_is_named() {
        for (part, what) in [
            ("<w:r><w:rPr><w:sz w:val=\"3", "ends inside an element"),
            ("<w:r><w:rPr><w:b/>", "ends inside an element"),
            // The end of the element inside it closes it, not the skipped one.
            ("<w:r><w:rPr><w:rPr></w:rPr>", "ends inside an element"),
            ("<w:r><w:rPr></w:r>", "ends inside an element"),
            ("<w:r><w:rPr><!-- </w:rPr>", "unclosed comment"),
            ("<w:r><w:rPr><w:rPr x=\"1", "an unclosed tag"),
            ("<w:r><w:rPr></w:rPr ", "an unclosed end tag"),
            ("<w:r><w:rPr></w:rPr x>", "does not match"),
        ] {
            match trace_skipping(part, &[b"rPr"]) {
                Err(ReadError::Corrupt(m)) => assert!(
                    m.contains(what) && m.starts_with("t.xml: malformed XML at byte "),
                    "{part}: {m}"
                ),
                other => panic!("{part}: {other:?}"),
            }
        }
    }

    #[test]
    fn tags_attributes_text_and_entities() {
        let part = r#"<?xml version="1.0"?><!-- c --><w:p a:x='1>2' w:val="a&amp;b"><w:t xml:space="preserve">A &lt;B&gt; &#x4E00;&#20108;&unknown; &amp</w:t><w:br/><![CDATA[<x>]]></w:p>"#;
        assert_eq!(
            trace(part).expect("well formed"),
            [
                "<p val=a&b>",
                "<t>",
                "A <B> 一二&unknown; &amp",
                "</t>",
                "<br/>",
                "<x>",
                "</p>"
            ]
        );
    }

    #[test]
    fn quoted_values_may_hold_the_other_quote_and_end_tags_blanks() {
        let part = r#"<a x="1>'2" y='"3>'><b/>t</a ><c val="v"/>"#;
        assert_eq!(
            trace(part).expect("well formed"),
            ["<a>", "<b/>", "t", "</a>", "<c val=v/>"]
        );
    }

    #[test]
    fn damaged_parts_are_named() {
        for (part, what) in [
            ("<w:p><w:r></w:p>", "does not match"),
            ("<w:p><w:r>text", "ends inside an element"),
            ("<w:p a=\"1", "an unclosed tag"),
            ("</w:p>", "no start tag"),
            ("<w:p><!-- open", "unclosed comment"),
            ("< >", "no name"),
        ] {
            match trace(part) {
                Err(ReadError::Corrupt(m)) => assert!(
                    m.contains(what) && m.starts_with("t.xml: malformed XML at byte "),
                    "{part}: {m}"
                ),
                other => panic!("{part}: {other:?}"),
            }
        }
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let n = 100_000;
        let part = format!("{}x{}", "<a>".repeat(n), "</a>".repeat(n));
        assert_eq!(trace(&part).expect("well formed").len(), 2 * n + 1);
    }
}
