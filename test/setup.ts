import 'aws-sdk-client-mock-vitest/extend';

// The AWS SDK's notice that releases after January 2027 need Node.js 22 (README, Requirements): the
// tests run on the Node.js the machine has, and the notice would repeat in every worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
