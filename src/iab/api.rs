//! The objects `__tcfapi` and `__gpp` hand to callers (CONSENT-STANDARDS §1.4, §1.5, §3.1),
//! written as JSON text here so they are tested natively; the shell parses them with the
//! browser's `JSON.parse` before calling back.

use crate::config::TcfSettings;
use crate::consent::record::iso_time;
use crate::iab::gpp::{encode_us, UsLayout, UsSection, Width, TCFEUV2};
use crate::iab::gvl::Gvl;
use crate::iab::tc_string::TcString;
use crate::iab::tcf::Surface;
use crate::json::JsonWriter;
use crate::prelude::*;

/// `{"id": bool, …}` for `ids`, true where `on` holds.
fn id_map(w: &mut JsonWriter, ids: &mut dyn Iterator<Item = u16>, on: &dyn Fn(u16) -> bool) {
    w.open();
    for id in ids {
        w.key_num(u64::from(id)).bool(on(id));
    }
    w.close();
}

fn bit(set: u32, width: u32, id: u16) -> bool {
    let id = u32::from(id);
    (1..=width).contains(&id) && set >> (width - id) & 1 == 1
}

/// Two letters as a string.
fn letters(w: &mut JsonWriter, l: [u8; 2]) {
    let mut s = String::new();
    s.push(l[0] as char);
    s.push(l[1] as char);
    w.str(&s);
}

/// A number, or `null` without one.
fn num_or_null(w: &mut JsonWriter, n: Option<u16>) {
    match n {
        Some(n) => w.num(u64::from(n)),
        None => w.null(),
    };
}

/// The fields every TCF answer carries (the object is open).
fn head(w: &mut JsonWriter, s: &TcfSettings, gvl: Option<&Gvl>) {
    w.key("gdprApplies").bool(s.gdpr_applies);
    w.key("cmpId").num(u64::from(s.cmp_id));
    w.key("cmpVersion").num(u64::from(s.cmp_version));
    w.key("tcfPolicyVersion");
    num_or_null(w, gvl.map(|g| u16::from(g.policy_version)));
}

/// `PingReturn` of the loaded CMP. `display`: `visible`, `hidden` or `disabled`; without a GVL
/// the CMP is in error and answers nothing else.
pub fn tcf_ping(s: &TcfSettings, gvl: Option<&Gvl>, display: &str) -> String {
    let mut w = JsonWriter::new();
    w.open();
    head(&mut w, s, gvl);
    w.key("cmpLoaded").bool(true);
    w.key("cmpStatus")
        .str(if gvl.is_some() { "loaded" } else { "error" });
    w.key("displayStatus").str(display);
    w.key("apiVersion").str("2.2");
    w.key("gvlVersion");
    num_or_null(&mut w, gvl.map(|g| g.version));
    w.close();
    w.finish()
}

/// The `TCData` of a page where GDPR does not apply (only `gdprApplies`, `cmpId`,
/// `cmpVersion`, `tcfPolicyVersion`, and the listener's id).
pub fn outside_gdpr(s: &TcfSettings, gvl: Option<&Gvl>, listener: Option<u32>) -> String {
    let mut w = JsonWriter::new();
    w.open();
    tcf_start(&mut w, s, gvl, listener);
    w.close();
    w.finish()
}

