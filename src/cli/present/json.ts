/**
 * `--format json`: the object of DESIGN.md's command-line contract, version 1. The contract's
 * fields are a public interface: they may be added to, never renamed or removed. Added here:
 * `safe` and `preferred` on fixes, `related` on findings, and per file `kind`, `problems` and
 * `applied` (what --fix wrote).
 */
import type { Finding, Fix, TextEdit } from '../../core';
import { relativePath } from '../files';
import { oneBased, type CheckReport } from '../report';

export interface JsonEdit {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface JsonFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: JsonEdit[];
}

export interface JsonRelated {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface JsonFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: JsonFix[];
  related: JsonRelated[];
}

export interface JsonFile {
  path: string;
  kind: 'dockerfile' | 'compose';
  findings: JsonFinding[];
  problems: { message: string; line: number; column: number; endLine: number; endColumn: number }[];
  applied: { rule: string; title: string; line: number; column: number; paths: string[] }[];
}

export interface JsonReport {
  version: 1;
  files: JsonFile[];
}

function edit(cwd: string, e: TextEdit): JsonEdit {
  return { path: relativePath(cwd, e.path), ...oneBased(e.range), newText: e.newText };
}

function fix(cwd: string, f: Fix): JsonFix {
  return {
    title: f.title,
    safe: f.safe,
    preferred: f.preferred === true,
    edits: f.edits.map((e) => edit(cwd, e)),
  };
}

function finding(cwd: string, f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...oneBased(f.range),
    fixes: f.fixes.map((x) => fix(cwd, x)),
    related: f.related.map((r) => ({
      path: relativePath(cwd, r.path),
      ...oneBased(r.range),
      message: r.message,
    })),
  };
}

/** The report as the contract's object. */
export function toJson(report: CheckReport): JsonReport {
  const cwd = report.cwd;
  return {
    version: 1,
    files: report.files.map((file) => ({
      path: relativePath(cwd, file.path),
      kind: file.kind,
      findings: file.findings.map((f) => finding(cwd, f)),
      problems: file.problems.map((p) => ({ message: p.message, ...oneBased(p.range) })),
      applied: file.applied.map((a) => ({
        rule: a.rule,
        title: a.title,
        line: a.line,
        column: a.column,
        paths: a.paths.map((p) => relativePath(cwd, p)),
      })),
    })),
  };
}

/** The report as printed: one JSON object, indented, with a final newline. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(toJson(report), null, 2)}\n`;
}
