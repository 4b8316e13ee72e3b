import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  effectiveCommands,
  finalStage,
  parseDockerfile,
  stageByTarget,
} from '../../../src/core/parse/dockerfile';
import type {
  CommandForm,
  CommandInstruction,
  DockerfileModel,
  MappedText,
} from '../../../src/core/parse/model';
import type { Range } from '../../../src/core/types';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dockerfile');

function fixture(name: string): DockerfileModel {
  const path = join(FIXTURES, name);
  return parseDockerfile(path, readFileSync(path, 'utf8'));
}

function parse(text: string): DockerfileModel {
  return parseDockerfile('/work/Dockerfile', text);
}

/** The file text a range covers, lines joined with \n. */
function textAt(model: DockerfileModel, range: Range): string {
  const { start, end } = range;
  if (start.line === end.line) {
    return model.lines[start.line].slice(start.character, end.character);
  }
  const parts = [model.lines[start.line].slice(start.character)];
  for (let l = start.line + 1; l < end.line; l++) parts.push(model.lines[l]);
  parts.push(model.lines[end.line].slice(0, end.character));
  return parts.join('\n');
}

function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

/** Maps the span of `needle` (its first occurrence) in mapped text back to the file. */
function rangeOfWord(mapped: MappedText, needle: string): Range {
  const at = mapped.text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${JSON.stringify(mapped.text)}`);
  return mapped.toRange(at, at + needle.length);
}

function onlyCommand(text: string): CommandInstruction {
  const model = parse(`FROM alpine\n${text}\n`);
  assert.equal(model.stages.length, 1);
  assert.equal(model.stages[0].allCommands.length, 1, JSON.stringify(model.stages[0]));
  return model.stages[0].allCommands[0];
}

function malformed(form: CommandForm) {
  assert.equal(form.kind, 'malformed');
  return form as Extract<CommandForm, { kind: 'malformed' }>;
}

describe('parseDockerfile: stages', () => {
  const model = fixture('multi-stage.Dockerfile');

  it('reads every stage, lower-cases names and links FROM <stage> to its parent', () => {
    assert.deepEqual(
      model.stages.map((s) => [s.index, s.name, s.baseImageRaw, s.parentStage]),
      [
        [0, 'build', '${IMAGE}', undefined],
        [1, 'test', 'build', 0],
        [2, 'runtime', 'node:${NODE}-${DISTRO:-bookworm}', undefined],
      ],
    );
    assert.deepEqual(model.problems, []);
  });

  it('substitutes ARG defaults declared before FROM, skipping --platform', () => {
    assert.equal(model.stages[0].baseImage, 'node:20-slim');
    // DISTRO has no default: a build without --build-arg takes the :- word.
    assert.equal(model.stages[2].baseImage, 'node:20-bookworm');
  });

  it('expands ARG defaults that use earlier ARGs, and the ${X:+word} form', () => {
    const m = parse('ARG A=1\nARG B=${A}.2 C\nARG D="${C:+c}x"\nFROM img:$B-$D\n');
    assert.equal(m.stages[0].baseImage, 'img:1.2-x');
  });

  it('leaves variables with no known value as written', () => {
    const m = parse('ARG TAG\nFROM node:$TAG AS a\nFROM node:${NOPE}-slim\n');
    assert.deepEqual(
      m.stages.map((s) => s.baseImage),
      ['node:$TAG', 'node:${NOPE}-slim'],
    );
  });

  it('matches FROM <stage> case-insensitively and only against earlier stages', () => {
    const m = parse('FROM later\nFROM alpine AS Base\nFROM BASE\n');
    assert.deepEqual(
      m.stages.map((s) => s.parentStage),
      [undefined, undefined, 1],
    );
  });

  it('gives the FROM range and the stage range up to its last instruction', () => {
    const build = model.stages[0];
    assert.deepEqual(build.fromRange, range(5, 0, 5, 48));
    assert.equal(
      textAt(model, build.fromRange),
      'FROM --platform=$BUILDPLATFORM ${IMAGE} AS Build',
    );
    assert.deepEqual(build.range, range(5, 0, 15, 30));
    assert.deepEqual(model.stages[1].range, range(17, 0, 18, 12));
  });

  it('resolves relative WORKDIRs against the one before, through FROM <stage>', () => {
    assert.equal(model.stages[0].workdir, '/src/app');
    assert.equal(model.stages[1].workdir, '/src/app');
    assert.equal(model.stages[2].workdir, '/app');
    // On an image we know nothing about, a relative WORKDIR has no known base.
    assert.equal(parse('FROM alpine\nWORKDIR app\n').stages[0].workdir, undefined);
    const m = parse('FROM alpine\nENV ROOT=/srv\nWORKDIR $ROOT/./web/\nWORKDIR ../api\n');
    assert.equal(m.stages[0].workdir, '/srv/api');
  });

  it('reads ENV in both the key=value and the legacy key value syntax', () => {
    assert.deepEqual(model.stages[0].env, {
      NODE_ENV: 'production',
      PORT: '8080',
      LEGACY_STYLE: 'some value',
    });
  });

  it('reads COPY sources, destination, --from and --chmod', () => {
    const copies = model.stages[2].copies.map((c) => [
      c.keyword,
      c.sources,
      c.destination,
      c.from,
      c.chmod,
    ]);
    assert.deepEqual(copies, [
      ['COPY', ['/src/app/dist'], './dist', 'build', '755'],
      ['COPY', ['/src/app/entrypoint.sh'], '/usr/local/bin/', 'build', undefined],
    ]);
    assert.deepEqual(model.stages[0].copies[0].sources, ['package.json', 'package-lock.json']);
    const json = parse('FROM a\nADD ["my file", "/dst dir/"]\n').stages[0].copies[0];
    assert.deepEqual(
      [json.keyword, json.sources, json.destination],
      ['ADD', ['my file'], '/dst dir/'],
    );
  });

  it('never takes a HEALTHCHECK CMD for the stage CMD', () => {
    const runtime = model.stages[2];
    assert.deepEqual(
      runtime.allCommands.map((c) => c.keyword),
      ['ENTRYPOINT', 'CMD'],
    );
    const m = parse('FROM node\nHEALTHCHECK CMD node check.js\n');
    assert.equal(m.stages[0].cmd, undefined);
    assert.deepEqual(m.stages[0].allCommands, []);
  });

  it('reads STOPSIGNAL with the range of its value', () => {
    const stop = model.stages[2].stopSignal;
    assert.ok(stop);
    assert.equal(stop.value, 'SIGINT');
    assert.deepEqual(stop.valueRange, range(25, 11, 25, 17));
    assert.equal(textAt(model, stop.range), 'STOPSIGNAL SIGINT');
  });

  it('strips RUN flags and joins continuation lines', () => {
    assert.deepEqual(
      model.stages[0].runs.map((r) => r.mapped.text),
      ['npm ci', 'npm run build'],
    );
  });
});

describe('parseDockerfile: continuations, comments, escape and line endings', () => {
  it('drops comment and blank lines inside a continuation, as Docker does', () => {
    const model = fixture('continuations.Dockerfile');
    const [stage] = model.stages;
    assert.equal(
      stage.runs[0].mapped.text,
      'apt-get update &&     apt-get install -y --no-install-recommends tini &&     rm -rf /var/lib/apt/lists/*',
    );
    const cmd = stage.cmd;
    assert.ok(cmd && cmd.form.kind === 'shell');
    assert.equal(cmd.form.mapped.text, 'echo starting &&     exec node         server.js');
  });

  it('maps spans of the joined text back to exact file ranges', () => {
    const model = fixture('continuations.Dockerfile');
    const cmd = model.stages[0].cmd;
    assert.ok(cmd && cmd.form.kind === 'shell');
    const mapped = cmd.form.mapped;
    assert.deepEqual(rangeOfWord(mapped, 'server.js'), range(9, 6, 9, 15));
    assert.deepEqual(rangeOfWord(mapped, 'exec node'), range(8, 4, 8, 13));
    // A span across the dropped comment line starts on line 6 and ends on line 8.
    const span = rangeOfWord(mapped, 'starting &&     exec');
    assert.deepEqual(span, range(6, 9, 8, 8));
    assert.equal(textAt(model, span), 'starting && \\\n  # a comment Docker drops\n    exec');
    assert.deepEqual(mapped.toRange(0, mapped.text.length), cmd.argsRange);
    assert.deepEqual(cmd.argsRange, range(6, 4, 9, 15));
    assert.deepEqual(cmd.keywordRange, range(6, 0, 6, 3));
    assert.deepEqual(cmd.range, range(6, 0, 9, 15));
  });

  it('maps an empty span at the end of the text to just after its last character', () => {
    const cmd = onlyCommand('CMD node app.js   ');
    assert.ok(cmd.form.kind === 'shell');
    assert.equal(cmd.form.mapped.text, 'node app.js');
    assert.deepEqual(cmd.form.mapped.toRange(11, 11), range(1, 15, 1, 15));
    assert.deepEqual(cmd.form.mapped.toRange(5, 5), range(1, 9, 1, 9));
  });

  it('honours the backtick escape directive with CRLF line endings and trailing blanks', () => {
    const text = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/nanoserver',
      'CMD node `  ',
      '  # dropped',
      '',
      '   app.js --dir C:\\app',
      'ENTRYPOINT ["cmd", `',
      '  "/S", "/C"]',
      '',
    ].join('\r\n');
    const model = parse(text);
    assert.equal(model.escapeChar, '`');
    assert.equal(model.eol, '\r\n');
    assert.equal(model.lines[2], 'CMD node `  ');
    assert.deepEqual(model.problems, []);
    const { cmd, entrypoint } = model.stages[0];
    assert.ok(cmd && cmd.form.kind === 'shell');
    // The backslash is no escape here: it stays, and the continuation joins line 5.
    assert.equal(cmd.form.mapped.text, 'node    app.js --dir C:\\app');
    assert.deepEqual(rangeOfWord(cmd.form.mapped, 'app.js'), range(5, 3, 5, 9));
    assert.deepEqual(rangeOfWord(cmd.form.mapped, 'C:\\app'), range(5, 16, 5, 22));
    assert.ok(entrypoint && entrypoint.form.kind === 'exec');
    assert.deepEqual(
      entrypoint.form.args.map((a) => [a.value, a.range]),
      [
        ['cmd', range(6, 12, 6, 17)],
        ['/S', range(7, 2, 7, 6)],
        ['/C', range(7, 8, 7, 12)],
      ],
    );
  });

  it('joins a JSON string cut by a continuation and keeps its range across both lines', () => {
    const model = parse('from a\ncmd ["no\\\n   de", "a"]\n');
    const cmd = model.stages[0].cmd;
    assert.ok(cmd && cmd.form.kind === 'exec');
    assert.deepEqual(cmd.form.args[0], { value: 'no   de', range: range(1, 5, 2, 6) });
    assert.deepEqual(cmd.form.args[1], { value: 'a', range: range(2, 8, 2, 11) });
  });

  it('reads arguments that start on the line after the keyword', () => {
    const model = parse('FROM a\nRUN\\\n  echo hi\n');
    assert.equal(model.stages[0].runs[0].mapped.text, 'echo hi');
    assert.deepEqual(rangeOfWord(model.stages[0].runs[0].mapped, 'echo'), range(2, 2, 2, 6));
  });

  it('keeps positions of a file that starts with a byte order mark', () => {
    const model = parse('\uFEFFFROM a\nCMD ["x"]\n');
    assert.equal(model.stages.length, 1);
    assert.deepEqual(model.stages[0].fromRange, range(0, 1, 0, 7));
  });

  it('reports \\n as the line ending of an LF file', () => {
    assert.equal(parse('FROM a\nCMD b\n').eol, '\n');
  });
});

