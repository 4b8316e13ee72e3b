import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Document, Scalar, parse, visit } from 'yaml';
import { isComposeFileName, parseCompose } from '../../../src/core/parse/compose';
import type { ComposeCommand, ComposeModel, ComposeService } from '../../../src/core/parse/model';
import type { Range } from '../../../src/core/types';
import { LineIndex } from '../../../src/core/text';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/compose').replace(/\\/g, '/');

interface Loaded {
  model: ComposeModel;
  text: string;
  /** The source text a range covers. */
  slice(range: Range): string;
  /** The range of the first `needle` after the first `after` (both searched in the text). */
  find(needle: string, after?: string): Range;
  service(name: string): ComposeService;
}

function load(text: string, path = '/project/compose.yaml'): Loaded {
  const model = parseCompose(path, text);
  const index = new LineIndex(text);
  return {
    model,
    text,
    slice: (range) => text.slice(index.offsetAt(range.start), index.offsetAt(range.end)),
    find(needle, after) {
      const from = after === undefined ? 0 : text.indexOf(after);
      assert.ok(from >= 0, `fixture has no ${after}`);
      const start = text.indexOf(needle, from);
      assert.ok(start >= 0, `fixture has no ${needle} after ${after}`);
      return { start: index.positionAt(start), end: index.positionAt(start + needle.length) };
    },
    service(name) {
      const service = model.services.find((s) => s.name === name);
      assert.ok(service, `no service ${name}`);
      return service;
    },
  };
}

function fixture(name: string): Loaded {
  const path = `${FIXTURES}/${name}/compose.yaml`;
  return load(readFileSync(path, 'utf8'), path);
}

function stringCommand(command: ComposeCommand | undefined) {
  assert.ok(command && command.kind === 'string', 'expected a string command');
  return command;
}

function listCommand(command: ComposeCommand | undefined) {
  assert.ok(command && command.kind === 'list', 'expected a list command');
  return command;
}

/** The source text that a span of a string command's value maps back to. */
function sourceOf(loaded: Loaded, command: ComposeCommand | undefined, word: string): string {
  const { mapped } = stringCommand(command);
  const start = mapped.text.indexOf(word);
  assert.ok(start >= 0, `${word} not in ${mapped.text}`);
  return loaded.slice(mapped.toRange(start, start + word.length));
}

/** A small deterministic generator, so that a failing case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function pick<T>(random: () => number, items: T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Parses a file whose `web` service has a string command, checks the value against the yaml
 *  package's own reading, and checks that every letter of it maps back to that letter. */
function assertMapsLetters(text: string): void {
  const loaded = load(text);
  const expected = parse(text).services.web.command;
  const { mapped } = stringCommand(loaded.service('web').command);

  assert.deepEqual(loaded.model.problems, [], JSON.stringify(text));
  assert.equal(mapped.text, expected, JSON.stringify(text));
  for (let i = 0; i < mapped.text.length; i++) {
    if (/[a-z]/.test(mapped.text[i])) {
      const source = loaded.slice(mapped.toRange(i, i + 1));
      assert.equal(source, mapped.text[i], `${JSON.stringify(text)} at ${i}`);
    }
  }
}

