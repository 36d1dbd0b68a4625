import { describe, expect, it } from 'vitest';
import { detectDecimalSeparator, parseAmount } from '../../src/lib/data/numbers';

describe('parseAmount', () => {
  it.each([
    ['12.5', '.', 12.5],
    ['-3', '.', -3],
    ['1,234.56', '.', 1234.56],
    ['$1,234.56', '.', 1234.56],
    ['1 234,56 €', ',', 1234.56],
    ['1.234,56', ',', 1234.56],
    ['12,50', ',', 12.5],
    ['(45.10)', '.', -45.1],
    ['-$5.00', '.', -5],
    ['EUR 7,25', ',', 7.25],
    ["1'000.50", '.', 1000.5],
    ['−4.5', '.', -4.5],
    ['+4', '.', 4],
    ['.5', '.', 0.5],
    ['1e3', '.', 1000],
  ] as const)('%s with %s decimals = %d', (text, decimal, expected) => expect(parseAmount(text, decimal)).toBeCloseTo(expected, 10));

  it.each(['', 'abc', '1,2,3', '12.34.56', 'NaN', '--', '1.2.3,4'])('rejects %s', (text) => expect(parseAmount(text, '.')).toBeNaN());

  it('returns Infinity for overflow so the caller can name it', () => {
    expect(parseAmount('1e400', '.')).toBe(Infinity);
  });
});

describe('detectDecimalSeparator', () => {
  it('reads the last separator as the decimal one', () => {
    expect(detectDecimalSeparator(['1.234,56', '12,00']).decimal).toBe(',');
    expect(detectDecimalSeparator(['1,234.56', '12.00']).decimal).toBe('.');
  });
  it('does not take thousands groups for decimals', () => {
    expect(detectDecimalSeparator(['1,234', '2,000', '3.5']).decimal).toBe('.');
    expect(detectDecimalSeparator(['7', '8']).reason).toMatch(/assumed/);
  });
});
