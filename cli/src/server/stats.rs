//! The admin page's numbers and charts, from stored rows. Pure: rows in, tallies and inline
//! SVG out (no script, no framework; every label escaped by the core's HTML writer).

use super::chain::Row;
use noren::render::markup::Html;
use serde::Serialize;
use std::collections::BTreeMap;

/// One bar: `yes` of `total` records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// What the bar is for (a day, a category id, a region…).
    pub label: String,
    /// Records that granted (per category or service) or accepted all (per day, region,
    /// language).
    pub yes: u64,
    /// Records counted.
    pub total: u64,
}

impl Tally {
    /// `yes / total` in whole percent (0 when empty).
    pub fn percent(&self) -> u64 {
        (self.yes * 100 + self.total / 2)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

/// Every chart's tallies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Records counted.
    pub records: u64,
    /// Per UTC day of receipt: records that accepted all.
    pub per_day: Vec<Tally>,
    /// Per category: records that granted it.
    pub per_category: Vec<Tally>,
    /// Per service: records that granted it.
    pub per_service: Vec<Tally>,
    /// Per region (empty: unknown): records that accepted all.
    pub per_region: Vec<Tally>,
    /// Per language: records that accepted all.
    pub per_language: Vec<Tally>,
}

fn add(map: &mut BTreeMap<String, (u64, u64)>, key: &str, yes: bool) {
    let e = map.entry(key.to_string()).or_default();
    e.0 += u64::from(yes);
    e.1 += 1;
}

fn tallies(map: BTreeMap<String, (u64, u64)>) -> Vec<Tally> {
    map.into_iter()
        .map(|(label, (yes, total))| Tally { label, yes, total })
        .collect()
}

/// The UTC day (YYYY-MM-DD) of a time in ms since the epoch.
pub fn day(ms: i64) -> String {
    let iso = noren::consent::record::iso_time(ms as f64);
    iso.get(..10).unwrap_or_default().to_string()
}

/// Tallies rows (any order).
pub fn tally(rows: &[Row]) -> Stats {
    let (mut days, mut cats, mut svcs, mut regions, mut langs) = Default::default();
    for r in rows {
        let all = r.action == "accept-all";
        add(&mut days, &day(r.received_ms), all);
        let region = if r.region.is_empty() {
            "unknown"
        } else {
            &r.region
        };
        add(&mut regions, region, all);
        add(&mut langs, &r.language, all);
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
        for (key, map) in [("categories", &mut cats), ("services", &mut svcs)] {
            if let Some(o) = body[key].as_object() {
                for (id, granted) in o {
                    add(map, id, granted.as_bool() == Some(true));
                }
            }
        }
    }
    Stats {
        records: rows.len() as u64,
        per_day: tallies(days),
        per_category: tallies(cats),
        per_service: tallies(svcs),
        per_region: tallies(regions),
        per_language: tallies(langs),
    }
}

/// Escapes text for HTML and SVG.
pub fn esc(text: &str) -> String {
    let mut h = Html::new();
    h.text(text);
    h.finish()
}

/// A horizontal bar chart: one row per tally, its label, a bar as long as its share, and
/// "yes of total (percent %)".
pub fn bar_chart(title: &str, what: &str, bars: &[Tally]) -> String {
    const ROW: usize = 24;
    const BAR_X: usize = 160;
    const BAR_W: u64 = 300;
    let height = ROW * bars.len().max(1) + 8;
    let mut s = format!(
        "<svg class=chart xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{height}\" \
         viewBox=\"0 0 640 {height}\" role=\"img\" aria-label=\"{}\">",
        esc(title)
    );
    if bars.is_empty() {
        s.push_str("<text x=\"0\" y=\"18\">no records</text>");
    }
    for (i, t) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let width = (t.yes * BAR_W).checked_div(t.total).unwrap_or(0);
        s.push_str(&format!(
            "<g class=bar data-label=\"{label}\" data-yes=\"{yes}\" data-total=\"{total}\">\
             <text x=\"0\" y=\"{ty}\">{label}</text>\
             <rect x=\"{BAR_X}\" y=\"{y}\" width=\"{BAR_W}\" height=\"16\" fill=\"#e5e7eb\"/>\
             <rect x=\"{BAR_X}\" y=\"{y}\" width=\"{width}\" height=\"16\" fill=\"#2563eb\"/>\
             <text x=\"{tx}\" y=\"{ty}\">{yes} of {total} {what} ({pct}%)</text></g>",
            label = esc(&t.label),
            yes = t.yes,
            total = t.total,
            ty = y + 13,
            tx = BAR_X + BAR_W as usize + 8,
            what = esc(what),
            pct = t.percent(),
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(received_ms: i64, action: &str, region: &str, body: &str) -> Row {
        Row {
            seq: 1,
            record_id: "r".into(),
            consent_id: "c".into(),
            time_ms: received_ms,
            received_ms,
            action: action.into(),
            region: region.into(),
            language: "ja".into(),
            body: body.into(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn tallies_count_what_the_rows_say() {
        let day1 = 1_796_040_000_000; // 2026-11-30
        let rows = [
            row(
                day1,
                "accept-all",
                "JP",
                r#"{"categories":{"ads":true},"services":{"ga":true}}"#,
            ),
            row(
                day1,
                "reject-all",
                "JP",
                r#"{"categories":{"ads":false},"services":{"ga":false}}"#,
            ),
            row(
                day1 + 86_400_000,
                "accept-all",
                "",
                r#"{"categories":{"ads":true}}"#,
            ),
        ];
        let s = tally(&rows);
        assert_eq!(s.records, 3);
        let t = |label: &str, yes, total| Tally {
            label: label.into(),
            yes,
            total,
        };
        assert_eq!(s.per_day, [t("2026-11-30", 1, 2), t("2026-12-01", 1, 1)]);
        assert_eq!(s.per_category, [t("ads", 2, 3)]);
        assert_eq!(s.per_service, [t("ga", 1, 2)]);
        assert_eq!(s.per_region, [t("JP", 1, 2), t("unknown", 1, 1)]);
        assert_eq!(s.per_language, [t("ja", 2, 3)]);
        assert_eq!(t("x", 2, 3).percent(), 67);
        assert_eq!(t("x", 0, 0).percent(), 0);
    }

    #[test]
    fn charts_escape_labels_and_scale_bars() {
        let svg = bar_chart(
            "Per <category>",
            "granted",
            &[Tally {
                label: "<script>".into(),
                yes: 1,
                total: 4,
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("&lt;script>") || svg.contains("&lt;script&gt;"),
            "{svg}"
        );
        assert!(svg.contains("width=\"75\""));
        assert!(svg.contains("1 of 4 granted (25%)"));
        assert!(bar_chart("t", "x", &[]).contains("no records"));
    }
}
