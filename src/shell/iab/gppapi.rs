//! `__gpp`: its commands and its listeners.

use super::{remove, Callbacks, Iab, Listener};
use crate::config::Config;
use crate::iab::api::{self, GppOf};
use crate::iab::gpp::{TCFEUV2, USNAT};
use crate::json::bool_text;
use crate::prelude::*;
use js_sys::Function;
use wasm_bindgen::JsValue;

impl Iab {
    /// What `__gpp` answers from: the sections configured and the strings in force.
    pub(super) fn gpp_of<'a>(&'a self, config: &'a Config) -> GppOf<'a> {
        // The US sections configured: usnat, then the states (ascending ids).
        let mut us: Vec<u16> = Vec::new();
        if let Some(g) = &config.gpp {
            us.extend(g.usnat.then_some(USNAT));
            us.extend(g.state_ids());
        }
        let mut supported: Vec<u16> = config.tcf.iter().map(|_| TCFEUV2).collect();
        supported.extend(&us);
        let applicable = match &config.tcf {
            Some(t) if t.gdpr_applies => vec![TCFEUV2],
            _ => us,
        };
        let ready = !applicable.contains(&TCFEUV2)
            || matches!(self.event, "tcloaded" | "useractioncomplete");
        GppOf {
            cmp_id: config.tcf.as_ref().map_or(1, |t| t.cmp_id.max(1)),
            display: self.display(),
            ready,
            supported,
            applicable,
            tc: if self.event.is_empty() {
                None
            } else {
                self.tc.as_ref().map(|(tc, s)| (tc, s.as_str()))
            },
            usnat: self.usnat.as_ref(),
            states: &self.states,
        }
    }

    /// Tells every `__gpp` listener the event `name` with `data` (JSON).
    pub(super) fn gpp_emit(&self, config: &Config, calls: &mut Callbacks, name: &str, data: &str) {
        if config.gpp.is_none() {
            return;
        }
        // One PingReturn for every listener of this event.
        let ping = api::gpp_ping(&self.gpp_of(config));
        for l in &self.gpp_listeners {
            let event = api::gpp_event(&ping, name, l.id, data);
            calls.call(&l.callback, &event, true);
        }
    }

    /// `__gpp(command, callback, parameter, version)`; `adopt`: the id of a listener the stub
    /// registered (it already had its `listenerRegistered` answer).
    pub fn gppapi(
        &mut self,
        config: &Config,
        command: &str,
        callback: Function,
        parameter: &JsValue,
        adopt: Option<u32>,
        calls: &mut Callbacks,
    ) {
        if config.gpp.is_none() {
            return;
        }
        let prefix = parameter.as_string().unwrap_or_default();
        match command {
            "ping" => calls.call(&callback, &api::gpp_ping(&self.gpp_of(config)), true),
            "addEventListener" => {
                let id = adopt.unwrap_or_else(|| self.new_id());
                self.next_id = self.next_id.max(id + 1);
                let g = self.gpp_of(config);
                let ping = api::gpp_ping(&g);
                let (name, data) = if adopt.is_some() {
                    ("cmpStatus", "\"loaded\"")
                } else {
                    ("listenerRegistered", "true")
                };
                calls.call(&callback, &api::gpp_event(&ping, name, id, data), true);
                if adopt.is_some() {
                    // Registered with the stub: it also hears where the signal stands now.
                    let signal = if g.ready {
                        "\"ready\""
                    } else {
                        "\"not ready\""
                    };
                    let event = api::gpp_event(&ping, "signalStatus", id, signal);
                    calls.call(&callback, &event, true);
                }
                self.gpp_listeners.push(Listener {
                    id,
                    callback,
                    once: false,
                });
            }
            "removeEventListener" => {
                let removed = remove(&mut self.gpp_listeners, parameter);
                let ping = api::gpp_ping(&self.gpp_of(config));
                let id = parameter.as_f64().unwrap_or(0.0).clamp(0.0, 4e9) as u32;
                let data = bool_text(removed);
                let event = api::gpp_event(&ping, "listenerRemoved", id, data);
                calls.call(&callback, &event, true);
            }
            "hasSection" => {
                let has = api::has_section(&self.gpp_of(config), &prefix);
                calls.call(&callback, bool_text(has), true);
            }
            "getSection" => {
                calls.call(
                    &callback,
                    &api::get_section(&self.gpp_of(config), &prefix),
                    true,
                );
            }
            "getField" => {
                calls.call(
                    &callback,
                    &api::get_field(&self.gpp_of(config), &prefix),
                    true,
                );
            }
            "tcfeuv2.getVendorList" => {
                self.tcfapi(
                    config,
                    "getVendorList",
                    &2.into(),
                    callback,
                    parameter,
                    calls,
                );
            }
            _ => calls.call(&callback, "null", false),
        }
    }
}
