/** Facts about the tool itself, defined once for help, --version and SARIF. */
import { version } from '../../package.json';

export const TOOL_NAME = 'pid1-doctor';
export const TOOL_VERSION: string = version;

/**
 * Where the project lives. The repository has no public address yet; this placeholder is the
 * one place to change when it gets one (SARIF's informationUri and every rule's helpUri).
 */
export const REPOSITORY_URL = 'https://github.com/pid1-doctor/pid1-doctor';

/** The page of a rule in the repository (docs/rules/<id>.md). */
export function ruleHelpUri(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
