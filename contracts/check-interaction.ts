/**
 * Judging one interaction of a pact by the suite's readings in a profile (part b of `pact check`): a documented
 * operation; for a create, a docs-valid body expecting 201 (or an invalid one expecting a 4xx); the expected body's
 * declared properties and @odata.type annotations; and for a create's expected 2xx, no Location where none is
 * promised, no exact server value, nothing unpromised, and the echo of what was sent.
 */
import { isLenient, LENIENCY_INFO, type Leniency } from '../checks/profiles';
import { isObject, ODATA_TYPE, type Schema } from '../specs/walker';
import { classifyCreateBody, type SoftFault } from './check-body';
import {
  COLLECTION_RESPONSE,
  CREATE_RESPONSE,
  ERROR_RESPONSE,
  Findings,
  operationOf,
  type CheckContext,
  type InteractionJudgement,
  type Operation,
  type Place,
} from './check-context';
import { judgeEcho } from './check-echo';
import { accepts2xx, acceptsOnly, acceptsStatus, describeExpectedStatus, expectsRefusal } from './check-expectation';
import { judgeRequestTypes, judgeTypeAnnotations } from './check-odata-type';
import { HTTP_KIND, ruleAt, type PactCheckInteraction, type PactRequest, type PactResponse } from './check-pact';
import { answerSchema, eachObject, entitySchema, undeclared } from './check-schema';
import { bare, pointer, show } from './check-values';

/** Judges one interaction by the suite's readings in the context's profile (part b). */
export function judgeInteraction(i: PactCheckInteraction, ctx: CheckContext): InteractionJudgement {
  const f = new Findings(ctx.profile);
  f.judging('documented-operation');
  if (i.kind !== HTTP_KIND || !i.request || !i.response) {
    f.add(
      'documented-operation',
      `a ${i.kind} interaction: the endpoint is HTTP; pact check judges Synchronous/HTTP interactions`,
    );
    return f.judgement();
  }
  const req = i.request;
  const res = i.response;
  const { op, place } = documentedPlace(f, ctx, req);
  if (!op || !place) return f.judgement();

  // Request @odata.type: the create body's schema judges its values; the '#' as the profile reads it.
  if (req.bodyKind === 'json') judgeRequestTypes(f, ctx, req.body, place !== 'create');

  const create: SentCreate = place === 'create' ? judgeCreateBody(f, ctx, req, res) : { usable: true };
  const sentType = create.sentType;

  // The expected body: declared properties (every answer with a JSON object body).
  const schemaFile = answerSchema(op, place, req.method, res);
  if (schemaFile) judgeDeclaredProperties(f, ctx, res, schemaFile, sentType);

  // @odata.type in the expected answer (2xx answers: entities, collections, assignments).
  const entityAnswer = schemaFile !== undefined && schemaFile !== ERROR_RESPONSE;
  const createOk = place === 'create' && accepts2xx(res) && !expectsRefusal(res);
  if (entityAnswer && res.bodyKind === 'json') {
    const w = ctx.walker;
    judgeTypeAnnotations(
      f,
      ctx,
      res.body,
      schemaFile === CREATE_RESPONSE ? entitySchema(w, res.body, sentType) : w.file(schemaFile),
      res.bodyRules,
      {
        ...(createOk && sentType && create.usable ? { createdType: sentType } : {}),
        promised: !createOk || ctx.reading.nestedTypes,
      },
    );
  }

  if (createOk) judgeCreatedAnswer(f, ctx, req, res, create);
  return f.judgement();
}

/** Where the request acts among the documented operations; a finding (with a hint for a rooted path) where none. */
function documentedPlace(f: Findings, ctx: CheckContext, req: PactRequest): { op?: Operation; place?: Place } {
  const found = operationOf(req.method, req.path, ctx);
  if (found.place) return found;
  const known = ctx.operations.map((o) => `${o.method} ${o.template}`).join(', ');
  const rooted = /^\/(?:beta|v1\.0)(\/.*)$/.exec(req.path)?.[1];
  const hint =
    rooted && operationOf(req.method, rooted, ctx).place
      ? `; paths are relative to the service root (https://graph.microsoft.com/beta): write ${rooted}`
      : '';
  f.add(
    'documented-operation',
    `${req.method} ${req.path} is not a documented operation (documented: ${known})${hint}`,
  );
  return {};
}

