// Vite's `?url` imports, typed for the worker's tsconfig (which has no vite/client types).
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