/// The start of every `TCData` (the object is open): [`head`] and the listener's id.
fn tcf_start(w: &mut JsonWriter, s: &TcfSettings, gvl: Option<&Gvl>, listener: Option<u32>) {
    head(w, s, gvl);
    if let Some(id) = listener {
        w.key("listenerId").num(u64::from(id));
    }
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
    let mut w = JsonWriter::new();
    w.open();
    tcf_start(&mut w, d.settings, Some(d.gvl), listener);
    if !d.settings.gdpr_applies {
        w.close();
        return w.finish();
    }
    let tc = d.tc;
    w.key("tcString").str(d.text);
    w.key("eventStatus").str(d.event);
    w.key("cmpStatus").str("loaded");
    w.key("isServiceSpecific").bool(tc.is_service_specific);
    w.key("useNonStandardTexts").bool(tc.use_non_standard_texts);
    w.key("useNonStandardStacks")
        .bool(tc.use_non_standard_texts);
    w.key("publisherCC");
    letters(&mut w, tc.publisher_cc);
    w.key("purposeOneTreatment").bool(tc.purpose_one_treatment);
    if d.settings.advertiser_consent_mode {
        w.key("enableAdvertiserConsentMode").bool(true);
    }
    let purposes = || d.gvl.purposes.iter().map(|p| u16::from(p.id));
    w.key("purpose").open().key("consents");
    id_map(&mut w, &mut purposes(), &|id| {
        bit(tc.purposes_consent, 24, id)
    });
    w.key("legitimateInterests");
    id_map(&mut w, &mut purposes(), &|id| {
        bit(tc.purposes_li_transparency, 24, id)
    });
    w.close();
    let vendors = || {
        d.surface
            .vendors
            .iter()
            .copied()
            .filter(move |v| only.is_none_or(|ids| ids.contains(v)))
    };
    w.key("vendor").open().key("consents");
    id_map(&mut w, &mut vendors(), &|id| {
        tc.vendor_consents.contains(&id)
    });
    w.key("legitimateInterests");
    id_map(&mut w, &mut vendors(), &|id| {
        tc.vendor_legitimate_interests.contains(&id)
    });
    w.key("disclosedVendors");
    let disclosed = tc.disclosed_vendors.as_deref().unwrap_or_default();
    id_map(&mut w, &mut vendors(), &|id| disclosed.contains(&id));
    w.close();
    w.key("specialFeatureOptins");
    id_map(
        &mut w,
        &mut d.gvl.special_features.iter().map(|f| u16::from(f.id)),
        &|id| bit(u32::from(tc.special_feature_opt_ins), 12, id),
    );
    w.key("publisher").open();
    w.key("consents").open().close();
    w.key("legitimateInterests").open().close();
    w.key("customPurpose").open();
    w.key("consents").open().close();
    w.key("legitimateInterests").open().close();
    w.close();
    // {purposeId: {vendorId: type}}: one object per purpose, whatever the kinds.
    w.key("restrictions").open();
    let mut purposes: Vec<u8> = tc.restrictions.iter().map(|r| r.purpose).collect();
    crate::ids::normalize(&mut purposes);
    for p in purposes {
        w.key_num(u64::from(p)).open();
        for r in tc.restrictions.iter().filter(|r| r.purpose == p) {
            for v in &r.vendors {
                w.key_num(u64::from(*v)).num(u64::from(r.kind));
            }
        }
        w.close();
    }
    w.close().close().close();
    w.finish()
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
    pub usnat: Option<&'a UsSection>,
    /// The US state sections, ascending.
    pub states: &'a [UsSection],
}

impl GppOf<'_> {
    /// The sections present, ascending, encoded.
    pub fn sections(&self) -> Vec<(u16, String)> {
        let mut out = Vec::new();
        if let Some((_, text)) = self.tc {
            out.push((TCFEUV2, text.to_string()));
        }
        for s in self.us() {
            out.push((s.layout.id, encode_us(s)));
        }
        out
    }

    /// The US sections present: `usnat`, then the states.
    fn us(&self) -> impl Iterator<Item = &UsSection> {
        self.usnat.into_iter().chain(self.states)
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
        // Every US section has a version 1.
        _ => UsLayout::of(id, 1).map_or("", |l| l.prefix),
    }
}

