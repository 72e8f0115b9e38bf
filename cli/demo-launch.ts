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
 * The demo's fast-burn signal: a p5.48xlarge × 2 launch in `account`, through the alarm bundle.
 * When the configuration turns fast burn on nowhere, the demo's run turns it on in the default
 * (the file it hands the bundle says so: `demo-fast-burn.config.json`), so the estimate shows.
 */
export async function demoLaunch(input: {
  config: Config;
  account: string;
  standIns: StandIns;
  bundles: { alarm: string; publisher: string };
  costs: RunOptions['costs'];
  outDir: string;
  now: Date;
}): Promise<RunLine | undefined> {
  const { config, outDir, now } = input;
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
  const event = sampleLaunch({ account: input.account, instanceType: 'p5.48xlarge', count: 2, now });
  writeFileSync(join(outDir, 'demo-launch-event.json'), `${JSON.stringify(event, null, 2)}\n`);
  const run = await runMailThroughBundle({
    bundle: input.bundles.alarm,
    publisher: input.bundles.publisher,
    functionName: 'billing-alarm',
    events: [{ name: 'demo-launch', event }],
    costs: input.costs,
    outDir,
    now,
    standIns: input.standIns,
    sentLog: false,
    env: { [RUNTIME_ENV.configFile]: configFile },
  });
  return run.lines[0];
}
