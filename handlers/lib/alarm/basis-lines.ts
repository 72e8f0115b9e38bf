// What the alarm email's amounts are: the currency and cost basis, and the notes that qualify them
// (Cost Explorer's unit against the configured currency, mixed units, the display currency's rate,
// how the drivers were split).
import type { AccountFigures } from '../costs/account-figures.js';
import type { CostBasis } from '../costs/cost-basis.js';
import { basisLine } from '../email/basis-line.js';
import type { DisplayCurrency, Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Inputs of {@link basisLines}. */
export interface BasisInput {
  /** Cost Explorer's figures, when they were read. */
  readonly figures: AccountFigures | undefined;
  /** The unit the amounts are in: Cost Explorer's, else the configured currency. */
  readonly unit: string;
  readonly basis: CostBasis;
  /** The configured billing currency: what Cost Explorer's unit is checked against. */
  readonly currency: string;
  readonly displayCurrency: DisplayCurrency | undefined;
  /** How the drivers were split, when the email shows them. */
  readonly driversMethod: string | undefined;
  /** Formats Cost Explorer's figures (the unit it returned). */
  readonly ce: Formatter;
  readonly t: Translate;
}

/** The basis lines, in the email's order. */
export function basisLines(input: BasisInput): string[] {
  const { figures, unit, displayCurrency, t } = input;
  const basis = [basisLine(t, unit, input.basis)];
  if (figures?.unit && figures.unit !== input.currency) {
    basis.push(t('common.unitMismatch', { unit: figures.unit, configured: input.currency }));
  }
  if (figures && figures.units.length > 1)
    basis.push(t('common.mixedUnits', { units: figures.units.join(', ') }));
  if (displayCurrency) {
    basis.push(
      t('common.displayCurrency', {
        code: displayCurrency.code,
        rate: displayCurrency.rate,
        unit,
        asOf: input.ce.date(displayCurrency.asOf),
      }),
    );
  }
  if (input.driversMethod !== undefined) basis.push(input.driversMethod);
  return basis;
}
