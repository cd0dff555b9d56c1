// Markdown for hover and completion documentation, built from registry records and inference.
import {
    describeDataType, describeParamType, type ComponentSpec, type ParamSpec,
} from '../../runtime/registry/index.js';
import type { SpecAnalysis } from '../analysis/spec-analysis.js';
import { objectiveTerms } from '../analysis/spec-analysis.js';
import { describeRange } from '../analysis/value-check.js';
import * as ast from '../generated/ast.js';
import { sweepGrid } from '../analysis/sweeps.js';
import { resolveCall, rootCall, sweepTarget } from '../analysis/slots.js';

export function describeComponent(component: ComponentSpec): string {
    const lines = [`**${component.name}** · ${component.kind}`, '', component.summary, '', component.doc];
    // views are drawn by the editor, not run; everything else runs only where the runtime implements it
    if (!component.build && component.kind !== 'view') lines.push('', '*Checked by the language; not run by the runtime yet: a run that uses it stops before it starts.*');
    if (component.formula) lines.push('', '**Formula**', '', '```', component.formula, '```');
    if (component.paper) {
        const p = component.paper;
        lines.push('', `**Paper**: ${p.title}. ${p.authors}, ${p.year}${p.venue ? `, ${p.venue}` : ''}${p.id ? ` (${p.id})` : ''}.`);
    }
    if (component.params.length) {
        lines.push('', '| parameter | type | default | range | |', '|---|---|---|---|---|');
        for (const param of component.params) {
            lines.push(`| \`${param.name}\`${param.required ? ' (required)' : ''} | ${escapeCell(describeParamType(param.type))} | ${param.default === undefined ? '' : `\`${formatDefault(param.default)}\``} | ${param.range ? describeRange(param.range) : ''}${param.unit ? ` ${param.unit}` : ''} | ${escapeCell(param.doc)} |`);
        }
    }
    return lines.join('\n');
}

export function describeParam(param: ParamSpec, owner: string): string {
    const lines = [`**${param.name}** · parameter of ${owner}`, '', param.doc, '', `- type: ${describeParamType(param.type)}`];
    if (param.default !== undefined) lines.push(`- default: \`${formatDefault(param.default)}\``);
    if (param.required) lines.push('- required');
    if (param.range) lines.push(`- range: ${describeRange(param.range)}${param.unit ? ` ${param.unit}` : ''}`);
    else if (param.unit) lines.push(`- unit: ${param.unit}`);
    if (param.sweepable !== false && isSweepableType(param)) lines.push('- a list of values here sweeps over them (one run each)');
    return lines.join('\n');
}

function isSweepableType(param: ParamSpec): boolean {
    return ['int', 'float', 'fraction', 'enum', 'bool', 'component'].includes(param.type.kind);
}

/** Hover text for a declaration: its inferred schema, shapes or terms. */
export function describeDeclaration(node: ast.Referable, analysis: SpecAnalysis): string {
    switch (node.$type) {
        case ast.Dataset.$type: {
            const dataset = node as ast.Dataset;
            const schema = analysis.schemaOf(dataset);
            const parts = analysis.partsOf(dataset);
            const columns = analysis.knownColumns(dataset);
            const lines = [`**dataset** \`${dataset.name}\``, '', schema ? `Schema: ${schema.summary}` : 'Schema: unknown (the source could not be read)'];
            if (schema) lines.push('', `One sample: ${describeDataType(schema.sample)}; labels: ${schema.labels}${schema.classes ? `; ${schema.classes} classes` : ''}`);
            if (schema?.domains) lines.push('', `Domains: source ${schema.domains.source.summary}; target ${schema.domains.target.summary}`);
            if (parts.length) lines.push('', `Parts: ${parts.map(p => `\`${dataset.name}.${p}\``).join(', ')}`);
            if (columns) lines.push('', `Columns (${columns.length}): ${columns.slice(0, 12).map(c => `\`${c}\``).join(', ')}${columns.length > 12 ? ', …' : ''}`);
            return lines.join('\n');
        }
        case ast.Model.$type: {
            const model = node as ast.Model;
            const { info } = analysis.modelOf(model);
            const lines = [`**model** \`${model.name}\``, '', `Shapes: ${analysis.describeModel(model)}`, '', `Output: ${describeDataType(info.output)}`];
            if (info.parts.length) lines.push('', `Parts: ${info.parts.map(p => `\`${model.name}.${p}\``).join(', ')}`);
            return lines.join('\n');
        }
        case ast.Objective.$type: {
            const objective = node as ast.Objective;
            const terms = objectiveTerms(objective.definition);
            return [`**objective** \`${objective.name}\``, '', 'Terms:', '', ...terms.map(t => `- \`${t.name}\``)].join('\n');
        }
        case ast.Experiment.$type: {
            const experiment = node as ast.Experiment;
            const grid = sweepGrid(analysis.spec);
            const repeats = experiment.body?.properties.filter(ast.isProperty).find(p => p.key === 'repeats');
            const repeatCount = ast.isNumberLit(repeats?.value) ? repeats.value.value : 1;
            const lines = [`**experiment** \`${experiment.name}\``];
            lines.push('', grid.dimensions.length
                ? `Grid: ${grid.dimensions.map(d => `${d.label} (${d.size})`).join(' × ')} = ${grid.runs} configurations × ${repeatCount} repeat(s) = ${grid.runs * repeatCount} runs`
                : `One configuration × ${repeatCount} repeat(s)`);
            return lines.join('\n');
        }
        case ast.Evaluate.$type: {
            const evaluate = node as ast.Evaluate;
            const task = rootCall(evaluate.task);
            const component = task && resolveCall(task);
            const lines = [`**evaluation** \`${evaluate.name}\``];
            if (component) lines.push('', `Protocol: \`${component.name}\`, ${component.summary}`);
            for (const argument of task?.args ?? []) {
                if (argument.name && argument.value?.$cstNode) lines.push(`- ${argument.name}: \`${argument.value.$cstNode.text}\``);
            }
            for (const property of (evaluate.body?.properties ?? []).filter(ast.isProperty)) {
                if (property.value?.$cstNode) lines.push(`- ${property.key}: \`${property.value.$cstNode.text.replace(/\s+/g, ' ')}\``);
            }
            return lines.join('\n');
        }
        case ast.Sweep.$type: {
            const sweep = node as ast.Sweep;
            const target = sweepTarget(sweep.target);
            const values = ast.isListLit(sweep.values) ? sweep.values.items.length : undefined;
            return [`**sweep** \`${sweep.name}\``, '',
                target?.param ? `Varies \`${target.param.name}\` of \`${target.component.name}\` (${target.param.doc.replace(/\.$/, '')})` : 'Varies an unknown parameter',
                ...(values !== undefined ? ['', `${values} value(s): one run each`] : [])].join('\n');
        }
        case ast.Stage.$type: return `**stage** \`${(node as ast.Stage).name}\``;
        default: return `**view** \`${(node as ast.View).name}\``;
    }
}

export function formatDefault(value: unknown): string {
    return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
