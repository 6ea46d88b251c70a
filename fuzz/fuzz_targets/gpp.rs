//! Any text as a GPP string: decoding the header, the sections and a `usnat` section answers
//! Ok or Err, never panics, and whatever decodes re-encodes to something that decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noren::gpp;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(sections) = gpp::decode(s) {
        assert_eq!(gpp::decode(&gpp::encode(&sections)).as_ref(), Ok(&sections));
        for (_, body) in &sections {
            if let Ok(u) = gpp::decode_usnat(body) {
                assert_eq!(gpp::decode_usnat(&gpp::encode_usnat(&u)), Ok(u));
            }
        }
    }
    if let Ok(u) = gpp::decode_usnat(s) {
        assert_eq!(gpp::decode_usnat(&gpp::encode_usnat(&u)), Ok(u));
    }
});
