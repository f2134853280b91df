/** `New Loss Case…`: an untitled JSON case to start from, and the Python one-liner. */
import * as vscode from 'vscode';
import type { Services } from '../services';

export const DUMP_ONE_LINER = 'from lossdbg_dump import dump_case; dump_case("case.losscase.json", criterion, logits, target)';

export async function newCase(svc: Services): Promise<vscode.TextDocument> {
  const schema = vscode.Uri.joinPath(svc.extensionUri, 'schema', 'losscase.schema.json').toString();
  // Four samples of a 3-class classifier: logits (not probabilities), class-index targets.
  const text = [
    '{',
    `  "$schema": ${JSON.stringify(schema)},`,
    '  "loss": {"type": "CrossEntropyLoss", "reduction": "mean", "ignore_index": -100},',
    '  "input": [',
    '    [2.1, 0.3, -1.2],',
    '    [0.2, 1.7, 0.1],',
    '    [-0.5, 0.4, 2.6],',
    '    [1.3, 1.1, -0.2]',
    '  ],',
    '  "target": [0, 1, 2, 1],',
    '  "meta": {"class_names": ["cat", "dog", "bird"], "reported_loss": 0.42}',
    '}',
    '',
  ].join('\n');
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
  await vscode.window.showTextDocument(doc);
  void vscode.window
    .showInformationMessage(`Dump a real case from PyTorch: ${DUMP_ONE_LINER}`, 'Copy')
    .then((choice) => (choice === 'Copy' ? vscode.env.clipboard.writeText(DUMP_ONE_LINER) : undefined));
  return doc;
}
