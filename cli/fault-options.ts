import { parseCostExplorerFaults } from '../local/cost-explorer-server.js';
import { parseDynamoFaults } from '../local/dynamodb.js';
import { parseOrgFaults } from '../local/governance-faults.js';
import { parseSesFaults } from '../local/ses.js';
import type { StandInOptions } from '../local/stand-ins.js';
import { asUsage } from './options.js';

/** The fault flags `simulate` and `report` share: every failure reproducible from the command line. */
export const FAULT_OPTIONS = {
  'ce-faults': { type: 'string' },
  'org-faults': { type: 'string' },
  'ses-faults': { type: 'string' },
  'dynamodb-faults': { type: 'string' },
} as const;

/** Their help lines. */
export const FAULT_HELP = `  --ce-faults F        Cost Explorer: throttle=N, down, hang, slow=MS, forecast=down, drivers=down, disabled (comma-separated)
  --org-faults F       Organizations and CloudFormation: deny, hang, malformed, busy=N, latency=MS
  --ses-faults F       SES: throttle=N, fail, fail-next=N, hang, reset-after-accept=N, accept-then-fail=N, slow=MS, after=N
  --dynamodb-faults F  the state table: down, fail-after-send, alerts-down`;

/** The stand-ins' faults from the flags; a bad flag is a usage error naming what it takes. */
export function faultsFrom(values: {
  'ce-faults'?: string | undefined;
  'org-faults'?: string | undefined;
  'ses-faults'?: string | undefined;
  'dynamodb-faults'?: string | undefined;
}): Pick<StandInOptions, 'ceFaults' | 'governanceFaults' | 'sesFaults' | 'dynamoFaults'> {
  return {
    ceFaults: asUsage(() => parseCostExplorerFaults(values['ce-faults'])),
    governanceFaults: asUsage(() => parseOrgFaults(values['org-faults'])),
    sesFaults: asUsage(() => parseSesFaults(values['ses-faults'])),
    dynamoFaults: asUsage(() => parseDynamoFaults(values['dynamodb-faults'])),
  };
}
