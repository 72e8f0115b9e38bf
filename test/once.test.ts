import { describe, expect, it } from 'vitest';
import { once } from '../handlers/lib/once.js';

describe('once', () => {
  it('makes nothing until first asked, then makes the value once and keeps it', () => {
    let made = 0;
    const value = once(() => ({ n: ++made }));

    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
  });

  it('keeps an undefined value without making it again', () => {
    let made = 0;
    const value = once(() => {
      made++;
      return undefined;
    });

    value();
    value();
    expect(made).toBe(1);
  });
});