describe('parseDockerfile: heredocs', () => {
  const model = fixture('heredocs.Dockerfile');
  const [stage] = model.stages;

  it('includes heredoc bodies, comments and all, in the RUN text', () => {
    assert.equal(
      stage.runs[0].mapped.text,
      '<<EOF\nset -e\n# a comment inside the script is kept\napk add --no-cache tini\nEOF',
    );
    assert.deepEqual(stage.runs[0].range, range(1, 0, 5, 3));
    assert.deepEqual(rangeOfWord(stage.runs[0].mapped, 'tini'), range(4, 19, 4, 23));
    assert.equal(
      stage.runs[1].mapped.text,
      'cat <<A > /a.txt && cat <<B > /b.txt\nalpha\nA\nbravo\nB',
    );
  });

  it('reads a heredoc COPY: no source paths, the destination and flags', () => {
    assert.equal(stage.copies.length, 1);
    const [copy] = stage.copies;
    assert.deepEqual(copy.sources, []);
    assert.equal(copy.destination, '/usr/local/bin/start.sh');
    assert.equal(copy.chmod, '755');
    assert.deepEqual(copy.range, range(6, 0, 9, 7));
  });

  it('keeps a COPY heredoc body as the file it becomes, <<- tabs stripped, mapped to its lines', () => {
    const [copy] = stage.copies;
    assert.equal(copy.heredocs?.length, 1);
    const [doc] = copy.heredocs ?? [];
    assert.equal(doc.name, 'SCRIPT');
    assert.equal(doc.mapped.text, '#!/bin/sh\nexec node /app/server.js\n');
    assert.deepEqual(rangeOfWord(doc.mapped, 'exec node'), range(8, 1, 8, 10));
    assert.equal(textAt(model, rangeOfWord(doc.mapped, '/app/server.js')), '/app/server.js');
  });

  it('keeps plain sources next to a heredoc source', () => {
    const m = parse('FROM a\nCOPY a.txt <<B /dst/\nbody\nB\n');
    const [copy] = m.stages[0].copies;
    assert.deepEqual([copy.sources, copy.destination], [['a.txt'], '/dst/']);
    assert.equal(copy.heredocs?.[0].mapped.text, 'body\n');
  });

  it('goes on with the instructions after the heredocs', () => {
    assert.ok(stage.cmd && stage.cmd.form.kind === 'exec');
    assert.deepEqual(
      stage.cmd.form.args.map((a) => a.value),
      ['/usr/local/bin/start.sh'],
    );
    assert.deepEqual(model.problems, []);
  });

  it('reports a heredoc with no terminator', () => {
    const m = parse('FROM a\nRUN <<EOF\necho hi\n');
    assert.equal(m.stages[0].runs.length, 1);
    assert.match(m.problems.map((p) => p.message).join('\n'), /EOF.*terminat/);
  });
});

