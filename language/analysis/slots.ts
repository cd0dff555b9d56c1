// What each position of a spec expects: the "slot" an expression fills. Validation, completion
// and hover all start here, so that the three agree on what a name means in its place.
import type { AstNode } from 'langium';
import {
    findParam, registry, t, type ComponentKind, type ComponentSpec, type ParamSpec, type ParamType,
} from '../../runtime/registry/index.js';
import * as ast from '../generated/ast.js';
import { experimentProperties, sweepProperties, trainProperties } from '../declaration-properties.js';

export interface Slot {
    readonly type: ParamType;
    /** The parameter or block property this slot is, when it is one. */
    readonly param?: ParamSpec;
    /** Who owns the parameter, for messages: "`adam`", "the train block". */
    readonly owner?: string;
    /** The component owning the parameter, when it is a component's. */
    readonly component?: ComponentSpec;
    /** True for the items of a list given where a scalar is expected (a sweep). */
    readonly inSweep?: boolean;
}

const SOURCE: Slot = { type: t.component('source'), owner: 'a dataset' };
const MODEL: Slot = { type: t.component('layer', 'encoder'), owner: 'a model' };
const OBJECTIVE: Slot = { type: t.component('objective'), owner: 'an objective' };
const TASK: Slot = { type: t.component('task'), owner: 'an evaluation' };
const VIEW: Slot = { type: t.component('view'), owner: 'a view' };
const TRAIN_DATA: Slot = { type: t.ref('dataset', 'datasetPart'), owner: 'the train declaration' };
const SPLIT_SIZE: Slot = { type: t.union(t.int(), t.fraction()), owner: 'a split part' };
const SPLIT_STRATEGY: Slot = { type: t.component('splitStrategy'), owner: 'the split' };

/** The kinds of components a type accepts (through unions and lists). */
export function componentKinds(type: ParamType): ComponentKind[] {
    switch (type.kind) {
        case 'component': return [...type.of];
        case 'list': return componentKinds(type.of);
        case 'union': return [...new Set(type.of.flatMap(componentKinds))];
        default: return [];
    }
}

/** The scalar element of a type: a list's element, or the type itself. */
export function elementType(type: ParamType): ParamType {
    return type.kind === 'list' ? type.of : type;
}

export function isScalar(type: ParamType): boolean {
    switch (type.kind) {
        case 'list': case 'record': case 'columns': return false;
        case 'union': return type.of.every(isScalar);
        default: return true;
    }
}

/** The component a call names, chosen among the kinds its slot accepts. */
export function resolveCall(call: ast.Call): ComponentSpec | undefined {
    const slot = slotOf(call);
    const kinds = slot ? componentKinds(slot.type) : [];
    return kinds.length ? registry.find(call.name, kinds) : registry.find(call.name);
}

/** The parameters of a call, and which one an argument fills (by name or by position). */
export function paramOfArgument(component: ComponentSpec, call: ast.Call, argument: ast.Argument): ParamSpec | undefined {
    if (argument.name) return findParam(component.params, argument.name);
    const positionalIndex = call.args.filter(a => !a.name).indexOf(argument);
    const name = component.positional?.[positionalIndex];
    return name ? component.params.find(p => p.name === name) : undefined;
}

/** The root call of a model chain (`mlp(...) then poincare(...)` → mlp), or of any expression. */
export function rootCall(expression: ast.Expression | undefined): ast.Call | undefined {
    if (!expression) return undefined;
    if (ast.isCall(expression)) return expression;
    if (ast.isChainExpr(expression)) return rootCall(expression.left);
    return undefined;
}

/** The properties a block may hold, given the declaration that owns it. */
export function blockProperties(owner: AstNode | undefined): { params: readonly ParamSpec[]; owner: string; component?: ComponentSpec } | undefined {
    if (!owner) return undefined;
    if (ast.isExperiment(owner)) return { params: experimentProperties, owner: 'an experiment' };
    if (ast.isTrain(owner) || ast.isStage(owner)) return { params: trainProperties, owner: 'a train block' };
    if (ast.isSweep(owner)) return { params: sweepProperties, owner: 'a sweep' };
    const root = ast.isDataset(owner) ? rootCall(owner.source)
        : ast.isModel(owner) ? rootCall(owner.definition)
        : ast.isEvaluate(owner) ? rootCall(owner.task) : undefined;
    const component = root ? resolveCall(root) : undefined;
    if (!component) return undefined;
    return { params: component.block ?? [], owner: `\`${component.name}\``, component };
}

