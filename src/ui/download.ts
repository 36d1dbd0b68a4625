// Downloads built in the page from data already there: nothing is sent anywhere.

/** Saves `parts` as a file named `fileName`. */
export function download(fileName: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  [a.href, a.download] = [url, fileName];
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV lines as parts of a file, each ended by a newline. */
export const lines = (g: Iterable<string>) => Array.from(g, (l) => l + '\n');

/** A file name's stem from a run's name. */
export const fileStem = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'prediction';
