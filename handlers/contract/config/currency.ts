import * as z from 'zod';
import { strict } from './strict-object.js';

/**
 * `currency:` — the billing currency: `EstimatedCharges` is published in USD only, so the alarms
 * watch USD and Cost Explorer's `Unit` is checked against it. Other currencies are for display
 * (`displayCurrency`).
 */
export const billingCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
  .refine((c) => c === 'USD', {
    error:
      'must be "USD": AWS publishes EstimatedCharges in USD only, so alarms in any other currency never get data; to show amounts in another currency set displayCurrency: { code, rate, asOf }',
  })
  .default('USD');

/**
 * `displayCurrency:` — amounts in another currency beside the billed ones, at a fixed rate: for
 * teams that read JPY or KRW. Labelled with the rate and its date; never replaces the billed figure.
 */
export const displayCurrency = strict({
  code: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "KRW"'),
  rate: z
    .number({ error: 'must be a number: units of `code` per unit of `currency`' })
    .finite()
    .positive('must be more than zero'),
  asOf: z.iso.date({ error: 'must be the date of the rate as "YYYY-MM-DD"' }),
});
