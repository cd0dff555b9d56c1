// Checks shared by objectives, tasks, split strategies and views: each names the fix in its message.
// A check only speaks when it knows: without a model, data or train block in its context it is silent.
import { describeDataType } from './params.js';
import type { CheckContext, CheckProblem, DatasetSchema, DataType } from './types.js';

export type Check = (ctx: CheckContext) => readonly CheckProblem[];

/** All problems of all checks. */
export function checks(...all: Check[]): Check {
    return ctx => all.flatMap(check => check(ctx));
}

/** A check that applies only when `condition` holds (e.g. for one value of a parameter). */
export function when(condition: (ctx: CheckContext) => boolean, check: Check): Check {
    return ctx => condition(ctx) ? check(ctx) : [];
}

const code = (s: string) => `\`${s}\``;

/** The data must satisfy `accepts`; `does` says why the component needs it, `fix` how to get there. */
export function needsData(component: string, accepts: (data: DatasetSchema) => boolean, does: string, fix: string, param?: string): Check {
    return ({ data }) => data && !accepts(data)
        ? [{ message: `${code(component)} ${does}, but the data is ${data.summary}: ${fix}`, param }]
        : [];
}

/** The data must have labels (all, some, or the source domain's). */
export function needsLabels(component: string, does = 'learns from labels'): Check {
    return needsData(component, data => data.labels !== 'none', does,
        'name the label in the dataset\'s block (`label: ...`, or `target: ...` for event sequences)');
}

/** The data must be two domains, a labelled source and a target. */
export function needsTwoDomains(component: string, does: string): Check {
    return needsData(component, data => data.kind === 'domains', does,
        'use a two-domain dataset, `domains(source: ..., target: ...)`, not one of its parts');
}

/** Two-domain data whose source domain is labelled. */
export function needsLabelledSource(component: string, does: string): Check {
    return needsData(component, data => data.kind !== 'domains' || data.labels !== 'none', does,
        'set `labels: source` (and `label: ...`) in the block of the `domains(...)` dataset');
}

/** Each sample must be of one of these kinds (`events`, `tokens`, ...). */
export function needsSample(component: string, kinds: readonly DataType['kind'][], does: string, fix: string): Check {
    return needsData(component, data => data.sample.kind === 'unknown' || kinds.includes(data.sample.kind), does, fix);
}

/** The model must have an attached part (`graph:`, `selection:`), given in its block or built in. */
export function needsPart(component: string, part: string, does: string, example: string): Check {
    return ({ model }) => model && !model.parts.includes(part)
        ? [{ message: `${code(component)} ${does}, but ${code(model.name)} has no ${code(part + ':')} part: `
            + `add ${code(`${part}: ${example}`)} to the block of ${code(`model ${model.name}`)}` }]
        : [];
}

/** The model's chain must contain one of these components. */
export function needsLayer(component: string, layers: readonly string[], does: string, fix: string): Check {
    return ({ model }) => model && !model.layers.some(layer => layers.includes(layer))
        ? [{ message: `${code(component)} ${does}, but ${code(model.name)} is ${model.layers.map(code).join(' then ') || 'empty'}: ${fix}` }]
        : [];
}

/** The model's output must be of this kind. */
export function needsOutput(component: string, kind: DataType['kind'], does: string, fix: string): Check {
    return ({ model }) => model && model.output.kind !== 'unknown' && model.output.kind !== kind
        ? [{ message: `${code(component)} ${does}, but ${code(model.name)} ends in ${describeDataType(model.output)}: ${fix}` }]
        : [];
}

/** The enclosing train block (or stage) must set a property, e.g. `sampler`. */
export function needsTrainProperty(component: string, property: string, does: string, example: string): Check {
    return ({ trainProperties }) => trainProperties && !trainProperties.includes(property)
        ? [{ message: `${code(component)} ${does}, but the train block has no ${code(property)}: `
            + `add ${code(`${property}: ${example}`)} to the train block` }]
        : [];
}
