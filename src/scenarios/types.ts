/**
 * The plain-data shapes of the scenario API: everything here is structured-cloneable (no class
 * instances, no functions, no typed arrays), so a worker can post it to the extension host as is.
 */
import type { ScenarioProgress } from '../shapes/index';

export type { LossConfig, RunResult, ScenarioInfo, ScenarioKind, ScenarioProgress, ScenarioResult, SweptValue } from '../shapes/index';

export interface RunScenarioOptions {
  seed?: number;
  /** Overrides every run's epoch count. */
  epochs?: number;
  signal?: AbortSignal;
  onProgress?: (p: ScenarioProgress) => void;
  /** Run diagnostics on the final batch (default true). */
  diagnostics?: boolean;
}
