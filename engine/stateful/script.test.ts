import { execFileSync } from 'node:child_process';
import type { Step } from './client';
import { sequenceScript } from './script';

const step = (label: string, method: string, url: string, status: number, json?: unknown, body?: unknown): Step => ({
  label,
  request: {
    method,
    url,
    headers: { accept: 'application/json', authorization: 'Bearer secret-token-value' },
    ...(body !== undefined ? { body, text: JSON.stringify(body) } : {}),
  },
  response: { status, headers: {}, text: json === undefined ? '' : JSON.stringify(json), json, durationMs: 1 },
});

describe('sequenceScript', () => {
  const root = 'http://127.0.0.1:9/beta/officeConfiguration/clientConfigurations';
  const id = 'a b/c';
  const steps = [
    step('create #1', 'POST', root, 201, { id }, { priority: 1 }),
    step('patch #1', 'PATCH', `${root}/${encodeURIComponent(id)}`, 200, { id }, { description: 'x' }),
    step('get #1', 'GET', `${root}/${encodeURIComponent(id)}`, 404),
    step('clean up', 'DELETE', `${root}/${encodeURIComponent(id)}`, 204),
  ];
  const script = sequenceScript(steps);

  test('reads the created id into a variable and uses it, percent-encoded, as the path segment of later requests', () => {
    expect(script).toContain('id1=$(curl -sS ');
    expect(script).not.toContain(encodeURIComponent(id));
    expect(script.match(/'"\$id1_path"'/g)?.length).toBe(2);
  });

  test.each(['1', 'a', '127'])(
    'the id %s is replaced only where it stands as an id: a path segment, a JSON value; never in host or port',
    (short) => {
      const base = 'http://127.0.0.1:8081/beta/officeConfiguration/clientConfigurations';
      const text = sequenceScript([
        step('create #1', 'POST', base, 201, { id: short }, { displayName: `a1 127 ${short}`, priority: 1 }),
        step('get #1', 'GET', `${base}/${short}`, 200, { id: short }),
        step('updatePriorities', 'POST', `${base}/updatePriorities`, 204, undefined, {
          officeConfigurationPolicyIds: [short, 'other'],
          officeConfigurationPriorities: [1, 127],
        }),
      ]);
      // The host, the port and every other text keep their characters.
      expect(text.match(/'http:\/\/127\.0\.0\.1:8081\/beta\/officeConfiguration\/clientConfigurations/g)?.length).toBe(
        3,
      );
      expect(text).toContain(`"displayName":"a1 127 ${short}"`);
      expect(text).toContain(`clientConfigurations/'"$id1_path"'`);
      expect(text).toContain(`"officeConfigurationPolicyIds":["'"$id1_json"'","other"]`);
      expect(text).toContain('"officeConfigurationPriorities":[1,127]');
      expect(() => execFileSync('sh', ['-n'], { input: text })).not.toThrow();
    },
  );

  test('never writes the token; leaves out the clean-up requests', () => {
    expect(script).not.toContain('secret-token-value');
    expect(script).toContain('$GRAPH_TOKEN');
    expect(script).not.toContain('clean up');
  });

  test('is a script sh can parse', () => {
    expect(() => execFileSync('sh', ['-n'], { input: script })).not.toThrow();
  });
});
