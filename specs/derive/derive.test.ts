import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareSpecs, deriveSpecs, DocsFolderError, PageError } from './index';
import { readDocs } from './model';
import { familyOperations } from './surface';
import { NAVIGATION_KEYWORD, SPECS_DIR } from '../loader';
import { PRIORITY_CLASH_READINGS } from '../settings';

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
      'action-name-qualification',
      'action-name-foreign-namespace',
      'action-collection-result',
      'assign-replaces-assignments',
      'priority-uniqueness',
    ]) {
      expect(doc).toContain(`### ${id}`);
    }
  });

  /** One disagreement's section of DERIVATION.md, up to the next heading. */
  const section = (id: string): string => {
    const doc = files.get('DERIVATION.md') ?? '';
    const at = doc.indexOf(`### ${id}\n`);
    const end = doc.indexOf('\n#', at + 4);
    return at < 0 ? '' : doc.slice(at, end < 0 ? undefined : end);
  };

  test('every disagreement has findings, a Reading and a Why', () => {
    const doc = files.get('DERIVATION.md') ?? '';
    const ids = [...doc.matchAll(/^### (\S+)$/gm)].map((m) => m[1] ?? '');
    expect(ids.length).toBeGreaterThanOrEqual(15);
    for (const id of ids) {
      const text = section(id);
      expect([id, /\n- /.test(text), /\nReading: \S/.test(text), /\nWhy: \S/.test(text)]).toEqual([
        id,
        true,
        true,
        true,
      ]);
    }
  });

  test('the priority setting names the values the checks read', () => {
    const setting = /\nSetting: --priority-clash: (.*)\n/.exec(section('priority-uniqueness'))?.[1] ?? '';
    expect(setting.split(' | ').map((v) => v.replace(' (default)', ''))).toEqual([...PRIORITY_CLASH_READINGS]);
    expect(setting).toContain('either (default)');
  });

  test('the new disagreements name the places the sources differ', () => {
    expect(section('action-name-qualification')).toContain('/microsoft.graph.assign');
    expect(section('action-name-foreign-namespace')).toContain('microsoft.management.services.api.updatePriorities');
    expect(section('action-collection-result')).toMatch(/bare array/);
    expect(section('action-collection-result')).toMatch(/not accepted/);
    expect(section('status-codes')).toContain('officeclientconfiguration-updatepriorities.md: the page says 200');
    expect(section('status-codes')).toContain('officeclientconfigurationassignment-update.md: the page says 200');
    expect(section('status-codes')).toContain('"200 Created"');
    expect(section('assign-replaces-assignments')).toContain('officeConfigurationAssignments');
  });

  test('the operations are read from the API pages: paths, kinds, statuses and action names', () => {
    const ops = familyOperations(readDocs(DOCS));
    const summary = ops.map((o) => `${o.method} ${o.template} ${o.kind} ${o.statuses.map((s) => s.code).join('/')}`);
    expect(summary.sort()).toEqual(
      [
        'DELETE /officeConfiguration/clientConfigurations/{id} delete 200/204',
        'DELETE /officeConfiguration/clientConfigurations/{id}/assignments/{assignmentId} delete 200/204',
        'GET /officeConfiguration/clientConfigurations list 200',
        'GET /officeConfiguration/clientConfigurations/{id} get 200',
        'GET /officeConfiguration/clientConfigurations/{id}/assignments list 200',
        'GET /officeConfiguration/clientConfigurations/{id}/assignments/{assignmentId} get 200',
        'PATCH /officeConfiguration/clientConfigurations/{id} update 200/204',
        'PATCH /officeConfiguration/clientConfigurations/{id}/assignments/{assignmentId} update 200/204',
        'POST /officeConfiguration/clientConfigurations create 201',
        'POST /officeConfiguration/clientConfigurations/microsoft.management.services.api.updatePriorities action 200/204',
        'POST /officeConfiguration/clientConfigurations/{id}/assign action 200',
        'POST /officeConfiguration/clientConfigurations/{id}/assignments create 201',
      ].sort(),
    );
    const assign = ops.find((o) => o.action?.name === 'assign');
    expect(assign?.action).toMatchObject({
      boundTo: 'entity',
      docsSegment: 'assign',
      sliceSegment: 'microsoft.graph.assign',
      returns: { typeName: 'officeClientConfigurationAssignment', collection: true },
    });
    expect(assign?.action?.parameters.map((p) => [p.name, p.kind, p.typeName, p.collection])).toEqual([
      ['officeConfigurationAssignments', 'Complex', 'officeClientConfigurationAssignment', true],
    ]);
    const priorities = ops.find((o) => o.action?.name === 'updatePriorities');
    expect(priorities?.action?.boundTo).toBe('collection');
    expect(priorities?.action?.parameters.map((p) => [p.name, p.kind, p.collection, p.itemsNullable])).toEqual([
      ['officeConfigurationPolicyIds', 'String', true, true],
      ['officeConfigurationPriorities', 'Int32', true, false],
    ]);
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

  (haveDocs ? test : test.skip)(
    'a request line the resource pages cannot resolve is a PageError naming the page',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'docs-'));
      try {
        cpSync(DOCS, dir, { recursive: true });
        const page = join(dir, 'api-reference/beta/api/intune-cirrus-officeclientconfigurationassignment-list.md');
        writeFileSync(
          page,
          readFileSync(page, 'utf8').replace(
            'GET /officeConfiguration/clientConfigurations/{officeClientConfigurationId}/assignments\n',
            'GET /officeConfiguration/clientConfigurations/{officeClientConfigurationId}/nothingHere/{x}\n',
          ),
        );
        expect(() => deriveSpecs(dir)).toThrow(PageError);
        expect(() => deriveSpecs(dir)).toThrow(
          /officeclientconfigurationassignment-list\.md: path segment "nothingHere" .* is neither a key, a relationship/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
