//! The IAB TCF v2.2 TC string: decoding and encoding (CONSENT-STANDARDS §1.9).
//!
//! Segments are joined by `.`: the core segment first, then DisclosedVendors (type 1), the
//! legacy AllowedVendors (type 2, read and written back, never made) and PublisherTC (type 3).
//! Each is a big-endian bit string in base64url without padding; the encoder pads every segment
//! to a multiple of 24 bits, as the reference encoder does, and writes each vendor set in the
//! shorter of its two forms (bitfield or ranges), so `encode(decode(s)) == s` for strings a
//! conforming encoder made. Decoding never panics: anything malformed is an [`Error`].

use crate::prelude::*;

pub use crate::iab::bits::Error;

/// A publisher restriction: for `purpose`, `kind` (0 not allowed, 1 require consent,
/// 2 require legitimate interest) applies to `vendors`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restriction {
    /// Purpose id (1–63).
    pub purpose: u8,
    /// Restriction type (0–3).
    pub kind: u8,
    /// Vendor ids, ascending.
    pub vendors: Vec<u16>,
}

/// The PublisherTC segment.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PublisherTc {
    /// Bit i: consent to purpose i+1 (24 bits).
    pub consents: u32,
    /// Bit i: legitimate interest for purpose i+1 (24 bits).
    pub legitimate_interests: u32,
    /// Consent per custom purpose (at most 63).
    pub custom_consents: Vec<bool>,
    /// Legitimate interest per custom purpose (as many as `custom_consents`).
    pub custom_legitimate_interests: Vec<bool>,
}

/// A decoded TC string. Bit sets of purposes and features use bit i for id i+1, as the string.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TcString {
    /// Always 2.
    pub version: u8,
    /// Deciseconds since the Unix epoch.
    pub created: u64,
    /// Deciseconds since the Unix epoch.
    pub last_updated: u64,
    /// The CMP's IAB id.
    pub cmp_id: u16,
    /// The CMP's version.
    pub cmp_version: u16,
    /// The CMP's screen number.
    pub consent_screen: u8,
    /// ISO 639-1, upper case (`EN`).
    pub consent_language: [u8; 2],
    /// The Global Vendor List version.
    pub vendor_list_version: u16,
    /// The TCF policy version.
    pub policy_version: u8,
    /// Always true for v2.2 strings.
    pub is_service_specific: bool,
    /// Customised stack texts.
    pub use_non_standard_texts: bool,
    /// Special feature opt-ins (12 bits).
    pub special_feature_opt_ins: u16,
    /// Purpose consents (24 bits).
    pub purposes_consent: u32,
    /// Purpose legitimate interests (24 bits).
    pub purposes_li_transparency: u32,
    /// Purpose 1 was not disclosed.
    pub purpose_one_treatment: bool,
    /// ISO 3166-1 alpha-2 (`JP`).
    pub publisher_cc: [u8; 2],
    /// Vendors with consent, ascending.
    pub vendor_consents: Vec<u16>,
    /// Vendors with legitimate interest established and not objected to, ascending.
    pub vendor_legitimate_interests: Vec<u16>,
    /// Publisher restrictions.
    pub restrictions: Vec<Restriction>,
    /// Vendors shown to the visitor (mandatory in v2.2 strings).
    pub disclosed_vendors: Option<Vec<u16>>,
    /// The legacy AllowedVendors segment.
    pub allowed_vendors: Option<Vec<u16>>,
    /// The PublisherTC segment.
    pub publisher_tc: Option<PublisherTc>,
}

use crate::iab::bits::{runs, Reader, Writer};

