/**
 * Commands on configurations: create, get, PATCH, DELETE, list, updatePriorities. Each sends its request(s), judges
 * the answer against the model and, when the target did what was asked, updates the model. fc.commands generates
 * and shrinks sequences of them; `check` keeps a command out of a sequence whose model cannot take it.
 */
import type fc from 'fast-check';
import { asObject, describeStatus, isSuccess, type Finding } from '../../checks/types';
import { COLLECTION_PATH } from '../options';
import { keepOnly, LifecycleClient, MAX_KEPT_PAGE_CHARS, type Step } from './client';
import {
  configDifferences,
  expectSame,
  expectSchema,
  expectStatus,
  fail,
  judgeRefusal,
  judgeStoredClash,
  type Env,
} from './judging';
import { MAX_LIVE, clashOf, merged, pickConfig, type ConfigModel, type Model } from './model';

export type Command = fc.AsyncCommand<Model, Env>;

const shortType = (t: string): string => t.replace(/^#?microsoft\.graph\./, '');

/** The id the target gave a configuration of the model (set when its create succeeded). */
export function idOf(env: Env, cfg: ConfigModel): string {
  const id = env.ids.get(cfg.ref);
  if (id === undefined) throw new Error(`configuration #${cfg.ref} has no id`);
  return id;
}

export class CreateConfig implements Command {
  constructor(readonly body: Record<string, unknown> & { priority: number; '@odata.type': string }) {}
  check = (m: Readonly<Model>): boolean => m.live.length < MAX_LIVE;

  async run(m: Model, env: Env): Promise<void> {
    const ref = m.nextRef;
    const clash = clashOf(m, this.body.priority);
    const step = await env.client.send(`create #${ref}`, 'POST', COLLECTION_PATH, this.body);
    env.tally.add({ kind: 'valid', response: step.response });
    if (!isSuccess(step.response.status)) return judgeRefusal(env, step, clash, 'a create');
    judgeStoredClash(env, step, clash, 'a create');
    expectStatus(env, step, [201], 'a valid create');
    expectSchema(env, step, env.specs.createResponse, 'the 201 body');
    const id = asObject(step.response.json)?.['id'];
    if (typeof id !== 'string') return fail('lifecycle-schema', step, [{ message: 'the 201 body has no string id' }]);
    m.nextRef++;
    m.live.push({
      ref,
      type: this.body['@odata.type'],
      fields: { ...this.body },
      priority: this.body.priority,
      assignments: [],
    });
    env.ids.set(ref, id);
    env.created.add(id);
  }

  toString = (): string => `create ${shortType(this.body['@odata.type'])} priority ${this.body.priority}`;
}

export class GetConfig implements Command {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const step = await env.client.read(
      `get #${cfg.ref}`,
      LifecycleClient.configPath(idOf(env, cfg)),
      (r) => (r.status === 200 ? configDifferences(env, cfg, r.json).length === 0 : false),
      'lifecycle-read',
    );
    if (step.response.status === 404) {
      env.judged.add('lifecycle-read');
      fail('lifecycle-read', step, [
        { message: `configuration #${cfg.ref}, created and not deleted, answers 404`, expected: 200, actual: 404 },
      ]);
    }
    expectStatus(env, step, [200], 'a GET of a configuration');
    expectSchema(env, step, env.specs.entity, 'the GET body');
    expectSame(env, 'lifecycle-read', step, cfg, step.response.json, `configuration #${cfg.ref}`);
  }

  toString = (): string => `get (pick ${this.pick})`;
}

