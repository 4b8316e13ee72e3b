import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeShell,
  execInsertionOffset,
  quoteForShell,
  splitComposeWords,
  toJsonExecForm,
} from '../../../src/core/parse/shell';
import type { LastCommand, ShellAnalysis } from '../../../src/core/parse/model';

/** The text a span covers, so expectations read as source rather than numbers. */
function spanText(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

function lastOf(text: string): { context: LastCommand['context']; command: string } | undefined {
  const last = analyzeShell(text).last;
  return last && { context: last.context, command: spanText(text, last.command) };
}

function insertExec(text: string): string | undefined {
  const offset = execInsertionOffset(analyzeShell(text));
  return offset === undefined ? undefined : `${text.slice(0, offset)}exec ${text.slice(offset)}`;
}

describe('analyzeShell: the last command', () => {
  const cases: [string, LastCommand['context'] | undefined, string | undefined][] = [
    ['node app.js', 'plain', 'node app.js'],
    ['exec node app.js', 'plain', 'exec node app.js'],
    ['echo a && node app.js', 'plain', 'node app.js'],
    ['test -f x || node app.js', 'plain', 'node app.js'],
    ['node app.js; echo done', 'plain', 'echo done'],
    ['node app.js; exit 0', 'plain', 'exit 0'],
    ['npm start', 'plain', 'npm start'],
    ['a | b', 'pipeline', 'b'],
    ['a && b | c', 'pipeline', 'c'],
    ['(node app.js)', 'subshell', 'node app.js'],
    ['for i in 1; do x; done', 'loop', 'x'],
    ['while true; do sleep 1; done', 'loop', 'sleep 1'],
    ['until a; do b; done', 'loop', 'b'],
    ['if test -f x; then exec a; fi', 'if', 'exec a'],
    ['if a; then b; elif c; then d; else e; fi', 'if', 'e'],
    ['node x &', 'background', 'node x'],
    ['a && node x &', 'background', 'node x'],
    ['node x & wait', 'plain', 'wait'],
    ['! node x', 'other', 'node x'],
    ['case "$1" in web) node web.js;; esac', 'other', 'node web.js'],
    ['time node x', 'other', 'node x'],
    ['{ echo a; node x; }', 'plain', 'node x'],
    ['{ echo a; node x; } &', 'background', 'node x'],
    ['FOO=1 node x', 'plain', 'FOO=1 node x'],
    ['node x > log 2>&1', 'plain', 'node x > log 2>&1'],
    ['node x # comment', 'plain', 'node x'],
    ['export A=1', 'plain', 'export A=1'],
    ['main() { node a; }\nmain "$@"', 'function', 'main "$@"'],
    ['node x\nf() { y; }\n', 'plain', 'node x'],
    ['[[ -f x ]]', undefined, undefined],
    ['f() { node x; }', undefined, undefined],
    ['', undefined, undefined],
    ['# only a comment\n', undefined, undefined],
  ];
  for (const [text, context, command] of cases) {
    it(JSON.stringify(text), () => {
      const expected = context === undefined ? undefined : { context, command };
      assert.deepEqual(lastOf(text), expected);
    });
  }

  it('reads an entrypoint script with set -e, functions and exec "$@"', () => {
    const script = [
      '#!/bin/sh',
      'set -e',
      'log() {',
      '  echo "$@" >&2',
      '}',
      'if [ "$1" = web ]; then',
      '  log starting',
      'fi',
      'exec "$@"',
      '',
    ].join('\n');

    const analysis = analyzeShell(script);

    assert.equal(analysis.error, undefined);
    assert.equal(analysis.last?.context, 'plain');
    assert.equal(analysis.last?.command.isExec, true);
    assert.deepEqual(
      analysis.last?.command.words.map((word) => word.raw),
      ['exec', '"$@"'],
    );
    assert.deepEqual(
      analysis.commands.map((command) => spanText(script, command)),
      ['set -e', 'echo "$@" >&2', '[ "$1" = web ]', 'log starting', 'exec "$@"'],
    );
    assert.equal(analysis.hasExpansions, true);
  });

  it('keeps bash-only syntax and text only POSIX sh accepts', () => {
    assert.equal(lastOf('[[ -n "$X" ]] && exec node x')?.command, 'exec node x');
    assert.equal(lastOf('((cd /app && make)); node x')?.command, 'node x');
    assert.equal(lastOf('export "$@"; node x')?.command, 'node x');
  });
});

describe('analyzeShell: words and commands', () => {
  it('gives raw text, literal values and offsets of each word', () => {
    const text = `FOO=1 node "my app.js" --x='a b' a\\ b "\\$HOME"`;

    const [command] = analyzeShell(text).commands;

    assert.deepEqual(
      command.assignments.map((word) => [word.raw, word.literal]),
      [['FOO=1', 'FOO=1']],
    );
    assert.deepEqual(
      command.words.map((word) => [word.raw, word.literal, spanText(text, word)]),
      [
        ['node', 'node', 'node'],
        ['"my app.js"', 'my app.js', '"my app.js"'],
        [`--x='a b'`, '--x=a b', `--x='a b'`],
        ['a\\ b', 'a b', 'a\\ b'],
        ['"\\$HOME"', '$HOME', '"\\$HOME"'],
      ],
    );
    assert.equal(command.isExec, false);
    assert.equal(command.hasRedirections, false);
  });

  const notLiteral = [
    '"$APP"',
    '${APP:-x}',
    '$(cat f)',
    '`cat f`',
    '$((1 + 2))',
    '*.js',
    'a?c',
    '[ab].js',
    '~/app.js',
    '{a,b}.js',
    '{1..3}',
    "$'a\\tb'",
    '@(a|b)',
  ];
  for (const raw of notLiteral) {
    it(`has no literal value for ${raw}`, () => {
      const words = analyzeShell(`node ${raw}`).commands[0].words;
      assert.equal(words[1].raw, raw);
      assert.equal(words[1].literal, undefined);
    });
  }

  const literal: [string, string][] = [
    ['[', '['],
    ['"*.js"', '*.js'],
    ['\\*.js', '*.js'],
    ["'{a,b}'", '{a,b}'],
    ['a~b', 'a~b'],
    ['{}', '{}'],
    ['"a\\b"', 'a\\b'],
    ["''", ''],
  ];
  for (const [raw, value] of literal) {
    it(`reads ${raw} as the literal ${JSON.stringify(value)}`, () => {
      assert.equal(analyzeShell(`node ${raw}`).commands[0].words[1].literal, value);
    });
  }

  it('leaves globs and braces in assignment values literal, but not a tilde', () => {
    const [command] = analyzeShell('A=*.js B={a,b} C=~/x D= node').commands;
    assert.deepEqual(
      command.assignments.map((word) => word.literal),
      ['A=*.js', 'B={a,b}', undefined, 'D='],
    );
  });

  it('lists commands inside pipelines, subshells, loops and substitutions in source order', () => {
    const text = 'a | (b; c) && for i in 1; do d "$(e)"; done';

    const commands = analyzeShell(text).commands.map((command) => command.words[0].raw);

    assert.deepEqual(commands, ['a', 'b', 'c', 'd', 'e']);
  });

  it('marks exec only when it runs something', () => {
    const [withProgram, redirectOnly] = analyzeShell('exec node x; exec >log 2>&1').commands;
    assert.equal(withProgram.isExec, true);
    assert.equal(redirectOnly.isExec, false);
    assert.equal(redirectOnly.hasRedirections, true);
  });

  it('counts a heredoc as a redirection and its body as part of the command', () => {
    const text = 'cat <<EOF\nhello $NAME\nEOF\nnode x';

    const analysis = analyzeShell(text);

    assert.equal(analysis.commands[0].hasRedirections, true);
    assert.equal(spanText(text, analysis.commands[0]), 'cat <<EOF\nhello $NAME\nEOF');
    assert.equal(analysis.hasExpansions, true);
    assert.equal(analysis.last?.command.words[0].raw, 'node');
  });

  it('converts byte offsets to string offsets after non-ASCII text', () => {
    const text = 'echo héllo 😀 && node x';

    const analysis = analyzeShell(text);

    assert.equal(analysis.commands[0].words[1].literal, 'héllo');
    assert.equal(spanText(text, analysis.commands[0].words[2]), '😀');
    assert.equal(spanText(text, analysis.last!.command), 'node x');
    assert.deepEqual(analysis.operators, [{ op: '&&', start: 14, end: 16 }]);
  });

  it('survives a lone surrogate', () => {
    const text = 'echo \ud800 && node x';
    assert.equal(lastOf(text)?.command, 'node x');
  });
});

describe('analyzeShell: singleSimpleCommand', () => {
  const cases: [string, string[] | undefined][] = [
    ['node app.js', ['node', 'app.js']],
    [`node "my app.js" --x='a b'`, ['node', 'my app.js', '--x=a b']],
    ['node app.js # start', ['node', 'app.js']],
    ['  node app.js;  ', ['node', 'app.js']],
    ['exec node app.js', ['node', 'app.js']],
    ['exec -a web node app.js', undefined],
    ['npm start', ['npm', 'start']],
    ['node "$APP"', undefined],
    ['node ${APP:-x}', undefined],
    ['node *.js', undefined],
    ['node ~/app.js', undefined],
    ['node {a,b}.js', undefined],
    ['FOO=1 node x', undefined],
    ['node x > log', undefined],
    ['node x &', undefined],
    ['! node x', undefined],
    ['echo a && node x', undefined],
    ['(node x)', undefined],
    ['ulimit -n 1024', undefined],
    ['export A=1', undefined],
    ['exec', undefined],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(analyzeShell(text).singleSimpleCommand, expected);
    });
  }
});

