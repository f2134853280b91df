/**
 * The PyTorch side of the benchmark: one long-lived `/usr/bin/python3 tools/bench_torch.py` process
 * (importing torch once), driven by JSON lines. `startTorch()` resolves to undefined when Python or
 * torch is missing, and the benchmark then reports PyTorch columns as null.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TorchInfo {
  torch: string;
  numpy: string;
  blas: string;
  threads: number;
  python: string;
}

type Reply = { ok: boolean; error?: string; ms?: number[]; wall_ms?: number; cpu_ms?: number } & Partial<TorchInfo>;

export class TorchClient {
  private readonly waiting: ((r: Reply) => void)[] = [];
  private closed = false;

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    const rl = createInterface({ input: proc.stdout });
    rl.on('line', (line) => {
      const w = this.waiting.shift();
      if (!w) return;
      try {
        w(JSON.parse(line) as Reply);
      } catch {
        w({ ok: false, error: `bad reply: ${line.slice(0, 200)}` });
      }
    });
    proc.on('exit', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w({ ok: false, error: 'python exited' });
    });
  }

  request(msg: Record<string, unknown>): Promise<Reply> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'python exited' });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  async setup(id: string, dir: string, params: Record<string, unknown>): Promise<string | undefined> {
    const r = await this.request({ op: 'setup', id, dir, params });
    return r.ok ? undefined : r.error ?? 'setup failed';
  }

  /** Per-call milliseconds of `reps` calls (throws on error). */
  async time(id: string, reps: number): Promise<number[]> {
    const r = await this.request({ op: 'time', id, reps });
    if (!r.ok || !r.ms) throw new Error(r.error ?? 'timing failed');
    return r.ms;
  }

  /** Mean wall-clock and CPU milliseconds per call over `reps` calls in a row (throws on error). */
  async batch(id: string, reps: number): Promise<{ wall: number; cpu: number }> {
    const r = await this.request({ op: 'batch', id, reps });
    if (!r.ok || r.wall_ms === undefined || r.cpu_ms === undefined) throw new Error(r.error ?? 'timing failed');
    return { wall: r.wall_ms, cpu: r.cpu_ms };
  }

  close(): void {
    if (!this.closed) {
      this.proc.stdin.write(JSON.stringify({ op: 'quit' }) + '\n');
      this.proc.stdin.end();
    }
  }
}

export async function startTorch(root: string, python = '/usr/bin/python3'): Promise<{ client: TorchClient; info: TorchInfo } | { error: string }> {
  const script = join(root, 'tools', 'bench_torch.py');
  if (!existsSync(python)) return { error: `${python} not found` };
  if (!existsSync(script)) return { error: `${script} not found` };
  let proc: ChildProcessWithoutNullStreams;
  try {
    proc = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: '1' } });
  } catch (e) {
    return { error: String(e) };
  }
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const spawnError = new Promise<{ error: string }>((resolve) => proc.on('error', (e) => resolve({ error: String(e) })));
  const client = new TorchClient(proc);
  const info = await Promise.race([client.request({ op: 'info' }), spawnError]);
  if ('error' in info && !('ok' in info)) return info;
  const r = info as Reply;
  if (!r.ok || r.torch === undefined) {
    client.close();
    return { error: (r.error ?? 'torch unavailable') + (stderr ? `: ${stderr.trim().split('\n').pop() ?? ''}` : '') };
  }
  return { client, info: { torch: r.torch, numpy: r.numpy ?? '?', blas: r.blas ?? '?', threads: r.threads ?? 1, python: r.python ?? '?' } };
}
