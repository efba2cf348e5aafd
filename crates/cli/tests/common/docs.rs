//! A report's text written as the documents reports come in: a GBK web page and a Word file.

use std::io::Write;

/// The report's lines as a document's content: each line holding `|` a table row of its cells, the
/// others paragraphs. Consecutive rows make one table.
enum Piece {
    Para(String),
    Table(Vec<Vec<String>>),
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.contains('|') {
            let mut cells: Vec<String> = line.split('|').map(|c| c.trim().to_owned()).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            match out.last_mut() {
                Some(Piece::Table(rows)) => rows.push(cells),
                _ => out.push(Piece::Table(vec![cells])),
            }
        } else if !line.trim().is_empty() {
            out.push(Piece::Para(line.to_owned()));
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The report as a GBK web page with the chrome of a government site around it.
pub fn as_html(text: &str) -> Vec<u8> {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
         <title>年度报告</title><script>var s = '<p>不是正文</p>';</script></head><body><div class=\"nav\"><a>首页</a></div>",
    );
    for piece in pieces(text) {
        match piece {
            Piece::Para(p) => html.push_str(&format!(
                "<p style=\"text-indent:2em\">{}</p>\n",
                escape(&p)
            )),
            Piece::Table(rows) => {
                html.push_str("<table border=\"1\">");
                for row in rows {
                    html.push_str("<tr>");
                    for cell in row {
                        let cell = if cell.is_empty() {
                            "&nbsp;".to_owned()
                        } else {
                            escape(&cell)
                        };
                        html.push_str(&format!(
                            "<td nowrap><p align=\"center\"><span>{cell}</span></p></td>"
                        ));
                    }
                    html.push_str("</tr>\n");
                }
                html.push_str("</table>\n");
            }
        }
    }
    html.push_str("<div class=\"footer\">网站标识码：1234 打印本页 关闭窗口</div></body></html>");
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(&html);
    assert!(!had_errors);
    bytes.into_owned()
}

/// The report as a Word document, with a page header that is not report text.
pub fn as_docx(text: &str) -> Vec<u8> {
    let run = |s: &str| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(s));
    let mut body = String::new();
    for piece in pieces(text) {
        match piece {
            Piece::Para(p) => {
                // Word splits a paragraph into runs wherever the formatting changes.
                let cut = p.char_indices().nth(2).map_or(p.len(), |(i, _)| i);
                body.push_str(&format!("<w:p>{}{}</w:p>", run(&p[..cut]), run(&p[cut..])));
            }
            Piece::Table(rows) => {
                body.push_str("<w:tbl>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for cell in row {
                        body.push_str(&format!(
                            "<w:tc><w:p>{}</w:p></w:tc>",
                            if cell.is_empty() {
                                String::new()
                            } else {
                                run(&cell)
                            }
                        ));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let parts = [
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {w}><w:body>{body}</w:body></w:document>")),
        ("word/header1.xml", format!("<w:hdr {w}><w:p>{}</w:p></w:hdr>", run("一、总体情况 第 1 页"))),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(xml.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}