export class PatchConfig implements Command {
  constructor(
    readonly pick: number,
    readonly patch: Record<string, unknown>,
    /** Send the configuration's own current priority back (a client that PATCHes what it read): never a clash. */
    readonly ownPriority = false,
  ) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const body = this.ownPriority ? { ...this.patch, priority: cfg.priority } : this.patch;
    const priority = body['priority'];
    const clash = typeof priority === 'number' ? clashOf(m, priority, cfg.ref) : undefined;
    const path = LifecycleClient.configPath(idOf(env, cfg));
    const step = await env.client.send(`patch #${cfg.ref}`, 'PATCH', path, body);
    if (!isSuccess(step.response.status)) return judgeRefusal(env, step, clash, 'a PATCH');
    judgeStoredClash(env, step, clash, 'a PATCH');
    expectStatus(env, step, [200, 204], 'a PATCH');
    const after: ConfigModel = { ...cfg, fields: merged(cfg.fields, body) };
    if (step.response.status === 200 && step.response.text.trim() !== '') {
      expectSchema(env, step, env.specs.entity, 'the PATCH answer');
      expectSame(env, 'lifecycle-read', step, after, step.response.json, `the PATCH answer of #${cfg.ref}`);
    }
    cfg.fields = after.fields;
    if (typeof priority === 'number') cfg.priority = priority;
    // Read-your-writes right away: what the PATCH changed, and what it left, must read back (a replica may lag).
    const read = await env.client.read(
      `get #${cfg.ref} after patch`,
      path,
      (r) => (r.status === 200 ? configDifferences(env, cfg, r.json).length === 0 : false),
      'lifecycle-read',
    );
    expectStatus(env, read, [200], 'a GET after a PATCH');
    expectSame(env, 'lifecycle-read', read, cfg, read.response.json, `configuration #${cfg.ref} after a PATCH`);
  }

  toString = (): string =>
    `patch (pick ${this.pick}) ${[...Object.keys(this.patch), ...(this.ownPriority ? ['priority (its own)'] : [])].join(', ')}`;
}

/**
 * A PATCH whose body breaks one rule of the schema (from the invalid-body generators, as rejects-invalid sends them):
 * it must be refused with a 4xx and change nothing, which a read shows.
 */
export class InvalidPatch implements Command {
  constructor(
    readonly pick: number,
    readonly patch: Record<string, unknown>,
    /** The rule the body breaks and where (generators/invalidRules.ts). */
    readonly rule: string,
    readonly pointer: string,
  ) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const path = LifecycleClient.configPath(idOf(env, cfg));
    const step = await env.client.send(`invalid patch #${cfg.ref}`, 'PATCH', path, this.patch);
    const status = step.response.status;
    env.judged.add('lifecycle-rejects-invalid');
    if (status < 400 || status >= 500)
      fail('lifecycle-rejects-invalid', step, [
        {
          message: `an update breaking ${this.rule} at ${this.pointer} answered ${describeStatus(step.response)}, expected a 4xx`,
          pointer: this.pointer,
          expected: '4xx',
          actual: status,
        },
      ]);
    const read = await env.client.read(
      `get #${cfg.ref} after a refused patch`,
      path,
      (r) => (r.status === 200 ? configDifferences(env, cfg, r.json).length === 0 : false),
      'lifecycle-rejects-invalid',
    );
    expectStatus(env, read, [200], 'a GET after a refused PATCH');
    const diff = configDifferences(env, cfg, read.response.json);
    if (diff.length > 0)
      fail(
        'lifecycle-rejects-invalid',
        read,
        diff.map((f) => ({ ...f, message: `after an update refused with ${status}: ${f.message}` })),
      );
  }

  toString = (): string => `invalid patch (pick ${this.pick}) ${this.rule} at ${this.pointer}`;
}

/**
 * A POST to a configuration, which no source gives an entity: a server that answers 405 must say in Allow what the
 * resource takes (RFC 9110 15.5.6). Any other answer (404, 400, 501, even a 2xx) is not judged: no source says what
 * a POST there is.
 */
export class PostToEntity implements Command {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const path = LifecycleClient.configPath(idOf(env, cfg));
    const step = await env.client.send(`post to #${cfg.ref}`, 'POST', path, {});
    if (step.response.status !== 405) return;
    env.judged.add('lifecycle-method-allow');
    const allow = step.response.headers['allow'];
    if (allow === undefined || allow.trim() === '')
      fail('lifecycle-method-allow', step, [
        {
          message: 'a 405 Method Not Allowed without an Allow header',
          expected: 'Allow: GET, PATCH, DELETE (or the methods it takes)',
          actual: allow ?? '(absent)',
        },
      ]);
  }

  toString = (): string => `post to a configuration (pick ${this.pick})`;
}

export class DeleteConfig implements Command {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const id = idOf(env, cfg);
    const path = LifecycleClient.configPath(id);
    const step = await env.client.send(`delete #${cfg.ref}`, 'DELETE', path);
    expectStatus(env, step, [200, 204], 'a DELETE', 'lifecycle-delete');
    m.live = m.live.filter((c) => c !== cfg);
    m.deleted.push(cfg.ref);
    env.created.delete(id);
    env.judged.add('lifecycle-delete');
    const after = await env.client.read(`get deleted #${cfg.ref}`, path, (r) => r.status === 404, 'lifecycle-delete');
    if (after.response.status !== 404)
      fail('lifecycle-delete', after, [
        {
          message: `configuration #${cfg.ref} was deleted (${step.response.status}) but a GET answers ${after.response.status}`,
          expected: 404,
          actual: after.response.status,
        },
      ]);
  }

  toString = (): string => `delete (pick ${this.pick})`;
}

