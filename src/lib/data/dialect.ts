// Detects how a delimited text file is written: delimiter, quoting, header row, line endings.
// Works on a decoded sample from the start of the file; every choice comes with a reason to show.
import { detectDateFormat } from './dates';
import { looksNumeric } from './numbers';
import { RecordSplitter, isBlank, type Delimiter, type QuoteChar } from './records';

export type LineEnding = 'CRLF' | 'LF' | 'CR' | 'mixed' | 'none';

export interface DialectDetection {
  delimiter: Delimiter;
  quote: QuoteChar;
  hasHeader: boolean;
  lineEnding: LineEnding;
  reasons: { delimiter: string; quote: string; header: string };
}

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', whitespace: 'runs of spaces' };
export const delimiterName = (d: Delimiter) => DELIMITER_NAMES[d];

export function detectLineEnding(sample: string): LineEnding {
  const crlf = sample.split('\r\n').length - 1;
  const cr = sample.split('\r').length - 1 - crlf;
  const lf = sample.split('\n').length - 1 - crlf;
  const kinds = [crlf > 0, cr > 0, lf > 0].filter(Boolean).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'CRLF' : cr > 0 ? 'CR' : 'LF';
}

/** Records of the sample, without the last (possibly cut) line. */
export function sampleRecords(sample: string, delimiter: Delimiter, quote: QuoteChar, limit = 200): string[][] {
  const splitter = new RecordSplitter(delimiter, quote);
  return splitter.push(sample).filter((r) => !isBlank(r)).slice(0, limit);
}

function consistency(records: string[][]): { fields: number; share: number } {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let fields = 1;
  let best = 0;
  for (const [n, c] of counts) if (c > best || (c === best && n > fields)) [fields, best] = [n, c];
  return { fields, share: records.length ? best / records.length : 0 };
}

function detectDelimiter(sample: string, quote: QuoteChar): { delimiter: Delimiter; reason: string } {
  const scored = ([',', ';', '\t', '|'] as Delimiter[])
    .map((delimiter) => ({ delimiter, ...consistency(sampleRecords(sample, delimiter, quote, 100)) }))
    .filter((s) => s.fields > 1 && s.share >= 0.8)
    .sort((a, b) => b.share - a.share || b.fields - a.fields);
  if (scored.length > 0) {
    const s = scored[0];
    return { delimiter: s.delimiter, reason: `${s.fields} fields per line on ${Math.round(s.share * 100)}% of the first lines` };
  }
  const ws = consistency(sampleRecords(sample, 'whitespace', quote, 100));
  if (ws.fields > 1) return { delimiter: 'whitespace', reason: `no comma, semicolon, tab or pipe; ${ws.fields} space-separated fields per line` };
  return { delimiter: ',', reason: 'only one column found; comma assumed' };
}

/** A header row is text where the rest of its column holds numbers or dates. */
function detectHeader(records: string[][]): { hasHeader: boolean; reason: string } {
  if (records.length === 1) {
    const allText = records[0].every((cell) => cell.trim() !== '' && !looksNumeric(cell) && !detectDateFormat([cell]).format);
    return allText ? { hasHeader: true, reason: 'the only line is all text' } : { hasHeader: false, reason: 'a single line of data' };
  }
  if (records.length === 0) return { hasHeader: false, reason: 'no lines to look at' };
  const [first, ...all] = records;
  // The same line again below (exports glued together) is the header repeated, not data.
  const repeated = all.filter((r) => r.join('\u0000') === first.join('\u0000')).length;
  const rest = all.filter((r) => r.join('\u0000') !== first.join('\u0000'));
  for (let c = 0; c < first.length; c++) {
    const cell = first[c].trim();
    if (cell === '' || looksNumeric(cell) || detectDateFormat([cell]).format) continue;
    const column = rest.map((r) => r[c] ?? '').filter((v) => v.trim() !== '');
    if (column.length === 0) continue;
    const typed = column.filter((v) => looksNumeric(v)).length / column.length;
    const dated = detectDateFormat(column).parsedShare;
    if (typed >= 0.8 || dated >= 0.8) {
      const again = repeated ? `; it is repeated ${repeated} time${repeated > 1 ? 's' : ''} below` : '';
      return { hasHeader: true, reason: `"${cell}" is text while its column holds ${dated >= 0.8 ? 'dates' : 'numbers'}${again}` };
    }
  }
  const distinctText = first.every((cell) => cell.trim() !== '' && !looksNumeric(cell)) && repeated === 0;
  if (distinctText && first.every((cell, c) => rest.every((r) => r[c] !== cell))) {
    return { hasHeader: true, reason: 'the first line is all text and none of its values repeats below' };
  }
  return { hasHeader: false, reason: 'the first line looks like data' };
}

export function detectDialect(sample: string): DialectDetection {
  const quoted = sample.includes('"');
  const quote: QuoteChar = '"';
  const { delimiter, reason: delimiterReason } = detectDelimiter(sample, quote);
  const records = sampleRecords(sample, delimiter, quote, 50);
  const header = detectHeader(records);
  return {
    delimiter,
    quote,
    hasHeader: header.hasHeader,
    lineEnding: detectLineEnding(sample),
    reasons: {
      delimiter: delimiterReason,
      quote: quoted ? 'double quotes found around some fields' : 'no quotes found; double quotes would be honoured',
      header: header.reason,
    },
  };
}
