import type { AlertsSection } from './alerts-section.js';
import type { ReportViewModel } from './report-view-model.js';

/** The plain-text part of the organisation report, from the same view-model as the HTML. */
export function reportText(vm: ReportViewModel): string {
  const lines: string[] = [vm.headline, '='.repeat(Math.min(vm.headline.length, 72)), vm.summary.date, ''];
  for (const h of vm.summary.figures) lines.push(`${h.label}: ${h.value}${h.note ? ` — ${h.note}` : ''}`);
  lines.push('');
  for (const f of vm.facts) lines.push(`${f.label}: ${f.value}`);
  if (vm.unavailable)
    lines.push('', `${vm.unavailable.heading}:`, ...vm.unavailable.items.map((i) => `  - ${i}`));
  if (vm.changes) {
    lines.push('', vm.changes.heading);
    for (const g of vm.changes.groups) {
      lines.push(`  ${g.heading}:`);
      for (const r of g.rows) lines.push(`    ${r.name}: ${r.detail} (${r.delta})`);
      if (g.empty) lines.push(`    ${g.empty}`);
    }
  }
  for (const drivers of [vm.drivers, vm.accountDrivers]) {
    if (!drivers) continue;
    lines.push('', drivers.heading);
    for (const d of drivers.rows) lines.push(`  ${d.text} — ${d.mostly}`);
    for (const n of drivers.notes) lines.push(`  ${n}`);
  }
  for (const table of [vm.accounts, vm.services]) {
    lines.push('', table.heading);
    for (const r of table.rows)
      lines.push(`  ${r.name}: ${r.amount} (${r.share}; ${table.columns.change} ${r.change})`);
  }
  lines.push('', vm.chart.heading);
  for (const d of vm.chart.days) lines.push(`  ${d.title}`);
  lines.push(`  ${vm.chart.scale}`);
  lines.push('', vm.thresholds.heading, `  ${vm.thresholds.summary}`);
  for (const r of vm.thresholds.rows) lines.push(`  ${r.name}: ${r.text} (${r.use})`);
  if (vm.thresholds.more) lines.push(`  ${vm.thresholds.more}`);
  if (vm.pace) {
    lines.push('', vm.pace.heading, ...vm.pace.rows.map((r) => `  ${r.name}: ${r.detail}`));
    if (vm.pace.more) lines.push(`  ${vm.pace.more}`);
    lines.push(`  ${vm.pace.method}`);
  }
  if (vm.newSpend) {
    lines.push('', vm.newSpend.heading, ...vm.newSpend.rows.map((r) => `  - ${r.name}`));
    if (vm.newSpend.more) lines.push(`  ${vm.newSpend.more}`);
    lines.push(`  ${vm.newSpend.note}`);
  }
  if (vm.reconciliation) {
    const r = vm.reconciliation;
    lines.push('', r.heading);
    if (r.unavailable) lines.push(`  ${r.unavailable}`);
    lines.push(...r.rows.map((row) => `  - ${row.name}: ${row.detail}`));
    if (r.more) lines.push(`  ${r.more}`);
    lines.push(...r.notes.map((n) => `  ${n}`));
  }
  if (vm.coverage) {
    lines.push('', vm.coverage.heading, `  ${vm.coverage.summary}`);
    if (vm.coverage.note) lines.push(`  ${vm.coverage.note}`);
    for (const list of [
      vm.coverage.uncovered,
      vm.coverage.drifted,
      vm.coverage.stuck,
      vm.coverage.silent,
      vm.coverage.payer,
      vm.coverage.recipients,
      vm.coverage.ignoredTags,
    ]) {
      if (!list) continue;
      lines.push(`  ${list.heading}:`, ...list.rows.map((r) => `    - ${r.name}: ${r.detail}`));
      if (list.more) lines.push(`    ${list.more}`);
    }
    if (vm.coverage.driftFix) lines.push(`  ${vm.coverage.driftFix}`);
    if (vm.coverage.statesNote) lines.push(`  ${vm.coverage.statesNote}`);
    for (const conflict of vm.coverage.conflicts) lines.push(`  ${conflict}`);
  }
  if (vm.quieted) {
    lines.push(
      '',
      vm.quieted.heading,
      ...vm.quieted.rows.map((r) => `  - ${r.name}: ${r.detail}`),
      `  ${vm.quieted.note}`,
    );
  }
  if (vm.alerts) lines.push('', ...alertsText(vm.alerts));
  lines.push('', `${vm.link.label}: ${vm.link.url}`, '', vm.asOf, ...vm.basis, vm.footer, '');
  return lines.join('\n');
}

/** The alerts section as text: its lists, or why the alerts are missing. */
function alertsText(section: AlertsSection): string[] {
  const lines = [section.heading];
  if (section.unavailable) lines.push(`  ${section.unavailable}`);
  for (const list of [section.current, section.held, section.recent]) {
    if (!list || section.unavailable) continue;
    lines.push(`  ${list.heading}:`, ...list.rows.map((r) => `    - ${r.name}: ${r.detail}`));
    if (list.more) lines.push(`    ${list.more}`);
    if (list.empty) lines.push(`    ${list.empty}`);
  }
  lines.push(`  ${section.note}`);
  return lines;
}
