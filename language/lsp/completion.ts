// Completion driven by the slot under the cursor: component names of the kinds that fit, their
// parameter names, enum values, references to declarations, CSV column names.
import { AstUtils, GrammarAST, URI, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type NextFeature } from 'langium/lsp';
import { CompletionItemKind, InsertTextFormat, type CancellationToken, type CompletionItem, type CompletionList, type CompletionParams, type Range } from 'vscode-languageserver';
import { describeParamType, registry, REST_PARAM, type ComponentSpec, type ParamSpec, type ParamType, type RefKind } from '../../runtime/registry/index.js';
import type { SpecAnalyzer } from '../analysis/analyzer.js';
import { enclosingDeclaration, nodeAtCursor } from '../analysis/cursor.js';
import { blockProperties, resolveCall, slotOf, type Slot } from '../analysis/slots.js';
import { refKindOf } from '../analysis/value-check.js';
import type { ExpspecServices } from '../expspec-module.js';
import * as ast from '../generated/ast.js';
import { describeComponent, describeParam, formatDefault } from './describe.js';

const SPLIT_PARTS = ['train', 'validation', 'test', 'candidates'];

export class ExpspecCompletionProvider extends DefaultCompletionProvider {
    private readonly analyzer: SpecAnalyzer;
    private readonly services: ExpspecServices;

    constructor(services: ExpspecServices) {
        super(services);
        this.services = services;
        this.analyzer = services.analysis.SpecAnalyzer;
    }

