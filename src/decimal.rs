//! Decimal numbers as text without `core::fmt`, which would add kilobytes to the wasm module.

use crate::prelude::*;

/// Appends `n` in decimal.
pub fn push(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// `n` in decimal.
pub fn string(n: u64) -> String {
    let mut s = String::new();
    push(&mut s, n);
    s
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn matches_the_standard_formatting(n in any::<u64>()) {
            prop_assert_eq!(super::string(n), n.to_string());
        }
    }
}
