/** A synthesized CloudFormation template, as far as the IAM check reads it. */
export interface CfnTemplate {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** Where the template is deployed, and the physical names chosen for resources that CloudFormation names. */
export interface Deployment {
  readonly accountId: string;
  readonly region: string;
  /** Physical names by logical id; a resource without one is named by its own name property, else its logical id. */
  readonly names?: Readonly<Record<string, string>>;
}

/** The property that names a resource of each type, when the template sets it. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
};

/** Resolves `Ref`, `Fn::GetAtt … Arn`, `Fn::Join`, `Fn::Sub` and `Fn::Select` to concrete values for one deployment. */
export class Intrinsics {
  constructor(
    private readonly template: CfnTemplate,
    readonly deployment: Deployment,
  ) {}

  /** The physical name of a resource. */
  name(logicalId: string): string {
    const chosen = this.deployment.names?.[logicalId];
    if (chosen) return chosen;
    const resource = this.resource(logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const named = property ? resource.Properties?.[property] : undefined;
    return typeof named === 'string' ? named : logicalId;
  }

  /** What `Ref` returns for a resource (a name, an ARN for topics, a URL for queues). */
  ref(logicalId: string): string {
    const { accountId, region } = this.deployment;
    const type = this.resource(logicalId).Type;
    const name = this.name(logicalId);
    if (type === 'AWS::SNS::Topic') return `arn:aws:sns:${region}:${accountId}:${name}`;
    if (type === 'AWS::SQS::Queue') return `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
    return name;
  }

  /** What `Fn::GetAtt [id, Arn]` returns. */
  arn(logicalId: string): string {
    const { accountId, region } = this.deployment;
    const name = this.name(logicalId);
    const at = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
    switch (this.resource(logicalId).Type) {
      case 'AWS::DynamoDB::Table':
        return at('dynamodb', `table/${name}`);
      case 'AWS::SQS::Queue':
        return at('sqs', name);
      case 'AWS::SNS::Topic':
        return at('sns', name);
      case 'AWS::KMS::Key':
        return at('kms', `key/${name}`);
      case 'AWS::Events::EventBus':
        return at('events', `event-bus/${name}`);
      case 'AWS::Events::Rule':
        return at('events', `rule/${name}`);
      case 'AWS::Lambda::Function':
        return at('lambda', `function:${name}`);
      case 'AWS::Logs::LogGroup':
        return at('logs', `log-group:${name}:*`);
      case 'AWS::CloudWatch::Alarm':
        return at('cloudwatch', `alarm:${name}`);
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${accountId}:role/${name}`;
      default:
        throw new Error(`no ARN known for ${logicalId} (${this.resource(logicalId).Type})`);
    }
  }

  /** A template value with every intrinsic function replaced by its value. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') return this.pseudo(String(arg)) ?? this.ref(String(arg));
    if (entries.length === 1 && key === 'Fn::GetAtt') {
      const [id, attribute] = arg as [string, string];
      if (attribute !== 'Arn') throw new Error(`Fn::GetAtt ${id}.${attribute} is not resolved`);
      return this.arn(id);
    }
    if (entries.length === 1 && key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return (this.resolve(parts) as unknown[]).join(separator);
    }
    if (entries.length === 1 && key === 'Fn::Select') {
      const [index, list] = arg as [number, unknown];
      return (this.resolve(list) as unknown[])[Number(index)];
    }
    if (entries.length === 1 && key === 'Fn::Sub') {
      const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
      return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        if (name in vars) return String(this.resolve(vars[name]));
        const [id, attribute] = name.split('.');
        if (attribute === 'Arn' && id) return this.arn(id);
        return this.pseudo(name) ?? this.ref(name);
      });
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  private pseudo(name: string): string | undefined {
    const { accountId, region } = this.deployment;
    const values: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': region,
      'AWS::AccountId': accountId,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return values[name];
  }

  private resource(logicalId: string) {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId} in the template`);
    return resource;
  }
}
