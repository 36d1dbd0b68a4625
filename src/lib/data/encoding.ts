// Text encoding: BOM detection, UTF-8 with a Latin-1 (windows-1252) fallback, streamed decoding.
import { ImportError } from './errors';

export type TextEncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingDetection {
  encoding: TextEncodingId;
  bom: boolean;
  reason: string;
}

/** Decide the encoding from the first bytes of a file. */
export function detectEncoding(head: Uint8Array): EncodingDetection {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true, reason: 'UTF-8 byte order mark' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true, reason: 'UTF-16 (little-endian) byte order mark' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true, reason: 'UTF-16 (big-endian) byte order mark' };
  const sample = head.subarray(0, Math.min(head.length, 65536));
  let zeros = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) zeros++;
  // Text in UTF-16 without a byte order mark: ASCII characters leave a zero in every other byte.
  const utf16 = utf16WithoutBom(sample, zeros);
  if (utf16) return { encoding: utf16, bom: false, reason: 'UTF-16 without a byte order mark (every other byte is zero)' };
  if (sample.length > 0 && zeros > sample.length * 0.01) {
    throw new ImportError('binary', 'This file is binary, not text: export it as CSV (comma, semicolon or tab separated) and try again.');
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: false, reason: 'valid UTF-8' };
  } catch {
    return { encoding: 'windows-1252', bom: false, reason: 'not valid UTF-8, read as Latin-1 (windows-1252)' };
  }
}

/** Streamed decoder; switches to Latin-1 for the rest of the file if UTF-8 turns out invalid later on. */
export class ChunkDecoder {
  private decoder: TextDecoder;
  private bytesSeen = 0;
  /** Whether the last chunk decoded may have ended inside a character. */
  private pending = false;
  /** Byte offset at which invalid UTF-8 forced the Latin-1 fallback, if it did. */
  fellBackAtByte: number | null = null;

  constructor(private encoding: TextEncodingId) {
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false });
  }

  decode(bytes: Uint8Array, final = false): string {
    const offset = this.bytesSeen;
    this.bytesSeen += bytes.length;
    // A chunk that ends on an ASCII byte leaves no part of a character pending.
    this.pending = bytes.length > 0 ? bytes[bytes.length - 1] >= 0x80 : this.pending;
    try {
      return this.decoder.decode(bytes, { stream: !final });
    } catch {
      this.fellBackAtByte = offset;
      this.encoding = 'windows-1252';
      this.decoder = new TextDecoder('windows-1252');
      return this.decoder.decode(bytes, { stream: !final });
    }
  }

  /**
   * Whether the next chunk, when it is plain ASCII, may be read from its bytes (skip()): an 8-bit
   * encoding that reads ASCII as itself, and no part of a character pending from the chunk before.
   */
  get canSkipAscii(): boolean {
    return (this.encoding === 'utf-8' || this.encoding === 'windows-1252') && !this.pending;
  }

  /** Accounts for a plain ASCII chunk read from its bytes, as if decode() had read it. */
  skip(bytes: Uint8Array): void {
    // The decoder drops a byte order mark at the start of its stream only: started on one ASCII
    // byte, it keeps one that a later chunk begins with, as it would have.
    if (this.bytesSeen === 0 && bytes.length > 0) this.decoder.decode(bytes.subarray(0, 1), { stream: true });
    this.bytesSeen += bytes.length;
  }

  get activeEncoding(): TextEncodingId {
    return this.encoding;
  }
}

function utf16WithoutBom(sample: Uint8Array, zeros: number): 'utf-16le' | 'utf-16be' | null {
  if (sample.length < 4 || zeros < sample.length * 0.3) return null;
  let [odd, even] = [0, 0];
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  if (odd > 0.95 * zeros && odd >= sample.length * 0.4) return 'utf-16le';
  if (even > 0.95 * zeros && even >= sample.length * 0.4) return 'utf-16be';
  return null;
}
