//! No import cycle between the modules of src/ (issue 11).
//!
//! The module tree is followed from src/lib.rs through its `mod` declarations (test-only
//! modules left out), each file parsed with `syn`. A module depends on another when its code
//! names it: a `use` item, or a path in code (`crate::consent::decide(..)`, `super::Check`,
//! `dom::listen(..)` for a child module), resolved to the longest module prefix. A child that
//! names an item of its parent (`super::Check`) depends on the parent, and a parent that
//! re-exports or calls into a child depends on the child, so a parent and a child that name
//! each other are a cycle too. The test fails naming every cycle it finds, each edge with the
//! path that makes it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

/// A module: its path (`config::check`; `crate` for the root) and its file.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    items: Vec<syn::Item>,
}

/// `#[cfg(test)]`, `#[cfg(all(test, …))]`: an item that exists only in the unit tests.
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .to_token_stream()
                .into_iter()
                .any(|t| matches!(&t, TokenTree::Group(g) if has_test(g.stream())))
    })
}

fn has_test(s: TokenStream) -> bool {
    let mut prev_not = false;
    for t in s {
        match t {
            TokenTree::Ident(i) if i == "test" => return true,
            TokenTree::Ident(i) => prev_not = i == "not",
            TokenTree::Group(g) if !prev_not && has_test(g.stream()) => return true,
            _ => {}
        }
    }
    false
}

/// The `#[path = "…"]` of a `mod` declaration, if any.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

/// Reads `file` (module `path`, its children in `dir`) and every module it declares.
fn load(path: Vec<String>, file: PathBuf, dir: PathBuf, out: &mut Vec<Module>) {
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    let mut items = Vec::new();
    collect(parsed.items, &path, &file, &dir, &mut items, out);
    out.push(Module { path, file, items });
}

/// Keeps the items that are not test-only; loads the modules declared among them. An inline
/// `mod x { … }` counts as part of its file's module.
fn collect(
    list: Vec<syn::Item>,
    path: &[String],
    file: &Path,
    dir: &Path,
    items: &mut Vec<syn::Item>,
    out: &mut Vec<Module>,
) {
    for item in list {
        match item {
            syn::Item::Mod(m) if test_only(&m.attrs) => {}
            syn::Item::Mod(m) if m.content.is_some() => {
                let (_, inner) = m.content.unwrap();
                collect(
                    inner,
                    path,
                    file,
                    &dir.join(m.ident.to_string()),
                    items,
                    out,
                );
            }
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let mut child_path = path.to_vec();
                child_path.push(name.clone());
                let base = file.parent().unwrap();
                let (child_file, child_dir) = match path_attr(&m.attrs) {
                    Some(p) => (base.join(&p), dir.join(&name)),
                    None if dir.join(format!("{name}.rs")).exists() => {
                        (dir.join(format!("{name}.rs")), dir.join(&name))
                    }
                    None => (dir.join(&name).join("mod.rs"), dir.join(&name)),
                };
                load(child_path, child_file, child_dir, out);
            }
            other if test_only(item_attrs(&other)) => {}
            other => items.push(other),
        }
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Every path a use tree names, as segments (`{a, b::c}` expanded; `*` and renames dropped).
fn expand(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            expand(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut v = prefix.clone();
            v.push(n.ident.to_string());
            out.push(v);
        }
        syn::UseTree::Rename(r) => {
            let mut v = prefix.clone();
            v.push(r.ident.to_string());
            out.push(v);
        }
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                expand(t, prefix, out);
            }
        }
    }
}

