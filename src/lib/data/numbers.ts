// Amount parsing: '.' or ',' decimals, thousands separators, currency symbols and codes,
// negative numbers with a minus sign or in parentheses. Pure TypeScript.

export type DecimalSeparator = '.' | ',';

const PLAIN = /^-?\d+(?:\.\d+)?$/;
const CURRENCY_EDGE = /^[^\d.,+\-−(]+|[^\d.,)]+$/g;
const GROUP_SPACES = /[\s\u00a0\u202f']/g;
const DOT_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const COMMA_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;
const DIGITS = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parse an amount; NaN when the text is not a number. Infinity is returned as is (the caller rejects it). */
export function parseAmount(text: string, decimal: DecimalSeparator): number {
  if (decimal === '.' && PLAIN.test(text)) return Number(text);
  let t = text.trim();
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  for (let pass = 0; pass < 2; pass++) {
    if (t.startsWith('-') || t.startsWith('−')) {
      negative = !negative;
      t = t.slice(1).trim();
    } else if (t.startsWith('+')) t = t.slice(1).trim();
    else if (t.endsWith('-')) {
      negative = !negative;
      t = t.slice(0, -1).trim();
    }
    if (pass === 0) t = t.replace(CURRENCY_EDGE, '').trim();
  }
  t = t.replace(GROUP_SPACES, '');
  if (decimal === '.') {
    if (t.includes(',')) {
      if (!DOT_GROUPED.test(t)) return NaN;
      t = t.replaceAll(',', '');
    }
  } else {
    if (t.includes('.')) {
      if (!COMMA_GROUPED.test(t)) return NaN;
      t = t.replaceAll('.', '');
    }
    t = t.replace(',', '.');
  }
  if (!DIGITS.test(t)) return NaN;
  const value = Number(t);
  return negative ? -value : value;
}

export interface DecimalDetection {
  decimal: DecimalSeparator;
  reason: string;
}

/** Decide the decimal separator from sample values: the last separator of "1.234,56" is the decimal one. */
export function detectDecimalSeparator(sample: string[]): DecimalDetection {
  let dot = 0;
  let comma = 0;
  for (const raw of sample) {
    const v = raw.replace(CURRENCY_EDGE, '').replace(GROUP_SPACES, '');
    const lastDot = v.lastIndexOf('.');
    const lastComma = v.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastComma > lastDot) comma++;
      else dot++;
    } else if (lastComma >= 0) {
      if (!/^\(?-?\d{1,3}(?:,\d{3})+\)?$/.test(v)) comma++;
    } else if (lastDot >= 0) {
      if (!/^\(?-?\d{1,3}(?:\.\d{3})+\)?$/.test(v)) dot++;
    }
  }
  if (comma > dot) return { decimal: ',', reason: `${comma} sample values use a decimal comma` };
  if (dot > 0) return { decimal: '.', reason: `${dot} sample values use a decimal point` };
  return { decimal: '.', reason: 'no value has a decimal part; a decimal point is assumed' };
}

/** Whether a text looks like a number in either convention (used to guess columns and headers). */
export function looksNumeric(text: string): boolean {
  return !Number.isNaN(parseAmount(text, '.')) || !Number.isNaN(parseAmount(text, ','));
}
