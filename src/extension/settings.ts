/** The `lossDebugger.*` settings, read and checked (a bad value falls back to the default). */
import * as vscode from 'vscode';
import { cleanRuleOptions } from './helpers';
import type { InspectSettings } from '../shapes/index';

export const DEFAULT_MAX_FILE_MB = 512;

export function readSettings(scope?: vscode.Uri): InspectSettings {
  const c = vscode.workspace.getConfiguration('lossDebugger', scope);
  const dtype = c.get<string>('dtype') === 'float32' ? 'float32' : 'float64';
  const disabledRaw = c.get<unknown>('disabledRules');
  const disabled = Array.isArray(disabledRaw) ? disabledRaw.filter((x): x is string => typeof x === 'string') : [];
  const mbRaw = c.get<unknown>('maxFileSizeMB');
  const mb = typeof mbRaw === 'number' && Number.isFinite(mbRaw) && mbRaw > 0 ? mbRaw : DEFAULT_MAX_FILE_MB;
  return { options: cleanRuleOptions(c.get<unknown>('ruleOptions')), disabled, dtype, maxFileBytes: Math.round(mb * 1024 * 1024) };
}
