/** A parsed, validated loss case: the shapes live in src/shapes/case.ts (re-exported here for io's users). */
export type { CaseHistory, CaseMeta, LossCase, SourceSpan } from '../shapes/index';
