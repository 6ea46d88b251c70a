//! Any text as a TC string: decoding answers Ok or Err, never panics, and whatever decodes
//! re-encodes to a string that decodes to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(tc) = noren::iab::tc_string::decode(s) {
        let again = noren::iab::tc_string::encode(&tc);
        assert_eq!(noren::iab::tc_string::decode(&again), Ok(tc));
    }
});
