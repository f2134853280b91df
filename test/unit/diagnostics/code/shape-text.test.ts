/** How class-dim-misplaced writes a layout out (shapeText): N first, the class count on the class axis, named axes where the rank says what they are. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shapeText } from '../../../../src/diagnostics/code/class-dim-misplaced';

const site = { file: '/a.py', span: { line: 0, column: 0, endLine: 0, endColumn: 1 } };
const lay = (rank: number, cls: number, classes?: string) => ({ rank, cls, classes, form: 'nn.Conv2d(…)', site });

test('shapeText: (N, C, L), (N, L, C), (N, C, H, W), (N, C, D, H, W); other axes numbered; C when the class count is unknown', () => {
  assert.equal(shapeText(lay(2, 1, '10')), '(N, 10)');
  assert.equal(shapeText(lay(3, 1, 'n_tags')), '(N, n_tags, L)');
  assert.equal(shapeText(lay(3, 2, '9')), '(N, L, 9)');
  assert.equal(shapeText(lay(4, 1, '21')), '(N, 21, H, W)');
  assert.equal(shapeText(lay(5, 1, '5')), '(N, 5, D, H, W)');
  assert.equal(shapeText(lay(4, 3, '21')), '(N, d1, d2, 21)');
  assert.equal(shapeText(lay(4, 2, '21')), '(N, d1, 21, d3)');
  assert.equal(shapeText(lay(5, 4, '5')), '(N, d1, d2, d3, 5)');
  assert.equal(shapeText(lay(3, 2)), '(N, L, C)');
  assert.equal(shapeText(lay(4, 1)), '(N, C, H, W)');
});
