import { EmptyFileSystem, URI, AstUtils, GrammarUtils } from 'langium';
import * as path from 'node:path';
import { createExpspecServices } from '../language/expspec-module.js';
import * as ast from '../language/generated/ast.js';
import { readFileSync } from 'node:fs';
const s = createExpspecServices(EmptyFileSystem);
for (const f of ['allg-splice','coles-events','dah-digits','hyphc-moons','protein-families']) {
  const text = readFileSync(`examples/${f}.expspec`,'utf8');
  const uri = URI.file(path.resolve('examples/x-'+f+'.expspec'));
  const doc = s.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
  s.shared.workspace.LangiumDocuments.addDocument(doc);
  await s.shared.workspace.DocumentBuilder.build([doc], { validation: true });
  for (const node of AstUtils.streamAst(doc.parseResult.value)) {
    if (ast.isCall(node)) {
      const n = GrammarUtils.findNodeForProperty(node.$cstNode!, 'name')!;
      const off = n.offset + Math.min(2, n.length);
      const r = await s.Expspec.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: uri.toString() }, position: doc.textDocument.positionAt(off) });
      if (!r?.items.length) console.log(f, 'call', JSON.stringify(text.slice(off-15, off) + '‸' + text.slice(off, off+10)));
    }
    if (ast.isNameRef(node) && !node.ref.ref) {
      const prop = AstUtils.getContainerOfType(node, ast.isProperty);
      const off = node.$cstNode!.offset + Math.min(2, node.$cstNode!.length);
      const r = await s.Expspec.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: uri.toString() }, position: doc.textDocument.positionAt(off) });
      if (!r?.items.length && prop && ['features','label','entity','time','key'].includes(prop.key)) console.log(f, 'col', JSON.stringify(text.slice(off-15, off) + '‸' + text.slice(off, off+10)));
    }
  }
}
