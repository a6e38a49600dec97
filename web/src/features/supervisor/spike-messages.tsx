import { NotificationOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Popconfirm,
  Radio,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromptLanguage } from '../../../../contracts/prompts';
import type { PhoneNumber } from '../../../../contracts/telephony';
import type { SpikeMessage } from '../../../../contracts/voice';
import { useErrorMessage } from '../../app/errors';
import { usePromptLibrary } from '../../app/lookups';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { PromptPlayButton, PromptSelect } from '../../ui/prompt-select';
import { QueryError } from '../../ui/query-error';
import { setSpikeMessage, supervisorKeys, useNumbers } from './api';
import { SUPERVISOR_IDS } from './testids';

/**
 * 应急公告: a number's spike message, every caller to it hears a prompt first (an incident
 * announcement), then the menu or a hang-up. A banner names the numbers that have it on; a drawer
 * lists every number with a switch, and turning one on asks for the prompt and what follows.
 */

type Values = { promptKey: string; afterMessage: SpikeMessage['afterMessage'] };

/** The prompt key plays in the caller's language; the picker lists the UI language's folder first. */
function useFolders(): PromptLanguage[] {
  const { i18n } = useTranslation();
  return i18n.language === 'en-US' ? ['en-US', 'zh-CN'] : ['zh-CN', 'en-US'];
}

/**
 * A prompt key by the name its description starts with ("线路繁忙" of "线路繁忙：系统过载…"), in the UI
 * language; the key itself for a custom upload or without the library.
 */
function usePromptName(): (key: string | null) => string {
  const { i18n } = useTranslation();
  const library = usePromptLibrary();
  const folders = useFolders();
  const ui = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  return (key) => {
    if (!key) return '';
    for (const folder of folders) {
      const prompt = library.data?.find((p) => p.language === folder && p.key === key);
      if (prompt?.description) return prompt.description[ui].split(/[：:]/)[0]?.trim() || key;
    }
    return key;
  };
}

/** A number with its name when it has one: 95000（客服热线）. */
function useNumberLabel(): (n: PhoneNumber) => string {
  const { t } = useTranslation();
  return (n) => (n.name ? t('wallboard.spike.numberWithName', { number: n.number, name: n.name }) : n.number);
}

/** Who may read the numbers' spike messages: those who switch them, and the voice administrators. */
export function useCanSeeNumbers(): boolean {
  const session = useSession();
  return session.can('numbers.spike') || session.can('telephony.manage');
}

function useSaved() {
  const queryClient = useQueryClient();
  return (saved: PhoneNumber) =>
    queryClient.setQueryData<PhoneNumber[]>(supervisorKeys.numbers, (list) =>
      list?.map((n) => (n.id === saved.id ? saved : n)),
    );
}

