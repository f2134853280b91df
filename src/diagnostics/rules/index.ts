/**
 * Every rule, in report order (errors first). Add a rule: one file in this folder exporting a `Rule`,
 * one line here, a page `docs/rules/<id>.md`, and a case table in `test/unit/diagnostics/`.
 */
import type { Rule } from '../types';

export const RULES: Rule[] = [];
