import { describe, expect, it } from 'vitest';
import { civilFromDay, dayFromCivil, formatDay, parseIsoDay, weekday } from '../../src/lib/data/calendar';
import { detectDateFormat, parseDate } from '../../src/lib/data/dates';

const iso = (day: number) => (Number.isNaN(day) ? 'NaN' : formatDay(day));

describe('calendar', () => {
  it('round-trips day numbers across centuries and leap days', () => {
    for (let d = -40_000; d < 60_000; d += 37) expect(dayFromCivil(...(Object.values(civilFromDay(d)) as [number, number, number]))).toBe(d);
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(formatDay(dayFromCivil(2000, 2, 29))).toBe('2000-02-29');
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(weekday(0)).toBe(3); // Thursday
  });
});

describe('parseDate', () => {
  it.each([
    ['1997-01-01', 'ymd', '1997-01-01'],
    ['2014-03-08 00:00:00', 'ymd', '2014-03-08'],
    ['2014-03-08T23:59:59.123Z', 'ymd', '2014-03-08'],
    ['2014-03-08T23:59:59+05:30', 'ymd', '2014-03-08'],
    ['2014/03/08', 'ymd', '2014-03-08'],
    ['19970101', 'ymd-compact', '1997-01-01'],
    ['08/03/2014', 'dmy', '2014-03-08'],
    ['8.3.2014 14:05', 'dmy', '2014-03-08'],
    ['31.12.2019 23:59', 'dmy', '2019-12-31'],
    ['12/1/2010 8:26', 'mdy', '2010-12-01'],
    // Two-digit years (Etsy's MM/DD/YY) as strptime's %y: 69-99 in the 1900s, 00-68 in the 2000s.
    ['12/31/19', 'mdy', '2019-12-31'],
    ['31.12.69', 'dmy', '1969-12-31'],
    ['1/15/68', 'mdy', '2068-01-15'],
    ['3/8/2014 2:05 PM', 'mdy', '2014-03-08'],
    ['1394236800', 'epoch-s', '2014-03-08'],
    ['1394236800000', 'epoch-ms', '2014-03-08'],
  ] as const)('%s as %s', (text, format, expected) => expect(iso(parseDate(text, format))).toBe(expected));

  it.each([
    ['2014-02-30', 'ymd'],
    ['2014-13-01', 'ymd'],
    ['31/12/2019', 'mdy'],
    ['12/31/019', 'mdy'],
    ['2014-03-08 25:00', 'ymd'],
    ['yesterday', 'ymd'],
    ['', 'ymd'],
    ['12345', 'epoch-s'],
    ['20140230', 'ymd-compact'],
  ] as const)('rejects %s as %s', (text, format) => expect(parseDate(text, format)).toBeNaN());
});

describe('detectDateFormat', () => {
  it('finds a day above 12 to settle the order', () => {
    const d = detectDateFormat(['01/02/2020', '13/02/2020', '05/03/2020']);
    expect(d).toMatchObject({ format: 'dmy', ambiguous: false });
    expect(d.reason).toContain('13/02/2020');
    expect(detectDateFormat(['02/01/2020', '02/13/2020'])).toMatchObject({ format: 'mdy', ambiguous: false });
  });

  it('decides ambiguous order from which field changes fastest, and says so', () => {
    const monthFirst = ['01/01/2020', '01/02/2020', '01/03/2020', '01/05/2020', '02/01/2020', '02/04/2020'];
    const d = detectDateFormat(monthFirst);
    expect(d).toMatchObject({ format: 'mdy', ambiguous: true });
    expect(d.reason).toMatch(/second field changes most often/);
    expect(detectDateFormat(['01/01/2020', '02/01/2020', '03/01/2020', '01/02/2020'])).toMatchObject({ format: 'dmy', ambiguous: true });
  });

  it('tells YYYYMMDD from epoch seconds and ignores small integers', () => {
    expect(detectDateFormat(['19970101', '19970118']).format).toBe('ymd-compact');
    expect(detectDateFormat(['1394236800', '1394323200']).format).toBe('epoch-s');
    expect(detectDateFormat(['1', '2', '00004']).format).toBeNull();
  });
});
