/**
 * Test builds only (statements labelled TEST_BUILD, dropped from release bundles by esbuild.mjs): hooks the in-host extension tests drive. The
 * shipped bundle does not contain them.
 */
import type { CrashHow, HostToWebview } from '../shapes/index';
import { prompts, replaceButtons } from './commands/open-examples';
import type { Services } from './services';

export interface TestHooks {
  /** Feeds a raw message to a panel as if its webview sent it; returns whether it was accepted. */
  simulateWebviewMessage(key: string, message: unknown): boolean;
  /** Takes the engine worker down (tests of the restart path); resolves to the error it caused. */
  crashWorker(how: CrashHow): Promise<string>;
  /** The last message the host posted to a panel (undefined when none or no such panel). */
  lastPosted(key: string): HostToWebview | undefined;
  /** Resolves when the Python linter has no run due or in flight; its runs so far and the last run's worker time. */
  lintIdle(): Promise<{ runs: number; ms: number }>;
  /** Answers Open Examples' "replace changed files?" question from now on (undefined: dismissed); returns the questions asked so far. */
  answerExamplesPrompt(answer: 'Replace' | 'Keep Mine' | undefined): string[];
}

export function testHooks(svc: Services): TestHooks {
  const asked: string[] = [];
  return {
    simulateWebviewMessage: (key, message) => {
      const entry = svc.panels.get(key);
      return entry ? svc.panels.receive(entry, message) : false;
    },
    lastPosted: (key) => svc.panels.get(key)?.lastPosted,
    lintIdle: async () => {
      await svc.codeLint.schedule.idle();
      return { runs: svc.codeLint.schedule.runs, ms: svc.codeLint.lastMs };
    },
    answerExamplesPrompt: (answer) => {
      asked.length = 0;
      prompts.replace = (message) => {
        asked.push(message);
        // The button as the user sees it (translated in a Korean VS Code).
        const b = replaceButtons();
        return Promise.resolve(answer === undefined ? undefined : answer === 'Replace' ? b.replace : b.keep);
      };
      return asked;
    },
    crashWorker: async (how) => {
      try {
        await svc.bridge.request('crash', { how });
        return 'no crash';
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  };
}
