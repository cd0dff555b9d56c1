// Folds expressions into the plain values the registry's inference hooks read.
import type { ArgValue, ArgValues } from '../../runtime/registry/index.js';
import * as ast from '../generated/ast.js';

export function fold(expression: ast.Expression | undefined, columns?: readonly string[]): ArgValue {
    if (!expression) return { kind: 'unknown' };
    switch (expression.$type) {
        case ast.NumberLit.$type: return (expression as ast.NumberLit).value;
        case ast.PercentLit.$type: return (expression as ast.PercentLit).value / 100;
        case ast.StringLit.$type: return (expression as ast.StringLit).value;   // the value converter strips the quotes
        case ast.BoolLit.$type: return (expression as ast.BoolLit).value;
        case ast.NegationExpr.$type: {
            const operand = fold((expression as ast.NegationExpr).operand);
            return typeof operand === 'number' ? -operand : { kind: 'unknown' };
        }
        case ast.NameRef.$type: return { kind: 'name', name: (expression as ast.NameRef).ref.$refText };
        case ast.Call.$type: {
            const call = expression as ast.Call;
            return { kind: 'call', name: call.name, args: foldArguments(call.args) };
        }
        case ast.ListLit.$type: return { kind: 'list', items: (expression as ast.ListLit).items.map(item => fold(item, columns)) };
        case ast.RecordLit.$type: return { kind: 'record', entries: foldArguments((expression as ast.RecordLit).entries) };
        case ast.RangeExpr.$type: return foldRange(expression as ast.RangeExpr, columns);
        case ast.BinaryExpr.$type: return foldSum(expression as ast.BinaryExpr);
        default: return { kind: 'unknown' };
    }
}

/** Named arguments by name; positional ones under `#0`, `#1`, ... (see `namedArguments`). */
export function foldArguments(args: readonly ast.Argument[]): ArgValues {
    const values: Record<string, ArgValue> = {};
    args.forEach((argument, index) => { values[argument.name ?? `#${index}`] = fold(argument.value); });
    return values;
}

/** Arguments keyed by parameter name, positional ones mapped through the component's `positional`. */
export function namedArguments(args: readonly ast.Argument[], positional: readonly string[] = []): ArgValues {
    const values: Record<string, ArgValue> = {};
    let position = 0;
    for (const argument of args) {
        const name = argument.name ?? positional[position++];
        if (name) values[name] = fold(argument.value);
    }
    return values;
}

/** A sum of terms (`embed(...) + scale(...)`) folds to the list of its terms; weights are dropped. */
function foldSum(binary: ast.BinaryExpr): ArgValue {
    if (binary.operator === '*') {
        const left = fold(binary.left), right = fold(binary.right);
        return typeof left === 'number' ? right : typeof right === 'number' ? left : { kind: 'unknown' };
    }
    if (binary.operator !== '+') return { kind: 'unknown' };
    const terms = [fold(binary.left), fold(binary.right)].flatMap(term => typeof term === 'object' && term.kind === 'list' ? term.items : [term]);
    return { kind: 'list', items: terms };
}

function foldRange(range: ast.RangeExpr, columns?: readonly string[]): ArgValue {
    if (ast.isNameRef(range.from) && ast.isNameRef(range.to)) {
        const from = range.from.ref.$refText, to = range.to.ref.$refText;
        if (columns) {
            const start = columns.indexOf(from), end = columns.indexOf(to);
            if (start >= 0 && end >= start) return { kind: 'list', items: columns.slice(start, end + 1) };
        }
        return { kind: 'columnRange', from, to };
    }
    const from = fold(range.from), to = fold(range.to), step = range.step ? fold(range.step) : undefined;
    if (typeof from !== 'number' || typeof to !== 'number') return { kind: 'unknown' };
    return { kind: 'interval', from, to, step: typeof step === 'number' ? step : undefined, log: range.log };
}

/** The values of a stepped range: `25 .. 225 step 25` → 25, 50, ..., 225. Undefined when unbounded or huge. */
export function expandRange(from: number, to: number, step: number, limit = 10_000): number[] | undefined {
    if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to)) return undefined;
    const direction = to >= from ? 1 : -1;
    const count = Math.floor(Math.abs(to - from) / step + 1e-9) + 1;
    if (count > limit) return undefined;
    return Array.from({ length: count }, (_, i) => roundOff(from + direction * i * step));
}

function roundOff(x: number): number {
    return Number.parseFloat(x.toPrecision(12));
}