/// Reads a TC string.
pub fn decode(s: &str) -> Result<TcString, Error> {
    let mut segments = s.split('.');
    let mut r = Reader::new(segments.next().unwrap_or_default())?;
    let mut tc = TcString {
        version: r.int(6)? as u8,
        ..TcString::default()
    };
    if tc.version != 2 {
        return Err(Error::Unsupported);
    }
    tc.created = r.int(36)?;
    tc.last_updated = r.int(36)?;
    tc.cmp_id = r.int(12)? as u16;
    tc.cmp_version = r.int(12)? as u16;
    tc.consent_screen = r.int(6)? as u8;
    tc.consent_language = r.letters()?;
    tc.vendor_list_version = r.int(12)? as u16;
    tc.policy_version = r.int(6)? as u8;
    tc.is_service_specific = r.flag()?;
    tc.use_non_standard_texts = r.flag()?;
    tc.special_feature_opt_ins = r.int(12)? as u16;
    tc.purposes_consent = r.int(24)? as u32;
    tc.purposes_li_transparency = r.int(24)? as u32;
    tc.purpose_one_treatment = r.flag()?;
    tc.publisher_cc = r.letters()?;
    tc.vendor_consents = r.vendors()?;
    tc.vendor_legitimate_interests = r.vendors()?;
    for _ in 0..r.int(12)? {
        let purpose = r.int(6)? as u8;
        let kind = r.int(2)? as u8;
        let count = r.int(12)?;
        tc.restrictions.push(Restriction {
            purpose,
            kind,
            vendors: r.ranges(count)?,
        });
    }
    for segment in segments {
        let mut r = Reader::new(segment)?;
        match r.int(3)? {
            1 => tc.disclosed_vendors = Some(r.vendors()?),
            2 => tc.allowed_vendors = Some(r.vendors()?),
            3 => {
                let consents = r.int(24)? as u32;
                let legitimate_interests = r.int(24)? as u32;
                let n = r.int(6)?;
                let custom_consents = (0..n).map(|_| r.flag()).collect::<Result<_, _>>()?;
                let custom_legitimate_interests =
                    (0..n).map(|_| r.flag()).collect::<Result<_, _>>()?;
                tc.publisher_tc = Some(PublisherTc {
                    consents,
                    legitimate_interests,
                    custom_consents,
                    custom_legitimate_interests,
                });
            }
            _ => return Err(Error::Unsupported),
        }
    }
    Ok(tc)
}

