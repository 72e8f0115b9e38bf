// The launches fast-burn alerts watch: CloudTrail management events that start paying for
// capacity. The member template's rule, the billing bus's policy, the billing bus's route and the
// alarm Lambda's edge all read this one list (DESIGN.md, "Fast burn from launches").

/** EventBridge's detail type of every API call CloudTrail delivers. */
export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';

/** One service's launch calls: its EventBridge source, its CloudTrail event source and the calls. */
export interface LaunchCalls {
  readonly source: string;
  readonly eventSource: string;
  readonly eventNames: readonly string[];
}

/**
 * The calls that start paying for capacity by the hour, per service. Each is a write management
 * event (EventBridge delivers those without opting in to read-only events).
 */
export const LAUNCH_CALLS: readonly LaunchCalls[] = [
  {
    source: 'aws.ec2',
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['RunInstances', 'StartInstances', 'CreateNatGateway'],
  },
  {
    source: 'aws.rds',
    eventSource: 'rds.amazonaws.com',
    eventNames: ['CreateDBInstance', 'CreateDBCluster'],
  },
  { source: 'aws.eks', eventSource: 'eks.amazonaws.com', eventNames: ['CreateNodegroup'] },
  { source: 'aws.ecs', eventSource: 'ecs.amazonaws.com', eventNames: ['CreateService', 'UpdateService'] },
  {
    source: 'aws.autoscaling',
    eventSource: 'autoscaling.amazonaws.com',
    eventNames: ['CreateAutoScalingGroup', 'UpdateAutoScalingGroup', 'SetDesiredCapacity'],
  },
  {
    source: 'aws.sagemaker',
    eventSource: 'sagemaker.amazonaws.com',
    eventNames: ['CreateEndpoint', 'CreateTrainingJob', 'CreateNotebookInstance'],
  },
  {
    source: 'aws.bedrock',
    eventSource: 'bedrock.amazonaws.com',
    eventNames: ['CreateProvisionedModelThroughput'],
  },
  {
    source: 'aws.es',
    eventSource: 'es.amazonaws.com',
    eventNames: ['CreateDomain', 'CreateElasticsearchDomain'],
  },
  { source: 'aws.redshift', eventSource: 'redshift.amazonaws.com', eventNames: ['CreateCluster'] },
  {
    source: 'aws.elasticache',
    eventSource: 'elasticache.amazonaws.com',
    eventNames: ['CreateCacheCluster', 'CreateReplicationGroup'],
  },
];

/** The EventBridge sources of {@link LAUNCH_CALLS}. */
export const LAUNCH_SOURCES: readonly string[] = LAUNCH_CALLS.map((c) => c.source);

/**
 * The event pattern that matches the launches (successful calls only: a refused call has an
 * `errorCode` and costs nothing), as the member rule and the billing bus's route both write it.
 */
export function launchEventPattern() {
  return {
    source: [...LAUNCH_SOURCES],
    'detail-type': [CLOUDTRAIL_API_CALL],
    detail: {
      eventSource: LAUNCH_CALLS.map((c) => c.eventSource),
      eventName: [...new Set(LAUNCH_CALLS.flatMap((c) => c.eventNames))],
      errorCode: [{ exists: false }],
    },
  };
}

/** Source of the automation events put after a mailed fast-burn estimate, and their detail type. */
export const FAST_BURN_ESTIMATE = 'Billing Fast Burn Estimate';
