import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CloudFormationValidatePlugin, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BILLING_REGION, BILLING_STACK_NAME } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { sealConfig } from '../handlers/contract/config/sealed.js';
import { MEMBER_STACK_SET_NAME } from '../handlers/contract/member-template.js';
import { MemberAccountStack } from '../stackset-templates/member-account-stack.js';
import { BillingAccountStack } from './billing-account-stack.js';
import { acknowledgeFindings } from './nag-acknowledgements.js';

/** File name of the standalone member template that synth writes for teams without CDK. */
export const MEMBER_TEMPLATE_FILE = `${MEMBER_STACK_SET_NAME}.template.json`;

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  readonly config: Config;
  /** Cloud assembly folder. @default - CDK's default (`cdk.out` under the CLI) */
  readonly outdir?: string;
  /** Folder for build intermediates. @default - `.build` */
  readonly buildDir?: string;
  /** Run cdk-nag's AwsSolutions pack. @default true */
  readonly nag?: boolean;
  /**
   * Bundle the Lambdas with esbuild. Template tests turn it off: the template is the same, only the
   * assets are placeholders. @default true
   */
  readonly bundle?: boolean;
}

let memberTemplate: string | undefined;

/** The synthesized member template as a JSON string (synthesized once per process: it takes no input). */
export function synthMemberTemplate(): string {
  memberTemplate ??= synthesizeMemberTemplate();
  return memberTemplate;
}

function synthesizeMemberTemplate(): string {
  // Its own scratch assembly: under the CDK CLI a second App would otherwise write into cdk.out.
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'baf-member-')),
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  Validations.of(app).addPlugins(new CloudFormationValidatePlugin());
  const stack = new MemberAccountStack(app, 'BillingAlarmForwarderMember', { analyticsReporting: false });
  return JSON.stringify(app.synth().getStackByName(stack.stackName).template, null, 1);
}

/** Builds the CDK app: the billing-account stack (with the StackSet) and the security gate. */
export function buildApp(options: BuildAppOptions): {
  app: App;
  stack: BillingAccountStack;
  memberTemplate: string;
} {
  const buildDir = options.buildDir ?? '.build';
  mkdirSync(buildDir, { recursive: true });
  const runtimeConfigPath = join(buildDir, 'runtime-config.json');
  // Validated here, once: the Lambdas check the seal instead of validating again at cold start.
  writeFileSync(runtimeConfigPath, sealConfig(options.config));

  // Asset metadata lets `billing-alarms` find the very bundles CDK deploys in the cloud assembly.
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      'aws:cdk:enable-asset-metadata': true,
      // Schema findings fail synth instead of being downgraded to warnings.
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      // No stack matches an empty list, so no asset is bundled.
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const memberTemplate = synthMemberTemplate();
  const stack = new BillingAccountStack(app, BILLING_STACK_NAME, {
    env: { account: options.config.organization.managementAccountId, region: BILLING_REGION },
    description: 'billing-alarm-forwarder: billing bus, alarm and report Lambdas, member StackSet',
    config: options.config,
    runtimeConfigPath,
    memberTemplateBody: memberTemplate,
  });
  acknowledgeFindings(stack, options.config);
  if (options.nag ?? true) {
    // The security gate, and the templates checked against the CloudFormation resource schemas.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    Validations.of(app).addPlugins(new CloudFormationValidatePlugin());
  }
  return { app, stack, memberTemplate };
}

/** Writes the member template next to the cloud assembly for `aws cloudformation create-stack-set`. */
export function writeMemberTemplate(outdir: string, memberTemplate: string): string {
  mkdirSync(outdir, { recursive: true });
  const path = join(outdir, MEMBER_TEMPLATE_FILE);
  writeFileSync(path, `${memberTemplate}\n`);
  return path;
}
