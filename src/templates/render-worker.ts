/**
 * The task a render-pool worker thread runs. It says when it starts, so the pool's time limit counts
 * the render itself and not the wait in the queue.
 */
import type { MessagePort } from 'node:worker_threads';
import type { LimitScope } from '../domain/message-limits';
import { renderWithinLimits, type RenderOutcome } from '../domain/render-within-limits';
import type { RenderOptions, TemplateData, TemplateSource } from '../domain/templates';

export interface RenderTask {
  source: TemplateSource;
  data: TemplateData;
  opts: RenderOptions;
  scope: LimitScope;
  started: MessagePort;
}

export default function render(task: RenderTask): RenderOutcome {
  task.started.postMessage('started');
  task.started.close();
  return renderWithinLimits(task.source, task.data, task.opts, task.scope);
}
