import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from '../support/histories';
import { quietRuntime, workflowBundle } from '../support/temporal-env';

const fixtures = fs.existsSync(HISTORIES_DIR)
  ? fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'))
  : [];

describe('replay of recorded workflow histories', () => {
  test('when the fixtures are listed, then there are recorded histories to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  test.each(fixtures)(
    'when %s is replayed on the current workflow code, then it stays deterministic',
    async (file) => {
      quietRuntime();
      const history = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      const workflowId = path.basename(file, '.json');
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
    },
  );
});
