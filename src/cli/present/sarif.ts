/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning services read. Paths are
 * relative to %SRCROOT% (the working folder) so results line up with the repository wherever
 * it was checked out; regions are 1-based with an exclusive endColumn, as SARIF defines them.
 */
import { pathToFileURL } from 'node:url';
import { RULES, type Finding, type Range, type TextEdit } from '../../core';
import { relativePath } from '../files';
import { REPOSITORY_URL, ruleHelpUri, TOOL_NAME, TOOL_VERSION } from '../meta';
import { oneBased, type CheckReport } from '../report';

const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

function level(severity: Finding['severity']): Level {
  return severity === 'info' ? 'note' : severity;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** A relative URI under %SRCROOT%, or an absolute file URI for a path outside the cwd. */
function artifactLocation(cwd: string, path: string): ArtifactLocation {
  const rel = relativePath(cwd, path);
  if (rel === '..' || rel.startsWith('../') || rel.startsWith('/')) {
    return { uri: pathToFileURL(path).href };
  }
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(range: Range) {
  const r = oneBased(range);
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function physicalLocation(cwd: string, path: string, range: Range) {
  return { artifactLocation: artifactLocation(cwd, path), region: region(range) };
}

function fixes(cwd: string, finding: Finding) {
  return finding.fixes.map((fix) => {
    const byPath = new Map<string, TextEdit[]>();
    for (const e of fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
    return {
      description: { text: fix.title },
      artifactChanges: [...byPath].map(([path, edits]) => ({
        artifactLocation: artifactLocation(cwd, path),
        replacements: edits.map((e) => ({
          deletedRegion: region(e.range),
          insertedContent: { text: e.newText },
        })),
      })),
      properties: { safe: fix.safe },
    };
  });
}

/** The SARIF log of one run, as an object. */
export function toSarif(report: CheckReport): object {
  const cwd = report.cwd;
  const ruleIndex = new Map(RULES.map((r, i) => [r.id as string, i]));
  const results = report.files.flatMap((file) =>
    file.findings.map((f) => {
      const index = ruleIndex.get(f.rule);
      return {
        ruleId: f.rule,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: level(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: physicalLocation(cwd, f.path, f.range) }],
        ...(f.related.length > 0
          ? {
              relatedLocations: f.related.map((r, id) => ({
                id,
                physicalLocation: physicalLocation(cwd, r.path, r.range),
                message: { text: r.message },
              })),
            }
          : {}),
        ...(f.fixes.length > 0 ? { fixes: fixes(cwd, f) } : {}),
      };
    }),
  );
  const notifications = report.files.flatMap((file) =>
    file.problems.map((p) => ({
      level: 'error' as const,
      message: { text: p.message },
      locations: [{ physicalLocation: physicalLocation(cwd, file.path, p.range) }],
    })),
  );

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: REPOSITORY_URL,
            rules: RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: ruleHelpUri(r.id),
              defaultConfiguration: { level: level(r.defaultSeverity) },
              properties: { fixable: r.fixable },
            })),
          },
        },
        // The folder the relative URIs hang from; a trailing slash makes it a folder URI.
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(`${cwd}/`).href } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The report as printed: the SARIF log, indented, with a final newline. */
export function formatSarif(report: CheckReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}
