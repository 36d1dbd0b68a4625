// Vite plugin for the worker bundle: makes tfjs-backend-wasm's threaded build work minified, with one
// thread per core. Two patches, each failing the build if the package no longer has the code it fixes:
// - tfjs hands each pthread worker its Emscripten factory as a Blob of `factory.toString()`. Minified,
//   that function refers to the mangled `_scriptDir` of the closure around it (`typeof _scriptDir !==
//   "undefined" && _scriptDir` becomes `e&&(v=e)`: the minifier knows `e` is declared there), so every
//   pthread worker died with "ReferenceError: e is not defined". They get the untouched factory file
//   instead, emitted as an asset, by URL.
// - The C++ side caps the thread pool at navigator.hardwareConcurrency / 2 (it assumes two hyperthreads
//   per core), one thread on a 2-core machine whatever setThreadsCount asks. Its only source for that
//   number is `_emscripten_num_logical_cores`, doubled here so that setThreadsCount decides (up to the
//   8 pthread workers the build starts). Pthread workers never run the static constructor that reads
//   it, so their copy stays untouched.
import type { Plugin } from 'vite';

const BACKEND = /@tensorflow\/tfjs-backend-wasm\/dist\/backend_wasm\.js$/;
const BLOB = /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\)/;
const FACTORY_ID = /@tensorflow\/tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_URL = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
const CORES = 'return navigator["hardwareConcurrency"]}';

export function wasmThreads(): Plugin {
  return {
    name: 'clv-wasm-threads',
    apply: 'build',
    transform(code, id) {
      if (id.includes('?')) return null;
      if (BACKEND.test(id)) {
        if (!BLOB.test(code)) this.error('tfjs-backend-wasm no longer builds its pthread script from factory.toString(): check build/wasm-threads.ts against the new version.');
        // An absolute URL: the pthread workers run from blob: URLs, against which a relative one fails.
        return { code: `import __threadedFactoryUrl from '${FACTORY_URL}';\n${code.replace(BLOB, 'new URL(__threadedFactoryUrl, import.meta.url).href')}`, map: null };
      }
      if (FACTORY_ID.test(id)) {
        if (code.split(CORES).length !== 2) this.error('tfjs-backend-wasm\'s threaded factory no longer reads navigator.hardwareConcurrency once: check build/wasm-threads.ts.');
        return { code: code.replace(CORES, 'return 2*navigator["hardwareConcurrency"]}'), map: null };
      }
      return null;
    },
  };
}
