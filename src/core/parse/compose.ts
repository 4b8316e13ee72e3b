/**
 * Reads a compose file into the ComposeModel: the services, with every value that matters for
 * PID 1 and the range where it is written. Anchors, aliases, merge keys (`<<`), `extends:` within
 * the file and several YAML documents are resolved as compose resolves them; a value that comes
 * from elsewhere keeps the range of the place it is written. Nothing here throws on bad input:
 * YAML errors and shapes compose would reject are reported in `problems`.
 *
 * A string `command:` or `entrypoint:` comes with a map from its value back to the file, exact
 * for every scalar style (escapes, folded lines, block scalars), checked against the yaml
 * package's own reading of the value; where the two would disagree, every span maps to the
 * whole scalar instead.
 *
 * Not followed, since the parser sees one file: `extends:` with `file:`, top-level `include:`,
 * and `dockerfile_inline:`. Variables (`${IMAGE}`) are left as written.
 */
import { posix } from 'node:path';
import {
  Document,
  Scalar,
  YAMLMap,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Alias,
  type Node as YamlNode,
} from 'yaml';
import type { Range } from '../types';
import { LineIndex, detectEol, rangeOf, splitLines } from '../text';
import type {
  ComposeCommand,
  ComposeModel,
  ComposeService,
  ExecArg,
  Located,
  MappedText,
} from './model';

/**
 * Whether a file name (no folder) is one compose picks up or one people pass with `-f`:
 * `compose.yaml`, `docker-compose.yml`, and variants such as `compose.override.yaml`,
 * `docker-compose.prod.yml` or `docker-compose-dev.yml`.
 */
export function isComposeFileName(basename: string): boolean {
  return /^(?:docker-)?compose(?:[.\-_][^/\\]+)?\.ya?ml$/i.test(basename);
}

