// `import "other.expspec"`: a spec sees the declarations of the specs it imports, and only those.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import { checkFiles } from '../../server/cli/check.js';
import { repoRoot, services } from './services.js';

const parse = parseHelper(services);
let folder: string;

const COMMON = `dataset moons = pointSets(source: moons(noise: 0.0 .. 0.16)) { split: train 80%, test 20% }
model embed = mlp(out: 2) then poincare()
`;
const USER = `import "common.expspec"
experiment E { seed: 0 }
train embed on moons.train { objective: hyphc(), epochs: 1 }
`;

beforeAll(() => {
    folder = fs.mkdtempSync(path.join(repoRoot, 'test/fixtures/tmp-imports-'));
    fs.writeFileSync(path.join(folder, 'common.expspec'), COMMON);
    fs.writeFileSync(path.join(folder, 'user.expspec'), USER);
    fs.writeFileSync(path.join(folder, 'other.expspec'), 'experiment O { seed: 0 }\nmodel lonely = mlp(out: 2)\n');
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
afterEach(() => clearDocuments(services));

describe('imports', () => {
    it('resolves declarations of an imported spec (CLI)', async () => {
        const [report] = await checkFiles([path.join(folder, 'user.expspec')], folder);
        expect(report.diagnostics.map(d => d.message)).toEqual([]);
    });

    it('goes to the definition in the imported file', async () => {
        const common = await parse(COMMON, { documentUri: `file://${path.join(folder, 'common.expspec')}` });
        const user = await parse(USER, { documentUri: `file://${path.join(folder, 'user.expspec')}` });
        await services.shared.workspace.DocumentBuilder.build([common, user], { validation: true });
        expect(user.diagnostics?.map(d => d.message)).toEqual([]);
        const offset = USER.indexOf('embed on');
        const links = await services.lsp.DefinitionProvider!.getDefinition(user, { textDocument: { uri: user.uri.toString() }, position: user.textDocument.positionAt(offset) });
        expect(links?.[0].targetUri).toBe(common.uri.toString());
    });

    it('does not see declarations of specs it does not import', async () => {
        await parse('experiment O { seed: 0 }\nmodel lonely = mlp(out: 2)\n', { documentUri: `file://${path.join(folder, 'other.expspec')}` });
        const user = await parse('experiment E { seed: 0 }\ndataset moons = pointSets(source: moons()) { split: train 80%, test 20% }\ntrain lonely on moons.train { objective: hyphc(), epochs: 1 }\n',
            { documentUri: `file://${path.join(folder, 'user2.expspec')}` });
        await services.shared.workspace.DocumentBuilder.build([user], { validation: true });
        expect(user.diagnostics?.map(d => d.message)).toContain('Unknown model `lonely`: declare it with `model lonely = mlp(...)`');
    });
});
