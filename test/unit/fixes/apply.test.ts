import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  applyFileEdits,
  EditConflictError,
  fixToApply,
  hasFinalNewline,
  selectFixes,
  withEol,
} from '../../../src/core/fixes/apply';
import type { Finding, Fix, TextEdit } from '../../../src/core/types';

const PATH = '/p/Dockerfile';

function edit(
  startLine: number,
  startChar: number,
  endLine: number,
  endChar: number,
  newText: string,
  path = PATH,
): TextEdit {
  return {
    path,
    range: {
      start: { line: startLine, character: startChar },
      end: { line: endLine, character: endChar },
    },
    newText,
  };
}

function finding(line: number, fixes: Fix[]): Finding {
  return {
    rule: 'shell-form',
    severity: 'warning',
    message: 'm',
    path: PATH,
    range: { start: { line, character: 0 }, end: { line, character: 3 } },
    related: [],
    fixes,
  };
}

describe('applyEdits', () => {
  const cases: { name: string; text: string; edits: TextEdit[]; expected: string }[] = [
    {
      name: 'replaces a range on one line',
      text: 'CMD npm start\n',
      edits: [edit(0, 4, 0, 13, '["npm", "start"]')],
      expected: 'CMD ["npm", "start"]\n',
    },
    {
      name: 'applies edits given out of order, back to front',
      text: 'a b c\n',
      edits: [edit(0, 4, 0, 5, 'C'), edit(0, 0, 0, 1, 'A')],
      expected: 'A b C\n',
    },
    {
      name: 'inserts before a replacement that starts at the same point',
      text: 'abcdef',
      edits: [edit(0, 2, 0, 4, 'X'), edit(0, 2, 0, 2, '>')],
      expected: 'ab>Xef',
    },
    {
      name: 'keeps insertions at one point in the order given',
      text: 'ab',
      edits: [edit(0, 1, 0, 1, '1'), edit(0, 1, 0, 1, '2')],
      expected: 'a12b',
    },
    {
      name: 'accepts edits that only touch',
      text: 'abcdef',
      edits: [edit(0, 0, 0, 3, 'X'), edit(0, 3, 0, 6, 'Y')],
      expected: 'XY',
    },
    {
      name: 'spans lines with CRLF terminators',
      text: 'FROM x\r\nCMD a \\\r\n  b\r\n',
      edits: [edit(1, 4, 2, 3, 'a b')],
      expected: 'FROM x\r\nCMD a b\r\n',
    },
    {
      name: 'counts characters in UTF-16 code units',
      text: 'CMD echo 😀 x\n',
      // The emoji is two code units: "x" is at character 12.
      edits: [edit(0, 12, 0, 13, 'y')],
      expected: 'CMD echo 😀 y\n',
    },
    {
      name: 'clamps a character past the end of its line to the line end',
      text: 'ab\ncd\n',
      edits: [edit(0, 99, 0, 99, '!')],
      expected: 'ab!\ncd\n',
    },
    {
      name: 'clamps a line past the end to the end of the text',
      text: 'ab',
      edits: [edit(7, 0, 9, 0, '\nc')],
      expected: 'ab\nc',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(applyEdits(c.text, c.edits), c.expected);
    });
  }

  it('rejects overlapping edits and names both', () => {
    const a = edit(0, 0, 0, 4, 'X');
    const b = edit(0, 2, 0, 6, 'Y');
    assert.throws(
      () => applyEdits('abcdefgh', [a, b]),
      (err: unknown) =>
        err instanceof EditConflictError &&
        err.edits.includes(a) &&
        err.edits.includes(b) &&
        /overlap/.test(err.message),
    );
  });

  it('rejects an insertion inside a replaced range', () => {
    assert.throws(
      () => applyEdits('abcdef', [edit(0, 1, 0, 5, 'X'), edit(0, 3, 0, 3, 'i')]),
      EditConflictError,
    );
  });

  it('rejects a range that ends before it starts', () => {
    assert.throws(() => applyEdits('abc', [edit(0, 2, 0, 1, 'x')]), /ends before it starts/);
  });
});

