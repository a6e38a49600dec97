import { describe, expect, it } from 'vitest';
import { FlowDefinition, type FlowDefinitionInput } from '../../../../contracts/ivr';
import { DEMO_HOTLINE } from '../../../../server/src/modules/ivr/ivr.demo';
import {
  connectExit,
  exitOfIssue,
  type FlowDoc,
  type FlowGraph,
  NODE_TYPES,
  newNodeBody,
  newNodeId,
  placeIssue,
  pruneEdges,
  renameNode,
  toDocument,
  toGraph,
  withMenuKeys,
} from './flow-graph';

/** A document as the server stores and returns it (defaults filled in). */
const stored = (input: FlowDefinitionInput) => FlowDefinition.parse(input) as FlowDoc;
const withoutLayout = ({ layout: _layout, ...doc }: FlowDoc) => doc;
const graphOf = (doc: FlowDoc): FlowGraph => {
  const { unplaced: _unplaced, ...graph } = toGraph(doc);
  return graph;
};

/** One node of every type, every exit connected (the optional ones too), menu keys * and #. */
const EVERY_TYPE: FlowDefinitionInput = {
  language: 'en-US',
  start: 'hours',
  nodes: {
    hours: {
      type: 'business_hours',
      timezone: 'Asia/Shanghai',
      weekly: {
        mon: ['08:00-20:00'],
        tue: ['08:00-12:00', '13:00-20:00'],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: [],
      },
      holidays: ['2026-10-01'],
      workdays: ['2026-10-10'],
      workdayHours: ['09:00-17:00'],
      open: 'welcome',
      closed: 'closed',
    },
    closed: { type: 'voicemail', queue: 'general', maxSeconds: 60, prompts: [{ prompt: 'voicemail' }], next: 'bye' },
    welcome: { type: 'play', prompts: [{ prompt: 'welcome' }, { say: 'digits', value: '{{caller}}' }], next: 'menu' },
    menu: {
      type: 'menu',
      prompts: [{ prompt: 'menu' }],
      options: { '1': 'account', '2': 'vip', '*': 'welcome', '#': 'out' },
      timeoutSeconds: 7,
      maxRetries: 2,
      invalidPrompts: [{ prompt: 'invalid' }],
      noInputPrompts: [],
      onFailure: 'general',
    },
    account: {
      type: 'collect',
      prompts: [{ prompt: 'enter-account' }],
      variable: 'account',
      minDigits: 6,
      maxDigits: 10,
      pattern: '\\d+',
      terminator: '#',
      next: 'lookup',
      onFailure: 'general',
    },
    lookup: {
      type: 'http',
      url: 'https://crm.example/api/{{account}}',
      method: 'POST',
      body: { account: '{{account}}', nested: [1, { a: 'b' }] },
      timeoutMs: 2000,
      assign: { balance: 'data.balance' },
      next: 'balance',
      onError: 'general',
    },
    balance: { type: 'play', prompts: [{ say: 'amount', value: '{{balance}}' }], next: 'vip' },
    vip: {
      type: 'set',
      attributes: { tier: 'gold', account: '{{account}}' },
      priority: 50,
      skills: [{ skill: 'billing', minLevel: 3 }],
      language: 'zh-CN',
      next: 'general',
    },
    general: {
      type: 'queue',
      queue: 'general',
      priority: 10,
      announceEverySeconds: 0,
      music: 'hold',
      callbackOffer: true,
      next: 'survey',
      onTimeout: 'closed',
      onCallback: 'bye',
    },
    out: { type: 'transfer', number: '+8613800138000', next: 'bye' },
    survey: { type: 'survey', next: 'bye' },
    bye: { type: 'hangup', prompts: [{ prompt: 'goodbye' }] },
  },
};

