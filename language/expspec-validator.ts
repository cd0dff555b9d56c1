// Every check of a spec: component calls against the registry, values against their slots,
// shapes through models, objectives and tasks against their models and data, splits, sweeps.
import { AstUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { registry, type CheckProblem, type ComponentSpec, type ParamSpec } from '../runtime/registry/index.js';
import type { SpecAnalyzer } from './analysis/analyzer.js';
import { namedArguments } from './analysis/fold.js';
import { blockProperties, componentKinds, paramOfArgument, resolveCall, rootCall, slotOf, sweepTarget } from './analysis/slots.js';
import { objectiveTerms, type SpecAnalysis } from './analysis/spec-analysis.js';
import { closest, didYouMean } from './analysis/suggest.js';
import { ValueChecker, type Problem } from './analysis/value-check.js';
import * as ast from './generated/ast.js';
import type { ExpspecServices } from './expspec-module.js';

/** Diagnostic codes the quick fixes understand. */
export const IssueCodes = {
    unknownComponent: 'unknown-component',
    unknownName: 'unknown-name',
    unknownParam: 'unknown-param',
    unknownColumn: 'unknown-column',
    missingParam: 'missing-param',
    outOfRange: 'out-of-range',
} as const;

/** What a quick fix needs, carried in the diagnostic's `data`. */
export interface FixData {
    /** Langium's convention: the issue code travels in the diagnostic's data. */
    readonly code?: string;
    readonly replacements?: readonly string[];
    /** For a missing parameter: the text to insert (`lr: 0.001`). */
    readonly insert?: string;
}

export function registerValidationChecks(services: ExpspecServices): void {
    const validator = new ExpspecValidator(services.analysis.SpecAnalyzer);
    const checks: ValidationChecks<ast.ExpspecAstType> = {
        Spec: validator.checkSpec,
        Import: validator.checkImport,
        Call: validator.checkCall,
        Property: validator.checkProperty,
        Dataset: validator.checkDataset,
        Model: validator.checkModel,
        Objective: validator.checkRootExpression,
        Evaluate: validator.checkEvaluate,
        Train: validator.checkTrain,
        SplitProperty: validator.checkSplit,
        Sweep: validator.checkSweep,
    };
    services.validation.ValidationRegistry.register(checks, validator);
}

export class ExpspecValidator {
    constructor(private readonly analyzer: SpecAnalyzer) { }

    private analysis(node: AstNode): SpecAnalysis {
        return this.analyzer.analysisOf(node);
    }

    // ---- The spec as a whole --------------------------------------------------------------------

    checkSpec(spec: ast.Spec, accept: ValidationAcceptor): void {
        const seen = new Map<string, AstNode>();
        for (const declaration of spec.declarations) {
            const name = (declaration as { name?: string }).name;
            if (!name) continue;
            if (seen.has(name)) {
                accept('error', `\`${name}\` is already declared on line ${(seen.get(name)!.$cstNode?.range.start.line ?? 0) + 1}: give this ${declaration.$type.toLowerCase()} another name`, { node: declaration, property: 'name' });
            } else {
                seen.set(name, declaration);
            }
        }
        const experiments = spec.declarations.filter(ast.isExperiment);
        for (const extra of experiments.slice(1)) {
            accept('error', 'A spec holds one experiment: move this one to its own file, or merge the two', { node: extra, property: 'name' });
        }
        const firstRun = spec.declarations.find(d => ast.isTrain(d) || ast.isEvaluate(d));
        if (experiments.length === 0 && firstRun) {
            accept('warning', 'This spec has no experiment: add `experiment Name { seed: 0 }` to fix its seed and name its runs',
                { node: firstRun, keyword: ast.isTrain(firstRun) ? 'train' : 'evaluate' });
        }
    }

    checkImport(node: ast.Import, accept: ValidationAcceptor): void {
        const written = node.path as string | undefined;
        if (written === undefined) return;   // an unfinished `import "`: the parser has reported it
        if (!written.endsWith('.expspec')) {
            accept('error', `Imports name another spec: \`${written}\` should end in \`.expspec\``, { node, property: 'path' });
            return;
        }
        const analysis = this.analysis(node);
        const resolved = this.analyzer.files.resolve(analysis.uri, written);
        if (!resolved.ok) accept('error', resolved.reason, { node, property: 'path' });
        else if (!this.analyzer.files.exists(resolved.file)) accept('error', `No spec at \`${written}\` (relative to this file's folder)`, { node, property: 'path' });
    }

    // ---- Component calls ------------------------------------------------------------------------

    checkCall(call: ast.Call, accept: ValidationAcceptor): void {
        const slot = slotOf(call);
        const kinds = slot ? componentKinds(slot.type) : [];
        const component = resolveCall(call);
        if (!component) {
            if (slot && kinds.length === 0) {
                // A call where a plain value is expected: the value check of the slot reports it.
                return;
            }
            const checker = this.checker(call);
            report(accept, checker.unknownComponent(call, call.name, kinds.length ? kinds : ['component'], slot), 'name');
            return;
        }
        this.checkArguments(call, component, accept);
        if (component.check && (component.kind === 'view' || component.kind === 'splitStrategy')) {
            this.checkInContext(call, component, accept);
        }
    }

    /** Views are checked against the model and data they show; split strategies against their dataset. */
    private checkInContext(call: ast.Call, component: ComponentSpec, accept: ValidationAcceptor): void {
        const analysis = this.analysis(call);
        const args = namedArguments(call.args, component.positional);
        const argument = (name: string) => call.args.find(a => paramOfArgument(component, call, a)?.name === name)?.value;
        let model, data;
        if (component.kind === 'view') {
            const modelRef = argument('model') ?? argument('source');
            const target = ast.isNameRef(modelRef) ? modelRef.ref.ref : undefined;
            model = ast.isModel(target) ? analysis.modelOf(target).info : undefined;
            data = analysis.dataRef(argument('on'))?.schema ?? (ast.isModel(target) ? analysis.inputOf(target).data?.schema : undefined);
        } else {
            const dataset = AstUtils.getContainerOfType(call, ast.isDataset);
            data = dataset && analysis.schemaOf(dataset);
        }
        this.reportChecks(component.check!({ args, model, data }), call, accept);
    }

    private checkArguments(call: ast.Call, component: ComponentSpec, accept: ValidationAcceptor): void {
        const given = new Set<string>();
        const positional = component.positional ?? [];
        for (const argument of call.args) {
            const param = paramOfArgument(component, call, argument);
            if (!argument.name) {
                if (!param) {
                    accept('error', positional.length
                        ? `\`${component.name}\` takes at most ${positional.length} unnamed argument(s) (${positional.map(p => `\`${p}\``).join(', ')}): name this one`
                        : `\`${component.name}\` takes named arguments: write \`name: value\` (${component.params.map(p => `\`${p.name}\``).join(', ')})`, { node: argument });
                    continue;
                }
            } else if (!param) {
                const names = component.params.map(p => p.name);
                const suggestions = closest(argument.name, names);
                accept('error', `\`${component.name}\` has no parameter \`${argument.name}\`${didYouMean(suggestions)}${suggestions.length ? '' : names.length ? ` (it takes ${names.map(n => `\`${n}\``).join(', ')})` : ' (it takes no parameters)'}`,
                    { node: argument, property: 'name', code: IssueCodes.unknownParam, data: { code: IssueCodes.unknownParam, replacements: suggestions } satisfies FixData });
                continue;
            }
            if (given.has(param.name)) {
                accept('error', `\`${param.name}\` is given twice to \`${component.name}\``, { node: argument });
                continue;
            }
            given.add(param.name);
            this.reportAll(this.checker(call).check(argument.value, { type: param.type, param, owner: `\`${component.name}\``, component }), accept);
        }
        const missing = component.params.filter(p => p.required && !given.has(p.name));
        for (const param of missing) {
            accept('error', `\`${component.name}\` needs \`${param.name}\` (${param.doc.replace(/\.$/, '')}): add \`${param.name}: …\``, {
                node: call, property: 'name', code: IssueCodes.missingParam, data: { code: IssueCodes.missingParam, insert: `${param.name}: ${placeholderFor(param)}` } satisfies FixData,
            });
        }
    }

    // ---- Block properties -----------------------------------------------------------------------

    checkProperty(property: ast.Property, accept: ValidationAcceptor): void {
        const owner = ast.isBlock(property.$container) ? property.$container.$container : property.$container;
        const properties = blockProperties(owner);
        if (!properties) return;   // the block's head is unknown: reported on the head
        const param = properties.params.find(p => p.name === property.key);
        if (!param) {
            const names = properties.params.map(p => p.name);
            const suggestions = closest(property.key, names);
            accept('error', `${properties.owner} has no property \`${property.key}\`${didYouMean(suggestions)}${suggestions.length ? '' : names.length ? ` (it takes ${names.map(n => `\`${n}\``).join(', ')})` : ''}`,
                { node: property, property: 'key', code: IssueCodes.unknownParam, data: { code: IssueCodes.unknownParam, replacements: suggestions } satisfies FixData });
            return;
        }
        const siblings = (property.$container as { properties: readonly AstNode[] }).properties;
        if (siblings.find(p => ast.isProperty(p) && p.key === property.key) !== property) {
            accept('error', `\`${property.key}\` is given twice in this block`, { node: property, property: 'key' });
            return;
        }
        this.reportAll(this.checker(property).check(property.value, { type: param.type, param, owner: properties.owner, component: properties.component }), accept);
    }

    /** Required block properties of a declaration headed by a component. */
    private checkRequiredProperties(declaration: ast.Dataset | ast.Model | ast.Evaluate, accept: ValidationAcceptor): void {
        const properties = blockProperties(declaration);
        if (!properties) return;
        const given = new Set((declaration.body?.properties ?? []).filter(ast.isProperty).map(p => p.key));
        for (const param of properties.params.filter(p => p.required && !given.has(p.name))) {
            accept('error', `${properties.owner} needs \`${param.name}\` in its block (${param.doc.replace(/\.$/, '')}): add \`${param.name}: …\``, { node: declaration, property: 'name' });
        }
    }

    // ---- Declarations ---------------------------------------------------------------------------

    checkRootExpression(declaration: ast.Objective, accept: ValidationAcceptor): void {
        const slot = slotOf(declaration.definition);
        if (slot) this.reportAll(this.checker(declaration).check(declaration.definition, slot), accept);
    }

    checkDataset(dataset: ast.Dataset, accept: ValidationAcceptor): void {
        const slot = slotOf(dataset.source);
        if (slot) this.reportAll(this.checker(dataset).check(dataset.source, slot), accept);
        this.checkRequiredProperties(dataset, accept);
        this.checkDataFiles(dataset, accept);
    }

    /** Every path a dataset reads must be inside the workspace and exist. */
    private checkDataFiles(dataset: ast.Dataset, accept: ValidationAcceptor): void {
        const analysis = this.analysis(dataset);
        const strings: ast.StringLit[] = [];
        const visit = (node: AstNode): void => {
            if (ast.isCall(node)) {
                const component = resolveCall(node);
                node.args.forEach(argument => {
                    const param = component && paramOfArgument(component, node, argument);
                    if (param?.type.kind === 'path' && ast.isStringLit(argument.value)) strings.push(argument.value);
                    visit(argument.value);
                });
            }
            if (ast.isChainExpr(node) || ast.isBinaryExpr(node)) { visit(node.left); visit(node.right); }
        };
        visit(dataset.source);
        for (const literal of strings) {
            const written = literal.value;
            const resolved = this.analyzer.files.resolve(analysis.uri, written);
            if (!resolved.ok) accept('error', resolved.reason, { node: literal });
            else if (!this.analyzer.files.exists(resolved.file)) accept('error', `File not found: \`${written}\` (paths are relative to this spec's folder)`, { node: literal });
        }
    }

    checkModel(model: ast.Model, accept: ValidationAcceptor): void {
        const slot = slotOf(model.definition);
        if (slot) this.reportAll(this.checker(model).check(model.definition, slot), accept);
        this.checkRequiredProperties(model, accept);
        for (const error of this.analysis(model).modelOf(model).errors) {
            accept('error', error.message, { node: error.node });
        }
    }

    checkEvaluate(evaluate: ast.Evaluate, accept: ValidationAcceptor): void {
        const slot = slotOf(evaluate.task);
        if (slot) this.reportAll(this.checker(evaluate).check(evaluate.task, slot), accept);
        this.checkRequiredProperties(evaluate, accept);
        const task = rootCall(evaluate.task);
        const component = task && resolveCall(task);
        if (!task || !component?.check) return;
        const analysis = this.analysis(evaluate);
        const modelArg = task.args.find(a => a.name === 'model')?.value;
        const dataArg = task.args.find(a => a.name === 'data' || a.name === 'query')?.value;
        const model = ast.isNameRef(modelArg) && ast.isModel(modelArg.ref.ref) ? analysis.modelOf(modelArg.ref.ref).info : undefined;
        const data = analysis.dataRef(dataArg)?.schema;
        this.reportChecks(component.check({ args: namedArguments(task.args, component.positional), model, data }), task, accept);
    }

    checkTrain(train: ast.Train, accept: ValidationAcceptor): void {
        const model = train.model?.ref;
        if (!model) return;   // reported as a linking error
        const analysis = this.analysis(train);
        const data = analysis.dataRef(train.data);
        const dataSlot = slotOf(train.data);
        if (dataSlot) this.reportAll(this.checker(train).check(train.data, dataSlot), accept);
        const info = analysis.modelOf(model).info;
        const shared = train.properties;
        const objectiveAt = (properties: readonly ast.Property[]) => properties.find(p => p.key === 'objective');
        const scopes = train.stages.length ? train.stages.map(stage => ({ node: stage as AstNode, properties: [...shared, ...stage.properties] })) : [{ node: train as AstNode, properties: [...shared] }];
        for (const scope of scopes) {
            const objective = objectiveAt(scope.properties);
            if (!objective) {
                accept('error', ast.isStage(scope.node)
                    ? `Stage \`${(scope.node as ast.Stage).name}\` has no objective: add \`objective: …\` to it (or to the train block for every stage)`
                    : 'This train block has no objective: add `objective: …` (an objective declaration or a sum of loss terms)',
                { node: scope.node, keyword: ast.isStage(scope.node) ? 'stage' : 'train' });
                continue;
            }
            const trainProperties = scope.properties.map(p => p.key);
            for (const term of objectiveTerms(objective.value)) {
                const component = registry.find(term.name, ['objective']);
                if (!component?.check) continue;
                const problems = component.check({ args: namedArguments(term.args, component.positional), model: info, data: data?.schema, trainProperties });
                // Report on the term when it is written here, on the reference when it comes from an objective declaration.
                const inline = isInside(term, objective);
                const prefix = inline ? '' : `In objective \`${(objective.value as ast.NameRef).ref?.$refText}\`: `;
                this.reportChecks(problems.map(p => ({ ...p, message: prefix + p.message })), inline ? term : objective.value, accept);
            }
        }
        const seen = new Set<string>();
        for (const stage of train.stages) {
            if (seen.has(stage.name)) accept('error', `Stage \`${stage.name}\` is declared twice in this train block`, { node: stage, property: 'name' });
            seen.add(stage.name);
        }
    }

    checkSplit(split: ast.SplitProperty, accept: ValidationAcceptor): void {
        const names = new Set<string>();
        let percent = 0, hasPercent = false, hasCount = false;
        for (const part of split.parts) {
            if (names.has(part.name)) accept('error', `Split part \`${part.name}\` is named twice`, { node: part, property: 'name' });
            names.add(part.name);
            const slot = slotOf(part.size);
            const problems = slot ? this.checker(split).check(part.size, slot) : [];
            this.reportAll(problems, accept);
            if (problems.length) continue;
            if (ast.isPercentLit(part.size)) { hasPercent = true; percent += part.size.value; }
            else if (ast.isNumberLit(part.size)) {
                hasCount = true;
                if (!Number.isInteger(part.size.value) || part.size.value < 1) accept('error', `A split size is a count of at least 1 or a percentage, not ${part.size.value}`, { node: part.size });
            }
        }
        if (hasPercent && hasCount) accept('error', 'Mix of counts and percentages in one split: use one or the other', { node: split, keyword: 'split' });
        if (hasPercent && percent > 100 + 1e-9) accept('error', `The split's percentages add up to ${percent}%: they must total at most 100%`, { node: split, keyword: 'split' });
        if (split.by) {
            const dataset = split.$container.$container;
            const columns = ast.isDataset(dataset) ? this.analysis(split).knownColumns(dataset) : undefined;
            const blockKeys = ast.isDataset(dataset) ? (dataset.body?.properties ?? []).filter(ast.isProperty).map(p => p.key) : [];
            if (!blockKeys.includes(split.by) && !(columns?.includes(split.by))) {
                accept('error', `Split \`by ${split.by}\`: \`${split.by}\` is neither a property of this dataset (such as \`entity\`) nor a column`, { node: split, property: 'by' });
            }
        }
    }

    checkSweep(sweep: ast.Sweep, accept: ValidationAcceptor): void {
        const target = sweepTarget(sweep.target);
        if (!target?.param) {
            accept('error', 'A sweep varies one parameter of a model: write `sweep name = model.component.parameter in [values]` (e.g. `coles.rnn.hidden`)', { node: sweep, property: 'target' });
            return;
        }
        if (!ast.isListLit(sweep.values) && !(ast.isRangeExpr(sweep.values) && sweep.values.step)) {
            accept('error', 'A sweep takes a list of values `[a, b, c]` or a stepped range `a .. b step s`', { node: sweep, property: 'values' });
            return;
        }
        const slot = slotOf(sweep.values);
        if (slot) this.reportAll(this.checker(sweep).check(sweep.values, slot), accept);
    }

    // ---- Reporting ------------------------------------------------------------------------------

    private checker(node: AstNode): ValueChecker {
        const analysis = this.analysis(node);
        return new ValueChecker(analysis, () => {
            let current: AstNode | undefined = node;
            while (current && !ast.isDataset(current)) current = current.$container;
            return current ? analysis.knownColumns(current as ast.Dataset) : undefined;
        });
    }

    private reportAll(problems: readonly Problem[], accept: ValidationAcceptor): void {
        for (const problem of problems) report(accept, problem, problem.property);
    }

    private reportChecks(problems: readonly CheckProblem[], call: ast.Expression, accept: ValidationAcceptor): void {
        for (const problem of problems) {
            const argument = ast.isCall(call) && problem.param ? call.args.find(a => a.name === problem.param) : undefined;
            accept('error', problem.message, { node: (argument ?? call) as AstNode });
        }
    }
}

function report(accept: ValidationAcceptor, problem: Problem, property?: string): void {
    if (!problem.node) return;
    const data: FixData = { code: problem.code, replacements: problem.replacements };
    accept(problem.severity ?? 'error', problem.message, { node: problem.node, property: property as never, code: problem.code, data });
}

function isInside(node: AstNode, ancestor: AstNode): boolean {
    for (let current: AstNode | undefined = node; current; current = current.$container) if (current === ancestor) return true;
    return false;
}

/** A value to insert for a missing required parameter. */
function placeholderFor(param: ParamSpec): string {
    switch (param.type.kind) {
        case 'int': case 'float': return String(param.range?.min !== undefined ? Math.max(1, param.range.min) : 1);
        case 'fraction': return '50%';
        case 'bool': return 'true';
        case 'string': case 'path': return '""';
        case 'enum': return param.type.values[0] ?? '';
        default: return '…';
    }
}
