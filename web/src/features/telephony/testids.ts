/**
 * `data-testid`s of the voice settings (语音设置); the browser tests (e2e/) import them. Tabs are
 * clicked by their text (座席话机 号码 中继 提示音); phoneFormAgent, numberFormFlow and numberFormOverload are Selects,
 * trunkFormInbound a tags Select. `promptPlay` is a row's <audio>, `promptUpload` its upload button.
 */
export const TELEPHONY_IDS = {
  phonesTable: 'phones-table',
  phonesCreate: 'phones-create',
  phoneFormUsername: 'phone-form-username',
  phoneFormPassword: 'phone-form-password',
  phoneFormAgent: 'phone-form-agent',
  phoneFormSubmit: 'phone-form-submit',
  numbersTable: 'numbers-table',
  numbersCreate: 'numbers-create',
  numberFormNumber: 'number-form-number',
  numberFormName: 'number-form-name',
  numberFormFlow: 'number-form-flow',
  numberFormSubmit: 'number-form-submit',
  /** The overload action (a Select: click the option by its text). */
  numberFormOverload: 'number-form-overload',
  /** A number's row cell with its overload action: data-action="reject|busy_prompt". */
  numberOverload: (number: string) => `number-overload-${number}`,
  trunksTable: 'trunks-table',
  trunksCreate: 'trunks-create',
  trunkFormName: 'trunk-form-name',
  trunkFormInbound: 'trunk-form-inbound',
  trunkFormSubmit: 'trunk-form-submit',
  promptsTable: 'prompts-table',
  promptsUploadNew: 'prompts-upload-new',
  promptFormKey: 'prompt-form-key',
  promptFormFile: 'prompt-form-file',
  promptFormSubmit: 'prompt-form-submit',
  promptsSearch: 'prompts-search',
  promptDescription: (language: string, key: string) => `prompt-description-${language}-${key}`,
  promptPlay: (language: string, key: string) => `prompt-play-${language}-${key}`,
  promptUpload: (language: string, key: string) => `prompt-upload-${language}-${key}`,
} as const;
