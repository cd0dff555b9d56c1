// Checks a value against the type its slot expects. Returns problems rather than reporting them,
// so that a union type can try each of its members.
import type { AstNode } from 'langium';
import {
    describeParamType, refKindLabel, registry, type NumericRange, type ParamType, type RefKind,
} from '../../runtime/registry/index.js';
import * as ast from '../generated/ast.js';
import { expandRange, fold } from './fold.js';
import { isScalar, type Slot } from './slots.js';
import { closest, didYouMean } from './suggest.js';
import type { SpecAnalysis } from './spec-analysis.js';

export type ProblemCode = 'unknown-component' | 'unknown-name' | 'missing-param' | 'out-of-range' | 'unknown-param' | 'unknown-column';

export interface Problem {
    readonly node: AstNode;
    readonly message: string;
    readonly severity?: 'error' | 'warning';
    readonly code?: ProblemCode;
    /** For quick fixes: the replacement texts offered. */
    readonly replacements?: readonly string[];
    /** Which token of the node the problem is about. */
    readonly property?: string;
}

export class ValueChecker {
    constructor(private readonly analysis: SpecAnalysis, private readonly columns: () => readonly string[] | undefined) { }

    check(expression: ast.Expression | undefined, slot: Slot): Problem[] {
        return this.checkType(expression, slot.type, slot, false);
    }

    private checkType(expression: ast.Expression | undefined, type: ParamType, slot: Slot, inSweep: boolean): Problem[] {
        // A value missing from a partial parse is a syntax error, reported by the parser.
        if (!expression) return [];
        // A list where a scalar is expected is a sweep: each item must fit the scalar type.
        if (ast.isListLit(expression) && isScalar(type)) {
            return this.checkSweep(expression, type, slot, inSweep);
        }
        if (ast.isRangeExpr(expression) && expression.step && isScalar(type) && (type.kind === 'int' || type.kind === 'float')) {
            return this.checkSteppedRange(expression, type, slot, inSweep);
        }
        switch (type.kind) {
            case 'int': case 'float': return this.checkNumber(expression, type.kind, slot);
            case 'fraction': return this.checkFraction(expression, slot);
            case 'bool': return ast.isBoolLit(expression) ? [] : [this.expected(expression, '`true` or `false`', slot)];
            case 'string': case 'path': return ast.isStringLit(expression) ? [] : [this.expected(expression, 'a string in double quotes', slot)];
            case 'enum': return this.checkEnum(expression, type.values, slot);
            case 'component': return this.checkComponent(expression, type.of, slot);
            case 'ref': return this.checkRef(expression, type.to, slot);
            case 'column': return this.checkColumn(expression, slot);
            case 'columns': return this.checkColumns(expression, slot);
            case 'list': return this.checkList(expression, type, slot);
            case 'interval': return this.checkInterval(expression, type.of, slot);
            case 'record': return this.checkRecord(expression, type.values, slot);
            case 'union': return this.checkUnion(expression, type.of, slot, inSweep);
        }
    }

    private checkSweep(list: ast.ListLit, type: ParamType, slot: Slot, inSweep: boolean): Problem[] {
        if (inSweep) return [{ node: list, message: 'A sweep cannot contain another sweep: give one flat list of values' }];
        if (slot.param?.sweepable === false) {
            return [{ node: list, message: `\`${slot.param.name}\` takes one ${describeParamType(type)}, not a list: it cannot be swept` }];
        }
        if (list.items.length === 0) return [{ node: list, message: 'An empty list sweeps over nothing: give at least one value' }];
        return list.items.flatMap(item => this.checkType(item, type, slot, true));
    }

