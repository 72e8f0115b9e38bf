import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** What a generated export holds: its rows and its exact total in millionths (for the totals check). */
export interface GeneratedExport {
  readonly rows: number;
  readonly bytes: number;
  readonly totalMicros: string;
}

const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'BoxUsage:m7g.large', 'Hrs'],
  ['Amazon Simple Storage Service', 'TimedStorage-ByteHrs', 'GB-Mo'],
  ['Amazon Relational Database Service', 'InstanceUsage:db.r6g.xl', 'Hrs'],
  ['AWS Lambda', 'Lambda-GB-Second', 'Lambda-GB-Second'],
  ['Amazon CloudWatch', 'CW:MetricMonitorUsage', 'Metrics'],
  ['Amazon DynamoDB', 'ReadRequestUnits', 'ReadRequestUnits'],
  ['Amazon Virtual Private Cloud', 'NatGateway-Hours', 'Hrs'],
  ['AWS Key Management Service', 'KMS-Requests', 'Requests'],
] as const;
const HEADER =
  'ChargePeriodStart,SubAccountId,SubAccountName,ServiceName,ChargeCategory,BilledCost,BillingCurrency,x_UsageType,ConsumedQuantity,ConsumedUnit,ResourceId';

/**
 * Writes a FOCUS 1.x CSV of `rows` resource-day rows as an AWS Data Export holds them: 250 accounts,
 * the 1st of last month to the 19th of `endMonth`, eight services with a usage type each, several
 * resources per account, service and day (about 130 bytes a row). Costs are whole millionths, so
 * the file's exact total is known without parsing it. Deterministic: the same rows every time.
 */
export async function writeFocusExport(
  path: string,
  rows: number,
  endMonth = '2026-11',
): Promise<GeneratedExport> {
  const accounts = 250;
  const first = Date.parse(`${endMonth}-01T00:00:00Z`);
  const start = new Date(first);
  start.setUTCMonth(start.getUTCMonth() - 1);
  const days = Math.round((first - start.getTime()) / 86_400_000) + 19;
  const out = createWriteStream(path);
  let bytes = 0;
  let total = 0n;
  let chunk = `${HEADER}\n`;
  for (let i = 0; i < rows; i++) {
    const account = i % accounts;
    const service = Math.floor(i / accounts) % SERVICES.length;
    const day = Math.floor(i / (accounts * SERVICES.length)) % days;
    const resource = Math.floor(i / (accounts * SERVICES.length * days));
    const [name, usageType, unit] = SERVICES[service] as readonly [string, string, string];
    // A cost of 0.000001–9.999999 that varies with every coordinate; a few credits.
    const credit = i % 97 === 0;
    const micros = (((i * 2_654_435_761) >>> 0) % 9_999_999) + 1;
    const signed = credit ? -micros : micros;
    total += BigInt(signed);
    const date = new Date(start.getTime() + day * 86_400_000).toISOString().slice(0, 10);
    const cost = `${signed < 0 ? '-' : ''}${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
    chunk += `${date}T00:00:00Z,${String(210_000_000_000 + account)},team-${account},${name},${credit ? 'Credit' : 'Usage'},${cost},USD,${usageType},${(micros / 1000).toFixed(3)},${unit},r-${account}-${service}-${resource}\n`;
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return { rows, bytes, totalMicros: total.toString() };
}

// Run as a child process: `tsx focus-export-file.ts PATH ROWS` prints the figures as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path = '', rows = '0'] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(await writeFocusExport(path, Number(rows))));
}
