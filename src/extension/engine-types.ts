/**
 * The payload types that come from other parts of the code base (the webview protocol and the
 * scenario runner), gathered in one place. Types only.
 */
export type CaseViewPayload = unknown;
export type ScenarioProgressPayload = unknown;
export type ScenarioResultPayload = unknown;
