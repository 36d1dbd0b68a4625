// Platform exports in their own layouts (tests/fixtures/platforms: the platforms' column names and
// status values, made-up rows): recognised from the header and imported without a click, with the
// right customers, purchases and revenue; what is left out is counted by rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../src/lib/data/calendar';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { recognisePlatform } from '../../src/lib/data/platforms';
import { fileSource, fixture, textSource } from './helpers';

const EXPECTED: Record<string, { platform: string; firstDay: string; lastDay: string; rowsRead: number; rowsAccepted: number; rowsRejected: number; customers: number; purchases: number; revenue: number; leftOut: Record<string, number> }> = JSON.parse(readFileSync(fixture('platforms/expected.json'), 'utf8'));

describe('platform exports', () => {
  it.each(Object.entries(EXPECTED))('%s: recognised and imported as the platform means it', async (name, want) => {
    const source = fileSource(fixture(`platforms/${name}`));
    const inspection = await inspectSource(source);
    expect(inspection.platform?.name).toBe(want.platform);
    const { dataset, report } = await importSources([source], inspection.options);
    expect({ rowsRead: report.rowsRead, rowsAccepted: report.rowsAccepted, rowsRejected: report.rowsRejected }).toEqual({ rowsRead: want.rowsRead, rowsAccepted: want.rowsAccepted, rowsRejected: want.rowsRejected });
    expect(Object.fromEntries((report.leftOut ?? []).map((r) => [r.rule, r.rows]))).toEqual(want.leftOut);
    expect({ customers: dataset.summary.customers, purchases: dataset.summary.purchases }).toEqual({ customers: want.customers, purchases: want.purchases });
    expect(dataset.summary.revenue).toBeCloseTo(want.revenue, 6);
    expect([formatDay(dataset.summary.firstDay), formatDay(dataset.summary.lastDay)]).toEqual([want.firstDay, want.lastDay]);
  });

  it('names what it chose for a Shopify export, and warns of the time zone offset in its dates', async () => {
    const inspection = await inspectSource(fileSource(fixture('platforms/shopify-orders.csv')));
    expect(inspection.platform!.description).toBe(
      'Shopify orders export: customer = Email, date = Created at, amount = Total minus Refunded Amount (refunds netted); ' +
        'rows whose Financial Status is pending, authorized, voided, refunded or expired are left out (not paid, or paid back); ' +
        'rows whose Payment Method is bogus are left out (test orders). An order with several line items takes one row each; the order is counted once, on its first row.',
    );
    expect(inspection.warnings).toEqual([expect.stringMatching(/^Created at holds times with a time zone offset \("2023-01-05 10:00:00 -0500"/)]);
  });

  it('the UCI layout reads 12/1/2010 as the first of December, which the values alone cannot tell', async () => {
    const inspection = await inspectSource(fileSource(fixture('platforms/uci-online-retail.csv')));
    expect(inspection.options.dateFormat).toBe('mdy');
    expect(inspection.date.reason).toBe('the UCI Online Retail layout writes dates as MM/DD/YYYY (optional HH:MM)');
  });

  it('recognises no platform in other layouts, nor in an export with a signature column removed', () => {
    expect(recognisePlatform(['customer_id', 'date', 'number_of_cds', 'dollar_value'])).toBeNull();
    expect(recognisePlatform(null)).toBeNull();
    const shopify = readFileSync(fixture('platforms/shopify-orders.csv'), 'utf8').split('\n')[0].split(',');
    expect(recognisePlatform(shopify.filter((h) => h !== 'Email'))).toBeNull();
    expect(recognisePlatform(shopify.map((h) => h.toUpperCase()))?.name).toBe('Shopify orders export');
  });

  it('warns when every row has a different customer: the guessed column is an order id', async () => {
    const lines = ['order_id,customer,date,total', ...Array.from({ length: 30 }, (_, i) => `${9000 + i},C${i % 3},2023-01-${String(1 + (i % 28)).padStart(2, '0')},${10 + i}.00`)];
    const good = await inspectSource(textSource(lines.join('\n')));
    expect(good.warnings).toEqual([]);
    const unique = lines.map((l, i) => (i === 0 ? 'Id,date,total' : l.split(',').filter((_, c) => c !== 1).join(',')));
    const bad = await inspectSource(textSource(unique.join('\n')));
    expect(bad.labels[bad.options.mapping.customer]).toBe('Id');
    expect(bad.warnings).toEqual(['Every sample row has a different Id ("9000", "9001", "9002"): every customer would have one purchase. Is Id really the customer, and not an order or payment id?']);
  });
});
