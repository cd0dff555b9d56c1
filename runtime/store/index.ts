// The run store: runs kept in the workspace under `.expspec/runs/`, written to a temporary folder and
// renamed into place by their one terminal transition. See `run-store.ts`.
export * from './run-store.js';
export * from './headline.js';
