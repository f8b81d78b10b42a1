/** The bare baseline's signal, shared by its workflow and the bench (no Node built-ins: workflow code). */
import { defineSignal } from '@temporalio/workflow';

export const BASELINE_TASK_QUEUE = 'bench-baseline';

/** One piece of news for the workflow; its id comes back through the no-op activity. */
export const pingSignal = defineSignal<[string]>('ping');
