import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Form,
  Input,
  Popconfirm,
  Segmented,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROMPT_UPLOAD_MAX_BYTES, type Prompt, type PromptLanguage } from '../../../../contracts/prompts';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { AdminTable } from './admin-table';
import { deletePrompt, promptUrl, uploadPrompt, useInvalidateTelephony, usePrompts } from './api';
import { TELEPHONY_IDS } from './testids';

const LANGUAGES: readonly PromptLanguage[] = ['zh-CN', 'en-US', 'music'];
const KEY = /^[a-z0-9][a-z0-9_-]{0,59}$/;
/** Every refusal of an upload concerns the file. */
const FILE_ERRORS = [
  'PROMPTS.NOT_WAV',
  'PROMPTS.BAD_WAV',
  'PROMPTS.EMPTY',
  'PROMPTS.TOO_LONG',
  'PROMPTS.UNSUPPORTED_ENCODING',
  'PROMPTS.UNSUPPORTED_BIT_DEPTH',
  'PROMPTS.UNSUPPORTED_CHANNELS',
  'PROMPTS.UNSUPPORTED_SAMPLE_RATE',
  'HTTP.BODY_TOO_LARGE',
];
const rowKey = (p: Pick<Prompt, 'language' | 'key'>) => `${p.language}/${p.key}`;

function useLanguageLabel() {
  const { t } = useTranslation();
  return (l: PromptLanguage) => t(`telephonyAdmin.prompts.languages.${l}`);
}

/** The catalogue's description in the user's language (zh-CN unless the user reads English). */
function useDescription() {
  const { i18n } = useTranslation();
  return (p: Prompt) => p.description?.[i18n.language === 'en-US' ? 'en-US' : 'zh-CN'] ?? null;
}

/** A search matches the key, either language's description or the spoken text. */
const matches = (p: Prompt, needle: string) =>
  !needle ||
  [p.key, p.description?.['zh-CN'], p.description?.['en-US'], p.text].some((v) => v?.toLowerCase().includes(needle));

function Duration({ ms }: { ms: number | null | undefined }) {
  const { t } = useTranslation();
  if (ms === null || ms === undefined) return <>{t('common.none')}</>;
  return <>{t('telephonyAdmin.prompts.seconds', { seconds: (ms / 1000).toFixed(1) })}</>;
}

/** A form control holding one chosen WAV file (nothing is sent until the form is submitted). */
function FilePicker({ value, onChange, id }: { value?: File; onChange?: (file: File) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Upload
      accept=".wav,audio/wav,audio/x-wav"
      showUploadList={false}
      beforeUpload={(f) => {
        onChange?.(f);
        return Upload.LIST_IGNORE;
      }}
    >
      <Space>
        <Button id={id} icon={<UploadOutlined />} data-testid={TELEPHONY_IDS.promptFormFile}>
          {t('telephonyAdmin.prompts.chooseFile')}
        </Button>
        {value ? <Typography.Text>{value.name}</Typography.Text> : null}
      </Space>
    </Upload>
  );
}

type NewValues = { language: PromptLanguage; key: string; file?: File };

/** A prompt of a key Kefu does not ship (or any key, typed): language, key and the WAV file. */
function NewPromptDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const languageLabel = useLanguageLabel();
  const invalidate = useInvalidateTelephony();
  const [form] = Form.useForm<NewValues>();
  const save = useFormSubmit(form, (v: NewValues) => uploadPrompt(v.language, v.key.trim(), v.file as File), {
    fieldsByCode: Object.fromEntries(FILE_ERRORS.map((c) => [c, 'file'])),
    onSuccess: (p) => {
      invalidate();
      void message.success(t('telephonyAdmin.prompts.uploaded', { key: p.key }));
      onClose();
    },
  });
  return (
    <FormModal
      title={t('telephonyAdmin.prompts.uploadNew')}
      onClose={onClose}
      form={form}
      initialValues={{ language: 'zh-CN' }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('telephonyAdmin.prompts.upload')}
      submitTestId={TELEPHONY_IDS.promptFormSubmit}
    >
      <Form.Item name="language" label={t('telephonyAdmin.prompts.language')}>
        <Select options={LANGUAGES.map((l) => ({ value: l, label: languageLabel(l) }))} />
      </Form.Item>
      <Form.Item
        name="key"
        label={t('telephonyAdmin.prompts.key')}
        extra={t('telephonyAdmin.prompts.keyHelp')}
        rules={[
          { required: true, message: t('telephonyAdmin.prompts.keyRequired') },
          { pattern: KEY, message: t('telephonyAdmin.prompts.keyPattern') },
        ]}
      >
        <Input autoComplete="off" autoFocus data-testid={TELEPHONY_IDS.promptFormKey} />
      </Form.Item>
      <Form.Item
        name="file"
        label={t('telephonyAdmin.prompts.file')}
        extra={t('telephonyAdmin.prompts.fileHelp')}
        rules={[
          { required: true, message: t('telephonyAdmin.prompts.fileRequired') },
          {
            validator: (_r, f?: File) =>
              f && f.size > PROMPT_UPLOAD_MAX_BYTES
                ? Promise.reject(new Error(t('errors.HTTP.BODY_TOO_LARGE')))
                : Promise.resolve(),
          },
        ]}
      >
        <FilePicker />
      </Form.Item>
    </FormModal>
  );
}