/** Ids listed twice a failure names one by one. */
const MAX_TWICE_NAMED = 20;

/** Items without a string id a kept page holds at most (malformed, whoever made them: enough to show the fault). */
const IDLESS_KEPT = 3;

/**
 * A list page as the sequence judges and keeps it: the envelope (context, nextLink, count) with only the items that
 * are the sequence's own (ids it was given) and the first few that carry no string id (malformed, whoever made them).
 * A shared tenant holds other people's configurations: they are not the sequence's to judge, and a page of thousands
 * of them is not worth validating or keeping. `others` counts what was left out.
 */
function ownPage(own: ReadonlySet<string>, json: unknown): { page: unknown; others: number } {
  const body = asObject(json);
  const items = body?.['value'];
  if (!body || !Array.isArray(items)) return { page: json, others: 0 };
  let idless = 0;
  const kept = items.filter((item: unknown) => {
    const id = asObject(item)?.['id'];
    if (typeof id === 'string') return own.has(id);
    return idless++ < IDLESS_KEPT;
  });
  return kept.length === items.length
    ? { page: json, others: 0 }
    : { page: { ...body, value: kept }, others: items.length - kept.length };
}

/** What a list's pages showed, taken page by page as they come (a page is not kept whole once it is read). */
interface Listing {
  /** Ids listed more than once (the first MAX_TWICE_NAMED of them; `twiceMore` counts the rest). */
  twice: string[];
  twiceMore: number;
  /** Every id listed. */
  seen: Set<string>;
  /** The sequence's own configurations as listed (the last time each was). */
  ownItems: Map<string, unknown>;
}

/** Reads one page into the listing, then keeps of it only what ownPage keeps (the text cut to a bound). */
function takePage(listing: Listing, own: ReadonlySet<string>, step: Step): void {
  const items = asObject(step.response.json)?.['value'];
  for (const item of Array.isArray(items) ? items : []) {
    const id = asObject(item)?.['id'];
    if (typeof id !== 'string') continue;
    if (listing.seen.has(id)) {
      if (listing.twice.length < MAX_TWICE_NAMED) listing.twice.push(id);
      else listing.twiceMore++;
    }
    listing.seen.add(id);
    if (own.has(id)) listing.ownItems.set(id, item);
  }
  const { page, others } = ownPage(own, step.response.json);
  if (others > 0 || step.response.text.length > MAX_KEPT_PAGE_CHARS)
    keepOnly(
      step,
      page,
      others > 0 ? `${others} other configurations on this page left out: not created by this sequence` : undefined,
    );
}

async function readList(m: Model, env: Env, pageSize: number | undefined) {
  // OData 4.01 Protocol 8.2.8.3: a client may ask for smaller pages; a service that does not honour the preference
  // answers its own pages (RFC 7240 section 2: a preference it does not apply is ignored), so asking is always safe.
  const prefer: Record<string, string> = pageSize ? { prefer: `odata.maxpagesize=${pageSize}` } : {};
  const label = pageSize ? `list (pages of ${pageSize})` : 'list';
  const own = new Set(env.ids.values());
  const listing: Listing = { twice: [], twiceMore: 0, seen: new Set(), ownItems: new Map() };
  const onPage = (step: Step): void => takePage(listing, own, step);
  const { steps, complete, endless } = await env.client.pages(label, COLLECTION_PATH, undefined, prefer, onPage);
  const last = steps[steps.length - 1] as (typeof steps)[number];
  for (const step of steps) {
    expectStatus(env, step, [200], 'a list page', 'lifecycle-list');
    expectSchema(env, step, env.specs.collection, 'a list page');
  }
  const seen = listing.ownItems;
  // What the list holds is the list rule's; what a listed configuration says is the read rule's (as for a GET).
  const findings: Finding[] = [];
  const content: Finding[] = [];
  if (endless) findings.push({ message: `the list of configurations: ${endless}` });
  for (const id of listing.twice) findings.push({ message: `the id ${id} is listed twice`, actual: id });
  if (listing.twiceMore > 0)
    findings.push({
      message: `${listing.twiceMore} more ids are listed more than once (the first ${MAX_TWICE_NAMED} named above)`,
    });
  for (const cfg of m.live) {
    const item = seen.get(idOf(env, cfg));
    if (item === undefined) {
      if (complete) findings.push({ message: `configuration #${cfg.ref} (created, not deleted) is not listed` });
      continue;
    }
    for (const f of configDifferences(env, cfg, item))
      content.push({ ...f, message: `listed #${cfg.ref}: ${f.message}` });
  }
  for (const ref of m.deleted) {
    const id = env.ids.get(ref);
    if (id !== undefined && listing.seen.has(id))
      findings.push({ message: `configuration #${ref} was deleted but is listed`, actual: id });
  }
  return { last, findings, content };
}