/** Parses a compose file. `path` is absolute with forward slashes; build paths resolve from it. */
export function parseCompose(path: string, text: string): ComposeModel {
  const reader = new ComposeReader(path, text);
  return {
    path,
    services: reader.read(),
    lines: splitLines(text),
    eol: detectEol(text),
    problems: reader.problems,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

type Problem = ComposeModel['problems'][number];

/** What one key of a mapping resolves to, after aliases and merge keys. */
interface Entry {
  key: string;
  keyNode: Scalar;
  value: YamlNode | null;
  /** The anchor the entry was merged from (`<<: *defaults`), when it was not written in place. */
  mergedFrom?: string;
}

interface BuildDraft {
  context?: Located<string>;
  dockerfile?: Located<string>;
  target?: Located<string>;
  range: Range;
}

/** A service as one document writes it, before documents and `extends:` are merged. */
type Draft = Omit<ComposeService, 'build' | 'extendsFrom'> & {
  build?: BuildDraft;
  extends?: Located<string>;
  /** The anchor of the first merge key (`<<: *name`) that gave the service a key. */
  mergedFrom?: string;
  /** Fields written with compose's `!reset` tag: unset, whatever an earlier document or the
   *  `extends:` base says. */
  resets?: Set<DraftField>;
  /** Fields written with `!override`: replace the base's value whole instead of merging. */
  overrides?: Set<DraftField>;
};

type DraftField = (typeof REPLACED_FIELDS)[number] | 'build' | 'profiles';

/** The draft field each compose key is read into. */
const DRAFT_FIELDS: Record<string, DraftField> = {
  image: 'image',
  build: 'build',
  command: 'command',
  entrypoint: 'entrypoint',
  init: 'init',
  stop_signal: 'stopSignal',
  stop_grace_period: 'stopGracePeriod',
  profiles: 'profiles',
  extends: 'extends',
};

/** Compose's own YAML tags, which the yaml package does not know and would warn about. */
const COMPOSE_TAGS = new Set(['!reset', '!override']);

/** Fields that a later document, or a service over its `extends:` base, replaces whole. */
const REPLACED_FIELDS = [
  'image',
  'command',
  'entrypoint',
  'init',
  'stopSignal',
  'stopGracePeriod',
  'extends',
  'mergedFrom',
] as const;

/** Go's strconv.ParseBool, which compose uses for booleans written as strings. */
const BOOLEAN_STRINGS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  true: true,
  TRUE: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  false: false,
  FALSE: false,
  False: false,
};

/** Deeper alias chains than this are cycles or abuse; either way they are not followed. */
const MAX_ALIAS_DEPTH = 32;

/**
 * How many keys merge keys (`<<`) may copy in one file, all mappings together. Each merged
 * mapping is expanded once, but a file can still ask for more than any real compose file needs
 * (many mappings each merging large ones); past this the merges are skipped and reported,
 * rather than blocking the editor. The yaml package refuses such files in the same spirit
 * ("Excessive alias count").
 */
const MAX_MERGED_KEYS = 100_000;

class ComposeReader {
  readonly problems: Problem[] = [];
  private readonly reported = new Set<string>();
  private readonly index: LineIndex;
  private readonly folder: string;
  /** Each mapping's keys after merges, worked out once: a mapping merged from many places
   *  (`<<: [*m, *m]`, nested) would otherwise be expanded once per path to it. */
  private readonly expanded = new Map<YAMLMap, Map<string, Entry>>();
  private readonly expanding = new Set<YAMLMap>();
  /** What each alias of the current document names, found in one pass over the document
   *  (Alias.resolve walks the whole document on each call). */
  private aliasTargets = new Map<Alias, YamlNode>();
  private mergedKeys = 0;
  private mergeBudgetReported = false;

  constructor(
    path: string,
    private readonly text: string,
  ) {
    this.index = new LineIndex(text);
    this.folder = posix.dirname(path.replace(/\\/g, '/'));
  }

  read(): ComposeService[] {
    // Compose reads a multi-document file as if each document were its own `-f` file, merged
    // in order (compose-spec/compose-go#451).
    const drafts = new Map<string, Draft>();
    for (const doc of parseAllDocuments(this.text, { prettyErrors: false })) {
      this.aliasTargets = aliasTargets(doc);
      for (const error of [...doc.errors, ...doc.warnings]) {
        if (
          error.code === 'TAG_RESOLVE_FAILED' &&
          COMPOSE_TAGS.has(error.message.replace(/^Unresolved tag: /, ''))
        ) {
          continue;
        }
        this.problem(error.message, this.span(error.pos[0], error.pos[1]));
      }
      for (const draft of this.readDocument(doc)) {
        const earlier = drafts.get(draft.name);
        drafts.set(draft.name, earlier ? overlay(earlier, draft) : draft);
      }
    }
    const resolved = this.withBases(drafts);
    return [...drafts.values()].map((draft) => this.finish(draft, resolved));
  }

  private readDocument(doc: Document.Parsed): Draft[] {
    const root = this.present(doc.contents);
    if (!root) {
      return [];
    }
    if (!isMap(root)) {
      this.problem('A compose file must be a mapping of top-level keys.', this.rangeOfNode(root));
      return [];
    }
    const services = this.entries(root).get('services');
    if (!services) {
      return [];
    }
    const map = this.present(services.value);
    if (!map) {
      return [];
    }
    if (!isMap(map)) {
      this.problem('`services` must be a mapping of service names.', this.rangeOfNode(map));
      return [];
    }

    const drafts: Draft[] = [];
    for (const entry of this.entries(map).values()) {
      const draft = this.readService(entry);
      if (draft) {
        drafts.push(draft);
      }
    }
    return drafts;
  }

  private readService(entry: Entry): Draft | undefined {
    const keyRange = this.rangeOfNode(entry.keyNode);
    const written = entry.value;
    const node = this.deref(written);
    if (!isMap(node)) {
      const where = node ? this.rangeOfNode(node) : keyRange;
      this.problem(`Service \`${entry.key}\` must be a mapping.`, where);
      return undefined;
    }

    const keys = node.items
      .filter((pair) => isScalar(pair.key))
      .map((pair) => ({
        key: String((pair.key as Scalar).value),
        range: this.rangeOfNode(pair.key as Scalar),
      }));
    const firstKey = node.items.find((pair) => isScalar(pair.key))?.key as Scalar | undefined;
    const draft: Draft = {
      name: entry.key,
      keyRange,
      range: this.rangeOfNode(written && isAlias(written) ? written : node),
      keyIndent:
        firstKey && !node.flow && !isAlias(written)
          ? this.index.positionAt(this.start(firstKey)).character
          : keyRange.start.character + 2,
      keys: isAlias(written) ? [] : keys,
    };
    if (isAlias(written)) {
      draft.layout = 'alias';
    } else if (node.flow) {
      draft.layout = 'flow';
    }

    for (const field of this.entries(node).values()) {
      if (field.mergedFrom !== undefined && draft.mergedFrom === undefined) {
        draft.mergedFrom = field.mergedFrom;
      }
      this.readField(draft, field);
    }
    return draft;
  }

  private readField(draft: Draft, field: Entry): void {
    const tag = field.value && !isAlias(field.value) ? field.value.tag : undefined;
    const target = DRAFT_FIELDS[field.key] as DraftField | undefined;
    if (target && tag === '!reset') {
      (draft.resets ??= new Set()).add(target);
      return;
    }
    if (target && tag === '!override') {
      (draft.overrides ??= new Set()).add(target);
    }
    const node = this.present(field.value);
    if (!node) {
      return;
    }
    const where = label(field.key, draft.name);
    switch (field.key) {
      case 'image':
        draft.image = this.string(node, where);
        break;
      case 'build':
        draft.build = this.build(node, draft.name);
        break;
      case 'command':
        draft.command = this.command(node, where);
        break;
      case 'entrypoint':
        draft.entrypoint = this.command(node, where);
        break;
      case 'init':
        draft.init = this.boolean(node, where);
        break;
      case 'stop_signal':
        draft.stopSignal = this.string(node, where);
        break;
      case 'stop_grace_period':
        draft.stopGracePeriod = this.string(node, where);
        break;
      case 'profiles':
        draft.profiles = this.stringList(node, where);
        break;
      case 'extends':
        draft.extends = this.extendsTarget(node, draft.name);
        break;
    }
  }

  private build(node: YamlNode, service: string): BuildDraft | undefined {
    const where = label('build', service);
    if (isScalar(node)) {
      const context = this.string(node, where);
      return context && { context, range: context.range };
    }
    if (!isMap(node)) {
      this.problem(`${where} must be a path or a mapping.`, this.rangeOfNode(node));
      return undefined;
    }
    const build: BuildDraft = { range: this.rangeOfNode(node) };
    for (const entry of this.entries(node).values()) {
      const value = this.present(entry.value);
      if (
        value &&
        (entry.key === 'context' || entry.key === 'dockerfile' || entry.key === 'target')
      ) {
        build[entry.key] = this.string(value, label(`build.${entry.key}`, service));
      }
    }
    return build;
  }

  private command(node: YamlNode, where: string): ComposeCommand | undefined {
    const range = this.rangeOfNode(node);
    if (isScalar(node)) {
      const mapped = this.mapped(node);
      return { kind: 'string', value: mapped.text, mapped, range };
    }
    if (!isSeq(node)) {
      this.problem(`${where} must be a string or a list of strings.`, range);
      return undefined;
    }
    const args: ExecArg[] = [];
    for (const item of node.items) {
      const value = this.deref(item as YamlNode | null);
      const arg = value && this.string(value, `Each item of ${where}`);
      if (arg) {
        args.push(arg);
      }
    }
    return { kind: 'list', args, range };
  }

  private boolean(node: YamlNode, where: string): Located<boolean> | undefined {
    const range = this.rangeOfNode(node);
    if (isScalar(node)) {
      if (typeof node.value === 'boolean') {
        return { value: node.value, range };
      }
      if (typeof node.value === 'string' && node.value in BOOLEAN_STRINGS) {
        return { value: BOOLEAN_STRINGS[node.value], range };
      }
    }
    this.problem(`${where} must be true or false.`, range);
    return undefined;
  }

  private string(node: YamlNode, where: string): Located<string> | undefined {
    const range = this.rangeOfNode(node);
    if (!isScalar(node)) {
      this.problem(`${where} must be a string.`, range);
      return undefined;
    }
    return { value: this.scalarText(node), range };
  }

  private stringList(node: YamlNode, where: string): string[] | undefined {
    if (!isSeq(node)) {
      this.problem(`${where} must be a list of strings.`, this.rangeOfNode(node));
      return undefined;
    }
    const values: string[] = [];
    for (const item of node.items) {
      const value = this.deref(item as YamlNode | null);
      const located = value && this.string(value, `Each item of ${where}`);
      if (located) {
        values.push(located.value);
      }
    }
    return values;
  }

  private extendsTarget(node: YamlNode, service: string): Located<string> | undefined {
    const where = label('extends', service);
    if (isScalar(node)) {
      return this.string(node, where);
    }
    if (!isMap(node)) {
      this.problem(`${where} must be a service name or a mapping.`, this.rangeOfNode(node));
      return undefined;
    }
    const entries = this.entries(node);
    // A base in another file is not read here: the parser sees one file at a time.
    if (entries.has('file')) {
      return undefined;
    }
    const base = this.deref(entries.get('service')?.value ?? null);
    if (!base) {
      this.problem(`${where} must name a \`service\`.`, this.rangeOfNode(node));
      return undefined;
    }
    return this.string(base, label('extends.service', service));
  }

  /** Turns a draft, merged over its `extends:` bases, into the model's service. */
  private finish(draft: Draft, resolved: Map<string, Draft>): ComposeService {
    const { build, extends: base, mergedFrom, ...service } = resolved.get(draft.name) ?? draft;
    delete service.resets;
    delete service.overrides;
    const finished: ComposeService = service;
    if (build) {
      finished.build = this.resolveBuild(build);
    }
    const from = base?.value ?? mergedFrom;
    if (from !== undefined) {
      finished.extendsFrom = from;
    }
    return finished;
  }

  /** Every draft merged over its chain of `extends:` bases. Each service is resolved once, so
   *  a missing base or a cycle is reported once, where the `extends:` that breaks is written. */
  private withBases(drafts: Map<string, Draft>): Map<string, Draft> {
    const resolved = new Map<string, Draft>();
    const visiting = new Set<string>();
    const resolve = (draft: Draft): Draft => {
      const done = resolved.get(draft.name);
      if (done) {
        return done;
      }
      let result = draft;
      const target = draft.extends;
      const base = target && drafts.get(target.value);
      if (target && !base) {
        this.problem(
          `Service \`${draft.name}\` extends \`${target.value}\`, which is not defined in this file.`,
          target.range,
        );
      } else if (target && base && visiting.has(base.name)) {
        this.problem(
          `Service \`${draft.name}\` extends itself through \`${target.value}\`.`,
          target.range,
        );
      } else if (base) {
        visiting.add(draft.name);
        result = overlay(resolve(base), draft);
        visiting.delete(draft.name);
      }
      resolved.set(draft.name, result);
      return result;
    };
    drafts.forEach((draft) => resolve(draft));
    return resolved;
  }

  private resolveBuild(build: BuildDraft): NonNullable<ComposeService['build']> {
    const contextValue = build.context?.value ?? '.';
    const dockerfileValue = build.dockerfile?.value ?? 'Dockerfile';
    const context = resolvePath(this.folder, contextValue);
    const remote = isRemote(contextValue);
    const resolved: NonNullable<ComposeService['build']> = {
      context,
      // Never a bare relative name for a remote context: a reader would look for it locally.
      dockerfile: remote
        ? `${contextValue.replace(/\/+$/, '')}/${dockerfileValue}`
        : resolvePath(context, dockerfileValue),
      range: build.range,
    };
    if (remote) {
      resolved.remote = true;
    }
    if (build.target) {
      resolved.target = build.target.value;
    }
    return resolved;
  }

  // -------------------------------------------------------------------------------------------
  // YAML helpers

  /**
   * The keys of a mapping with their values, after merge keys: keys written in the mapping win,
   * then the merge sources in the order listed (YAML 1.1 merge, which compose supports).
   */
  private entries(map: YAMLMap, depth = 0): Map<string, Entry> {
    const done = this.expanded.get(map);
    if (done) {
      return done;
    }
    this.expanding.add(map);
    const own = new Map<string, Entry>();
    const merged: Entry[] = [];
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key)) {
        continue;
      }
      const key = pair.key as Scalar;
      const value = (pair.value ?? null) as YamlNode | null;
      if (key.value === '<<' && key.type === Scalar.PLAIN) {
        merged.push(...this.mergeSources(value, depth));
        continue;
      }
      own.set(String(key.value), { key: String(key.value), keyNode: key, value });
    }
    for (const entry of merged) {
      if (!own.has(entry.key)) {
        own.set(entry.key, entry);
      }
    }
    this.expanding.delete(map);
    this.expanded.set(map, own);
    return own;
  }

  private mergeSources(value: YamlNode | null, depth: number): Entry[] {
    const sources = isSeq(value) ? (value.items as (YamlNode | null)[]) : [value];
    const entries: Entry[] = [];
    for (const source of sources) {
      const map = depth < MAX_ALIAS_DEPTH ? this.deref(source) : undefined;
      if (map === undefined || (isMap(map) && this.expanding.has(map))) {
        this.problem(
          'Merge keys (`<<`) nest too deeply, or refer to themselves.',
          this.rangeOfNode(value!),
        );
        break;
      }
      if (!isMap(map)) {
        // An unknown anchor is already reported by deref.
        if (map) {
          this.problem(
            'A merge key (`<<`) needs a mapping or a list of mappings.',
            this.rangeOfNode(source ?? map),
          );
        }
        continue;
      }
      const merged = this.entries(map, depth + 1);
      if (this.mergedKeys + merged.size > MAX_MERGED_KEYS) {
        if (!this.mergeBudgetReported) {
          this.mergeBudgetReported = true;
          this.problem(
            `Merge keys (\`<<\`) in this file copy more than ${MAX_MERGED_KEYS} keys; ` +
              'the merges past that point were not read, so services may be missing values.',
            this.rangeOfNode(value!),
          );
        }
        break;
      }
      this.mergedKeys += merged.size;
      const anchor = isAlias(source) ? source.source : undefined;
      for (const entry of merged.values()) {
        entries.push({ ...entry, mergedFrom: entry.mergedFrom ?? anchor });
      }
    }
    // Earlier sources win over later ones, so only the first entry of each key counts.
    const seen = new Set<string>();
    return entries.filter((entry) => !seen.has(entry.key) && seen.add(entry.key));
  }

  /** The node a value stands for, or null when it is missing or an explicit YAML null (which
   *  compose reads as not set). */
  private present(node: YamlNode | null | undefined): YamlNode | null {
    const value = this.deref(node);
    return isScalar(value) && value.value === null ? null : value;
  }

  /** Follows aliases to the node they name; null for a missing value or an unknown anchor. */
  private deref(node: YamlNode | null | undefined): YamlNode | null {
    let current = node ?? null;
    for (let depth = 0; current && isAlias(current); depth++) {
      const target = depth < MAX_ALIAS_DEPTH ? this.aliasTargets.get(current) : undefined;
      if (!target) {
        this.problem(`Unknown anchor \`${current.source}\`.`, this.rangeOfNode(current));
        return null;
      }
      current = target;
    }
    return current;
  }

  /** A scalar's value as compose reads it into a string: strings as they are, other scalars
   *  (numbers, booleans) as written, since compose's schema takes them as text. */
  private scalarText(node: Scalar): string {
    if (typeof node.value === 'string') {
      return node.value;
    }
    const [start, end] = this.bounds(node);
    return this.text.slice(start, end);
  }

  private mapped(node: Scalar): MappedText {
    const [start, end] = this.bounds(node);
    const value = this.scalarText(node);
    const map =
      typeof node.value === 'string'
        ? mapScalar(this.text, start, end, node.type, value)
        : identity(start, value);
    const index = this.index;
    if (!map) {
      // The decoder could not reproduce the value (an unusual block scalar, say): every span
      // maps to the whole scalar, which is still the right place for a finding.
      const whole = rangeOf(index, start, end);
      return { text: value, toRange: () => whole };
    }
    return {
      text: value,
      toRange(from: number, to: number): Range {
        const n = map.starts.length;
        const a = Math.max(0, Math.min(from, n));
        const b = Math.max(a, Math.min(to, n));
        if (a === b) {
          const at = a < n ? map.starts[a] : n > 0 ? map.ends[n - 1] : map.empty;
          return rangeOf(index, at, at);
        }
        return rangeOf(index, map.starts[a], map.ends[b - 1]);
      },
    };
  }

  /** Offsets of a node's value, trailing whitespace and line breaks excluded. */
  private bounds(node: YamlNode): [number, number] {
    const start = this.start(node);
    let end = node.range?.[1] ?? start;
    while (end > start && /\s/.test(this.text[end - 1])) {
      end--;
    }
    return [start, end];
  }

  private start(node: YamlNode): number {
    return node.range?.[0] ?? 0;
  }

  private rangeOfNode(node: YamlNode): Range {
    const [start, end] = this.bounds(node);
    return this.span(start, end);
  }

  private span(start: number, end: number): Range {
    return rangeOf(this.index, start, end);
  }

  /** Records a problem once: a node shared through an anchor is read once per use. */
  private problem(message: string, range: Range): void {
    const key = `${range.start.line}:${range.start.character}:${message}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.problems.push({ message, range });
    }
  }
}

/** Each alias of a document with the node it names: the closest node before it that carries
 *  the anchor, as YAML (and the yaml package's Alias.resolve) reads it. */
function aliasTargets(doc: Document.Parsed): Map<Alias, YamlNode> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) {
          targets.set(node, target);
        }
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  return targets;
}

function label(key: string, service: string): string {
  return `\`${key}\` of service \`${service}\``;
}

