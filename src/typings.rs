//! Test-only: the TypeScript interfaces of src/noren.d.ts, read well enough to check a JSON
//! value the core writes against one of them, so the types and the Rust cannot drift apart
//! (the consent record in [`crate::consent::record`], the IAB objects in [`crate::iab::api`]).
//!
//! The subset read is what noren.d.ts uses for data: `string`, `number`, `boolean`, `null`,
//! `unknown`, `any`, number and string literals, unions, `T[]`, `Array<T>`,
//! `Record<string, T>`, inline object types with optional members, and other interfaces of
//! the file by name.

use serde_json::Value;

const DTS: &str = include_str!("noren.d.ts");

/// A TypeScript type, as far as JSON is concerned.
#[derive(Debug)]
enum Ty {
    String,
    Number,
    Boolean,
    Null,
    Any,
    Literal(Value),
    Union(Vec<Ty>),
    Array(Box<Ty>),
    Record(Box<Ty>),
    Object(Vec<(String, bool, Ty)>),
    Named(String),
}

/// The text with comments removed, as tokens: words, numbers, string literals and punctuation.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if text[i..].starts_with("/*") {
            i += text[i..].find("*/").map_or(b.len(), |e| e + 2);
        } else if text[i..].starts_with("//") {
            i += text[i..].find('\n').unwrap_or(b.len() - i);
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'\'' || c == b'"' {
            let end = i
                + 1
                + text[i + 1..]
                    .find(c as char)
                    .expect("closed string literal");
            out.push(text[i..=end].to_string());
            i = end + 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'-' {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$') {
                i += 1;
            }
            out.push(text[start..i].to_string());
        } else {
            out.push((c as char).to_string());
            i += 1;
        }
    }
    out
}

struct Parser {
    t: Vec<String>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> &str {
        self.t.get(self.at).map_or("", String::as_str)
    }

    fn next(&mut self) -> String {
        self.at += 1;
        self.t[self.at - 1].clone()
    }

    fn expect(&mut self, s: &str) {
        let got = self.next();
        assert_eq!(got, s, "noren.d.ts: expected {s} at token {}", self.at);
    }

    fn union(&mut self) -> Ty {
        if self.peek() == "|" {
            self.next();
        }
        let mut alts = vec![self.postfix()];
        while self.peek() == "|" {
            self.next();
            alts.push(self.postfix());
        }
        if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Ty::Union(alts)
        }
    }

    fn postfix(&mut self) -> Ty {
        let mut ty = self.primary();
        while self.peek() == "[" && self.t.get(self.at + 1).map(String::as_str) == Some("]") {
            self.at += 2;
            ty = Ty::Array(Box::new(ty));
        }
        ty
    }

    fn primary(&mut self) -> Ty {
        let word = self.next();
        match word.as_str() {
            "string" => Ty::String,
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "null" => Ty::Null,
            "unknown" | "any" => Ty::Any,
            "{" => self.members(),
            "(" => {
                let ty = self.union();
                self.expect(")");
                ty
            }
            "Array" => {
                self.expect("<");
                let ty = self.union();
                self.expect(">");
                Ty::Array(Box::new(ty))
            }
            "Record" => {
                self.expect("<");
                self.expect("string");
                self.expect(",");
                let ty = self.union();
                self.expect(">");
                Ty::Record(Box::new(ty))
            }
            w if w.starts_with('\'') || w.starts_with('"') => {
                Ty::Literal(Value::String(w[1..w.len() - 1].to_string()))
            }
            w if w.starts_with(|c: char| c.is_ascii_digit() || c == '-') => {
                Ty::Literal(serde_json::from_str(w).expect("a number literal"))
            }
            w => Ty::Named(w.to_string()),
        }
    }

    /// Members up to the closing `}` (the `{` is read).
    fn members(&mut self) -> Ty {
        let mut out = Vec::new();
        while self.peek() != "}" {
            if self.peek() == "readonly" {
                self.next();
            }
            let name = self.next();
            let optional = self.peek() == "?";
            if optional {
                self.next();
            }
            self.expect(":");
            out.push((name, optional, self.union()));
            if matches!(self.peek(), ";" | ",") {
                self.next();
            }
        }
        self.next();
        Ty::Object(out)
    }
}

/// The interface `name` of noren.d.ts.
fn interface(name: &str) -> Ty {
    let t = tokens(DTS);
    let at = (0..t.len())
        .find(|&i| t[i] == "interface" && t.get(i + 1).map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("noren.d.ts has no interface {name}"));
    let mut p = Parser { t, at: at + 2 };
    p.expect("{");
    p.members()
}

