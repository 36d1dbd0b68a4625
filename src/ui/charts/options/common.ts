// Pieces every chart option shares: title, tooltip, legend and grid in the theme's colours.
import { PALETTE, type ChartTheme } from '../palette';

export const base = (title: string, t: ChartTheme) => ({
  animation: false,
  color: PALETTE,
  backgroundColor: 'transparent',
  title: { text: title, textStyle: { color: t.text, fontSize: 13, fontWeight: 600 }, left: 0 },
  legend: { top: 0, right: 0, textStyle: { color: t.muted } },
  grid: { left: 56, right: 16, top: 36, bottom: 32, containLabel: false },
});

export const compact = (v: number) => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : `${Math.round(v * 100) / 100}`);
