//! The objects `__tcfapi` and `__gpp` hand to callers (CONSENT-STANDARDS §1.4, §1.5, §3.1),
//! written as JSON text here so they are tested natively; the shell parses them with the
//! browser's `JSON.parse` before calling back.

use crate::config::TcfSettings;
use crate::consent::record::iso_time;
use crate::decimal;
use crate::iab::gpp::{StateLayout, UsNat, UsState, Width, TCFEUV2, USNAT, USNAT_FIELDS};
use crate::iab::gvl::Gvl;
use crate::iab::tc_string::TcString;
use crate::iab::tcf::Surface;
use crate::json::{bool_text, push_quoted};
use crate::prelude::*;

fn num(o: &mut String, n: u64) {
    decimal::push(o, n);
}

fn key(o: &mut String, first: &mut bool, k: &str) {
    if !*first {
        o.push(',');
    }
    *first = false;
    push_quoted(o, k);
    o.push(':');
}

fn boolean(o: &mut String, b: bool) {
    o.push_str(bool_text(b));
}

/// `{"id": bool, …}` for `ids`, true where `on` holds.
fn id_map(o: &mut String, ids: &mut dyn Iterator<Item = u16>, on: &dyn Fn(u16) -> bool) {
    o.push('{');
    let mut first = true;
    for id in ids {
        let mut k = String::new();
        num(&mut k, u64::from(id));
        key(o, &mut first, &k);
        boolean(o, on(id));
    }
    o.push('}');
}

fn bit(set: u32, width: u32, id: u16) -> bool {
    let id = u32::from(id);
    (1..=width).contains(&id) && set >> (width - id) & 1 == 1
}

/// Two letters as a string.
fn letters(o: &mut String, l: [u8; 2]) {
    o.push('"');
    o.push(l[0] as char);
    o.push(l[1] as char);
    o.push('"');
}

/// The fields every TCF answer carries.
fn head(o: &mut String, first: &mut bool, s: &TcfSettings, gvl: Option<&Gvl>) {
    key(o, first, "gdprApplies");
    boolean(o, s.gdpr_applies);
    key(o, first, "cmpId");
    num(o, u64::from(s.cmp_id));
    key(o, first, "cmpVersion");
    num(o, u64::from(s.cmp_version));
    key(o, first, "tcfPolicyVersion");
    match gvl {
        Some(g) => num(o, u64::from(g.policy_version)),
        None => o.push_str("null"),
    }
}

/// `PingReturn` of the loaded CMP. `display`: `visible`, `hidden` or `disabled`; without a GVL
/// the CMP is in error and answers nothing else.
pub fn tcf_ping(s: &TcfSettings, gvl: Option<&Gvl>, display: &str) -> String {
    let mut o = String::from("{");
    let mut first = true;
    head(&mut o, &mut first, s, gvl);
    key(&mut o, &mut first, "cmpLoaded");
    boolean(&mut o, true);
    key(&mut o, &mut first, "cmpStatus");
    o.push_str(if gvl.is_some() {
        "\"loaded\""
    } else {
        "\"error\""
    });
    key(&mut o, &mut first, "displayStatus");
    push_quoted(&mut o, display);
    key(&mut o, &mut first, "apiVersion");
    o.push_str("\"2.2\"");
    key(&mut o, &mut first, "gvlVersion");
    match gvl {
        Some(g) => num(&mut o, u64::from(g.version)),
        None => o.push_str("null"),
    }
    o.push('}');
    o
}

/// The `TCData` of a page where GDPR does not apply (only `gdprApplies`, `cmpId`,
/// `cmpVersion`, `tcfPolicyVersion`, and the listener's id): also the start of every `TCData`.
pub fn outside_gdpr(s: &TcfSettings, gvl: Option<&Gvl>, listener: Option<u32>) -> String {
    let mut o = String::from("{");
    let mut first = true;
    head(&mut o, &mut first, s, gvl);
    if let Some(id) = listener {
        key(&mut o, &mut first, "listenerId");
        num(&mut o, u64::from(id));
    }
    o.push('}');
    o
}

/// What a `TCData` answer describes.
pub struct TcDataOf<'a> {
    /// The config's `tcf`.
    pub settings: &'a TcfSettings,
    /// The GVL in use.
    pub gvl: &'a Gvl,
    /// What the interface discloses.
    pub surface: &'a Surface,
    /// The string in force, decoded.
    pub tc: &'a TcString,
    /// The string in force.
    pub text: &'a str,
    /// `tcloaded`, `cmpuishown` or `useractioncomplete`.
    pub event: &'a str,
}