describe('parseCompose: services and their keys', () => {
  it('reads a string command with the range of the scalar', () => {
    const basic = fixture('basic');
    const command = stringCommand(basic.service('web').command);

    assert.equal(command.value, 'npm start');
    assert.equal(command.mapped.text, 'npm start');
    assert.deepEqual(command.range, {
      start: { line: 4, character: 13 },
      end: { line: 4, character: 22 },
    });
    assert.deepEqual(command.mapped.toRange(4, 9), basic.find('start', 'command: npm'));
  });

  it('reads list commands with one argument per item, quotes included in the range', () => {
    const basic = fixture('basic');
    const worker = basic.service('worker');
    const entrypoint = listCommand(worker.entrypoint);
    const command = listCommand(worker.command);

    assert.deepEqual(
      entrypoint.args.map((arg) => [arg.value, basic.slice(arg.range)]),
      [
        ['python', '"python"'],
        ['-u', '"-u"'],
      ],
    );
    assert.equal(basic.slice(entrypoint.range), '["python", "-u"]');
    assert.deepEqual(
      command.args.map((arg) => [arg.value, basic.slice(arg.range)]),
      [
        ['worker.py', 'worker.py'],
        ['--queue=jobs', '--queue=jobs'],
      ],
    );
    assert.deepEqual(command.args[1].range, basic.find('--queue=jobs'));
  });

  it('reads image, init, stop_signal, stop_grace_period and profiles with their ranges', () => {
    const basic = fixture('basic');
    const web = basic.service('web');
    const worker = basic.service('worker');

    assert.equal(web.image?.value, 'node:20-slim');
    assert.deepEqual(web.init, { value: true, range: basic.find('true', 'init:') });
    assert.deepEqual(web.stopSignal, { value: 'SIGINT', range: basic.find('SIGINT') });
    assert.deepEqual(web.stopGracePeriod, { value: '30s', range: basic.find('30s') });
    assert.deepEqual(web.profiles, ['dev', 'web']);
    assert.equal(worker.image?.value, 'python:3.12');
    assert.equal(basic.slice(worker.image!.range), '"python:3.12"');
    assert.deepEqual(worker.init, { value: false, range: basic.find('"false"') });
    assert.equal(worker.profiles, undefined);
    assert.deepEqual(basic.model.problems, []);
  });

  it('lists the keys in written order, with the service key range and indentation', () => {
    const basic = fixture('basic');
    const web = basic.service('web');

    assert.deepEqual(
      web.keys.map((key) => key.key),
      ['image', 'command', 'init', 'stop_signal', 'stop_grace_period', 'profiles'],
    );
    assert.deepEqual(web.keys[2].range, basic.find('init', 'web:'));
    assert.deepEqual(web.keyRange, basic.find('web', 'services:'));
    assert.equal(web.keyIndent, 4);
    assert.equal(web.layout, undefined);
    assert.equal(basic.slice(web.range).split('\n')[0], 'image: node:20-slim');
    assert.ok(basic.slice(web.range).endsWith('profiles: [dev, web]'));
  });

  it('leaves unset keys out rather than set to undefined', () => {
    for (const name of ['basic', 'build', 'extends', 'anchors', 'multi-document']) {
      for (const service of fixture(name).model.services) {
        const unset = Object.entries(service).filter(([, value]) => value === undefined);
        assert.deepEqual(unset, [], `${name}: ${service.name}`);
      }
    }
  });

  it('follows the indentation the file uses', () => {
    const loaded = load('services:\n    api:\n        image: x\n        init: yes\n');

    assert.equal(loaded.service('api').keyIndent, 8);
    assert.equal(loaded.service('api').init, undefined);
    assert.equal(loaded.model.problems.length, 1);
    assert.match(loaded.model.problems[0].message, /init.*api.*true or false/);
    assert.deepEqual(loaded.model.problems[0].range, loaded.find('yes'));
  });

  it('marks flow mappings, where no key line can be added', () => {
    const loaded = load('services:\n  web: {image: x, init: true}\n');
    const web = loaded.service('web');

    assert.equal(web.layout, 'flow');
    assert.equal(web.init?.value, true);
    assert.deepEqual(
      web.keys.map((key) => key.key),
      ['image', 'init'],
    );
  });

  it('reports wrongly shaped values and keeps the rest', () => {
    const loaded = load(
      'services:\n  web:\n    image: [a]\n    command: {a: 1}\n    entrypoint: sh\n    profiles: dev\n',
    );
    const web = loaded.service('web');

    assert.equal(web.image, undefined);
    assert.equal(web.command, undefined);
    assert.equal(stringCommand(web.entrypoint).value, 'sh');
    assert.equal(web.profiles, undefined);
    assert.deepEqual(
      loaded.model.problems.map((p) => loaded.slice(p.range)),
      ['[a]', '{a: 1}', 'dev'],
    );
  });

  it('reads non-string scalars as written', () => {
    const loaded = load(
      'services:\n  web:\n    command: [sleep, 010, 1.50]\n    stop_signal: 15\n',
    );
    const web = loaded.service('web');

    assert.deepEqual(
      listCommand(web.command).args.map((arg) => arg.value),
      ['sleep', '010', '1.50'],
    );
    assert.equal(web.stopSignal?.value, '15');
  });
});