describe('analyzeShell: operators and expansions', () => {
  function operators(text: string): string[] {
    return analyzeShell(text).operators.map((op) => `${op.op} ${spanText(text, op)}`);
  }

  it('lists control operators with their text', () => {
    assert.deepEqual(operators('a && b || c; d | e & f'), ['&& &&', '|| ||', '; ;', '| |', '& &']);
  });

  it('lists redirections, with the file descriptor of 2>', () => {
    assert.deepEqual(operators('node x > log 2>&1 >> all < in 2> err'), [
      '> >',
      '2> 2>&',
      '>> >>',
      '< <',
      '2> 2>',
    ]);
  });

  it('lists newlines that separate commands, not those after && or inside quotes', () => {
    const text = 'a # first\nb &&\n  c\necho "x\ny"\n';
    assert.deepEqual(
      analyzeShell(text).operators.map((op) => [op.op, op.start]),
      [
        ['newline', 9],
        ['&&', 12],
        ['newline', 18],
      ],
    );
  });

  it('ignores operators in quotes, comments and nested lists', () => {
    assert.deepEqual(operators(`echo 'a && b' "c | d" # e; f`), []);
    assert.deepEqual(operators('(a && b) > log'), ['> >']);
    assert.deepEqual(operators('x "$(a | b)"'), []);
  });

  const expansions: [string, boolean][] = [
    ['node app.js', false],
    ['node "$APP"', true],
    ['node ${APP}', true],
    ['node $(cat f)', true],
    ['node `cat f`', true],
    ['echo $((1+2))', true],
    ["echo '$HOME'", false],
    ['echo "\\$HOME"', false],
    ['node *.js', false],
  ];
  for (const [text, expected] of expansions) {
    it(`hasExpansions of ${text} is ${expected}`, () => {
      assert.equal(analyzeShell(text).hasExpansions, expected);
    });
  }
});