/** `over` merged on top of `base`, as compose merges files and `extends:`. */
function overlay(base: Draft, over: Draft): Draft {
  const merged: Draft = { ...over };
  const reset = (field: DraftField): boolean => over.resets?.has(field) ?? false;
  const replaced = (field: DraftField): boolean =>
    reset(field) || (over.overrides?.has(field) ?? false);
  for (const field of REPLACED_FIELDS) {
    if (merged[field] === undefined && base[field] !== undefined && !reset(field)) {
      Object.assign(merged, { [field]: base[field] });
    }
  }
  if (replaced('build')) {
    // `build: !reset` drops the base's build; `build: !override` replaces it whole.
  } else if (base.build && over.build) {
    merged.build = {
      context: over.build.context ?? base.build.context,
      dockerfile: over.build.dockerfile ?? base.build.dockerfile,
      target: over.build.target ?? base.build.target,
      range: over.build.range,
    };
  } else if (base.build && !over.build) {
    merged.build = base.build;
  }
  // Lists are appended when compose merges; profiles are a set, so repeats are dropped.
  if (replaced('profiles')) {
    // Set (or unset) by the later one alone.
  } else if (base.profiles || over.profiles) {
    merged.profiles = [...new Set([...(base.profiles ?? []), ...(over.profiles ?? [])])];
  }
  return merged;
}

