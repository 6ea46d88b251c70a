//! The IAB Global Privacy Platform string (CONSENT-STANDARDS §3.2–3.5): the header with its
//! Fibonacci-coded section list, the US sections (`usnat` versions 1 and 2, and the state
//! sections `usca`, `usva`, `usco`, `usut`, `usct`: one codec driven by each section's field
//! table, with the GPC sub-section), and the whole `header~section~…` string. Decoding never
//! panics: anything malformed is an [`Error`].

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
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut ids = Vec::new();
    for (id, _) in sections {
        ids.push(*id);
    }
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
    let mut out = Vec::new();
    for id in ids.iter().copied() {
        let Some(b) = parts.next() else {
            return Err(Error::Truncated);
        };
        out.push((id, b.to_string()));
    }
    if parts.next().is_some() {
        return Err(Error::Truncated);
    }
    Ok(out)
}

/// The core fields a US section can have after `Version`, in the order every section writes
/// them: `usnat` (MSPA US National) has them all; each state section has some of them, in the
/// same order. Values are the spec's 2-bit codes: for notices 0 not applicable, 1 provided,
/// 2 not provided; for opt-outs 0 not applicable, 1 opted out, 2 did not opt out; for consents
/// 0 not applicable, 1 no consent, 2 consent; `MspaCoveredTransaction` 1 yes, 2 no.
pub const US_FIELDS: [&str; 15] = [
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

/// The bit of [`US_FIELDS`]' field `name` in [`UsLayout`]'s field set (a name that is not
/// there fails the build).
const fn field(name: &str) -> u16 {
    let (name, mut i) = (name.as_bytes(), 0);
    while i < US_FIELDS.len() {
        let f = US_FIELDS[i].as_bytes();
        let mut same = f.len() == name.len();
        let mut j = 0;
        while same && j < f.len() {
            same = f[j] == name[j];
            j += 1;
        }
        if same {
            return 1 << i;
        }
        i += 1;
    }
    panic!("not a US section field")
}

/// Every field of [`US_FIELDS`]: the `usnat` section.
const ALL: u16 = (1 << US_FIELDS.len()) - 1;
/// The fields of Virginia's section, which Colorado's and Connecticut's share (their lists
/// differ in length only).
const VIRGINIA: u16 = ALL
    & !(field("SharingOptOutNotice")
        | field("SensitiveDataProcessingOptOutNotice")
        | field("SensitiveDataLimitUseNotice")
        | field("SharingOptOut")
        | field("PersonalDataConsents"));
/// The bit of `SensitiveDataProcessing`, a list of [`UsLayout`]'s `sensitive` values.
const SENSITIVE: u16 = field("SensitiveDataProcessing");
/// The bit of `KnownChildSensitiveDataConsents`, written as [`UsLayout`]'s `child` says.
const CHILD: u16 = field("KnownChildSensitiveDataConsents");

/// How a core field of a US section is written: one 2-bit value (`Int(2)`), or a list of them
/// (`N-Bitfield(2, n)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// `Int(2)`.
    One,
    /// `N-Bitfield(2, n)`.
    List(u8),
}

use Width::{List, One};

/// A US section as the GPP specification lays out one version of it: the section id, the API
/// prefix, the core sub-section's fields after `Version`, and whether the section has the GPC
/// sub-section.
#[derive(Debug, PartialEq, Eq)]
pub struct UsLayout {
    /// The GPP section id.
    pub id: u16,
    /// The client-side API prefix (`usca`).
    pub prefix: &'static str,
    /// The `Version` this layout is.
    pub version: u8,
    /// Which of [`US_FIELDS`] the section has (bit i: field i).
    fields: u16,
    /// How many values `SensitiveDataProcessing` lists.
    sensitive: u8,
    /// How `KnownChildSensitiveDataConsents` is written.
    child: Width,
    /// The section has the GPC sub-section.
    pub gpc: bool,
}

/// The `usnat` section, versions 1 and 2 (version 1 has fewer sensitive-data and known-child
/// categories).
pub static USNAT_LAYOUTS: [UsLayout; 2] = [
    UsLayout {
        id: USNAT,
        prefix: "usnat",
        version: 1,
        fields: ALL,
        sensitive: 12,
        child: List(2),
        gpc: true,
    },
    UsLayout {
        id: USNAT,
        prefix: "usnat",
        version: 2,
        fields: ALL,
        sensitive: 16,
        child: List(3),
        gpc: true,
    },
];

