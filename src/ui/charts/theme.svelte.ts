// The chart theme follows the system's light or dark setting, live.
import { DARK, LIGHT, type ChartTheme } from './palette';

class ThemeState {
  current = $state<ChartTheme>(LIGHT);
  constructor() {
    if (typeof matchMedia === 'undefined') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    this.current = query.matches ? DARK : LIGHT;
    query.addEventListener('change', (e) => (this.current = e.matches ? DARK : LIGHT));
  }
}

export const theme = new ThemeState();
