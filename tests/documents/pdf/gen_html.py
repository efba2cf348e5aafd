#!/usr/bin/env python3
"""Writes the HTML sources of the PDF fixtures (and the plain-text original each one is checked
against) from the bundled example report and seed 003. Run by make.sh only when the HTML is missing;
the HTML files are the committed sources."""
import html, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../.."))

STYLE = """<style>
body { font-family: 'Noto Serif CJK SC'; font-size: 12pt; }
p { margin: 0 0 4pt 0; text-align: justify; text-indent: 2em; line-height: 150%; }
p.h { text-indent: 0; font-weight: bold; }
h1 { font-size: 18pt; text-align: center; }
table { border-collapse: collapse; }
td { border: 1px solid #000; font-size: 10pt; text-align: center; padding: 1pt 2pt; }
td.l { text-align: left; }
table.t4 td { font-size: 8pt; }
</style>"""

HEADER = """<div title="header"><p style="text-align:center;text-indent:0;font-size:9pt">{}</p></div>
<div title="footer"><p style="text-align:center;text-indent:0;font-size:9pt">- <sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield> -</p></div>"""


def esc(s):
    return html.escape(s, quote=False)


def td(text, cls="", colspan=1, rowspan=1):
    a = ""
    if colspan > 1:
        a += f' colspan="{colspan}"'
    if rowspan > 1:
        a += f' rowspan="{rowspan}"'
    if cls:
        a += f' class="{cls}"'
    return f"<td{a}>{esc(text) if text else '&nbsp;'}</td>"


def heading(s):
    return re.match(r"^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]", s) is not None and len(s) < 40


def paras(lines):
    out = []
    for s in lines:
        cls = ' class="h"' if heading(s) else ""
        out.append(f"<p{cls}>{esc(s)}</p>")
    return "\n".join(out)


