//! The first-party cookie that keeps the choice, and deleting the cookies of withdrawn services.

use crate::prelude::*;

use super::dom::{document, prop, window};
use crate::config::Config;
use crate::consent::cookie_rules;
use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

/// The document, for `document.cookie` (browsers have it on every document).
fn cookie_jar() -> HtmlDocument {
    document().unchecked_into()
}

/// `document.cookie`, or `None` where cookies are blocked (sandboxed frames, some settings).
pub fn read_all() -> Option<String> {
    cookie_jar().cookie().ok()
}

/// Sets one cookie (`document.cookie = line`); false if it threw.
fn write(line: &str) -> bool {
    cookie_jar().set_cookie(line).is_ok()
}

/// A part of the page's URL: `protocol`, `hostname`, `pathname`.
fn url_part(name: &str) -> String {
    prop(&prop(&window(), "location"), name)
        .as_string()
        .unwrap_or_default()
}

/// Whether the page is served over HTTPS (its cookies get `Secure`).
fn is_https() -> bool {
    url_part("protocol") == "https:"
}

/// Stores the encoded choice; returns whether it could be read back.
pub fn save(config: &Config, value: &str, max_age: u32) -> bool {
    save_as(config, &config.cookie.name, value, max_age)
}

/// Stores `value` in the first-party cookie `name`, on the choice's domain, first deleting every
/// other copy of `name` the page can see (another domain or path, a host-only one left from
/// before `cookie.domain` was set), so no stale copy outlives it; returns whether it could be
/// read back.
pub fn save_as(config: &Config, name: &str, value: &str, max_age: u32) -> bool {
    forget_named(config, name);
    let mut line = String::with_capacity(value.len() + 96);
    line.push_str(name);
    line.push('=');
    line.push_str(value);
    line.push_str("; Max-Age=");
    crate::decimal::push(&mut line, max_age as u64);
    line.push_str("; Path=/; SameSite=Lax");
    if is_https() {
        line.push_str("; Secure");
    }
    if let Some(d) = &config.cookie.domain {
        line.push_str("; Domain=");
        line.push_str(d);
    }
    write(&line) && read_all().is_some_and(|all| cookie_rules::values(&all, name).contains(&value))
}

/// Deletes the cookie `name` on every domain and path it may have been set on for this page.
fn delete(name: &str, extra_domain: Option<&str>) {
    let host = url_part("hostname");
    let path = url_part("pathname");
    let mut domains = cookie_rules::domains(&host);
    if let Some(d) = extra_domain {
        domains.push(Some(d.to_string()));
    }
    for p in cookie_rules::paths(&path) {
        for d in &domains {
            let mut line = String::from(name);
            line.push_str("=; Max-Age=0; Path=");
            line.push_str(&p);
            if let Some(d) = d {
                line.push_str("; Domain=");
                line.push_str(d);
            }
            write(&line);
        }
    }
}

/// Deletes the stored choice.
pub fn forget(config: &Config) {
    forget_named(config, &config.cookie.name);
}

/// Deletes one of Noren's own cookies.
pub fn forget_named(config: &Config, name: &str) {
    delete(name, config.cookie.domain.as_deref());
}

/// Deletes the cookies declared by these services (never the choice's own cookie).
pub fn delete_service_cookies(config: &Config, services: &[usize]) {
    let Some(all) = read_all() else { return };
    let mut present = cookie_rules::names(&all);
    present.retain(|n| *n != config.cookie.name);
    let mut seen: Vec<&str> = Vec::new();
    for &i in services {
        let mut patterns = Vec::new();
        for c in &config.services[i].cookies {
            patterns.push(c.name.as_str());
        }
        for name in cookie_rules::to_delete(&patterns, &present) {
            if !seen.contains(&name) {
                seen.push(name);
                delete(name, config.cookie.domain.as_deref());
            }
        }
    }
}
