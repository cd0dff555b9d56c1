// Small constructors so that component files read like tables.
import type { ComponentKind, DataType, NumericRange, ParamSpec, ParamType, RefKind } from './types.js';

export const t = {
    int: (): ParamType => ({ kind: 'int' }),
    float: (): ParamType => ({ kind: 'float' }),
    bool: (): ParamType => ({ kind: 'bool' }),
    string: (): ParamType => ({ kind: 'string' }),
    path: (...extensions: string[]): ParamType => ({ kind: 'path', extensions }),
    enum: (...values: string[]): ParamType => ({ kind: 'enum', values }),
    fraction: (): ParamType => ({ kind: 'fraction' }),
    component: (...of: ComponentKind[]): ParamType => ({ kind: 'component', of }),
    ref: (...to: RefKind[]): ParamType => ({ kind: 'ref', to }),
    column: (): ParamType => ({ kind: 'column' }),
    columns: (): ParamType => ({ kind: 'columns' }),
    list: (of: ParamType, minLength?: number): ParamType => ({ kind: 'list', of, minLength }),
    interval: (of: 'int' | 'float'): ParamType => ({ kind: 'interval', of }),
    record: (values: ParamType, keys: 'field' | 'method' | 'any' = 'any'): ParamType => ({ kind: 'record', values, keys }),
    union: (...of: ParamType[]): ParamType => ({ kind: 'union', of }),
};

/** The name of a parameter that takes any other named argument (its type is a `record`). */
export const REST_PARAM = '*';

/** The parameter a named argument fills: the one with that name, or the component's rest parameter. */
export function findParam(params: readonly ParamSpec[], name: string): ParamSpec | undefined {
    const exact = params.find(p => p.name === name);
    if (exact) return exact;
    const rest = params.find(p => p.name === REST_PARAM);
    return rest && rest.type.kind === 'record' ? { ...rest, name, type: rest.type.values, required: false } : undefined;
}

/** Common ranges. */
export const positive: NumericRange = { min: 0, minExclusive: true };
export const nonNegative: NumericRange = { min: 0 };
export const atLeastOne: NumericRange = { min: 1 };
export const unit01: NumericRange = { min: 0, max: 1 };

export function param(name: string, type: ParamType, doc: string, extra: Omit<ParamSpec, 'name' | 'type' | 'doc'> = {}): ParamSpec {
    return { name, type, doc, ...extra };
}

/** Human-readable type of a parameter, used by hover and by messages. */
export function describeParamType(type: ParamType): string {
    switch (type.kind) {
        case 'int': return 'integer';
        case 'float': return 'number';
        case 'bool': return 'true | false';
        case 'string': return 'string';
        case 'path': return type.extensions?.length ? `path (${type.extensions.join(', ')})` : 'path';
        case 'enum': return type.values.join(' | ');
        case 'fraction': return 'fraction (30% or 0.3)';
        case 'component': return `${type.of.join(' | ')} component`;
        case 'ref': return `reference to a ${type.to.map(refKindLabel).join(' or ')}`;
        case 'column': return 'column name';
        case 'columns': return 'columns (list or range `a1 .. a9`)';
        case 'list': return `list of ${describeParamType(type.of)}`;
        case 'interval': return `${type.of === 'int' ? 'integer' : 'number'} or interval \`a .. b\``;
        case 'record': return `{ name: ${describeParamType(type.values)}, ... }`;
        case 'union': return type.of.map(describeParamType).join(' or ');
    }
}

export function refKindLabel(kind: RefKind): string {
    switch (kind) {
        case 'dataset': return 'dataset';
        case 'datasetPart': return 'dataset split (`data.test`)';
        case 'model': return 'model';
        case 'modelPart': return 'model part (`model.selection`)';
        case 'objective': return 'objective';
        case 'evaluation': return 'evaluation';
        case 'sweep': return 'sweep';
    }
}

/** Human-readable data type: `vector[64]`, `Poincaré disk B²`. */
export function describeDataType(type: DataType): string {
    switch (type.kind) {
        case 'vector': return type.dim === undefined ? 'vector' : `vector[${type.dim}]`;
        case 'point': return `point in R${superscript(type.dim)}`;
        case 'events': return `event sequence {${Object.entries(type.fields).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
        case 'tokens': return `${type.alphabet} sequence`;
        case 'poincare': return type.dim === undefined ? 'Poincaré ball' : `Poincaré ball B${superscript(type.dim)}`;
        case 'hash': return type.bits === undefined ? 'hash code' : `hash code (${type.bits} bits)`;
        case 'unknown': return 'unknown';
    }
}

/** The dimension of an embedding-like type, if known. */
export function dimOf(type: DataType): number | undefined {
    switch (type.kind) {
        case 'vector': case 'poincare': return type.dim;
        case 'point': return type.dim;
        case 'hash': return type.bits;
        default: return undefined;
    }
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function superscript(n: number): string {
    return String(n).split('').map(d => SUPERSCRIPTS[Number(d)] ?? d).join('');
}

// ---- Reading folded argument values --------------------------------------------------------------

import type { ArgValue, ArgValues } from './types.js';

/**
 * A number argument, or the first value of a sweep (a list given where one number is expected), or
 * undefined.
 */
export function numberArg(args: ArgValues, name: string): number | undefined {
    let v = firstOfSweep(args[name]);
    if (v && typeof v === 'object' && v.kind === 'list') v = v.items[0];
    return typeof v === 'number' ? v : undefined;
}

export function listOfNumbers(args: ArgValues, name: string): number[] | undefined {
    const v = firstOfSweep(args[name]);
    if (v && typeof v === 'object' && v.kind === 'list') {
        const numbers = v.items.filter((i): i is number => typeof i === 'number');
        return numbers.length === v.items.length ? numbers : undefined;
    }
    return undefined;
}

/** The component or bare name a value names: `leakyRelu(0.2)` → 'leakyRelu', `relu` → 'relu'. */
export function nameOf(value: ArgValue | undefined): string | undefined {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && (value.kind === 'call' || value.kind === 'name')) return value.name;
    return undefined;
}

export function firstOfSweep(value: ArgValue | undefined): ArgValue | undefined {
    return value && typeof value === 'object' && value.kind === 'sweep' ? value.items[0] : value;
}

/** A default interval `from .. to`, as the validator folds one. */
export function interval(from: number, to: number): ArgValue {
    return { kind: 'interval', from, to };
}

/** The calls a value names, with their arguments: `oneHot()`, `[standardize(), minMax]`, `relu`. */
export function callsIn(value: ArgValue | undefined): { readonly name: string; readonly args: ArgValues }[] {
    if (!value || typeof value !== 'object') return [];
    switch (value.kind) {
        case 'call': return [{ name: value.name, args: value.args }];
        case 'name': return [{ name: value.name, args: {} }];
        case 'list': return value.items.flatMap(callsIn);
        case 'sweep': return callsIn(value.items[0]);
        default: return [];
    }
}