def t2_2021(rows):
    """rows: the canonical-text lines of table 二 (2021 format)."""
    out = ['<table width="100%" border="1" cellspacing="0" cellpadding="2">']
    for line in rows:
        cells = line.split(" | ")
        cells[-1] = cells[-1].rstrip("|").rstrip()
        if line.startswith("第二十条"):
            out.append("<tr>" + td(cells[0], "l", 4) + "</tr>")
        elif len([c for c in cells if c.strip("|").strip()]) == 2 and not cells[0].startswith("规章"):
            # 信息内容 | 本年处理决定数量 (colspan 3), or a data row with one value.
            out.append("<tr>" + td(cells[0]) + td(cells[1].strip("|").strip(), colspan=3) + "</tr>")
        else:
            vals = (cells + ["", "", "", ""])[:4]
            out.append("<tr>" + "".join(td(c.strip("|").strip()) for c in vals) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def t3(rows, fmt2021=True, flat=False):
    """rows: canonical-text lines of table 三 from the row 一、本年新收 on (label cells then 7 values)."""
    out = ['<table width="100%" border="1" cellspacing="0" cellpadding="2">']
    if flat:
        # The flattened CMS shape: no rowspan in the header, empty placeholder cells instead.
        out.append("<tr>" + td(rows[0][0], colspan=3) + td("申请人情况", colspan=7) + "</tr>")
        out.append("<tr>" + td("", colspan=3) + td("自然人") + td("法人或其他组织", colspan=5) + td("总计") + "</tr>")
        out.append("<tr>" + td("", colspan=3) + td("") + "".join(td(x) for x in rows[1]) + td("") + "</tr>")
    else:
        out.append("<tr>" + td(rows[0][0], colspan=3, rowspan=3) + td("申请人情况", colspan=7) + "</tr>")
        out.append("<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>")
        out.append("<tr>" + "".join(td(x) for x in rows[1]) + "</tr>")
    spans = {"三、本年度办理结果": 22 if fmt2021 else 20, "（三）不予公开": 8, "(三)不予公开": 8,
             "（四）无法提供": 3, "(四)无法提供": 3, "（五）不予处理": 5, "(五)不予处理": 5,
             "（六）其他处理": 3, "(六)其他处理": 3}
    for labels, vals in rows[2:]:
        cells = ""
        for lab in labels:
            if lab.startswith("三、"):
                cells += td(lab, "l", rowspan=spans[lab])
            elif lab in spans and (fmt2021 or not lab.endswith("其他处理")):
                cells += td(lab, "l", rowspan=spans[lab])
            elif re.match(r"^[一二四]、", lab):
                cells += td(lab, "l", colspan=3)
            elif re.match(r"^[(（]", lab):
                cells += td(lab, "l", colspan=2)
            else:
                cells += td(lab, "l")
        cells += "".join(td(v) for v in vals)
        out.append("<tr>" + cells + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def t4(header2, header3, values):
    out = ['<table class="t4" width="100%" border="1" cellspacing="0" cellpadding="1">']
    out.append("<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>")
    out.append("<tr>" + "".join(td(x, rowspan=2) for x in header2[:5]) + td(header2[5], colspan=5) + td(header2[6], colspan=5) + "</tr>")
    out.append("<tr>" + "".join(td(x) for x in header3) + "</tr>")
    out.append("<tr>" + "".join(td(x) for x in values) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def split_row(line):
    cells = [c.strip() for c in line.split(" | ")]
    cells = [c.strip("|").strip() for c in cells]
    labels, vals = [], []
    for c in cells:
        if not vals and (c == "" or not re.fullmatch(r"[0-9]+", c)) and len(labels) < 3 and (c or not labels) and c:
            labels.append(c)
        else:
            vals.append(c)
    return labels, vals[:7]


def example_doc(pad=0, flat=False):
    text = open(os.path.join(ROOT, "examples/example-report-2021.txt"), encoding="utf-8").read()
    lines = text.split("\n")
    i2 = lines.index("二、主动公开政府信息情况")
    i3 = lines.index("三、收到和处理政府信息公开申请情况")
    i4 = next(i for i, s in enumerate(lines) if s.startswith("四、政府信息公开"))
    i5 = lines.index("五、存在的主要问题及改进情况")
    head, t2rows, t3rows, t4rows, tail = lines[1:i2], lines[i2 + 1:i3], lines[i3 + 1:i4], lines[i4 + 1:i5], lines[i5:]
    filler = [s for s in head if len(s) > 80]
    padding = []
    for k in range(pad):
        padding.append(filler[k % len(filler)])
    head2 = head[:2] + padding + head[2:]
    # table 三 rows: the header line 3 (sub-columns), then label/value rows.
    sub = [c.strip("|").strip() for c in t3rows[2].split(" | ") if c.strip("|").strip()]
    body = [split_row(s) for s in t3rows[3:]]
    h2 = [c.strip("|").strip() for c in t4rows[1].split(" | ") if c.strip("|").strip()]
    h3 = [c.strip("|").strip() for c in t4rows[2].split(" | ") if c.strip("|").strip()]
    v4 = [c.strip("|").strip() for c in t4rows[3].split(" | ")]
    t3first = t3rows[0].split(" | ")[0]
    html_ = ["<h1>" + esc(lines[0]) + "</h1>", paras(head2), paras([lines[i2]]), t2_2021(t2rows),
             paras([lines[i3]]), t3([[t3first], sub] + body, flat=flat), paras([lines[i4]]), t4(h2, h3, v4), paras(tail)]
    txt = "\n".join([lines[0]] + head2 + lines[i2:])
    return lines[0], "\n".join(html_), txt


def seed003():
    text = open(os.path.join(ROOT, "tests/corpus/seeds/003_04358ba433e2261a.txt"), encoding="utf-8").read()
    lines = text.split("\n")
    i2 = lines.index("二、主动公开政府信息情况")
    i5 = lines.index("五、存在的主要问题及改进情况")
    head, tail = lines[:i2], lines[i5:]
    t2 = [("第二十条第(一)项",), ("信息内容", "本年新 制作数量", "本年新 公开数量", "对外公开总数量"),
          ("规章", "0", "0", "0"), ("规范性文件", "0", "0", "0"),
          ("第二十条第(五)项",), ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
          ("行政许可", "2", "5", "0"), ("其他对外管理服务事项", "54", "6", "0"),
          ("第二十条第(六)项",), ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
          ("行政处罚", "65", "0", "0"), ("行政强制", "1", "0", "0"),
          ("第二十条第(八)项",), ("信息内容", "上一年项目数量", "本年增/减", ""),
          ("行政事业性收费", "0", "0", ""),
          ("第二十条第(九)项",), ("信息内容", "采购项目数量", "采购总金额", ""),
          ("政府集中采购", "0", "0", "")]
    out = ['<table width="100%" border="1" cellspacing="0" cellpadding="2">']
    for r in t2:
        if len(r) == 1:
            out.append("<tr>" + td(r[0], "l", 4) + "</tr>")
        else:
            out.append("<tr>" + "".join(td(c) for c in r) + "</tr>")
    out.append("</table>")
    t3lab = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
    rows = [([t3lab[0]], ["0"] * 7), ([t3lab[1]], ["0"] * 7),
            (["三、本年度办理结果", "(一)予以公开"], ["0"] * 7),
            (["(二)部分公开(区分处理的,只计这一情形,不计其他情形)"], ["0"] * 7)]
    groups = [("(三)不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                              "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]),
              ("(四)无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
              ("(五)不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                              "5.要求行政机关确认或重新出具已获取信息"])]
    for g, items in groups:
        for k, it in enumerate(items):
            rows.append(([g, it] if k == 0 else [it], ["0"] * 7))
    rows += [(["(六)其他处理"], ["0"] * 7), (["(七)总计"], ["0"] * 7), (["四、结转下年度继续办理"], ["0"] * 7)]
    t3h = t3([["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"],
              ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]] + rows, fmt2021=False)
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4h = t4(names + ["未经复议直接起诉", "复议后起诉"], names + names, ["0"] * 15)
    i3 = lines.index("三、收到和处理政府信息公开申请情况")
    i4 = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    body = [paras(head), paras([lines[i2]]), "\n".join(out), paras([lines[i3]]), t3h, paras([lines[i4]]), t4h, paras(tail)]
    return "闽侯县商务局2020年政府信息公开工作年度报告", "\n".join(body), text


def page(title, body, header=None, style=None):
    h = HEADER.format(esc(header)) if header else ""
    style = style or STYLE
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(title)}</title>
{style}</head><body>
{h}
{body}
</body></html>
"""


def write(name, content):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(content)


if __name__ == "__main__":
    title, body, txt = example_doc()
    write("example-2021.html", page(title, body, "阜新市示例局政府信息公开工作年度报告"))
    write("example-2021.txt", txt)
    title, body, txt = example_doc(pad=300)
    write("long-50p.html", page(title, body, "阜新市示例局政府信息公开工作年度报告"))
    write("long-50p.txt", txt)
    title, body, txt = example_doc(flat=True)
    write("example-flat.html", page(title, body, "阜新市示例局政府信息公开工作年度报告"))
    title, body, txt = example_doc()
    body = body.replace('border="1" cellspacing="0"', 'border="0" cellspacing="0"')
    write("example-noborder.html", page(title, body, "阜新市示例局政府信息公开工作年度报告"))
    # Government-document type sizes: body 三号 (16pt), tables 五号 (10.5pt), so that the
    # tables break across pages at other rows.
    big = STYLE.replace("font-size: 12pt", "font-size: 16pt").replace("font-size: 10pt", "font-size: 10.5pt")
    title, body, txt = example_doc()
    write("example-16pt.html", page(title, body, "阜新市示例局政府信息公开工作年度报告", big))
    title, body, txt = seed003()
    write("seed003-2019.html", page(title, body))
    write("seed003-2019.txt", txt)
