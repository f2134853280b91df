/**
 * bench `relint-2000`: the editor's case — a 2,000-line training file open in the editor, one
 * keystroke, the whole file linted again (incremental re-parse, converted statements reused, the
 * dataflow and rules re-run, findings placed). Each call alternates two texts differing in one
 * character in the middle of the file. The file is the realistic lint fixtures (model classes,
 * training loops) repeated with renamed classes and functions until it has 2,000 lines. Goal < 30 ms
 * per edit, measured in-process (the lint worker adds a structured clone of the text to and from the
 * worker). Extra row: the same file linted from scratch (full parse), as `lossdbg lint` does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, unavailable, type Variant, type Workload } from '../harness';

export function file2000(): string {
  const dir = join(ROOT, 'test', 'fixtures', 'lint', 'firing');
  const parts = readdirSync(dir).filter((f) => f.endsWith('.py')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  const out: string[] = [];
  let lines = 0;
  for (let i = 0; lines < 2000; i++) {
    const p = parts[i % parts.length].replace(/class (\w+)/g, `class $1_${i}`).replace(/def (\w+)/g, `def $1_${i}`);
    out.push(p);
    lines += p.split('\n').length;
  }
  return out.join('\n').split('\n').slice(0, 2000).join('\n') + '\n';
}

export const relint2000: Workload = {
  id: 'relint-2000',
  title: 'a 2,000-line training file re-linted after a one-character edit (incremental parse + dataflow + rules)',
  goal: '< 30 ms per edit',
  async prepare() {
    const ours: Variant[] = [];
    try {
      const { Linter } = await import('../../src/lint/index');
      const linter = await Linter.create();
      const text = file2000();
      const mid = text.indexOf('\n', text.length >> 1) + 1;
      const texts = [text, text.slice(0, mid) + '#' + text.slice(mid)];
      const file = '/bench/train_2000.py';
      const enc = new TextEncoder();
      let k = 0;
      let cur = texts[0];
      const source = { read: () => enc.encode(cur), text: () => cur };
      const editing = new Set([file]);
      let findings = linter.lint([file], ['/bench'], {}, source, editing)[0].findings.length;
      ours.push({
        id: 'relint-2000',
        run: () => { cur = texts[++k & 1]; findings = linter.lint([file], ['/bench'], {}, source, editing)[0].findings.length; },
        note: `Linter.lint with the file as an edited document; ${findings} findings in the file`,
      });
      ours.push({
        id: 'relint-2000/cold',
        run: () => linter.lint([file], ['/bench'], {}, source),
        note: 'the same file linted from scratch (full parse), as lossdbg lint does',
      });
    } catch (e) {
      ours.push(unavailable('relint-2000', e));
    }
    return { ours };
  },
};
