// Customer attributes, from columns of the transactions file (row-attributes.ts: each customer's latest
// value) or from a second file of one row per customer (e.g. apparelStaticCov.csv beside
// apparelTrans.csv) joined to the dataset by id. Each column is categorical (text, or numbers with few
// distinct values, such as 0/1 codes; rare levels pooled as "other") or numeric. The join says which
// customers have no attributes and which rows have no transactions; a customer on several rows gets
// the last one's values, and the report says how many.
import Papa from 'papaparse';
import { ImportError } from './errors';

/** Numbers with more distinct values than this are a numeric attribute; fewer, levels of a category. */
const MAX_NUMERIC_LEVELS = 10;
/** A level with fewer customers than this share (or than MIN_LEVEL_CUSTOMERS) is pooled as "other". */
const RARE_SHARE = 0.01;
const MIN_LEVEL_CUSTOMERS = 10;
export const OTHER_LEVEL = 'other';
/** Most levels an attribute keeps; the rest, the least common, are pooled as "other". */
const MAX_LEVELS = 30;
/** Text with a different value for this share of customers or more (of more than MIN_LEVEL_CUSTOMERS) describes each customer, not a group of them. */
const UNIQUE_SHARE = 0.5;
/** How many example ids the report names. */
const EXAMPLES = 5;

export type AttributeColumn = (
  /** codes[c]: the level of dataset customer c, -1 when missing. */
  | { name: string; kind: 'categorical'; levels: string[]; codes: Int32Array; pooled: number }
  /** values[c]: NaN when missing. */
  | { name: string; kind: 'numeric'; values: Float64Array }
) & {
  /** 'transactions' for a column of the transactions file; absent for one of a file of attributes. */
  from?: 'transactions';
};

export interface AttributeReport {
  rows: number;
  /** Dataset customers with a row of attributes. */
  matched: number;
  withoutAttributes: number;
  exampleWithoutAttributes: string[];
  /** Rows whose id has no purchase in the dataset. */
  withoutTransactions: number;
  exampleWithoutTransactions: string[];
  /** Customers on more than one row (the last row's values are kept). */
  repeated: number;
}

/** What reading attributes from the transactions' rows found, per column. */
export interface RowAttributesReport {
  /** Customers with no value in the column on any row. */
  missing: number[];
  /** Customers whose value changed from row to row (the latest one is kept). */
  changed: number[];
}

export interface CustomerAttributes {
  /** Aligned to the dataset's customers: the transactions' columns first, then the file's. */
  columns: AttributeColumn[];
  /** The file of one row per customer joined by id; absent when none was. */
  fileName?: string;
  idColumn?: string;
  report?: AttributeReport;
  /** Where columns of the transactions file are attributes. */
  rows?: RowAttributesReport;
}

const isNumber = (cell: string) => cell.trim() !== '' && Number.isFinite(Number(cell));

/** Reads `text` (CSV with a header row) and joins it to the dataset's customer ids. */
export function readAttributes(text: string, fileName: string, customerIds: string[]): CustomerAttributes {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) throw new ImportError('empty', `${fileName} has no rows of attributes under a header row.`);
  if (header.length < 2) throw new ImportError('no-columns', `${fileName} has one column ("${header[0]}"): it needs the customer id and at least one attribute.`);
  const bad = rows.findIndex((r) => r.length !== header.length);
  if (bad >= 0) throw new ImportError('not-tabular', `${fileName}, row ${bad + 2}: ${rows[bad].length} cells where the header has ${header.length}.`);

  // The id column: the one whose values are most often customer ids of the dataset.
  const index = new Map(customerIds.map((id, c) => [id, c]));
  const hits = header.map((_, k) => rows.reduce((n, r) => n + (index.has(r[k].trim()) ? 1 : 0), 0));
  const idColumn = hits.indexOf(Math.max(...hits));
  if (hits[idColumn] === 0) {
    throw new ImportError('missing-column', `No column of ${fileName} holds the dataset's customer ids: none of its values (first row: ${header.map((h, k) => `${h} = "${rows[0][k]}"`).join(', ')}) is a customer of the transactions.`);
  }

  const rowOf = new Int32Array(customerIds.length).fill(-1);
  const report: AttributeReport = { rows: rows.length, matched: 0, withoutAttributes: 0, exampleWithoutAttributes: [], withoutTransactions: 0, exampleWithoutTransactions: [], repeated: 0 };
  rows.forEach((r, i) => {
    const c = index.get(r[idColumn].trim());
    if (c === undefined) {
      if (report.withoutTransactions++ < EXAMPLES) report.exampleWithoutTransactions.push(r[idColumn]);
      return;
    }
    if (rowOf[c] >= 0) report.repeated++;
    rowOf[c] = i;
  });
  rowOf.forEach((i, c) => {
    if (i >= 0) report.matched++;
    else if (report.withoutAttributes++ < EXAMPLES) report.exampleWithoutAttributes.push(customerIds[c]);
  });

  const columns = header.flatMap((name, k) => (k === idColumn ? [] : [attributeColumn(name.trim(), Array.from(rowOf, (i) => (i >= 0 ? rows[i][k].trim() : '')))]));
  return { fileName, idColumn: header[idColumn].trim(), columns, report };
}

