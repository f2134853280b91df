/** bench `bce-5000`: BCEWithLogits with pos_weight on 5000 logits. */
import { bceWorkload } from '../loss-workloads';

export const bce5000 = bceWorkload('bce-5000', [5000], '≤ 1.0', 'BCEWithLogits + pos_weight fwd+grad, 5000 logits');
