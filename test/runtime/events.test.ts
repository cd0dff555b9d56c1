// Event sequences (runtime/data/events.ts, runtime/data/synthetic-events.ts): grouping a one-row-per-event
// table by entity and time, the aggregate-feature baseline, the `sampleSlices` sampler, and the CoLES stand-in
// generator: its shape, its determinism, and that its class signal is there (and gone when switched off).
import { describe, expect, it } from 'vitest';
import { fitLogistic, LogisticModel } from '../../runtime/classify/index.js';
import { aggregateFeatures, groupEvents, sampleSlices, sequenceLengths, type CategoricalField, type NumericField } from '../../runtime/data/events.js';
import { syntheticEvents, type SyntheticEventsOptions } from '../../runtime/data/synthetic-events.js';
import { fitStandardScaler, applyStandardScaler, parseCsv } from '../../runtime/io/csv.js';
import { rocAuc } from '../../runtime/metrics/classification.js';
import { Random } from '../../runtime/random/index.js';

const CSV = `user_id,event_time,mcc_code,amount
b,5,5411,12.5
a,3,5812,-4
b,1,5411,100
a,3,4111,7
c,2,5812,1
a,1,5411,2
`;

const table = () => parseCsv(CSV, { file: 'tx.csv' });
const fields = { mcc_code: 'category', amount: 'amount' } as const;

describe('groupEvents', () => {
    it('groups by entity (ids sorted) and orders each history by time, equal times in file order', () => {
        const s = groupEvents(table(), { entity: 'user_id', time: 'event_time', fields });
        expect(s.entities).toEqual(['a', 'b', 'c']);
        expect(Array.from(s.offsets)).toEqual([0, 3, 5, 6]);
        expect(Array.from(sequenceLengths(s))).toEqual([3, 2, 1]);
        expect(Array.from(s.time)).toEqual([1, 3, 3, 1, 5, 2]);
        const mcc = s.fields.get('mcc_code') as CategoricalField;
        expect(mcc.categories).toEqual(['4111', '5411', '5812']);
        // a: 5411 (t 1), 5812 (t 3, line 3), 4111 (t 3, line 5); b: 5411, 5411; c: 5812
        expect(Array.from(mcc.codes, k => mcc.categories[k])).toEqual(['5411', '5812', '4111', '5411', '5411', '5812']);
        expect(Array.from((s.fields.get('amount') as NumericField).values)).toEqual([2, -4, 7, 100, 12.5, 1]);
    });

    it('names the file, line and column of what it cannot read', () => {
        expect(() => groupEvents(table(), { entity: 'usr_id', time: 'event_time', fields })).toThrow(/tx\.csv, line 1, column "usr_id": the entity column "usr_id" does not exist in the header; did you mean "user_id"\?/);
        const badTime = parseCsv('user_id,event_time,amount\na,1,2\na,yesterday,3\n', { file: 'tx.csv' });
        expect(() => groupEvents(badTime, { entity: 'user_id', time: 'event_time', fields: { amount: 'amount' } })).toThrow(/tx\.csv, line 3, column "event_time": times must be numbers .*"yesterday" is not/);
        const badAmount = parseCsv('user_id,event_time,amount\na,1,2\na,2,lots\n', { file: 'tx.csv' });
        expect(() => groupEvents(badAmount, { entity: 'user_id', time: 'event_time', fields: { amount: 'amount' } })).toThrow(/line 3, column "amount": the amount field needs numbers; "lots" is not one/);
    });
});

describe('aggregateFeatures', () => {
    it('counts events and each category, and sums, averages and spreads each number, per entity', () => {
        const f = aggregateFeatures(groupEvents(table(), { entity: 'user_id', time: 'event_time', fields }));
        expect(f.names).toEqual(['events', 'mcc_code=4111', 'mcc_code=5411', 'mcc_code=5812', 'amount.sum', 'amount.mean', 'amount.std']);
        const row = (e: number) => Array.from(f.values.slice(e * f.dim, (e + 1) * f.dim));
        // a: amounts 2, −4, 7 → sum 5, mean 5/3, population sd √(((2−5/3)² + (−4−5/3)² + (7−5/3)²)/3)
        const sdA = Math.sqrt(((2 - 5 / 3) ** 2 + (-4 - 5 / 3) ** 2 + (7 - 5 / 3) ** 2) / 3);
        expect(row(0).slice(0, 5)).toEqual([3, 1, 1, 1, 5]);
        expect(row(0)[5]).toBeCloseTo(5 / 3, 14);
        expect(row(0)[6]).toBeCloseTo(sdA, 14);
        expect(row(1)).toEqual([2, 0, 2, 0, 112.5, 56.25, 43.75]);
        expect(row(2)).toEqual([1, 0, 0, 1, 1, 1, 0]);
    });
});

