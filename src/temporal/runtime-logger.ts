import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';

/**
 * The SDK's logger, less the one warning every send worker gives at start: it runs activities only, so
 * the SDK says it will not poll for workflow tasks on that queue, which is the point (see worker.ts).
 */
export class EngineRuntimeLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const queue = typeof meta?.taskQueue === 'string' ? meta.taskQueue : '';
    if (message.startsWith('No workflows registered') && queue.includes('-sends-')) return;
    super.log(level, message, meta);
  }
}