describe('parseCompose: string commands map back to the file', () => {
  it('maps single-quoted scalars, doubled quotes included', () => {
    const quoting = fixture('quoting');
    const command = stringCommand(quoting.service('single').command);

    assert.equal(command.value, "sh -c 'echo hi && exec sleep 1'");
    assert.equal(sourceOf(quoting, command, 'echo hi && exec'), 'echo hi && exec');
    assert.equal(sourceOf(quoting, command, "'echo"), "''echo");
    assert.deepEqual(
      command.mapped.toRange(command.value.indexOf('&&'), command.value.indexOf('&&') + 2),
      quoting.find('&&', 'single:'),
    );
    assert.equal(quoting.slice(command.range), "'sh -c ''echo hi && exec sleep 1'''");
  });

  it('maps double-quoted scalars through their escapes', () => {
    const quoting = fixture('quoting');
    const command = stringCommand(quoting.service('double').command);

    assert.equal(command.value, `sh -c "trap 'exit 0' TERM; sleep 5" \t end`);
    assert.equal(sourceOf(quoting, command, "trap 'exit 0' TERM;"), "trap 'exit 0' TERM;");
    assert.equal(sourceOf(quoting, command, '"trap'), '\\"trap');
    assert.equal(sourceOf(quoting, command, '\t'), '\\t');
    assert.deepEqual(
      command.mapped.toRange(command.value.indexOf(';'), command.value.indexOf(';') + 1),
      quoting.find(';', 'double:'),
    );
  });

  it('maps a plain scalar folded over two lines', () => {
    const quoting = fixture('quoting');
    const command = stringCommand(quoting.service('folded-plain').command);

    assert.equal(command.value, 'node server.js   --port 80');
    assert.deepEqual(command.mapped.toRange(5, 14), quoting.find('server.js', 'folded-plain:'));
    assert.equal(sourceOf(quoting, command, 'node server.js'), 'node\n      server.js');
    assert.equal(sourceOf(quoting, command, '--port 80'), '--port 80');
  });

  it('maps folded block scalars', () => {
    const quoting = fixture('quoting');
    const entrypoint = stringCommand(quoting.service('block').entrypoint);

    assert.equal(entrypoint.value, "sh -c 'exec node app.js'");
    assert.deepEqual(
      entrypoint.mapped.toRange(
        entrypoint.value.indexOf('exec'),
        entrypoint.value.indexOf('exec') + 4,
      ),
      quoting.find('exec', 'block:'),
    );
    assert.ok(quoting.slice(entrypoint.range).startsWith('>-'));
  });

  it('maps literal block scalars, keeping line breaks and the chomping indicator', () => {
    const text =
      'services:\n  web:\n    command: |\n      sh -c\n\n        "exec node"\n\n  db:\n    image: x\n';
    const loaded = load(text);
    const command = stringCommand(loaded.service('web').command);

    assert.equal(command.value, 'sh -c\n\n  "exec node"\n');
    assert.equal(sourceOf(loaded, command, '"exec node"'), '"exec node"');
    const quoted = command.value.indexOf('"exec node"');
    assert.deepEqual(command.mapped.toRange(quoted, quoted + 11), loaded.find('"exec node"'));
    assert.equal(sourceOf(loaded, command, 'c\n\n '), 'c\n\n' + ' '.repeat(7));
  });

  it('maps every ordinary character of many scalar styles to itself', () => {
    const values = [
      "'a  b' ",
      '"a\\\n      b  c"',
      '"x \\u00e9\\x41 \\\\ \\"q\\""',
      'first\n\n      third line',
      "'one\n      two\n\n      three'",
      '|-\n      a\n        b\n      c',
      '>+\n      a\n      b\n\n        c\n      d\n\n',
      '|1\n       two spaces deeper',
    ];
    for (const value of values) {
      assertMapsLetters(`services:\n  web:\n    command: ${value}\n  db:\n    image: x\n`);
    }
  });

  it('maps scalars that the yaml package writes, in every style and at narrow widths', () => {
    const random = seeded(7);
    const pieces = [
      'a',
      'b',
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\t',
      '"',
      "'",
      '\\',
      '#',
      ': ',
      '-',
      'é',
      '😀',
    ];
    const styles: Scalar.Type[] = [
      Scalar.PLAIN,
      Scalar.QUOTE_DOUBLE,
      Scalar.QUOTE_SINGLE,
      Scalar.BLOCK_LITERAL,
      Scalar.BLOCK_FOLDED,
    ];
    for (let n = 0; n < 400; n++) {
      const value = Array.from({ length: 1 + Math.floor(random() * 20) }, () =>
        pick(random, pieces),
      ).join('');
      const doc = new Document({ services: { web: { command: value }, db: { image: 'x' } } });
      visit(doc, {
        Scalar(_, node) {
          if (node.value === value) node.type = styles[n % styles.length];
        },
      });
      const text = doc
        .toString({ lineWidth: 20 + Math.floor(random() * 20), minContentWidth: 5 })
        .replace(/\n/g, n % 3 === 0 ? '\r\n' : '\n');

      assertMapsLetters(text);
    }
  });

  it('maps hand-written scalars with escaped line breaks, blank lines and odd indentation', () => {
    const random = seeded(11);
    const common = [
      'a',
      'b',
      ' ',
      '  ',
      '\t',
      '\r',
      '\n      ',
      '\n\n      ',
      '\n   \n      ',
      ' \n      ',
    ];
    const bodies: Record<string, string[]> = {
      '"': [...common, '\\\n      ', '\\\n\n      ', '\\t', '\\x41', '\\u00e9', '\\ ', '\\"', "'"],
      "'": [...common, "''", '"', '\\'],
      '': [...common, '-', ':a', 'b#'],
    };
    const headers = ['|', '|-', '|+', '>', '>-', '>+', '|2', '>1-'];
    const blockLines = ['a', 'b a', '  a', '', '   ', '\tb', 'a\rb', 'a  '];
    for (let n = 0; n < 800; n++) {
      let scalar: string;
      const quote = ['"', "'", '', 'block'][n % 4];
      if (quote === 'block') {
        const lines = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
          pick(random, blockLines),
        );
        scalar = [
          pick(random, headers),
          ...lines.map((line) => (line ? `      ${line}` : '')),
        ].join('\n');
      } else {
        const body = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
          pick(random, bodies[quote]),
        ).join('');
        scalar = quote ? quote + body + quote : `b${body.trimEnd()}a`;
      }
      const text = `services:\n  web:\n    command: ${scalar}\n\n  db:\n    image: x\n`;
      let expected: unknown;
      try {
        expected = parse(text)?.services?.web?.command;
      } catch {
        continue;
      }
      if (typeof expected === 'string') {
        assertMapsLetters(n % 5 === 0 ? text.replace(/\n/g, '\r\n') : text);
      }
    }
  });

  it('maps every span to the whole scalar when it cannot decode it', () => {
    const loaded = load('services:\n  web:\n    command: "a \\q b"\n');
    const { mapped, range } = stringCommand(loaded.service('web').command);

    assert.equal(loaded.model.problems.length, 1);
    assert.equal(mapped.text, 'a \\q b');
    assert.deepEqual(mapped.toRange(0, 1), range);
    assert.equal(loaded.slice(range), '"a \\q b"');
  });

  it('gives empty spans an empty range at the right place', () => {
    const loaded = load('services:\n  web:\n    command: "ab"\n');
    const { mapped } = stringCommand(loaded.service('web').command);

    assert.deepEqual(mapped.toRange(1, 1), {
      start: { line: 2, character: 15 },
      end: { line: 2, character: 15 },
    });
    assert.deepEqual(mapped.toRange(2, 2).start, { line: 2, character: 16 });
    assert.deepEqual(mapped.toRange(0, 99), loaded.find('ab'));
  });
});

