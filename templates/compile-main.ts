import { compileTemplates } from './compile.js';

// `npm run build:templates`: compile the MJML emails once, before typecheck, tests and synth.
const compiled = await compileTemplates();
console.error(`compiled ${Object.keys(compiled).length} email template(s)`);