describe('sampleSlices', () => {
    it('draws count contiguous slices of a size in [min, max], capped by the sequence, inside it', () => {
        const random = Random.seeded(3);
        const sizes: number[] = [];
        for (const length of [1, 10, 15, 40, 200]) {
            for (let k = 0; k < 50; k++) {
                const slices = sampleSlices(length, 5, { min: 15, max: 75 }, random);
                expect(slices).toHaveLength(5);
                for (const s of slices) {
                    expect(s.length).toBe(Math.min(s.length, length));
                    if (length >= 75) { expect(s.length).toBeGreaterThanOrEqual(15); sizes.push(s.length); }
                    expect(s.length).toBeLessThanOrEqual(Math.min(75, length));
                    expect(s.start).toBeGreaterThanOrEqual(0);
                    expect(s.start + s.length).toBeLessThanOrEqual(length);
                }
            }
        }
        // uniform in 15 … 75: mean 45, both ends reached
        const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
        expect(Math.abs(mean - 45)).toBeLessThan(3);
        expect(Math.min(...sizes)).toBe(15);
        expect(Math.max(...sizes)).toBe(75);
        expect(sampleSlices(10, 3, { min: 4, max: 6 }, Random.seeded(1))).toEqual(sampleSlices(10, 3, { min: 4, max: 6 }, Random.seeded(1)));
        expect(() => sampleSlices(0, 3, { min: 4, max: 6 }, Random.seeded(1))).toThrow(/a sequence of 0 events/);
    });
});

const small: SyntheticEventsOptions = { entities: 40, codes: 50, length: { min: 20, max: 400 }, classes: 2, currencies: 4, tilt: 0.3, amountShift: 0.25, days: 365 };

describe('syntheticEvents', () => {
    it('gives each entity a sorted history in [0, days), a length in the interval, codes and currencies in range', () => {
        const s = syntheticEvents(small, Random.seeded(1));
        expect(s.entities).toHaveLength(40);
        expect([...s.entities].sort()).toEqual(s.entities);
        const lengths = sequenceLengths(s);
        for (let e = 0; e < 40; e++) {
            expect(lengths[e]).toBeGreaterThanOrEqual(20);
            expect(lengths[e]).toBeLessThanOrEqual(400);
            for (let i = s.offsets[e]!; i < s.offsets[e + 1]!; i++) {
                expect(s.time[i]).toBeGreaterThanOrEqual(0);
                expect(s.time[i]).toBeLessThan(365);
                if (i > s.offsets[e]!) expect(s.time[i]).toBeGreaterThanOrEqual(s.time[i - 1]!);
            }
        }
        const mcc = s.fields.get('mcc_code') as CategoricalField, currency = s.fields.get('currency') as CategoricalField;
        expect(Math.max(...mcc.codes)).toBeLessThan(50);
        expect(Math.max(...currency.codes)).toBeLessThan(4);
        expect(new Set(s.labels)).toEqual(new Set([0, 1]));
    });

    it('is the same for the same seed, and an entity\'s history does not depend on how many are generated', () => {
        const a = syntheticEvents(small, Random.seeded(2)), b = syntheticEvents(small, Random.seeded(2));
        expect(Array.from(b.time)).toEqual(Array.from(a.time));
        const more = syntheticEvents({ ...small, entities: 80 }, Random.seeded(2));
        const end = a.offsets[40]!;
        expect(Array.from(more.time.slice(0, end))).toEqual(Array.from(a.time));
        expect(Array.from((more.fields.get('amount') as NumericField).values.slice(0, end))).toEqual(Array.from((a.fields.get('amount') as NumericField).values));
        expect(Array.from(syntheticEvents(small, Random.seeded(3)).time.slice(0, 10))).not.toEqual(Array.from(a.time.slice(0, 10)));
    });

    it('draws lengths log-uniformly: the median near the geometric mean of the interval', () => {
        const lengths = Array.from(sequenceLengths(syntheticEvents({ ...small, entities: 2000, length: { min: 20, max: 2000 }, codes: 20 }, Random.seeded(4)))).sort((x, y) => x - y);
        const median = lengths[1000]!;
        expect(median).toBeGreaterThan(Math.sqrt(20 * 2000) * 0.85);
        expect(median).toBeLessThan(Math.sqrt(20 * 2000) * 1.15);
    });

    /** Held-out ROC-AUC of a logistic regression on standardised aggregate features. */
    function aggregateAuc(options: SyntheticEventsOptions, seed: number): number {
        const s = syntheticEvents(options, Random.seeded(seed));
        const f = aggregateFeatures(s);
        const half = f.rows / 2;
        const matrix = { data: f.values, rows: f.rows, cols: f.dim, names: f.names };
        const x = applyStandardScaler(matrix, fitStandardScaler(matrix, Int32Array.from({ length: half }, (_, i) => i))).data;
        const model = fitLogistic(x.slice(0, half * f.dim), half, f.dim, s.labels!.slice(0, half), { maxIter: 200 });
        expect(model).toBeInstanceOf(LogisticModel);
        const scores = (model as LogisticModel).decisionFunction(x.slice(half * f.dim), f.rows - half);
        return rocAuc(s.labels!.slice(half), scores, [0, 1]);
    }

    it('at the defaults, the aggregates carry a weak class signal (the replication\'s aggregate baseline: 0.80); none with tilt and amountShift at 0', () => {
        const defaults: SyntheticEventsOptions = { entities: 5000, codes: 300, length: { min: 20, max: 2000 }, classes: 2, currencies: 4, tilt: 0.3, amountShift: 0.25, days: 365 };
        const withSignal = aggregateAuc(defaults, 7);
        expect(withSignal).toBeGreaterThan(0.72);
        expect(withSignal).toBeLessThan(0.88);
        const without = aggregateAuc({ ...small, entities: 600, codes: 30, length: { min: 20, max: 200 }, tilt: 0, amountShift: 0 }, 5);
        expect(Math.abs(without - 0.5)).toBeLessThan(0.08);
    }, 60_000);
});
