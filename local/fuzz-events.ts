import { randomUUID } from 'node:crypto';
import { seededRandom } from './seeded-random.js';

/** A fuzzed event and whether it is a single-metric billing alarm of an organisation member. */
export interface FuzzedEvent {
  readonly event: Record<string, unknown>;
  /** True when the billing side must accept it (it may still skip or suppress it). */
  readonly valid: boolean;
  readonly mutation: string;
}

type Json = Record<string, unknown>;
type Mutation = readonly [
  name: string,
  valid: boolean,
  apply: (e: Json, pick: <T>(xs: readonly T[]) => T) => void,
];

/** The object at a dotted path (array indexes as numbers), created on the way. */
function at(e: Json, path: string): Json {
  let node: Json = e;
  for (const key of path.split('.')) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Json;
  }
  return node;
}

const METRIC = 'detail.configuration.metrics.0.metricStat.metric';
const metrics = (e: Json) => at(e, 'detail.configuration').metrics as Json[];
const renameAlarm = (e: Json, name: string) => {
  at(e, 'detail').alarmName = name;
  e.resources = [String((e.resources as string[])[0]).replace(/alarm:.*$/, `alarm:${name}`)];
};

// Each mutation names what it breaks; `valid` says whether the result is still a billing alarm of a member.
const MUTATIONS: readonly Mutation[] = [
  ['none', true, () => undefined],
  ['OK state', true, (e) => (at(e, 'detail.state').value = 'OK')],
  ['insufficient data', true, (e) => (at(e, 'detail.state').value = 'INSUFFICIENT_DATA')],
  ['no datapoint', true, (e) => (at(e, 'detail.state').reasonData = '{"version":"1.0"}')],
  [
    'hostile description',
    true,
    (e) => (at(e, 'detail.configuration').description = '<script>x</script>\u202Egnp\u0085\r\nBcc: a@b'),
  ],
  ['bidi in reason', true, (e) => (at(e, 'detail.state').reason = `\u202E${'r'.repeat(500)}\u2028`)],
  ['reasonData not JSON', true, (e) => (at(e, 'detail.state').reasonData = '{not json')],
  ['other namespace', false, (e) => (at(e, METRIC).namespace = 'AWS/EC2')],
  ['other metric', false, (e) => (at(e, METRIC).name = 'CPUUtilization')],
  ['metric math', false, (e) => metrics(e).push({ id: 'e1', expression: 'm1*2' })],
  ['anomaly band', false, (e) => metrics(e).push({ id: 'ad', expression: 'ANOMALY_DETECTION_BAND(m1)' })],
  ['composite', false, (e) => (at(e, 'detail').configuration = { alarmRule: 'ALARM(a)' })],
  ['no metrics', false, (e) => (at(e, 'detail.configuration').metrics = [])],
  ['per-service', false, (e) => (at(e, `${METRIC}.dimensions`).ServiceName = 'EC2')],
  ['extra dimension', false, (e) => (at(e, `${METRIC}.dimensions`).Team = 'x')],
  ['foreign LinkedAccount', false, (e) => (at(e, `${METRIC}.dimensions`).LinkedAccount = '999999999999')],
  ['spoofed account', false, (e, pick) => (e.account = pick(['999999999999', '123123123123']))],
  [
    'non-member account',
    false,
    (e) => {
      e.account = '777777777777';
      e.resources = [String((e.resources as string[])[0]).replace(/:\d{12}:/, ':777777777777:')];
    },
  ],
  ['no prefix', false, (e) => renameAlarm(e, 'budget-critical')],
  ['no tier', false, (e) => renameAlarm(e, 'billing-alarm-x')],
  ['wrong source', false, (e) => (e.source = 'aws.ec2')],
  ['configuration change', false, (e) => (e['detail-type'] = 'CloudWatch Alarm Configuration Change')],
  [
    'no id',
    false,
    (e) => {
      delete e.id;
      e.source = 'custom.source';
    },
  ],
  ['missing detail', false, (e) => delete e.detail],
  ['detail is a string', false, (e) => (e.detail = 'ALARM')],
  ['bad state', false, (e) => (at(e, 'detail.state').value = 'PANIC')],
  ['resources empty', false, (e) => (e.resources = [])],
  ['over 256 KB', false, (e) => (at(e, 'detail.configuration').description = 'x'.repeat(270_000))],
  [
    '2,000 datapoints',
    false,
    (e) =>
      (at(e, 'detail.state').reasonData = JSON.stringify({
        recentDatapoints: Array.from({ length: 2000 }, (_, i) => i),
      })),
  ],
  [
    'not an object',
    false,
    (e) => {
      for (const k of Object.keys(e)) delete e[k];
      e.weird = [1, 2, 3];
    },
  ],
];

/**
 * Events for a fuzz of the alarm path: valid alarms of the given member accounts, mutated one way
 * each, deterministic for a seed. Every event has a fresh id (the valid ones are distinct alarms).
 */
export function fuzzEvents(
  count: number,
  base: (account: string, tier: 'warning' | 'critical') => Record<string, unknown>,
  members: readonly string[],
  seed = 7,
): FuzzedEvent[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: count }, () => {
    const [mutation, valid, apply] = pick(MUTATIONS);
    const event = structuredClone(base(pick(members), pick(['warning', 'critical'] as const)));
    event.id = randomUUID();
    apply(event as Json, pick);
    return { event, valid, mutation };
  });
}
