/** A GetProducts filter of type `TERM_MATCH`: the field equals the value; all filters must match. */
export interface PriceFilter {
  readonly Type: 'TERM_MATCH';
  readonly Field: string;
  readonly Value: string;
}

/** What to ask the Price List for one launch item, and how the cache and the email name it. */
export interface PriceQuery {
  readonly serviceCode: 'AmazonEC2' | 'AmazonRDS';
  readonly filters: readonly PriceFilter[];
  /** The state-table cache key: `price#<service>#<region>#<what>`. */
  readonly cacheKey: string;
  /** What the price is of, for "no on-demand price for …": `on-demand Linux p5.48xlarge in us-west-2`. */
  readonly product: string;
}

const term = (Field: string, Value: string): PriceFilter => ({ Type: 'TERM_MATCH', Field, Value });

/** The attributes that pick one EC2 on-demand product: Linux, shared tenancy, no pre-installed software. */
export function ec2Filters(instanceType: string, region: string): PriceFilter[] {
  return [
    term('instanceType', instanceType),
    term('regionCode', region),
    term('operatingSystem', 'Linux'),
    term('tenancy', 'Shared'),
    term('preInstalledSw', 'NA'),
    term('capacitystatus', 'Used'),
    term('licenseModel', 'No License required'),
  ];
}

/**
 * RDS and Aurora engines (`CreateDBInstance`'s `engine`) and the Price List's `databaseEngine` for
 * them. Oracle, SQL Server and Db2 are left out: their price also depends on the edition and the
 * licence model, which the estimate does not pick.
 */
export const RDS_ENGINES: Readonly<Record<string, string>> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  'aurora-postgresql': 'Aurora PostgreSQL',
  'aurora-mysql': 'Aurora MySQL',
  aurora: 'Aurora MySQL',
};

/** The attributes that pick an RDS DB instance's on-demand products: class, engine, Single-AZ or Multi-AZ. */
export function rdsFilters(
  instanceClass: string,
  databaseEngine: string,
  deployment: 'Single-AZ' | 'Multi-AZ',
  region: string,
): PriceFilter[] {
  return [
    term('instanceType', instanceClass),
    term('regionCode', region),
    term('databaseEngine', databaseEngine),
    term('deploymentOption', deployment),
  ];
}

/** The NAT gateway's products in a Region (the hourly charge and the per-GB one; the hourly is read). */
export function natGatewayFilters(region: string): PriceFilter[] {
  return [term('productFamily', 'NAT Gateway'), term('regionCode', region)];
}

/** What a price query needs of a launch item (`LaunchItem` has it; not imported, which would make a circle). */
export interface PricedKind {
  readonly type: string;
  readonly priceAs: string;
  readonly engine?: string;
  readonly deployment?: 'Single-AZ' | 'Multi-AZ';
}

/** The Price List query for a launch item in a Region, or undefined for what this version does not price. */
export function priceQueryOf(item: PricedKind, region: string): PriceQuery | undefined {
  if (item.priceAs === 'ec2Instance')
    return {
      serviceCode: 'AmazonEC2',
      filters: ec2Filters(item.type, region),
      cacheKey: `price#AmazonEC2#${region}#${item.type}`,
      product: `on-demand Linux ${item.type} in ${region}`,
    };
  if (item.priceAs === 'rdsInstance' && item.engine && item.deployment)
    return {
      serviceCode: 'AmazonRDS',
      filters: rdsFilters(item.type, item.engine, item.deployment, region),
      cacheKey: `price#AmazonRDS#${region}#${item.type}#${item.engine}#${item.deployment}`,
      product: `on-demand ${item.type} ${item.engine} ${item.deployment} in ${region}`,
    };
  if (item.priceAs === 'natGateway')
    return {
      serviceCode: 'AmazonEC2',
      filters: natGatewayFilters(region),
      cacheKey: `price#AmazonEC2#${region}#nat-gateway`,
      product: `NAT gateway hour in ${region}`,
    };
  return undefined;
}