/// A `TCData` object; `listener`: the id for `addEventListener` callbacks; `only`: the vendor
/// ids a legacy `getTCData` call asked about.
pub fn tc_data(d: &TcDataOf, listener: Option<u32>, only: Option<&[u16]>) -> String {
    let mut o = outside_gdpr(d.settings, Some(d.gvl), listener);
    if !d.settings.gdpr_applies {
        return o;
    }
    o.pop(); // the closing brace: the rest follows
    let mut first = false;
    let tc = d.tc;
    key(&mut o, &mut first, "tcString");
    push_quoted(&mut o, d.text);
    key(&mut o, &mut first, "eventStatus");
    push_quoted(&mut o, d.event);
    key(&mut o, &mut first, "cmpStatus");
    o.push_str("\"loaded\"");
    key(&mut o, &mut first, "isServiceSpecific");
    boolean(&mut o, tc.is_service_specific);
    key(&mut o, &mut first, "useNonStandardTexts");
    boolean(&mut o, tc.use_non_standard_texts);
    key(&mut o, &mut first, "useNonStandardStacks");
    boolean(&mut o, tc.use_non_standard_texts);
    key(&mut o, &mut first, "publisherCC");
    letters(&mut o, tc.publisher_cc);
    key(&mut o, &mut first, "purposeOneTreatment");
    boolean(&mut o, tc.purpose_one_treatment);
    if d.settings.advertiser_consent_mode {
        key(&mut o, &mut first, "enableAdvertiserConsentMode");
        boolean(&mut o, true);
    }
    let purposes = || d.gvl.purposes.iter().map(|p| u16::from(p.id));
    key(&mut o, &mut first, "purpose");
    o.push_str("{\"consents\":");
    id_map(&mut o, &mut purposes(), &|id| {
        bit(tc.purposes_consent, 24, id)
    });
    o.push_str(",\"legitimateInterests\":");
    id_map(&mut o, &mut purposes(), &|id| {
        bit(tc.purposes_li_transparency, 24, id)
    });
    o.push('}');
    let vendors = || {
        d.surface
            .vendors
            .iter()
            .copied()
            .filter(move |v| only.is_none_or(|ids| ids.contains(v)))
    };
    key(&mut o, &mut first, "vendor");
    o.push_str("{\"consents\":");
    id_map(&mut o, &mut vendors(), &|id| {
        tc.vendor_consents.contains(&id)
    });
    o.push_str(",\"legitimateInterests\":");
    id_map(&mut o, &mut vendors(), &|id| {
        tc.vendor_legitimate_interests.contains(&id)
    });
    o.push_str(",\"disclosedVendors\":");
    let disclosed = tc.disclosed_vendors.as_deref().unwrap_or_default();
    id_map(&mut o, &mut vendors(), &|id| disclosed.contains(&id));
    o.push('}');
    key(&mut o, &mut first, "specialFeatureOptins");
    id_map(
        &mut o,
        &mut d.gvl.special_features.iter().map(|f| u16::from(f.id)),
        &|id| bit(u32::from(tc.special_feature_opt_ins), 12, id),
    );
    key(&mut o, &mut first, "publisher");
    o.push_str(concat!(
        "{\"consents\":{},\"legitimateInterests\":{},",
        "\"customPurpose\":{\"consents\":{},\"legitimateInterests\":{}},\"restrictions\":{"
    ));
    // {purposeId: {vendorId: type}}: one object per purpose, whatever the kinds.
    let mut purposes: Vec<u8> = tc.restrictions.iter().map(|r| r.purpose).collect();
    crate::ids::normalize(&mut purposes);
    let mut first_purpose = true;
    for p in purposes {
        key(&mut o, &mut first_purpose, &n(u64::from(p)));
        o.push('{');
        let mut first_vendor = true;
        for r in tc.restrictions.iter().filter(|r| r.purpose == p) {
            for v in &r.vendors {
                key(&mut o, &mut first_vendor, &n(u64::from(*v)));
                num(&mut o, u64::from(r.kind));
            }
        }
        o.push('}');
    }
    o.push_str("}}");
    o.push('}');
    o
}

/// The GPP state behind `__gpp` answers.
pub struct GppOf<'a> {
    /// The CMP's id (the TCF id when TCF is on, else 1: unregistered).
    pub cmp_id: u16,
    /// `hidden` or `visible`.
    pub display: &'a str,
    /// Whether the applicable section holds the visitor's current choices.
    pub ready: bool,
    /// The section ids this CMP supports, ascending.
    pub supported: Vec<u16>,
    /// The sections in force, ascending (empty: none applies, `[-1]`).
    pub applicable: Vec<u16>,
    /// The TC string of the `tcfeuv2` section, when there is one.
    pub tc: Option<(&'a TcString, &'a str)>,
    /// The `usnat` section, when there is one.
    pub usnat: Option<&'a UsNat>,
    /// The US state sections, ascending.
    pub states: &'a [UsState],
}

