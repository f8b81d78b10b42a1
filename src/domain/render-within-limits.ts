/**
 * One render judged against the message limits (SPEC 7). Pure and synchronous: it is what the render
 * pool's worker threads run, where a render that never ends can be stopped from outside.
 */
import { outputLimitBreach, type LimitBreach, type LimitScope, type RenderLimit } from './message-limits';
import {
  renderTemplate,
  TemplateRenderError,
  type RenderedTemplate,
  type RenderOptions,
  type TemplateData,
  type TemplateSource,
} from './templates';

export type RenderOutcome = { ok: true; rendered: RenderedTemplate } | ({ ok: false } & LimitBreach);

export function renderWithinLimits(
  source: TemplateSource,
  data: TemplateData,
  opts: RenderOptions,
  scope: LimitScope,
): RenderOutcome {
  let rendered: RenderedTemplate;
  try {
    rendered = renderTemplate(source, data, opts);
  } catch (err) {
    if (!(err instanceof TemplateRenderError)) throw err;
    return { ok: false, limit: engineLimit(err), message: err.message };
  }
  const breach = outputLimitBreach(rendered, scope);
  return breach ? { ok: false, ...breach } : { ok: true, rendered };
}

/** liquidjs stops a render with "template render limit exceeded" (time) or "memory alloc limit exceeded". */
function engineLimit(err: TemplateRenderError): RenderLimit {
  if (/template render limit exceeded/.test(err.message)) return 'time';
  if (/memory alloc limit exceeded/.test(err.message)) return 'memory';
  return 'render';
}