/** One attribute from each customer's value ('' when missing): numeric, or categorical. */
export function attributeColumn(name: string, cells: string[]): AttributeColumn {
  const present = cells.filter((v) => v !== '');
  const numeric = present.length > 0 && present.every(isNumber);
  if (numeric && new Set(present).size > MAX_NUMERIC_LEVELS) return { name, kind: 'numeric', values: Float64Array.from(cells, (v) => (v === '' ? NaN : Number(v))) };
  return categorical(name, cells, present.length);
}

/**
 * `joined`'s file of attributes in place of any file joined before, beside the transactions'
 * columns; null removes the file's. A file's column named as one of the transactions' is named after
 * the file too.
 */
export function withFile(current: CustomerAttributes | undefined, joined: CustomerAttributes | null): CustomerAttributes | undefined {
  const own = (current?.columns ?? []).filter((c) => c.from === 'transactions');
  const rows = own.length ? current!.rows : undefined;
  if (!joined) return own.length ? { columns: own, rows } : undefined;
  const taken = new Set(own.map((c) => c.name));
  const columns = joined.columns.map((c) => (taken.has(c.name) ? { ...c, name: `${c.name} (${joined.fileName})` } : c));
  return { ...joined, columns: [...own, ...columns], rows };
}

/** Levels by how many customers have them, most first; rare ones pooled as OTHER_LEVEL. */
function categorical(name: string, cells: string[], present: number): AttributeColumn {
  const counts = new Map<string, number>();
  for (const v of cells) if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  if (present > MIN_LEVEL_CUSTOMERS && counts.size >= UNIQUE_SHARE * present) {
    const examples = [...counts.keys()].slice(0, 3).map((v) => `"${v}"`).join(', ');
    throw new ImportError('bad-option', `${name} is not an attribute of groups of customers: it has ${counts.size.toLocaleString('en-US')} different values for ${present.toLocaleString('en-US')} customers (${examples}...). Choose a column such as a country, channel or segment.`);
  }
  const least = [...counts.values()].sort((a, b) => b - a)[MAX_LEVELS - 1] ?? 0;
  const rare = Math.max(MIN_LEVEL_CUSTOMERS, RARE_SHARE * present, least + 1);
  // A single rare level is kept as itself (pooling it alone would only rename it), and so are rare
  // levels with no common one beside them.
  const pooled = [...counts.values()].filter((n) => n < rare).length;
  const pool = pooled > 1 && pooled < counts.size;
  const levels = [...counts].filter(([, n]) => !pool || n >= rare).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
  if (pool) levels.push(OTHER_LEVEL);
  const code = new Map(levels.map((v, i) => [v, i]));
  const other = code.get(OTHER_LEVEL) ?? -1;
  return { name, kind: 'categorical', levels, pooled: pool ? pooled : 0, codes: Int32Array.from(cells, (v) => (v === '' ? -1 : (code.get(v) ?? other))) };
}

const describeColumn = (c: AttributeColumn) =>
  c.kind === 'numeric' ? `${c.name} (numeric)` : `${c.name} (${c.levels.length} level${c.levels.length === 1 ? '' : 's'}${c.pooled ? `, ${c.pooled} rare ones pooled as "${OTHER_LEVEL}"` : ''})`;
const customers = (n: number) => (n === 1 ? '1 customer' : `${n.toLocaleString('en-US')} customers`);

/** The report in a sentence or two for the page. */
export function describeAttributes(a: CustomerAttributes): string {
  const own = a.columns.filter((c) => c.from === 'transactions');
  const sentences: string[] = [];
  if (a.rows && own.length) {
    const parts = [`From the transactions, each customer's latest value: ${own.map(describeColumn).join(', ')}`];
    own.forEach((c, k) => {
      if (a.rows!.changed[k]) parts.push(`${customers(a.rows!.changed[k])} changed ${c.name} from row to row (the latest is kept)`);
      if (a.rows!.missing[k]) parts.push(`${customers(a.rows!.missing[k])} ${a.rows!.missing[k] === 1 ? 'has' : 'have'} no ${c.name}`);
    });
    sentences.push(parts.join('; ') + '.');
  }
  if (a.fileName && a.report) sentences.push(describeFile(a, a.columns.filter((c) => c.from !== 'transactions'), a.report));
  return sentences.join(' ');
}

function describeFile(a: CustomerAttributes, columns: AttributeColumn[], r: AttributeReport): string {
  const parts = [`${a.fileName}: ${r.rows} rows joined by ${a.idColumn}; ${columns.map(describeColumn).join(', ')}`];
  parts.push(`${r.matched} customers have attributes`);
  if (r.withoutAttributes) parts.push(`${r.withoutAttributes} customers have none (e.g. ${r.exampleWithoutAttributes.join(', ')})`);
  if (r.withoutTransactions) parts.push(`${r.withoutTransactions} rows are of ids with no purchase (e.g. ${r.exampleWithoutTransactions.join(', ')}), left out`);
  if (r.repeated) parts.push(`${r.repeated === 1 ? '1 customer is' : `${r.repeated} customers are`} on several rows: the last row's values are kept`);
  return parts.join('; ') + '.';
}
