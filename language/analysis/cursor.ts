// What the cursor sits in. The document being edited rarely parses where the cursor is (`space: )`),
// so the text is parsed again with a placeholder name at the cursor (the "dummy identifier" of
// IntelliJ and others); the placeholder's node then knows its slot. Only the declaration around the
// cursor is parsed again, so that completion stays fast in long specs.
import { CstUtils, type AstNode, type LangiumCoreServices, type LangiumDocument } from 'langium';

export const CURSOR = '__cursor__';

/** Declarations start at the beginning of a line (the formatter puts them there). */
const DECLARATION_START = /^(?:experiment|dataset|model|objective|train|evaluate|view|sweep|import)\b/gm;

/**
 * The node of a placeholder written over the word at `[start, end)` (extended to the whole
 * identifier under the cursor): as a value (`__cursor__`) or as a name with a value
 * (`__cursor__: 0`). The new tree is attached to `document` so that analysis of its nodes reads the
 * right files; its offsets are those of the re-parsed declaration, not of the document.
 */
export function nodeAtCursor(services: LangiumCoreServices, document: LangiumDocument, start: number, end: number, form: 'value' | 'key'): AstNode | undefined {
    const text = document.textDocument.getText();
    while (end < text.length && /\w/.test(text[end])) end++;
    const [from, to] = enclosingDeclaration(text, start);
    const before = text.slice(from, start);
    const patched = before + (form === 'key' ? `${CURSOR}: 0` : CURSOR) + text.slice(end, to);
    const root = services.parser.LangiumParser.parse(patched).value;
    Object.assign(root, { $document: document });
    const leaf = root.$cstNode && CstUtils.findLeafNodeAtOffset(root.$cstNode, before.length);
    return leaf && leaf.text === CURSOR ? leaf.astNode : undefined;
}

/** The text range of the declaration around `offset`: from its keyword to the next declaration. */
export function enclosingDeclaration(text: string, offset: number): [number, number] {
    let from = 0, to = text.length;
    for (const match of text.matchAll(DECLARATION_START)) {
        if (match.index <= offset - 1) from = match.index;
        else { to = match.index; break; }
    }
    return [from, to];
}
