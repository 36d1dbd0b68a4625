// Column mapping: which columns hold the customer id, the timestamp, the amount (or quantity x unit
// price) and the order id. Guessed from header names first, then from the values.
import { detectDateFormat } from './dates';
import { looksNumeric } from './numbers';

export type AmountSpec = { kind: 'none' } | { kind: 'column'; column: number } | { kind: 'product'; columns: [number, number] };

/** Column positions (0-based) in each record. */
export interface ColumnMapping {
  customer: number;
  date: number;
  amount: AmountSpec;
  orderId: number | null;
  /** Refunded amounts, subtracted from each row's amount (blank = nothing refunded). */
  refund?: number | null;
  /** The customer's e-mail address, where the id is not one (the lists' `email` column). */
  email?: number | null;
  /** Customer attributes (country, channel...): each customer's latest value (row-attributes.ts). */
  attributes?: number[];
}

/** The columns read per customer in a second pass: the attributes, then the e-mail address. */
export const customerColumns = (m: ColumnMapping): number[] => [...(m.attributes ?? []), ...(m.email != null ? [m.email] : [])];

const NAME = {
  customer: /cust|client|user|member|buyer|account|shopper|donor|patient|^(?:c?id)$|_id$|^id_/i,
  date: /date|time|^day$|timestamp|created|_at$|^ts$|datum|fecha/i,
  amount: /amount|value|revenue|sales|total|spend|sum|dollar|paid|gmv|turnover|monetary|betrag|price|€|\$/i,
  unitPrice: /unit.?price|^price$|^unitprice$|preis/i,
  quantity: /qty|quantity|units|number_of|^items$|pieces|menge/i,
  orderId: /invoice|order|transaction|receipt|basket|ticket|^txn|bestell/i,
  email: /e-?mail/i,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const looksLikeEmail = (text: string) => EMAIL.test(text);

interface ColumnProfile {
  index: number;
  name: string;
  dateShare: number;
  numericShare: number;
  emailShare: number;
  fractionShare: number;
  distinctShare: number;
}

function profile(index: number, name: string, values: string[]): ColumnProfile {
  const filled = values.filter((v) => v.trim() !== '');
  const n = Math.max(filled.length, 1);
  return {
    index,
    name,
    dateShare: detectDateFormat(filled).parsedShare,
    numericShare: filled.filter(looksNumeric).length / n,
    emailShare: filled.filter((v) => looksLikeEmail(v.trim())).length / n,
    fractionShare: filled.filter((v) => /\d[.,]\d{1,2}\D*$/.test(v.trim())).length / n,
    distinctShare: new Set(filled).size / n,
  };
}

/** Guess the mapping; throws nothing, returns null for what it cannot find. */
export function guessMapping(header: string[] | null, rows: string[][]): { mapping: Partial<ColumnMapping>; columnCount: number } {
  // Header lines repeated inside the data (exports glued together) are not values.
  const key = header?.join('\u0000');
  if (key !== undefined) rows = rows.filter((r) => r.join('\u0000') !== key);
  const columnCount = Math.max(header?.length ?? 0, ...rows.map((r) => r.length));
  const profiles = Array.from({ length: columnCount }, (_, c) =>
    profile(c, header?.[c]?.trim() ?? '', rows.map((r) => r[c] ?? '')),
  );
  const taken = new Set<number>();
  const take = (p: ColumnProfile | undefined) => {
    if (p) taken.add(p.index);
    return p?.index;
  };
  const free = () => profiles.filter((p) => !taken.has(p.index));
  const named = (re: RegExp, ok: (p: ColumnProfile) => boolean) => free().find((p) => re.test(p.name) && ok(p));

  const date = take(
    named(NAME.date, (p) => p.dateShare >= 0.5 || p.numericShare < 0.5) ??
      free()
        .filter((p) => p.dateShare >= 0.9)
        .sort((a, b) => b.dateShare - a.dateShare || b.fractionShare - a.fractionShare)[0],
  );
  let amount: AmountSpec = { kind: 'none' };
  const quantity = named(NAME.quantity, (p) => p.numericShare >= 0.9);
  const unitPrice = named(NAME.unitPrice, (p) => p.numericShare >= 0.9);
  const explicitAmount = named(/amount|value|revenue|sales|total|spend|dollar|paid|monetary/i, (p) => p.numericShare >= 0.5);
  if (!explicitAmount && quantity && unitPrice) {
    amount = { kind: 'product', columns: [take(quantity)!, take(unitPrice)!] };
  } else {
    // A column plainly named "amount" is the amount even when its values are bad: they are then
    // rejected row by row, with the reason, rather than the amounts silently left out.
    const byName = explicitAmount ?? named(NAME.amount, (p) => p.numericShare >= 0.5) ?? named(/^(amount|revenue|sales|total|spend|value)$/i, () => true);
    const byValue = free()
      .filter((p) => p.numericShare >= 0.95 && p.fractionShare > 0.2)
      .sort((a, b) => b.fractionShare - a.fractionShare)[0];
    const column = take(byName ?? byValue);
    if (column !== undefined) amount = { kind: 'column', column };
  }
  const orderId = take(named(NAME.orderId, (p) => p.distinctShare > 0.3 && p.dateShare < 0.5));
  const customer = take(
    named(NAME.customer, () => true) ??
      free()
        .filter((p) => p.fractionShare < 0.5 && p.dateShare < 0.5 && p.distinctShare < 1)
        .sort((a, b) => a.index - b.index)[0] ??
      free()[0],
  );
  // An e-mail column beside an id that is not one: the lists' contact column.
  const email = customer !== undefined && profiles[customer].emailShare < 0.5 ? named(NAME.email, (p) => p.emailShare >= 0.5)?.index : undefined;
  return { mapping: { customer, date, amount, orderId: orderId ?? null, ...(email !== undefined ? { email } : {}) }, columnCount };
}

/** Column names to show: the header's, or "Column 1", "Column 2"... */
export function columnLabels(header: string[] | null, columnCount: number): string[] {
  return Array.from({ length: columnCount }, (_, c) => {
    const name = header?.[c]?.trim();
    return name ? name : `Column ${c + 1}`;
  });
}
