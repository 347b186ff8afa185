//! Android's shared-preferences XML (`/data/data/<app>/shared_prefs/<name>.xml`), as
//! `XmlUtils.writeMapXml` writes it: a `<map>` of typed values, `<string name="KEY">TEXT</string>`
//! among them, with the five XML entities and numeric character references escaped. Apps that keep
//! their accounts there (FreeOTP's `tokens.xml`) store each account as a JSON string under its own key.
//!
//! Only the `<string>` values are read; numbers and booleans are settings, not accounts. This is not a
//! general XML parser: it reads what Android writes and says so when the text is something else.

use super::Error;

/// Whether the text looks like a shared-preferences file: an XML declaration or `<map>` first.
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    text.starts_with(b"<map") || (text.starts_with(b"<?xml") && contains(text, b"<map"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The `<string>` entries of a shared-preferences file, as (key, value) in file order.
pub(crate) fn strings(format: &'static str, bytes: &[u8]) -> Result<Vec<(String, String)>, Error> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::Malformed(format!("not a file {format} writes (not UTF-8 text)")))?;
    if !looks_like(bytes) {
        return Err(Error::Malformed(format!(
            "not a file {format} writes (expected Android's <map> of preferences)"
        )));
    }
    if !text.contains("</map>") && !text.contains("<map />") {
        return Err(damaged(format, "it ends before </map> (cut short?)"));
    }
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<string") {
        rest = &rest[start + "<string".len()..];
        let close = rest
            .find('>')
            .ok_or_else(|| damaged(format, "a <string> tag is not closed"))?;
        let tag = &rest[..close];
        let name =
            attribute(tag, "name").ok_or_else(|| damaged(format, "a <string> has no name"))?;
        let name = unescape(name).ok_or_else(|| damaged(format, "a name has a bad entity"))?;
        if tag.trim_end().ends_with('/') {
            out.push((name, String::new()));
            rest = &rest[close + 1..];
            continue;
        }
        rest = &rest[close + 1..];
        let end = rest
            .find("</string>")
            .ok_or_else(|| damaged(format, "a <string> value is not closed"))?;
        let value =
            unescape(&rest[..end]).ok_or_else(|| damaged(format, "a value has a bad entity"))?;
        out.push((name, value));
        rest = &rest[end + "</string>".len()..];
    }
    Ok(out)
}

fn damaged(format: &'static str, why: &str) -> Error {
    Error::Malformed(format!("damaged {format} file: {why}"))
}

/// The value of `key="..."` (or single quotes) in a tag's text.
fn attribute<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        let at = rest.find(key)?;
        let before_ok = at == 0 || rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = rest[at + key.len()..].trim_start();
        if before_ok && let Some(after) = after.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next()?;
            if quote != '"' && quote != '\'' {
                return None;
            }
            let body = &after[1..];
            return body.find(quote).map(|end| &body[..end]);
        }
        rest = &rest[at + key.len()..];
    }
}

/// Decodes `&lt; &gt; &amp; &quot; &apos;` and `&#N;`/`&#xN;`; `None` for anything else after `&`.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest.find(';').filter(|&e| e <= 10)?;
        let entity = &rest[..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strings_and_entities() {
        let xml = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
            <string name=\"a&amp;b\">{&quot;x&quot;:&#49;&#x32;}</string>\n    \
            <boolean name=\"flag\" value=\"true\" />\n    <string name='empty' />\n</map>\n";
        let got = strings("test", xml.as_bytes()).unwrap();
        assert_eq!(
            got,
            [
                ("a&b".to_owned(), "{\"x\":12}".to_owned()),
                ("empty".to_owned(), String::new())
            ]
        );
        assert!(strings("test", b"<map><string name=\"a\">x").is_err());
        assert!(strings("test", b"<map><string name=\"a\">&bogus;</string></map>").is_err());
        assert!(strings("test", b"hello").is_err());
    }
}
