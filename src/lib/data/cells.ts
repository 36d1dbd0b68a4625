// A typed cell (JSON, Parquet, Excel) as the text a CSV of the same table would hold, so that every
// format goes through the same detection and validation: a timestamp at midnight UTC as its day,
// others with their time (UTC, to the second), numbers in full, objects as JSON.
const pad = (n: number) => String(n).padStart(2, '0');

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const [h, m, s] = [value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()];
    return h || m || s ? `${day}T${pad(h)}:${pad(m)}:${pad(s)}` : day;
  }
  if (typeof value === 'object') return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  return String(value);
}
