// Why the recipients got the email, as its footer says it: the alarm email's and the pace notice's
// (`report/pace-notice-view-model.ts`), from the routing that chose them (`delivery/routing.ts`).
import type { Routing } from '../delivery/routing.js';
import type { Translate } from '../email/messages.js';

/** The footer's routing: a lead line, then one line per group with its addresses. */
export interface RoutingLines {
  lead: string;
  lines: string[];
}

/** The routing as the footer says it: a lead line, then each group with its addresses. */
export function routingLines(routing: Routing, t: Translate): RoutingLines | null {
  if (routing.groups.length === 0) return null;
  const key = {
    central: 'alarm.routing.central',
    ou: 'alarm.routing.ou',
    account: 'alarm.routing.account',
    tag: 'alarm.routing.tag',
    billingContact: 'alarm.routing.billingContact',
    operators: 'alarm.routing.operators',
  } as const;
  return {
    lead: t('alarm.routing.lead'),
    lines: routing.groups.map((g) => t(key[g.source], { addresses: g.addresses.join(', '), ou: g.ou ?? '' })),
  };
}