    private checkSteppedRange(range: ast.RangeExpr, type: ParamType & { kind: 'int' | 'float' }, slot: Slot, inSweep: boolean): Problem[] {
        const value = fold(range);
        if (typeof value !== 'object' || value.kind !== 'interval' || value.step === undefined) {
            return [{ node: range, message: 'A stepped range needs numbers: `25 .. 225 step 25`' }];
        }
        if (inSweep) return [{ node: range, message: 'A sweep cannot contain another sweep: give one flat list of values' }];
        const values = expandRange(value.from, value.to, value.step);
        if (!values) return [{ node: range, message: `\`step\` must be positive and the range must have at most 10,000 values` }];
        const problems: Problem[] = [];
        for (const v of values) {
            if (type.kind === 'int' && !Number.isInteger(v)) {
                problems.push({ node: range, message: `${slotName(slot)} takes integers, but this range includes ${v}: use an integer step` });
                break;
            }
            const outside = outOfRange(v, slot.param?.range);
            if (outside) { problems.push({ node: range, message: `${slotName(slot)}: ${v} in this range ${outside}` }); break; }
        }
        return problems;
    }

    private checkNumber(expression: ast.Expression, kind: 'int' | 'float', slot: Slot): Problem[] {
        const tie = this.checkTie(expression, slot);
        if (tie) return tie;
        const value = fold(expression);
        if (typeof value !== 'number' || ast.isPercentLit(expression)) {
            if (ast.isRangeExpr(expression)) {
                return [{ node: expression, message: `${slotName(slot)} takes one number; to sweep over a range add a step (\`${textOf(expression)} step …\`) or give a list` }];
            }
            return [this.expected(expression, kind === 'int' ? 'an integer' : 'a number', slot)];
        }
        if (!Number.isFinite(value)) {
            return [{ node: expression, message: `${capitalise(slotName(slot))} takes a finite number, not \`${textOf(expression)}\`` }];
        }
        if (kind === 'int' && !Number.isInteger(value)) {
            return [{ node: expression, message: `${slotName(slot)} takes an integer, not ${value}: write ${Math.round(value)}` }];
        }
        return this.rangeProblem(expression, value, slot);
    }

    private checkFraction(expression: ast.Expression, slot: Slot): Problem[] {
        const value = fold(expression);
        if (typeof value !== 'number') return [this.expected(expression, 'a fraction such as `30%` or `0.3`', slot)];
        if (value < 0 || value > 1) {
            const nearest = value < 0 ? '0%' : '100%';
            return [{ node: expression, message: `${slotName(slot)} is a fraction between 0% and 100%, not ${textOf(expression)}`, code: 'out-of-range', replacements: [nearest] }];
        }
        return this.rangeProblem(expression, value, slot);
    }

    private rangeProblem(expression: ast.Expression, value: number, slot: Slot): Problem[] {
        const range = slot.param?.range;
        const outside = outOfRange(value, range);
        if (!outside || !range) return [];
        return [{
            node: expression, message: `${slotName(slot)} ${outside}`, code: 'out-of-range',
            replacements: [String(nearestInRange(value, range, slot.type.kind === 'int'))],
        }];
    }

    /** `propagation(alpha: graphPrior.alpha)`: a parameter tied to another term's parameter of the same expression. */
    private checkTie(expression: ast.Expression, slot: Slot): Problem[] | undefined {
        if (!ast.isMemberExpr(expression) || !ast.isNameRef(expression.receiver) || expression.receiver.ref.ref) return undefined;
        const termName = expression.receiver.ref.$refText;
        const root = outermostExpression(expression);
        const sibling = [...iterateCalls(root)].find(call => call.name === termName);
        if (!sibling) {
            return [{ node: expression.receiver, message: `\`${termName}\` is not a declaration nor a term of this expression: tie a parameter with \`term.parameter\` to a term written beside it` }];
        }
        const component = registry.find(sibling.name, ['objective']) ?? registry.find(sibling.name);
        if (!component?.params.some(p => p.name === expression.member)) {
            return [{ node: expression, message: `\`${termName}\` has no parameter \`${expression.member}\`${didYouMean(closest(expression.member, component?.params.map(p => p.name) ?? []))}`, property: 'member' }];
        }
        if (!sibling.args.some(a => a.name === expression.member)) {
            return [{ node: expression, message: `\`${termName}.${expression.member}\` is tied, but \`${termName}\` does not set \`${expression.member}\`: give it a value there` }];
        }
        return [];
    }

