// Excel workbooks (.xlsx), read with read-excel-file (maintained; the abandoned `xlsx` 0.18 on npm is
// not used): one sheet, the first unless another is chosen, its first row the header. Cells become the
// text a CSV of the sheet would hold (cells.ts). An encrypted workbook, or an old binary .xls, is an
// OLE container rather than a zip: told by its first bytes, with what to do.
import readXlsxFile from 'read-excel-file/universal';
import { cellText } from './cells';
import { ImportError } from './errors';
import type { ImportSource } from './sources';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export interface SheetTable {
  /** Every sheet of the workbook, in order. */
  sheets: string[];
  sheet: string;
  header: string[];
  records: string[][];
}

export async function xlsxTable(source: ImportSource, sheet?: string): Promise<SheetTable> {
  const head = new Uint8Array(await source.blob.slice(0, 8).arrayBuffer());
  if (OLE.every((b, i) => head[i] === b)) {
    throw new ImportError('bad-xlsx', `${source.name} is a password-protected workbook (or an old .xls): it cannot be read without Excel. Open it in Excel, remove the password (File > Info > Protect Workbook), save it as .xlsx or CSV, and import that.`);
  }
  let workbook: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    workbook = await readXlsxFile(source.blob);
  } catch (e) {
    // read-excel-file overflows the stack on sheets of about a million rows.
    if (e instanceof RangeError) throw new ImportError('too-large', `${source.name} is too large for the Excel reader in a browser tab (${e.message}). Export the sheet as CSV or Parquet and import that.`);
    throw new ImportError('bad-xlsx', `${source.name} is not a readable Excel workbook (${(e as Error).message}). Save it again from Excel, or export CSV.`);
  }
  const sheets = workbook.map((s) => s.sheet);
  const chosen = sheet === undefined ? workbook[0] : workbook.find((s) => s.sheet === sheet);
  if (!chosen) throw new ImportError('bad-option', `${source.name} has no sheet "${sheet}" (its sheets: ${sheets.join(', ')}).`);
  const [header = [], ...rows] = chosen.data.map((row) => row.map(cellText));
  return { sheets, sheet: chosen.sheet, header: header.map((h) => h.trim()), records: rows };
}
