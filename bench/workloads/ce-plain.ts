/** bench `ce-plain`: cross-entropy on the (40, 30522) logits, the kernel (and computeLoss float32, two threads). */
import { ceWorkload } from '../loss-workloads';

export const cePlain = ceWorkload('ce-plain', false, '≤ 1.0', 'CrossEntropy fwd+grad, logits (40, 30522) f32, 5 % ignored, mean');
