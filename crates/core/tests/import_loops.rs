//! The repository's modules import in one direction (`ARCHITECTURE.md`): no file
//! uses, through `crate::` or `super::` paths, a module that uses it back, in any
//! crate. A loop means two modules can only be understood (and changed) together.
//!
//! The check reads the sources as text: every `crate::a::b` or `super::a` path
//! (with `use crate::{a, b::c}` groups) outside comments names the longest module
//! it reaches; the strongly connected components of that graph are the loops.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path inside its crate (`["embeddings", "pca"]`; the crate root is empty).
type Module = Vec<String>;

/// Every module of the crate whose root directory is `root`, with its file.
fn modules(root: &Path) -> BTreeMap<Module, PathBuf> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut module: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            out.insert(module, path);
        }
    }
    out
}

/// The source without its `//` comments (doc comments cite modules in words)
/// and without its unit tests (`#[cfg(test)] mod tests`, at the end of a file by
/// custom: their `super::` is the file's own module).
fn without_comments(source: &str) -> String {
    let source = source
        .find("#[cfg(test)]\nmod ")
        .map_or(source, |at| &source[..at]);
    source
        .lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string (a URL) is rare in paths that matter here.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a path of identifiers joined by `::` from `chars` at `at` (after a
/// `crate::` or `super::`); a `{…}` group yields one path per item, nested
/// groups too.
fn paths_at(chars: &[char], at: &mut usize, prefix: &[String], out: &mut Vec<Module>) {
    let mut path = prefix.to_vec();
    loop {
        if chars.get(*at) == Some(&'{') {
            *at += 1;
            group(chars, at, &path, out);
            return;
        }
        let start = *at;
        while chars
            .get(*at)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            *at += 1;
        }
        if *at > start {
            path.push(chars[start..*at].iter().collect());
        }
        if *at > start && chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
            *at += 2;
            continue;
        }
        out.push(path);
        return;
    }
}

/// The items of a `{…}` group (after its `{`) up to its `}`.
fn group(chars: &[char], at: &mut usize, prefix: &[String], out: &mut Vec<Module>) {
    loop {
        while chars
            .get(*at)
            .is_some_and(|c| c.is_whitespace() || *c == ',')
        {
            *at += 1;
        }
        match chars.get(*at) {
            None => return,
            Some('}') => {
                *at += 1;
                return;
            }
            _ => {
                let before = *at;
                paths_at(chars, at, prefix, out);
                // Skip what follows a path in a group (`as name`, `*`).
                while chars
                    .get(*at)
                    .is_some_and(|c| !matches!(c, ',' | '}' | '{'))
                {
                    *at += 1;
                }
                if *at == before {
                    *at += 1;
                }
            }
        }
    }
}

/// Whether `w` is at `at` in `chars`.
fn word_at(chars: &[char], at: usize, w: &str) -> bool {
    chars
        .get(at..)
        .is_some_and(|rest| rest.iter().take(w.len()).copied().eq(w.chars()))
}

/// The modules that `module` (its file read as `source`) refers to: through
/// `crate::` and `super::` paths, and its child modules by their names.
fn references(module: &Module, source: &str, all: &BTreeMap<Module, PathBuf>) -> BTreeSet<Module> {
    let chars: Vec<char> = without_comments(source).chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let word = |w: &str| chars[i..].iter().take(w.len()).copied().eq(w.chars());
        if boundary && word("crate::") {
            i += "crate::".len();
            paths_at(&chars, &mut i, &[], &mut paths);
        } else if boundary && word("super::") {
            // `super` of `a/b.rs` is `a`, as of `a/b/mod.rs`; each more `super`
            // one level up.
            let mut up = module.clone();
            while chars[i..].iter().take(7).copied().eq("super::".chars()) {
                i += "super::".len();
                up.pop();
            }
            paths_at(&chars, &mut i, &up, &mut paths);
        } else if boundary && (i == 0 || chars[i - 1] != ':') && chars[i].is_alphabetic() {
            // A child module by its own name (`use bridge::Slot` in `engine`).
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            let mut child = module.clone();
            child.push(chars[start..i].iter().collect());
            if all.contains_key(&child) && word_at(&chars, i, "::") {
                i += 2;
                paths_at(&chars, &mut i, &child, &mut paths);
            }
        } else {
            i += 1;
        }
    }
    paths
        .into_iter()
        .filter_map(|p| {
            (1..=p.len())
                .rev()
                .map(|k| p[..k].to_vec())
                .find(|m| all.contains_key(m))
        })
        .filter(|m| m != module)
        .collect()
}

/// The loops among a crate's modules: each a sorted list of `a::b` names.
fn loops(root: &Path) -> Vec<Vec<String>> {
    let all = modules(root);
    let edges: BTreeMap<Module, BTreeSet<Module>> = all
        .iter()
        .map(|(m, path)| {
            let source = std::fs::read_to_string(path).unwrap();
            (m.clone(), references(m, &source, &all))
        })
        .collect();
    // Tarjan's strongly connected components.
    struct Walk<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        found: Vec<Vec<String>>,
    }
    fn visit(w: &mut Walk, v: &Module) {
        let n = w.index.len();
        w.index.insert(v.clone(), n);
        w.low.insert(v.clone(), n);
        w.stack.push(v.clone());
        for u in w.edges.get(v).into_iter().flatten() {
            if !w.index.contains_key(u) {
                visit(w, u);
                let l = w.low[u].min(w.low[v]);
                w.low.insert(v.clone(), l);
            } else if w.stack.contains(u) {
                let l = w.index[u].min(w.low[v]);
                w.low.insert(v.clone(), l);
            }
        }
        if w.low[v] == w.index[v] {
            let mut component = Vec::new();
            while let Some(u) = w.stack.pop() {
                let done = &u == v;
                component.push(u.join("::"));
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                w.found.push(component);
            }
        }
    }
    let mut w = Walk {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for m in edges.keys() {
        if !w.index.contains_key(m) {
            visit(&mut w, m);
        }
    }
    w.found.sort();
    w.found
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

#[test]
fn the_engine_the_worker_and_the_cli_have_no_import_loops() {
    for root in ["crates/core/src", "crates/worker/src", "crates/cli/src"] {
        assert_eq!(loops(&repo(root)), Vec::<Vec<String>>::new(), "{root}");
    }
}

#[test]
fn the_app_has_no_import_loops() {
    assert_eq!(loops(&repo("src")), Vec::<Vec<String>>::new());
}

#[test]
fn a_loop_is_found_through_grouped_uses_and_super_paths() {
    let dir = std::env::temp_dir().join(format!("biaslens-loops-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(dir.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(
        dir.join("a.rs"),
        "// crate::c is only a comment\nuse crate::{x, b::{c::Thing, d}};\n",
    )
    .unwrap();
    std::fs::write(dir.join("b/mod.rs"), "pub mod c;\n").unwrap();
    std::fs::write(dir.join("b/c.rs"), "fn f() { super::super::a::g() }\n").unwrap();
    assert_eq!(loops(&dir), [["a", "b::c"]]);
    std::fs::write(dir.join("b/c.rs"), "fn f() {}\n").unwrap();
    assert!(loops(&dir).is_empty());
    // A parent that uses its child by name, and the child its parent.
    std::fs::write(dir.join("b/mod.rs"), "pub mod c;\nuse c::Thing;\n").unwrap();
    std::fs::write(dir.join("b/c.rs"), "use super::Other;\n").unwrap();
    assert_eq!(loops(&dir), [["b", "b::c"]]);
    std::fs::remove_dir_all(&dir).unwrap();
}
