// Quick fixes: replace an unknown name with a close one ("did you mean"), insert a missing required
// parameter, and move an out-of-range value to the nearest allowed one.
import { CstUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic } from 'vscode-languageserver';
import type { ExpspecServices } from '../expspec-module.js';
import { IssueCodes, type FixData } from '../expspec-validator.js';
import * as ast from '../generated/ast.js';

const REPLACEABLE = new Set<string>([IssueCodes.unknownComponent, IssueCodes.unknownName, IssueCodes.unknownParam, IssueCodes.unknownColumn, IssueCodes.outOfRange]);

export class ExpspecCodeActionProvider implements CodeActionProvider {
    constructor(_services: ExpspecServices) { }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const data = (diagnostic.data ?? {}) as FixData;
            const code = String(data.code ?? diagnostic.code ?? '');
            if (REPLACEABLE.has(code)) {
                for (const replacement of data.replacements ?? []) {
                    actions.push(this.replace(document, diagnostic, replacement, code === IssueCodes.outOfRange ? `Change to ${replacement}` : `Did you mean \`${replacement}\`?`));
                }
            } else if (code === IssueCodes.missingParam && data.insert) {
                const action = this.insertArgument(document, diagnostic, data.insert);
                if (action) actions.push(action);
            }
        }
        return actions;
    }

    private replace(document: LangiumDocument, diagnostic: Diagnostic, newText: string, title: string): CodeAction {
        return {
            title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
            edit: { changes: { [document.textDocument.uri]: [{ range: diagnostic.range, newText }] } },
        };
    }

    /** Inserts `name: value` as the call's last argument. */
    private insertArgument(document: LangiumDocument, diagnostic: Diagnostic, argument: string): CodeAction | undefined {
        const root = document.parseResult.value.$cstNode;
        const offset = document.textDocument.offsetAt(diagnostic.range.start);
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, offset);
        const call = leaf?.astNode;
        if (!ast.isCall(call) || !call.$cstNode) return undefined;
        const closing = call.$cstNode.range.end;   // just after ')'
        const at = { line: closing.line, character: closing.character - 1 };
        const newText = call.args.length ? `, ${argument}` : argument;
        return {
            title: `Add \`${argument}\``, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
            edit: { changes: { [document.textDocument.uri]: [{ range: { start: at, end: at }, newText }] } },
        };
    }
}
