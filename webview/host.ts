/** The webview's side of the channel: posting typed messages and persisting state. */
import type { WebviewToHost } from '../src/shapes/index';

export interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

export interface Host {
  post(msg: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
  /** A static HTML report: no extension host behind the page (no reveal, no rerun). */
  report: boolean;
}

export function connect(): Host {
  let api: VsCodeApi;
  try {
    api = acquireVsCodeApi();
  } catch {
    let st: unknown;
    api = { postMessage: () => undefined, getState: () => st, setState: (s) => { st = s; } };
  }
  const meta = document.querySelector('meta[name="lossdbg-mode"]');
  return {
    post: (msg) => api.postMessage(msg),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
    report: meta?.getAttribute('content') === 'report',
  };
}
