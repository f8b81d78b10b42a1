/**
 * `npm run build` runs this: bundles the workflow code once (webpack) into a file the worker loads with
 * `workflowBundle: { codePath }`, so a worker starts without bundling. Usage: bundle-workflows.ts <out.js>
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

async function main() {
  const out = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../src/workflows'),
    logger: new DefaultLogger('WARN'),
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  console.log(
    `workflow bundle: ${path.relative(process.cwd(), out)} (${(code.length / 1024).toFixed(0)} KiB)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
