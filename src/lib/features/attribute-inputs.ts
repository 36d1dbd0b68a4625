// Customer attributes as a fixed vector of static inputs per customer, for the deep networks: a
// categorical attribute one-hot over its levels plus a "missing" indicator; a numeric one standardised
// with the mean and standard deviation of the training customers, plus a "missing" indicator. The
// schema (names, kinds, levels, mean and sd) is kept with the model, so that new data is encoded the
// same way, and data that lacks an attribute of the schema is refused by name.
import type { AttributeColumn } from '../data/attributes';
import { OTHER_LEVEL } from '../data/attributes';

export type SchemaColumn =
  | { name: string; kind: 'categorical'; levels: string[] }
  | { name: string; kind: 'numeric'; mean: number; sd: number };

export interface AttributeSchema {
  columns: SchemaColumn[];
  /** Inputs per customer: levels + 1 per categorical attribute, 2 per numeric one. */
  width: number;
}

export class AttributeMismatchError extends Error {
  override name = 'AttributeMismatchError';
}

const widthOf = (c: SchemaColumn) => (c.kind === 'categorical' ? c.levels.length + 1 : 2);

/** The schema fitted on the training customers: `rows` are their indices in the columns. */
export function fitAttributeSchema(columns: AttributeColumn[], rows: ArrayLike<number>): AttributeSchema {
  const schema = columns.map((col): SchemaColumn => {
    if (col.kind === 'categorical') return { name: col.name, kind: 'categorical', levels: [...col.levels] };
    let [n, sum, sq] = [0, 0, 0];
    for (let i = 0; i < rows.length; i++) {
      const v = col.values[rows[i]];
      if (Number.isNaN(v)) continue;
      [n, sum, sq] = [n + 1, sum + v, sq + v * v];
    }
    const mean = n ? sum / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(sq / n - mean * mean, 0)) : 0;
    return { name: col.name, kind: 'numeric', mean, sd: sd > 1e-9 ? sd : 1 };
  });
  return { columns: schema, width: schema.reduce((w, c) => w + widthOf(c), 0) };
}

/** Why the data's attributes cannot be encoded with the schema, or null when they can. */
export function attributeProblem(schema: AttributeSchema, columns: AttributeColumn[] | undefined): string | null {
  for (const s of schema.columns) {
    const col = columns?.find((c) => c.name === s.name);
    if (!col) return `it was trained with the attribute "${s.name}", which this data does not have`;
    if (col.kind !== s.kind) return `it was trained with "${s.name}" as a ${s.kind} attribute, and this data's "${s.name}" is ${col.kind}`;
  }
  return null;
}

function checkFits(schema: AttributeSchema, columns: AttributeColumn[] | undefined): void {
  const problem = attributeProblem(schema, columns);
  if (problem) throw new AttributeMismatchError(`The model cannot use this data's attributes: ${problem}.`);
}

/**
 * [rows.length, schema.width]: the static inputs of the customers at `rows` of the columns. Levels the
 * schema does not know count as its "other" level where it has one, else as missing.
 */
export function encodeAttributes(schema: AttributeSchema, columns: AttributeColumn[] | undefined, rows: ArrayLike<number>): Float32Array {
  checkFits(schema, columns);
  const out = new Float32Array(rows.length * schema.width);
  let at = 0;
  for (const s of schema.columns) {
    const col = columns!.find((c) => c.name === s.name)!;
    if (s.kind === 'categorical' && col.kind === 'categorical') {
      const index = new Map(s.levels.map((l, k) => [l, k]));
      const other = index.get(OTHER_LEVEL) ?? -1;
      const code = col.levels.map((l) => index.get(l) ?? other);
      for (let r = 0; r < rows.length; r++) {
        const c = rows[r] < 0 ? -1 : col.codes[rows[r]];
        const k = c < 0 ? -1 : code[c];
        out[r * schema.width + at + (k < 0 ? s.levels.length : k)] = 1;
      }
    } else if (s.kind === 'numeric' && col.kind === 'numeric') {
      for (let r = 0; r < rows.length; r++) {
        const v = rows[r] < 0 ? NaN : col.values[rows[r]];
        if (Number.isNaN(v)) out[r * schema.width + at + 1] = 1;
        else out[r * schema.width + at] = (v - s.mean) / s.sd;
      }
    }
    at += widthOf(s);
  }
  return out;
}

/** Static inputs of some customers: row r of `values` ([customers, width]) is the r-th customer's. */
export interface StaticInputs {
  width: number;
  values: Float32Array;
}

/** The static inputs of the customers `ids` (dataset customer ids), in that order. */
export function staticInputsOf(schema: AttributeSchema, customerIds: string[], columns: AttributeColumn[] | undefined, ids: string[]): StaticInputs {
  return { width: schema.width, values: encodeAttributes(schema, columns, rowsOf(customerIds, ids)) };
}

/** A schema and the data it encodes: the static inputs of any of the data's customers, by id. */
export interface AttributeInputs {
  schema: AttributeSchema;
  of: (ids: string[]) => StaticInputs;
}

export function attributeInputs(schema: AttributeSchema, customerIds: string[], columns: AttributeColumn[] | undefined): AttributeInputs {
  checkFits(schema, columns);
  return { schema, of: (ids) => staticInputsOf(schema, customerIds, columns, ids) };
}

/** Indices of `ids` among `customerIds` (the attribute columns' order). */
export function rowsOf(customerIds: string[], ids: string[]): Int32Array {
  const index = new Map(customerIds.map((id, c) => [id, c]));
  return Int32Array.from(ids, (id) => index.get(id) ?? -1);
}
