use super::*;
use crate::iab::gvl::tests::sample;
use crate::iab::tcf::{build, Choices};
use crate::json::{parse_text, Json};

fn settings(gdpr: bool) -> TcfSettings {
    TcfSettings {
        cmp_id: 300,
        cmp_version: 2,
        gvl_url: "/v.json".into(),
        vendors: vec![8, 21],
        publisher_cc: *b"JP",
        gdpr_applies: gdpr,
        advertiser_consent_mode: true,
        restrictions: Vec::new(),
    }
}

/// What a TCF answer is made of: the settings, a GVL of vendors 8 and 21, what the interface
/// discloses, and the TC string of every choice (less what `choose` takes back), with its text.
struct Tcf {
    settings: TcfSettings,
    gvl: Gvl,
    surface: Surface,
    tc: TcString,
    text: String,
}

impl Tcf {
    fn of(choose: impl FnOnce(&mut Choices)) -> Tcf {
        let settings = settings(true);
        let gvl = sample(&[8, 21]);
        let surface = Surface::of(&gvl);
        let mut c = Choices::all(&surface);
        choose(&mut c);
        let tc = build(&settings, &gvl, &surface, &c, *b"EN", 1.7e12);
        let text = crate::iab::tc_string::encode(&tc);
        Tcf {
            settings,
            gvl,
            surface,
            tc,
            text,
        }
    }

    /// The `TCData` answer of `event`.
    fn data<'a>(&'a self, event: &'a str) -> TcDataOf<'a> {
        TcDataOf {
            settings: &self.settings,
            gvl: &self.gvl,
            surface: &self.surface,
            tc: &self.tc,
            text: &self.text,
            event,
        }
    }
}

/// A `__gpp` state: sections `ids` supported and applicable, ready, hidden, none present.
fn gpp<'a>(ids: &[u16]) -> GppOf<'a> {
    GppOf {
        cmp_id: 1,
        display: "hidden",
        ready: true,
        supported: ids.to_vec(),
        applicable: ids.to_vec(),
        tc: None,
        usnat: None,
        states: &[],
    }
}

fn at<'a>(j: &'a Json, path: &[&str]) -> &'a Json {
    path.iter()
        .fold(j, |j, k| j.get(k).unwrap_or_else(|| panic!("no {k}")))
}

#[test]
fn tc_data_says_what_the_string_says() {
    let t = Tcf::of(|c| c.li_vendors.retain(|v| *v != 21));
    let text = &t.text;
    let d = t.data("useractioncomplete");
    let j = parse_text(&tc_data(&d, Some(3), None)).unwrap();
    assert_eq!(at(&j, &["listenerId"]), &Json::Num(3.0));
    assert_eq!(at(&j, &["tcString"]), &Json::Str(text.clone()));
    assert_eq!(
        at(&j, &["eventStatus"]),
        &Json::Str("useractioncomplete".into())
    );
    assert_eq!(at(&j, &["cmpStatus"]), &Json::Str("loaded".into()));
    assert_eq!(at(&j, &["purpose", "consents", "1"]), &Json::Bool(true));
    assert_eq!(at(&j, &["purpose", "consents", "7"]), &Json::Bool(false));
    assert_eq!(
        at(&j, &["purpose", "legitimateInterests", "7"]),
        &Json::Bool(true)
    );
    assert_eq!(
        at(&j, &["vendor", "legitimateInterests", "21"]),
        &Json::Bool(false)
    );
    assert_eq!(at(&j, &["vendor", "consents", "21"]), &Json::Bool(true));
    assert_eq!(
        at(&j, &["vendor", "disclosedVendors", "8"]),
        &Json::Bool(true)
    );
    assert_eq!(at(&j, &["specialFeatureOptins", "1"]), &Json::Bool(true));
    assert_eq!(at(&j, &["publisherCC"]), &Json::Str("JP".into()));
    assert_eq!(at(&j, &["enableAdvertiserConsentMode"]), &Json::Bool(true));
    let only = parse_text(&tc_data(&d, None, Some(&[21]))).unwrap();
    assert!(only.get("listenerId").is_none());
    assert!(at(&only, &["vendor", "consents"]).get("8").is_none());

    let out = TcDataOf {
        settings: &settings(false),
        ..d
    };
    let j = parse_text(&tc_data(&out, None, None)).unwrap();
    let Json::Obj(members) = j else { panic!() };
    let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        vec!["gdprApplies", "cmpId", "cmpVersion", "tcfPolicyVersion"]
    );
}

