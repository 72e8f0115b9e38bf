import type { AlarmViewModel } from './alarm-view-types.js';

/** The plain-text part of the alarm email, from the same view-model as the HTML. */
export function alarmText(vm: AlarmViewModel): string {
  const lines: string[] = [vm.headline, '='.repeat(Math.min(vm.headline.length, 72)), ''];
  for (const f of vm.facts) lines.push(`${f.label}: ${f.value}`);
  if (vm.reason) lines.push('', `${vm.reason.label}: ${vm.reason.text}`);
  if (vm.missing) lines.push('', `${vm.missing.heading}:`, ...vm.missing.items.map((i) => `  - ${i}`));
  if (vm.services) {
    lines.push('', vm.services.heading);
    for (const r of vm.services.rows) lines.push(`  ${r.name}: ${r.amount} (${r.share})`);
    for (const t of vm.services.totals) lines.push(`  ${t.label}: ${t.amount}`);
  }
  if (vm.movers) {
    lines.push('', vm.movers.heading);
    for (const m of vm.movers.rows) lines.push(`  ${m.name}: ${m.detail} (${m.delta})`);
    if (vm.movers.empty) lines.push(`  ${vm.movers.empty}`);
  }
  if (vm.drivers) {
    lines.push('', vm.drivers.heading);
    for (const d of vm.drivers.rows) lines.push(`  ${d.text} — ${d.mostly}`);
    for (const n of vm.drivers.notes) lines.push(`  ${n}`);
  }
  if (vm.trend) {
    lines.push('', vm.trend.heading);
    for (const b of vm.trend.bars) lines.push(`  ${b.title}`);
    lines.push(`  ${vm.trend.scale}`, `  ${vm.trend.pace}`);
  }
  if (vm.forecast) lines.push('', vm.forecast.heading, ...vm.forecast.lines.map((l) => `  ${l.text}`));
  if (vm.change) lines.push('', vm.change.heading, `  ${vm.change.text}`);
  if (vm.notes.length > 0) lines.push('', ...vm.notes.map((n) => `${n.label}: ${n.value}`));
  if (vm.actions)
    lines.push(
      '',
      vm.actions.heading,
      ...vm.actions.links.map((l) => `  ${l.label}: ${l.url}`),
      `  ${vm.actions.note}`,
    );
  lines.push('', `${vm.link.label}: ${vm.link.url}`, '');
  if (vm.asOf) lines.push(vm.asOf);
  lines.push(...vm.basis);
  if (vm.routing) lines.push(vm.routing.lead, ...vm.routing.lines.map((l) => `  ${l}`));
  lines.push(vm.footer, '');
  return lines.join('\n');
}
