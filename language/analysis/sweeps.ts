// The grid of runs a spec asks for: every list given where a scalar is expected is one dimension;
// a parameter tied to another (`propagation(alpha: graphPrior.alpha)`) follows it and adds none.
import { AstUtils } from 'langium';
import * as ast from '../generated/ast.js';
import { expandRange, fold } from './fold.js';
import { isScalar, slotOf } from './slots.js';

export interface SweepDimension {
    /** `graphPrior.alpha`, `hashLayer.bits`, `sweep embeddingSize`. */
    readonly label: string;
    readonly size: number;
    readonly node: ast.Expression;
}

export interface SweepGrid {
    readonly dimensions: readonly SweepDimension[];
    readonly runs: number;
}

export function sweepGrid(spec: ast.Spec): SweepGrid {
    const dimensions: SweepDimension[] = [];
    for (const node of AstUtils.streamAst(spec)) {
        if (ast.isSweep(node) && node.values) {
            const size = ast.isListLit(node.values) ? node.values.items.length : rangeSize(node.values);
            if (size) dimensions.push({ label: `sweep ${node.name}`, size, node: node.values });
            continue;
        }
        if (!ast.isListLit(node) && !(ast.isRangeExpr(node) && node.step)) continue;
        if (ast.isSweep(node.$container)) continue;
        const slot = slotOf(node);
        if (!slot || !isScalar(slot.type) || slot.inSweep) continue;
        const size = ast.isListLit(node) ? node.items.length : rangeSize(node);
        if (!size) continue;
        dimensions.push({ label: `${slot.component?.name ?? slot.owner ?? '?'}.${slot.param?.name ?? '?'}`, size, node });
    }
    return { dimensions, runs: dimensions.reduce((product, d) => product * d.size, 1) };
}

function rangeSize(expression: ast.Expression): number | undefined {
    const value = fold(expression);
    if (typeof value !== 'object' || value.kind !== 'interval' || value.step === undefined) return undefined;
    return expandRange(value.from, value.to, value.step)?.length;
}
