//! Reading the XML parts of a Word file as a stream of events named by their local names (`w:p` → `p`).

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::ReadError;

/// One event of an XML part, with the element's local name.
pub(crate) enum Xml<'a> {
    Start(&'a BytesStart<'a>, &'a [u8]),
    /// An element with no content (`<w:br/>`): a start and its end at once.
    Empty(&'a BytesStart<'a>, &'a [u8]),
    End(&'a [u8]),
    Text(&'a str),
}

/// Calls `each` on every event of `part` (`name` is the part's name, for the error), in order.
pub(crate) fn events(
    name: &str,
    part: &str,
    mut each: impl FnMut(Xml<'_>),
) -> Result<(), ReadError> {
    let mut reader = Reader::from_str(part);
    let corrupt = |e: &dyn std::fmt::Display, at: u64| {
        ReadError::Corrupt(format!("{name}: malformed XML at byte {at}: {e}"))
    };
    loop {
        let at = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e)) => each(Xml::Start(&e, e.local_name().into_inner().as_bytes())),
            Ok(Event::Empty(e)) => each(Xml::Empty(&e, e.local_name().into_inner().as_bytes())),
            Ok(Event::End(e)) => each(Xml::End(e.local_name().into_inner().as_bytes())),
            Ok(Event::Text(t)) => each(Xml::Text(&t.xml10_content())),
            Ok(Event::CData(t)) => each(Xml::Text(&t.xml10_content())),
            Ok(Event::GeneralRef(r)) => {
                let mut buf = [0u8; 4];
                if let Some(c) = resolve(&r) {
                    each(Xml::Text(c.encode_utf8(&mut buf)));
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                {
                    each(Xml::Text(s));
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(corrupt(&e, at)),
        }
    }
}

fn resolve(r: &BytesRef<'_>) -> Option<char> {
    r.resolve_char_ref().ok().flatten()
}

/// The value of the attribute whose local name is `local` (`w:val` → `val`), unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner().as_bytes() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}
