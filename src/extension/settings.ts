/** The `lossDebugger.*` settings, read and checked (a bad value falls back to the default). */
import * as vscode from 'vscode';
import { cleanRuleOptions } from './helpers';
import { DEFAULT_MAX_FILE_MB, DEFAULT_MAX_MEMORY_MB, type InspectSettings } from '../shapes/index';

function megabytes(raw: unknown, dflt: number): number {
  const mb = typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : dflt;
  return Math.round(mb * 1024 * 1024);
}

export function readSettings(scope?: vscode.Uri): InspectSettings {
  const c = vscode.workspace.getConfiguration('lossDebugger', scope);
  const dtype = c.get<string>('dtype') === 'float32' ? 'float32' : 'float64';
  const disabledRaw = c.get<unknown>('disabledRules');
  const disabled = Array.isArray(disabledRaw) ? disabledRaw.filter((x): x is string => typeof x === 'string') : [];
  // Folders outside a case's own are honoured only in trusted workspaces (a repository's
  // .vscode/settings.json must not widen what a case may read); VS Code also withholds workspace
  // values of restricted settings in Restricted Mode.
  const allowedRaw = vscode.workspace.isTrusted ? c.get<unknown>('allowedPaths') : [];
  const allowedRoots = Array.isArray(allowedRaw) ? allowedRaw.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
  return {
    options: cleanRuleOptions(c.get<unknown>('ruleOptions')),
    disabled,
    dtype,
    maxFileBytes: megabytes(c.get<unknown>('maxFileSizeMB'), DEFAULT_MAX_FILE_MB),
    maxMemoryBytes: megabytes(c.get<unknown>('maxMemoryMB'), DEFAULT_MAX_MEMORY_MB),
    allowedRoots,
  };
}