    private checkEnum(expression: ast.Expression, values: readonly string[], slot: Slot): Problem[] {
        const name = bareName(expression);
        if (name !== undefined && values.includes(name)) return [];
        if (name !== undefined) {
            return [{
                node: expression, message: `${slotName(slot)} is one of ${values.map(v => `\`${v}\``).join(', ')}, not \`${name}\`${didYouMean(closest(name, values))}`,
                code: 'unknown-name', replacements: closest(name, values),
            }];
        }
        return [this.expected(expression, values.map(v => `\`${v}\``).join(' | '), slot)];
    }

    private checkComponent(expression: ast.Expression, kinds: readonly string[], slot: Slot): Problem[] {
        if (ast.isCall(expression)) return [];   // the call's own check reports unknown names and bad arguments
        if (ast.isBinaryExpr(expression) && expression.operator === '*' && kinds.includes('objective')) {
            // A weighted term: `5e3 * mkmmd(...)`; the weight is checked as a number.
            const [weight, term] = isNumeric(expression.left) ? [expression.left, expression.right] : [expression.right, expression.left];
            if (!isNumeric(weight)) return [{ node: expression, message: 'A weighted term is `number * term`, e.g. `5e3 * mkmmd(kernels: 5)`' }];
            return this.checkType(term, slot.type, slot, false);
        }
        if (ast.isBinaryExpr(expression) && expression.operator === '+' && (kinds.includes('objective') || kinds.includes('fieldEncoding'))) {
            return [...this.checkType(expression.left, slot.type, slot, false), ...this.checkType(expression.right, slot.type, slot, false)];
        }
        if (ast.isChainExpr(expression) && kinds.includes('layer')) {
            return [...this.checkType(expression.left, slot.type, slot, false), ...this.checkType(expression.right, slot.type, slot, false)];
        }
        if (ast.isNameRef(expression)) {
            const name = expression.ref.$refText;
            const target = expression.ref.ref;
            // A declared objective or model stands for its definition.
            if (target && ((ast.isObjective(target) && kinds.includes('objective')) || (ast.isModel(target) && kinds.includes('layer')))) return [];
            const component = registry.find(name, kinds as never);
            if (component) {
                const missing = component.params.filter(p => p.required);
                return missing.length === 0 ? [] : [{
                    node: expression, message: `\`${name}\` needs ${missing.map(p => `\`${p.name}\``).join(', ')}: write \`${name}(${missing.map(p => `${p.name}: …`).join(', ')})\``,
                    code: 'missing-param',
                }];
            }
            return [this.unknownComponent(expression, name, kinds, slot)];
        }
        return [this.expected(expression, `${article(kinds.join(' or '))} such as \`${exampleOf(kinds)}\``, slot)];
    }

    unknownComponent(node: AstNode, name: string, kinds: readonly string[], slot: Slot | undefined): Problem {
        const candidates = registry.ofKinds(kinds as never).map(c => c.name);
        const suggestions = closest(name, candidates);
        const elsewhere = registry.named(name).map(c => c.kind);
        const where = slot ? ` for ${slotName(slot)}` : '';
        // Without a close name, list the choices when there are few enough to read.
        const choices = suggestions.length === 0 && candidates.length > 0 && candidates.length <= 12
            ? `: use one of ${candidates.map(c => `\`${c}\``).join(', ')}` : '';
        const message = elsewhere.length
            ? `\`${name}\` is ${article(elsewhere.join(' / '))}, but ${article(kinds.join(' or '))} is expected here${where}${didYouMean(suggestions)}${choices}`
            : `Unknown ${kinds.join(' or ')} \`${name}\`${where}${didYouMean(suggestions)}${choices}`;
        return { node, message, code: 'unknown-component', replacements: suggestions };
    }

    private checkRef(expression: ast.Expression, kinds: readonly RefKind[], slot: Slot): Problem[] {
        const what = kinds.map(refKindLabel).join(' or ');
        if (ast.isNameRef(expression)) {
            const target = expression.ref.ref;
            const kind = target && refKindOf(target);
            if (kind && kinds.includes(kind)) return [];
            if (kinds.includes('datasetPart') && ast.isDataset(target)) return [];
            const name = expression.ref.$refText;
            if (!target) {
                const candidates = this.declarationNames(kinds);
                return [{ node: expression, message: `Unknown ${what} \`${name}\`${didYouMean(closest(name, candidates))}`, code: 'unknown-name', replacements: closest(name, candidates) }];
            }
            return [{ node: expression, message: `\`${name}\` is ${article(kind ?? target.$type.toLowerCase())}, but ${slotName(slot)} takes a ${what}` }];
        }
        if (ast.isMemberExpr(expression) && !expression.call) {
            const receiver = ast.isNameRef(expression.receiver) ? expression.receiver.ref.ref : undefined;
            if (ast.isDataset(receiver) && kinds.includes('datasetPart')) {
                const parts = this.analysis.partsOf(receiver);
                if (parts.includes(expression.member)) return [];
                return [{
                    node: expression, property: 'member',
                    message: parts.length
                        ? `\`${receiver.name}\` has no part \`${expression.member}\`: its parts are ${parts.map(p => `\`${p}\``).join(', ')}${didYouMean(closest(expression.member, parts))}`
                        : `\`${receiver.name}\` has no parts: add \`split: train 80%, test 20%\` to its block`,
                    code: 'unknown-name', replacements: closest(expression.member, parts),
                }];
            }
            if (ast.isModel(receiver) && kinds.includes('modelPart')) {
                const parts = this.analysis.modelOf(receiver).info.parts;
                if (parts.includes(expression.member)) return [];
                return [{
                    node: expression, property: 'member',
                    message: `\`${receiver.name}\` has no part \`${expression.member}\`${parts.length ? `: its parts are ${parts.map(p => `\`${p}\``).join(', ')}` : ''}${didYouMean(closest(expression.member, parts))}`,
                    code: 'unknown-name', replacements: closest(expression.member, parts),
                }];
            }
            if (ast.isEvaluate(receiver) && kinds.includes('evaluation')) return [];
            if (receiver) return [{ node: expression, message: `${slotName(slot)} takes a ${what}, not a member of \`${(receiver as { name?: string }).name}\`` }];
            if (ast.isNameRef(expression.receiver)) return this.checkRef(expression.receiver, kinds, slot);
        }
        return [this.expected(expression, `a ${what}`, slot)];
    }

    private declarationNames(kinds: readonly RefKind[]): string[] {
        return this.analysis.spec.declarations
            .filter(d => { const k = refKindOf(d); return k && (kinds.includes(k) || (k === 'dataset' && kinds.includes('datasetPart'))); })
            .map(d => (d as { name: string }).name);
    }

    private checkColumn(expression: ast.Expression, slot: Slot): Problem[] {
        const name = bareName(expression) ?? (ast.isStringLit(expression) ? fold(expression) as string : undefined);
        if (name === undefined) return [this.expected(expression, 'a column name', slot)];
        const columns = this.columns();
        if (!columns || columns.includes(name)) return [];
        return [{
            node: expression, message: `Column \`${name}\` is not in the file's header${didYouMean(closest(name, columns))}`,
            code: 'unknown-column', replacements: closest(name, columns),
        }];
    }

    private checkColumns(expression: ast.Expression, slot: Slot): Problem[] {
        if (ast.isListLit(expression)) return expression.items.flatMap(item => this.checkColumn(item, slot));
        if (ast.isRangeExpr(expression) && ast.isNameRef(expression.from) && ast.isNameRef(expression.to)) {
            const problems = [...this.checkColumn(expression.from, slot), ...this.checkColumn(expression.to, slot)];
            const columns = this.columns();
            if (problems.length === 0 && columns) {
                const from = columns.indexOf(expression.from.ref.$refText), to = columns.indexOf(expression.to.ref.$refText);
                if (to < from) problems.push({ node: expression, message: `The column range runs backwards: \`${columns[from]}\` comes after \`${columns[to]}\` in the header; write \`${columns[to]} .. ${columns[from]}\`` });
            }
            return problems;
        }
        return this.checkColumn(expression, slot);
    }

    private checkList(expression: ast.Expression, type: ParamType & { kind: 'list' }, slot: Slot): Problem[] {
        if (ast.isListLit(expression)) {
            const problems = expression.items.flatMap(item => this.checkType(item, type.of, slot, false));
            if (type.minLength !== undefined && expression.items.length < type.minLength) {
                problems.push({ node: expression, message: `${slotName(slot)} needs at least ${type.minLength} item(s)` });
            }
            return problems;
        }
        if (ast.isRangeExpr(expression) && (type.of.kind === 'int' || type.of.kind === 'float')) {
            const value = fold(expression);
            if (typeof value === 'object' && value.kind === 'interval' && value.step !== undefined) {
                return expandRange(value.from, value.to, value.step) ? [] : [{ node: expression, message: '`step` must be positive and the range must have at most 10,000 values' }];
            }
            return [{ node: expression, message: `${slotName(slot)} is a list: give a step (\`${textOf(expression)} step 1\`) or write the list` }];
        }
        return this.checkType(expression, type.of, slot, false);   // one value stands for a one-item list
    }

    private checkInterval(expression: ast.Expression, of: 'int' | 'float', slot: Slot): Problem[] {
        if (ast.isRangeExpr(expression)) {
            if (expression.step) return [{ node: expression, message: `${slotName(slot)} is an interval values are drawn from: remove \`step\`` }];
            const problems = [...this.checkNumber(expression.from, of, slot), ...this.checkNumber(expression.to, of, slot)];
            const value = fold(expression);
            if (problems.length === 0 && typeof value === 'object' && value.kind === 'interval' && value.to < value.from) {
                problems.push({ node: expression, message: `The interval runs backwards: write \`${value.to} .. ${value.from}\`` });
            }
            return problems;
        }
        return this.checkNumber(expression, of, slot);
    }

    private checkRecord(expression: ast.Expression, values: ParamType, slot: Slot): Problem[] {
        if (!ast.isRecordLit(expression)) return [this.expected(expression, '`{ name: value, ... }`', slot)];
        const seen = new Set<string>();
        const problems: Problem[] = [];
        for (const entry of expression.entries) {
            if (!entry.name) { problems.push({ node: entry, message: 'Each entry of `{ ... }` needs a name: `name: value`' }); continue; }
            if (seen.has(entry.name)) problems.push({ node: entry, property: 'name', message: `\`${entry.name}\` is given twice` });
            seen.add(entry.name);
            problems.push(...this.checkType(entry.value, values, slot, false));
        }
        return problems;
    }

    private checkUnion(expression: ast.Expression, members: readonly ParamType[], slot: Slot, inSweep: boolean): Problem[] {
        let best: Problem[] | undefined;
        for (const member of members) {
            const problems = this.checkType(expression, member, slot, inSweep);
            if (problems.length === 0) return [];
            if (!best || specificity(problems) > specificity(best)) best = problems;
        }
        const names = members.map(describeParamType).join(', or ');
        return best && specificity(best) > 0 ? best : [this.expected(expression, names, slot)];
    }

    private expected(expression: ast.Expression, what: string, slot: Slot): Problem {
        return { node: expression, message: `${capitalise(slotName(slot))} takes ${what}, not \`${textOf(expression)}\`` };
    }
}