describe('parseCompose: build', () => {
  it('resolves a string build as the context, with the default Dockerfile', () => {
    const build = fixture('build');

    assert.deepEqual(build.service('short').build, {
      context: `${FIXTURES}/build/api`,
      dockerfile: `${FIXTURES}/build/api/Dockerfile`,
      range: build.find('./api'),
    });
  });

  it('resolves the dockerfile against the context, and keeps the target', () => {
    const build = fixture('build');
    const full = build.service('full').build;

    assert.equal(full?.context, `${FIXTURES}/build/web`);
    assert.equal(full?.dockerfile, `${FIXTURES}/build/web/docker/Dockerfile.prod`);
    assert.equal(full?.target, 'runtime');
    assert.equal(build.slice(full!.range).split('\n')[0], 'context: ./web');
  });

  it('defaults the context to the compose folder and keeps absolute paths', () => {
    const build = fixture('build');

    assert.equal(build.service('defaults').build?.context, `${FIXTURES}/build`);
    assert.equal(build.service('defaults').build?.dockerfile, `${FIXTURES}/build/Dockerfile`);
    assert.equal(build.service('absolute').build?.context, FIXTURES);
    assert.equal(build.service('absolute').build?.dockerfile, '/srv/Dockerfile');
  });

  it('leaves a remote context as written and marks it', () => {
    const remote = fixture('build').service('remote').build;

    assert.equal(remote?.context, 'https://github.com/example/app.git#main');
    assert.equal(remote?.dockerfile, 'https://github.com/example/app.git#main/Dockerfile');
    assert.equal(remote?.remote, true);
  });

  it('resolves paths under a Windows drive folder', () => {
    const loaded = load('services:\n  web:\n    build: .\\app\n', 'C:/work/compose.yaml');

    assert.equal(loaded.service('web').build?.dockerfile, 'C:/work/app/Dockerfile');
  });
});