describe('line endings', () => {
  it('rewrites every kind of terminator', () => {
    assert.equal(withEol('a\nb\r\nc\rd', '\r\n'), 'a\r\nb\r\nc\r\nd');
    assert.equal(withEol('a\r\nb', '\n'), 'a\nb');
  });

  it('tells whether a text ends with a newline', () => {
    assert.equal(hasFinalNewline('a\n'), true);
    assert.equal(hasFinalNewline('a\r\n'), true);
    assert.equal(hasFinalNewline('a'), false);
  });

  it('writes inserted lines with the file’s CRLF', () => {
    const text = 'FROM node:20\r\nCMD node a.js\r\n';
    const out = applyFileEdits(text, [edit(1, 0, 1, 0, 'RUN apt-get install -y tini\n')]);
    assert.equal(out, 'FROM node:20\r\nRUN apt-get install -y tini\r\nCMD node a.js\r\n');
  });

  it('keeps LF files LF even when a fix brings CRLF', () => {
    const out = applyFileEdits('a\nb\n', [edit(1, 0, 1, 0, 'x\r\n')]);
    assert.equal(out, 'a\nx\nb\n');
  });

  it('keeps a missing final newline missing', () => {
    const out = applyFileEdits('FROM x\nCMD a', [edit(1, 5, 1, 5, '\nRUN b\n')]);
    assert.equal(out, 'FROM x\nCMD a\nRUN b');
  });

  it('keeps a final newline that an edit removed', () => {
    const out = applyFileEdits('FROM x\r\nCMD a\r\n', [edit(1, 0, 2, 0, 'CMD ["a"]')]);
    assert.equal(out, 'FROM x\r\nCMD ["a"]\r\n');
  });
});

describe('selectFixes', () => {
  const safe = (title: string, e: TextEdit[], preferred?: boolean): Fix => ({
    title,
    safe: true,
    preferred,
    edits: e,
  });
  const unsafe = (title: string, e: TextEdit[], preferred?: boolean): Fix => ({
    title,
    safe: false,
    preferred,
    edits: e,
  });

  it('picks the preferred safe fix, and leaves unsafe ones out without --unsafe-fixes', () => {
    const f = finding(0, [
      unsafe('u', [edit(0, 0, 0, 1, 'u')], true),
      safe('s1', [edit(0, 0, 0, 1, 'a')]),
      safe('s2', [edit(0, 0, 0, 1, 'b')], true),
    ]);
    assert.equal(fixToApply(f, { unsafe: false })?.title, 's2');
    assert.equal(fixToApply(f, { unsafe: true })?.title, 'u');
  });

  it('falls back to the first allowed fix when none is preferred', () => {
    const f = finding(0, [
      unsafe('u', [edit(0, 0, 0, 1, 'u')]),
      safe('s', [edit(0, 0, 0, 1, 'a')]),
    ]);
    assert.equal(fixToApply(f, { unsafe: false })?.title, 's');
    assert.equal(fixToApply(f, { unsafe: true })?.title, 'u');
    assert.equal(fixToApply(finding(0, [unsafe('u', [])]), { unsafe: true }), undefined);
  });

  it('groups edits by file and skips a fix that overlaps one already chosen', () => {
    const first = finding(0, [
      safe('first', [edit(0, 0, 0, 5, 'A'), edit(0, 0, 0, 0, 'x', '/p/s.sh')]),
    ]);
    const clash = finding(0, [safe('clash', [edit(0, 3, 0, 8, 'B')])]);
    const sameInsert = finding(1, [safe('same insert', [edit(0, 0, 0, 0, 'y', '/p/s.sh')])]);
    const apart = finding(2, [safe('apart', [edit(2, 0, 2, 1, 'C')])]);
    const selection = selectFixes([first, clash, sameInsert, apart], { unsafe: false });

    assert.deepEqual(
      selection.chosen.map((c) => c.fix.title),
      ['first', 'apart'],
    );
    assert.deepEqual(
      selection.skipped.map((s) => [s.fix.title, s.reason]),
      [
        ['clash', 'overlaps'],
        ['same insert', 'overlaps'],
      ],
    );
    assert.deepEqual([...selection.edits.keys()].sort(), ['/p/Dockerfile', '/p/s.sh']);
    assert.equal(selection.edits.get(PATH)?.length, 2);
  });

  it('skips a fix whose own edits overlap', () => {
    const bad = finding(0, [safe('bad', [edit(0, 0, 0, 4, 'A'), edit(0, 2, 0, 6, 'B')])]);
    const selection = selectFixes([bad], { unsafe: false });
    assert.equal(selection.chosen.length, 0);
    assert.deepEqual(
      selection.skipped.map((s) => s.reason),
      ['invalid'],
    );
  });

  it('produces edits that applyEdits accepts together', () => {
    const text = 'FROM x\nCMD a\nCMD b\n';
    const findings = [
      finding(1, [safe('one', [edit(1, 4, 1, 5, '["a"]')])]),
      finding(2, [safe('two', [edit(2, 4, 2, 5, '["b"]')])]),
    ];
    const edits = selectFixes(findings, { unsafe: false }).edits.get(PATH) ?? [];
    assert.equal(applyEdits(text, edits), 'FROM x\nCMD ["a"]\nCMD ["b"]\n');
  });
});
