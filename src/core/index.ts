/** The public face of the core, shared by the editor, the CLI and the demo. */
export * from './types';
export { analyze, applyConfig, fileKindOf, isSuppressed, parseConfig } from './analyze';
export type { AnalysisResult, AnalyzeInput, FileProblem } from './analyze';
export type { ChainLink, LaunchPlan } from './launch/types';
export { RULES, ruleById } from './rules';
export type { Rule } from './rules';
