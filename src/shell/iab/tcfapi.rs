//! `__tcfapi`: its commands and its listeners.

use super::{remove, Callbacks, Iab, Listener};
use crate::config::Config;
use crate::iab::api::{self, TcDataOf};
use crate::json::bool_text;
use crate::prelude::*;
use js_sys::Function;
use wasm_bindgen::JsValue;

impl Iab {
    /// The `TCData` JSON for a listener (`None`: a `getTCData` answer), limited to the vendors
    /// `only` names if given; `None` while there is nothing to say yet.
    fn tc_data(
        &self,
        config: &Config,
        listener: Option<u32>,
        only: Option<&[u16]>,
    ) -> Option<String> {
        let (settings, gvl) = (config.tcf.as_ref()?, self.gvl.as_ref()?);
        if !settings.gdpr_applies {
            // Nothing to wait for: the page says GDPR does not apply.
            return Some(api::outside_gdpr(settings, Some(gvl), listener));
        }
        let (tc, text) = self.tc.as_ref()?;
        if self.event.is_empty() {
            return None;
        }
        let d = TcDataOf {
            settings,
            gvl,
            surface: &self.surface,
            tc,
            text,
            event: self.event,
        };
        Some(api::tc_data(&d, listener, only))
    }

    /// Tells every `__tcfapi` listener the `TCData` of this moment (one-off `getTCData` calls
    /// waiting for the first string are answered, then dropped).
    pub(super) fn tcf_emit(&mut self, config: &Config, calls: &mut Callbacks) {
        for l in &self.tcf_listeners {
            if let Some(json) = self.tc_data(config, (!l.once).then_some(l.id), None) {
                calls.call(&l.callback, &json, true);
            }
        }
        self.tcf_listeners.retain(|l| !l.once);
    }

    /// `__tcfapi(command, version, callback, parameter)`.
    pub fn tcfapi(
        &mut self,
        config: &Config,
        command: &str,
        version: &JsValue,
        callback: Function,
        parameter: &JsValue,
        calls: &mut Callbacks,
    ) {
        let Some(settings) = &config.tcf else { return };
        let v = version.as_f64();
        let version_ok =
            version.is_undefined() || version.is_null() || v == Some(0.0) || v == Some(2.0);
        if !version_ok {
            calls.call(&callback, "null", false);
            return;
        }
        if command == "ping" {
            calls.call(
                &callback,
                &api::tcf_ping(settings, self.gvl.as_ref(), self.display()),
                true,
            );
            return;
        }
        let Some(gvl) = &self.gvl else {
            return; // cmpStatus "error": no other command is answered
        };
        match command {
            "addEventListener" | "getTCData" => {
                let only: Option<Vec<u16>> =
                    (command == "getTCData" && js_sys::Array::is_array(parameter)).then(|| {
                        js_sys::Array::from(parameter)
                            .iter()
                            .filter_map(|x| x.as_f64())
                            .filter(|x| (1.0..65_536.0).contains(x))
                            .map(|x| x as u16)
                            .collect()
                    });
                let listener = (command == "addEventListener").then(|| self.new_id());
                match self.tc_data(config, listener, only.as_deref()) {
                    Some(json) => calls.call(&callback, &json, true),
                    // Nothing to say yet: the first event answers.
                    None if listener.is_none() => self.tcf_listeners.push(Listener {
                        id: 0,
                        callback: callback.clone(),
                        once: true,
                    }),
                    None => {}
                }
                if let Some(id) = listener {
                    self.tcf_listeners.push(Listener {
                        id,
                        callback,
                        once: false,
                    });
                }
            }
            "removeEventListener" => {
                let removed = remove(&mut self.tcf_listeners, parameter);
                calls.call(&callback, bool_text(removed), removed);
            }
            "getVendorList" => {
                let wanted = parameter.as_f64().or_else(|| {
                    parameter
                        .as_string()
                        .and_then(|s| s.parse::<u16>().ok())
                        .map(f64::from)
                });
                let latest = parameter.is_undefined()
                    || parameter.is_null()
                    || parameter.as_string().as_deref() == Some("LATEST")
                    || wanted == Some(f64::from(gvl.version));
                if latest {
                    calls.call_value(&callback, self.gvl_js.clone(), true);
                } else {
                    calls.call(&callback, "null", false);
                }
            }
            _ => calls.call(&callback, "null", false),
        }
    }
}
