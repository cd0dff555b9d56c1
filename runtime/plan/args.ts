// Reading a component's arguments from the plan, typed, with the registry's defaults for what the spec left
// out. A wrong value here means the plan did not come from a validated spec (or the registry and the runtime
// disagree); the error names the component and the parameter.
import { findParam } from '../registry/params.js';
import type { ArgValue, ComponentSpec } from '../registry/types.js';
import { isCall, isInterval, isList, isRecord, isRef, type PlanCall, type PlanInterval, type PlanRef, type PlanValue } from './types.js';

/** A problem with the plan itself or with what it asks of the runtime; the message says what and where. */
export class PlanError extends Error {
    override readonly name = 'PlanError';
}

/** The registry's default, as a plan value: `'relu'` → a call of relu, `interval(0, 0.16)` → an interval. */
function defaultValue(component: ComponentSpec, name: string): PlanValue | undefined {
    const spec = findParam(component.params, name) ?? findParam(component.block ?? [], name);
    if (!spec || spec.default === undefined) return undefined;
    return fromDefault(spec.default as ArgValue | readonly unknown[], spec.type.kind === 'component' || (spec.type.kind === 'union' && spec.type.of.some(o => o.kind === 'component')));
}

function fromDefault(value: ArgValue | readonly unknown[], component: boolean): PlanValue {
    if (Array.isArray(value)) return value.map(v => fromDefault(v as ArgValue, component));
    if (typeof value === 'string' && component) return parseCallText(value);
    if (typeof value !== 'object') return value as PlanValue;
    const v = value as Exclude<ArgValue, number | string | boolean>;
    if (v.kind === 'interval') return { from: v.from, to: v.to, ...(v.step !== undefined ? { step: v.step } : {}), ...(v.log ? { log: true } : {}) };
    if (v.kind === 'name') return { call: v.name, args: {} };
    throw new PlanError(`unsupported registry default ${JSON.stringify(value)}`);
}

/** `adam(lr: 1e-3)` or `relu` (the registry writes some defaults as text) → a call. */
function parseCallText(text: string): PlanValue {
    const m = /^([A-Za-z_]\w*)(?:\((.*)\))?$/.exec(text.trim());
    if (!m) return text;
    const args: Record<string, PlanValue> = {};
    for (const part of (m[2] ?? '').split(',').map(s => s.trim()).filter(Boolean)) {
        const [key, raw] = part.split(':').map(s => s.trim());
        const n = Number(raw);
        if (!key || raw === undefined) throw new PlanError(`cannot read the registry default '${text}'`);
        args[key] = Number.isFinite(n) ? n : raw;
    }
    return { call: m[1]!, args };
}

/** The arguments of one call of a registry component, with its defaults. */
export class Args {
    constructor(readonly component: ComponentSpec, readonly values: Readonly<Record<string, PlanValue>>) { }

    static of(component: ComponentSpec, call: PlanCall | undefined): Args {
        return new Args(component, call?.args ?? {});
    }

    private where(name: string): string {
        return `\`${this.component.name}\`'s \`${name}\``;
    }

    has(name: string): boolean {
        return this.values[name] !== undefined;
    }

    /** The value as written, else the registry default, else undefined. */
    raw(name: string): PlanValue | undefined {
        return this.values[name] ?? defaultValue(this.component, name);
    }

    number(name: string): number;
    number(name: string, optional: true): number | undefined;
    number(name: string, optional = false): number | undefined {
        const v = this.raw(name);
        if (v === undefined && optional) return undefined;
        if (typeof v !== 'number' || !Number.isFinite(v)) {
            // A sweep reaches a component only after `expandSweeps` (runtime/plan/sweep.ts) has put one of its values here.
            if (isList(v)) throw new PlanError(`${this.where(name)} is a list of values where one number is expected, and not a sweep of this plan (\`plan.sweeps\` does not list it): give one value, or build the plan with \`buildPlan\` and run its configurations`);
            throw new PlanError(`${this.where(name)} must be a number, got ${describe(v)}`);
        }
        return v;
    }

    int(name: string): number;
    int(name: string, optional: true): number | undefined;
    int(name: string, optional = false): number | undefined {
        const v = optional ? this.number(name, true) : this.number(name);
        if (v !== undefined && !Number.isInteger(v)) throw new PlanError(`${this.where(name)} must be a whole number, got ${v}`);
        return v;
    }

    bool(name: string): boolean {
        const v = this.raw(name);
        if (typeof v !== 'boolean') throw new PlanError(`${this.where(name)} must be true or false, got ${describe(v)}`);
        return v;
    }

    /** A string, or the name of a bare call (`single`, `learned`). */
    string(name: string): string;
    string(name: string, optional: true): string | undefined;
    string(name: string, optional = false): string | undefined {
        const v = this.raw(name);
        if (v === undefined && optional) return undefined;
        if (typeof v === 'string') return v;
        if (isCall(v) && Object.keys(v.args).length === 0) return v.call;
        if (isRef(v) && v.member === undefined) return v.ref;
        throw new PlanError(`${this.where(name)} must be a name, got ${describe(v)}`);
    }

    call(name: string): PlanCall;
    call(name: string, optional: true): PlanCall | undefined;
    call(name: string, optional = false): PlanCall | undefined {
        const v = this.raw(name);
        if (v === undefined && optional) return undefined;
        if (isCall(v)) return v;
        if (typeof v === 'string') return { call: v, args: {} };
        if (isRef(v) && v.member === undefined) return { call: v.ref, args: {} };
        throw new PlanError(`${this.where(name)} must be a component, got ${describe(v)}`);
    }

    ref(name: string): PlanRef {
        const v = this.raw(name);
        if (isRef(v)) return v;
        if (isCall(v) && Object.keys(v.args).length === 0) return { ref: v.call };
        throw new PlanError(`${this.where(name)} must name a declaration, got ${describe(v)}`);
    }

    /** An interval, a single number taken as the degenerate interval. */
    interval(name: string): PlanInterval | number {
        const v = this.raw(name);
        if (typeof v === 'number' || isInterval(v)) return v;
        throw new PlanError(`${this.where(name)} must be a number or an interval \`a .. b\`, got ${describe(v)}`);
    }

    list(name: string): readonly PlanValue[] {
        const v = this.raw(name);
        if (v === undefined) return [];
        if (isList(v)) return v;
        return [v];
    }

    /** A list of components (`metrics: [ari, nmi(mean: max)]`): bare names become calls without arguments. */
    calls(name: string): PlanCall[] {
        return this.list(name).map((v, i) => {
            if (isCall(v)) return v;
            if (typeof v === 'string') return { call: v, args: {} };
            throw new PlanError(`${this.where(name)}[${i}] must be a component, got ${describe(v)}`);
        });
    }

    numbers(name: string): number[] {
        return this.list(name).map((v, i) => {
            if (typeof v !== 'number') throw new PlanError(`${this.where(name)}[${i}] must be a number, got ${describe(v)}`);
            return v;
        });
    }
}

export function describe(v: PlanValue | undefined): string {
    if (v === undefined) return 'nothing';
    if (typeof v === 'string') return `'${v}'`;
    if (typeof v !== 'object') return String(v);
    if (isList(v)) return `a list of ${v.length}`;
    if (isCall(v)) return `\`${v.call}(...)\``;
    if (isRef(v)) return `\`${v.ref}${v.member ? '.' + v.member : ''}\``;
    if (isInterval(v)) return `${v.from} .. ${v.to}`;
    if (isRecord(v)) return 'a record';
    return JSON.stringify(v);
}
