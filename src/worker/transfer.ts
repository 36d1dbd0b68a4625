// The buffers of a reply's typed arrays, to transfer rather than copy them. Only buffers that a view
// covers whole and that are not kept by the worker (its datasets) are transferred.
export function transferables(value: unknown, keep: ReadonlySet<ArrayBufferLike>, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 6 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    const b = value.buffer;
    if (b instanceof ArrayBuffer && value.byteLength === b.byteLength && !keep.has(b)) found.add(b);
  } else if (Array.isArray(value)) {
    // Arrays of numbers or strings hold no buffers: look at the first element only.
    if (value.length && typeof value[0] === 'object') for (const v of value) transferables(v, keep, found, depth + 1);
  } else {
    for (const v of Object.values(value)) transferables(v, keep, found, depth + 1);
  }
  return [...found];
}
