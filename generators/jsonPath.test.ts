import { keysAlong, removeAt, setAt, toPointer } from './jsonPath';

describe('jsonPath', () => {
  const body = { a: [{ b: 1 }, { b: 2 }], 'x/y~z': 1 };

  test('pointers are escaped as RFC 6901 (and ajv) write them', () => {
    expect(toPointer([])).toBe('');
    expect(toPointer(['a', 0, 'b'])).toBe('/a/0/b');
    expect(toPointer(['x/y~z'])).toBe('/x~1y~0z');
  });

  test('keysAlong follows properties, picks an item modulo the length, and skips branch steps', () => {
    const steps = [{ prop: 'a' }, { item: true as const }, { branch: 0 }, { prop: 'b' }];
    expect(keysAlong(body, steps, 3)).toEqual(['a', 1, 'b']);
    expect(keysAlong({ a: [] }, steps, 0)).toBeUndefined();
    expect(keysAlong({}, steps, 0)).toBeUndefined();
  });

  test('edits copy the path and leave the original alone', () => {
    const snapshot = JSON.stringify(body);
    const set = setAt(body, ['a', 1, 'b'], 'x') as typeof body;
    expect(set.a[1]).toEqual({ b: 'x' });
    expect(set.a[0]).toBe(body.a[0]);
    const removed = removeAt(body, ['a', 0, 'b']) as typeof body;
    expect(removed.a[0]).toEqual({});
    expect(JSON.stringify(body)).toBe(snapshot);
  });
});
