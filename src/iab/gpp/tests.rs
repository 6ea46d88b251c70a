use super::*;
use proptest::prelude::*;

#[test]
fn states_are_the_sections_a_config_names() {
    let laid_out: Vec<(u16, &str)> = STATES.iter().map(|l| (l.id, l.prefix)).collect();
    assert_eq!(laid_out, crate::config::US_STATE_SECTIONS);
}

#[test]
fn header_vectors() {
    // The spec's examples pad to 6 bits; the reference library (and this encoder) to a
    // byte first, which adds one `A` to the first two.
    for (s, ids, ours) in [
        ("DBABM", vec![2], "DBABMA"),
        ("DBACNY", vec![2, 6], "DBACNYA"),
        ("DBABjw", vec![5, 6], "DBABjw"),
        ("DBABLA", vec![7], "DBABLA"),
        ("DBABBg", vec![8], "DBABBg"),
    ] {
        assert_eq!(decode_header(s).unwrap(), ids, "{s}");
        assert_eq!(encode_header(&ids), ours, "{ids:?}");
        assert_eq!(decode_header(ours).unwrap(), ids, "{ours}");
    }
    // Trailing zero padding is tolerated.
    assert_eq!(decode_header("DBABMAAA").unwrap(), vec![2]);
    assert_eq!(decode_header("DBACNY").unwrap(), vec![2, 6]);
}

#[test]
fn fibonacci_code_words() {
    for (n, bits) in [
        (1, "11"),
        (2, "011"),
        (3, "0011"),
        (4, "1011"),
        (5, "00011"),
    ] {
        let mut w = Writer::default();
        w.fibonacci(n);
        w.int(0, 6 - bits.len());
        let expected = u64::from_str_radix(&format!("{bits:0<6}"), 2).unwrap();
        let mut r = Reader::new(&w.finish(&[6])).unwrap();
        assert_eq!(r.int(6).unwrap(), expected, "{n}");
    }
}

/// A section of layout (`id`, `version`) from its values.
fn section(id: u16, version: u8, values: &[u8], gpc: Option<bool>) -> UsSection {
    UsSection {
        layout: UsLayout::of(id, version).unwrap(),
        values: values.to_vec(),
        gpc,
    }
}

#[test]
fn usnat_v1_with_gpc() {
    let (id, body) = decode("DBABLA~BVVVVVVVVWA.YA").unwrap().remove(0);
    let u = decode_us(id, &body).unwrap();
    // 6 notices, 3 opt-outs, 12 sensitive, 2 child, PersonalDataConsents, then the MSPA's 1 1 2.
    let mut values = vec![1; 26];
    values.push(2);
    assert_eq!(u, section(USNAT, 1, &values, Some(true)));
    assert_eq!(encode_us(&u), body);
}

#[test]
fn usnat_v2_not_applicable() {
    let sections = decode("DBABLA~CAAAAAAAAAWA.Q").unwrap();
    assert_eq!(sections[0].0, USNAT);
    let u = decode_us(USNAT, &sections[0].1).unwrap();
    // 6 notices, 3 opt-outs, 16 sensitive, child 0 0 1, PersonalDataConsents 1, MSPA 2 0 0.
    let mut values = vec![0; 27];
    values.extend([1, 1, 2, 0, 0]);
    assert_eq!(u, section(USNAT, 2, &values, Some(false)));
}

/// The digest's "GPC honoured" section (`DBABLA~CVQVAAAAAACA.YA`).
pub(crate) fn gpc_honoured() -> UsSection {
    let mut values = vec![1, 1, 1, 1, 0, 0, 1, 1, 1];
    values.extend([0; 20]);
    values.extend([2, 0, 0]);
    section(USNAT, 2, &values, Some(true))
}

#[test]
fn usnat_gpc_honoured_vector() {
    let u = gpc_honoured();
    let s = encode(&[(USNAT, encode_us(&u))]);
    assert_eq!(s, "DBABLA~CVQVAAAAAACA.YA");
    assert_eq!(decode_us(USNAT, &decode(&s).unwrap()[0].1).unwrap(), u);
}

#[test]
fn two_sections_with_tcf() {
    let s = "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN";
    let sections = decode(s).unwrap();
    assert_eq!(
        sections.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![2, 6]
    );
    let tc = crate::iab::tc_string::decode(&sections[0].1).unwrap();
    assert_eq!(
        (tc.cmp_id, tc.cmp_version, tc.vendor_list_version),
        (31, 640, 126)
    );
    assert_eq!(encode(&sections), s.replacen("DBACNY", "DBACNYA", 1));
}

#[test]
fn malformed_is_an_error() {
    for s in [
        "",
        "D",
        "CBABM",
        "DBABM~x~y",
        "DBABLA~C",
        "DBABLA~CVQVAAAAAACA.!",
        "DBAB",
    ] {
        let ok = decode(s).and_then(|v| {
            v.iter().try_for_each(|(id, b)| {
                if *id == USNAT {
                    decode_us(USNAT, b).map(|_| ())
                } else {
                    Ok(())
                }
            })
        });
        assert!(ok.is_err(), "{s:?} should not decode");
    }
}

