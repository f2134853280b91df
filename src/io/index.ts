/**
 * Loss-case and tensor-file loading. Everything bad in the input is a `LossDebuggerError`
 * (src/errors.ts) with file, JSON path, line:column where known, and a hint.
 */
export { parseJson, parseJsonWithSpans, joinPath, MAX_DEPTH, MAX_TENSOR_DIMS, type JsonValue } from './json';
export { parseCase, loadCaseFile, caseFromObject, type CaseOptions } from './case';
export { parseLossSpec } from './loss-spec';
export { validateCase } from './pytorch-checks';
export { listSafetensors, loadTensorFile } from './tensorfiles';
export { readNpy, readNpyHeader } from './npy';
export { readSafetensors, readSafetensorsHeader } from './safetensors';
export { didYouMean, editDistance } from '../didyoumean';
export { DEFAULT_MAX_FILE_BYTES, readFileChecked } from './files';
export type { LossCase, CaseMeta, CaseHistory, SourceSpan } from './types';