// ---- helpers ------------------------------------------------------------------------------------

/** Problems that say something precise (a range, a name) beat a generic "takes X, not Y". */
function specificity(problems: readonly Problem[]): number {
    return problems.some(p => p.code) ? 2 : problems.some(p => !p.message.includes(' takes ')) ? 1 : 0;
}

export function slotName(slot: Slot): string {
    if (slot.param) return `\`${slot.param.name}\`${slot.owner ? ` of ${slot.owner}` : ''}`;
    return slot.owner ?? 'this value';
}

export function outOfRange(value: number, range: NumericRange | undefined): string | undefined {
    if (!range) return undefined;
    const { min, max, minExclusive, maxExclusive } = range;
    const tooLow = min !== undefined && (minExclusive ? value <= min : value < min);
    const tooHigh = max !== undefined && (maxExclusive ? value >= max : value > max);
    if (!tooLow && !tooHigh) return undefined;
    return `must be in ${describeRange(range)}, not ${value}`;
}

export function describeRange(range: NumericRange): string {
    const lower = range.min === undefined ? '(−∞' : `${range.minExclusive ? '(' : '['}${range.min}`;
    const upper = range.max === undefined ? '∞)' : `${range.max}${range.maxExclusive ? ')' : ']'}`;
    return `${lower}, ${upper}`;
}

