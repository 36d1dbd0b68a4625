// A fingerprint of a dataset's purchases (FNV-1a over ids, days and amounts): tells whether a saved
// model was trained on exactly this data.
import type { Dataset } from './dataset';

export function fingerprint(d: Dataset): string {
  let h = 0x811c9dc5;
  const mix = (v: number) => (h = Math.imul(h ^ v, 0x01000193));
  for (const id of d.customerIds) {
    for (let i = 0; i < id.length; i++) mix(id.charCodeAt(i));
    mix(0);
  }
  d.customerStart.forEach(mix);
  d.purchaseDay.forEach(mix);
  const amounts = new Int32Array(d.purchaseAmount.buffer, d.purchaseAmount.byteOffset, d.purchaseAmount.length * 2);
  amounts.forEach(mix);
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${d.purchaseDay.length}`;
}
