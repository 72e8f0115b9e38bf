import { deliveryContext } from '../delivery/delivery-context.js';
import { deliverEmail, type OutgoingEmail, uniqueRecipients } from '../delivery/mailer.js';
import { noticeText } from '../email/notice.js';
import { renderHtml } from '../email/render.js';
import { NOTICE } from '../email/templates.generated.js';
import type { DeliveryOutcome } from '../state/delivery-records.js';
import { type AlarmDeps, type Invocation, onceOptions } from './alarm-deps.js';
import type { BillingAlarm } from './alarm-event.js';
import { digestViewModel } from './digest.js';

/** The hour's digest, once: the first alarm past the cap sends it, through the ledger. */
export async function sendDigestOnce(
  deps: AlarmDeps,
  alarm: BillingAlarm,
  invocation: Invocation,
  now: Date,
): Promise<void> {
  const key = `digest#${now.toISOString().slice(0, 13)}`;
  const vm = digestViewModel(deps.config, alarm, now);
  const email: OutgoingEmail = {
    from: deps.config.email.sender,
    to: uniqueRecipients(deps.config.email.centralRecipients),
    subject: vm.subject,
    html: renderHtml(NOTICE, vm),
    text: noticeText(vm),
    tags: { kind: 'digest' },
  };
  await deps.ledger.once(
    key,
    onceOptions(deps, invocation, 'could not record the digest in the ledger'),
    async () => {
      const delivered = await deliverEmail(deps.ses, email, deliveryContext(deps, key, invocation));
      const outcome: DeliveryOutcome = {
        status: 'sent',
        recipients: [...email.to],
        subject: vm.subject,
        messageIds: delivered.messageIds,
      };
      return { outcome, value: undefined };
    },
  );
}
