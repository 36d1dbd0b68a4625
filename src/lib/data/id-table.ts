// Customer ids interned by their characters: an open-addressing hash table of indices into the ids,
// looked up from a range of a string (a line of the file) without making it a string first. Only a
// new id becomes one. A Map of strings needed a string per row (a million short-lived strings for a
// million rows) and a few bytes per entry more.
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

function equalsRange(id: string, text: string, start: number, end: number): boolean {
  if (id.length !== end - start) return false;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** A copy of text[start, end): a long substring can keep its whole source chunk (a megabyte) alive in V8. */
const ownString = (text: string, start: number, end: number) => (end - start >= 13 ? (JSON.parse(JSON.stringify(text.slice(start, end))) as string) : text.slice(start, end));

export class IdTable {
  /** Ids in order of first appearance. */
  readonly ids: string[] = [];
  /** 0 for an empty slot, else an index into ids plus one. */
  private slots = new Int32Array(1 << 12);

  /** The index of the id text[start, end), added when new. */
  indexOf(text: string, start = 0, end = text.length): number {
    const mask = this.slots.length - 1;
    for (let i = hashRange(text, start, end) & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i];
      if (slot === 0) {
        this.ids.push(ownString(text, start, end));
        this.slots[i] = this.ids.length;
        if (this.ids.length * 2 > this.slots.length) this.grow();
        return this.ids.length - 1;
      }
      if (equalsRange(this.ids[slot - 1], text, start, end)) return slot - 1;
    }
  }

  /** Frees the table (the ids stay): once no more rows come. */
  release(): void {
    releaseBuffer(this.slots);
    this.slots = new Int32Array(1);
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    this.ids.forEach((id, k) => {
      let i = hashRange(id, 0, id.length) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    });
    releaseBuffer(this.slots);
    this.slots = slots;
  }
}
