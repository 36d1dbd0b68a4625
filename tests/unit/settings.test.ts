import { describe, expect, it } from 'vitest';
import { HORIZON_PRESETS, parseHorizon } from '../../src/lib/pipeline/settings';

describe('horizon', () => {
  it('knows the presets of the original product', () => {
    expect(HORIZON_PRESETS).toEqual({ week: 7, '2*week': 14, month: 30, '2*month': 60, quarter: 90, '6*month': 180 });
    expect(parseHorizon('2*month')).toBe(60);
    expect(parseHorizon(' 45 ')).toBe(45);
  });
  it.each(['0', '-3', '2.5', 'year', '5000'])('rejects %s with the allowed values', (text) => {
    expect(() => parseHorizon(text)).toThrow(/neither a preset \(week, 2\*week, month, 2\*month, quarter, 6\*month\)/);
  });
});
