import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, testCodeAction } from 'langium/test';
import { IssueCodes } from '../../language/expspec-validator.js';
import { services } from './services.js';

// The helper validates the fixed text under the same URI again, so the tests use its default URIs.
afterEach(() => clearDocuments(services));
const fix = testCodeAction(services);

const HEAD = `experiment E { seed: 0 }
dataset moons = pointSets(source: moons()) { split: train 80%, test 20% }
model m = mlp(out: 2) then poincare()
`;

describe('quick fixes', () => {
    it('replaces an unknown component with the closest one (did you mean)', async () => {
        const result = await fix(HEAD + 'train m on moons.train { objective: hyphc()  optimizer: adamm(lr: 1e-3)  epochs: 1 }',
            IssueCodes.unknownComponent,
            HEAD + 'train m on moons.train { objective: hyphc()  optimizer: adam(lr: 1e-3)  epochs: 1 }',
        );
        expect(result.action?.title).toBe('Did you mean `adam`?');
    });

    it('adds a missing required parameter', async () => {
        const result = await fix(`experiment E { seed: 0 }
dataset d = csv()`, IssueCodes.missingParam, `experiment E { seed: 0 }
dataset d = csv(path: "")`);
        expect(result.action?.title).toBe('Add `path: ""`');
    });

    it('moves an out-of-range value to the nearest allowed one', async () => {
        const result = await fix(HEAD + 'objective o = hyphc(temperature: 0)', IssueCodes.outOfRange,
            HEAD + 'objective o = hyphc(temperature: 0.000001)');
        expect(result.action?.title).toBe('Change to 0.000001');
    });

    it('moves an out-of-range fraction to 100%', async () => {
        await fix(`experiment E { seed: 0 }
dataset moons = pointSets(source: moons(), labeled: 130%)`, IssueCodes.outOfRange, `experiment E { seed: 0 }
dataset moons = pointSets(source: moons(), labeled: 100%)`);
    });
});
