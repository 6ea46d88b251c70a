//! A minimal JSON value: what the config validator reads.
//!
//! The browser parses the config with its own `JSON.parse`; the shell turns the result into this
//! tree, so no JSON parser is compiled into the wasm module. The native checker and tests build
//! it with `serde_json`.

use crate::prelude::*;

/// A parsed JSON value. Objects keep their keys in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Any JSON number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object, or `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The JSON type's name, for error messages ("expected a string, found a number").
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }
}

/// JSON text being written: the one way the core writes JSON (the consent record, the
/// `__tcfapi` and `__gpp` answers). Commas are placed by the writer: every value, key or
/// opening bracket after a value gets one, so callers only say what comes next.
///
/// ```
/// # use noren::json::JsonWriter;
/// let mut w = JsonWriter::new();
/// w.open().key("a").num(1).key("b").list().bool(true).null().close_list().close();
/// assert_eq!(w.finish(), r#"{"a":1,"b":[true,null]}"#);
/// ```
#[derive(Default)]
pub struct JsonWriter {
    out: String,
    /// A value was just written: what follows (in the same object or array) needs a comma.
    comma: bool,
}

impl JsonWriter {
    /// Nothing written yet.
    pub fn new() -> JsonWriter {
        JsonWriter::default()
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
    }

    fn token(&mut self, text: &str) -> &mut JsonWriter {
        self.sep();
        self.out.push_str(text);
        self.comma = true;
        self
    }

    /// `{`: an object starts.
    pub fn open(&mut self) -> &mut JsonWriter {
        self.sep();
        self.out.push('{');
        self.comma = false;
        self
    }

    /// `}`: the object ends.
    pub fn close(&mut self) -> &mut JsonWriter {
        self.out.push('}');
        self.comma = true;
        self
    }

    /// `[`: an array starts.
    pub fn list(&mut self) -> &mut JsonWriter {
        self.sep();
        self.out.push('[');
        self.comma = false;
        self
    }

    /// `]`: the array ends.
    pub fn close_list(&mut self) -> &mut JsonWriter {
        self.out.push(']');
        self.comma = true;
        self
    }

    /// A member's key; its value comes next.
    pub fn key(&mut self, key: &str) -> &mut JsonWriter {
        self.str(key);
        self.out.push(':');
        self.comma = false;
        self
    }

    /// A number as a member's key (`"12":`, as the IAB objects key vendors and purposes).
    pub fn key_num(&mut self, key: u64) -> &mut JsonWriter {
        self.sep();
        self.out.push('"');
        crate::decimal::push(&mut self.out, key);
        self.out.push_str("\":");
        self.comma = false;
        self
    }

    /// A string, escaped.
    pub fn str(&mut self, s: &str) -> &mut JsonWriter {
        self.sep();
        push_quoted(&mut self.out, s);
        self.comma = true;
        self
    }

    /// A whole number.
    pub fn num(&mut self, n: u64) -> &mut JsonWriter {
        self.sep();
        crate::decimal::push(&mut self.out, n);
        self.comma = true;
        self
    }

    /// `true` or `false`.
    pub fn bool(&mut self, b: bool) -> &mut JsonWriter {
        self.token(bool_text(b))
    }

    /// `null`.
    pub fn null(&mut self) -> &mut JsonWriter {
        self.token("null")
    }

    /// A value this writer wrote before (a [`JsonWriter::finish`]ed value): a GPP field kept
    /// for `getField`, the ping inside a GPP event.
    pub fn written(&mut self, json: &str) -> &mut JsonWriter {
        self.token(json)
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Appends `s` as a JSON string (what [`JsonWriter::str`] writes; the shell uses it for a
/// lone string value).
pub fn push_quoted(o: &mut String, s: &str) {
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                o.push_str("\\u00");
                o.push(HEX[(c as usize) >> 4] as char);
                o.push(HEX[(c as usize) & 15] as char);
            }
            c => o.push(c),
        }
    }
    o.push('"');
}

/// `true` / `false` as JSON (what [`JsonWriter::bool`] writes).
pub fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Parses JSON text natively or for Node (the config checker; tests), keeping object keys in
/// order.
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
pub fn parse_text(text: &str) -> Result<Json, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|v| from_serde(&v))
        .map_err(|e| e.to_string())
}

#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
fn from_serde(v: &serde_json::Value) -> Json {
    match v {
        serde_json::Value::Null => Json::Null,
        serde_json::Value::Bool(b) => Json::Bool(*b),
        serde_json::Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Json::Str(s.clone()),
        serde_json::Value::Array(a) => Json::Arr(a.iter().map(from_serde).collect()),
        serde_json::Value::Object(o) => {
            Json::Obj(o.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect())
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod testing {
    use super::Json;

    /// Parses JSON text (test-only) into a [`Json`].
    pub fn parse(text: &str) -> Json {
        super::parse_text(text).expect("test JSON must parse")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::JsonWriter;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Writes `v` with the writer (numbers: whole and non-negative, as the core writes them).
    fn write(w: &mut JsonWriter, v: &Value) {
        match v {
            Value::Null => {
                w.null();
            }
            Value::Bool(b) => {
                w.bool(*b);
            }
            Value::Number(n) => {
                w.num(n.as_u64().unwrap());
            }
            Value::String(s) => {
                w.str(s);
            }
            Value::Array(a) => {
                w.list();
                for x in a {
                    write(w, x);
                }
                w.close_list();
            }
            Value::Object(o) => {
                w.open();
                for (k, x) in o {
                    w.key(k);
                    write(w, x);
                }
                w.close();
            }
        }
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Whatever is written parses back to the same value: commas, nesting and escaping.
        #[test]
        fn written_json_parses_back(v in value()) {
            let mut w = JsonWriter::new();
            write(&mut w, &v);
            let text = w.finish();
            prop_assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
        }
    }

    #[test]
    fn numeric_keys_and_written_values() {
        let mut inner = JsonWriter::new();
        inner.list().num(1).num(2).close_list();
        let inner = inner.finish();
        let mut w = JsonWriter::new();
        w.open().key_num(7).bool(false).key_num(12).written(&inner);
        w.key("e").open().close().close();
        assert_eq!(w.finish(), r#"{"7":false,"12":[1,2],"e":{}}"#);
    }
}
