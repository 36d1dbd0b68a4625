// Customer attributes from a second file of one row per customer (e.g. apparelStaticCov.csv beside
// apparelTrans.csv), joined to the dataset by id. Each other column is categorical (text, or numbers
// with few distinct values, such as 0/1 codes; rare levels pooled as "other") or numeric. The join
// says which customers have no attributes and which rows have no transactions; a customer on several
// rows gets the last one's values, and the report says how many.
import Papa from 'papaparse';
import { ImportError } from './errors';

/** Numbers with more distinct values than this are a numeric attribute; fewer, levels of a category. */
const MAX_NUMERIC_LEVELS = 10;
/** A level with fewer customers than this share (or than MIN_LEVEL_CUSTOMERS) is pooled as "other". */
const RARE_SHARE = 0.01;
const MIN_LEVEL_CUSTOMERS = 10;
export const OTHER_LEVEL = 'other';
/** How many example ids the report names. */
const EXAMPLES = 5;

export type AttributeColumn =
  /** codes[c]: the level of dataset customer c, -1 when missing. */
  | { name: string; kind: 'categorical'; levels: string[]; codes: Int32Array; pooled: number }
  /** values[c]: NaN when missing. */
  | { name: string; kind: 'numeric'; values: Float64Array };

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

export interface CustomerAttributes {
  fileName: string;
  idColumn: string;
  /** Aligned to the dataset's customers. */
  columns: AttributeColumn[];
  report: AttributeReport;
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

  const columns = header.flatMap((name, k): AttributeColumn[] => {
    if (k === idColumn) return [];
    const cells = Array.from(rowOf, (i) => (i >= 0 ? rows[i][k].trim() : ''));
    const present = cells.filter((v) => v !== '');
    const numeric = present.length > 0 && present.every(isNumber);
    if (numeric && new Set(present).size > MAX_NUMERIC_LEVELS) return [{ name: name.trim(), kind: 'numeric', values: Float64Array.from(cells, (v) => (v === '' ? NaN : Number(v))) }];
    return [categorical(name.trim(), cells, present.length)];
  });
  return { fileName, idColumn: header[idColumn].trim(), columns, report };
}

/** Levels by how many customers have them, most first; rare ones pooled as OTHER_LEVEL. */
function categorical(name: string, cells: string[], present: number): AttributeColumn {
  const counts = new Map<string, number>();
  for (const v of cells) if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  const rare = Math.max(MIN_LEVEL_CUSTOMERS, RARE_SHARE * present);
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

/** The report in one sentence for the page. */
export function describeAttributes(a: CustomerAttributes): string {
  const r = a.report;
  const cols = a.columns.map((c) => (c.kind === 'numeric' ? `${c.name} (numeric)` : `${c.name} (${c.levels.length} level${c.levels.length === 1 ? '' : 's'}${c.pooled ? `, ${c.pooled} rare ones pooled as "${OTHER_LEVEL}"` : ''})`));
  const parts = [`${a.fileName}: ${r.rows} rows joined by ${a.idColumn}; ${cols.join(', ')}`];
  parts.push(`${r.matched} customers have attributes`);
  if (r.withoutAttributes) parts.push(`${r.withoutAttributes} customers have none (e.g. ${r.exampleWithoutAttributes.join(', ')})`);
  if (r.withoutTransactions) parts.push(`${r.withoutTransactions} rows are of ids with no purchase (e.g. ${r.exampleWithoutTransactions.join(', ')}), left out`);
  if (r.repeated) parts.push(`${r.repeated === 1 ? '1 customer is' : `${r.repeated} customers are`} on several rows: the last row's values are kept`);
  return parts.join('; ') + '.';
}
