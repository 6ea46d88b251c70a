// Medians of the runs, and the tables in the README's markdown shape (one column per page,
// one row per figure).

/** The median (the mean of the two middle values for an even count); null without values. */
function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The figures of the tables, each as the median over runs of one value per run. */
const ROWS = [
  ['page first paint (FCP)', (r) => r.fcp, 'ms'],
  ['page first frame (probe)', (r) => r.pageSeen, 'ms'],
  ['notice visible (probe)', (r) => r.noticeSeen, 'ms'],
  ['notice after the page\'s first frame', (r) => (r.noticeSeen === null ? null : r.noticeSeen - r.pageSeen), 'ms'],
  ['notice fully opaque (probe)', (r) => r.opaqueSeen, 'ms'],
  ['DOMContentLoaded', (r) => r.dcl, 'ms'],
  ['main-thread script time', (r) => r.script, 'ms'],
  ['JS heap after load (after GC)', (r) => r.heap, 'MB'],
  ['bytes on the wire (encoded bodies)', (r) => r.wire, 'B'],
  ['requests', (r) => r.requests.length, ''],
  ['connections opened', (r) => r.connections, ''],
];

/** The medians of every row for each page's runs: { page: { row label: value } }. */
export function summarize(runsByPage) {
  return Object.fromEntries(Object.entries(runsByPage).map(([name, runs]) => [
    name,
    Object.fromEntries(ROWS.map(([label, value]) => [label, median(runs.map(value))])),
  ]));
}

const format = (value, unit) => {
  if (value === null) return '–';
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 'MB') return `${value.toFixed(2)} MB`;
  if (unit === 'B') return `${(value / 1000).toFixed(1)} KB`;
  return String(value);
};

/** The markdown table of one profile's medians. */
export function table(medians) {
  const names = Object.keys(medians);
  return [
    `| | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...ROWS.map(([label, , unit]) => `| ${label} | ${names.map((n) => format(medians[n][label], unit)).join(' | ')} |`),
  ].join('\n');
}
