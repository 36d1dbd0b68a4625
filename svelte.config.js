// Svelte compiler options (TypeScript in components is handled natively by Svelte 5).
export default {};
