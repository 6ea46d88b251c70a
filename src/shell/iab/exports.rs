//! The module's exports for `__tcfapi` and `__gpp` (noren_iab only: they come with this
//! module). The loader's stubs forward every call here once the module is ready, queued ones
//! first.

use crate::shell::effects::act;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `__tcfapi(command, version, callback, parameter)`.
#[wasm_bindgen]
pub fn tcfapi(command: JsValue, version: JsValue, callback: JsValue, parameter: JsValue) {
    let (Some(command), Some(callback)) = (command.as_string(), callback.dyn_ref::<Function>())
    else {
        return;
    };
    act(&mut |app, fx| {
        app.iab.tcfapi(
            &app.config,
            &command,
            &version,
            callback.clone(),
            &parameter,
            &mut fx.callbacks,
        )
    });
}

/// `__gpp(command, callback, parameter, version)`; `adopt`: the id of a listener the loader's
/// stub registered before the module was ready.
#[wasm_bindgen]
pub fn gppapi(command: JsValue, callback: JsValue, parameter: JsValue, adopt: JsValue) {
    let (Some(command), Some(callback)) = (command.as_string(), callback.dyn_ref::<Function>())
    else {
        return;
    };
    let adopt = adopt.as_f64().map(|id| id.clamp(0.0, 4e9) as u32);
    act(&mut |app, fx| {
        app.iab.gppapi(
            &app.config,
            &command,
            callback.clone(),
            &parameter,
            adopt,
            &mut fx.callbacks,
        )
    });
}
