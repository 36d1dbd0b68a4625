// Hands a big buffer's memory back now instead of at the next garbage collection. A dropped
// ArrayBuffer stays allocated until V8 collects it, and an import drops several big ones at its end
// (the id table's slots, the sort's index, the builder's columns), where its memory peaks; and one
// chunk of bytes per read. ArrayBuffer.prototype.transfer(0) detaches the buffer, which frees its
// memory at once; where it is missing (Node 20) the buffer is left to the collector, as before. Every
// view of the buffer reads as empty afterwards: only for buffers nothing reads again.

type Detachable = ArrayBuffer & { transfer?: (length?: number) => ArrayBuffer };

export function releaseBuffer(view: ArrayBufferView): void {
  const buffer = view.buffer as Detachable;
  if (buffer.byteLength > 0 && buffer instanceof ArrayBuffer && typeof buffer.transfer === 'function') buffer.transfer(0);
}
