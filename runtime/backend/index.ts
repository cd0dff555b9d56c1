// TensorFlow.js backend selection. Importing this module does not load TensorFlow.js (see select.ts).
export { BACKEND_ORDER, loadTfjsCore, probeBackends, selectBackend, type BackendName, type BackendPreference, type BackendProbe, type SelectedBackend } from './select.js';
export { DeviceError, largestBinding, throwIfDeviceFailed } from './device-errors.js';