function nearestInRange(value: number, range: NumericRange, integer: boolean): number {
    let nearest = value;
    if (range.min !== undefined && value <= range.min) nearest = range.minExclusive ? (integer ? range.min + 1 : nextAbove(range.min)) : range.min;
    if (range.max !== undefined && value >= range.max) nearest = range.maxExclusive ? (integer ? range.max - 1 : nextBelow(range.max)) : range.max;
    return nearest;
}

function nextAbove(x: number): number { return x === 0 ? 1e-6 : Number.parseFloat((x * (x > 0 ? 1.001 : 0.999)).toPrecision(6)); }
function nextBelow(x: number): number { return Number.parseFloat((x * (x > 0 ? 0.999 : 1.001)).toPrecision(6)); }

/** The plain name an expression is, when it is one (a bare identifier). */
export function bareName(expression: ast.Expression): string | undefined {
    return ast.isNameRef(expression) ? expression.ref.$refText : undefined;
}

export function refKindOf(node: AstNode): RefKind | undefined {
    if (ast.isDataset(node)) return 'dataset';
    if (ast.isModel(node)) return 'model';
    if (ast.isObjective(node)) return 'objective';
    if (ast.isEvaluate(node)) return 'evaluation';
    if (ast.isSweep(node)) return 'sweep';
    return undefined;
}

export function textOf(node: AstNode | undefined): string {
    const text = node?.$cstNode?.text ?? '';
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function isNumeric(expression: ast.Expression): boolean {
    return typeof fold(expression) === 'number';
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

function article(word: string): string {
    return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function exampleOf(kinds: readonly string[]): string {
    const example = registry.ofKinds(kinds as never)[0];
    return example ? `${example.name}(...)` : '...';
}

function outermostExpression(node: ast.Expression): AstNode {
    let current: AstNode = node;
    while (current.$container && !ast.isProperty(current.$container) && !ast.isObjective(current.$container)
        && !ast.isModel(current.$container) && !ast.isDataset(current.$container) && !ast.isEvaluate(current.$container)) {
        current = current.$container;
    }
    return current;
}

function* iterateCalls(node: AstNode): Generator<ast.Call> {
    if (ast.isCall(node)) yield node;
    for (const child of childrenOf(node)) yield* iterateCalls(child);
}

function childrenOf(node: AstNode): AstNode[] {
    if (ast.isBinaryExpr(node)) return [node.left, node.right];
    if (ast.isChainExpr(node)) return [node.left, node.right];
    if (ast.isNegationExpr(node)) return [node.operand];
    return [];
}

