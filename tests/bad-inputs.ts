// The bad-input corpus: every file in tests/fixtures/bad/ (plus two generated ones too big to keep in
// the repository) with what the import must say. Either the import stops with a message, or it goes
// through and the report names what it rejected. Shared by the unit and the browser tests.

export type Outcome =
  | { error: RegExp }
  /** `warning`: shown on the mapping step, before the import. */
  | { customers: number; rejected?: Record<string, number>; warning?: RegExp };

export const BAD_INPUTS: Record<string, Outcome> = {
  'all-invalid.csv': { error: /^None of the 2 rows could be used\. unparseable date: 2 \(first: all-invalid\.csv row 2, column "date", value "yesterday"\)/ },
  'amount-text.csv': { error: /^None of the 3 rows could be used\. non-numeric amount: 3 \(first: amount-text\.csv row 2, column "amount", value "free"\)/ },
  'binary.bin': { error: /This file is binary, not text: export it as CSV/ },
  'blank-ids.csv': { error: /^None of the 3 rows could be used\. missing customer id: 3 \(first: blank-ids\.csv row 2, column "customer"/ },
  'bom-crlf.csv': { customers: 2 },
  'bom-only.csv': { error: /^bom-only\.csv has no rows\.$/ },
  'dates-1900-2100.csv': { customers: 1, rejected: { 'date-out-of-range': 3 } },
  'empty.csv': { error: /^empty\.csv is empty \(0 bytes\)\.$/ },
  'header-only.csv': { error: /The data has no rows \(only a header, or nothing at all\)/ },
  'hostile-ids.csv': { customers: 4 },
  'html-page.csv': { error: /^html-page\.csv is a web page or XML document, not a table of transactions/ },
  'invalid-calendar-dates.csv': { error: /^None of the 4 rows could be used\. unparseable date: 4 \(first: invalid-calendar-dates\.csv row 2, column "date", value "2021-13-01"\)/ },
  'json-object.json': { error: /^json-object\.json: expected an array of objects at "\(top level\)", found an object with keys error, code/ },
  'json-truncated.json': { error: /^json-truncated\.json is not valid JSON/ },
  'latin1-tab.tsv': { customers: 2 },
  'mixed-date-formats.csv': { customers: 3, rejected: { 'unparseable-date': 2 } },
  'mixed-errors.csv': { customers: 1, rejected: { 'blank-row': 1, 'missing-id': 1, 'unparseable-date': 2, 'non-numeric-amount': 1, 'missing-amount': 1, 'date-out-of-range': 1, 'repeated-header': 1, 'missing-column': 1, 'non-finite-amount': 1 } },
  'nan-infinity.csv': { customers: 1, rejected: { 'non-numeric-amount': 3, 'non-finite-amount': 1 } },
  'ndjson-broken-line.ndjson': { error: /^ndjson-broken-line\.ndjson line 3 is not valid JSON .*: "\{not json\}"/ },
  'no-customer-column.csv': { error: /^Choose the column that holds the customer id: no column was recognised as one\./ },
  'no-date-column.csv': { error: /^Choose the column that holds the purchase date: no column was recognised as dates\./ },
  'nul-bytes.csv': { error: /This file is binary, not text/ },
  'shopify-no-email.csv': { customers: 25, warning: /^Every sample row has a different Id \("5012345700", "5012345701", "5012345702"\): every customer would have one purchase\. Is Id really the customer/ },
  'one-column.csv': { error: /^Choose the column that holds the purchase date: .* If the file shows a single column, check the delimiter/ },
  'one-day.csv': { customers: 200 },
  'password-protected.xlsx': { error: /^password-protected\.xlsx is a password-protected workbook \(or an old \.xls\): it cannot be read without Excel\. Open it in Excel, remove the password/ },
  'ragged-rows.csv': { customers: 2, rejected: { 'missing-column': 2 } },
  'repeated-headers.csv': { customers: 3, rejected: { 'repeated-header': 3 } },
  'returns-only.csv': { error: /^Every purchase day was cancelled out by returns: no purchases remain\./ },
  'returns-semicolon.csv': { customers: 2 },
  'single-customer.csv': { customers: 1 },
  'ten-thousand-columns.csv': { customers: 3 },
  'times-without-dates.csv': { error: /^None of the 3 rows could be used\. unparseable date: 3 \(first: times-without-dates\.csv row 2, column "time", value "12:30"\)/ },
  'truncated.parquet': { error: /^truncated\.parquet is not a readable Parquet file \(.+\)\. Export it again, or as CSV\./ },
  'truncated.csv.gz': { error: /^truncated\.csv\.gz is gzip-compressed but cannot be decompressed \(.+\): the file is probably cut short\. Download or compress it again\./ },
  'two-header-rows.csv': { error: /^Choose the column that holds the purchase date: .* if a title line comes before the header, remove it\./ },
  'unterminated-quote.csv': { error: /^Record 2 opens a quote \("\) that is never closed/ },
  'utf16-no-bom.csv': { customers: 1 },
  'whitespace-only.csv': { error: /^whitespace-only\.csv has no rows\.$/ },
};

/** Generated: a 1 MB line without an end, and a 1 MB amount. */
export const GENERATED_BAD_INPUTS: Record<string, { content: () => string; outcome: Outcome }> = {
  'one-megabyte-line.csv': { content: () => 'x'.repeat(1 << 20), outcome: { error: /^The first 256 KB of one-megabyte-line\.csv hold no complete line/ } },
  'one-megabyte-amount.csv': { content: () => `customer,date,amount\nA,2021-01-01,${'9'.repeat(1 << 20)}\n`, outcome: { error: /^None of the 1 rows could be used\. amount is infinite or too large: 1/ } },
};
