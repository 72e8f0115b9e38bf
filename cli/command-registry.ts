import type { Command } from './command.js';

/**
 * The commands by module, each module imported only when one of its commands runs (or the list of
 * all is printed): `report --costs` loads the report's modules, not CDK's, the bench's or the
 * servers'. The names here are the modules' own (test/command-registry.test.ts checks that they agree).
 */
export const COMMAND_MODULES: readonly {
  names: readonly string[];
  load: () => Promise<readonly Command[]>;
}[] = [
  { names: ['demo'], load: async () => [(await import('./commands/demo.js')).demoCommand] },
  {
    names: ['sample-event'],
    load: async () => [(await import('./commands/sample-event.js')).sampleEventCommand],
  },
  { names: ['simulate'], load: async () => [(await import('./commands/simulate.js')).simulateCommand] },
  { names: ['report'], load: async () => [(await import('./commands/report.js')).reportCommand] },
  { names: ['redrive'], load: async () => [(await import('./commands/redrive.js')).redriveCommand] },
  {
    names: ['thresholds plan', 'thresholds apply'],
    load: async () => {
      const m = await import('./commands/thresholds.js');
      return [m.thresholdsPlanCommand, m.thresholdsApplyCommand];
    },
  },
  {
    names: ['alerts list', 'alerts ack', 'alerts snooze', 'alerts plan', 'alerts resolve'],
    load: async () => {
      const m = await import('./commands/alerts.js');
      return [m.alertsListCommand, ...m.alertsAnswerCommands];
    },
  },
  { names: ['serve'], load: async () => [(await import('./commands/serve.js')).serveCommand] },
  { names: ['doctor'], load: async () => [(await import('./commands/doctor.js')).doctorCommand] },
  { names: ['bench'], load: async () => [(await import('./commands/bench.js')).benchCommand] },
  { names: ['build'], load: async () => [(await import('./commands/build.js')).buildCommand] },
] as unknown as readonly { names: readonly string[]; load: () => Promise<readonly Command[]> }[];

/** Every command's name, in the list's order. */
export const COMMAND_NAMES = COMMAND_MODULES.flatMap((m) => m.names);

/** The commands named `names`, in the list's order, loading only their modules. */
export async function commandsNamed(names: readonly string[]): Promise<Command[]> {
  const modules = COMMAND_MODULES.filter((m) => m.names.some((n) => names.includes(n)));
  const loaded = (await Promise.all(modules.map((m) => m.load()))).flat();
  return loaded.filter((c) => names.includes(c.name));
}
