//! Turns the config object from the browser's `JSON.parse` into the core's [`Json`] tree.

use crate::json::Json;
use crate::prelude::*;
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

/// Deeper than this is not a config: cut it off rather than recurse without bound.
const MAX_DEPTH: u32 = 32;

/// Converts a value produced by `JSON.parse` (anything else becomes `null`).
pub fn from_js(v: &JsValue) -> Json {
    convert(v, 0)
}

/// Converts `v`, found `depth` levels down.
fn convert(v: &JsValue, depth: u32) -> Json {
    if let Some(b) = v.as_bool() {
        Json::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Json::Num(n)
    } else if let Some(s) = v.as_string() {
        Json::Str(s)
    } else if depth >= MAX_DEPTH || !v.is_object() {
        Json::Null
    } else if Array::is_array(v) {
        // Loops rather than iterator adapters: smaller in the module.
        let items = v.unchecked_ref::<Array>();
        let mut out = Vec::new();
        for i in 0..items.length() {
            out.push(convert(&items.get(i), depth + 1));
        }
        Json::Arr(out)
    } else {
        let entries = Object::entries(v.unchecked_ref());
        let mut out = Vec::new();
        for i in 0..entries.length() {
            let pair: Array = entries.get(i).unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            out.push((key, convert(&pair.get(1), depth + 1)));
        }
        Json::Obj(out)
    }
}
