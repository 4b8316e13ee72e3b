/**
 * The SIGTERM demo's public API, for the editor glue and the CLI. Nothing under src/demo imports
 * `vscode`: the extension passes settings in as DemoOptions and renders the report it gets back.
 */
export { ContainerDriver, DriverError } from './driver';
export type { ContainerCliKind, DriverErrorKind, DriverOptions } from './driver';
export { DEFAULT_GRACE, DemoError, runDemo } from './demo';
export type { DemoErrorKind, DemoHooks, DemoOptions } from './demo';
export { fixDownloads, fixedDockerfile } from './fixes';
export type { FixedDockerfile } from './fixes';
export { imageReferenceProblem, isImageReference } from './reference';
export {
  buildReport,
  exitCodeMeaning,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderText,
  verdictFor,
  wasKilled,
} from './report';
export type {
  DemoReport,
  HtmlOptions,
  ScenarioName,
  ScenarioOutcome,
  ScenarioReport,
} from './report';
export {
  initFromPid1,
  isLeftover,
  LABEL,
  OWNER_LABEL,
  ownerId,
  RUN_LABEL,
  sweep,
} from './scenarios';
export type { SweepResult } from './scenarios';
