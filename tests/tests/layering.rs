//! The files of each crate import one another without cycles: a file's module may use the modules
//! below it, never one that uses it back (directly or through others). A cycle is what makes a
//! change in one file ripple through several; the test names every cycle as the files it joins.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The `.rs` files under `dir`, recursively, in path order.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a source folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file relative to its crate's `src` (`parse::labels`; `""` for the root).
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without its comments and its test module: what it imports to run.
fn code_of(src: &str) -> String {
    let body = src
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or_default();
    body.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a piece of code names: `crate::a::b`, `super::a`, and each item of a `{…}` group after
/// them, as written (`super` not resolved yet).
fn named_paths(code: &str) -> Vec<(bool, Vec<String>)> {
    let mut out = Vec::new();
    for (start, root) in [("crate::", false), ("super::", true)] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let at = from + at;
            from = at + start.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[from..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let path: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if rest[end..].starts_with('{') {
                let group = &rest[end + 1..];
                let close = group.find('}').unwrap_or(group.len());
                for item in group[..close].split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").trim();
                    let first = first.split_whitespace().next().unwrap_or("");
                    if !first.is_empty() && first != "self" {
                        let mut p = path.clone();
                        p.push(first.to_owned());
                        out.push((root, p));
                    }
                }
            }
            out.push((root, path));
        }
    }
    out
}

/// The import graph of one crate's files: module → the modules it names.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files
        .iter()
        .map(|f| {
            (
                module_of(f.strip_prefix(src).expect("under src")),
                f.clone(),
            )
        })
        .collect();
    // The longest prefix of `path` that is a file's module.
    let resolve = |path: &[String]| -> Option<String> {
        (1..=path.len())
            .rev()
            .map(|k| path[..k].join("::"))
            .find(|m| modules.contains_key(m))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let code = code_of(&std::fs::read_to_string(file).expect("a source file"));
        let own: Vec<String> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").map(str::to_owned).collect()
        };
        let is_mod_file = matches!(
            file.file_stem().and_then(|s| s.to_str()),
            Some("mod" | "lib" | "main")
        );
        let mut to = BTreeSet::new();
        for (is_super, path) in named_paths(&code) {
            let full = if is_super {
                // `super` of a module file is its parent module's parent; of another file, its
                // folder's.
                let parent = &own[..own.len().saturating_sub(1)];
                parent.iter().cloned().chain(path).collect::<Vec<_>>()
            } else {
                path
            };
            if let Some(m) = resolve(&full) {
                to.insert(m);
            }
        }
        // A module file names its child modules by their own names (`tables::TableSpec`).
        if is_mod_file {
            for (child, _) in modules.range(format!("{module}::")..) {
                let Some(name) = child
                    .strip_prefix(&format!("{module}::"))
                    .or_else(|| module.is_empty().then_some(child.as_str()))
                else {
                    break;
                };
                if name.contains("::") {
                    continue;
                }
                let used = code.match_indices(&format!("{name}::")).any(|(at, _)| {
                    !code[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
                });
                if used {
                    to.insert(child.clone());
                }
            }
        }
        to.retain(|m| m != module && !m.is_empty());
        edges.insert(module.clone(), to);
    }
    edges
}

/// The cycles of a graph: its strongly connected components of more than one module, each sorted.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: finishing order on the graph, then components on the reversed graph.
    fn visit<'a>(
        v: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        seen: &mut BTreeSet<&'a str>,
        order: &mut Vec<&'a str>,
    ) {
        if !seen.insert(v) {
            return;
        }
        for w in edges.get(v).into_iter().flatten() {
            visit(w, edges, seen, order);
        }
        order.push(v);
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for v in edges.keys() {
        visit(v, edges, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (v, ws) in edges {
        for w in ws {
            reversed.entry(w.clone()).or_default().insert(v.clone());
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for v in order.into_iter().rev() {
        let mut component = Vec::new();
        visit(v, &reversed, &mut assigned, &mut component);
        if component.len() > 1 {
            let mut c: Vec<String> = component.into_iter().map(str::to_owned).collect();
            c.sort();
            out.push(c);
        }
    }
    out.sort();
    out
}

fn crate_cycles(name: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates")
        .join(name)
        .join("src");
    cycles(&graph(&src))
        .into_iter()
        .map(|c| c.join(" ↔ "))
        .collect()
}

#[test]
fn the_cli_and_the_document_readers_have_no_import_cycle() {
    assert_eq!(crate_cycles("cli"), Vec::<String>::new());
    assert_eq!(crate_cycles("documents"), Vec::<String>::new());
}

#[test]
fn the_core_has_no_import_cycle() {
    // FIXME: three cycles are left: catalog/mod.rs re-exports its files, which use `Format` from
    // it; check/mod.rs holds helpers its files use; the model holds the parser's `Narrative`.
    assert_eq!(
        crate_cycles("core"),
        [
            "catalog ↔ catalog::sections ↔ catalog::tables",
            "check ↔ check::arithmetic ↔ check::cells ↔ check::structure",
            "model ↔ parse::meta ↔ parse::narrative",
        ]
    );
}

#[test]
fn the_language_server_has_no_import_cycle() {
    // FIXME: the document state, its analysis and its diagnostics still use one another.
    assert_eq!(
        crate_cycles("lsp"),
        ["analysis ↔ diagnostics ↔ documents ↔ guard ↔ state ↔ versions"]
    );
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut edge = |a: &str, b: &str| {
        edges.entry(a.into()).or_default().insert(b.into());
        edges.entry(b.into()).or_default();
    };
    edge("a", "b");
    edge("b", "c");
    edge("c", "a");
    edge("c", "d");
    assert_eq!(cycles(&edges), [["a", "b", "c"]]);
    let code = "use crate::parse::{labels::Label, self};\nuse super::prose;\nlet x = foo_crate::y;";
    assert_eq!(
        named_paths(code),
        [
            (false, vec!["parse".to_owned(), "labels".to_owned()]),
            (false, vec!["parse".to_owned()]),
            (true, vec!["prose".to_owned()]),
        ]
    );
}