describe('analyzeShell: errors', () => {
  const cases: [string, RegExp, number][] = [
    ['node "app.js', /without closing quote/, 5],
    ['echo a &&', /&& must be followed/, 7],
    ['echo é "x', /without closing quote/, 7],
    ['if true; then', /then/, 9],
  ];
  for (const [text, message, offset] of cases) {
    it(`reports ${JSON.stringify(text)}`, () => {
      const analysis: ShellAnalysis = analyzeShell(text);

      assert.match(analysis.error?.message ?? '', message);
      assert.doesNotMatch(analysis.error?.message ?? '', /^\d+:\d+/);
      assert.equal(analysis.error?.offset, offset);
      assert.deepEqual(analysis.commands, []);
      assert.deepEqual(analysis.operators, []);
      assert.equal(analysis.last, undefined);
    });
  }
});

describe('execInsertionOffset', () => {
  const cases: [string, string | undefined][] = [
    ['node app.js', 'exec node app.js'],
    ['echo a && node app.js', 'echo a && exec node app.js'],
    ['set -e; FOO=1 node x', 'set -e; FOO=1 exec node x'],
    ['echo héllo; node x > log 2>&1', 'echo héllo; exec node x > log 2>&1'],
    ['cd /app\nnpm start\n', 'cd /app\nexec npm start\n'],
    ['{ migrate; node x; }', '{ migrate; exec node x; }'],
    ['node "$APP"', 'exec node "$APP"'],
    ['exec node app.js', undefined],
    ['node app.js; exit 0', undefined],
    ['node x & wait', undefined],
    ['a | b', undefined],
    ['(node x)', undefined],
    ['for i in 1; do x; done', undefined],
    ['if a; then b; fi', undefined],
    ['node x &', undefined],
    ['! node x', undefined],
    ['main() { node a; }; main', undefined],
    ['node "x', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      assert.equal(insertExec(text), expected);
    });
  }

  it('gives a text whose last command is exec', () => {
    for (const [text, expected] of cases) {
      if (expected === undefined) {
        continue;
      }
      const after = analyzeShell(insertExec(text)!);
      assert.equal(after.last?.command.isExec, true, text);
      assert.equal(execInsertionOffset(after), undefined, text);
    }
  });
});

