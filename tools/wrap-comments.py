#!/usr/bin/env python3
"""Rewraps the Rust comments (`//`, `///`, `//!`) of the given files whose lines are longer than
100 characters, paragraph by paragraph, leaving code blocks, tables and short paragraphs alone.
rustfmt does not wrap comments on stable; this keeps `cargo fmt`'s width for them too."""
import re
import sys
import unicodedata

WIDTH = 100
COMMENT = re.compile(r'^(\s*)(//[/!]?)( ?)(.*)$')
LIST = re.compile(r'^(\s*)([-*+]|\d+[.)])\s+')
NO_BREAK_BEFORE = set('，。、；：？！）》」』】〕”’,.;:?!)]}>%')
NO_BREAK_AFTER = set('（《「『【〔“‘([{<')


def wide(c):
    return unicodedata.east_asian_width(c) in 'WF'


def tokens(text):
    """Words separated by spaces, and wide characters one by one: (token, space_before)."""
    out = []
    space = False
    word = ''
    for c in text:
        if c == ' ':
            if word:
                out.append((word, space))
                word = ''
            space = True
        elif wide(c) or (word and wide(word[-1])):
            if word:
                out.append((word, space))
                space = False
            word = c
        else:
            word += c
    if word:
        out.append((word, space))
    # glue punctuation that must not start or end a line to its neighbour
    glued = []
    for tok, sp in out:
        if glued and not sp and (tok[0] in NO_BREAK_BEFORE or glued[-1][0][-1] in NO_BREAK_AFTER):
            glued[-1] = (glued[-1][0] + tok, glued[-1][1])
        else:
            glued.append((tok, sp))
    return glued


def wrap(text, first, rest, width):
    lines = []
    line = first
    empty = True
    for tok, sp in tokens(text):
        piece = (' ' if sp and not empty else '') + tok
        if not empty and len(line) + len(piece) > width:
            lines.append(line.rstrip())
            line = rest + tok
        else:
            line += piece
        empty = False
    lines.append(line.rstrip())
    return lines


def join(parts):
    text = ''
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if text and not (wide(text[-1]) and wide(p[0])):
            text += ' '
        text += p
    return text


def rewrap(lines):
    out = []
    i = 0
    fence = False
    while i < len(lines):
        m = COMMENT.match(lines[i])
        if m and re.match(r'^\s*// -{4} .* -+$', lines[i]) and len(lines[i]) > WIDTH:
            out.append(lines[i][:WIDTH])  # a section rule: cut to the width
            i += 1
            continue
        if not m or '://' in lines[i].split('//', 1)[0]:
            out.append(lines[i])
            i += 1
            continue
        indent, mark, _, body = m.groups()
        if body.startswith('```'):
            fence = not fence
            out.append(lines[i])
            i += 1
            continue
        if fence or not body.strip() or body.startswith(('|', '#', '    ')):
            out.append(lines[i])
            i += 1
            continue
        # a paragraph: this line and the following lines of the same comment kind that continue it
        lm = LIST.match(body)
        hang = ' ' * len(lm.group(0)) if lm else ''
        para = [body]
        j = i + 1
        while j < len(lines):
            n = COMMENT.match(lines[j])
            if not n or n.group(1) != indent or n.group(2) != mark:
                break
            b = n.group(4)
            if not b.strip() or b.startswith(('```', '|', '#')) or LIST.match(b):
                break
            if hang and not b.startswith(hang):
                break
            if not hang and b.startswith(' '):
                break
            para.append(b)
            j += 1
        prefix = indent + mark + ' '
        if all(len(prefix) + len(p) <= WIDTH for p in para):
            out.extend(lines[i:j])
        else:
            text = join(para)
            out.extend(wrap(text, prefix, prefix + hang, WIDTH))
        i = j
    return out


for path in sys.argv[1:]:
    src = open(path, encoding='utf-8').read()
    lines = src.split('\n')
    new = '\n'.join(rewrap(lines))
    if new != src:
        open(path, 'w', encoding='utf-8').write(new)