/** The slot an expression fills, or undefined where nothing is expected (an error elsewhere). */
export function slotOf(node: AstNode | undefined): Slot | undefined {
    const container = node?.$container;
    if (!container) return undefined;
    switch (container.$type) {
        case ast.Dataset.$type: return node.$containerProperty === 'source' ? SOURCE : undefined;
        case ast.Model.$type: return MODEL;
        case ast.Objective.$type: return OBJECTIVE;
        case ast.Evaluate.$type: return TASK;
        case ast.View.$type: return VIEW;
        case ast.Train.$type: return node.$containerProperty === 'data' ? TRAIN_DATA : undefined;
        case ast.SplitProperty.$type: return SPLIT_STRATEGY;
        case ast.SplitPart.$type: return SPLIT_SIZE;
        case ast.Sweep.$type: return node.$containerProperty === 'values' ? sweepValuesSlot(container as ast.Sweep) : undefined;
        case ast.Property.$type: return propertySlot(container as ast.Property);
        case ast.Argument.$type: return argumentSlot(container as ast.Argument);
        case ast.ListLit.$type: return listItemSlot(container as ast.ListLit);
        case ast.ChainExpr.$type: case ast.NegationExpr.$type: return slotOf(container);
        case ast.BinaryExpr.$type: return binarySlot(container as ast.BinaryExpr, node);
        case ast.RangeExpr.$type: {
            const outer = slotOf(container);
            if (node.$containerProperty === 'step') return { ...(outer ?? {}), type: t.float(), owner: 'a range step' };
            return outer && { ...outer, type: elementType(outer.type) };
        }
        default: return undefined;
    }
}

function propertySlot(property: ast.Property): Slot | undefined {
    const block = ast.isBlock(property.$container) ? property.$container.$container : property.$container;
    const properties = blockProperties(block);
    const param = properties?.params.find(p => p.name === property.key);
    return param && { type: param.type, param, owner: properties!.owner, component: properties!.component };
}

function argumentSlot(argument: ast.Argument): Slot | undefined {
    const owner = argument.$container;
    if (ast.isCall(owner)) {
        const component = resolveCall(owner);
        const param = component && paramOfArgument(component, owner, argument);
        return param && { type: param.type, param, owner: `\`${component!.name}\``, component };
    }
    if (ast.isRecordLit(owner)) {
        const outer = slotOf(owner);
        const record = outer && (outer.type.kind === 'record' ? outer.type : undefined);
        return record && { ...outer, type: record.values };
    }
    return undefined;
}

function listItemSlot(list: ast.ListLit): Slot | undefined {
    const outer = slotOf(list);
    if (!outer) return undefined;
    if (outer.type.kind === 'list') return { ...outer, type: outer.type.of };
    if (outer.type.kind === 'union') {
        const listMember = outer.type.of.find(member => member.kind === 'list');
        if (listMember?.kind === 'list') return { ...outer, type: listMember.of };
    }
    if (outer.type.kind === 'columns') return { ...outer, type: t.column() };
    return { ...outer, inSweep: true };
}

/** In `5e3 * mkmmd(...)` the number is a weight; in `a + b` both sides fill the outer slot. */
function binarySlot(binary: ast.BinaryExpr, child: AstNode): Slot | undefined {
    const outer = slotOf(binary);
    if (binary.operator === '*' && (ast.isNumberLit(child) || ast.isNegationExpr(child))) {
        return { type: t.float(), owner: 'a weight' };
    }
    return outer;
}

function sweepValuesSlot(sweep: ast.Sweep): Slot | undefined {
    const target = sweepTarget(sweep.target);
    return target?.param && { type: t.list(target.param.type), param: target.param, owner: `\`${target.component.name}\``, component: target.component };
}

/** `coles.rnn.hidden`: the model, then component parameters down to the swept one. */
export function sweepTarget(target: ast.Expression | undefined): { component: ComponentSpec; param?: ParamSpec; call: ast.Call } | undefined {
    const path: string[] = [];
    let expression = target;
    while (ast.isMemberExpr(expression)) {
        path.unshift(expression.member);
        expression = expression.receiver;
    }
    if (!ast.isNameRef(expression) || !ast.isModel(expression.ref.ref)) return undefined;
    let call = rootCall(expression.ref.ref.definition);
    let component = call && resolveCall(call);
    for (let i = 0; i < path.length && call && component; i++) {
        const param = component.params.find(p => p.name === path[i]);
        if (!param) return undefined;
        if (i === path.length - 1) return { component, param, call };
        const argument = call.args.find(a => paramOfArgument(component!, call!, a) === param)?.value;
        call = ast.isCall(argument) ? argument : undefined;
        component = call && resolveCall(call);
    }
    return undefined;
}
