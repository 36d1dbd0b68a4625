// Customer ids interned by their characters: an open-addressing hash table of indices into the ids,
// looked up from a range of a string (a line of the file) or of bytes (a plain ASCII line read from
// its bytes, plain-rows.ts) without making it a string first. Only a new id becomes one. A Map of
// strings needed a string per row (a million short-lived strings for a million rows) and a few bytes
// per entry more.
import { releaseBuffer } from './release';

/**
 * FNV-1a over the characters text[start, end), its high bits folded in; an int32, so that `& mask`
 * stays a small integer (an unsigned result above 2^31 is a heap number in V8, five times slower).
 */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** hashRange() of the characters whose codes are bytes[start, end): the same hash for ASCII. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h ^ (h >>> 15);
}

/** Whether id is text[start, end). */
export function equalsRange(id: string, text: string, start: number, end: number): boolean {
  if (id.length !== end - start) return false;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** Whether id is the text whose character codes are bytes[start, end). */
export function equalsBytes(id: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (id.length !== end - start) return false;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/** The sign of text[start, end) against id, in character-code order (string comparison's). */
function compareRange(id: string, text: string, start: number, end: number): number {
  const n = Math.min(id.length, end - start);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(start + i) - id.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - id.length;
}

/** compareRange() of the text whose character codes are bytes[start, end). */
function compareBytes(id: string, bytes: Uint8Array, start: number, end: number): number {
  const n = Math.min(id.length, end - start);
  for (let i = 0; i < n; i++) {
    const d = bytes[start + i] - id.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - id.length;
}

/** A copy of text[start, end): a long substring can keep its whole source chunk (a megabyte) alive in V8. */
const ownString = (text: string, start: number, end: number) => (end - start >= 13 ? (JSON.parse(JSON.stringify(text.slice(start, end))) as string) : text.slice(start, end));

const asciiDecoder = new TextDecoder('utf-8');

/** The string whose character codes are bytes[start, end): a flat string of its own (no chunk kept alive). */
export function bytesString(bytes: Uint8Array, start: number, end: number): string {
  // Longer than 12 characters, concatenation would make a cons string: apply() makes a flat one.
  if (end - start > 12) {
    const sub = bytes.subarray(start, end);
    // (apply() takes so many arguments only; the decoder reads ASCII as these codes too.)
    return sub.length > 1024 ? asciiDecoder.decode(sub) : String.fromCharCode.apply(null, sub as unknown as number[]);
  }
  // Short: four characters a call, several times faster than apply() on a subarray.
  let s = '';
  let i = start;
  for (; i + 4 <= end; i += 4) s += String.fromCharCode(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]);
  for (; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export class IdTable {
  /** Ids in order of first appearance. */
  readonly ids: string[] = [];
  /**
   * Pairs (index into ids plus one, or 0 for an empty slot; the id's hash). The hash beside the index
   * settles most probes without reading the id (a string elsewhere in memory), and lets the table
   * grow without hashing every id again.
   */
  private slots = new Int32Array(2 << 12);
  /**
   * Whether each id so far came after the one before it in character-code order (a file sorted by
   * customer, as customer-day files are): a later id is then new if it comes after the last one, with
   * no hashing, and the slots stay empty, until one comes out of order (fill()).
   */
  private ascending = true;

  /** The index of the id text[start, end), added when new. */
  indexOf(text: string, start = 0, end = text.length): number {
    if (this.ascending) {
      const order = this.ids.length === 0 ? 1 : compareRange(this.ids[this.ids.length - 1], text, start, end);
      if (order > 0) return this.ids.push(ownString(text, start, end)) - 1;
      if (order === 0) return this.ids.length - 1;
      this.fill();
    }
    const hash = hashRange(text, start, end);
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = slots[2 * i];
      if (slot === 0) return this.insert(i, hash, ownString(text, start, end));
      if (slots[2 * i + 1] === hash && equalsRange(this.ids[slot - 1], text, start, end)) return slot - 1;
    }
  }

  /** indexOf() of the text whose character codes are bytes[start, end) (ASCII). */
  indexOfBytes(bytes: Uint8Array, start: number, end: number): number {
    if (this.ascending) {
      const order = this.ids.length === 0 ? 1 : compareBytes(this.ids[this.ids.length - 1], bytes, start, end);
      if (order > 0) return this.ids.push(bytesString(bytes, start, end)) - 1;
      if (order === 0) return this.ids.length - 1;
      this.fill();
    }
    const hash = hashBytes(bytes, start, end);
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = slots[2 * i];
      if (slot === 0) return this.insert(i, hash, bytesString(bytes, start, end));
      if (slots[2 * i + 1] === hash && equalsBytes(this.ids[slot - 1], bytes, start, end)) return slot - 1;
    }
  }

  /** Frees the table (the ids stay): once no more rows come. */
  release(): void {
    releaseBuffer(this.slots);
    this.slots = new Int32Array(2);
  }

  private insert(i: number, hash: number, id: string): number {
    this.ids.push(id);
    this.slots[2 * i] = this.ids.length;
    this.slots[2 * i + 1] = hash;
    if (this.ids.length > this.slots.length >> 2) this.grow();
    return this.ids.length - 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let j = 0; j < old.length; j += 2) if (old[j] !== 0) this.place(old[j], old[j + 1]);
    releaseBuffer(old);
  }

  /** The slots of every id so far, for the first id out of order: sized as insert() would have grown them. */
  private fill(): void {
    this.ascending = false;
    let size = this.slots.length;
    while (this.ids.length > size >> 2) size *= 2;
    releaseBuffer(this.slots);
    this.slots = new Int32Array(size);
    for (let k = 0; k < this.ids.length; k++) this.place(k + 1, hashRange(this.ids[k], 0, this.ids[k].length));
  }

  /** Slot entry (index plus one, hash) put in the first free slot from its hash. */
  private place(entry: number, hash: number): void {
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    let i = hash & mask;
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = entry;
    slots[2 * i + 1] = hash;
  }
}
