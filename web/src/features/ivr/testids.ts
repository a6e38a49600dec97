/**
 * `data-testid`s of the IVR flows (语音导航); the browser tests (e2e/) import them. `open(key)` is a
 * flow's 编辑 button, `json` the draft textarea, `issues` the findings under the buttons,
 * `versionJson` a published version (read-only). The designer: `paletteItem(type)` adds a node
 * (drag or click), `node(id)` is a node's card, `exit(id, field)` the handle of one exit
 * (`options.1`, `next`, `onFailure` …) and `entry(id)` the handle edges arrive at.
 */
export const IVR_IDS = {
  table: 'ivr-table',
  create: 'ivr-create',
  open: (key: string) => `ivr-open-${key}`,
  formKey: 'ivr-form-key',
  formName: 'ivr-form-name',
  formSubmit: 'ivr-form-submit',
  json: 'ivr-json',
  validate: 'ivr-validate',
  save: 'ivr-save',
  publish: 'ivr-publish',
  issues: 'ivr-issues',
  versions: 'ivr-versions',
  versionJson: 'ivr-version-json',
  tabs: 'ivr-tabs',
  designer: 'ivr-designer',
  canvas: 'ivr-canvas',
  paletteItem: (type: string) => `ivr-palette-${type}`,
  node: (id: string) => `ivr-node-${id}`,
  nodeIssues: (id: string) => `ivr-node-issues-${id}`,
  exit: (id: string, field: string) => `ivr-exit-${id}-${field}`,
  entry: (id: string) => `ivr-entry-${id}`,
  autoLayout: 'ivr-auto-layout',
  panel: 'ivr-panel',
  startSelect: 'ivr-start-select',
  nodeId: 'ivr-node-id',
  nodeDelete: 'ivr-node-delete',
  menuKeys: 'ivr-menu-keys',
  queueSelect: 'ivr-queue-select',
  promptSelect: 'ivr-prompt-select',
  promptPlay: 'ivr-prompt-play',
} as const;
