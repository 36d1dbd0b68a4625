// Customer attributes as the networks' static inputs: one-hot levels with a missing indicator,
// numbers standardised on the training customers only, unseen levels, and refusal by name.
import { describe, expect, it } from 'vitest';
import type { AttributeColumn } from '../../src/lib/data/attributes';
import { AttributeMismatchError, encodeAttributes, fitAttributeSchema, rowsOf, staticInputsOf } from '../../src/lib/features/attribute-inputs';
import { buildEventSequences, EVENT_FEATURES } from '../../src/lib/features/events';
import { historiesUpTo } from '../../src/lib/features/histories';
import { tinyDataset } from './features.test';

const channel: AttributeColumn = { name: 'Channel', kind: 'categorical', levels: ['web', 'shop', 'other'], pooled: 2, codes: Int32Array.of(0, 1, -1, 2, 0) };
const age: AttributeColumn = { name: 'Age', kind: 'numeric', values: Float64Array.of(20, 40, NaN, 30, 1000) };

describe('attribute encoding', () => {
  it('one-hot encodes levels with a missing indicator, and standardises numbers with one', () => {
    const schema = fitAttributeSchema([channel, age], [0, 1, 2, 3]);
    expect(schema.width).toBe(4 + 2);
    expect(schema.columns[0]).toEqual({ name: 'Channel', kind: 'categorical', levels: ['web', 'shop', 'other'] });
    const x = encodeAttributes(schema, [channel, age], [0, 1, 2, 3]);
    const row = (r: number) => Array.from(x.subarray(r * 6, r * 6 + 6)).map((v) => Number(v.toFixed(4)));
    // Age on customers 0, 1, 3 only: mean 30, sd sqrt(200/3).
    const z = (v: number) => Number(((v - 30) / Math.sqrt(200 / 3)).toFixed(4));
    expect(row(0)).toEqual([1, 0, 0, 0, z(20), 0]);
    expect(row(1)).toEqual([0, 1, 0, 0, z(40), 0]);
    expect(row(2)).toEqual([0, 0, 0, 1, 0, 1]);
    expect(row(3)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('scales on the training customers only: a customer outside them does not move the mean', () => {
    const onTraining = fitAttributeSchema([age], [0, 1, 3]).columns[0];
    const withOutlier = fitAttributeSchema([age], [0, 1, 3, 4]).columns[0];
    expect(onTraining).toMatchObject({ mean: 30 });
    expect(withOutlier.kind === 'numeric' && withOutlier.mean).toBeGreaterThan(200);
  });

  it('maps levels the schema has not seen to its "other" level, or to missing without one', () => {
    const schema = fitAttributeSchema([channel], [0, 1, 2, 3]);
    const later: AttributeColumn = { name: 'Channel', kind: 'categorical', levels: ['shop', 'app'], pooled: 0, codes: Int32Array.of(0, 1) };
    expect(Array.from(encodeAttributes(schema, [later], [0, 1]))).toEqual([0, 1, 0, 0, 0, 0, 1, 0]);
    const noOther = fitAttributeSchema([{ ...channel, levels: ['web', 'shop'], codes: Int32Array.of(0, 1) }], [0, 1]);
    expect(Array.from(encodeAttributes(noOther, [later], [1]))).toEqual([0, 0, 1]);
  });

  it('survives a JSON round trip (as saved with a model) and encodes the same', () => {
    const schema = fitAttributeSchema([channel, age], [0, 1, 2, 3]);
    const again = JSON.parse(JSON.stringify(schema));
    expect(again).toEqual(schema);
    expect(encodeAttributes(again, [channel, age], [0, 1, 2, 3, 4])).toEqual(encodeAttributes(schema, [channel, age], [0, 1, 2, 3, 4]));
  });

  it('refuses data without an attribute of the schema, or with it of another kind, naming it', () => {
    const schema = fitAttributeSchema([channel, age], [0, 1]);
    expect(() => encodeAttributes(schema, [channel], [0])).toThrow(AttributeMismatchError);
    expect(() => encodeAttributes(schema, [channel], [0])).toThrow('trained with the attribute "Age", which this data does not have');
    expect(() => encodeAttributes(schema, undefined, [0])).toThrow('"Channel"');
    const ageAsLevels: AttributeColumn = { name: 'Age', kind: 'categorical', levels: ['young'], pooled: 0, codes: Int32Array.of(0) };
    expect(() => encodeAttributes(schema, [channel, ageAsLevels], [0])).toThrow('"Age" as a numeric attribute');
  });

  it('follows the histories by id, and repeats each customer\'s inputs after every event\'s features', () => {
    const data = tinyDataset([['a', 10, 1], ['a', 20, 1], ['b', 15, 1], ['c', 300, 1]]);
    const column: AttributeColumn = { name: 'Channel', kind: 'categorical', levels: ['web', 'shop'], pooled: 0, codes: Int32Array.of(1, 0, 0) };
    const schema = fitAttributeSchema([column], [0, 1]);
    const h = historiesUpTo(data, 100);
    expect(Array.from(rowsOf(data.customerIds, ['b', 'zzz']))).toEqual([1, -1]);
    const statics = staticInputsOf(schema, data.customerIds, [column], h.ids);
    const s = buildEventSequences(h, { mean: 2, std: 1 }, -Infinity, statics);
    expect(s.width).toBe(EVENT_FEATURES + 3);
    const tail = (event: number) => Array.from(s.x.subarray(event * s.width + EVENT_FEATURES, (event + 1) * s.width));
    expect([tail(0), tail(1), tail(2)]).toEqual([[0, 1, 0], [0, 1, 0], [1, 0, 0]]);
    const plain = buildEventSequences(h, { mean: 2, std: 1 });
    expect(Array.from(s.x.subarray(0, EVENT_FEATURES))).toEqual(Array.from(plain.x.subarray(0, EVENT_FEATURES)));
  });
});
