// Excel workbooks written by write-excel-file (a dev dependency), for tests and benchmarks: typed cells
// (text ids, dates, numbers) on a first sheet, and for the CDNOW one a second sheet to pick instead.
import { readFileSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import { cdnowRows } from './duckdb';

type Kind = 'text' | 'date' | 'number';

function sheet(header: string[], kinds: Kind[], rows: string[][]) {
  const cell = (v: string, kind: Kind) =>
    kind === 'date' ? { value: new Date(`${v}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' } : kind === 'number' ? { value: Number(v), type: Number } : { value: v, type: String };
  return [header.map((value) => ({ value })), ...rows.map((r) => r.map((v, c) => cell(v, kinds[c])))];
}

export function cdnowWorkbook(txt: string): Promise<Buffer> {
  const data = sheet(['customer_id', 'date', 'number_of_cds', 'dollar_value'], ['text', 'date', 'number', 'number'], cdnowRows(txt));
  const two = sheet(['customer', 'date', 'amount'], ['text', 'text', 'number'], [['A', '2021-03-04', '5'], ['B', '2021-03-05', '7.5']]);
  return writeXlsxFile([{ sheet: 'CDNOW', data }, { sheet: 'Two customers', data: two }]).toBuffer();
}

/** A generated "customer_id,date,amount" CSV as a one-sheet workbook. */
export function csvWorkbook(csv: string): Promise<Buffer> {
  const [, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
  return writeXlsxFile(sheet(['customer_id', 'date', 'amount'], ['text', 'date', 'number'], lines.map((l) => l.split(',')))).toBuffer();
}