#[test]
fn ping_answers() {
    let gvl = sample(&[8]);
    let j = parse_text(&tcf_ping(&settings(true), Some(&gvl), "visible")).unwrap();
    assert_eq!(at(&j, &["cmpLoaded"]), &Json::Bool(true));
    assert_eq!(at(&j, &["cmpStatus"]), &Json::Str("loaded".into()));
    assert_eq!(at(&j, &["gvlVersion"]), &Json::Num(120.0));
    assert_eq!(at(&j, &["tcfPolicyVersion"]), &Json::Num(5.0));
    assert_eq!(at(&j, &["apiVersion"]), &Json::Str("2.2".into()));
    let e = parse_text(&tcf_ping(&settings(true), None, "hidden")).unwrap();
    assert_eq!(at(&e, &["cmpStatus"]), &Json::Str("error".into()));
}

#[test]
fn gpp_sections_fields_and_ping_agree() {
    let u = crate::iab::gpp::tests::gpc_honoured();
    let g = GppOf {
        usnat: Some(&u),
        ..gpp(&[7])
    };
    assert_eq!(g.string(), "DBABLA~CVQVAAAAAACA.YA");
    assert_eq!(get_field(&g, "usnat.SaleOptOut"), "1");
    assert_eq!(get_field(&g, "usnat.Gpc"), "true");
    assert_eq!(get_field(&g, "usnat.Nope"), "null");
    assert_eq!(get_field(&g, "tcfeuv2.CmpId"), "null");
    assert!(has_section(&g, "usnat") && !has_section(&g, "tcfeuv2"));
    let ping = parse_text(&gpp_ping(&g)).unwrap();
    assert_eq!(
        at(&ping, &["gppString"]),
        &Json::Str("DBABLA~CVQVAAAAAACA.YA".into())
    );
    assert_eq!(
        at(&ping, &["sectionList"]),
        &Json::Arr(vec![Json::Num(7.0)])
    );
    assert_eq!(
        at(&ping, &["applicableSections"]),
        &Json::Arr(vec![Json::Num(7.0)])
    );
    assert_eq!(
        at(&ping, &["supportedAPIs"]),
        &Json::Arr(vec![Json::Str("7:usnat".into())])
    );
    let section = parse_text(&get_section(&g, "usnat")).unwrap();
    assert_eq!(at(&ping, &["parsedSections", "usnat"]), &section);
    let Json::Arr(subs) = &section else { panic!() };
    assert_eq!(at(&subs[0], &["SaleOptOut"]), &Json::Num(1.0));
    assert_eq!(at(&subs[1], &["Gpc"]), &Json::Bool(true));
    let ev = parse_text(&gpp_event(&gpp_ping(&g), "signalStatus", 2, "\"ready\"")).unwrap();
    assert_eq!(at(&ev, &["data"]), &Json::Str("ready".into()));
    assert_eq!(
        at(&ev, &["pingData", "signalStatus"]),
        &Json::Str("ready".into())
    );
    let none = GppOf {
        usnat: None,
        applicable: Vec::new(),
        ..g
    };
    let ping = parse_text(&gpp_ping(&none)).unwrap();
    assert_eq!(
        at(&ping, &["applicableSections"]),
        &Json::Arr(vec![Json::Num(-1.0)])
    );
    assert_eq!(at(&ping, &["gppString"]), &Json::Str(String::new()));
}

