/**
 * `data-testid`s of the IVR flows (语音导航); the browser tests (e2e/) import them. `open(key)` is a
 * flow's 编辑 button, `json` the draft textarea, `issues` the findings under the buttons,
 * `versionJson` a published version (read-only).
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
} as const;
