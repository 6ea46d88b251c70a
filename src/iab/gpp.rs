//! The IAB Global Privacy Platform string (CONSENT-STANDARDS §3.2–3.5): the header with its
//! Fibonacci-coded section list, the `usnat` section (versions 1 and 2, with the GPC
//! sub-section), the US state sections (`usca`, `usva`, `usco`, `usut`, `usct`), and the whole
//! `header~section~…` string. Decoding never panics: anything
//! malformed is an [`Error`].

use crate::iab::bits::{runs, Reader, Writer};
use crate::prelude::*;

pub use crate::iab::bits::Error;

/// Section id of the EU TCF v2 section (`tcfeuv2`), whose payload is the TC string.
pub const TCFEUV2: u16 = 2;
/// Section id of the US National section (`usnat`).
pub const USNAT: u16 = 7;

/// The header: type 3, version 1, and the section ids in ascending order as Fibonacci ranges.
/// Padded as `@iabgpp/cmpapi` pads it (a whole byte, then 6 bits: `DBABMA` for section 2,
/// `DBABLA` for 7); the GPP spec's own examples pad to 6 bits only (`DBABM`). Decoders read
/// both alike.
pub fn encode_header(ids: &[u16]) -> String {
    let groups = runs(ids);
    let mut w = Writer::default();
    w.int(3, 6);
    w.int(1, 6);
    w.int(groups.len() as u64, 12);
    let mut previous = 0u16;
    for (first, last) in groups {
        w.flag(first != last);
        w.fibonacci(u64::from(first - previous));
        if first != last {
            w.fibonacci(u64::from(last - first));
        }
        previous = last;
    }
    w.finish(&[8, 6])
}

/// The section ids a header lists (ascending). Trailing zero padding is ignored.
pub fn decode_header(header: &str) -> Result<Vec<u16>, Error> {
    let mut r = Reader::new(header)?;
    if r.int(6)? != 3 || r.int(6)? != 1 {
        return Err(Error::Unsupported);
    }
    let mut ids = Vec::new();
    let mut previous = 0u64;
    for _ in 0..r.int(12)? {
        let is_group = r.flag()?;
        let first = previous.saturating_add(r.fibonacci()?);
        let last = if is_group {
            first.saturating_add(r.fibonacci()?)
        } else {
            first
        };
        if last > u64::from(u16::MAX) || ids.len() + (last - first) as usize > 4096 {
            return Err(Error::Unsupported);
        }
        ids.extend((first..=last).map(|id| id as u16));
        previous = last;
    }
    Ok(ids)
}

/// A whole GPP string from its sections (ascending ids), each already encoded.
pub fn encode(sections: &[(u16, String)]) -> String {
    let ids: Vec<u16> = sections.iter().map(|(id, _)| *id).collect();
    let mut out = encode_header(&ids);
    for (_, s) in sections {
        out.push('~');
        out.push_str(s);
    }
    out
}

/// The sections of a GPP string: (id, encoded section), as many as the header lists.
pub fn decode(s: &str) -> Result<Vec<(u16, String)>, Error> {
    let mut parts = s.split('~');
    let ids = decode_header(parts.next().unwrap_or_default())?;
    let bodies: Vec<&str> = parts.collect();
    if bodies.len() != ids.len() {
        return Err(Error::Truncated);
    }
    Ok(ids
        .into_iter()
        .zip(bodies)
        .map(|(id, b)| (id, b.to_string()))
        .collect())
}

/// The `usnat` section (MSPA US National). Values are the spec's 2-bit codes: for notices
/// 0 not applicable, 1 provided, 2 not provided; for opt-outs 0 not applicable, 1 opted out,
/// 2 did not opt out; for consents 0 not applicable, 1 no consent, 2 consent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsNat {
    /// 1 or 2.
    pub version: u8,
    /// SharingNotice, SaleOptOutNotice, SharingOptOutNotice, TargetedAdvertisingOptOutNotice,
    /// SensitiveDataProcessingOptOutNotice, SensitiveDataLimitUseNotice.
    pub notices: [u8; 6],
    /// SaleOptOut, SharingOptOut, TargetedAdvertisingOptOut.
    pub opt_outs: [u8; 3],
    /// SensitiveDataProcessing: 16 categories in version 2, 12 in version 1.
    pub sensitive: Vec<u8>,
    /// KnownChildSensitiveDataConsents: 3 in version 2, 2 in version 1.
    pub child: Vec<u8>,
    /// PersonalDataConsents.
    pub personal_data_consents: u8,
    /// MspaCoveredTransaction (1 yes, 2 no), MspaOptOutOptionMode, MspaServiceProviderMode.
    pub mspa: [u8; 3],
    /// The GPC sub-section, when present.
    pub gpc: Option<bool>,
}

