// The network profiles. `network` is passed to CDP Network.emulateNetworkConditions (bytes per
// second; latency in ms, added by Chromium to every request); null: no emulation (loopback).
// docs/benchmark.md says how the mobile-like profile maps to a real phone network.

/** Megabits per second in bytes per second. */
const mbps = (m) => (m * 1e6) / 8;

/** The profiles by name (`--profile`); `runs` is the default number of runs per page. */
export const PROFILES = {
  loopback: { title: 'loopback', runs: 9, network: null },
  mobile: {
    title: 'mobile-like (150 ms round trip, 1.6 Mbps down, 750 kbps up)',
    runs: 5,
    network: { offline: false, latency: 150, downloadThroughput: mbps(1.6), uploadThroughput: mbps(0.75) },
  },
};
