// Formatting: one space around `=`, `+`, `*`, `..`, `then`; none inside brackets; blocks indented.
// Where a spec may reasonably be written on one line or several (blocks, lists, chains, sums),
// `Formatting.fit` keeps the author's choice and normalises its spacing.
import { AbstractFormatter, Formatting } from 'langium/lsp';
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';

const oneSpaceOrNewLine = () => Formatting.fit(Formatting.oneSpace(), Formatting.newLine());
const oneSpaceOrIndent = () => Formatting.fit(Formatting.oneSpace(), Formatting.indent());

export class ExpspecFormatter extends AbstractFormatter {
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
        if (ast.isProperty(node) || ast.isArgument(node) || ast.isSplitProperty(node)) {
            f.keywords(':').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        }
        if (ast.isSplitProperty(node)) {
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            f.keywords('by').surround(Formatting.oneSpace());
            node.parts.forEach(part => f.node(part).prepend(Formatting.oneSpace()));
        }
        if (ast.isSplitPart(node)) f.property('size').prepend(Formatting.oneSpace());
        if (ast.isCall(node)) {
            f.keyword('(').prepend(Formatting.noSpace()).append(Formatting.noSpace());
            f.keyword(')').prepend(Formatting.noSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(oneSpaceOrIndent());
        }
        if (ast.isMemberExpr(node)) {
            f.keyword('.').surround(Formatting.noSpace());
            if (node.call) {
                f.keyword('(').prepend(Formatting.noSpace()).append(Formatting.noSpace());
                f.keyword(')').prepend(Formatting.noSpace());
                f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
            }
        }
        if (ast.isListLit(node)) {
            f.keyword('[').append(Formatting.noSpace());
            f.keyword(']').prepend(Formatting.noSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(oneSpaceOrIndent());
        }
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