describe('parseDockerfile: exec form, shell form, malformed', () => {
  it('reads a valid JSON array as exec form, with each element range quotes included', () => {
    const cmd = onlyCommand('CMD ["node", "$APP"]');
    assert.ok(cmd.form.kind === 'exec');
    assert.deepEqual(
      cmd.form.args.map((a) => [a.value, a.range]),
      [
        ['node', range(1, 5, 1, 11)],
        ['$APP', range(1, 13, 1, 19)],
      ],
    );
    assert.deepEqual(cmd.argsRange, range(1, 4, 1, 20));
  });

  it('decodes JSON escapes in exec-form values', () => {
    const cmd = onlyCommand('ENTRYPOINT ["sh", "-c", "echo \\"hi\\" \\u00e9"]');
    assert.ok(cmd.form.kind === 'exec');
    assert.deepEqual(
      cmd.form.args.map((a) => a.value),
      ['sh', '-c', 'echo "hi" é'],
    );
    assert.deepEqual(cmd.form.args[2].range, range(1, 24, 1, 44));
  });

  it('reads ENTRYPOINT [] and CMD [] as empty exec form', () => {
    for (const keyword of ['ENTRYPOINT', 'CMD']) {
      const cmd = onlyCommand(`${keyword} []`);
      assert.deepEqual(cmd.form, { kind: 'exec', args: [] });
    }
  });

  it('reads a CMD with no arguments as empty shell form and reports it', () => {
    const model = parse('FROM a\nCMD\n');
    const cmd = model.stages[0].cmd;
    assert.ok(cmd && cmd.form.kind === 'shell');
    assert.equal(cmd.form.mapped.text, '');
    assert.deepEqual(cmd.argsRange, range(1, 3, 1, 3));
    assert.equal(model.problems.length, 1);
    assert.match(model.problems[0].message, /CMD has no arguments/);
  });

  const cases: {
    text: string;
    problem: 'single-quotes' | 'trailing-comma' | 'bare-word' | 'other';
    intended: string[] | undefined;
    detail: RegExp;
  }[] = [
    {
      text: "['node','app.js']",
      problem: 'single-quotes',
      intended: ['node', 'app.js'],
      detail: /single quotes/,
    },
    {
      text: '["node","app.js",]',
      problem: 'trailing-comma',
      intended: ['node', 'app.js'],
      detail: /comma/,
    },
    {
      text: '["npm", "start", $PORT]',
      problem: 'bare-word',
      intended: undefined,
      detail: /\$PORT/,
    },
    { text: '[node, app.js]', problem: 'bare-word', intended: undefined, detail: /node/ },
    {
      text: "[ 'node', 'app.js' ]",
      problem: 'single-quotes',
      intended: ['node', 'app.js'],
      detail: /'node'/,
    },
    {
      text: '[ "npm", "start", $PORT ]',
      problem: 'bare-word',
      intended: undefined,
      detail: /\$PORT/,
    },
    {
      text: '["node" "app.js"]',
      problem: 'other',
      intended: ['node', 'app.js'],
      detail: /comma is missing/,
    },
    {
      text: '[“node”, “app.js”]',
      problem: 'other',
      intended: ['node', 'app.js'],
      detail: /typographic/,
    },
    {
      text: '["node", "app.js"',
      problem: 'other',
      intended: ['node', 'app.js'],
      detail: /closing bracket/,
    },
    { text: '["node"] > /log', problem: 'other', intended: undefined, detail: /follows/ },
    { text: '["C:\\app"]', problem: 'other', intended: undefined, detail: /backslash/ },
    { text: '["sleep", 10]', problem: 'other', intended: ['sleep', '10'], detail: /string/ },
  ];
  for (const c of cases) {
    it(`classifies CMD ${c.text} as ${c.problem}`, () => {
      const cmd = onlyCommand(`CMD ${c.text}`);
      const form = malformed(cmd.form);
      assert.equal(form.problem, c.problem);
      assert.deepEqual(form.intended, c.intended);
      assert.match(form.detail, c.detail);
      // Docker runs the text through the shell as written.
      assert.equal(form.mapped.text, c.text);
      assert.deepEqual(form.mapped.toRange(0, c.text.length), range(1, 4, 1, 4 + c.text.length));
    });
  }

  it('reads a shell test that starts with [ as shell form, not as a broken exec form', () => {
    for (const text of ['[ -f /app/.env ] && exec node app.js', '[[ "$X" = "a,b" ]] || exec app']) {
      const cmd = onlyCommand(`CMD ${text}`);
      assert.ok(cmd.form.kind === 'shell', text);
      assert.equal(cmd.form.mapped.text, text);
    }
  });

  it('keeps a malformed array spread over continuation lines mappable', () => {
    const cmd = onlyCommand("CMD ['node', \\\n    'app.js']");
    const form = malformed(cmd.form);
    assert.equal(form.mapped.text, "['node',     'app.js']");
    assert.deepEqual(rangeOfWord(form.mapped, "'app.js'"), range(2, 4, 2, 12));
  });

  it('reports a SHELL that is not exec form', () => {
    const model = parse('FROM a\nSHELL /bin/bash -c\n');
    assert.ok(model.stages[0].shell);
    assert.equal(model.stages[0].shell.form.kind, 'shell');
    assert.match(model.problems[0].message, /SHELL must be .*JSON/);
  });
});

