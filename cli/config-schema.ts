/**
 * conformance.config.json as a JSON Schema: the one list of the keys a config file may hold and what each may be.
 * readConfig validates a file with ajv against it and reports every problem at once, each as {pointer, message};
 * CONFIG_KEYS comes from it, and a test holds it to RawRunOptions and to the README's option table.
 */
const str = { type: 'string', minLength: 1 } as const;
const strOrInt = { anyOf: [{ type: 'string' }, { type: 'integer' }] } as const;
const strOrList = { anyOf: [str, { type: 'array', items: str }] } as const;

export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'conformance.config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    target: { ...str, description: '--target: the service root' },
    app: { ...str, description: '--app: a module driven in-process' },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: '-H: extra headers, name to value',
    },
    secretHeaders: { type: 'array', items: str, description: '--secret-header: -H names whose values are secrets' },
    runs: { ...strOrInt, description: '--runs' },
    seed: { ...strOrInt, description: '--seed' },
    concurrency: { ...strOrInt, description: '--concurrency' },
    timeout: { ...strOrInt, description: '--timeout (ms)' },
    checks: { ...strOrList, description: '--checks' },
    excludeChecks: { ...strOrList, description: '--exclude-checks' },
    profile: { type: 'string', enum: ['graph-docs', 'odata-strict'], description: '--profile' },
    reportDir: { ...str, description: '--report-dir' },
    rateLimit: { ...strOrInt, description: '--rate-limit (n/s)' },
    maxThrottleWait: { ...strOrInt, description: '--max-throttle-wait (ms)' },
    readBackWait: { ...strOrInt, description: '--read-back-wait (ms)' },
    ca: { ...str, description: '--ca' },
    insecure: { type: 'boolean', description: '--insecure' },
    shard: { ...str, description: '--shard i/n' },
    shrink: { type: 'boolean', description: '--no-shrink when false' },
    maxResponseBytes: { ...strOrInt, description: '--max-response-bytes' },
    mutant: { ...str, description: '--mutant' },
    junitWarnings: { type: 'string', enum: ['pass', 'fail'], description: '--junit-warnings' },
    maxFractionDigits: { ...strOrInt, description: '--max-fraction-digits' },
    longStrings: { type: 'boolean', description: '--no-long-strings when false' },
    streams: { type: 'boolean', description: '--no-streams when false' },
    types: { ...strOrList, description: '--types' },
    stateful: { type: 'boolean', description: '--stateful' },
    sequences: { ...strOrInt, description: '--sequences' },
    maxCommands: { ...strOrInt, description: '--max-commands' },
    priorityClash: { type: 'string', enum: ['either', 'refuse', 'store'], description: '--priority-clash' },
    priorityNonce: { ...strOrInt, description: '--priority-nonce' },
    operations: { ...strOrList, description: '--operations' },
    keepCreated: { type: 'boolean', description: '--keep-created' },
    maxDuration: { ...strOrInt, description: '--max-duration' },
  },
} as const;

export type ConfigKey = keyof (typeof CONFIG_SCHEMA)['properties'];

/** Keys a config file may hold; anything else is an error that names the key. */
export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties) as ConfigKey[];
