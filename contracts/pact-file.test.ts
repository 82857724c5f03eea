import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from './defaults';
import { pactFilesIn, pathExpressionPattern, readPact } from './pact-file';

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

  it('reads provider-state values: the path expression and whether the body has injected values', () => {
    const committed = readPact(join(DEFAULT_PACT_DIR, pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER)));
    const get = committed.interactions.find((i) => i.description.startsWith('a read of a configuration by its id'));
    expect(get?.request).toMatchObject({
      method: 'GET',
      path: '/officeConfiguration/clientConfigurations/13a5ac73-ac73-13a5-73ac-a51373aca513',
      pathExpression: '/officeConfiguration/clientConfigurations/${idSegment}',
    });
    expect(get?.request.injected).toBeUndefined();
    const priorities = committed.interactions.find((i) => i.description.startsWith('an updatePriorities'));
    expect(priorities?.request.pathExpression).toBeUndefined();
    expect(priorities?.request.injected).toBe(true);
    const creates = committed.interactions.filter((i) => i.description.includes('create'));
    for (const i of creates) expect([i.request.pathExpression, i.request.injected]).toEqual([undefined, undefined]);
  });

  it('a path expression matches the paths it can become: each ${value} one encoded segment', () => {
    const re = pathExpressionPattern('/officeConfiguration/clientConfigurations/${idSegment}/assign');
    expect(re.test('/officeConfiguration/clientConfigurations/abc-1/assign')).toBe(true);
    expect(re.test("/officeConfiguration/clientConfigurations/AAMk%2Bx%2F7'%C3%A9/assign")).toBe(true);
    expect(re.test('/officeConfiguration/clientConfigurations/a/b/assign')).toBe(false);
    expect(re.test('/officeConfiguration/clientConfigurations//assign')).toBe(false);
    expect(re.test('/officeConfiguration/clientConfigurationsX/abc/assign')).toBe(false);
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
