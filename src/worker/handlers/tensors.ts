/** `listTensors`: the tensors of a .safetensors file (names, dtypes, shapes), for the pickers. */
import { listSafetensors } from '../../io/index';
import type { Handler } from '../handler';

export const listTensors: Handler<'listTensors'> = ({ file }) =>
  listSafetensors(file).map((e) => ({ name: e.name, dtype: String(e.dtype), shape: [...e.shape] }));
