import {
  BUILTIN_VARIABLES,
  type FlowDefinition,
  type FlowIssue,
  type IvrNode,
  MENU_KEYS,
  NODE_ID_PATTERN,
  type PromptRef,
  TEMPLATE_PATTERN,
} from '../../../../../contracts/ivr';

/** Node types that wait for the caller (input, an agent, a recording): a loop through one cannot spin. */
const WAITS: ReadonlySet<IvrNode['type']> = new Set(['menu', 'collect', 'queue', 'voicemail', 'survey']);

/** The nodes a node may continue to, with the field naming each. */
export function successors(node: IvrNode): Array<{ field: string; target: string }> {
  const out: Array<{ field: string; target: string }> = [];
  const add = (field: string, target: string | undefined) => {
    if (target !== undefined) out.push({ field, target });
  };
  switch (node.type) {
    case 'menu':
      for (const [key, target] of Object.entries(node.options)) add(`options.${key}`, target);
      add('onFailure', node.onFailure);
      break;
    case 'collect':
      add('next', node.next);
      add('onFailure', node.onFailure);
      break;
    case 'business_hours':
      add('open', node.open);
      add('closed', node.closed);
      break;
    case 'incident_active':
      add('active', node.active);
      add('inactive', node.inactive);
      break;
    case 'http':
      add('next', node.next);
      add('onError', node.onError);
      break;
    case 'queue':
      add('next', node.next);
      add('onTimeout', node.onTimeout);
      add('onCallback', node.onCallback);
      break;
    case 'transfer':
      add('next', node.next);
      break;
    case 'hangup':
      break;
    default:
      add('next', node.next);
  }
  return out;
}

/** Names of the variables a template uses (`{{account}}` → account). */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PATTERN)].map((m) => m[1] ?? '');
}

/** Every queue a flow sends callers to, with where it is named (checked against routing at publish). */
export function queueRefs(def: FlowDefinition): Array<{ path: string; queue: string }> {
  return Object.entries(def.nodes).flatMap(([id, n]) =>
    n.type === 'queue' || n.type === 'voicemail' ? [{ path: `nodes.${id}.queue`, queue: n.queue }] : [],
  );
}

/** Every business calendar a flow's business_hours nodes name (checked against calendars on save). */
export function calendarRefs(def: FlowDefinition): Array<{ path: string; calendarId: string }> {
  return Object.entries(def.nodes).flatMap(([id, n]) =>
    n.type === 'business_hours' && n.calendarId ? [{ path: `nodes.${id}.calendarId`, calendarId: n.calendarId }] : [],
  );
}

/** Variables some node of the flow stores, plus the built-ins. */
export function definedVariables(def: FlowDefinition): Set<string> {
  const vars = new Set<string>(BUILTIN_VARIABLES);
  for (const n of Object.values(def.nodes)) {
    if (n.type === 'collect' || n.type === 'survey') vars.add(n.variable);
    if (n.type === 'http') for (const v of Object.keys(n.assign)) vars.add(v);
  }
  return vars;
}

/** Every template of a node with its path below the node. */
function templatesOf(node: IvrNode): Array<{ path: string; template: string }> {
  const out: Array<{ path: string; template: string }> = [];
  const prompts = (field: string, list: PromptRef[] | undefined) =>
    list?.forEach((p, i) => {
      if ('say' in p) out.push({ path: `${field}.${i}.value`, template: p.value });
    });
  const json = (path: string, value: unknown) => {
    if (typeof value === 'string') out.push({ path, template: value });
    else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) json(`${path}.${i}`, v);
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) json(`${path}.${k}`, v);
  };
  if ('prompts' in node) prompts('prompts', node.prompts);
  if ('invalidPrompts' in node) prompts('invalidPrompts', node.invalidPrompts);
  if ('noInputPrompts' in node) prompts('noInputPrompts', node.noInputPrompts);
  if (node.type === 'http') {
    out.push({ path: 'url', template: node.url });
    if (node.body) json('body', node.body);
  }
  if (node.type === 'set') for (const [k, v] of Object.entries(node.attributes ?? {})) json(`attributes.${k}`, v);
  if (node.type === 'transfer') out.push({ path: 'number', template: node.number });
  return out;
}

/**
 * What a structurally valid document (it passed `FlowDefinition`) still gets wrong: the start and
 * every target exist, every node is reachable, menu keys are DTMF keys, patterns compile, templates
 * name known variables, and no loop runs without waiting for the caller. Paths are below the document.
 */
