/**
 * Holds each mutant's `breaks` to the real checks: a fixed corpus that triggers every fault is sent to the reference
 * and to each mutant, the exchanges are judged by checks/, and the set of failing check ids must equal `breaks`
 * exactly (and be empty for the reference), in the mutant's profile. suites/matrix.ts does the same with generated
 * cases.
 */
import request from 'supertest';
import { BUILTIN_CHECKS } from '../../checks/registry';
import {
  PROFILES,
  type CaseKind,
  type CheckContext,
  type CheckId,
  type Exchange,
  type InvalidTag,
  type Profile,
  type ResponseRecord,
} from '../../checks/types';
import { loadSpecs } from '../../specs/loader';
import { createReferenceHandler } from '../reference/handler';
import { startServer, type RunningServer } from '../reference/server';
import { COLLECTION, exampleBody, minimalBody, SECURITY_TYPE } from '../testing';
import { MUTANTS } from './index';

const TOKEN = 'breaks-test-token';
type Body = Record<string, unknown>;

interface Case {
  id: string;
  kind: CaseKind;
  body?: Body;
  text?: string;
  invalid?: InvalidTag;
  auth?: string;
}

function richBody(): Body {
  const example = exampleBody();
  const first = (example['checkinStatuses'] as Body[])[0] ?? {};
  return {
    ...example,
    '@odata.type': 'microsoft.graph.windowsOfficeClientConfiguration',
    displayName: 'Überblick — 設定',
    description: 'd'.repeat(300),
    checkinStatuses: [first, { ...first, userId: 'second', checkinDateTime: '2024-06-01T12:00:00Z' }],
  };
}

const reject = (rule: string, pointer: string): InvalidTag => ({ rule, pointer, expectation: 'reject' });

const CORPUS: Case[] = [
  { id: 'minimal', kind: 'valid', body: minimalBody() },
  { id: 'example', kind: 'valid', body: exampleBody() },
  { id: 'rich', kind: 'valid', body: richBody() },
  // A priority no other configuration has: a 409 for it is no clash (refuses-negative-priority).
  { id: 'negative-priority', kind: 'valid', body: { ...minimalBody(), priority: -7 } },
  { id: 'security', kind: 'valid', body: { ...exampleBody(), '@odata.type': SECURITY_TYPE } },
  { id: 'bad-json', kind: 'invalid', text: '{"@odata.type":', invalid: reject('json-syntax', '') },
  {
    id: 'bad-int',
    kind: 'invalid',
    body: { ...minimalBody(), priority: 'high' },
    invalid: reject('int32', '/priority'),
  },
  {
    id: 'bad-date',
    kind: 'invalid',
    body: { ...minimalBody(), checkinStatuses: [{ userId: 'u', checkinDateTime: '2021-02-30T00:00:00Z' }] },
    invalid: reject('date-time', '/checkinStatuses/0/checkinDateTime'),
  },
  {
    id: 'hour-24',
    kind: 'invalid',
    body: { ...minimalBody(), checkinStatuses: [{ userId: 'u', checkinDateTime: '2021-03-01T24:10:00Z' }] },
    invalid: reject('datetime-impossible', '/checkinStatuses/0/checkinDateTime'),
  },
  {
    id: 'no-type',
    kind: 'invalid',
    body: { displayName: 'no type' },
    invalid: { ...reject('required-property-missing', ''), leniency: 'missing-odata-type' },
  },
  {
    id: 'unknown',
    kind: 'invalid',
    body: { ...exampleBody(), colour: 'blue' },
    invalid: { rule: 'unknown-property', pointer: '/colour', expectation: 'warn' },
  },
  { id: 'auth-missing', kind: 'auth-missing', body: minimalBody(), auth: '' },
  { id: 'auth-wrong', kind: 'auth-wrong', body: minimalBody(), auth: 'Bearer wrong-token' },
  { id: 'client-id', kind: 'client-id', body: { ...minimalBody(), id: 'chosen-by-the-client' } },
];

function record(res: request.Response, started: number): ResponseRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
  const rec: ResponseRecord = { status: res.status, headers, text: res.text ?? '', durationMs: Date.now() - started };
  try {
    if (rec.text.trim() !== '') rec.json = JSON.parse(rec.text) as unknown;
  } catch {
    // not JSON: json stays undefined
  }
  return rec;
}

/** Runs the corpus against a server and returns the ids of the checks that failed. */
async function failingChecks(s: RunningServer, profile: Profile = 'graph-docs'): Promise<CheckId[]> {
  const runStartedAt = Date.now();
  const seenIds = new Map<string, string>();
  const failed = new Set<CheckId>();
  const url = `http://127.0.0.1:${s.port}${COLLECTION}`;
  for (const c of CORPUS) {
    const text = c.text ?? JSON.stringify(c.body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = c.auth ?? `Bearer ${TOKEN}`;
    if (auth !== '') headers['authorization'] = auth;
    const started = Date.now();
    const res = await request(s.server).post(COLLECTION).set(headers).send(text);
    const ex: Exchange = {
      caseId: c.id,
      kind: c.kind,
      request: { method: 'POST', url, headers, text, ...(c.body ? { body: c.body } : {}) },
      response: record(res, started),
      ...(c.invalid ? { invalid: c.invalid } : {}),
    };
    const id = (ex.response.json as Body | undefined)?.['id'];
    if (c.kind === 'valid' && res.status >= 200 && res.status < 300 && typeof id === 'string' && id !== '') {
      const readUrl = `${url}/${encodeURIComponent(id)}`;
      const t = Date.now();
      const back = await request(s.server)
        .get(`${COLLECTION}/${encodeURIComponent(id)}`)
        .set('authorization', `Bearer ${TOKEN}`);
      ex.readBack = { request: { method: 'GET', url: readUrl, headers: {} }, response: record(back, t) };
      // The engine follows the Location of every run's first create that has one; here, of every valid case.
      const location = ex.response.headers['location'];
      if (location) {
        const path = new URL(location, url).pathname;
        const t2 = Date.now();
        const got = await request(s.server).get(path).set('authorization', `Bearer ${TOKEN}`);
        ex.locationRead = { request: { method: 'GET', url: location, headers: {} }, response: record(got, t2) };
      }
    }
    if (c.kind === 'client-id') ex.clientId = c.body?.['id'] as string;
    const ctx: CheckContext = { profile, specs: loadSpecs(), runStartedAt, now: Date.now, seenIds };
    for (const check of BUILTIN_CHECKS)
      if (check.appliesTo(ex, ctx) && check.judge(ex, ctx).length > 0) failed.add(check.id);
    if (typeof id === 'string' && !seenIds.has(id)) seenIds.set(id, c.id);
  }
  return [...failed].sort();
}

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test.each(PROFILES.map((p) => [p]))('the reference fails no check on the corpus (%s)', async (profile) => {
  const s = await startServer(createReferenceHandler({ token: TOKEN }));
  servers.push(s);
  expect(await failingChecks(s, profile)).toEqual([]);
});

test.each(MUTANTS.map((m) => [m.name, m] as const))('%s fails exactly the checks it declares', async (_name, m) => {
  const s = await startServer(m.createHandler({ token: TOKEN }));
  servers.push(s);
  expect(await failingChecks(s, m.profile ?? 'graph-docs')).toEqual([...m.breaks].sort());
});
