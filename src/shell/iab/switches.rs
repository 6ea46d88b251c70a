//! The TCF part of the preferences dialog: its switches (`data-tp` purposes, `data-tl`
//! legitimate interests, `data-tf` special features, `data-tv` vendors, `data-tw` vendors'
//! legitimate interests), set from the choices and read back on save.

use super::super::dom::{all, attr};
use super::Iab;
use crate::iab::tcf::Choices;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, ShadowRoot};

impl Iab {
    /// Sets the dialog's TCF switches from the choices.
    pub fn fill(&self, root: &ShadowRoot) {
        for_each_input(root, &mut |attr, id, input| {
            input.set_checked(self.has(attr, id));
        });
    }

    /// Whether the choices grant what the switch `attr` (see the module's doc) with `id` is
    /// about.
    fn has(&self, attr: &str, id: u16) -> bool {
        let c = &self.choices;
        let small = |list: &[u8]| u8::try_from(id).is_ok_and(|i| list.contains(&i));
        match attr {
            "data-tp" => small(&c.purposes),
            "data-tl" => small(&c.li_purposes),
            "data-tf" => small(&c.special_features),
            "data-tv" => c.vendors.contains(&id),
            _ => c.li_vendors.contains(&id),
        }
    }

    /// Takes the choices the dialog's TCF switches show (before a save).
    pub fn read_switches(&mut self, root: &ShadowRoot) {
        let mut c = Choices::none();
        for_each_input(root, &mut |attr, id, input| {
            if !input.checked() {
                return;
            }
            let small = u8::try_from(id).unwrap_or(0);
            match attr {
                "data-tp" => c.purposes.push(small),
                "data-tl" => c.li_purposes.push(small),
                "data-tf" => c.special_features.push(small),
                "data-tv" => c.vendors.push(id),
                _ => c.li_vendors.push(id),
            }
        });
        self.choices = c;
    }
}

/// Calls `f(attribute, id, input)` for each TCF switch of the dialog.
fn for_each_input(root: &ShadowRoot, f: &mut dyn FnMut(&str, u16, &HtmlInputElement)) {
    for e in all(root, "[data-tp],[data-tl],[data-tf],[data-tv],[data-tw]") {
        for name in ["data-tp", "data-tl", "data-tf", "data-tv", "data-tw"] {
            if let Some(v) = attr(&e, name) {
                let id = v.parse::<u16>().unwrap_or(0);
                f(name, id, e.unchecked_ref());
            }
        }
    }
}
