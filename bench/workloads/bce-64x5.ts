/** bench `bce-64x5`: BCEWithLogits with per-label pos_weight on (64, 5). */
import { bceWorkload } from '../loss-workloads';

export const bce64x5 = bceWorkload('bce-64x5', [64, 5], '≤ 1.0', 'BCEWithLogits + per-label pos_weight, (64, 5)');