/** A git URL or remote tarball, which compose hands to the builder instead of reading. */
function isRemote(context: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(context);
}

/** A build path resolved against a folder; backslashes (Windows users write them) become
 *  slashes, and a remote context stays as written. */
function resolvePath(folder: string, value: string): string {
  if (isRemote(value)) {
    return value;
  }
  const path = value.replace(/\\/g, '/');
  const absolute = path.startsWith('/') || /^[A-Za-z]:\//.test(path);
  return absolute ? posix.normalize(path) : posix.join(folder, path);
}

// ---------------------------------------------------------------------------------------------
// Scalar source maps

/** For each UTF-16 unit of a scalar's value, the span of source text it comes from. */
interface SourceMap {
  starts: number[];
  ends: number[];
  /** Where an empty value sits. */
  empty: number;
}

class MapBuilder {
  value = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  push(text: string, start: number, end: number): void {
    this.value += text;
    for (let i = 0; i < text.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  truncate(length: number): void {
    this.value = this.value.slice(0, length);
    this.starts.length = Math.min(this.starts.length, length);
    this.ends.length = Math.min(this.ends.length, length);
  }
}

function identity(start: number, value: string): SourceMap {
  const starts = Array.from({ length: value.length }, (_, i) => start + i);
  return { starts, ends: starts.map((s) => s + 1), empty: start };
}

/**
 * Maps a string scalar's value back to its source: exact for plain, single- and double-quoted
 * scalars (folded lines and escapes included) and for literal and folded block scalars. The
 * decoding is checked against the YAML library's value; undefined when they disagree.
 */
function mapScalar(
  text: string,
  start: number,
  end: number,
  type: Scalar['type'],
  value: string,
): SourceMap | undefined {
  let built: MapBuilder | undefined;
  let empty = start;
  switch (type) {
    case Scalar.PLAIN:
      built = decodeFlow(text, start, end, 'plain');
      break;
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE:
      empty = start + 1;
      built = decodeFlow(
        text,
        start + 1,
        end - 1,
        type === Scalar.QUOTE_SINGLE ? 'single' : 'double',
      );
      break;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      built = decodeBlock(text, start, end, value);
      break;
  }
  if (!built || built.value !== value) {
    return undefined;
  }
  return { starts: built.starts, ends: built.ends, empty };
}

interface Piece {
  text: string;
  start: number;
  end: number;
  /** A space or tab written as such, which line folding may trim (an escaped one it may not). */
  blank: boolean;
}

interface FlowLine {
  pieces: Piece[];
  /** The line break that ends the line; none on the last line. */
  breakStart: number;
  breakEnd: number;
  /** The line had an escaped line break: it never counts as blank, even with no content. */
  joined: boolean;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

function flowLines(
  text: string,
  start: number,
  end: number,
  style: 'plain' | 'single' | 'double',
): FlowLine[] | undefined {
  const lines: FlowLine[] = [];
  let pieces: Piece[] = [];
  let joined = false;
  const endLine = (breakStart: number, breakEnd: number): void => {
    lines.push({ pieces, breakStart, breakEnd, joined });
    pieces = [];
    joined = false;
  };
  let i = start;
  while (i < end) {
    const ch = text[i];
    // Inside a flow scalar a lone \r is content, as the yaml package reads it.
    if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      const breakEnd = ch === '\r' ? i + 2 : i + 1;
      endLine(i, breakEnd);
      i = breakEnd;
    } else if (style === 'single' && ch === "'" && text[i + 1] === "'") {
      pieces.push({ text: "'", start: i, end: i + 2, blank: false });
      i += 2;
    } else if (style === 'double' && ch === '\\') {
      const next = text[i + 1];
      if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        // An escaped line break joins the next line, minus its indentation, to this one; the
        // blanks before the backslash stay. Blank lines after it then fold as usual. (This is
        // how the yaml package reads it; the spec would turn each such blank line into a line
        // feed, and the value reported is the package's.)
        let trailing = pieces.length;
        while (trailing > 0 && pieces[trailing - 1].blank) trailing--;
        if (trailing > 0 || lines.length === 0) {
          pieces.slice(trailing).forEach((piece) => (piece.blank = false));
        }
        joined = true;
        i = next === '\r' && text[i + 2] === '\n' ? i + 3 : i + 2;
        while (text[i] === ' ' || text[i] === '\t') i++;
      } else if (next in HEX_LENGTHS) {
        const digits = text.slice(i + 2, i + 2 + HEX_LENGTHS[next]);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_LENGTHS[next]) {
          return undefined;
        }
        const pieceEnd = i + 2 + digits.length;
        pieces.push({
          text: String.fromCodePoint(parseInt(digits, 16)),
          start: i,
          end: pieceEnd,
          blank: false,
        });
        i = pieceEnd;
      } else if (next in ESCAPES) {
        pieces.push({ text: ESCAPES[next], start: i, end: i + 2, blank: false });
        i += 2;
      } else {
        return undefined;
      }
    } else {
      pieces.push({ text: ch, start: i, end: i + 1, blank: ch === ' ' || ch === '\t' });
      i++;
    }
  }
  endLine(end, end);
  return lines;
}

