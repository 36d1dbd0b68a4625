// Okabe-Ito: a palette colour-blind readers can tell apart; and the text colours of both themes.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  grid: string;
}

export const LIGHT: ChartTheme = { dark: false, text: '#1a1a1a', muted: '#5c5c5c', grid: '#d4d7dd' };
export const DARK: ChartTheme = { dark: true, text: '#e8e8e8', muted: '#a8acb3', grid: '#3a3f47' };

/** A value axis named along its side, clear of the title. */
export const valueAxisName = (name: string) => ({ name, nameLocation: 'middle', nameGap: 44, nameRotate: 90 });

/** Axis styling shared by the cartesian charts. */
export const axis = (t: ChartTheme) => ({
  axisLabel: { color: t.muted },
  axisLine: { lineStyle: { color: t.grid } },
  splitLine: { lineStyle: { color: t.grid, opacity: 0.5 } },
  nameTextStyle: { color: t.muted },
});
