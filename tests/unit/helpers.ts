// Test helpers: real files from the project as import sources.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImportSource, SourceFormat } from '../../src/lib/data/sources';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
export const sample = (name: string) => fileURLToPath(new URL(`../../public/samples/${name}`, import.meta.url));

export function fileSource(path: string, format: SourceFormat = 'csv'): ImportSource {
  const name = path.split('/').pop()!;
  return { name, blob: new Blob([readFileSync(path)]), format };
}

export function textSource(text: string | Uint8Array, name = 'test.csv', format: SourceFormat = 'csv', jsonPath?: string): ImportSource {
  return { name, blob: new Blob([text as BlobPart]), format, jsonPath };
}
