import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, it } from 'vitest';
import { workflowBundle } from '../helpers/workflow-env';

// Histories recorded from earlier versions of the workflows (test/workflows/histories/record.ts).
// Workflows run for days: new code must replay what is already in flight, or it needs `patched()`.
const dir = path.join(import.meta.dirname, 'histories');
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('WF-1 workflow code stays compatible with recorded histories', () => {
  it.each(histories)('WF-1 replays %s without non-determinism', async (file) => {
    // fromObject on the SDK's own proto classes (historyFromJSON trips over duplicated protobufjs copies).
    const history = proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, `replay-${file}`);
  });
});
