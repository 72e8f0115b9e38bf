import type { DriversSection } from '../email/drivers-section.js';
import { CHAT_LINES } from './chat-message.js';

/** The email's "why it moved" block as a chat section: each service's typed line, then its notes. */
export function driversChatSection(drivers: DriversSection | null): { heading: string; lines: string[] }[] {
  if (!drivers) return [];
  const lines = [...drivers.rows.map((d) => `${d.text} — ${d.mostly}`), ...drivers.notes];
  return lines.length > 0 ? [{ heading: drivers.heading, lines: lines.slice(0, CHAT_LINES) }] : [];
}
