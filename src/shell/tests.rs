//! Browser unit tests of the shell's pieces, run by wasm-bindgen-test in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --lib`).

use super::dom::document;
use super::ui::{Screen, View};
use super::{js_json, storage, tags};
use crate::config::Config;
use crate::consent::Consent;
use crate::json::Json;
use crate::text::{Ui, Wording};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Parses JSON text with the browser's parser, then converts it as the shell does.
fn parse(text: &str) -> Json {
    js_json::from_js(&js_sys::JSON::parse(text).expect("test JSON"))
}

/// A small valid config: a required category, an optional one with one service.
fn config() -> Config {
    Config::from_json(&parse(
        r#"{"revision": 1, "categories": [
            {"id": "necessary", "required": true, "title": "N", "description": "d"},
            {"id": "analytics", "title": {"en": "Analytics", "ja": "解析"}, "description": "d"}],
          "services": [{"id": "ga", "category": "analytics", "name": "GA", "cookies": ["_t_*"]}],
          "cookie": {"name": "noren_test"}}"#,
    ))
    .config
    .expect("valid")
}

#[wasm_bindgen_test]
fn json_from_the_browser_parser() {
    assert_eq!(
        parse(r#"{"a": [1, true, null, "x"], "b": {"c": -2.5}}"#),
        Json::Obj(vec![
            (
                "a".into(),
                Json::Arr(vec![
                    Json::Num(1.0),
                    Json::Bool(true),
                    Json::Null,
                    Json::Str("x".into())
                ])
            ),
            ("b".into(), Json::Obj(vec![("c".into(), Json::Num(-2.5))])),
        ])
    );
    // Absurd nesting is cut off, not followed without bound.
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert!(matches!(parse(&deep), Json::Arr(_)));
}

#[wasm_bindgen_test]
fn storage_round_trip_and_pattern_deletion() {
    let c = config();
    assert!(storage::save(&c, "1.value", 60));
    let all = storage::read_all().unwrap();
    assert!(all.contains("noren_test=1.value"), "{all}");
    let html: web_sys::HtmlDocument = document().unchecked_into();
    html.set_cookie("_t_a=1; Path=/").unwrap();
    html.set_cookie("_t_b=1; Path=/").unwrap();
    html.set_cookie("keep=1; Path=/").unwrap();
    storage::delete_service_cookies(&c, &[0]);
    let all = storage::read_all().unwrap();
    assert!(!all.contains("_t_a") && !all.contains("_t_b"), "{all}");
    assert!(
        all.contains("keep=1") && all.contains("noren_test="),
        "{all}"
    );
    storage::forget(&c);
    assert!(!storage::read_all().unwrap().contains("noren_test="));
    html.set_cookie("keep=; Max-Age=0; Path=/").unwrap();
}

#[wasm_bindgen_test]
fn held_elements_run_only_when_allowed_and_once() {
    let body = document().body().unwrap();
    let holder = document().create_element("div").unwrap();
    body.append_child(&holder).unwrap();
    holder.set_inner_html(
        r#"<script type="text/plain" data-consent="t-yes">window.__t = (window.__t || 0) + 1</script>
           <script type="text/plain" data-consent="t-no">window.__t = 100</script>
           <img data-consent="t-yes" data-src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">"#,
    );
    // innerHTML does not run scripts: activation must create a fresh element.
    tags::run_allowed(&|cat, _| Some(cat == "t-yes"));
    tags::run_allowed(&|cat, _| Some(cat == "t-yes"));
    let count = js_sys::Reflect::get(&js_sys::global(), &"__t".into()).unwrap();
    assert_eq!(count.as_f64(), Some(1.0), "ran exactly once");
    let img = holder.query_selector("img").unwrap().unwrap();
    assert!(img
        .get_attribute("src")
        .unwrap()
        .starts_with("data:image/gif"));
    assert!(img.get_attribute("data-src").is_none());
    let held = holder
        .query_selector("script[data-consent=t-no]")
        .unwrap()
        .unwrap();
    assert_eq!(held.get_attribute("type").as_deref(), Some("text/plain"));
    holder.remove();
}

#[wasm_bindgen_test]
fn view_renders_switches_and_follows_consent() {
    let c = config();
    let json = js_sys::JSON::parse(include_str!("../wording/ja.json")).unwrap();
    let ja = Wording::read("ja", super::js_json::from_js(&json), &[Ui::KEYS]).unwrap();
    let mut view = View::render(&c, &ja, None).expect("renders");
    let root = view.root.clone();
    let lang = root.query_selector(".n").unwrap().unwrap();
    assert_eq!(lang.get_attribute("lang").as_deref(), Some("ja"));
    assert_eq!(root.query_selector_all(".banner .btn").unwrap().length(), 3);
    // The dialog comes when first needed.
    assert!(root.query_selector(".dialog").unwrap().is_none());
    assert_eq!(view.switches(&c), None);
    view.render_dialog(&c, &ja, None)
        .expect("renders the dialog");
    let switches = root.query_selector_all("input[role=switch]").unwrap();
    assert_eq!(switches.length(), 3, "two categories and one service");
    assert_eq!(view.showing(), None);
    let mut consent = Consent::nothing(&c);
    consent.categories[1] = true;
    consent.services[0] = true;
    view.show_preferences(&c, &ja, &consent, None)
        .expect("shows");
    assert_eq!(view.showing(), Some(Screen::Preferences));
    assert_eq!(view.switches(&c), Some((vec![true, true], vec![true])));
    // Switching the category off switches its service off.
    let cat: HtmlInputElement = root
        .query_selector("[data-c='1']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    cat.set_checked(false);
    view.on_switch(&c, &cat);
    assert_eq!(view.switches(&c), Some((vec![true, false], vec![false])));
    view.hide();
    assert_eq!(view.showing(), None);
    document().get_element_by_id("noren").unwrap().remove();
}
