/**
 * What a template's own variables stand for, so the save-time check sees through them
 * (`{% assign d = order.dueDate %}{{ d.nmae }}` is as unknown as `{{ order.dueDate.nmae }}`).
 * Pure: reads parsed liquidjs templates only.
 */
import { analyzeSync, Tag, toValueSync, Value, Variable, type Template } from 'liquidjs';

/** A name a template defines (assign, capture, increment, for, tablerow), and where. */
interface LocalDefinition {
  name: string;
  row: number;
  col: number;
  /** For `assign x = some.path` without filters: the variable `x` stands for. */
  alias: Variable | null;
}

/** A variable occurrence seen through the template's locals. */
export type ResolvedVariable =
  /** Data from outside: the full path, with aliases replaced by what they stand for. */
  | { kind: 'data'; segments: Variable['segments'] }
  /** A value the template computed (a filter's result, a loop item, a capture): what is read from it. */
  | { kind: 'computed'; local: string; accessed: Variable['segments'] };

interface Position {
  row: number;
  col: number;
}

const before = (a: Position, b: Position) => a.row < b.row || (a.row === b.row && a.col < b.col);

export class TemplateLocals {
  readonly #definitions: LocalDefinition[] = [];

  constructor(templates: Template[]) {
    this.#collect(templates);
  }

  /** `variable` as it would be read at its position. */
  resolve(variable: Variable): ResolvedVariable {
    return this.#resolve(variable.segments, variable.location);
  }

  #resolve(segments: Variable['segments'], at: Position): ResolvedVariable {
    const [root, ...rest] = segments;
    const definition = typeof root === 'string' ? this.#definitionBefore(root, at) : null;
    if (!definition) return { kind: 'data', segments };
    if (!definition.alias) return { kind: 'computed', local: definition.name, accessed: rest };
    return this.#resolve([...definition.alias.segments, ...rest], definition);
  }

  #definitionBefore(name: string, at: Position): LocalDefinition | null {
    let found: LocalDefinition | null = null;
    for (const d of this.#definitions) if (d.name === name && before(d, at)) found = d;
    return found;
  }

  #collect(templates: Template[]): void {
    for (const template of templates) {
      const alias =
        template instanceof Tag && template.token.name === 'assign' ? assignedVariable(template) : null;
      for (const identifier of template.localScope?.() ?? []) {
        const [row = 1, col = 1] = identifier.getPosition();
        this.#definitions.push({ name: identifier.content, row, col, alias });
      }
      const [row = 1, col = 1] = template.token.getPosition();
      for (const name of template.blockScope?.() ?? [])
        this.#definitions.push({ name, row, col, alias: null });
      if (template.children) this.#collect(toValueSync(template.children(false, true)));
    }
  }
}

/** The variable an `assign` copies as it is (`assign d = order.dueDate`), or null for a computed value. */
function assignedVariable(tag: Template): Variable | null {
  const [value] = [...(tag.arguments?.() ?? [])];
  if (!(value instanceof Value) || value.filters.length > 0 || value.initial.postfix.length !== 1)
    return null;
  const variables = Object.values(analyzeSync([tag], { partials: false }).variables).flat();
  return variables.length === 1 ? variables[0]! : null;
}