describe('parseCompose: extends and anchors', () => {
  it('inherits the keys a service does not set from the service it extends', () => {
    const loaded = fixture('extends');
    const api = loaded.service('api');

    assert.equal(api.extendsFrom, 'base');
    assert.equal(stringCommand(api.command).value, 'npm run api');
    assert.equal(api.image?.value, 'node:20');
    assert.deepEqual(api.init, { value: true, range: loaded.find('true', 'base:') });
    assert.deepEqual(api.stopSignal?.range, loaded.find('SIGTERM'));
    assert.deepEqual(
      api.keys.map((key) => key.key),
      ['extends', 'command'],
    );
  });

  it('follows a chain of extends written as a mapping', () => {
    const loaded = fixture('extends');
    const admin = loaded.service('admin');

    assert.equal(admin.extendsFrom, 'api');
    assert.equal(stringCommand(admin.command).value, 'npm run api');
    assert.equal(admin.image?.value, 'node:20');
    assert.deepEqual(admin.init, { value: false, range: loaded.find('false', 'admin:') });
  });

  it('does not follow extends into another file, and reports a missing base', () => {
    const loaded = fixture('extends');

    assert.equal(loaded.service('elsewhere').extendsFrom, undefined);
    assert.equal(loaded.service('elsewhere').command, undefined);
    assert.equal(loaded.service('missing').command, undefined);
    assert.equal(loaded.model.problems.length, 1);
    assert.match(loaded.model.problems[0].message, /`missing` extends `nowhere`/);
    assert.deepEqual(loaded.model.problems[0].range, loaded.find('nowhere'));
  });

  it('reports an extends cycle once, without looping', () => {
    const loaded = load(
      'services:\n  a:\n    extends: b\n    image: x\n  b:\n    extends: a\n  c:\n    extends: b\n',
    );

    assert.equal(loaded.service('a').image?.value, 'x');
    assert.equal(loaded.service('c').extendsFrom, 'b');
    assert.deepEqual(
      loaded.model.problems.map((p) => [p.message, loaded.slice(p.range)]),
      [['Service `b` extends itself through `a`.', 'a']],
    );
  });

  it('reports a missing base once, however many services extend through it', () => {
    const loaded = load(
      'services:\n  a:\n    extends: gone\n  b:\n    extends: a\n  c:\n    extends: {service: b}\n',
    );

    assert.equal(loaded.model.problems.length, 1);
    assert.deepEqual(loaded.model.problems[0].range, loaded.find('gone'));
    assert.equal(loaded.service('c').extendsFrom, 'b');
  });

  it('resolves merge keys, with ranges where the values are written', () => {
    const anchors = fixture('anchors');
    const web = anchors.service('web');

    assert.equal(web.extendsFrom, 'defaults');
    assert.deepEqual(web.init, { value: true, range: anchors.find('true', 'x-defaults') });
    assert.deepEqual(web.stopGracePeriod?.range, anchors.find('5s'));
    assert.deepEqual(
      web.keys.map((key) => key.key),
      ['<<', 'image', 'command'],
    );
  });

  it('resolves an alias to a scalar, with the range of the anchored scalar', () => {
    const anchors = fixture('anchors');
    const command = stringCommand(anchors.service('web').command);

    assert.equal(command.value, 'npm start');
    assert.deepEqual(command.range, anchors.find('npm start'));
    assert.deepEqual(command.mapped.toRange(4, 9), anchors.find('start', 'npm'));
  });

  it('lets own keys win over a list of merge sources, and earlier sources over later ones', () => {
    const anchors = fixture('anchors');
    const worker = anchors.service('worker');

    assert.deepEqual(worker.init, {
      value: false,
      range: anchors.find('false', 'image: node:20\n    init'),
    });
    assert.deepEqual(worker.stopSignal, { value: 'SIGQUIT', range: anchors.find('SIGQUIT') });
    assert.deepEqual(
      listCommand(worker.command).args.map((arg) => arg.value),
      ['node', 'index.js'],
    );
  });

  it('reads a service that is an alias of a mapping and marks its layout', () => {
    const anchors = fixture('anchors');
    const copy = anchors.service('copy');

    assert.equal(copy.layout, 'alias');
    assert.deepEqual(copy.keys, []);
    assert.equal(copy.init?.value, true);
    assert.equal(anchors.slice(copy.range), '*defaults');
    assert.equal(copy.keyIndent, 4);
  });

  it('reports an unknown anchor', () => {
    const loaded = load('services:\n  web:\n    command: *nope\n');

    assert.equal(loaded.service('web').command, undefined);
    assert.deepEqual(
      loaded.model.problems.map((p) => [p.message, loaded.slice(p.range)]),
      [['Unknown anchor `nope`.', '*nope']],
    );
  });

  it('survives anchors that refer to themselves', () => {
    const loaded = load('x: &a\n  <<: *a\nservices:\n  web: &w\n    <<: *w\n    image: x\n');

    assert.equal(loaded.service('web').image?.value, 'x');
  });

  it('reports a merge key whose alias names a scalar, at the alias', () => {
    const loaded = load('x: &s text\nservices:\n  web:\n    <<: *s\n    image: x\n');

    assert.equal(loaded.service('web').image?.value, 'x');
    assert.deepEqual(
      loaded.model.problems.map((p) => [p.message, p.range]),
      [['A merge key (`<<`) needs a mapping or a list of mappings.', loaded.find('*s')]],
    );
  });

  it('reports a broken merge source once, however many services merge it', () => {
    const loaded = load(
      'x-base: &base\n  <<: *missing\n  init: true\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    );

    assert.equal(loaded.service('a').init?.value, true);
    assert.equal(loaded.service('b').init?.value, true);
    assert.deepEqual(
      loaded.model.problems.map((p) => [p.message, loaded.slice(p.range)]),
      [['Unknown anchor `missing`.', '*missing']],
    );
  });
});

describe('parseCompose: documents, line endings and broken files', () => {
  it('merges documents in order, as compose merges files', () => {
    const loaded = fixture('multi-document');
    const web = loaded.service('web');

    assert.deepEqual(
      loaded.model.services.map((s) => s.name),
      ['web', 'cache'],
    );
    assert.deepEqual(
      listCommand(web.command).args.map((arg) => arg.value),
      ['node', 'server.js'],
    );
    assert.deepEqual(web.image?.range, loaded.find('node:20'));
    assert.deepEqual(web.profiles, ['web', 'debug']);
    assert.deepEqual(web.keyRange, loaded.find('web', '---'));
    assert.deepEqual(
      web.keys.map((key) => key.key),
      ['command', 'profiles'],
    );
  });

  it('reads CRLF files with the same positions as LF files', () => {
    const lf = fixture('basic');
    const crlf = load(lf.text.replace(/\n/g, '\r\n'));

    assert.equal(crlf.model.eol, '\r\n');
    assert.equal(lf.model.eol, '\n');
    assert.deepEqual(crlf.model.lines, lf.model.lines);
    assert.ok(crlf.model.lines.every((line) => !line.includes('\r')));
    assert.deepEqual(
      crlf.model.services.map((s) => [s.name, s.range, s.keyRange, s.keys, s.command?.range]),
      lf.model.services.map((s) => [s.name, s.range, s.keyRange, s.keys, s.command?.range]),
    );
  });

  it('maps folded and block scalars in CRLF files', () => {
    const loaded = load(
      'services:\r\n  web:\r\n    command: |\r\n      a\r\n      b\r\n    command2: "x\r\n      y"\r\n',
    );
    const command = stringCommand(loaded.service('web').command);

    assert.equal(command.value, 'a\nb\n');
    assert.equal(sourceOf(loaded, command, 'a\nb'), 'a\r\n      b');
  });

  it('reports YAML errors with ranges and still reads the rest', () => {
    const broken = fixture('broken');

    assert.ok(broken.model.problems.length > 0);
    assert.ok(broken.model.problems.every((p) => p.range.start.line >= 3));
    assert.equal(stringCommand(broken.service('worker').command).value, 'sleep 100');
  });

  it('never throws on truncated or garbled text', () => {
    const text = readFileSync(`${FIXTURES}/anchors/compose.yaml`, 'utf8') + '\n  "x: [\t{ *';
    for (let end = 0; end <= text.length; end++) {
      assert.doesNotThrow(() => parseCompose('/p/compose.yaml', text.slice(0, end)));
    }
  });

  it('reads an empty file as no services and no problems', () => {
    const empty = fixture('empty');

    assert.deepEqual(empty.model.services, []);
    assert.deepEqual(empty.model.problems, []);
    assert.deepEqual(empty.model.lines, ['']);
  });

  it('reports services that is not a mapping', () => {
    const list = fixture('services-list');

    assert.deepEqual(list.model.services, []);
    assert.equal(list.model.problems.length, 1);
    assert.equal(list.slice(list.model.problems[0].range), '- web\n  - worker');
  });

  it('reports a service that is not a mapping, and a file that is not a mapping', () => {
    const loaded = load('services:\n  web: node\n  ok:\n    image: x\n');
    const notMap = load('- services\n');

    assert.deepEqual(
      loaded.model.services.map((s) => s.name),
      ['ok'],
    );
    assert.deepEqual(
      loaded.model.problems.map((p) => [p.message, loaded.slice(p.range)]),
      [['Service `web` must be a mapping.', 'node']],
    );
    assert.equal(notMap.model.problems.length, 1);
  });
});

describe('isComposeFileName', () => {
  const cases: [string, boolean][] = [
    ['compose.yaml', true],
    ['compose.yml', true],
    ['docker-compose.yml', true],
    ['docker-compose.yaml', true],
    ['compose.override.yaml', true],
    ['docker-compose.prod.yml', true],
    ['docker-compose-dev.yml', true],
    ['Docker-Compose.YML', true],
    ['composer.yaml', false],
    ['compose.json', false],
    ['my-compose.yaml', false],
    ['docker-compose.yml.bak', false],
    ['values.yaml', false],
    ['compose.yaml/x', false],
  ];
  for (const [name, expected] of cases) {
    it(`${expected ? 'accepts' : 'rejects'} ${name}`, () => {
      assert.equal(isComposeFileName(name), expected);
    });
  }
});

describe('compose tags !reset and !override', () => {
  const base = [
    'services:',
    '  web:',
    '    image: node:20',
    '    command: ["node", "a.js"]',
    '    init: true',
    '    profiles: [a]',
    '---',
    'services:',
    '  web:',
  ];

  it('are not reported as unresolved tags', () => {
    const { model } = load(
      [...base, '    init: !reset null', '    profiles: !override [b]'].join('\n'),
    );
    assert.deepEqual(model.problems, []);
  });

  it('!reset unsets what the earlier document set, !override replaces a list', () => {
    const { service } = load(
      [...base, '    init: !reset null', '    profiles: !override [b]'].join('\n'),
    );
    assert.equal(service('web').init, undefined);
    assert.deepEqual(service('web').profiles, ['b']);
    assert.equal(service('web').image?.value, 'node:20');
  });

  it('without a tag the later list is appended and the earlier init kept', () => {
    const { service } = load([...base, '    profiles: [b]'].join('\n'));
    assert.equal(service('web').init?.value, true);
    assert.deepEqual(service('web').profiles, ['a', 'b']);
  });

  it('!reset works over an extends: base too', () => {
    const { service, model } = load(
      'services:\n  base:\n    image: node:20\n    init: true\n  web:\n    extends: base\n    init: !reset null\n',
    );
    assert.equal(service('web').init, undefined);
    assert.equal(service('web').image?.value, 'node:20');
    assert.ok(!('resets' in service('web')));
    assert.deepEqual(model.problems, []);
  });

  it('another unknown tag is still reported', () => {
    const { model } = load('services:\n  web:\n    image: !custom node:20\n');
    assert.ok(model.problems.some((p) => /Unresolved tag: !custom/.test(p.message)));
  });
});