/// The core fields' names, in the section's order (for `getField` and `getSection`).
pub const USNAT_FIELDS: [&str; 16] = [
    "Version",
    "SharingNotice",
    "SaleOptOutNotice",
    "SharingOptOutNotice",
    "TargetedAdvertisingOptOutNotice",
    "SensitiveDataProcessingOptOutNotice",
    "SensitiveDataLimitUseNotice",
    "SaleOptOut",
    "SharingOptOut",
    "TargetedAdvertisingOptOut",
    "SensitiveDataProcessing",
    "KnownChildSensitiveDataConsents",
    "PersonalDataConsents",
    "MspaCoveredTransaction",
    "MspaOptOutOptionMode",
    "MspaServiceProviderMode",
];

impl UsNat {
    /// Category counts of a version: (sensitive data, known child).
    fn counts(version: u8) -> (usize, usize) {
        if version == 1 {
            (12, 2)
        } else {
            (16, 3)
        }
    }
}

/// Writes the section: the core sub-section, then `.` and the GPC sub-section when present.
/// Padded as the reference encoder pads (a whole byte, then 6 bits).
pub fn encode_usnat(u: &UsNat) -> String {
    let (n_sensitive, n_child) = UsNat::counts(u.version);
    let mut w = Writer::default();
    w.int(u64::from(u.version), 6);
    for v in u.notices.iter().chain(&u.opt_outs) {
        w.int(u64::from(*v & 3), 2);
    }
    for i in 0..n_sensitive {
        w.int(u64::from(u.sensitive.get(i).copied().unwrap_or(0) & 3), 2);
    }
    for i in 0..n_child {
        w.int(u64::from(u.child.get(i).copied().unwrap_or(0) & 3), 2);
    }
    w.int(u64::from(u.personal_data_consents & 3), 2);
    for v in u.mspa {
        w.int(u64::from(v & 3), 2);
    }
    let mut out = w.finish(&[8, 6]);
    push_gpc(&mut out, u.gpc);
    out
}

/// Appends `.` and the GPC sub-section (type 1, then the flag) when there is one.
fn push_gpc(out: &mut String, gpc: Option<bool>) {
    if let Some(gpc) = gpc {
        let mut w = Writer::default();
        w.int(1, 2);
        w.flag(gpc);
        out.push('.');
        out.push_str(&w.finish(&[8, 6]));
    }
}

/// Reads the sub-sections after the core one: only the GPC sub-section is known.
fn read_gpc<'a>(parts: impl Iterator<Item = &'a str>) -> Result<Option<bool>, Error> {
    let mut gpc = None;
    for sub in parts {
        let mut r = Reader::new(sub)?;
        match r.int(2)? {
            1 => gpc = Some(r.flag()?),
            _ => return Err(Error::Unsupported),
        }
    }
    Ok(gpc)
}

/// Reads a `usnat` section (version 1 or 2, with or without the GPC sub-section).
pub fn decode_usnat(s: &str) -> Result<UsNat, Error> {
    let mut parts = s.split('.');
    let mut r = Reader::new(parts.next().unwrap_or_default())?;
    let version = r.int(6)? as u8;
    if version != 1 && version != 2 {
        return Err(Error::Unsupported);
    }
    let (n_sensitive, n_child) = UsNat::counts(version);
    let mut two = || r.int(2).map(|v| v as u8);
    let notices = [two()?, two()?, two()?, two()?, two()?, two()?];
    let opt_outs = [two()?, two()?, two()?];
    let sensitive = (0..n_sensitive).map(|_| two()).collect::<Result<_, _>>()?;
    let child = (0..n_child).map(|_| two()).collect::<Result<_, _>>()?;
    let personal_data_consents = two()?;
    let mspa = [two()?, two()?, two()?];
    let gpc = read_gpc(parts)?;
    Ok(UsNat {
        version,
        notices,
        opt_outs,
        sensitive,
        child,
        personal_data_consents,
        mspa,
        gpc,
    })
}

/// How a core field of a US state section is written: one 2-bit value (`Int(2)`), or a list
/// of them (`N-Bitfield(2, n)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// `Int(2)`.
    One,
    /// `N-Bitfield(2, n)`.
    List(u8),
}

/// A US state section as the GPP specification lays out its version 1: the section id, the
/// API prefix, the core sub-section's fields after `Version` (in order), and whether the
/// section has the GPC sub-section.
#[derive(Debug, PartialEq, Eq)]
pub struct StateLayout {
    /// The GPP section id.
    pub id: u16,
    /// The client-side API prefix (`usca`).
    pub prefix: &'static str,
    /// Field names and widths after `Version`.
    pub fields: &'static [(&'static str, Width)],
    /// The section has the GPC sub-section.
    pub gpc: bool,
}

use Width::{List, One};

