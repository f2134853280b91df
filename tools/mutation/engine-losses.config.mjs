import { config } from './base.mjs';

export default config('engine-losses');
