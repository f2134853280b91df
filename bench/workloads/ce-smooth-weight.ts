/** bench `ce-smooth-weight`: ce-plain with label_smoothing 0.1 and class weights. */
import { ceWorkload } from '../loss-workloads';

export const ceSmoothWeight = ceWorkload('ce-smooth-weight', true, '≤ 1.0', 'same + label_smoothing 0.1 + class weights');