describe('parseDockerfile: inputs that are not Dockerfiles', () => {
  for (const [name, text] of [
    ['an empty file', ''],
    ['only comments', '# nothing here\n\n# really\n'],
    ['no FROM', 'RUN echo hi\nCMD ["x"]\n'],
    ['binary garbage', '\u0000\u0001\u0002\uFFFD\u0007 [{"\n\r\n\\\\\\'],
  ]) {
    it(`returns no stages and a problem for ${name}`, () => {
      const model = parse(text);
      assert.equal(model.stages.length, 0);
      assert.ok(
        model.problems.some((p) => /no FROM/.test(p.message)),
        JSON.stringify(model.problems),
      );
    });
  }

  it('never throws on arbitrary text', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const alphabet = [
      'FROM ',
      'CMD ',
      'RUN ',
      'COPY ',
      '[',
      ']',
      '"',
      "'",
      ',',
      '\\',
      '`',
      '\n',
      '\r\n',
      '#',
      ' ',
      '<<EOF',
      'EOF',
      '$',
      '{',
      'x',
      '\u0000',
      '\uD800',
    ];
    for (let n = 0; n < 300; n++) {
      let text = n % 2 ? '# escape=`\n' : '';
      const len = next() % 60;
      for (let k = 0; k < len; k++) text += alphabet[next() % alphabet.length];
      const model = parseDockerfile('/fuzz/Dockerfile', text);
      assert.ok(Array.isArray(model.stages));
      for (const stage of model.stages) {
        for (const c of stage.allCommands) {
          if (c.form.kind !== 'exec') c.form.mapped.toRange(0, c.form.mapped.text.length);
        }
      }
    }
  });

  it('reports unknown instructions and instructions before FROM', () => {
    const model = parse('RUN echo early\nFROM a\nFROBNICATE now\n');
    const messages = model.problems.map((p) => p.message);
    assert.ok(messages.some((m) => /RUN comes before the first FROM/.test(m)));
    assert.ok(messages.some((m) => /Unknown instruction FROBNICATE/.test(m)));
    assert.equal(model.stages.length, 1);
  });
});

