// What the cursor sits in. The document being edited rarely parses where the cursor is (`space: )`),
// so the text is parsed again with a placeholder name at the cursor (the "dummy identifier" of
// IntelliJ and others); the placeholder's node then knows its slot.
import { CstUtils, type AstNode, type LangiumCoreServices, type LangiumDocument } from 'langium';

export const CURSOR = '__cursor__';

/**
 * The node of a placeholder written over the word `[start, end)`: as a value (`__cursor__`) or as a
 * name with a value (`__cursor__: 0`). The new tree is attached to `document` so that analysis of
 * its nodes reads the right files.
 */
export function nodeAtCursor(services: LangiumCoreServices, document: LangiumDocument, start: number, end: number, form: 'value' | 'key'): AstNode | undefined {
    const text = document.textDocument.getText();
    const patched = text.slice(0, start) + (form === 'key' ? `${CURSOR}: 0` : CURSOR) + text.slice(end);
    const root = services.parser.LangiumParser.parse(patched).value;
    Object.assign(root, { $document: document });
    const leaf = root.$cstNode && CstUtils.findLeafNodeAtOffset(root.$cstNode, start);
    return leaf && leaf.text === CURSOR ? leaf.astNode : undefined;
}