impl GppOf<'_> {
    /// The sections present, ascending, encoded.
    pub fn sections(&self) -> Vec<(u16, String)> {
        let mut out = Vec::new();
        if let Some((_, text)) = self.tc {
            out.push((TCFEUV2, text.to_string()));
        }
        if let Some(u) = self.usnat {
            out.push((USNAT, crate::iab::gpp::encode_usnat(u)));
        }
        for s in self.states {
            out.push((s.layout.id, crate::iab::gpp::encode_state(s)));
        }
        out
    }

    /// The whole GPP string (empty when there is no section).
    pub fn string(&self) -> String {
        let sections = self.sections();
        if sections.is_empty() {
            String::new()
        } else {
            crate::iab::gpp::encode(&sections)
        }
    }
}

/// A section's API prefix.
pub fn prefix(id: u16) -> &'static str {
    match id {
        TCFEUV2 => "tcfeuv2",
        USNAT => "usnat",
        _ => StateLayout::by_id(id).map_or("", |l| l.prefix),
    }
}

/// One sub-section: field names and their JSON values.
type Fields = Vec<(&'static str, String)>;

fn ids_json(ids: &mut dyn Iterator<Item = u16>) -> String {
    let mut o = String::from("[");
    for (i, id) in ids.enumerate() {
        if i > 0 {
            o.push(',');
        }
        num(&mut o, u64::from(id));
    }
    o.push(']');
    o
}

fn bits_json(set: u32, width: u32) -> String {
    ids_json(
        &mut crate::iab::tcf::ids_of(set, width)
            .into_iter()
            .map(u16::from),
    )
}

fn text_json(s: &str) -> String {
    let mut o = String::new();
    push_quoted(&mut o, s);
    o
}

fn n(v: u64) -> String {
    let mut o = String::new();
    num(&mut o, v);
    o
}

fn b(v: bool) -> String {
    String::from(bool_text(v))
}

fn tcf_fields(tc: &TcString) -> Vec<Fields> {
    let date = |ds: u64| text_json(&iso_time(ds as f64 * 100.0));
    let two = |l: [u8; 2]| {
        let mut s = String::new();
        letters(&mut s, l);
        s
    };
    let core: Fields = vec![
        ("Version", n(u64::from(tc.version))),
        ("Created", date(tc.created)),
        ("LastUpdated", date(tc.last_updated)),
        ("CmpId", n(u64::from(tc.cmp_id))),
        ("CmpVersion", n(u64::from(tc.cmp_version))),
        ("ConsentScreen", n(u64::from(tc.consent_screen))),
        ("ConsentLanguage", two(tc.consent_language)),
        ("VendorListVersion", n(u64::from(tc.vendor_list_version))),
        ("PolicyVersion", n(u64::from(tc.policy_version))),
        ("IsServiceSpecific", b(tc.is_service_specific)),
        ("UseNonStandardStacks", b(tc.use_non_standard_texts)),
        (
            "SpecialFeatureOptins",
            bits_json(u32::from(tc.special_feature_opt_ins), 12),
        ),
        ("PurposeConsents", bits_json(tc.purposes_consent, 24)),
        (
            "PurposeLegitimateInterests",
            bits_json(tc.purposes_li_transparency, 24),
        ),
        ("PurposeOneTreatment", b(tc.purpose_one_treatment)),
        ("PublisherCountryCode", two(tc.publisher_cc)),
        (
            "VendorConsents",
            ids_json(&mut tc.vendor_consents.iter().copied()),
        ),
        (
            "VendorLegitimateInterests",
            ids_json(&mut tc.vendor_legitimate_interests.iter().copied()),
        ),
        ("PublisherRestrictions", String::from("[]")),
    ];
    let disclosed = tc.disclosed_vendors.as_deref().unwrap_or_default();
    vec![
        core,
        vec![
            ("SegmentType", n(1)),
            ("DisclosedVendors", ids_json(&mut disclosed.iter().copied())),
        ],
    ]
}

/// A list of 2-bit values (an `N-Bitfield(2, n)`) as a JSON array.
fn list(v: &[u8]) -> String {
    ids_json(&mut v.iter().map(|x| u16::from(*x)))
}

fn usnat_fields(u: &UsNat) -> Vec<Fields> {
    let mut values: Vec<String> = vec![n(u64::from(u.version))];
    values.extend(
        u.notices
            .iter()
            .chain(&u.opt_outs)
            .map(|v| n(u64::from(*v))),
    );
    values.push(list(&u.sensitive));
    values.push(list(&u.child));
    values.push(n(u64::from(u.personal_data_consents)));
    values.extend(u.mspa.iter().map(|v| n(u64::from(*v))));
    let core: Fields = USNAT_FIELDS.iter().copied().zip(values).collect();
    with_gpc(core, u.gpc)
}

/// The core sub-section, then the GPC one when present.
fn with_gpc(core: Fields, gpc: Option<bool>) -> Vec<Fields> {
    let mut out = vec![core];
    if let Some(gpc) = gpc {
        out.push(vec![("SubsectionType", n(1)), ("Gpc", b(gpc))]);
    }
    out
}

fn state_fields(s: &UsState) -> Vec<Fields> {
    let mut core: Fields = vec![("Version", n(1))];
    let mut at = 0;
    for (name, width) in s.layout.fields {
        let values = s.values.get(at..at + width.count()).unwrap_or_default();
        at += width.count();
        let value = match width {
            Width::One => n(u64::from(values.first().copied().unwrap_or(0))),
            Width::List(_) => list(values),
        };
        core.push((name, value));
    }
    with_gpc(core, s.gpc)
}

fn fields_of(g: &GppOf, prefix_name: &str) -> Option<Vec<Fields>> {
    match prefix_name {
        "tcfeuv2" => g.tc.map(|(tc, _)| tcf_fields(tc)),
        "usnat" => g.usnat.map(usnat_fields),
        _ => g
            .states
            .iter()
            .find(|s| s.layout.prefix == prefix_name)
            .map(state_fields),
    }
}

fn section_json(o: &mut String, subsections: &[Fields]) {
    o.push('[');
    for (i, fields) in subsections.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push('{');
        let mut first = true;
        for (k, v) in fields {
            key(o, &mut first, k);
            o.push_str(v);
        }
        o.push('}');
    }
    o.push(']');
}

