import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A JSON event fixture from `test/fixtures/events/`, as a fresh mutable object. */
export function eventFixture(name: string): Record<string, any> {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`../fixtures/events/${name}.json`, import.meta.url)), 'utf8'),
  );
}
