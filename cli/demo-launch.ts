import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastBurnAnywhere } from '../handlers/contract/config/fast-burn-policy.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { sealConfig } from '../handlers/contract/config/sealed.js';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import type { StandIns } from '../local/stand-ins.js';
import { type RunOptions, runMailThroughBundle } from './run-events.js';
import type { RunLine } from './run-lines.js';
import { sampleLaunch } from './sample-launch.js';

/**
 * A fast-burn signal of the demo: `count` × `instanceType` launched in `account` at `now` (the
 * bundle's clock too), through the alarm bundle; its event is written as `<name>-event.json`.
 * When the configuration turns fast burn on nowhere, the demo's run turns it on in the default
 * (the file it hands the bundle says so: `demo-fast-burn.config.json`), so the estimate shows.
 */
export async function demoLaunch(input: {
  config: Config;
  name: string;
  account: string;
  instanceType: string;
  count: number;
  standIns: StandIns;
  bundles: { alarm: string; publisher: string };
  costs: RunOptions['costs'];
  outDir: string;
  now: Date;
}): Promise<RunLine | undefined> {
  const { config, outDir, now, name } = input;
  const withFastBurn: Config = fastBurnAnywhere(config)
    ? config
    : {
        ...config,
        thresholds: {
          ...config.thresholds,
          default: { ...config.thresholds.default, fastBurn: { enabled: true } },
        },
      };
  const configFile = join(outDir, 'demo-fast-burn.config.json');
  writeFileSync(configFile, sealConfig(withFastBurn));
  const { account, instanceType, count } = input;
  const event = sampleLaunch({ account, instanceType, count, now });
  writeFileSync(join(outDir, `${name}-event.json`), `${JSON.stringify(event, null, 2)}\n`);
  const run = await runMailThroughBundle({
    bundle: input.bundles.alarm,
    publisher: input.bundles.publisher,
    functionName: 'billing-alarm',
    events: [{ name, event }],
    costs: input.costs,
    outDir,
    now,
    standIns: input.standIns,
    sentLog: false,
    env: { [RUNTIME_ENV.configFile]: configFile },
  });
  return run.lines[0];
}
