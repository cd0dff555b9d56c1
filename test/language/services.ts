// Language services for tests, on the real file system (specs name CSV files next to them).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeFileSystem } from 'langium/node';
import { createExpspecServices } from '../../language/expspec-module.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const examplesDir = path.join(repoRoot, 'examples');

export const { shared, Expspec: services } = createExpspecServices(NodeFileSystem);
services.analysis.SpecAnalyzer.files.roots = [repoRoot];

let counter = 0;
/** A fresh URI inside `examples/`, so that `data/...` paths resolve as in the shipped examples. */
export function exampleUri(name = `test-${++counter}`): string {
    return `file://${path.join(examplesDir, `${name}.expspec`)}`;
}
