import { createRoots } from './createRoots';
import { slotsOf } from './slots';
import { schemaFile } from './schema';

const pathOf = (steps: ReadonlyArray<object>): string =>
  steps
    .map((s) => ('prop' in s ? String(s.prop) : 'item' in s ? '*' : `<${String((s as { branch: number }).branch)}>`))
    .join('/');

describe('slotsOf', () => {
  test('lists every property and item of the create body except readOnly and left-out ones', () => {
    const [root] = createRoots({});
    if (!root) throw new Error('no root');
    const paths = slotsOf(root.schema, { omitProperties: ['assignments'], rootProperties: root.rootProperties }).map(
      (s) => pathOf(s.steps),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '@odata.type',
        'priority',
        'userCheckinSummary/failedUserCount',
        'checkinStatuses/*',
        'checkinStatuses/*/checkinDateTime',
        'checkinStatuses/*/appliedPolicies/*',
      ]),
    );
    expect(paths.some((p) => p === 'id' || p === 'lastModifiedDateTime' || p.startsWith('assignments'))).toBe(false);
  });

  test('the root @odata.type takes createRequest enum (every creatable type), and anyOf branches are marked', () => {
    const [root] = createRoots({ includeNavigation: true });
    if (!root) throw new Error('no root');
    const slots = slotsOf(root.schema, { rootProperties: root.rootProperties });
    expect(slots.find((s) => pathOf(s.steps) === '@odata.type')?.info.enum).toHaveLength(4);
    const groupId = slots.find((s) => pathOf(s.steps) === 'assignments/*/target/<1>/groupId');
    expect(groupId?.inBranch).toBe(true);
    expect(groupId?.info.nullable).toBe(true);
  });

  test('a property added to the schema becomes a slot', () => {
    const base = schemaFile('windowsOfficeClientConfiguration.request.schema.json');
    const changed = { ...base, properties: { ...(base['properties'] as object), extra: { type: 'boolean' } } };
    expect(slotsOf(changed).some((s) => s.name === 'extra')).toBe(true);
  });
});
