// Doubts about a column mapping, from the sample rows, shown before the import: a customer column that
// differs on every row (an order or payment id), one date on every row or dates in the future, an amount that
// is mostly zero or looks like a quantity, dates with a time zone offset, amounts in several currencies.
// Each names the column and the values behind it; none stops the import.
import { formatDay } from './calendar';
import type { ColumnMapping } from './columns';
import { parseDate, type DateFormatId } from './dates';
import { parseAmount, type DecimalSeparator } from './numbers';
import type { RowFilter } from './platforms';

/** Fewer sample rows than this say too little to doubt anything. */
const MIN_ROWS = 20;
const OFFSET = /(?:\d)(?:Z|\s?[+-]\d{2}:?\d{2})$/;

const quote = (values: string[]) => [...new Set(values)].slice(0, 3).map((v) => `"${v}"`).join(', ');

export function mappingWarnings(mapping: ColumnMapping, exclude: RowFilter[], labels: string[], sample: string[][], dateFormat: DateFormatId, decimal: DecimalSeparator, today = Math.floor(Date.now() / 86_400_000)): string[] {
  const kept = sample.filter((r) => !exclude.some((f) => f.values.some((v) => v.toLowerCase() === r[f.column]?.trim().toLowerCase())));
  const column = (c: number) => kept.map((r) => r[c]?.trim() ?? '').filter((v) => v !== '');
  const warnings: string[] = [];

  const ids = column(mapping.customer);
  if (ids.length >= MIN_ROWS && new Set(ids).size >= ids.length * 0.98) {
    warnings.push(`Every sample row has a different ${labels[mapping.customer]} (${quote(ids)}): every customer would have one purchase. Is ${labels[mapping.customer]} really the customer, and not an order or payment id?`);
  }

  const dateTexts = column(mapping.date);
  // The same value on every row (not just the same day: a busy shop's first 500 rows may share one).
  const day = parseDate(dateTexts[0] ?? '', dateFormat);
  if (dateTexts.length >= MIN_ROWS && !Number.isNaN(day) && new Set(dateTexts).size === 1) {
    const shown = dateTexts[0] === formatDay(day) ? `"${dateTexts[0]}"` : `"${dateTexts[0]}", ${formatDay(day)}`;
    warnings.push(`All ${dateTexts.length} sample rows have the same ${labels[mapping.date]} (${shown}): is it the purchase date, or the day of the export?`);
  }
  const future = dateTexts.filter((t) => parseDate(t, dateFormat) > today + 1);
  if (future.length) warnings.push(`${future.length} sample ${future.length === 1 ? 'date' : 'dates'} in ${labels[mapping.date]} ${future.length === 1 ? 'is' : 'are'} in the future (${quote(future)}): check the date format.`);
  const offsets = dateTexts.filter((t) => OFFSET.test(t));
  if (offsets.length) {
    warnings.push(`${labels[mapping.date]} holds times with a time zone offset (${quote(offsets)}): each purchase counts for the day as written, in the local time of its offset.`);
  }

  if (mapping.amount.kind === 'column') {
    const label = labels[mapping.amount.column];
    const texts = column(mapping.amount.column);
    const amounts = texts.map((t) => parseAmount(t, decimal)).filter((v) => !Number.isNaN(v));
    const zeros = amounts.filter((v) => v === 0).length;
    if (amounts.length >= MIN_ROWS && zeros >= amounts.length / 2) {
      warnings.push(`${Math.round((zeros / amounts.length) * 100)}% of the sample amounts in ${label} are 0: is it the column of the money paid?`);
    } else if (amounts.length >= MIN_ROWS && amounts.every((v) => Number.isInteger(v) && v >= 0 && v <= 20) && !/amount|total|revenue|sales|paid|price|value/i.test(label)) {
      warnings.push(`The sample amounts in ${label} are all small whole numbers (${quote(texts)}): is it a quantity rather than an amount? Choose quantity × unit price if there is a price column.`);
    }
  }
  // Amounts in several currencies would add up as if one.
  const currency = labels.findIndex((l) => /^(currency|currency code|currency_code|waehrung|währung|devise|moneda)$/i.test(l.trim()));
  const currencies = currency >= 0 && mapping.amount.kind !== 'none' ? [...new Set(column(currency).map((v) => v.toUpperCase()))] : [];
  if (currencies.length > 1) {
    const converted = labels.find((l) => /convert/i.test(l));
    warnings.push(
      `The sample has amounts in ${currencies.length} currencies in ${labels[currency]} (${currencies.slice(0, 5).join(', ')}): revenue would add them up as one. ` +
        `Leave out the rows of the other currencies (Leave out rows whose ${labels[currency]} is…)${converted ? `, or choose ${converted} as the amount` : ', or import a column of amounts converted to one currency'}.`,
    );
  }
  return warnings;
}
