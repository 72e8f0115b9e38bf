import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, COMMAND_NAMES, commandsNamed } from '../cli/command-registry.js';

describe('the command registry', () => {
  it('names each module’s commands as the module does, once each', async () => {
    for (const module of COMMAND_MODULES) {
      const loaded = await module.load();
      expect(loaded.map((c) => c.name)).toEqual(module.names);
    }
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
  });

  it('gives the commands asked for, in the list’s order', async () => {
    const commands = await commandsNamed(['alerts snooze', 'report']);
    expect(commands.map((c) => c.name)).toEqual(['report', 'alerts snooze']);
  });
});