/// Writes a TC string: core, then DisclosedVendors, AllowedVendors and PublisherTC when present.
pub fn encode(tc: &TcString) -> String {
    let mut w = Writer::default();
    w.int(u64::from(tc.version), 6);
    w.int(tc.created, 36);
    w.int(tc.last_updated, 36);
    w.int(u64::from(tc.cmp_id), 12);
    w.int(u64::from(tc.cmp_version), 12);
    w.int(u64::from(tc.consent_screen), 6);
    w.letters(tc.consent_language);
    w.int(u64::from(tc.vendor_list_version), 12);
    w.int(u64::from(tc.policy_version), 6);
    w.flag(tc.is_service_specific);
    w.flag(tc.use_non_standard_texts);
    w.int(u64::from(tc.special_feature_opt_ins), 12);
    w.int(u64::from(tc.purposes_consent), 24);
    w.int(u64::from(tc.purposes_li_transparency), 24);
    w.flag(tc.purpose_one_treatment);
    w.letters(tc.publisher_cc);
    w.vendors(&tc.vendor_consents);
    w.vendors(&tc.vendor_legitimate_interests);
    w.int(tc.restrictions.len() as u64, 12);
    for r in &tc.restrictions {
        w.int(u64::from(r.purpose), 6);
        w.int(u64::from(r.kind), 2);
        let runs = runs(&r.vendors);
        w.int(runs.len() as u64, 12);
        w.ranges(&runs);
    }
    let mut out = w.finish(&[24]);
    for (kind, ids) in [(1, &tc.disclosed_vendors), (2, &tc.allowed_vendors)] {
        if let Some(ids) = ids {
            let mut w = Writer::default();
            w.int(kind, 3);
            w.vendors(ids);
            out.push('.');
            out.push_str(&w.finish(&[24]));
        }
    }
    if let Some(p) = &tc.publisher_tc {
        let mut w = Writer::default();
        w.int(3, 3);
        w.int(u64::from(p.consents), 24);
        w.int(u64::from(p.legitimate_interests), 24);
        w.int(p.custom_consents.len() as u64, 6);
        for b in p
            .custom_consents
            .iter()
            .chain(&p.custom_legitimate_interests)
        {
            w.flag(*b);
        }
        out.push('.');
        out.push_str(&w.finish(&[24]));
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bit set (bit i ↔ id i+1) from ids.
    fn set(ids: &[u32]) -> u32 {
        ids.iter().fold(0, |v, id| v | 1 << (24 - id))
    }

    const DAY_2025_06_03: u64 = 17_489_088_000;

    #[test]
    fn v1_the_spec_example() {
        let s = "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA";
        let tc = decode(s).unwrap();
        assert_eq!(
            (tc.version, tc.created, tc.last_updated),
            (2, DAY_2025_06_03, DAY_2025_06_03)
        );
        assert_eq!((tc.cmp_id, tc.cmp_version, tc.consent_screen), (880, 0, 0));
        assert_eq!((&tc.consent_language, &tc.publisher_cc), (b"EN", b"DE"));
        assert_eq!((tc.vendor_list_version, tc.policy_version), (48, 2));
        assert!(tc.is_service_specific && !tc.use_non_standard_texts && !tc.purpose_one_treatment);
        assert_eq!(
            (
                tc.special_feature_opt_ins,
                tc.purposes_consent,
                tc.purposes_li_transparency
            ),
            (0, 0, 0)
        );
        assert_eq!(tc.vendor_consents, vec![1, 2, 3, 4]);
        assert!(tc.vendor_legitimate_interests.is_empty() && tc.restrictions.is_empty());
        assert_eq!(tc.disclosed_vendors, Some(vec![1, 2, 3, 4, 5, 100, 404]));
        assert_eq!(tc.publisher_tc, Some(PublisherTc::default()));
        assert_eq!(encode(&tc), s);
    }

    #[test]
    fn v2_java_reference() {
        let tc = decode("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA").unwrap();
        assert_eq!((tc.cmp_id, tc.cmp_version, tc.consent_screen), (675, 2, 1));
        assert_eq!((tc.vendor_list_version, tc.policy_version), (15, 2));
        assert_eq!((&tc.consent_language, &tc.publisher_cc), (b"EN", b"AA"));
        assert!(!tc.is_service_specific && tc.purpose_one_treatment && !tc.use_non_standard_texts);
        assert_eq!(tc.special_feature_opt_ins, 1 << 11);
        assert_eq!(tc.purposes_consent, set(&[2, 10]));
        assert_eq!(tc.purposes_li_transparency, set(&[2, 9]));
        // 2020-01-26T17:01:00Z and 2021-02-02T17:01:00Z in deciseconds.
        assert_eq!(
            (tc.created, tc.last_updated),
            (15_800_580_600, 16_122_852_600)
        );
        assert!(tc.vendor_consents.is_empty() && tc.disclosed_vendors.is_none());
    }

    #[test]
    fn v3_disclosed_and_allowed_vendors() {
        let s = "COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA";
        let tc = decode(s).unwrap();
        assert_eq!(tc.purposes_consent, set(&[3, 4, 5, 6, 7, 8, 9]));
        assert_eq!(tc.vendor_consents, vec![23, 37, 47, 48, 53, 65, 98]);
        assert_eq!(
            tc.vendor_legitimate_interests,
            vec![37, 47, 48, 53, 65, 98, 129]
        );
        assert_eq!(
            tc.disclosed_vendors,
            Some(vec![23, 37, 47, 48, 53, 65, 98, 129])
        );
        assert_eq!(tc.allowed_vendors, Some(vec![12, 23, 37, 47, 48, 53]));
        let with_publisher = decode(&(s.to_string() + ".cAAAAAAAITg=")).unwrap();
        let p = with_publisher.publisher_tc.unwrap();
        assert_eq!(
            p.consents.count_ones(),
            1,
            "one publisher purpose consent (the = is accepted)"
        );
    }

    #[test]
    fn v4_range_encoding() {
        let tc = decode("COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAYFfAV-BVkAGBVYFWAAA").unwrap();
        assert_eq!(tc.vendor_consents, vec![702, 703]);
        assert_eq!(tc.vendor_legitimate_interests, vec![683, 684]);
    }

    #[test]
    fn v5_policy_4_with_every_segment_round_trips() {
        let s = "CQLRckAQLRckAAKADBENAHEoAPLAAEPgABJ4F5wA4AAgAEAAwBeYAKgEACACEgAgAVAA.IF5wBYAAgAEAAgABgAFQF5gA.dAAACAAAAUgA";
        let tc = decode(s).unwrap();
        assert_eq!((tc.cmp_id, tc.cmp_version, tc.consent_screen), (10, 3, 1));
        assert_eq!((tc.vendor_list_version, tc.policy_version), (7, 4));
        assert_eq!((&tc.consent_language, &tc.publisher_cc), (b"EN", b"JP"));
        assert!(tc.is_service_specific);
        assert_eq!(tc.special_feature_opt_ins, 1 << 11);
        assert_eq!(tc.purposes_consent, set(&[1, 2, 3, 4, 7, 9, 10]));
        assert_eq!(tc.purposes_li_transparency, set(&[2, 7, 8, 9, 10, 11]));
        assert_eq!(tc.vendor_consents, vec![1, 2, 12, 755]);
        assert_eq!(tc.vendor_legitimate_interests, vec![8, 21]);
        assert_eq!(
            tc.restrictions,
            vec![Restriction {
                purpose: 2,
                kind: 1,
                vendors: vec![21]
            }]
        );
        assert_eq!(tc.disclosed_vendors, Some(vec![1, 2, 8, 12, 21, 755]));
        assert_eq!(
            tc.publisher_tc,
            Some(PublisherTc {
                consents: set(&[1, 3]),
                legitimate_interests: set(&[2]),
                custom_consents: vec![true, false],
                custom_legitimate_interests: vec![false, true],
            })
        );
        assert_eq!(tc.created, 17_368_992_000, "2025-01-15T00:00:00Z");
        assert_eq!(encode(&tc), s);
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert_eq!(decode(""), Err(Error::Alphabet));
        assert_eq!(decode("C!"), Err(Error::Alphabet));
        assert_eq!(decode("CQSb"), Err(Error::Truncated));
        assert_eq!(decode("AAAA"), Err(Error::Unsupported), "version 0");
        let core = "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA";
        assert_eq!(decode(&(core.to_string() + ".")), Err(Error::Alphabet));
        assert_eq!(
            decode(&(core.to_string() + ".4AAA")),
            Err(Error::Unsupported),
            "segment type 7"
        );
    }

    fn ids() -> impl Strategy<Value = Vec<u16>> {
        proptest::collection::btree_set(1u16..2000, 0..40).prop_map(|s| s.into_iter().collect())
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\\\PC{0,200}") {
            let _ = decode(&s);
        }

        #[test]
        fn arbitrary_base64url_never_panics(s in "[A-Za-z0-9_.=-]{0,300}") {
            let _ = decode(&s);
        }

        #[test]
        fn round_trip(
            created in 0u64..(1 << 36), cmp in 0u16..4096, screen in 0u8..64,
            purposes in 0u32..(1 << 24), li in 0u32..(1 << 24), features in 0u16..4096,
            consents in ids(), interests in ids(), disclosed in ids(),
            restricted in ids(), purpose in 1u8..12, kind in 0u8..3,
            custom in proptest::collection::vec(any::<bool>(), 0..10),
        ) {
            let tc = TcString {
                version: 2, created, last_updated: created, cmp_id: cmp, cmp_version: 1,
                consent_screen: screen, consent_language: *b"JA", vendor_list_version: 100,
                policy_version: 5, is_service_specific: true, use_non_standard_texts: false,
                special_feature_opt_ins: features, purposes_consent: purposes,
                purposes_li_transparency: li, purpose_one_treatment: false, publisher_cc: *b"JP",
                vendor_consents: consents, vendor_legitimate_interests: interests,
                restrictions: if restricted.is_empty() { vec![] } else {
                    vec![Restriction { purpose, kind, vendors: restricted }]
                },
                disclosed_vendors: Some(disclosed), allowed_vendors: None,
                publisher_tc: Some(PublisherTc {
                    consents: purposes, legitimate_interests: li,
                    custom_legitimate_interests: custom.iter().map(|b| !b).collect(),
                    custom_consents: custom,
                }),
            };
            let s = encode(&tc);
            prop_assert_eq!(decode(&s), Ok(tc));
            prop_assert_eq!(encode(&decode(&s).unwrap()), s);
        }
    }
}
