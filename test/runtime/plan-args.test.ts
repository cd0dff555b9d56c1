// Reading a component's arguments from a plan with the registry's defaults, and the learning-rate schedules.
import { describe, expect, it } from 'vitest';
import { Args, PlanError } from '../../runtime/plan/args.js';
import { trainBlock } from '../../runtime/registry/declarations.js';
import { registry } from '../../runtime/registry/index.js';
import { buildSchedule } from '../../runtime/train/optimizers.js';

describe('Args', () => {
    const mlp = registry.find('mlp', ['layer'])!;

    it('returns what the spec wrote, else the registry default', () => {
        const args = Args.of(mlp, { call: 'mlp', args: { hidden: [32, 16], batchNorm: true } });
        expect(args.numbers('hidden')).toEqual([32, 16]);
        expect(args.bool('batchNorm')).toBe(true);
        expect(args.number('dropout')).toBe(0);
        expect(args.call('activation')).toEqual({ call: 'relu', args: {} });
        expect(args.int('out', true)).toBeUndefined();
    });

    it('reads a default written as a call (`adam(lr: 1e-3)`) as that call', () => {
        expect(Args.of(trainBlock, { call: 'train', args: {} }).call('optimizer')).toEqual({ call: 'adam', args: { lr: 1e-3 } });
        expect(Args.of(trainBlock, { call: 'train', args: {} }).int('epochs')).toBe(100);
    });

    it('says which component and parameter a wrong value is for, and that a list that is no sweep of the plan is not a number', () => {
        expect(() => Args.of(mlp, { call: 'mlp', args: { out: 'two' } }).int('out')).toThrow(PlanError);
        expect(() => Args.of(mlp, { call: 'mlp', args: { out: 2.5 } }).int('out')).toThrow(/`mlp`'s `out` must be a whole number, got 2.5/);
        expect(() => Args.of(mlp, { call: 'mlp', args: { dropout: [0.1, 0.2] } }).number('dropout')).toThrow(/`mlp`'s `dropout` is a list of values where one number is expected, and not a sweep of this plan/);
    });
});

describe('learning-rate schedules', () => {
    it('exponentialDecay goes from `from` to `to` geometrically over the epochs', () => {
        const s = buildSchedule({ call: 'exponentialDecay', args: { from: 1e-2, to: 1e-4 } });
        expect(s(0, 5)).toBeCloseTo(1e-2, 15);
        expect(s(2, 5)).toBeCloseTo(1e-3, 15);
        expect(s(4, 5)).toBeCloseTo(1e-4, 15);
    });

    it('cosineDecay follows half a cosine, fastest in the middle', () => {
        const s = buildSchedule({ call: 'cosineDecay', args: { from: 1, to: 0 } });
        expect(s(0, 3)).toBeCloseTo(1, 15);
        expect(s(1, 3)).toBeCloseTo(0.5, 15);
        expect(s(2, 3)).toBeCloseTo(0, 15);
    });

    it('refuses a schedule the runtime does not know', () => {
        expect(() => buildSchedule({ call: 'stepDecay', args: {} })).toThrow(/unknown learning-rate schedule 'stepDecay'/);
    });
});
