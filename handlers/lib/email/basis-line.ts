import type { CostBasis } from '../costs/cost-basis.js';
import type { Translate } from './messages.js';

/** The footer's line on what the amounts are: currency, Cost Explorer's metric, what usage leaves out. */
export function basisLine(t: Translate, currency: string, basis: CostBasis): string {
  return t('common.basis', {
    currency,
    metric: basis.metric,
    excluded: basis.exclude.length > 0 ? t('common.basisExcluded', { types: basis.exclude.join(', ') }) : '',
  });
}