/** What a create sent: whether its body can be judged further (docs-valid), and the @odata.type it names. */
interface SentCreate {
  usable: boolean;
  sentType?: string;
}

/** A create's body: docs-valid (then 201 is expected) or not (then a 4xx); lenient faults as warnings. */
function judgeCreateBody(f: Findings, ctx: CheckContext, req: PactRequest, res: PactResponse): SentCreate {
  const { hard, soft } = createBodyFaults(ctx, req);
  const sentBody = isObject(req.body) ? req.body : undefined;
  const sentType = typeof sentBody?.[ODATA_TYPE] === 'string' ? sentBody[ODATA_TYPE] : undefined;
  const sent = sentType !== undefined ? { sentType } : {};
  f.judging('create-body-valid');
  if (hard.length > 0) {
    judgeInvalidBody(f, res, hard);
    return { usable: false, ...sent };
  }
  judgeValidBody(f, ctx, res, soft);
  return { usable: true, ...sent };
}

/**
 * The create body's faults in the profile: the hard ones (the schema's, and leniencies the profile does not list),
 * and the soft ones a conforming service may accept.
 */
function createBodyFaults(ctx: CheckContext, req: PactRequest): { hard: string[]; soft: SoftFault[] } {
  const verdict = classifyCreateBody(req.bodyKind === 'text' ? undefined : req.body, ctx);
  if (req.bodyKind === 'text') verdict.hard = ['/: the body is not JSON'];
  const softHard = verdict.soft.filter((x) => x.kind !== 'unknown-property' && !isLenient(ctx.profile, x.kind));
  const soft = verdict.soft.filter((x) => !softHard.includes(x));
  const hard = [
    ...verdict.hard,
    ...softHard.map(
      (x) => `${x.pointer || '/'}: ${LENIENCY_INFO[x.kind as Leniency].what} (not a leniency of ${ctx.profile})`,
    ),
  ];
  return { hard, soft };
}

/** An invalid create body: a conforming service answers 4xx, so the expectation must accept only a 4xx. */
function judgeInvalidBody(f: Findings, res: PactResponse, hard: string[]): void {
  f.judging('invalid-body-4xx');
  if (acceptsOnly(res, 400, 499)) return;
  if (accepts2xx(res))
    f.add(
      'create-body-valid',
      `the request body is not a docs-valid create body, yet ${describeExpectedStatus(res)} is expected: ${hard.join('; ')}`,
    );
  else
    f.add(
      'invalid-body-4xx',
      `the request body is invalid (${hard.join('; ')}), yet ${describeExpectedStatus(res)} is expected; a conforming service answers 4xx`,
    );
}

/** A docs-valid create body: 201 expected (unless a refusal is); each soft fault a warning either way. */
function judgeValidBody(f: Findings, ctx: CheckContext, res: PactResponse, soft: SoftFault[]): void {
  const refusal = expectsRefusal(res);
  const some2xx = accepts2xx(res);
  f.judging('create-status-201');
  if (!refusal && !acceptsStatus(res, 201))
    f.add(
      'create-status-201',
      `a docs-valid create expects ${describeExpectedStatus(res)}; a conforming service answers 201 Created`,
    );
  for (const x of soft) {
    const what =
      x.kind === 'unknown-property'
        ? `${x.pointer} is not a declared property (servers may ignore it or refuse the body)`
        : `${LENIENCY_INFO[x.kind].what} (${x.pointer}; a leniency of ${ctx.profile}: ${LENIENCY_INFO[x.kind].source})`;
    if (some2xx) f.add('lenient-body', `${what}; a 2xx is expected, a conforming service may refuse it with a 4xx`);
    else if (refusal && x.kind !== 'unknown-property')
      f.add('lenient-body', `${what}; a 4xx is expected, a conforming service may accept it with 201`);
  }
}

