// The headline of a prediction as label, figure and note, for the dashboard and the shared report.
import type { Headline } from '../lib/pipeline/headline';
import { count, money } from './format';

export interface HeadlineItem {
  label: string;
  value: string;
  note: string;
  /** The figure's test id on the page, where tests read it. */
  testId?: string;
}

export function headlineItems(h: Headline): HeadlineItem[] {
  const items: HeadlineItem[] = [];
  if (h.revenue !== null) {
    items.push({
      label: 'Predicted revenue', value: money(h.revenue), testId: 'headline-revenue',
      note: `80% interval ${money(h.revenueLow!)} – ${money(h.revenueHigh!)}; customers ${money(h.engagedRevenue!)}, newcomers ${money(h.newcomerRevenue!)}`,
    });
  }
  items.push(
    { label: 'Expected purchases', value: count(Math.round(h.expectedPurchases)), note: `from ${count(h.customers)} customers`, testId: 'headline-purchases' },
    { label: 'Customers expected to buy', value: count(Math.round(h.expectedBuyers)), note: "sum of each one's chance of a purchase" },
    { label: 'Customers at risk', value: count(h.atRisk), note: 'less than 50% chance of a purchase within a year' },
  );
  if (h.valueAtStake != null) items.push({ label: 'Value at stake', value: money(h.valueAtStake), note: 'what the customers at risk spent × their chance of not coming back', testId: 'headline-at-stake' });
  items.push({ label: 'Newcomers expected', value: count(Math.round(h.newcomerArrivals)), note: 'first purchases in the horizon' });
  return items;
}
