//! Any text as a GPP string: decoding the header, the sections, a `usnat` section and the US
//! state sections (`usca`, `usva`, `usco`, `usut`, `usct`) answers Ok or Err, never panics, and
//! whatever decodes re-encodes to something that decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noren::iab::gpp;

/// Every reading of `body` (as `usnat` and as each state section) round-trips.
fn round_trips(body: &str) {
    for id in gpp::USNAT..=12 {
        if let Ok(s) = gpp::decode_us(id, body) {
            assert_eq!(gpp::decode_us(id, &gpp::encode_us(&s)), Ok(s));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(sections) = gpp::decode(s) {
        assert_eq!(gpp::decode(&gpp::encode(&sections)).as_ref(), Ok(&sections));
        for (_, body) in &sections {
            round_trips(body);
        }
    }
    round_trips(s);
});
