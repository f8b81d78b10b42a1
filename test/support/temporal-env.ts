import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import path from 'node:path';
import { EngineRuntimeLogger } from '../../src/temporal/runtime-logger';
import { resolveTemporalTestServer } from '../../src/temporal-binaries';

let runtimeInstalled = false;

/** Keeps the SDK's own logging to warnings so test output stays readable. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new EngineRuntimeLogger('WARN') });
}

/** The time-skipping test server from the project's tools (or TEMPORAL_TEST_SERVER_PATH / PATH). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTemporalTestServer() } },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../src/workflows'),
    logger: new DefaultLogger('WARN'),
  });
  return bundle;
}