/// Paths in code: a run `a::b::c` (and a `{…}` group after its last `::`, as in a `use` inside
/// a function), found in any token stream.
fn paths_in(tokens: TokenStream, out: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let sep = |i: usize| {
        matches!((tokens.get(i), tokens.get(i + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && b.as_char() == ':')
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Group(g) => {
                paths_in(g.stream(), out);
                i += 1;
            }
            TokenTree::Ident(_) if !(i >= 2 && sep(i - 2)) && sep(i + 1) => {
                // The start of a path: collect `ident (:: ident)* (:: {group})?`.
                let mut run = TokenStream::new();
                let mut j = i;
                loop {
                    run.extend([tokens[j].clone()]);
                    if !sep(j + 1) {
                        break;
                    }
                    match tokens.get(j + 3) {
                        Some(TokenTree::Ident(_)) => {
                            run.extend(tokens[j + 1..j + 3].iter().cloned());
                            j += 3;
                        }
                        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                            run.extend(tokens[j + 1..j + 4].iter().cloned());
                            j += 3;
                            break;
                        }
                        _ => break,
                    }
                }
                if let Ok(tree) = syn::parse2::<syn::UseTree>(run) {
                    expand(&tree, &mut Vec::new(), out);
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
}

/// The module a path starting in module `at` lands in: the longest known module prefix, or
/// `None` for another crate (`alloc::…`, `wasm_bindgen::…`) or a local name.
fn resolve(at: &[String], path: &[String], known: &BTreeMap<Vec<String>, usize>) -> Option<usize> {
    let mut abs: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => at.to_vec(),
        Some("super") => at.to_vec(),
        _ => {
            // A child module named without `self::` (`dom::listen`, `use iab::X`).
            let mut child = at.to_vec();
            child.push(path.first()?.clone());
            if !known.contains_key(&child) {
                return None;
            }
            at.to_vec()
        }
    };
    let mut rest = path;
    if matches!(rest.first().map(String::as_str), Some("crate" | "self")) {
        rest = &rest[1..];
    }
    while rest.first().map(String::as_str) == Some("super") {
        abs.pop()?;
        rest = &rest[1..];
    }
    abs.extend(rest.iter().cloned());
    (0..=abs.len())
        .rev()
        .find_map(|n| known.get(&abs[..n]).copied())
}

/// The modules and, for each, the modules it depends on with one path that shows it.
fn graph() -> (Vec<Module>, Vec<BTreeMap<usize, String>>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = Vec::new();
    load(Vec::new(), src.join("lib.rs"), src.clone(), &mut modules);
    let known: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.path.clone(), i))
        .collect();
    let edges = modules
        .iter()
        .enumerate()
        .map(|(me, m)| {
            let mut paths = Vec::new();
            for item in &m.items {
                match item {
                    syn::Item::Use(u) => expand(&u.tree, &mut Vec::new(), &mut paths),
                    other => paths_in(other.to_token_stream(), &mut paths),
                }
            }
            let mut to = BTreeMap::new();
            for p in paths {
                if let Some(t) = resolve(&m.path, &p, &known).filter(|t| *t != me) {
                    to.entry(t).or_insert_with(|| p.join("::"));
                }
            }
            to
        })
        .collect();
    (modules, edges)
}

fn name(m: &Module) -> String {
    if m.path.is_empty() {
        "crate".into()
    } else {
        m.path.join("::")
    }
}

/// Every cycle: for each strongly connected component of more than one module, one cycle
/// through it, written `a → b (via path) → … → a`.
fn cycles(modules: &[Module], edges: &[BTreeMap<usize, String>]) -> Vec<String> {
    let n = modules.len();
    // Reachability by repeated search (the graph has a few dozen nodes).
    let reach = |from: usize| {
        let mut seen = vec![false; n];
        let mut stack = vec![from];
        while let Some(x) = stack.pop() {
            for &y in edges[x].keys() {
                if !seen[y] {
                    seen[y] = true;
                    stack.push(y);
                }
            }
        }
        seen
    };
    let reach: Vec<Vec<bool>> = (0..n).map(reach).collect();
    let mut done = vec![false; n];
    let mut out = Vec::new();
    for start in 0..n {
        if done[start] || !reach[start][start] {
            continue;
        }
        let component: Vec<usize> = (0..n)
            .filter(|&x| reach[start][x] && reach[x][start])
            .collect();
        for &x in &component {
            done[x] = true;
        }
        // Breadth-first from `start` back to itself, inside the component: a shortest cycle.
        let mut prev = vec![usize::MAX; n];
        let mut queue = std::collections::VecDeque::from([start]);
        'search: while let Some(x) = queue.pop_front() {
            for &y in edges[x].keys() {
                if !component.contains(&y) || prev[y] != usize::MAX {
                    continue;
                }
                prev[y] = x;
                if y == start {
                    break 'search;
                }
                queue.push_back(y);
            }
        }
        let mut ring = Vec::new();
        let mut x = prev[start];
        while x != start {
            ring.push(x);
            x = prev[x];
        }
        ring.reverse();
        let mut text = name(&modules[start]);
        let mut from = start;
        for &to in ring.iter().chain([&start]) {
            text.push_str(&format!(
                " → {} ({}: {})",
                name(&modules[to]),
                modules[from].file.display(),
                edges[from][&to]
            ));
            from = to;
        }
        let members: Vec<String> = component.iter().map(|&x| name(&modules[x])).collect();
        out.push(format!("{text}   [cycle among: {}]", members.join(", ")));
    }
    out
}

/// The cycles, each as [`cycles`] writes it, among the modules for which `pick` holds.
fn cycles_where(pick: impl Fn(&str) -> bool) -> Vec<String> {
    let (modules, edges) = graph();
    cycles(&modules, &edges)
        .into_iter()
        .filter(|c| {
            c.split("[cycle among: ")
                .nth(1)
                .unwrap()
                .split(", ")
                .any(|m| pick(m.trim_end_matches(']')))
        })
        .collect()
}

fn in_shell(module: &str) -> bool {
    module == "shell" || module.starts_with("shell::")
}

#[test]
fn no_module_import_cycle_in_the_core() {
    let found = cycles_where(|m| !in_shell(m));
    assert!(
        found.is_empty(),
        "module import cycles in src/:\n{}",
        found.join("\n")
    );
}

/// The shell's cycles (shell/events.rs ↔ aftercare.rs / tags.rs, the router in shell/mod.rs and
/// the modules it calls) go with the shell's split, on its own branch.
#[test]
#[ignore = "until the shell's split (branch layout-shell) lands; then drop this line"]
fn no_module_import_cycle_in_the_shell() {
    let found = cycles_where(in_shell);
    assert!(
        found.is_empty(),
        "module import cycles in src/shell/:\n{}",
        found.join("\n")
    );
}

/// The graph is really built: the modules are found and their known imports seen.
#[test]
fn the_graph_sees_the_imports() {
    let (modules, edges) = graph();
    let find = |p: &str| {
        modules
            .iter()
            .position(|m| name(m) == p)
            .unwrap_or_else(|| panic!("module {p} not found"))
    };
    for m in [
        "config",
        "config::check",
        "config::read",
        "iab::gvl",
        "consent::record",
    ] {
        find(m);
    }
    // Test-only modules are left out.
    assert!(modules
        .iter()
        .all(|m| m.path.last().map(String::as_str) != Some("tests")));
    // `use crate::config::safe_link` in iab/gvl.rs.
    assert!(edges[find("iab::gvl")].contains_key(&find("config")));
    // `super::check::…` in config/read.rs.
    assert!(edges[find("config::read")].contains_key(&find("config::check")));
    // A path in code: `crate::ids::normalize(…)` in iab/tcf.rs.
    assert!(edges[find("iab::tcf")].contains_key(&find("ids")));
}
