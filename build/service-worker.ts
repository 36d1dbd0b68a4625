// Vite plugin: emits sw.js, the service worker of src/service-worker/sw.js with the list of files to
// precache (every file of the build but source maps, plus the public folder) and a version that
// changes when any of them does. Build only: the dev server runs without a service worker.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function serviceWorker(source: string, publicDir: string): Plugin {
  return {
    name: 'clv-service-worker',
    apply: 'build',
    // After Vite has added index.html to the bundle.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const built = Object.values(bundle).filter((f) => !f.fileName.endsWith('.map'));
      for (const f of built) hash.update(f.fileName).update(f.type === 'chunk' ? f.code : f.source);
      const publicFiles = filesUnder(publicDir).map((p) => relative(publicDir, p).split('\\').join('/'));
      for (const p of publicFiles) hash.update(p).update(readFileSync(join(publicDir, p)));
      const precache = ['./', ...built.map((f) => `./${f.fileName}`), ...publicFiles.map((p) => `./${p}`)];
      const version = hash.digest('hex').slice(0, 12);
      const code = `const PRECACHE = ${JSON.stringify(precache)};\nconst VERSION = '${version}';\n${readFileSync(source, 'utf8')}`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}

/** A strict Content-Security-Policy for the built page (the dev server injects styles, so build only). */
export function contentSecurityPolicy(policy: string): Plugin {
  return {
    name: 'clv-content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`),
  };
}