export function checkFlow(def: FlowDefinition): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const nodes = def.nodes;
  const has = (id: string) => Object.hasOwn(nodes, id);

  for (const id of Object.keys(nodes)) {
    if (!NODE_ID_PATTERN.test(id)) issues.push({ path: `nodes.${id}`, message: 'node ids are a-z, 0-9, _ or -' });
  }
  if (!has(def.start)) issues.push({ path: 'start', message: `no node ${def.start}` });

  const vars = definedVariables(def);
  for (const [id, node] of Object.entries(nodes)) {
    for (const { field, target } of successors(node)) {
      if (!has(target)) issues.push({ path: `nodes.${id}.${field}`, message: `no node ${target}` });
    }
    if (node.type === 'menu') {
      const keys = Object.keys(node.options);
      if (keys.length === 0) issues.push({ path: `nodes.${id}.options`, message: 'a menu needs at least one key' });
      for (const key of keys) {
        if (!(MENU_KEYS as readonly string[]).includes(key)) {
          issues.push({ path: `nodes.${id}.options.${key}`, message: 'keys are 0-9, * or #' });
        }
      }
    }
    if (node.type === 'collect') {
      if (node.minDigits > node.maxDigits) {
        issues.push({ path: `nodes.${id}.minDigits`, message: 'more than maxDigits' });
      }
      if (node.pattern !== undefined) {
        try {
          new RegExp(node.pattern);
        } catch {
          issues.push({ path: `nodes.${id}.pattern`, message: 'not a valid regular expression' });
        }
      }
    }
    for (const { path, template } of templatesOf(node)) {
      for (const name of templateVariables(template)) {
        if (!vars.has(name)) {
          issues.push({ path: `nodes.${id}.${path}`, message: `unknown variable {{${name}}}` });
        }
      }
    }
  }

  if (has(def.start)) {
    const seen = new Set<string>([def.start]);
    const todo = [def.start];
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      for (const { target } of successors(nodes[id]!)) {
        if (has(target) && !seen.has(target)) {
          seen.add(target);
          todo.push(target);
        }
      }
    }
    for (const id of Object.keys(nodes)) {
      if (!seen.has(id)) issues.push({ path: `nodes.${id}`, message: `not reachable from ${def.start}` });
    }
  }

  for (const loop of spinningLoops(def)) {
    issues.push({
      path: `nodes.${loop[0]}`,
      message: `loop without waiting for the caller: ${[...loop, loop[0]].join(' → ')}`,
    });
  }
  return issues;
}

/** Cycles among nodes that do not wait for the caller (play → play would spin), one per loop found. */
function spinningLoops(def: FlowDefinition): string[][] {
  const nodes = def.nodes;
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const { target } of successors(nodes[id]!)) {
      const next = nodes[target];
      if (!next || WAITS.has(next.type)) continue;
      const s = state.get(target);
      if (s === 'open') loops.push(stack.slice(stack.indexOf(target)));
      else if (s === undefined) visit(target);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const [id, node] of Object.entries(nodes)) {
    if (!WAITS.has(node.type) && !state.has(id)) visit(id);
  }
  return loops;
}

/**
 * The document in reading order: nodes from the start along their exits (breadth first), then any
 * others; inside each node the schema's field order (`type` first); the designer's `layout` in the
 * same order, without positions of nodes the document no longer has. PostgreSQL's jsonb keeps
 * neither order, and an editor showing `general` before `welcome` is hard to follow.
 */
export function inReadingOrder(def: FlowDefinition): FlowDefinition {
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = Object.hasOwn(def.nodes, def.start) ? [def.start] : [];
  for (const id of queue) seen.add(id);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    order.push(id);
    for (const { target } of successors(def.nodes[id]!)) {
      if (Object.hasOwn(def.nodes, target) && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  for (const id of Object.keys(def.nodes)) if (!seen.has(id)) order.push(id);
  const out: FlowDefinition = {
    language: def.language,
    start: def.start,
    nodes: Object.fromEntries(order.map((id) => [id, def.nodes[id]!])),
  };
  // The designer's positions follow the nodes; those of removed nodes go.
  const layout = def.layout;
  if (layout) out.layout = Object.fromEntries(order.filter((id) => layout[id]).map((id) => [id, layout[id]!]));
  return out;
}
