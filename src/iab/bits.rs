//! Bit fields in base64url, as the IAB's TC and GPP strings write them: big-endian integers,
//! two-letter codes, vendor id sections (bitfield or ranges) and Fibonacci-coded integers.
//! Reading never panics: running out of bits or a character outside the alphabet is an
//! [`Error`].

use crate::prelude::*;

/// Why a TC or GPP string could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// A character outside base64url, or an empty segment.
    Alphabet,
    /// The bits ended before a field did.
    Truncated,
    /// Not a version or type this codec knows.
    Unsupported,
}

/// The base64url alphabet, value 0 = `A` … 63 = `_`.
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Reads a bit string decoded from base64url.
pub struct Reader {
    bits: Vec<bool>,
    at: usize,
}

impl Reader {
    /// Decodes one base64url segment (trailing `=` ignored).
    pub fn new(segment: &str) -> Result<Reader, Error> {
        let segment = segment.trim_end_matches('=');
        if segment.is_empty() {
            return Err(Error::Alphabet);
        }
        let mut bits = Vec::with_capacity(segment.len() * 6);
        for b in segment.bytes() {
            let v = B64.iter().position(|c| *c == b).ok_or(Error::Alphabet)?;
            for i in (0..6).rev() {
                bits.push(v >> i & 1 == 1);
            }
        }
        Ok(Reader { bits, at: 0 })
    }

    /// An `n`-bit big-endian integer.
    pub fn int(&mut self, n: usize) -> Result<u64, Error> {
        let mut v = 0u64;
        for _ in 0..n {
            let bit = *self.bits.get(self.at).ok_or(Error::Truncated)?;
            v = v << 1 | u64::from(bit);
            self.at += 1;
        }
        Ok(v)
    }

    /// A Fibonacci-coded positive integer (GPP): bits up to and including the closing `11`.
    pub fn fibonacci(&mut self) -> Result<u64, Error> {
        let (mut a, mut b) = (1u64, 2u64);
        let mut value = 0u64;
        let mut last = false;
        for _ in 0..90 {
            let bit = self.flag()?;
            if bit && last {
                return Ok(value);
            }
            if bit {
                value = value.saturating_add(a);
            }
            last = bit;
            (a, b) = (b, a.saturating_add(b));
        }
        Err(Error::Unsupported)
    }

    /// One bit.
    pub fn flag(&mut self) -> Result<bool, Error> {
        Ok(self.int(1)? == 1)
    }

    /// Two letters, 6 bits each (`A` = 0).
    pub fn letters(&mut self) -> Result<[u8; 2], Error> {
        let a = self.int(6)? as u8;
        let b = self.int(6)? as u8;
        Ok([b'A'.wrapping_add(a), b'A'.wrapping_add(b)])
    }

    /// Range entries: `count` × (IsARange, start[, end]). Overlapping ranges count once; the
    /// ids are marked in a bitmap, so hostile ranges cannot make the list grow past 65,535.
    pub fn ranges(&mut self, count: u64) -> Result<Vec<u16>, Error> {
        let mut marked = vec![false; 65_536];
        for _ in 0..count {
            let is_range = self.flag()?;
            let start = self.int(16)? as usize;
            let end = if is_range {
                self.int(16)? as usize
            } else {
                start
            };
            if end < start {
                return Err(Error::Truncated);
            }
            for m in marked.iter_mut().take(end + 1).skip(start) {
                *m = true;
            }
        }
        Ok((1..=u16::MAX)
            .filter(|&id| marked[usize::from(id)])
            .collect())
    }

    /// A vendor section (§1.9.2).
    pub fn vendors(&mut self) -> Result<Vec<u16>, Error> {
        let max = self.int(16)? as u16;
        if self.flag()? {
            let count = self.int(12)?;
            self.ranges(count)
        } else {
            let mut ids = Vec::new();
            for id in 1..=max {
                if self.flag()? {
                    ids.push(id);
                }
            }
            Ok(ids)
        }
    }
}

/// Builds a bit string, then writes it as base64url.
#[derive(Default)]
pub struct Writer(Vec<bool>);

impl Writer {
    /// `v` as an `n`-bit big-endian integer.
    pub fn int(&mut self, v: u64, n: usize) {
        for i in (0..n).rev() {
            self.0.push(v >> i & 1 == 1);
        }
    }

    /// One bit.
    pub fn flag(&mut self, b: bool) {
        self.0.push(b);
    }

    /// Two letters, 6 bits each (`A` = 0).
    pub fn letters(&mut self, l: [u8; 2]) {
        self.int(u64::from(l[0].wrapping_sub(b'A') & 63), 6);
        self.int(u64::from(l[1].wrapping_sub(b'A') & 63), 6);
    }

    /// Range entries: (IsARange, start[, end]) per run.
    pub fn ranges(&mut self, runs: &[(u16, u16)]) {
        for &(a, b) in runs {
            self.flag(a != b);
            self.int(u64::from(a), 16);
            if a != b {
                self.int(u64::from(b), 16);
            }
        }
    }

    /// A vendor section in its shorter form (ranges only when strictly shorter).
    pub fn vendors(&mut self, ids: &[u16]) {
        let max = ids.iter().copied().max().unwrap_or(0);
        let runs = runs(ids);
        let range_bits: usize = 12
            + runs
                .iter()
                .map(|(a, b)| if a == b { 17 } else { 33 })
                .sum::<usize>();
        self.int(u64::from(max), 16);
        if range_bits < usize::from(max) {
            self.flag(true);
            self.int(runs.len() as u64, 12);
            self.ranges(&runs);
        } else {
            self.flag(false);
            for id in 1..=max {
                self.flag(ids.binary_search(&id).is_ok());
            }
        }
    }

    /// base64url, zero-padded to a multiple of each of `multiples` in turn (TC strings: 24;
    /// GPP sections: a whole byte, then 6; the GPP header: 6).
    pub fn finish(mut self, multiples: &[usize]) -> String {
        for m in multiples {
            while self.0.len() % m != 0 {
                self.0.push(false);
            }
        }
        self.0
            .chunks(6)
            .map(|c| {
                let v = c.iter().fold(0usize, |v, b| v << 1 | usize::from(*b));
                B64[v << (6 - c.len())] as char
            })
            .collect()
    }

    /// A positive integer in Fibonacci coding (GPP): the Zeckendorf bits from F(2)=1 up,
    /// then a closing `1`.
    pub fn fibonacci(&mut self, n: u64) {
        let mut fibs = Vec::new();
        let (mut a, mut b) = (1u64, 2u64);
        while a <= n {
            fibs.push(a);
            (a, b) = (b, a.saturating_add(b));
        }
        let mut bits = vec![false; fibs.len()];
        let mut rest = n;
        for (bit, f) in bits.iter_mut().zip(&fibs).rev() {
            if *f <= rest {
                *bit = true;
                rest -= f;
            }
        }
        self.0.extend(bits);
        self.0.push(true);
    }
}

/// Consecutive ids as (first, last) runs.
pub fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(id) => *last = id,
            _ => out.push((id, id)),
        }
    }
    out
}