describe('the designer graph of a flow document', () => {
  for (const [name, input] of [
    ['the demo hotline', DEMO_HOTLINE],
    ['a flow with every node type', EVERY_TYPE],
  ] as const) {
    it(`${name}: document → graph → document is the same document, positions added`, () => {
      const doc = stored(input);
      expect(doc.layout).toBeUndefined();
      const graph = toGraph(doc);
      expect(graph.unplaced).toEqual(Object.keys(doc.nodes));
      const back = toDocument(graph);
      expect(withoutLayout(back)).toEqual(doc);
      expect(Object.keys(back.layout ?? {})).toEqual(Object.keys(doc.nodes));
      // As JSON too: what the designer saves is what the JSON tab shows and the server parses.
      expect(FlowDefinition.parse(JSON.parse(JSON.stringify(back)))).toEqual(back);
      // With positions it round-trips exactly, and every node is placed.
      const placed = {
        ...back,
        layout: Object.fromEntries(Object.keys(doc.nodes).map((id, i) => [id, { x: i * 300, y: -i }])),
      };
      expect(toGraph(placed).unplaced).toEqual([]);
      expect(toDocument(graphOf(placed))).toEqual(placed);
    });
  }

  it('draws one edge per connected exit, from the labelled handle of that exit', () => {
    const graph = toGraph(stored(DEMO_HOTLINE));
    // welcome.next, four keys and onFailure, four queues × (next, onCallback), survey.next
    expect(graph.edges).toHaveLength(1 + 5 + 8 + 1);
    expect(graph.edges.filter((e) => e.source === 'menu').map((e) => [e.sourceHandle, e.target])).toEqual([
      ['options.0', 'general'],
      ['options.1', 'billing'],
      ['options.2', 'fault'],
      ['options.3', 'complaints'],
      ['onFailure', 'general'],
    ]);
    const menu = graph.nodes.find((n) => n.id === 'menu');
    expect(menu?.data.body).not.toHaveProperty('onFailure');
    expect(menu?.data.body.options).toEqual({ '0': '', '1': '', '2': '', '3': '' });
  });

  it('an unconnected exit reaches the server as a finding on that exit', () => {
    let graph = graphOf({ language: 'zh-CN', start: 'menu_1', nodes: {} });
    const add = (type: (typeof NODE_TYPES)[number]) => {
      const id = newNodeId(
        type,
        graph.nodes.map((n) => n.id),
      );
      graph = {
        ...graph,
        nodes: [
          ...graph.nodes,
          { id, type: 'ivr', position: { x: 0, y: 0 }, data: { body: newNodeBody(type, 'zh-CN') } },
        ],
      };
      return id;
    };
    const menu = add('menu');
    const queue = add('queue');
    const bye = add('hangup');
    expect([menu, queue, bye]).toEqual(['menu_1', 'queue_1', 'hangup_1']);
    const m = graph.nodes[0]!;
    m.data = { body: withMenuKeys(m.data.body, ['1', '2', '3']) };
    graph.edges = connectExit(graph.edges, menu, 'options.1', queue);
    graph.edges = connectExit(graph.edges, menu, 'options.2', bye); // replaced below: one target per exit
    graph.edges = connectExit(graph.edges, menu, 'options.2', queue);
    graph.edges = connectExit(graph.edges, menu, 'onFailure', bye);
    graph.nodes[1]!.data.body.queue = 'general';
    graph.edges = connectExit(graph.edges, queue, 'next', bye);

    const doc = toDocument(graph);
    expect(doc.nodes.menu_1?.options).toEqual({ '1': 'queue_1', '2': 'queue_1', '3': '' });
    const issues = FlowDefinition.safeParse(doc).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['nodes.menu_1.options.3']);
    const placed = placeIssue({ path: 'definition.nodes.menu_1.options.3', message: 'x' });
    expect(placed).toMatchObject({ node: 'menu_1', field: 'options.3' });
    expect(exitOfIssue(m.data.body, placed.field)).toEqual({ field: 'options.3', optional: false, key: '3' });

    graph.edges = connectExit(graph.edges, menu, 'options.3', bye);
    expect(FlowDefinition.safeParse(toDocument(graph)).success).toBe(true);
    // A required exit left open is missing from the node: the server names the field.
    graph.edges = graph.edges.filter((e) => e.source !== queue);
    expect(FlowDefinition.safeParse(toDocument(graph)).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'nodes.queue_1.next',
    ]);
  });

  it('removing a menu key removes its edge; renaming a node carries its edges and the start', () => {
    const graph = graphOf(stored(DEMO_HOTLINE));
    const nodes = graph.nodes.map((n) =>
      n.id === 'menu' ? { ...n, data: { body: withMenuKeys(n.data.body, ['1', '0']) } } : n,
    );
    const edges = pruneEdges(nodes, graph.edges);
    expect(edges.filter((e) => e.source === 'menu').map((e) => e.sourceHandle)).toEqual([
      'options.0',
      'options.1',
      'onFailure',
    ]);
    const renamed = renameNode({ ...graph, nodes, edges }, 'welcome', 'greeting');
    const doc = toDocument(renamed);
    expect(doc.start).toBe('greeting');
    expect(doc.nodes.greeting).toMatchObject({ type: 'play', next: 'menu' });
    expect(doc.nodes).not.toHaveProperty('welcome');
  });

  it('places findings on nodes and exits; others stay on the flow', () => {
    expect(placeIssue({ path: 'definition.nodes.q.queue', message: 'no queue x' })).toMatchObject({
      node: 'q',
      field: 'queue',
    });
    expect(placeIssue({ path: 'definition.nodes.lonely', message: 'not reachable' })).toMatchObject({
      node: 'lonely',
    });
    expect(placeIssue({ path: 'definition.start', message: 'no node x' })).not.toHaveProperty('node');
    const menu = newNodeBody('menu', 'zh-CN');
    expect(exitOfIssue(menu, 'options')).toBeUndefined();
    expect(exitOfIssue(menu, 'prompts.0.prompt')).toBeUndefined();
    expect(exitOfIssue(menu, 'onFailure')?.field).toBe('onFailure');
  });

  it('every palette node is a valid node once its exits are connected', () => {
    for (const type of NODE_TYPES) {
      let graph: FlowGraph = {
        language: 'zh-CN',
        start: 'n',
        nodes: [
          { id: 'n', type: 'ivr', position: { x: 0, y: 0 }, data: { body: newNodeBody(type, 'zh-CN') } },
          { id: 'bye', type: 'ivr', position: { x: 0, y: 0 }, data: { body: newNodeBody('hangup', 'zh-CN') } },
        ],
        edges: [],
      };
      const body = graph.nodes[0]!.data.body;
      if ('queue' in body) body.queue = 'general';
      if (type === 'http') body.url = 'https://example.com/x';
      if (type === 'transfer') body.number = '10086';
      for (const field of ['next', 'onFailure', 'onError', 'open', 'closed', 'active', 'inactive', 'options.1'])
        graph = { ...graph, edges: connectExit(graph.edges, 'n', field, 'bye') };
      graph = { ...graph, edges: pruneEdges(graph.nodes, graph.edges) };
      const result = FlowDefinition.safeParse(toDocument(graph));
      expect(result.error?.issues ?? [], type).toEqual([]);
    }
  });
});