/** Every property of an expected JSON body (object or array) must be one its answer schema declares. */
function judgeDeclaredProperties(
  f: Findings,
  ctx: CheckContext,
  res: PactResponse,
  schemaFile: string,
  sentType: string | undefined,
): void {
  if (res.bodyKind !== 'json' || !(isObject(res.body) || Array.isArray(res.body))) return;
  const w = ctx.walker;
  f.judging('response-property');
  const out: string[] = [];
  undeclared(w, res.body, w.file(schemaFile), [], out, sentType);
  const typeName =
    schemaFile === ERROR_RESPONSE
      ? 'the OData error'
      : schemaFile === COLLECTION_RESPONSE
        ? 'the collection'
        : sentType
          ? bare(sentType)
          : 'the entity';
  for (const p of out)
    f.add(
      'response-property',
      `expected body ${p}: the docs define no such property for ${typeName}; a conforming service never writes it`,
    );
}

/** The create's expected 2xx: Location, what is promised, the echo. */
function judgeCreatedAnswer(
  f: Findings,
  ctx: CheckContext,
  req: PactRequest,
  res: PactResponse,
  create: SentCreate,
): void {
  if (f.judging('location-header-expected') && res.headers['location'] !== undefined && !ctx.reading.location)
    f.add(
      'location-header-expected',
      `the expected ${describeExpectedStatus(res)} requires a Location header; the docs never promise one (their 201 examples have none), so a conforming ${ctx.profile} service may send none`,
    );
  const expected = isObject(res.body) ? res.body : undefined;
  const sent = isObject(req.body) ? req.body : undefined;
  if (!expected || res.bodyKind !== 'json') return;
  const w = ctx.walker;
  const responseSchema = entitySchema(w, create.sentType ? { [ODATA_TYPE]: create.sentType } : expected);
  f.judging('response-not-promised');
  f.judging('server-value-exact');
  const answer: CreatedAnswer = { f, ctx, res, expected, schema: responseSchema };
  judgeServerValues(answer);
  if (!ctx.reading.streams) judgeInlineStreams(answer);
  if (sent && create.usable) {
    f.judging('response-echo');
    f.judging('echo-exact-form');
    judgeEcho(f, ctx, res.bodyRules, sent, expected, responseSchema);
  }
}

/** A create's expected 2xx body, with the response schema of the type it created. */
interface CreatedAnswer {
  f: Findings;
  ctx: CheckContext;
  res: PactResponse;
  expected: Record<string, unknown>;
  schema: Schema;
}

/** Read-only values (the service decides them, the answer need not carry them) and navigation properties. */
function judgeServerValues({ f, ctx, res, expected, schema: responseSchema }: CreatedAnswer): void {
  const w = ctx.walker;
  const required = w.required(responseSchema);
  for (const [key, p] of Object.entries(w.properties(responseSchema))) {
    if (!(key in expected)) continue;
    const info = w.info(p);
    if (info.readOnly && !ruleAt(res.bodyRules, [key]))
      f.add(
        'server-value-exact',
        `expected body ${pointer([key])}: the service decides this read-only value, yet exactly ${show(expected[key])} is expected (use a matcher, e.g. regex ^.+$ for the id)`,
      );
    if (info.readOnly && !required.includes(key) && !ctx.reading.lastModified)
      f.add(
        'response-not-promised',
        `expected body ${pointer([key])}: a read-only property the create's answer need not carry (the docs' 201 example has none); ${ctx.profile} judges it only where present`,
      );
  }
  for (const nav of w.navigationProperties(responseSchema))
    if (nav in expected)
      f.add(
        'response-not-promised',
        `expected body ${pointer([nav])}: a navigation property comes back only with $expand`,
      );
}

/** An Edm.Stream value expected inline, where the profile's reading does not promise streams inline. */
function judgeInlineStreams({ f, ctx, expected, schema: responseSchema }: CreatedAnswer): void {
  const w = ctx.walker;
  eachObject(w, expected, responseSchema, [], (obj, s, path) => {
    if (!s) return;
    for (const name of w.streamProperties(s))
      if (typeof obj[name] === 'string')
        f.add(
          'response-not-promised',
          `expected body ${pointer([...path, name])}: an Edm.Stream value inline; a conforming service may write it as a media link or leave it out (OData JSON Format 4.01 section 8.4)`,
        );
  });
}