/**
 * A list of the collection: with the server's own pages, or asking for `pageSize` items a page (small pages put page
 * boundaries among the few configurations a sequence holds, where an item skipped or repeated at a boundary shows).
 */
export class ListConfigs implements Command {
  constructor(readonly pageSize?: number) {}
  check = (): boolean => true;

  async run(m: Model, env: Env): Promise<void> {
    const got = await env.client.settle(
      () => readList(m, env, this.pageSize),
      (r) => r.findings.length === 0 && r.content.length === 0,
      (r) => (r.findings.length > 0 ? 'lifecycle-list' : 'lifecycle-read'),
    );
    // Judged only now: every page answered 200 (a page that did not failed lifecycle-status instead).
    env.judged.add('lifecycle-list');
    if (got.findings.length > 0) fail('lifecycle-list', got.last, got.findings);
    if (m.live.length > 0) env.judged.add('lifecycle-read');
    if (got.content.length > 0) fail('lifecycle-read', got.last, got.content);
  }

  toString = (): string => (this.pageSize ? `list (pages of ${this.pageSize})` : 'list');
}

export class UpdatePriorities implements Command {
  constructor(readonly picks: readonly number[]) {}
  check = (m: Readonly<Model>): boolean => m.live.length >= 2;

  /** The live configurations the picks name, distinct, at least two. */
  private named(m: Model): ConfigModel[] {
    const out: ConfigModel[] = [];
    for (const p of this.picks) {
      const cfg = pickConfig(m, p) as ConfigModel;
      if (!out.includes(cfg)) out.push(cfg);
    }
    for (const cfg of m.live) if (out.length < 2 && !out.includes(cfg)) out.push(cfg);
    return out;
  }

  async run(m: Model, env: Env): Promise<void> {
    const named = this.named(m);
    // Each takes the next one's priority: a rotation, so no priority outside the named ones clashes afterwards.
    const priorities = named.map((_, i) => (named[(i + 1) % named.length] as ConfigModel).priority);
    const body = {
      officeConfigurationPolicyIds: named.map((c) => idOf(env, c)),
      officeConfigurationPriorities: priorities,
    };
    const label = `updatePriorities ${named.map((c) => `#${c.ref}`).join(' ')}`;
    const { step, unrouted } = await env.actions.send(env.client, 'updatePriorities', label, COLLECTION_PATH, body);
    const what = unrouted ? `updatePriorities (no documented URL is answered: ${unrouted})` : 'updatePriorities';
    expectStatus(env, step, [200, 204], what, 'lifecycle-priorities');
    named.forEach((c, i) => {
      c.priority = priorities[i] as number;
      c.fields = { ...c.fields, priority: c.priority };
    });
    env.judged.add('lifecycle-priorities');
    for (const cfg of named) {
      const read = await env.client.read(
        `get #${cfg.ref}`,
        LifecycleClient.configPath(idOf(env, cfg)),
        (r) => (r.status === 200 ? asObject(r.json)?.['priority'] === cfg.priority : false),
        'lifecycle-priorities',
      );
      const got = asObject(read.response.json)?.['priority'];
      if (read.response.status !== 200 || got !== cfg.priority)
        fail('lifecycle-priorities', read, [
          {
            message: `after updatePriorities gave #${cfg.ref} the priority ${cfg.priority}, a GET answers ${read.response.status} with priority ${JSON.stringify(got)}`,
            pointer: '/priority',
            expected: cfg.priority,
            actual: got,
          },
        ]);
    }
  }

  toString = (): string => `updatePriorities (picks ${this.picks.join(', ')})`;
}
