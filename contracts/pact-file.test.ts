import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pactFilesIn, readPact } from './pact-file';

describe('readPact', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pact-file-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, data: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
    return file;
  };

  it('reads a V4 pact, unwrapping {content} bodies', () => {
    const file = write('v4.json', {
      consumer: { name: 'c' },
      provider: { name: 'p' },
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          description: 'd',
          request: { method: 'POST', path: '/x', headers: { A: ['1'] }, body: { content: { a: 1 }, encoded: false } },
        },
      ],
    });
    expect(readPact(file)).toEqual({
      file,
      consumer: 'c',
      provider: 'p',
      interactions: [
        { description: 'd', request: { method: 'POST', path: '/x', headers: { A: ['1'] }, body: { a: 1 } } },
      ],
    });
  });

  it('reads a V3 pact, whose body is the body itself (even one with a "content" key)', () => {
    const file = write('v3.json', {
      consumer: { name: 'c' },
      provider: { name: 'p' },
      metadata: { pactSpecification: { version: '3.0.0' } },
      interactions: [{ description: 'd', request: { method: 'POST', path: '/x', body: { content: 'text' } } }],
    });
    expect(readPact(file).interactions[0]?.request.body).toEqual({ content: 'text' });
  });

  it('refuses what is not a pact, with the file named', () => {
    expect(() => readPact(write('bad.json', '{'))).toThrow(/cannot read pact file .*bad\.json/);
    expect(() => readPact(write('other.json', { hello: 1 }))).toThrow(/is not a pact/);
  });

  it('lists the *.json files of a folder, sorted; none for a missing folder', () => {
    write('b.json', {});
    write('a.json', {});
    write('notes.txt', 'x');
    expect(pactFilesIn(dir)).toEqual([join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(pactFilesIn(join(dir, 'missing'))).toEqual([]);
  });
});