/** Decodes a plain or quoted scalar, folding its lines as YAML does. */
function decodeFlow(
  text: string,
  start: number,
  end: number,
  style: 'plain' | 'single' | 'double',
): MapBuilder | undefined {
  const lines = flowLines(text, start, end, style);
  if (!lines) {
    return undefined;
  }
  const last = lines.length - 1;
  const trimmed = lines.map((line, i) => {
    let from = 0;
    let to = line.pieces.length;
    if (i > 0) {
      while (from < to && line.pieces[from].blank) from++;
    }
    if (i < last) {
      while (to > from && line.pieces[to - 1].blank) to--;
    }
    return line.pieces.slice(from, to);
  });

  const out = new MapBuilder();
  let previous = 0;
  const emit = (pieces: Piece[]): void => pieces.forEach((p) => out.push(p.text, p.start, p.end));
  emit(trimmed[0]);
  for (let i = 1; i <= last; i++) {
    if (trimmed[i].length === 0 && !lines[i].joined && i < last) {
      continue;
    }
    // Lines previous+1 .. i-1 are empty: each is one line feed; with none, the break folds
    // into a space.
    const emptyLines = lines.slice(previous + 1, i);
    for (const empty of emptyLines) {
      out.push('\n', empty.breakStart, empty.breakEnd);
    }
    if (emptyLines.length === 0) {
      const from = trimmed[previous].at(-1)?.end ?? lines[previous].breakStart;
      out.push(' ', from, trimmed[i][0]?.start ?? lines[previous].breakEnd);
    }
    emit(trimmed[i]);
    previous = i;
  }
  return out;
}

