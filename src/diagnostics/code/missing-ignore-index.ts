/**
 * missing-ignore-index in code: the targets of CrossEntropyLoss/NLLLoss are built with padding the
 * code makes visible (pad_sequence's padding_value, a tokenizer called with padding=…, token ids fed
 * to an Embedding with padding_idx), and the loss has no ignore_index (or another one).
 */
import { l10n } from '../../l10n';
import { codeFinding, where } from './helpers';
import type { CodeFinding, CodeFix, CodeRule } from './types';

export const missingIgnoreIndexCode: CodeRule = {
  id: 'missing-ignore-index',
  severity: 'warning',
  title: 'Padding targets are counted in the loss',
  check(facts) {
    const out: CodeFinding[] = [];
    for (const u of facts.losses) {
      if (u.loss !== 'CrossEntropyLoss' && u.loss !== 'NLLLoss') continue;
      const pad = u.target.pad;
      if (!pad || '**' in u.args) continue;
      if (pad.value === -100) continue; // PyTorch's default ignore_index
      const ii = u.args.ignore_index;
      if (ii) {
        // another ignore_index: only when both are known numbers and differ
        if (ii.text.replace(/\s/g, '') === pad.text.replace(/\s/g, '')) continue;
        if (typeof ii.value !== 'number' || pad.value === null || ii.value === pad.value) continue;
      }
      const fixes: CodeFix[] = [];
      const sameFile = pad.site.file === u.ctor.file;
      const literal = pad.value !== null && String(pad.value) === pad.text.trim();
      if (literal || sameFile) {
        if (ii && u.ctor.file === u.call.file) fixes.push({ title: l10n.t('Set ignore_index={0}', pad.text), edits: [{ file: u.ctor.file, span: ii.span, newText: pad.text }] });
        else if (!ii && u.argInsert) fixes.push({ title: l10n.t('Add ignore_index={0}', pad.text), edits: [{ file: u.argInsert.site.file, span: u.argInsert.site.span, newText: `${u.argInsert.needsComma ? ', ' : ''}ignore_index=${pad.text}` }] });
      }
      out.push(codeFinding(missingIgnoreIndexCode, {
        site: u.ctor,
        message: ii
          ? l10n.t('The targets of {0} at {1} are padded by {2} at {3}, but its ignore_index is {4}: every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.', u.name, where(u.call), pad.form, where(pad.site), ii.text)
          : l10n.t('The targets of {0} at {1} are padded by {2} at {3}, but it has no ignore_index (the default is −100): every padding position is scored as a real class. The loss is diluted, and the model learns to predict padding. Set ignore_index to the padding value.', u.name, where(u.call), pad.form, where(pad.site)),
        fix: `criterion = nn.CrossEntropyLoss(ignore_index=${pad.text})`,
        related: [{ site: pad.site, message: l10n.t('padding added here') }, ...(u.form === 'module' ? [{ site: u.call, message: l10n.t('padded targets consumed here') }] : [])],
        fixes,
      }));
    }
    return out;
  },
};
