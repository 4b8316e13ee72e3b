import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import {
  explicitShellArgv,
  insertIntoJsonString,
  insertIntoYamlScalar,
  lenientElements,
  shellTextOfArgs,
  yamlScalar,
} from '../../../src/core/fixes/command-edits';
import { applyEdits } from '../../../src/core/fixes/apply';
import type { ExecArg } from '../../../src/core/parse/model';

const PATH = '/p/compose.yaml';

/** The ExecArg of a value written on line 0 of `line`, starting at `from`. */
function argAt(line: string, from: number, value: string): ExecArg {
  return {
    value,
    range: { start: { line: 0, character: from }, end: { line: 0, character: line.length } },
  };
}

describe('insertIntoYamlScalar', () => {
  const cases: { name: string; line: string; value: string; expected: string }[] = [
    { name: 'plain', line: '- a && b', value: 'a && b', expected: '- a && exec b' },
    {
      name: 'single-quoted',
      line: "- 'it''s && b'",
      value: "it's && b",
      expected: "- 'it''s && exec b'",
    },
    {
      name: 'double-quoted',
      line: '- "a \\"x\\" && b"',
      value: 'a "x" && b',
      expected: '- "a \\"x\\" && exec b"',
    },
    {
      name: 'double-quoted with an escape JSON does not write: written anew',
      line: '- "a \\x26\\x26 b"',
      value: 'a && b',
      expected: '- "a && exec b"',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const arg = argAt(c.line, 2, c.value);
      const offset = c.value.lastIndexOf('b');
      const edit = insertIntoYamlScalar(PATH, [c.line], arg, offset, 'exec ');
      assert.ok(edit);
      const after = applyEdits(c.line, [edit]);
      assert.equal(after, c.expected);
      assert.deepEqual(parse(after), [c.value.slice(0, offset) + 'exec ' + c.value.slice(offset)]);
    });
  }

  it('inserts into a literal block scalar, and gives up on a folded one', () => {
    const range = { start: { line: 0, character: 2 }, end: { line: 2, character: 3 } };
    const literal = ['- |', '  a', '  b'];
    const edit = insertIntoYamlScalar(PATH, literal, { value: 'a\nb\n', range }, 2, 'exec ');
    assert.ok(edit);
    const after = applyEdits(literal.join('\n'), [edit]);
    assert.deepEqual(parse(after), ['a\nexec b\n']);

    const folded = ['- >', '  a', '  b'];
    assert.equal(
      insertIntoYamlScalar(PATH, folded, { value: 'a b\n', range }, 2, 'exec '),
      undefined,
    );
  });
});

describe('insertIntoJsonString', () => {
  it('inserts at the character when the element is written as JSON.stringify writes it', () => {
    const line = 'CMD ["sh", "-c", "echo \\"é\\" && b"]';
    const value = 'echo "é" && b';
    const start = line.indexOf('"echo');
    const arg = {
      value,
      range: { start: { line: 0, character: start }, end: { line: 0, character: line.length - 1 } },
    };
    const edit = insertIntoJsonString('/p/Dockerfile', arg, value.indexOf('b'), 'exec ');
    assert.ok(edit);
    assert.equal(edit.range.start.character, edit.range.end.character);
    assert.equal(applyEdits(line, [edit]), 'CMD ["sh", "-c", "echo \\"é\\" && exec b"]');
  });
});

describe('shellTextOfArgs and explicitShellArgv', () => {
  it('keeps operators and $VAR, quotes everything else as one word', () => {
    assert.equal(
      shellTextOfArgs(['node', 'a b.js', '&&', 'echo', "it's", '$HOME', '${X}']),
      "node 'a b.js' && echo 'it'\\''s' $HOME ${X}",
    );
    assert.equal(shellTextOfArgs(['node', '$A b']), undefined);
  });

  it('puts exec before the last command, and "$@" after it for an ENTRYPOINT', () => {
    assert.deepEqual(explicitShellArgv('a && b --x', false), ['/bin/sh', '-c', 'a && exec b --x']);
    assert.deepEqual(explicitShellArgv('a; b > log', true), [
      '/bin/sh',
      '-c',
      'a; exec b > log "$@"',
      'sh',
    ]);
    assert.equal(explicitShellArgv('a | b', false), undefined);
    assert.equal(explicitShellArgv('a && (b', false), undefined);
  });
});

describe('yamlScalar', () => {
  it('writes plain only what YAML reads back as the same string', () => {
    for (const value of [
      '/bin/sh',
      '-c',
      'node',
      'true',
      'yes',
      '3000',
      '-1',
      'a b',
      '&&',
      '#x',
      '',
    ]) {
      assert.deepEqual(parse(`- ${yamlScalar(value)}`), [value], value);
    }
    assert.equal(yamlScalar('/bin/sh'), '/bin/sh');
    assert.equal(yamlScalar('-c'), '-c');
    assert.equal(yamlScalar('true'), '"true"');
  });
});

describe('lenientElements', () => {
  it('reads quoted and bare elements', () => {
    assert.deepEqual(lenientElements(`["node", $APP, 'x']`), [
      { value: 'node', bare: false },
      { value: '$APP', bare: true },
      { value: 'x', bare: false },
    ]);
    assert.equal(lenientElements('["node" "x"]'), undefined);
  });
});