describe('effectiveCommands and stage lookup', () => {
  it('inherits CMD through FROM <stage>', () => {
    const model = parse('FROM node AS base\nCMD ["node", "a.js"]\nFROM base\nRUN true\n');
    const eff = effectiveCommands(model, 1);
    assert.equal(eff.cmd?.stage, 0);
    assert.equal(eff.cmd?.instr, model.stages[0].cmd);
    assert.equal(eff.entrypoint, undefined);
    assert.deepEqual(eff.chain, [0, 1]);
  });

  it('resets the inherited CMD when the child sets ENTRYPOINT', () => {
    const model = parse(
      'FROM node AS base\nCMD ["node", "a.js"]\nSTOPSIGNAL SIGQUIT\nFROM base\nENTRYPOINT ["tini", "--"]\n',
    );
    const eff = effectiveCommands(model, 1);
    assert.equal(eff.cmd, undefined);
    assert.equal(eff.entrypoint?.stage, 1);
    assert.equal(eff.cmdResetBy?.instr, model.stages[1].entrypoint);
    assert.equal(eff.stopSignal?.stage, 0);
  });

  it('keeps a CMD written before the ENTRYPOINT in the same stage', () => {
    const model = parse('FROM node AS base\nCMD ["a"]\nFROM base\nCMD ["b"]\nENTRYPOINT ["c"]\n');
    const eff = effectiveCommands(model, 1);
    assert.equal(eff.cmd?.instr, model.stages[1].cmd);
    assert.equal(eff.cmdResetBy, undefined);
  });

  it('lets a child CMD override an inherited one, and keeps the inherited ENTRYPOINT', () => {
    const model = parse(
      'FROM node AS a\nENTRYPOINT ["e"]\nSHELL ["/bin/bash", "-c"]\nFROM a AS b\nCMD ["b"]\nFROM b\nCMD ["c"]\n',
    );
    const eff = effectiveCommands(model, 2);
    assert.deepEqual(eff.chain, [0, 1, 2]);
    assert.equal(eff.entrypoint?.stage, 0);
    assert.equal(eff.cmd?.stage, 2);
    assert.equal(eff.shell?.stage, 0);
  });

  it('gives each command the SHELL written before it, not a later one', () => {
    const model = parse(
      [
        'FROM debian AS base',
        'SHELL ["/bin/bash", "-c"]',
        'CMD node a.js',
        'FROM base',
        'ENTRYPOINT run.sh',
        'SHELL ["/bin/dash", "-c"]',
        '',
      ].join('\n'),
    );
    assert.deepEqual(model.problems, []);
    const base = effectiveCommands(model, 0);
    assert.equal(base.cmdShell?.instr, model.stages[0].shell);
    const child = effectiveCommands(model, 1);
    // The child's ENTRYPOINT is read before its own SHELL: the inherited bash applies.
    assert.equal(child.entrypointShell?.stage, 0);
    assert.equal(child.shell?.stage, 1);
    assert.equal(effectiveCommands(parse('FROM a\nCMD x\n'), 0).cmdShell, undefined);
  });

  it('finds the final stage and a --target stage', () => {
    const model = fixture('multi-stage.Dockerfile');
    assert.equal(finalStage(model)?.name, 'runtime');
    assert.equal(stageByTarget(model, 'TEST')?.index, 1);
    assert.equal(stageByTarget(model, 'missing'), undefined);
    assert.equal(finalStage(parse('')), undefined);
    assert.deepEqual(effectiveCommands(parse(''), 0).chain, []);
  });
});
