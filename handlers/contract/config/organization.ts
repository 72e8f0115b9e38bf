import * as z from 'zod';
import { accountId, ouId } from './field-formats.js';
import { strict } from './strict-object.js';

/** `organization:` — the organisation, its management account and the OUs the member StackSet targets. */
export const organizationSection = strict({
  id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as "o-a1b2c3d4e5"'),
  managementAccountId: accountId,
  targetOrganizationalUnitIds: z.array(ouId).min(1, 'list at least one OU id (or the root id)'),
  /**
   * Only `SELF`: the billing stack (and its StackSet) deploys to the management account, where
   * CloudFormation refuses `CallAs=DELEGATED_ADMIN` (DESIGN.md, "Facts that bite").
   */
  callAs: z
    .enum(['SELF', 'DELEGATED_ADMIN'])
    .default('SELF')
    .refine((v) => v === 'SELF', {
      error:
        'DELEGATED_ADMIN is not supported: the billing stack and its StackSet deploy to the management account, where CloudFormation refuses CallAs=DELEGATED_ADMIN; set callAs: SELF and deploy from the management account (README, "Delegated administrators")',
    })
    .transform(() => 'SELF' as const),
});