/** Turning a number's message on (or changing it): which prompt, and what happens after it. */
function SpikeDialog({ number, onClose }: { number: PhoneNumber; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const folders = useFolders();
  const saved = useSaved();
  const labelOf = useNumberLabel();
  const [form] = Form.useForm<Values>();
  const promptKey = Form.useWatch('promptKey', form);
  const afterMessage = Form.useWatch('afterMessage', form) ?? number.spike.afterMessage;
  const save = useFormSubmit(
    form,
    (v: Values) => setSpikeMessage(number.id, { enabled: true, promptKey: v.promptKey, afterMessage: v.afterMessage }),
    {
      fieldsByCode: { 'TELEPHONY.PROMPT_UNKNOWN': 'promptKey' },
      onSuccess: (result) => {
        saved(result);
        void message.success(t('wallboard.spike.turnedOn', { number: number.number }));
        onClose();
      },
    },
  );
  return (
    <FormModal<Values>
      title={t(number.spike.enabled ? 'wallboard.spike.changeTitle' : 'wallboard.spike.turnOn', {
        number: labelOf(number),
      })}
      onClose={onClose}
      form={form}
      initialValues={{ promptKey: number.spike.promptKey ?? undefined, afterMessage: number.spike.afterMessage }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={number.spike.enabled ? t('common.save') : t('wallboard.spike.confirmOn')}
      submitTestId={SUPERVISOR_IDS.spikeSubmit}
    >
      <Typography.Paragraph type="secondary">{t('wallboard.spike.intro')}</Typography.Paragraph>
      <Form.Item label={t('wallboard.spike.prompt')} extra={t('wallboard.spike.promptHelp')} required>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item
            name="promptKey"
            noStyle
            rules={[{ required: true, message: t('wallboard.spike.promptRequired') }]}
          >
            <PromptSelect folder={folders} testId={SUPERVISOR_IDS.spikePrompt} />
          </Form.Item>
          <PromptPlayButton
            folder={folders[0] ?? 'zh-CN'}
            promptKey={promptKey}
            testId={SUPERVISOR_IDS.spikePromptPlay}
          />
        </Space.Compact>
      </Form.Item>
      <Form.Item
        name="afterMessage"
        label={t('wallboard.spike.after')}
        extra={t(`wallboard.spike.afterHelp.${afterMessage}`)}
      >
        <Radio.Group
          data-testid={SUPERVISOR_IDS.spikeThen}
          options={(['continue', 'hang_up'] as const).map((v) => ({
            value: v,
            label: t(`wallboard.spike.afterOptions.${v}`),
          }))}
        />
      </Form.Item>
    </FormModal>
  );
}

/** Every number with its switch; the ones on first, so what callers hear now is at the top. */
function SpikeTable({ onEdit }: { onEdit: (number: PhoneNumber) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const numbers = useNumbers();
  const saved = useSaved();
  const promptName = usePromptName();
  const off = useMutation({
    mutationFn: (n: PhoneNumber) => setSpikeMessage(n.id, { enabled: false }),
    onSuccess: (result) => {
      saved(result);
      void message.success(t('wallboard.spike.turnedOff', { number: result.number }));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  if (numbers.isError)
    return <QueryError message={errorMessage(numbers.error)} onRetry={() => void numbers.refetch()} />;
  const rows = [...(numbers.data ?? [])].sort(
    (a, b) => Number(b.spike.enabled) - Number(a.spike.enabled) || a.number.localeCompare(b.number),
  );
  const columns: TableColumnsType<PhoneNumber> = [
    {
      key: 'number',
      title: t('wallboard.spike.number'),
      render: (_v, n) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{n.number}</Typography.Text>
          {n.name ? <Typography.Text type="secondary">{n.name}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      key: 'state',
      title: t('wallboard.spike.state'),
      render: (_v, n) => {
        const switchProps = {
          checked: n.spike.enabled,
          loading: off.isPending && off.variables?.id === n.id,
          checkedChildren: t('wallboard.spike.on'),
          unCheckedChildren: t('wallboard.spike.off'),
          'aria-label': t('wallboard.spike.turnOn', { number: n.number }),
          'data-testid': SUPERVISOR_IDS.spikeSwitch(n.number),
        };
        // Off asks first (callers then go straight to the IVR); on opens the dialog for the prompt.
        return n.spike.enabled ? (
          <Popconfirm
            title={t('wallboard.spike.offConfirm', { number: n.number })}
            okText={t('wallboard.spike.offOk')}
            cancelText={t('common.cancel')}
            onConfirm={() => off.mutate(n)}
          >
            <Switch {...switchProps} />
          </Popconfirm>
        ) : (
          <Switch {...switchProps} onChange={() => onEdit(n)} />
        );
      },
    },
    {
      key: 'message',
      title: t('wallboard.spike.prompt'),
      render: (_v, n) =>
        n.spike.enabled ? (
          <Space size={4} wrap>
            <span>{promptName(n.spike.promptKey)}</span>
            <Tag bordered={false}>{t(`wallboard.spike.afterOptions.${n.spike.afterMessage}`)}</Tag>
            <Button
              type="link"
              size="small"
              onClick={() => onEdit(n)}
              data-testid={SUPERVISOR_IDS.spikeChange(n.number)}
            >
              {t('wallboard.spike.change')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];
  return (
    <Table<PhoneNumber>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={numbers.isLoading}
      pagination={false}
      locale={{ emptyText: t('wallboard.spike.noNumbers') }}
      onRow={(n) =>
        ({ 'data-testid': SUPERVISOR_IDS.spikeRow(n.number), 'data-enabled': String(n.spike.enabled) }) as object
      }
    />
  );
}

/** The numbers whose callers hear a spike message now, impossible to miss at the top of the wallboard. */
export function SpikeBanner({ onManage }: { onManage?: () => void }) {
  const { t } = useTranslation();
  const numbers = useNumbers(useCanSeeNumbers());
  const promptName = usePromptName();
  const labelOf = useNumberLabel();
  const on = (numbers.data ?? []).filter((n) => n.spike.enabled);
  if (on.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<NotificationOutlined />}
      data-testid={SUPERVISOR_IDS.spikeActive}
      title={<strong>{t('wallboard.spike.activeTitle')}</strong>}
      description={
        <ul className="overload-reasons">
          {on.map((n) => (
            <li key={n.id} data-testid={SUPERVISOR_IDS.spikeActiveNumber(n.number)}>
              {t('wallboard.spike.activeLine', {
                number: labelOf(n),
                prompt: promptName(n.spike.promptKey),
                after: t(`wallboard.spike.activeAfter.${n.spike.afterMessage}`),
              })}
            </li>
          ))}
        </ul>
      }
      action={
        onManage ? (
          <Button size="small" onClick={onManage}>
            {t('wallboard.spike.bannerManage')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The header button: how many numbers have the message on, and the drawer with every number. */
export function SpikeMessages({ open, onOpen, onClose }: { open: boolean; onOpen: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const numbers = useNumbers();
  const [editing, setEditing] = useState<PhoneNumber>();
  const count = (numbers.data ?? []).filter((n) => n.spike.enabled).length;
  return (
    <>
      <Button
        icon={<NotificationOutlined />}
        danger={count > 0}
        onClick={onOpen}
        title={t('wallboard.spike.manageHint')}
        data-testid={SUPERVISOR_IDS.spikeOpen}
      >
        <Flex gap={6} align="center">
          {t('wallboard.spike.manage')}
          {count > 0 ? <Tag color="error">{count}</Tag> : null}
        </Flex>
      </Button>
      <Drawer title={t('wallboard.spike.title')} open={open} onClose={onClose} size={640} destroyOnHidden>
        <div data-testid={SUPERVISOR_IDS.spikeDrawer}>
          <Typography.Paragraph type="secondary">{t('wallboard.spike.intro')}</Typography.Paragraph>
          <SpikeTable onEdit={setEditing} />
        </div>
      </Drawer>
      {editing ? (
        <SpikeDialog
          // The row's latest state (a save elsewhere may have changed it since the click).
          number={numbers.data?.find((n) => n.id === editing.id) ?? editing}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </>
  );
}