interface BlockLine {
  start: number;
  end: number;
  breakEnd: number;
}

/** Decodes a literal (`|`) or folded (`>`) block scalar, trying the indentation that makes the
 *  decoding agree with the parsed value (an explicit indentation indicator is relative to a
 *  parent indentation that is not known here). */
function decodeBlock(
  text: string,
  start: number,
  end: number,
  value: string,
): MapBuilder | undefined {
  const header = /^([|>])([0-9+-]*)[^\n]*?(\r\n|\n|$)/.exec(text.slice(start, end));
  if (!header) {
    return undefined;
  }
  const folded = header[1] === '>';
  const chomp = header[2].includes('-') ? 'strip' : header[2].includes('+') ? 'keep' : 'clip';
  const lines: BlockLine[] = [];
  // `end` stops at the last content character; the blank lines after it still belong to the
  // scalar (their line feeds are kept by `|+`), up to the next line with text.
  for (let i = start + header[0].length; i < text.length;) {
    const lineEnd = nextBreak(text, i, text.length);
    const breakEnd =
      text[lineEnd] === '\r' && text[lineEnd + 1] === '\n'
        ? lineEnd + 2
        : Math.min(lineEnd + 1, text.length);
    if (i >= end && !/^[ \t]*$/.test(text.slice(i, lineEnd))) {
      break;
    }
    lines.push({ start: i, end: lineEnd, breakEnd });
    i = breakEnd;
  }
  const firstContent = lines.find((line) => text.slice(line.start, line.end).trim() !== '');
  const guess = firstContent
    ? /^ */.exec(text.slice(firstContent.start, firstContent.end))![0].length
    : 0;
  for (const indent of [guess, ...Array.from({ length: guess }, (_, i) => i)]) {
    const out = decodeBlockLines(text, lines, indent, folded, chomp);
    if (out.value === value) {
      return out;
    }
  }
  return undefined;
}