/// The US state sections, version 1 (GPP "Section Information" and each state's technical
/// specification, checked against `@iabgpp/cmpapi` 3.2): California, Virginia, Colorado, Utah,
/// Connecticut.
pub static STATES: [UsLayout; 5] = [
    UsLayout {
        id: 8,
        prefix: "usca",
        version: 1,
        fields: ALL
            & !(field("SharingNotice")
                | field("TargetedAdvertisingOptOutNotice")
                | field("SensitiveDataProcessingOptOutNotice")
                | field("TargetedAdvertisingOptOut")),
        sensitive: 9,
        child: List(2),
        gpc: true,
    },
    UsLayout {
        id: 9,
        prefix: "usva",
        version: 1,
        fields: VIRGINIA,
        sensitive: 8,
        child: One,
        gpc: false,
    },
    UsLayout {
        id: 10,
        prefix: "usco",
        version: 1,
        fields: VIRGINIA,
        sensitive: 7,
        child: One,
        gpc: true,
    },
    UsLayout {
        id: 11,
        prefix: "usut",
        version: 1,
        fields: VIRGINIA | field("SensitiveDataProcessingOptOutNotice"),
        sensitive: 8,
        child: One,
        gpc: false,
    },
    UsLayout {
        id: 12,
        prefix: "usct",
        version: 1,
        fields: VIRGINIA,
        sensitive: 8,
        child: List(3),
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

impl UsLayout {
    /// The layout of a state section id, if it is a known state section.
    pub fn state(id: u16) -> Option<&'static UsLayout> {
        STATES.iter().find(|l| l.id == id)
    }

    /// The layout of version `version` of section `id`, if it is a known US section.
    pub fn of(id: u16, version: u8) -> Option<&'static UsLayout> {
        USNAT_LAYOUTS
            .iter()
            .chain(&STATES)
            .find(|l| l.id == id && l.version == version)
    }

    /// The `usnat` section Noren writes (version 2).
    pub fn usnat() -> &'static UsLayout {
        &USNAT_LAYOUTS[1]
    }

    /// The core fields after `Version`, in order, with their widths.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, Width)> + '_ {
        US_FIELDS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.fields >> i & 1 == 1)
            .map(|(i, name)| {
                let width = match 1 << i {
                    SENSITIVE => List(self.sensitive),
                    CHILD => self.child,
                    _ => One,
                };
                (*name, width)
            })
    }

    /// How many 2-bit values follow `Version` in the core sub-section.
    pub fn values(&self) -> usize {
        self.fields().map(|(_, w)| w.count()).sum()
    }
}

/// A US section (`usnat` or a state's): every core value after `Version` in the layout's
/// order, with the spec's 2-bit codes (see [`US_FIELDS`]), and the GPC sub-section when
/// present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsSection {
    /// Which section, and which version of it.
    pub layout: &'static UsLayout,
    /// [`UsLayout::values`] values, lists flattened.
    pub values: Vec<u8>,
    /// The GPC sub-section (only where the layout has one).
    pub gpc: Option<bool>,
}

/// Writes a US section: the core sub-section, then `.` and the GPC sub-section when present
/// (only where the section has it). Padded as the reference encoder pads (a whole byte, then
/// 6 bits).
pub fn encode_us(s: &UsSection) -> String {
    let mut w = Writer::default();
    w.int(u64::from(s.layout.version), 6);
    for i in 0..s.layout.values() {
        w.int(u64::from(s.values.get(i).copied().unwrap_or(0) & 3), 2);
    }
    let mut out = w.finish(&[8, 6]);
    if let Some(gpc) = s.gpc.filter(|_| s.layout.gpc) {
        let mut w = Writer::default();
        w.int(1, 2);
        w.flag(gpc);
        out.push('.');
        out.push_str(&w.finish(&[8, 6]));
    }
    out
}

/// Reads the US section `id` (`usnat` version 1 or 2, a state's version 1), with or without
/// the GPC sub-section; an unknown id or version, or a GPC sub-section where the section has
/// none, is an error.
pub fn decode_us(id: u16, s: &str) -> Result<UsSection, Error> {
    let mut parts = s.split('.');
    let mut r = Reader::new(parts.next().unwrap_or_default())?;
    let layout = UsLayout::of(id, r.int(6)? as u8).ok_or(Error::Unsupported)?;
    let values = (0..layout.values())
        .map(|_| r.int(2).map(|v| v as u8))
        .collect::<Result<_, _>>()?;
    // The sub-sections after the core one: only the GPC sub-section is known.
    let mut gpc = None;
    for sub in parts {
        let mut r = Reader::new(sub)?;
        match r.int(2)? {
            1 if layout.gpc => gpc = Some(r.flag()?),
            _ => return Err(Error::Unsupported),
        }
    }
    Ok(UsSection {
        layout,
        values,
        gpc,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests;
