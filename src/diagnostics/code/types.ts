/** The code rules' shapes live in src/shapes/code.ts (they cross to the CLI and the editor). */
export type * from '../../shapes/code';