describe('splitComposeWords', () => {
  const cases: [string, string[], number | undefined, string | undefined][] = [
    ['', [], undefined, undefined],
    ['   ', [], undefined, undefined],
    ['node app.js', ['node', 'app.js'], undefined, undefined],
    ['sh -c "a && b"', ['sh', '-c', 'a && b'], undefined, undefined],
    ['npm install && npm start', ['npm', 'install'], 12, '&&'],
    ['npm install&&npm start', ['npm', 'install'], 11, '&&'],
    ["echo 'a;b'", ['echo', 'a;b'], undefined, undefined],
    ['node app.js > out.log', ['node', 'app.js'], 12, '>'],
    ['node app.js 2>err.log', ['node', 'app.js'], 12, '2>'],
    ['node app.js | tee log', ['node', 'app.js'], 12, '|'],
    ['a; b', ['a'], 1, ';'],
    ['node x &', ['node', 'x'], 7, '&'],
    ['node < in', ['node'], 5, '<'],
    ['echo \\; done', ['echo', ';', 'done'], undefined, undefined],
    ['echo "say \\"hi\\""', ['echo', 'say "hi"'], undefined, undefined],
    ["echo 'it\\'s", ['echo', 'it\\s'], undefined, undefined],
    ['echo "a\\b"', ['echo', 'ab'], undefined, undefined],
    ['echo "" x', ['echo', '', 'x'], undefined, undefined],
    ['echo $HOME ${A:-b}', ['echo', '$HOME', '${A:-b}'], undefined, undefined],
    ['echo $(a && b) c', ['echo', '$(a && b)', 'c'], undefined, undefined],
    ['echo `a; b` c', ['echo', '`a; b`', 'c'], undefined, undefined],
    ['echo héllo && x', ['echo', 'héllo'], 11, '&&'],
  ];
  for (const [text, words, droppedFrom, operator] of cases) {
    it(JSON.stringify(text), () => {
      const split = splitComposeWords(text);

      assert.deepEqual(split.words, words);
      assert.equal(split.droppedFrom, droppedFrom);
      assert.equal(split.operator, operator);
      assert.equal(split.error, undefined);
    });
  }

  const refused = ['echo "abc', "echo 'abc", 'echo abc\\', 'echo (a)', 'echo a)', 'echo `a'];
  for (const text of refused) {
    it(`refuses ${JSON.stringify(text)} as compose does`, () => {
      const split = splitComposeWords(text);
      assert.equal(split.error, 'invalid command line string');
      assert.deepEqual(split.words, []);
    });
  }
});

describe('quoteForShell and toJsonExecForm', () => {
  const quoting: [string, string][] = [
    ['app.js', 'app.js'],
    ['--port=3000', '--port=3000'],
    ['/usr/bin/node', '/usr/bin/node'],
    ['my app.js', "'my app.js'"],
    ["it's", `'it'\\''s'`],
    ['', "''"],
    ['$HOME', "'$HOME'"],
    ['*.js', "'*.js'"],
    ['~/x', "'~/x'"],
    ['FOO=1', "'FOO=1'"],
    ['a&&b', "'a&&b'"],
  ];
  for (const [word, quoted] of quoting) {
    it(`quotes ${JSON.stringify(word)} as ${quoted}`, () => {
      assert.equal(quoteForShell(word), quoted);
    });
  }

  it('round-trips quoted words through the shell parser', () => {
    const words = ['node', 'my app.js', "it's", '', '$HOME', '*.js', '~/x', 'a"b\\c', 'FOO=1'];

    const text = words.map(quoteForShell).join(' ');
    const analysis = analyzeShell(text);

    assert.deepEqual(analysis.singleSimpleCommand, words);
  });

  it('writes an exec-form array with a space after each comma', () => {
    assert.equal(toJsonExecForm(['node', 'app.js']), '["node", "app.js"]');
    assert.equal(
      toJsonExecForm(['say "hi"', 'a\\b', 'tab\t']),
      '["say \\"hi\\"", "a\\\\b", "tab\\t"]',
    );
    assert.equal(toJsonExecForm([]), '[]');
    assert.deepEqual(JSON.parse(toJsonExecForm(['é', '😀', '\n'])), ['é', '😀', '\n']);
  });
});
