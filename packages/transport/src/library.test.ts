import { describe, expect, it } from 'vitest';
import { TransportError } from './errors.js';
import { loadFirstLibrary } from './library.js';

describe('loadFirstLibrary', () => {
  it('returns the first candidate that loads, with its path', () => {
    const tried: string[] = [];
    const loaded = loadFirstLibrary(
      ['a.so', 'b.so', 'c.so'],
      (path) => {
        tried.push(path);
        if (path === 'a.so') throw new Error('not found');
        return `handle of ${path}`;
      },
      'test library',
      'install it',
    );
    expect(loaded).toEqual({ library: 'handle of b.so', path: 'b.so' });
    expect(tried).toEqual(['a.so', 'b.so']);
  });

  it('throws LIBRARY_MISSING naming every candidate, its failure, and the advice', () => {
    let error: unknown;
    try {
      loadFirstLibrary(
        ['a.so', 'b.so'],
        (path) => {
          throw new Error(`${path}: cannot open shared object file`);
        },
        'test library',
        'install it',
      );
    } catch (e) {
      error = e;
    }
    expect(TransportError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LIBRARY_MISSING', nativeCode: 'LIBRARY_MISSING' });
    expect(error).toMatchObject({
      summary:
        'The test library could not be loaded; looked for: a.so (a.so: cannot open shared object file); ' +
        'b.so (b.so: cannot open shared object file)',
      action: 'install it',
    });
  });
});