    /**
     * Langium's completion finds what may follow from the grammar, but it finds nothing after a
     * comma inside lists and calls in this grammar. So keywords come from Langium, and everything
     * that depends on a slot (values, names, members) comes from the placeholder re-parse here.
     */
    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const base = await this.keywordCompletion(document, text, offset, cancelToken);
        let start = offset, end = offset;
        while (start > 0 && /\w/.test(text[start - 1])) start--;
        while (end < text.length && /\w/.test(text[end])) end++;
        const context: CompletionContext = {
            document, textDocument: document.textDocument, features: [], node: undefined,
            tokenOffset: start, tokenEndOffset: end, offset, position: params.position,
        };
        const items: CompletionItem[] = [];
        this.completeAt(context, (ctx, value) => {
            const item = this.fillCompletionItem(ctx, value);
            if (item) items.push(item);
        });
        const labels = new Set(items.map(item => item.label));
        return { isIncomplete: base?.isIncomplete ?? false, items: [...items, ...(base?.items ?? []).filter(item => !labels.has(item.label))] };
    }

    /**
     * Langium's completion parses the document from its start up to the cursor; keywords only need
     * the declaration around the cursor, which starts a line, so only that text is given to it and
     * the edits are moved back down to the declaration's lines.
     */
    private async keywordCompletion(document: LangiumDocument, text: string, offset: number, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const [from, to] = enclosingDeclaration(text, offset);
        const lineShift = document.textDocument.positionAt(from).line;
        const snippet = this.services.shared.workspace.LangiumDocumentFactory.fromString(text.slice(from, to), URI.parse('memory:/completion.expspec'));
        const list = await super.getCompletion(snippet, { textDocument: { uri: snippet.uri.toString() }, position: snippet.textDocument.positionAt(offset - from) }, cancelToken);
        for (const item of list?.items ?? []) {
            const edit = item.textEdit;
            if (edit && 'range' in edit) edit.range = shift(edit.range, lineShift);
            else if (edit) { edit.insert = shift(edit.insert, lineShift); edit.replace = shift(edit.replace, lineShift); }
        }
        return list;
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const feature = next.feature;
        const rule = AstUtils.getContainerOfType(feature, GrammarAST.isParserRule)?.name;
        // Keywords that are only allowed as names (`Key`) are not worth proposing as keywords.
        if (GrammarAST.isKeyword(feature) && rule !== 'Key') return super.completionFor(context, next, acceptor);
        return undefined;   // values and names: see completeAt
    }

    /** Completions that depend on where the cursor is: names before `:`, members after `.`, values. */
    private completeAt(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const text = context.textDocument.getText();
        if (text[context.tokenOffset - 1] === '.') return this.completeMembers(context, acceptor);
        const lineStart = text.lastIndexOf('\n', context.tokenOffset - 1) + 1;
        if (/^\s*train\s+$/.test(text.slice(lineStart, context.tokenOffset))) return this.offerDeclarations(context, ['model'], acceptor);
        if (/\bsplit\s*:[^:]*$/.test(text.slice(lineStart, context.tokenOffset)) && !/:\s*$/.test(text.slice(lineStart, context.tokenOffset))) {
            SPLIT_PARTS.forEach(label => acceptor(context, { label, kind: CompletionItemKind.Field, detail: 'split part' }));
        }
        const named = this.nodeAtCursor(context, 'key');
        if (ast.isArgument(named) && ast.isCall(named.$container)) this.completeArgumentNames(named.$container, context, acceptor);
        if (ast.isProperty(named) && named.$container) this.completePropertyNames(named.$container, context, acceptor);
        this.completeValues(context, acceptor);
    }

    private nodeAtCursor(context: CompletionContext, form: 'value' | 'key'): AstNode | undefined {
        return nodeAtCursor(this.services, context.document, context.tokenOffset, context.tokenEndOffset, form);
    }

    // ---- Values ---------------------------------------------------------------------------------

    private completeValues(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const node = this.nodeAtCursor(context, 'value');
        const slot = node && slotOf(node);
        if (!slot) return;
        this.offerForType(context, slot.type, slot, node, acceptor);
    }

    private offerForType(context: CompletionContext, type: ParamType, slot: Slot, node: AstNode, acceptor: CompletionAcceptor): void {
        switch (type.kind) {
            case 'enum':
                type.values.forEach(value => acceptor(context, { label: value, kind: CompletionItemKind.EnumMember, detail: slot.param ? `${slot.param.name}` : 'value', sortText: `0${value}` }));
                return;
            case 'bool':
                ['true', 'false'].forEach(label => acceptor(context, { label, kind: CompletionItemKind.Keyword }));
                return;
            case 'component':
                this.offerComponents(context, registry.ofKinds(type.of), acceptor);
                if (type.of.includes('objective')) this.offerDeclarations(context, ['objective'], acceptor);
                if (type.of.includes('layer')) this.offerDeclarations(context, ['model'], acceptor);
                return;
            case 'ref':
                this.offerDeclarations(context, type.to, acceptor);
                return;
            case 'column': case 'columns':
                this.offerColumns(node, context, acceptor);
                return;
            case 'list':
                this.offerForType(context, type.of, slot, node, acceptor);
                return;
            case 'union':
                type.of.forEach(member => this.offerForType(context, member, slot, node, acceptor));
                return;
            default:
                if (slot.param?.default !== undefined) {
                    acceptor(context, { label: formatDefault(slot.param.default), kind: CompletionItemKind.Value, detail: `default of ${slot.param.name}` });
                }
        }
    }

    private offerComponents(context: CompletionContext, components: readonly ComponentSpec[], acceptor: CompletionAcceptor): void {
        for (const component of components) {
            const required = component.params.filter(p => p.required);
            const snippet = required.length
                ? `${component.name}(${required.map((p, i) => `${p.name}: \${${i + 1}:${placeholder(p)}}`).join(', ')})`
                : `${component.name}($0)`;
            acceptor(context, {
                label: component.name, kind: CompletionItemKind.Function, detail: `${component.kind} · ${component.summary}`,
                documentation: { kind: 'markdown', value: describeComponent(component) },
                insertText: snippet, insertTextFormat: InsertTextFormat.Snippet, sortText: `1${component.name}`,
            });
        }
    }

    private offerDeclarations(context: CompletionContext, kinds: readonly RefKind[], acceptor: CompletionAcceptor): void {
        const spec = context.document.parseResult.value as ast.Spec;
        for (const declaration of spec.declarations) {
            const kind = refKindOf(declaration);
            if (!kind || !(kinds.includes(kind) || (kind === 'dataset' && kinds.includes('datasetPart')))) continue;
            const name = (declaration as { name: string }).name;
            acceptor(context, { label: name, kind: CompletionItemKind.Variable, detail: kind, sortText: `0${name}` });
            if (ast.isDataset(declaration) && kinds.includes('datasetPart')) {
                for (const part of this.analyzer.analysisOf(declaration).partsOf(declaration)) {
                    acceptor(context, { label: `${name}.${part}`, kind: CompletionItemKind.Field, detail: `part of ${name}`, sortText: `0${name}.${part}` });
                }
            }
            if (ast.isModel(declaration) && kinds.includes('modelPart')) {
                for (const part of this.analyzer.analysisOf(declaration).modelOf(declaration).info.parts) {
                    acceptor(context, { label: `${name}.${part}`, kind: CompletionItemKind.Field, detail: `part of ${name}`, sortText: `0${name}.${part}` });
                }
            }
        }
    }

    private offerColumns(node: AstNode, context: CompletionContext, acceptor: CompletionAcceptor): void {
        const dataset = AstUtils.getContainerOfType(node, ast.isDataset);
        const columns = dataset ? this.analyzer.analysisOf(dataset).knownColumns(dataset) : undefined;
        columns?.forEach((column, index) => acceptor(context, {
            label: column, kind: CompletionItemKind.Field, detail: 'column', sortText: `0${String(index).padStart(5, '0')}`,
        }));
    }

    private completeMembers(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const member = this.nodeAtCursor(context, 'value');
        // The placeholder's tree is not linked: find the receiver by name among the real declarations.
        const receiverName = ast.isMemberExpr(member) && ast.isNameRef(member.receiver) ? member.receiver.ref.$refText : undefined;
        const spec = context.document.parseResult.value as ast.Spec;
        const receiver = spec.declarations.find(d => (d as { name?: string }).name === receiverName);
        if (ast.isDataset(receiver)) {
            this.analyzer.analysisOf(receiver).partsOf(receiver).forEach(label => acceptor(context, { label, kind: CompletionItemKind.Field, detail: `part of ${receiver.name}` }));
        } else if (ast.isModel(receiver)) {
            this.analyzer.analysisOf(receiver).modelOf(receiver).info.parts.forEach(label => acceptor(context, { label, kind: CompletionItemKind.Field, detail: `part of ${receiver.name}` }));
        }
    }

    // ---- Names of parameters and properties -----------------------------------------------------

    private completeArgumentNames(call: ast.Call, context: CompletionContext, acceptor: CompletionAcceptor): void {
        const component = resolveCall(call);
        if (!component) return;
        const given = new Set(call.args.map(a => a.name).filter(Boolean));
        this.offerParams(context, component.params.filter(p => !given.has(p.name)), `\`${component.name}\``, acceptor);
    }

    private completePropertyNames(node: AstNode, context: CompletionContext, acceptor: CompletionAcceptor): void {
        const owner = this.blockOwner(node);
        const properties = blockProperties(owner);
        if (!properties) return;
        const existing = ast.isTrain(owner) || ast.isStage(owner) ? owner.properties : (owner as { body?: ast.Block }).body?.properties ?? [];
        const given = new Set(existing.filter(ast.isProperty).map(p => p.key));
        this.offerParams(context, properties.params.filter(p => !given.has(p.name)), properties.owner, acceptor);
        if (ast.isTrain(owner)) {
            acceptor(context, { label: 'stage', kind: CompletionItemKind.Keyword, detail: 'a named training stage', insertText: 'stage ${1:name} { objective: ${2}, epochs: ${3:100} }', insertTextFormat: InsertTextFormat.Snippet });
        }
        if (ast.isDataset(owner) && !existing.some(ast.isSplitProperty)) {
            acceptor(context, { label: 'split', kind: CompletionItemKind.Property, detail: 'split: train 80%, test 20%', insertText: 'split: ${1:train} ${2:80%}, ${3:test} ${4:20%}', insertTextFormat: InsertTextFormat.Snippet });
        }
    }

    private offerParams(context: CompletionContext, params: readonly ParamSpec[], owner: string, acceptor: CompletionAcceptor): void {
        for (const param of params) {
            if (param.name === REST_PARAM) continue;
            acceptor(context, {
                label: param.name, kind: CompletionItemKind.Property, detail: describeParamType(param.type),
                documentation: { kind: 'markdown', value: describeParam(param, owner) },
                insertText: `${param.name}: `, sortText: `${param.required ? 0 : 1}${param.name}`,
            });
        }
    }

    private blockOwner(node: AstNode | undefined): AstNode | undefined {
        for (let current = node; current; current = current.$container) {
            if (ast.isTrain(current) || ast.isStage(current) || ast.isExperiment(current) || ast.isDataset(current)
                || ast.isModel(current) || ast.isEvaluate(current) || ast.isSweep(current)) return current;
        }
        return undefined;
    }
}

function shift(range: Range, lines: number): Range {
    return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function placeholder(param: ParamSpec): string {
    if (param.default !== undefined) return formatDefault(param.default);
    switch (param.type.kind) {
        case 'path': return '"data/file.csv"';
        case 'int': case 'float': return String(param.range?.min ?? 1);
        case 'fraction': return '50%';
        default: return param.name;
    }
}