/// Strings written by `@iabgpp/cmpapi` 3.2's `GppModel` (`encodeSection`, `encode`).
#[test]
fn state_vectors_of_the_reference_encoder() {
    let ca = section(
        8,
        1,
        &[1, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 2, 0, 2, 0, 0],
        Some(true),
    );
    let va = section(
        9,
        1,
        &[1, 0, 0, 1, 2, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 0, 0],
        None,
    );
    let co = section(
        10,
        1,
        &[0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 0, 2],
        Some(false),
    );
    let ut = section(
        11,
        1,
        &[0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0],
        None,
    );
    let ct = section(
        12,
        1,
        &[2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 0, 0],
        Some(false),
    );
    for (u, text) in [
        (ca, "BUYYYZiA.YA"),
        (va, "BQZVqlA"),
        (co, "BECABEg.QA"),
        (ut, "BAhAACQA"),
        (ct, "BgAAABkA.QA"),
    ] {
        assert_eq!(encode_us(&u), text, "{}", u.layout.prefix);
        assert_eq!(decode_us(u.layout.id, text).unwrap(), u);
    }
    // Every section with only MspaCoveredTransaction set, in one string.
    let all = "DBABrGA~CAAAAAAAAABA.QA~BAAAAABA.QA~BAAAABA~BAAAAEA.QA~BAAAAAQA~BAAAAAEA.QA";
    let sections = decode(all).unwrap();
    let ids: Vec<u16> = sections.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![7, 8, 9, 10, 11, 12]);
    for (id, body) in &sections[1..] {
        let u = decode_us(*id, body).unwrap();
        let at = u
            .layout
            .fields()
            .take_while(|(n, _)| *n != "MspaCoveredTransaction");
        let i: usize = at.map(|(_, w)| w.count()).sum();
        assert_eq!(u.values.iter().sum::<u8>(), 1, "{}", u.layout.prefix);
        assert_eq!(u.values[i], 1, "{}", u.layout.prefix);
        assert_eq!(u.gpc, u.layout.gpc.then_some(false));
        assert_eq!(encode_us(&u), *body);
    }
    assert_eq!(encode(&sections), all);
}

#[test]
fn state_layouts_are_the_specs() {
    let ids: Vec<(u16, &str, usize)> = STATES
        .iter()
        .map(|l| (l.id, l.prefix, l.values()))
        .collect();
    assert_eq!(
        ids,
        vec![
            (8, "usca", 20),
            (9, "usva", 17),
            (10, "usco", 16),
            (11, "usut", 18),
            (12, "usct", 19)
        ]
    );
    assert_eq!(UsLayout::state(12).map(|l| l.prefix), Some("usct"));
    assert!(UsLayout::state(7).is_none() && UsLayout::state(13).is_none());
    assert!(UsLayout::of(7, 2).is_some() && UsLayout::of(7, 3).is_none());
    assert!(UsLayout::of(8, 1).is_some() && UsLayout::of(8, 2).is_none());
}

#[test]
fn malformed_state_sections_are_errors() {
    for (id, s) in [
        (6, "BAAAAAAAAABA"),
        (13, "BAAAAABA"),
        (7, "DAAAAAAAAAAAAAA"),
        (9, "BQZVqlA.YA"),
        (11, "BAhAACQA.QA"),
        (8, "CUYYYZiA"),
        (8, "BUYY"),
        (8, "BUYYYZiA.!"),
        (10, "BECABEg.wA"),
        (12, ""),
    ] {
        assert!(decode_us(id, s).is_err(), "{id} {s:?}");
    }
}

proptest! {
    #[test]
    fn state_text_never_panics(id in 0u16..16, s in "\\PC{0,60}") {
        let _ = decode_us(id, &s);
    }

    #[test]
    fn us_round_trip(
        which in 0usize..7,
        values in proptest::collection::vec(0u8..4, 32),
        gpc in proptest::option::of(any::<bool>()),
    ) {
        let layout = USNAT_LAYOUTS.iter().chain(&STATES).nth(which).unwrap();
        let u = UsSection {
            layout,
            values: values[..layout.values()].to_vec(),
            gpc: gpc.filter(|_| layout.gpc),
        };
        prop_assert_eq!(decode_us(layout.id, &encode_us(&u)).unwrap(), u);
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = decode(&s);
        let _ = decode_us(USNAT, &s);
    }

    #[test]
    fn header_round_trip(ids in proptest::collection::btree_set(1u16..400, 0..20)) {
        let ids: Vec<u16> = ids.into_iter().collect();
        prop_assert_eq!(decode_header(&encode_header(&ids)).unwrap(), ids);
    }
}
