//! The JSON Schema shipped for editors (src/noren.schema.json) must describe exactly the keys
//! the config reader accepts, and the demo config must be valid.
#![cfg(not(target_arch = "wasm32"))]

use noren::config::regions::REGION_KEYS;
use noren::config::{Config, CATEGORY_KEYS, COOKIE_KEYS, SERVICE_KEYS, TOP_KEYS};
use noren::json::Json;
use noren::text::Ui;
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(include_str!("../src/noren.schema.json")).unwrap()
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Num(n.as_f64().unwrap()),
        Value::String(s) => Json::Str(s.clone()),
        Value::Array(a) => Json::Arr(a.iter().map(to_json).collect()),
        Value::Object(o) => Json::Obj(o.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

#[test]
fn schema_keys_match_the_reader() {
    let s = schema();
    assert_eq!(keys(&s), sorted(TOP_KEYS));
    assert_eq!(
        keys(&s["properties"]["categories"]["items"]),
        sorted(CATEGORY_KEYS)
    );
    assert_eq!(
        keys(&s["properties"]["services"]["items"]),
        sorted(SERVICE_KEYS)
    );
    assert_eq!(keys(&s["properties"]["cookie"]), sorted(COOKIE_KEYS));
    assert_eq!(
        keys(&s["properties"]["regions"]["additionalProperties"]),
        sorted(REGION_KEYS)
    );
    let texts = &s["properties"]["texts"]["additionalProperties"];
    let ui: Vec<&str> = Ui::ALL.iter().map(|u| u.key()).collect();
    assert_eq!(keys(texts), sorted(&ui));
}

#[test]
fn demo_and_fixture_configs_are_valid() {
    for text in [
        include_str!("../www/consent.json"),
        include_str!("e2e/fixtures/basic.json"),
    ] {
        let parsed = Config::from_json(&to_json(&serde_json::from_str(text).unwrap()));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }
}
