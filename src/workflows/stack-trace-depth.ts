/**
 * The SDK keeps a stack trace of every promise a workflow creates, for the stack trace query (the Web
 * UI's "Stack Trace" tab), and maps each frame through the bundle's source map. With V8's default of
 * ten frames that was over a third of a workflow task's CPU (docs/performance.md). A few frames still
 * show where a workflow waits; errors thrown in workflow code keep as many.
 */
Error.stackTraceLimit = 5;
