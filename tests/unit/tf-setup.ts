// TensorFlow.js for unit tests: the WASM backend, as the CLI uses in Node.
import { useNodeBackend } from '../../src/cli/backend';

export const backendReady = useNodeBackend('wasm');
