import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, detectEol, rangeOf, splitLines } from '../../../src/core/text';

describe('LineIndex', () => {
  it('maps offsets to positions across \\n, \\r\\n and lone \\r', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);

    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('e')), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('g')), { line: 3, character: 0 });
    assert.deepEqual(index.positionAt(text.length), { line: 3, character: 2 });
  });

  it('round-trips every offset outside line terminators', () => {
    const text = 'services:\r\n  web:\n    image: x\r\r\n  é€😀: 1\n';
    const index = new LineIndex(text);

    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') {
        continue;
      }
      assert.equal(index.offsetAt(index.positionAt(offset)), offset, `offset ${offset}`);
    }
  });

  it('maps an offset inside \\r\\n to the end of the line', () => {
    const index = new LineIndex('ab\r\ncd');

    assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(index.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
  });

  it('counts characters in UTF-16 code units', () => {
    const index = new LineIndex('a😀b');

    assert.deepEqual(index.positionAt(3), { line: 0, character: 3 });
    assert.equal(index.offsetAt({ line: 0, character: 3 }), 3);
  });

  it('clamps out-of-range offsets and positions', () => {
    const index = new LineIndex('ab\ncd');

    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 7, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
  });

  it('handles the empty text and a trailing terminator', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });

    const index = new LineIndex('a\n');
    assert.equal(index.lineCount, 2);
    assert.deepEqual(index.positionAt(2), { line: 1, character: 0 });
  });
});

describe('rangeOf', () => {
  it('converts a half-open span', () => {
    const index = new LineIndex('one\ntwo three');

    assert.deepEqual(rangeOf(index, 8, 13), {
      start: { line: 1, character: 4 },
      end: { line: 1, character: 9 },
    });
  });
});

describe('splitLines', () => {
  it('drops every kind of terminator', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines('a\n'), ['a', '']);
    assert.deepEqual(splitLines(''), ['']);
  });
});

describe('detectEol', () => {
  it('picks the terminator most lines use', () => {
    assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(detectEol('a\nb\nc\r\n'), '\n');
    assert.equal(detectEol('no terminator'), '\n');
    assert.equal(detectEol('a\r\nb\n'), '\n');
  });
});
