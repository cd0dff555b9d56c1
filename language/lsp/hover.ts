// Hover: component docs with formula and paper, parameter docs with range and default, and the
// inferred schema or shapes of declarations.
import { CstUtils, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { registry } from '../../runtime/registry/index.js';
import type { SpecAnalyzer } from '../analysis/analyzer.js';
import { blockProperties, componentKinds, paramOfArgument, resolveCall, slotOf } from '../analysis/slots.js';
import type { ExpspecServices } from '../expspec-module.js';
import * as ast from '../generated/ast.js';
import { describeComponent, describeDeclaration, describeParam } from './describe.js';

export class ExpspecHoverProvider extends AstNodeHoverProvider {
    private readonly analyzer: SpecAnalyzer;

    constructor(services: ExpspecServices) {
        super(services);
        this.analyzer = services.analysis.SpecAnalyzer;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf || leaf.hidden) return undefined;
        const feature = GrammarUtils.findAssignment(leaf)?.feature;
        const markdown = this.describe(leaf.astNode, feature);
        return markdown ? { contents: { kind: 'markdown', value: markdown }, range: leaf.range } : undefined;
    }

    protected override getAstNodeHoverContent(_node: AstNode): MaybePromise<string | undefined> {
        return undefined;   // getHoverContent above decides per token
    }

    private describe(node: AstNode, feature: string | undefined): string | undefined {
        const analysis = this.analyzer.analysisOf(node);
        if (ast.isCall(node) && feature === 'name') {
            const component = resolveCall(node) ?? registry.find(node.name);
            return component && describeComponent(component);
        }
        if (ast.isArgument(node) && feature === 'name' && ast.isCall(node.$container)) {
            const component = resolveCall(node.$container);
            const param = component && paramOfArgument(component, node.$container, node);
            return param && describeParam(param, `\`${component!.name}\``);
        }
        if (ast.isProperty(node) && feature === 'key') {
            const owner = ast.isBlock(node.$container) ? node.$container.$container : node.$container;
            const properties = blockProperties(owner);
            const param = properties?.params.find(p => p.name === node.key);
            return param && describeParam(param, properties!.owner);
        }
        if (ast.isNameRef(node)) return this.describeName(node, analysis);
        if (ast.isMemberExpr(node) && feature === 'member') return this.describeMember(node, analysis);
        if (feature === 'name' && isReferable(node)) return describeDeclaration(node, analysis);
        return undefined;
    }

    private describeName(node: ast.NameRef, analysis: ReturnType<SpecAnalyzer['analysisOf']>): string | undefined {
        const name = node.ref.$refText;
        const slot = slotOf(node);
        if (slot?.type.kind === 'enum' || (slot?.type.kind === 'union' && slot.type.of.some(t => t.kind === 'enum' && t.values.includes(name)))) {
            if (slot.param) return `\`${name}\` · value of ${describeParam(slot.param, slot.owner ?? '')}`;
        }
        const target = node.ref.ref;
        if (target) return describeDeclaration(target, analysis);
        const kinds = slot ? componentKinds(slot.type) : [];
        const component = registry.find(name, kinds.length ? kinds : undefined);
        if (component) return describeComponent(component);
        if (slot?.type.kind === 'column' || slot?.type.kind === 'columns') return `\`${name}\` · column of the dataset's file`;
        return undefined;
    }

    private describeMember(node: ast.MemberExpr, analysis: ReturnType<SpecAnalyzer['analysisOf']>): string | undefined {
        const receiver = ast.isNameRef(node.receiver) ? node.receiver.ref.ref : undefined;
        if (ast.isDataset(receiver)) {
            const schema = analysis.dataRef(node)?.schema;
            return `\`${receiver.name}.${node.member}\` · part of dataset \`${receiver.name}\`${schema ? `\n\n${schema.summary}` : ''}`;
        }
        if (ast.isModel(receiver)) return `\`${receiver.name}.${node.member}\` · part of model \`${receiver.name}\``;
        return undefined;
    }
}

function isReferable(node: AstNode): node is ast.Referable {
    return ast.isDataset(node) || ast.isModel(node) || ast.isObjective(node) || ast.isExperiment(node)
        || ast.isEvaluate(node) || ast.isSweep(node) || ast.isStage(node) || ast.isView(node);
}
