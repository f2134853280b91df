/**
 * The payload types that come from other parts of the code base (the webview protocol and the
 * scenario runner), gathered in one place. Types only.
 */
import type { CaseView } from '../protocol';
import type { ScenarioProgress, ScenarioResult } from '../scenarios/types';

export type CaseViewPayload = CaseView;
export type ScenarioProgressPayload = ScenarioProgress;
export type ScenarioResultPayload = ScenarioResult;
