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

#[test]
fn usnat_v1_with_gpc() {
    let (_, body) = decode("DBABLA~BVVVVVVVVWA.YA").unwrap().remove(0);
    let u = decode_usnat(&body).unwrap();
    assert_eq!(u.version, 1);
    assert_eq!(u.notices, [1; 6]);
    assert_eq!(u.opt_outs, [1; 3]);
    assert_eq!(u.sensitive, vec![1; 12]);
    assert_eq!(u.child, vec![1, 1]);
    assert_eq!((u.personal_data_consents, u.mspa), (1, [1, 1, 2]));
    assert_eq!(u.gpc, Some(true));
    assert_eq!(encode_usnat(&u), body);
}

#[test]
fn usnat_v2_not_applicable() {
    let sections = decode("DBABLA~CAAAAAAAAAWA.Q").unwrap();
    assert_eq!(sections[0].0, USNAT);
    let u = decode_usnat(&sections[0].1).unwrap();
    assert_eq!((u.version, u.notices, u.opt_outs), (2, [0; 6], [0; 3]));
    assert_eq!((u.sensitive, u.child), (vec![0; 16], vec![0, 0, 1]));
    assert_eq!(
        (u.personal_data_consents, u.mspa, u.gpc),
        (1, [2, 0, 0], Some(false))
    );
}

/// The digest's "GPC honoured" section (`DBABLA~CVQVAAAAAACA.YA`).
pub(crate) fn gpc_honoured() -> UsNat {
    UsNat {
        version: 2,
        notices: [1, 1, 1, 1, 0, 0],
        opt_outs: [1, 1, 1],
        sensitive: vec![0; 16],
        child: vec![0; 3],
        personal_data_consents: 0,
        mspa: [2, 0, 0],
        gpc: Some(true),
    }
}

#[test]
fn usnat_gpc_honoured_vector() {
    let u = gpc_honoured();
    let s = encode(&[(USNAT, encode_usnat(&u))]);
    assert_eq!(s, "DBABLA~CVQVAAAAAACA.YA");
    assert_eq!(decode_usnat(&decode(&s).unwrap()[0].1).unwrap(), u);
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
                    decode_usnat(b).map(|_| ())
                } else {
                    Ok(())
                }
            })
        });
        assert!(ok.is_err(), "{s:?} should not decode");
    }
}

fn state(id: u16, values: &[u8], gpc: Option<bool>) -> UsState {
    UsState {
        layout: StateLayout::by_id(id).unwrap(),
        values: values.to_vec(),
        gpc,
    }
}

/// Strings written by `@iabgpp/cmpapi` 3.2's `GppModel` (`encodeSection`, `encode`).
#[test]
fn state_vectors_of_the_reference_encoder() {
    let ca = state(
        8,
        &[1, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 2, 0, 2, 0, 0],
        Some(true),
    );
    let va = state(
        9,
        &[1, 0, 0, 1, 2, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 0, 0],
        None,
    );
    let co = state(
        10,
        &[0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 0, 2],
        Some(false),
    );
    let ut = state(
        11,
        &[0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0],
        None,
    );
    let ct = state(
        12,
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
        assert_eq!(encode_state(&u), text, "{}", u.layout.prefix);
        assert_eq!(decode_state(u.layout.id, text).unwrap(), u);
    }
    // Every section with only MspaCoveredTransaction set, in one string.
    let all = "DBABrGA~CAAAAAAAAABA.QA~BAAAAABA.QA~BAAAABA~BAAAAEA.QA~BAAAAAQA~BAAAAAEA.QA";
    let sections = decode(all).unwrap();
    let ids: Vec<u16> = sections.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![7, 8, 9, 10, 11, 12]);
    for (id, body) in &sections[1..] {
        let u = decode_state(*id, body).unwrap();
        let at = u
            .layout
            .fields
            .iter()
            .take_while(|(n, _)| *n != "MspaCoveredTransaction");
        let i: usize = at.map(|(_, w)| w.count()).sum();
        assert_eq!(u.values.iter().sum::<u8>(), 1, "{}", u.layout.prefix);
        assert_eq!(u.values[i], 1, "{}", u.layout.prefix);
        assert_eq!(u.gpc, u.layout.gpc.then_some(false));
        assert_eq!(encode_state(&u), *body);
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
    assert_eq!(StateLayout::by_id(12).map(|l| l.prefix), Some("usct"));
    assert!(StateLayout::by_id(7).is_none() && StateLayout::by_id(13).is_none());
}

#[test]
fn malformed_state_sections_are_errors() {
    for (id, s) in [
        (7, "BAAAAAAAAABA"),
        (13, "BAAAAABA"),
        (9, "BQZVqlA.YA"),
        (11, "BAhAACQA.QA"),
        (8, "CUYYYZiA"),
        (8, "BUYY"),
        (8, "BUYYYZiA.!"),
        (10, "BECABEg.wA"),
        (12, ""),
    ] {
        assert!(decode_state(id, s).is_err(), "{id} {s:?}");
    }
}

proptest! {
    #[test]
    fn state_text_never_panics(id in 0u16..16, s in "\\PC{0,60}") {
        let _ = decode_state(id, &s);
    }

    #[test]
    fn state_round_trip(
        which in 0usize..5,
        values in proptest::collection::vec(0u8..4, 20),
        gpc in any::<bool>(),
    ) {
        let layout = &STATES[which];
        let u = UsState {
            layout,
            values: values[..layout.values()].to_vec(),
            gpc: layout.gpc.then_some(gpc),
        };
        prop_assert_eq!(decode_state(layout.id, &encode_state(&u)).unwrap(), u);
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = decode(&s);
        let _ = decode_usnat(&s);
    }

    #[test]
    fn header_round_trip(ids in proptest::collection::btree_set(1u16..400, 0..20)) {
        let ids: Vec<u16> = ids.into_iter().collect();
        prop_assert_eq!(decode_header(&encode_header(&ids)).unwrap(), ids);
    }

    #[test]
    fn usnat_round_trip(
        v2 in any::<bool>(),
        values in proptest::collection::vec(0u8..4, 31),
        gpc in proptest::option::of(any::<bool>()),
    ) {
        let version = if v2 { 2 } else { 1 };
        let (ns, nc) = UsNat::counts(version);
        let u = UsNat {
            version,
            notices: [values[0], values[1], values[2], values[3], values[4], values[5]],
            opt_outs: [values[6], values[7], values[8]],
            sensitive: values[9..9 + ns].to_vec(),
            child: values[25..25 + nc].to_vec(),
            personal_data_consents: values[28],
            mspa: [values[29], values[30], values[0]],
            gpc,
        };
        prop_assert_eq!(decode_usnat(&encode_usnat(&u)).unwrap(), u);
    }
}
