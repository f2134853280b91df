/**
 * Loss-case and tensor-file loading. Everything bad in the input is a `LossDebuggerError`
 * (src/errors.ts) with file, JSON path, line:column where known, and a hint.
 */
export { parseJson, parseJsonWithSpans, joinPath, MAX_DEPTH, MAX_TENSOR_DIMS, type JsonValue } from './json';
export { parseCase, loadCaseFile, loadTensorFile, caseFromObject, parseLossSpec, validateCase, type CaseOptions } from './case';
export { listSafetensors } from './tensorfiles';
export { readNpy, readNpyHeader } from './npy';
export { readSafetensors, readSafetensorsHeader } from './safetensors';
export { didYouMean, editDistance } from '../didyoumean';
export { DEFAULT_MAX_FILE_BYTES, readFileChecked } from './files';
export type { LossCase, CaseMeta, CaseHistory, SourceSpan } from './types';
