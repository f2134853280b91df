/** Reading a computed loss. */
import type { LossResult } from './types';

/** The value of a reduced loss (shape []); undefined for reduction 'none' or when there is no result. */
export function scalarLoss(r: LossResult | undefined): number | undefined {
  return r && r.value.shape.length === 0 ? r.value.data[0] : undefined;
}