/// One sub-section: field names and their JSON values.
type Fields = Vec<(&'static str, String)>;

fn ids_json(ids: &mut dyn Iterator<Item = u16>) -> String {
    let mut w = JsonWriter::new();
    w.list();
    for id in ids {
        w.num(u64::from(id));
    }
    w.close_list();
    w.finish()
}

fn bits_json(set: u32, width: u32) -> String {
    ids_json(
        &mut crate::iab::tcf::ids_of(set, width)
            .into_iter()
            .map(u16::from),
    )
}

fn text_json(s: &str) -> String {
    let mut w = JsonWriter::new();
    w.str(s);
    w.finish()
}

fn n(v: u64) -> String {
    let mut w = JsonWriter::new();
    w.num(v);
    w.finish()
}

fn b(v: bool) -> String {
    let mut w = JsonWriter::new();
    w.bool(v);
    w.finish()
}

fn tcf_fields(tc: &TcString) -> Vec<Fields> {
    let date = |ds: u64| text_json(&iso_time(ds as f64 * 100.0));
    let two = |l: [u8; 2]| {
        let mut w = JsonWriter::new();
        letters(&mut w, l);
        w.finish()
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

/// A US section's sub-sections: the core one, then the GPC one when present (only where the
/// section has it, as [`encode_us`] writes it).
fn us_fields(s: &UsSection) -> Vec<Fields> {
    let mut core: Fields = vec![("Version", n(u64::from(s.layout.version)))];
    let mut at = 0;
    for (name, width) in s.layout.fields() {
        let values = s.values.get(at..at + width.count()).unwrap_or_default();
        at += width.count();
        let value = match width {
            Width::One => n(u64::from(values.first().copied().unwrap_or(0))),
            Width::List(_) => list(values),
        };
        core.push((name, value));
    }
    let mut out = vec![core];
    if let Some(gpc) = s.gpc.filter(|_| s.layout.gpc) {
        out.push(vec![("SubsectionType", n(1)), ("Gpc", b(gpc))]);
    }
    out
}

fn fields_of(g: &GppOf, prefix_name: &str) -> Option<Vec<Fields>> {
    match prefix_name {
        "tcfeuv2" => g.tc.map(|(tc, _)| tcf_fields(tc)),
        _ => g
            .us()
            .find(|s| s.layout.prefix == prefix_name)
            .map(us_fields),
    }
}

fn section_json(w: &mut JsonWriter, subsections: &[Fields]) {
    w.list();
    for fields in subsections {
        w.open();
        for (k, v) in fields {
            w.key(k).written(v);
        }
        w.close();
    }
    w.close_list();
}

/// `getSection(prefix)`: one object per sub-section, or `null`.
pub fn get_section(g: &GppOf, prefix_name: &str) -> String {
    let mut w = JsonWriter::new();
    match fields_of(g, prefix_name) {
        Some(s) => section_json(&mut w, &s),
        None => {
            w.null();
        }
    }
    w.finish()
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
    let mut w = JsonWriter::new();
    w.open().key("gppVersion").str("1.1");
    w.key("cmpStatus").str("loaded");
    w.key("cmpDisplayStatus").str(g.display);
    w.key("signalStatus")
        .str(if g.ready { "ready" } else { "not ready" });
    w.key("supportedAPIs").list();
    for id in &g.supported {
        let mut s = n(u64::from(*id));
        s.push(':');
        s.push_str(prefix(*id));
        w.str(&s);
    }
    w.close_list().key("cmpId").num(u64::from(g.cmp_id));
    let sections = g.sections();
    w.key("sectionList")
        .written(&ids_json(&mut sections.iter().map(|(id, _)| *id)));
    w.key("applicableSections");
    if g.applicable.is_empty() {
        w.written("[-1]");
    } else {
        w.written(&ids_json(&mut g.applicable.iter().copied()));
    }
    w.key("gppString");
    if !sections.is_empty() {
        w.str(&crate::iab::gpp::encode(&sections));
    } else {
        w.str("");
    }
    w.key("parsedSections").open();
    for (id, _) in &sections {
        w.key(prefix(*id));
        if let Some(s) = fields_of(g, prefix(*id)) {
            section_json(&mut w, &s);
        }
    }
    w.close().close();
    w.finish()
}

/// A GPP `EventListener` object: `{eventName, listenerId, data, pingData}`; `data` and `ping`
/// (from [`gpp_ping`], made once for all the listeners of an event) are JSON.
pub fn gpp_event(ping: &str, name: &str, listener: u32, data: &str) -> String {
    let mut w = JsonWriter::new();
    w.open().key("eventName").str(name);
    w.key("listenerId").num(u64::from(listener));
    w.key("data").written(data);
    w.key("pingData").written(ping);
    w.close();
    w.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