/// The US state sections (GPP "Section Information" and each state's technical
/// specification, checked against `@iabgpp/cmpapi` 3.2): California, Virginia, Colorado, Utah,
/// Connecticut.
pub static STATES: [StateLayout; 5] = [
    StateLayout {
        id: 8,
        prefix: "usca",
        fields: &[
            ("SaleOptOutNotice", One),
            ("SharingOptOutNotice", One),
            ("SensitiveDataLimitUseNotice", One),
            ("SaleOptOut", One),
            ("SharingOptOut", One),
            ("SensitiveDataProcessing", List(9)),
            ("KnownChildSensitiveDataConsents", List(2)),
            ("PersonalDataConsents", One),
            ("MspaCoveredTransaction", One),
            ("MspaOptOutOptionMode", One),
            ("MspaServiceProviderMode", One),
        ],
        gpc: true,
    },
    StateLayout {
        id: 9,
        prefix: "usva",
        fields: &[
            ("SharingNotice", One),
            ("SaleOptOutNotice", One),
            ("TargetedAdvertisingOptOutNotice", One),
            ("SaleOptOut", One),
            ("TargetedAdvertisingOptOut", One),
            ("SensitiveDataProcessing", List(8)),
            ("KnownChildSensitiveDataConsents", One),
            ("MspaCoveredTransaction", One),
            ("MspaOptOutOptionMode", One),
            ("MspaServiceProviderMode", One),
        ],
        gpc: false,
    },
    StateLayout {
        id: 10,
        prefix: "usco",
        fields: &[
            ("SharingNotice", One),
            ("SaleOptOutNotice", One),
            ("TargetedAdvertisingOptOutNotice", One),
            ("SaleOptOut", One),
            ("TargetedAdvertisingOptOut", One),
            ("SensitiveDataProcessing", List(7)),
            ("KnownChildSensitiveDataConsents", One),
            ("MspaCoveredTransaction", One),
            ("MspaOptOutOptionMode", One),
            ("MspaServiceProviderMode", One),
        ],
        gpc: true,
    },
    StateLayout {
        id: 11,
        prefix: "usut",
        fields: &[
            ("SharingNotice", One),
            ("SaleOptOutNotice", One),
            ("TargetedAdvertisingOptOutNotice", One),
            ("SensitiveDataProcessingOptOutNotice", One),
            ("SaleOptOut", One),
            ("TargetedAdvertisingOptOut", One),
            ("SensitiveDataProcessing", List(8)),
            ("KnownChildSensitiveDataConsents", One),
            ("MspaCoveredTransaction", One),
            ("MspaOptOutOptionMode", One),
            ("MspaServiceProviderMode", One),
        ],
        gpc: false,
    },
    StateLayout {
        id: 12,
        prefix: "usct",
        fields: &[
            ("SharingNotice", One),
            ("SaleOptOutNotice", One),
            ("TargetedAdvertisingOptOutNotice", One),
            ("SaleOptOut", One),
            ("TargetedAdvertisingOptOut", One),
            ("SensitiveDataProcessing", List(8)),
            ("KnownChildSensitiveDataConsents", List(3)),
            ("MspaCoveredTransaction", One),
            ("MspaOptOutOptionMode", One),
            ("MspaServiceProviderMode", One),
        ],
        gpc: true,
    },
];

impl Width {
    /// How many 2-bit values the field holds.
    pub fn count(self) -> usize {
        match self {
            One => 1,
            List(n) => usize::from(n),
        }
    }
}

impl StateLayout {
    /// The layout of a section id, if it is a known state section.
    pub fn by_id(id: u16) -> Option<&'static StateLayout> {
        STATES.iter().find(|l| l.id == id)
    }

    /// How many 2-bit values follow `Version` in the core sub-section.
    pub fn values(&self) -> usize {
        self.fields.iter().map(|(_, w)| w.count()).sum()
    }
}

/// A US state section (version 1): every core value after `Version` in the layout's order,
/// with the spec's 2-bit codes (as in [`UsNat`]), and the GPC sub-section when present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsState {
    /// Which state.
    pub layout: &'static StateLayout,
    /// [`StateLayout::values`] values, lists flattened.
    pub values: Vec<u8>,
    /// The GPC sub-section (only where the layout has one).
    pub gpc: Option<bool>,
}

/// Writes a state section, padded as the reference encoder pads; a GPC value is written only
/// where the state's section has the sub-section.
pub fn encode_state(s: &UsState) -> String {
    let mut w = Writer::default();
    w.int(1, 6);
    for i in 0..s.layout.values() {
        w.int(u64::from(s.values.get(i).copied().unwrap_or(0) & 3), 2);
    }
    let mut out = w.finish(&[8, 6]);
    push_gpc(&mut out, s.gpc.filter(|_| s.layout.gpc));
    out
}

/// Reads the state section `id` (version 1); a GPC sub-section where the state has none is an
/// error, like an unknown id.
pub fn decode_state(id: u16, s: &str) -> Result<UsState, Error> {
    let layout = StateLayout::by_id(id).ok_or(Error::Unsupported)?;
    let mut parts = s.split('.');
    let mut r = Reader::new(parts.next().unwrap_or_default())?;
    if r.int(6)? != 1 {
        return Err(Error::Unsupported);
    }
    let values = (0..layout.values())
        .map(|_| r.int(2).map(|v| v as u8))
        .collect::<Result<_, _>>()?;
    let gpc = read_gpc(parts)?;
    if gpc.is_some() && !layout.gpc {
        return Err(Error::Unsupported);
    }
    Ok(UsState {
        layout,
        values,
        gpc,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests;