/** Where the line starting at `from` ends. Only \n and \r\n end lines inside a scalar: the
 *  yaml package keeps a lone \r as content. */
function nextBreak(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) i++;
  return i;
}

function decodeBlockLines(
  text: string,
  lines: BlockLine[],
  indent: number,
  folded: boolean,
  chomp: 'strip' | 'clip' | 'keep',
): MapBuilder {
  const out = new MapBuilder();
  let previous: { kind: 'text' | 'spaced'; line: BlockLine } | undefined;
  let empties: BlockLine[] = [];
  let contentEnd = 0;
  for (const line of lines) {
    const raw = text.slice(line.start, line.end);
    if (raw.length <= indent && /^ *$/.test(raw)) {
      empties.push(line);
      continue;
    }
    const kind = /^[ \t]/.test(raw.slice(indent)) ? 'spaced' : 'text';
    if (previous) {
      if (folded && previous.kind === 'text' && kind === 'text' && empties.length === 0) {
        out.push(' ', previous.line.end, previous.line.breakEnd);
      } else if (!folded || previous.kind !== 'text' || kind !== 'text') {
        out.push('\n', previous.line.end, previous.line.breakEnd);
      }
    }
    for (const empty of empties) {
      out.push('\n', empty.end, empty.breakEnd);
    }
    empties = [];
    for (let i = indent; i < raw.length; i++) {
      out.push(raw[i], line.start + i, line.start + i + 1);
    }
    contentEnd = out.value.length;
    previous = { kind, line };
  }
  if (previous) {
    out.push('\n', previous.line.end, previous.line.breakEnd);
  }
  for (const empty of empties) {
    out.push('\n', empty.end, empty.breakEnd);
  }
  if (chomp === 'strip') {
    out.truncate(contentEnd);
  } else if (chomp === 'clip') {
    out.truncate(previous ? contentEnd + 1 : 0);
  }
  return out;
}
