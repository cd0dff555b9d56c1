// Terms of one objective that refer to each other: `propagation(alpha: graphPrior.alpha, beta: graphPrior.beta)`
// takes graphPrior's values, so that the two move together (in a sweep, each configuration's value of
// `graphPrior.alpha` reaches `propagation` too: a tie, not a second axis).
import { Args, PlanError } from './args.js';
import { registry } from '../registry/index.js';
import { isRef, type ObjectiveTermPlan } from './types.js';

/** `propagation(alpha: graphPrior.alpha)`: a term's argument that names another term's argument of the same objective. */
export function resolveTermReferences(objective: readonly ObjectiveTermPlan[], where: string): ObjectiveTermPlan[] {
    return objective.map(({ weight, term }) => ({
        weight,
        term: {
            call: term.call,
            args: Object.fromEntries(Object.entries(term.args).map(([name, value]) => {
                if (!isRef(value) || value.member === undefined) return [name, value];
                const other = objective.find(o => o.term.call === value.ref);
                const resolved = other?.term.args[value.member] ?? (other ? Args.of(registry.find(other.term.call, ['objective'])!, other.term).raw(value.member) : undefined);
                if (resolved === undefined) {
                    throw new PlanError(`${where}: \`${term.call}\`'s \`${name}\` is \`${value.ref}.${value.member}\`, but the objective has no term \`${value.ref}\` with \`${value.member}\``);
                }
                return [name, resolved];
            })),
        },
    }));
}

