// Which components a plan uses that the runtime does not implement yet (registry records without a `build`
// hook), so that a run can refuse before it starts instead of failing halfway.
import { registry } from '../registry/index.js';
import type { ComponentKind } from '../registry/types.js';
import { isCall, isList, isRecord, isSum, type ExperimentPlan, type PlanValue } from './types.js';

/** Kinds whose bare names appear as plain strings in lists (`metrics: [ari, nmi]`). */
const NAMED_KINDS: readonly ComponentKind[] = ['metric', 'baseline', 'objective', 'classifier', 'selector'];

/** "the objective 'reconstruction'", one entry per component, in the order the plan uses them. */
export function unimplementedComponents(plan: ExperimentPlan): string[] {
    const missing = new Set<string>();
    const visit = (value: PlanValue | undefined): void => {
        if (value === undefined) return;
        if (typeof value === 'string') {
            const named = registry.named(value).filter(c => NAMED_KINDS.includes(c.kind));
            if (named.length > 0 && !named.some(c => c.build)) missing.add(`the ${named[0]!.kind} '${value}'`);
            return;
        }
        if (isList(value)) { value.forEach(visit); return; }
        if (isSum(value)) { value.sum.forEach(visit); return; }
        if (isRecord(value)) { Object.values(value.record).forEach(visit); return; }
        if (isCall(value)) {
            const named = registry.named(value.call);
            if (named.length > 0 && !named.some(c => c.build)) missing.add(`the ${named[0]!.kind} '${value.call}'`);
            Object.values(value.args).forEach(visit);
        }
    };
    for (const d of plan.datasets) { visit(d.source); Object.values(d.properties).forEach(visit); visit(d.split?.strategy); }
    for (const m of plan.models) { m.layers.forEach(visit); Object.values(m.parts).forEach(visit); }
    for (const t of plan.trainings) { t.objective.forEach(o => visit(o.term)); Object.values(t.properties).forEach(visit); }
    for (const e of plan.evaluations) { visit(e.task); Object.entries(e.properties).filter(([k]) => k !== 'paper').forEach(([, v]) => visit(v)); }
    return [...missing];
}
