// Formatting: one space around `=`, `+`, `*`, `..`, `then`; none inside brackets; blocks indented.
// Where a spec may reasonably be written on one line or several (blocks, lists, chains, sums),
// `Formatting.fit` keeps the author's choice and normalises its spacing; continuation lines are
// indented one level (Langium's formatter cannot align them under an opening bracket).
import { AbstractFormatter, Formatting, type NodeFormatter } from 'langium/lsp';
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';

const oneSpaceOrNewLine = () => Formatting.fit(Formatting.oneSpace(), Formatting.newLine());
const oneSpaceOrIndent = () => Formatting.fit(Formatting.oneSpace(), Formatting.indent());

export class ExpspecFormatter extends AbstractFormatter {
    /**
     * Items between brackets: on one line (`f(a, b)`), or one indented level below the opening
     * bracket with the closing bracket on its own line. Indentation is attached to the items (nodes),
     * so that it does not accumulate from one separator to the next.
     */
    private formatItems(f: NodeFormatter<AstNode>, items: readonly AstNode[], close: string): void {
        items.forEach((item, index) => f.node(item).prepend(Formatting.fit(index === 0 ? Formatting.noSpace() : Formatting.oneSpace(), Formatting.indent())));
        f.keywords(',').prepend(Formatting.noSpace());
        f.keyword(close).prepend(items.length ? Formatting.fit(Formatting.noSpace(), Formatting.newLine()) : Formatting.noSpace());
    }

    protected format(node: AstNode): void {
        const f = this.getNodeFormatter(node);
        if (ast.isSpec(node)) {
            const items = [...node.imports, ...node.declarations];
            items.forEach((item, index) => {
                const formatting = index === 0 ? Formatting.noSpace() : Formatting.newLine({ allowMore: true });
                f.node(item).prepend(formatting);
            });
            return;
        }
        if (ast.isBlock(node) || ast.isTrain(node) || ast.isStage(node)) {
            const open = f.keyword('{'), close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            const members: AstNode[] = ast.isTrain(node) ? [...node.properties, ...node.stages] : ast.isStage(node) ? node.properties : node.properties;
            if (members.length === 0) {
                close.prepend(Formatting.oneSpace());
            } else {
                members.forEach(member => f.node(member).prepend(Formatting.fit(Formatting.oneSpace(), Formatting.indent())));
                close.prepend(oneSpaceOrNewLine());
            }
            f.keywords(',').prepend(Formatting.noSpace());
        }
        if (ast.isDeclaration(node) || ast.isStage(node)) {
            f.keywords('=').surround(Formatting.oneSpace());
            f.keywords('on', 'in').surround(Formatting.oneSpace());
            if ('name' in node && node.name) f.property('name').prepend(Formatting.oneSpace());
        }
        if (ast.isTrain(node)) f.property('model').prepend(Formatting.oneSpace());
        if (ast.isProperty(node) || ast.isArgument(node)) {
            f.keywords(':').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        }
        if (ast.isSplitProperty(node)) {
            f.keyword(':').prepend(Formatting.noSpace());
            f.property('strategy').prepend(Formatting.oneSpace());
            if (!node.strategy) f.node(node.parts[0]).prepend(Formatting.oneSpace());
            node.parts.slice(1).forEach(part => f.node(part).prepend(Formatting.oneSpace()));
            if (node.strategy) f.node(node.parts[0]).prepend(Formatting.oneSpace());
        }
        if (ast.isSplitProperty(node)) {
            f.keywords(',').prepend(Formatting.noSpace());
            f.keywords('by').surround(Formatting.oneSpace());
        }
        if (ast.isSplitPart(node)) f.property('size').prepend(Formatting.oneSpace());
        if (ast.isCall(node)) {
            f.keyword('(').prepend(Formatting.noSpace());
            this.formatItems(f, node.args, ')');
        }
        if (ast.isMemberExpr(node)) {
            f.keyword('.').surround(Formatting.noSpace());
            if (node.call) {
                f.keyword('(').prepend(Formatting.noSpace()).append(Formatting.noSpace());
                f.keyword(')').prepend(Formatting.noSpace());
                f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            }
        }
        if (ast.isListLit(node)) this.formatItems(f, node.items, ']');
        if (ast.isRecordLit(node)) {
            f.keyword('{').append(Formatting.oneSpace());
            f.keyword('}').prepend(Formatting.oneSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        }
        if (ast.isBinaryExpr(node)) {
            f.keywords('+', '-', '*').prepend(oneSpaceOrIndent()).append(Formatting.oneSpace());
        }
        if (ast.isChainExpr(node)) f.keyword('then').prepend(oneSpaceOrIndent()).append(Formatting.oneSpace());
        if (ast.isRangeExpr(node)) {
            f.keyword('..').surround(Formatting.oneSpace());
            f.keywords('step', 'log').prepend(Formatting.oneSpace());
            if (node.step) f.property('step').prepend(Formatting.oneSpace());
        }
        if (ast.isNegationExpr(node)) f.keyword('-').append(Formatting.noSpace());
        if (ast.isView(node)) f.property('view').prepend(Formatting.oneSpace());
        if (ast.isImport(node)) f.property('path').prepend(Formatting.oneSpace());
    }
}
