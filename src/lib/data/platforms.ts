// Exports of the platforms shops sell on, recognised from their header: which column is the customer,
// the date, the money (net of refunds where the export has them), the order, and which rows are not
// purchases (failed, voided, pending or test payments; the extra rows of an order's line items). Column
// names and status values are the ones the platforms' own exports use. Each choice stays editable.
import type { AmountSpec, ColumnMapping } from './columns';
import type { DateFormatId } from './dates';

/** Rows whose `column` holds one of `values` (any case, trimmed) are left out of the import. */
export interface RowFilter {
  column: number;
  values: string[];
}

interface PlatformSpec {
  name: string;
  /** Header names (any case) that must all be there. */
  signature: string[];
  customer: string;
  date: string;
  /** How the export writes day and month when the values alone cannot tell (12/1/2010). */
  dateFormat?: DateFormatId;
  /** A column, or quantity x unit price. */
  amount: string | [string, string];
  /** Refunded amounts, subtracted from the amount. */
  refund?: string;
  order?: string;
  /** The customer's e-mail address, where the customer column is an id. */
  email?: string;
  exclude?: { column: string; values: string[]; why: string }[];
  /** What else to know about the export. */
  note?: string;
}

const SPECS: PlatformSpec[] = [
  {
    name: 'Shopify orders export',
    signature: ['Name', 'Email', 'Financial Status', 'Paid at', 'Created at', 'Total', 'Lineitem quantity'],
    customer: 'Email', date: 'Created at', amount: 'Total', refund: 'Refunded Amount', order: 'Name',
    exclude: [
      { column: 'Financial Status', values: ['pending', 'authorized', 'voided', 'refunded', 'expired'], why: 'not paid, or paid back' },
      { column: 'Payment Method', values: ['bogus'], why: 'test orders' },
    ],
    note: 'An order with several line items takes one row each; the order is counted once, on its first row.',
  },
  {
    name: 'WooCommerce orders export',
    signature: ['Date', 'Order #', 'Status', 'Customer', 'Customer type', 'Net Sales'],
    customer: 'Customer', date: 'Date', amount: 'Net Sales', order: 'Order #',
    exclude: [{ column: 'Status', values: ['failed', 'cancelled', 'refunded', 'pending payment', 'on hold', 'draft', 'checkout draft', 'trash'], why: 'not paid, or paid back' }],
  },
  {
    name: 'Stripe payments export',
    signature: ['id', 'Created (UTC)', 'Amount', 'Amount Refunded', 'Currency', 'Status', 'Customer ID'],
    customer: 'Customer ID', date: 'Created (UTC)', amount: 'Amount', refund: 'Amount Refunded', email: 'Customer Email',
    exclude: [
      { column: 'Status', values: ['failed', 'refunded', 'canceled', 'incomplete', 'requires_payment_method'], why: 'not paid, or paid back' },
      { column: 'Captured', values: ['false'], why: 'authorised but never captured' },
      { column: 'Mode', values: ['test'], why: 'test payments' },
    ],
    note: 'Payments without a Customer ID (guest checkouts) cannot be told apart and are rejected; choose Customer Email as the customer to keep them.',
  },
  {
    name: 'Square transactions export',
    signature: ['Date', 'Time', 'Time Zone', 'Gross Sales', 'Net Sales', 'Transaction ID', 'Customer ID'],
    customer: 'Customer ID', date: 'Date', amount: 'Net Sales',
    note: 'Refunds are rows of their own with negative amounts, netted on their day.',
  },
  {
    name: 'PayPal activity download',
    signature: ['Date', 'Time', 'TimeZone', 'Name', 'Type', 'Status', 'Gross', 'Net', 'From Email Address', 'Transaction ID'],
    customer: 'From Email Address', date: 'Date', amount: 'Gross',
    exclude: [
      { column: 'Status', values: ['pending', 'denied', 'reversed', 'canceled', 'cancelled', 'failed', 'unclaimed'], why: 'not paid, or paid back' },
      { column: 'Balance Impact', values: ['debit', 'memo'], why: 'money paid out (refunds, withdrawals) or only held' },
    ],
    note: 'Refunds are debits, sent to the customer rather than from them: they are left out, not netted.',
  },
  {
    name: 'Etsy orders export',
    signature: ['Sale Date', 'Order ID', 'Buyer User ID', 'Number of Items', 'Order Value', 'Order Total'],
    customer: 'Buyer User ID', date: 'Sale Date', dateFormat: 'mdy', amount: 'Order Total', order: 'Order ID',
    note: 'Refunds appear in Adjusted Order Total: choose it as the amount to count orders after refunds.',
  },
  {
    name: 'Lightspeed Retail (Vend) sales export',
    signature: ['Date', 'Receipt Number', 'Line Type', 'Customer Code', 'Total', 'Status'],
    customer: 'Customer Code', date: 'Date', amount: 'Total', order: 'Receipt Number',
    exclude: [
      { column: 'Line Type', values: ['sale line', 'payment'], why: 'the lines and payments of a sale, whose total is on its Sale row' },
      { column: 'Status', values: ['voided', 'saved', 'layby'], why: 'voided, parked or not paid in full' },
    ],
  },
  {
    name: 'Customer-day file',
    signature: ['customer_id', 'day', 'amount', 'orders'],
    customer: 'customer_id', date: 'day', amount: 'amount',
    note: 'One row per customer and day, made from raw orders by docs/customer-days.sql: each row is one purchase.',
  },
  {
    name: 'UCI Online Retail layout',
    signature: ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'],
    customer: 'CustomerID', date: 'InvoiceDate', dateFormat: 'mdy', amount: ['Quantity', 'UnitPrice'], order: 'InvoiceNo',
    note: 'Invoices of C and digits (C536379) are cancellations, counted as returns.',
  },
  {
    name: 'UCI Online Retail II layout',
    signature: ['Invoice', 'StockCode', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID'],
    customer: 'Customer ID', date: 'InvoiceDate', amount: ['Quantity', 'Price'], order: 'Invoice',
    note: 'Invoices of C and digits (C536379) are cancellations, counted as returns.',
  },
];

/** "voided, refunded or expired". */
export const oneOf = (values: string[]) => (values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : (values[0] ?? ''));

export interface PlatformMatch {
  name: string;
  mapping: ColumnMapping;
  exclude: RowFilter[];
  dateFormat: DateFormatId | null;
  /** What was chosen and why, for the mapping step. */
  description: string;
}

/** The platform whose export has this header, with its mapping; null when none matches. */
export function recognisePlatform(header: string[] | null): PlatformMatch | null {
  if (!header) return null;
  const names = header.map((h) => h.trim().toLowerCase());
  const at = (name: string) => names.indexOf(name.toLowerCase());
  const spec = SPECS.find((s) => s.signature.every((name) => at(name) >= 0));
  if (!spec) return null;
  const optional = (name: string | undefined) => (name && at(name) >= 0 ? at(name) : null);
  const amount: AmountSpec = typeof spec.amount === 'string' ? { kind: 'column', column: at(spec.amount) } : { kind: 'product', columns: [at(spec.amount[0]), at(spec.amount[1])] };
  const refund = optional(spec.refund);
  const email = optional(spec.email);
  const filters = (spec.exclude ?? []).filter((f) => at(f.column) >= 0);
  const money = typeof spec.amount === 'string' ? spec.amount : spec.amount.join(' × ');
  const parts = [
    `customer = ${spec.customer}, date = ${spec.date}, amount = ${money}${refund !== null ? ` minus ${spec.refund} (refunds netted)` : ''}${email !== null ? `, e-mail = ${spec.email}` : ''}`,
    ...filters.map((f) => `rows whose ${f.column} is ${oneOf(f.values)} are left out (${f.why})`),
  ];
  return {
    name: spec.name,
    mapping: { customer: at(spec.customer), date: at(spec.date), amount, orderId: optional(spec.order), refund, ...(email !== null ? { email } : {}) },
    exclude: filters.map((f) => ({ column: at(f.column), values: f.values })),
    dateFormat: spec.dateFormat ?? null,
    description: `${spec.name}: ${parts.join('; ')}.${spec.note ? ` ${spec.note}` : ''}`,
  };
}