/// `getSection(prefix)`: one object per sub-section, or `null`.
pub fn get_section(g: &GppOf, prefix_name: &str) -> String {
    match fields_of(g, prefix_name) {
        Some(s) => {
            let mut o = String::new();
            section_json(&mut o, &s);
            o
        }
        None => String::from("null"),
    }
}

/// `getField("prefix.Field")`: the value, or `null`.
pub fn get_field(g: &GppOf, path: &str) -> String {
    let Some((p, field)) = path.split_once('.') else {
        return String::from("null");
    };
    fields_of(g, p)
        .and_then(|subs| {
            subs.into_iter()
                .flatten()
                .find(|(k, _)| *k == field)
                .map(|(_, v)| v)
        })
        .unwrap_or_else(|| String::from("null"))
}

/// `hasSection(prefix)`.
pub fn has_section(g: &GppOf, prefix_name: &str) -> bool {
    fields_of(g, prefix_name).is_some()
}

/// The GPP `PingReturn`.
pub fn gpp_ping(g: &GppOf) -> String {
    let mut o =
        String::from("{\"gppVersion\":\"1.1\",\"cmpStatus\":\"loaded\",\"cmpDisplayStatus\":");
    push_quoted(&mut o, g.display);
    o.push_str(",\"signalStatus\":");
    o.push_str(if g.ready {
        "\"ready\""
    } else {
        "\"not ready\""
    });
    o.push_str(",\"supportedAPIs\":[");
    for (i, id) in g.supported.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        let mut s = n(u64::from(*id));
        s.push(':');
        s.push_str(prefix(*id));
        push_quoted(&mut o, &s);
    }
    o.push_str("],\"cmpId\":");
    num(&mut o, u64::from(g.cmp_id));
    let sections = g.sections();
    o.push_str(",\"sectionList\":");
    o.push_str(&ids_json(&mut sections.iter().map(|(id, _)| *id)));
    o.push_str(",\"applicableSections\":");
    if g.applicable.is_empty() {
        o.push_str("[-1]");
    } else {
        o.push_str(&ids_json(&mut g.applicable.iter().copied()));
    }
    o.push_str(",\"gppString\":");
    if !sections.is_empty() {
        push_quoted(&mut o, &crate::iab::gpp::encode(&sections));
    } else {
        o.push_str("\"\"");
    }
    o.push_str(",\"parsedSections\":{");
    let mut first = true;
    for (id, _) in &sections {
        key(&mut o, &mut first, prefix(*id));
        if let Some(s) = fields_of(g, prefix(*id)) {
            section_json(&mut o, &s);
        }
    }
    o.push_str("}}");
    o
}

/// A GPP `EventListener` object: `{eventName, listenerId, data, pingData}`; `data` and `ping`
/// (from [`gpp_ping`], made once for all the listeners of an event) are JSON.
pub fn gpp_event(ping: &str, name: &str, listener: u32, data: &str) -> String {
    let mut o = String::from("{\"eventName\":");
    push_quoted(&mut o, name);
    o.push_str(",\"listenerId\":");
    num(&mut o, u64::from(listener));
    o.push_str(",\"data\":");
    o.push_str(data);
    o.push_str(",\"pingData\":");
    o.push_str(ping);
    o.push('}');
    o
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