#[test]
fn state_sections_in_the_ping_and_the_generic_commands() {
    // The string as @iabgpp/cmpapi writes the same fields.
    let layout = |id| UsLayout::state(id).unwrap();
    let states = [
        UsSection {
            layout: layout(8),
            values: vec![1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0],
            gpc: Some(true),
        },
        UsSection {
            layout: layout(9),
            values: vec![1, 1, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0],
            gpc: None,
        },
    ];
    let g = GppOf {
        states: &states,
        ..gpp(&[8, 9])
    };
    assert_eq!(g.string(), "DBABh4A~BUUAAACA.YA~BVoAACA");
    assert_eq!(get_field(&g, "usca.SaleOptOut"), "1");
    assert_eq!(get_field(&g, "usca.Gpc"), "true");
    assert_eq!(
        get_field(&g, "usca.KnownChildSensitiveDataConsents"),
        "[0,0]"
    );
    assert_eq!(get_field(&g, "usva.TargetedAdvertisingOptOut"), "2");
    assert_eq!(get_field(&g, "usva.KnownChildSensitiveDataConsents"), "0");
    assert_eq!(get_field(&g, "usva.Gpc"), "null");
    assert!(has_section(&g, "usva") && !has_section(&g, "usco"));
    assert_eq!(get_section(&g, "usct"), "null");
    let ping = parse_text(&gpp_ping(&g)).unwrap();
    assert_eq!(
        at(&ping, &["supportedAPIs"]),
        &Json::Arr(vec![Json::Str("8:usca".into()), Json::Str("9:usva".into())])
    );
    let both = Json::Arr(vec![Json::Num(8.0), Json::Num(9.0)]);
    assert_eq!(at(&ping, &["applicableSections"]), &both);
    assert_eq!(at(&ping, &["sectionList"]), &both);
    let va = parse_text(&get_section(&g, "usva")).unwrap();
    assert_eq!(at(&ping, &["parsedSections", "usva"]), &va);
    let Json::Arr(subs) = &va else { panic!() };
    assert_eq!(subs.len(), 1);
    assert_eq!(at(&subs[0], &["Version"]), &Json::Num(1.0));
    assert_eq!(
        at(&subs[0], &["SensitiveDataProcessing"]),
        &Json::Arr(vec![Json::Num(0.0); 8])
    );
    assert_eq!(at(&subs[0], &["MspaCoveredTransaction"]), &Json::Num(2.0));
}

#[test]
fn tcfeuv2_fields() {
    let t = Tcf::of(|_| {});
    let g = GppOf {
        cmp_id: 300,
        tc: Some((&t.tc, &t.text)),
        ..gpp(&[2])
    };
    assert_eq!(g.sections(), vec![(2, t.text.clone())]);
    assert_eq!(get_field(&g, "tcfeuv2.CmpId"), "300");
    assert_eq!(get_field(&g, "tcfeuv2.VendorConsents"), "[8,21]");
    assert_eq!(get_field(&g, "tcfeuv2.DisclosedVendors"), "[8,21]");
    assert_eq!(
        get_field(&g, "tcfeuv2.Created"),
        "\"2023-11-14T00:00:00.000Z\""
    );
}

/// Every object `__tcfapi` and `__gpp` hand out is what src/noren.d.ts declares (keys, and
/// the kinds of their values), with every optional field present somewhere.
#[test]
fn the_objects_are_what_noren_d_ts_says() {
    use crate::iab::tc_string::Restriction;
    use crate::typings::assert_is;
    let mut t = Tcf::of(|_| {});
    t.tc.restrictions.push(Restriction {
        purpose: 2,
        kind: 1,
        vendors: vec![8, 21],
    });
    t.text = crate::iab::tc_string::encode(&t.tc);
    let (gvl, d) = (&t.gvl, t.data("tcloaded"));
    assert_is("TCData", &tc_data(&d, Some(3), None), false);
    assert_is("TCData", &tc_data(&d, None, Some(&[21])), false);
    let outside = settings(false);
    assert_is("TCData", &outside_gdpr(&outside, Some(gvl), Some(1)), true);
    assert_is(
        "TCFPingReturn",
        &tcf_ping(&settings(true), Some(gvl), "visible"),
        false,
    );
    assert_is(
        "TCFPingReturn",
        &tcf_ping(&settings(true), None, "disabled"),
        false,
    );

    let u = crate::iab::gpp::tests::gpc_honoured();
    let states = [UsSection {
        layout: UsLayout::state(8).unwrap(),
        values: vec![1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0],
        gpc: Some(true),
    }];
    let g = GppOf {
        cmp_id: 300,
        display: "visible",
        ready: false,
        tc: Some((&t.tc, &t.text)),
        usnat: Some(&u),
        states: &states,
        ..gpp(&[2, 7, 8])
    };
    let ping = gpp_ping(&g);
    assert_is("GPPPingReturn", &ping, false);
    let none = GppOf {
        tc: None,
        usnat: None,
        states: &[],
        applicable: Vec::new(),
        ..g
    };
    assert_is("GPPPingReturn", &gpp_ping(&none), false);
    assert_is(
        "GPPEvent",
        &gpp_event(&ping, "sectionChange", 4, "\"usnat\""),
        false,
    );
}