export function PromptsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const languageLabel = useLanguageLabel();
  const describe = useDescription();
  const invalidate = useInvalidateTelephony();
  const prompts = usePrompts();
  const [language, setLanguage] = useState<PromptLanguage | 'all'>('all');
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState<string>();
  const [creating, setCreating] = useState(false);

  const upload = async (p: Prompt, file: File) => {
    if (file.size > PROMPT_UPLOAD_MAX_BYTES) {
      void message.error(t('errors.HTTP.BODY_TOO_LARGE'));
      return;
    }
    setBusy(rowKey(p));
    try {
      await uploadPrompt(p.language, p.key, file);
      invalidate();
      void message.success(t('telephonyAdmin.prompts.uploaded', { key: p.key }));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };
  const remove = (p: Prompt) =>
    deletePrompt(p.language, p.key)
      .then(() => {
        invalidate();
        void message.success(
          t(p.shippedDurationMs === null ? 'telephonyAdmin.prompts.deleted' : 'telephonyAdmin.prompts.restored', {
            key: p.key,
          }),
        );
      })
      .catch((error: unknown) => void message.error(errorMessage(error)));

  const needle = search.trim().toLowerCase();
  const rows = (prompts.data ?? []).filter(
    (p) => (language === 'all' || p.language === language) && matches(p, needle),
  );

  const columns: TableColumnsType<Prompt> = [
    {
      key: 'key',
      title: t('telephonyAdmin.prompts.key'),
      dataIndex: 'key',
      // The key flows refer to, shown as written (`data-identifier`: data, not a code to translate).
      render: (v: string) => (
        <Typography.Text code data-identifier>
          {v}
        </Typography.Text>
      ),
    },
    {
      key: 'description',
      title: t('telephonyAdmin.prompts.description'),
      render: (_v, p) => (
        <Space size={0} orientation="vertical" data-testid={TELEPHONY_IDS.promptDescription(p.language, p.key)}>
          <Typography.Text>{describe(p) ?? t('telephonyAdmin.prompts.noDescription')}</Typography.Text>
          {p.text ? (
            <Typography.Text type="secondary">
              {/* The words are in the prompt's language, so a screen reader (and the raw-code test) knows. */}
              {t('telephonyAdmin.prompts.spoken')}
              <span lang={p.language}>{p.text}</span>
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'language',
      title: t('telephonyAdmin.prompts.language'),
      dataIndex: 'language',
      render: (l: PromptLanguage) => languageLabel(l),
    },
    {
      key: 'source',
      title: t('telephonyAdmin.prompts.source'),
      render: (_v, p) =>
        p.upload ? (
          <Space size={4} orientation="vertical">
            <Tag color="blue">
              {t(p.shippedDurationMs === null ? 'telephonyAdmin.prompts.custom' : 'telephonyAdmin.prompts.overridden')}
            </Tag>
            <Typography.Text type="secondary">
              <DateTime value={p.upload.updatedAt} />
            </Typography.Text>
          </Space>
        ) : (
          <Tag>{t('telephonyAdmin.prompts.shipped')}</Tag>
        ),
    },
    {
      key: 'duration',
      title: t('telephonyAdmin.prompts.duration'),
      align: 'right',
      render: (_v, p) => <Duration ms={p.upload?.durationMs ?? p.shippedDurationMs} />,
    },
    {
      key: 'play',
      title: t('telephonyAdmin.prompts.play'),
      render: (_v, p) => (
        // biome-ignore lint/a11y/useMediaCaption: prompts have no captions to offer
        <audio
          controls
          preload="none"
          src={promptUrl(p.language, p.key, p.upload?.updatedAt)}
          aria-label={t('telephonyAdmin.prompts.playOf', { key: p.key })}
          data-testid={TELEPHONY_IDS.promptPlay(p.language, p.key)}
          style={{ height: 32, width: 240 }}
        />
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, p) => (
        <Space size={0}>
          <Upload
            accept=".wav,audio/wav,audio/x-wav"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(p, file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button
              type="link"
              size="small"
              icon={<UploadOutlined />}
              loading={busy === rowKey(p)}
              data-testid={TELEPHONY_IDS.promptUpload(p.language, p.key)}
            >
              {t('telephonyAdmin.prompts.upload')}
            </Button>
          </Upload>
          {p.upload ? (
            <Popconfirm
              title={t(
                p.shippedDurationMs === null
                  ? 'telephonyAdmin.prompts.deleteConfirm'
                  : 'telephonyAdmin.prompts.restoreConfirm',
                { key: p.key },
              )}
              okText={t(p.shippedDurationMs === null ? 'telephonyAdmin.delete' : 'telephonyAdmin.prompts.restore')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(p)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                {t(p.shippedDurationMs === null ? 'telephonyAdmin.delete' : 'telephonyAdmin.prompts.restore')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('telephonyAdmin.prompts.intro')}</Typography.Paragraph>
      <AdminTable<Prompt>
        query={prompts}
        columns={columns}
        rows={rows}
        rowKey={rowKey}
        filters={
          <>
            <Segmented<PromptLanguage | 'all'>
              value={language}
              onChange={setLanguage}
              options={[
                { value: 'all', label: t('common.all') },
                ...LANGUAGES.map((l) => ({ value: l, label: languageLabel(l) })),
              ]}
            />
            <Input.Search
              allowClear
              placeholder={t('telephonyAdmin.prompts.searchKey')}
              aria-label={t('telephonyAdmin.prompts.searchKey')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ width: 260 }}
              data-testid={TELEPHONY_IDS.promptsSearch}
            />
          </>
        }
        create={{
          label: t('telephonyAdmin.prompts.uploadNew'),
          onClick: () => setCreating(true),
          testId: TELEPHONY_IDS.promptsUploadNew,
        }}
        emptyText={t('telephonyAdmin.prompts.empty')}
        testId={TELEPHONY_IDS.promptsTable}
      />
      {creating ? <NewPromptDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}
