import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareSpecs, deriveSpecs, DocsFolderError, PageError } from './index';
import { NAVIGATION_KEYWORD, SPECS_DIR } from '../loader';

const DOCS = resolve(__dirname, '..', '..', '..', 'shared', 'graph-docs');
const haveDocs = existsSync(DOCS);

if (!haveDocs) {
  // Loud, not silent: outside this workplace the docs folder is not beside the clone.
  console.warn(`drift test: ${DOCS} not found; set it up beside the clone to run the drift test`);
  if (process.env['CI']) throw new Error(`drift test needs ${DOCS}; CI must have the docs beside the clone`);
}

(haveDocs ? describe : describe.skip)('derive from ../shared/graph-docs', () => {
  // Derived in beforeAll, not in the describe body: jest runs a skipped describe's body too, and without the docs
  // folder the derivation would throw while the tests are only being collected.
  let files = new Map<string, string>();
  beforeAll(() => {
    files = deriveSpecs(DOCS);
  });

  test('committed specs equal a fresh derivation (no drift)', () => {
    expect(compareSpecs(SPECS_DIR, files)).toEqual({ changed: [], added: [], removed: [] });
  });

  test('derivation is deterministic', () => {
    expect([...deriveSpecs(DOCS).entries()]).toEqual([...files.entries()]);
  });

  test('DERIVATION.md names every known disagreement', () => {
    const doc = files.get('DERIVATION.md') ?? '';
    for (const id of [
      'required-table-lists-id',
      'stream-placeholder',
      'nested-odata-type-without-hash',
      'datetime-is-not-an-edm-type',
      'status-codes',
      'get-example-wrapped-in-value',
      'location-header',
    ]) {
      expect(doc).toContain(`### ${id}`);
    }
  });

  test('Int32, DateTimeOffset, Stream and nullability reach the schemas', () => {
    const req = JSON.parse(files.get('schemas/windowsOfficeClientConfiguration.request.schema.json') ?? '{}') as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties: boolean;
    };
    expect(req.properties['priority']).toMatchObject({ type: 'integer', minimum: -2147483648, maximum: 2147483647 });
    expect(req.properties['description']?.['type']).toEqual(['string', 'null']);
    expect(req.properties['policyPayload']).toMatchObject({ contentEncoding: 'base64' });
    expect(req.additionalProperties).toBe(false);
    const status = JSON.parse(files.get('schemas/officeClientCheckinStatus.schema.json') ?? '{}') as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(status.properties['checkinDateTime']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(status.properties['userId']?.['type']).toBe('string');
    expect(status.properties['wasSuccessful']?.['type']).toBe('boolean');
  });

  test('navigation properties (the Relationships rows) and only they carry the navigation keyword', () => {
    const marked: string[] = [];
    for (const [file, text] of files) {
      if (!file.startsWith('schemas/')) continue;
      const schema = JSON.parse(text) as { properties?: Record<string, Record<string, unknown>> };
      for (const [name, prop] of Object.entries(schema.properties ?? {}))
        if (prop[NAVIGATION_KEYWORD] === true) marked.push(`${file.slice('schemas/'.length)}#${name}`);
    }
    const relationshipRows = (files.get('DERIVATION.md') ?? '')
      .split('\n')
      .filter((l) => l.includes(' (relationship) |'))
      .map((l) => l.split('|').map((c) => c.trim()));
    expect(relationshipRows.length).toBeGreaterThan(0);
    // Each relationship row of a type appears in both of its schema forms, and nothing else is marked.
    const expected = relationshipRows.flatMap(([, type, , property]) => [
      `${type}.request.schema.json#${(property ?? '').replace(' (relationship)', '')}`,
      `${type}.schema.json#${(property ?? '').replace(' (relationship)', '')}`,
    ]);
    expect(marked.sort()).toEqual(expected.sort());
    expect(marked).toContain('windowsOfficeClientConfiguration.request.schema.json#assignments');
  });
});

describe('derive errors', () => {
  test('a missing folder is a DocsFolderError naming the folder', () => {
    expect(() => deriveSpecs('/definitely/not/here')).toThrow(DocsFolderError);
    expect(() => deriveSpecs('/definitely/not/here')).toThrow('/definitely/not/here');
  });

  test('a folder without the layout says what it expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-'));
    try {
      expect(() => deriveSpecs(dir)).toThrow(/api-reference\/beta/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  (haveDocs ? test : test.skip)('a page it cannot parse is a PageError naming the page', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-'));
    try {
      cpSync(DOCS, dir, { recursive: true });
      const page = join(dir, 'api-reference/beta/resources/intune-cirrus-officeusercheckinsummary.md');
      writeFileSync(
        page,
        '---\ndoc_type: resourcePageType\n---\n# officeUserCheckinSummary resource type\n\nNo tables here.\n',
      );
      expect(() => deriveSpecs(dir)).toThrow(PageError);
      expect(() => deriveSpecs(dir)).toThrow(/intune-cirrus-officeusercheckinsummary\.md: no "## Properties" table/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