/// Whether `v` is of type `ty`; else what differs, at which path.
fn check(ty: &Ty, v: &Value, path: &str, partial: bool) -> Result<(), String> {
    let fail = |what: &str| Err(format!("{path}: {what}, found {v}"));
    match ty {
        Ty::Any => Ok(()),
        Ty::String if v.is_string() => Ok(()),
        Ty::Number if v.is_number() => Ok(()),
        Ty::Boolean if v.is_boolean() => Ok(()),
        Ty::Null if v.is_null() => Ok(()),
        Ty::Literal(l) if l == v => Ok(()),
        Ty::Union(alts) if alts.iter().any(|a| check(a, v, path, partial).is_ok()) => Ok(()),
        Ty::Union(_) => fail(&format!("no alternative of {ty:?} fits")),
        Ty::Array(el) => match v.as_array() {
            Some(a) => a
                .iter()
                .enumerate()
                .try_for_each(|(i, x)| check(el, x, &format!("{path}[{i}]"), partial)),
            None => fail("expected an array"),
        },
        Ty::Record(el) => match v.as_object() {
            Some(o) => o
                .iter()
                .try_for_each(|(k, x)| check(el, x, &format!("{path}[{k:?}]"), partial)),
            None => fail("expected an object (a Record)"),
        },
        Ty::Object(members) => {
            let Some(o) = v.as_object() else {
                return fail("expected an object");
            };
            for k in o.keys() {
                if !members.iter().any(|(name, _, _)| name == k) {
                    return Err(format!("{path}: key {k:?} is not in noren.d.ts"));
                }
            }
            for (name, optional, ty) in members {
                match o.get(name) {
                    Some(x) => check(ty, x, &format!("{path}.{name}"), partial)?,
                    None if *optional || partial => {}
                    None => return Err(format!("{path}: no {name:?}, which noren.d.ts requires")),
                }
            }
            Ok(())
        }
        Ty::Named(name) => check(&interface(name), v, path, partial),
        _ => fail(&format!("expected {ty:?}")),
    }
}

/// Panics, naming the difference, unless the JSON text `json` is an `interface` of
/// noren.d.ts. `partial`: members the interface requires may be missing (the `TCData` of a
/// page where GDPR does not apply carries only its first fields), but every key must be
/// declared and of its declared type.
pub(crate) fn assert_is(interface_name: &str, json: &str, partial: bool) {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    if let Err(e) = check(&interface(interface_name), &v, interface_name, partial) {
        panic!("the Rust and noren.d.ts disagree: {e}\n{json}");
    }
}

#[test]
fn a_drift_is_caught() {
    let ok = r#"{"cmpLoaded": true, "cmpStatus": "loaded", "displayStatus": "hidden",
        "apiVersion": "2.2", "gvlVersion": null}"#;
    assert_is("TCFPingReturn", ok, false);
    let drifts = [
        // A key the types do not declare.
        r#"{"cmpLoaded": true, "cmpStatus": "loaded", "displayStatus": "hidden",
            "apiVersion": "2.2", "gvlVersions": 3}"#,
        // A required key missing.
        r#"{"cmpStatus": "loaded", "displayStatus": "hidden", "apiVersion": "2.2"}"#,
        // A value of another kind.
        r#"{"cmpLoaded": "yes", "cmpStatus": "loaded", "displayStatus": "hidden",
            "apiVersion": "2.2"}"#,
        // A value outside a union of literals.
        r#"{"cmpLoaded": true, "cmpStatus": "ready", "displayStatus": "hidden",
            "apiVersion": "2.2"}"#,
    ];
    for json in drifts {
        let v: Value = serde_json::from_str(json).unwrap();
        assert!(
            check(&interface("TCFPingReturn"), &v, "", false).is_err(),
            "{json}"
        );
    }
    // Nested: a Record's values, an array of inline objects, a named interface inside.
    let v: Value = serde_json::from_str(
        r#"{"eventName": "x", "listenerId": 1, "data": 0,
        "pingData": {"gppVersion": "1.0"}}"#,
    )
    .unwrap();
    let e = check(&interface("GPPEvent"), &v, "GPPEvent", true).unwrap_err();
    assert!(e.contains("GPPEvent.pingData.gppVersion"), "{e}");
}
