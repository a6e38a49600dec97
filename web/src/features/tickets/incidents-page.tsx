import { ArrowLeftOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import {
  INCIDENT_STATUSES,
  type Incident,
  type Ticket,
  TicketPage,
  type UpdateIncidentBody,
} from '../../../../contracts/tickets';
import { contractApi } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormError } from '../../ui/form-error';
import { FormModal } from '../../ui/form-modal';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useInvalidateTickets } from './api';
import {
  createIncident,
  linkIncidentTickets,
  unlinkIncidentTicket,
  updateIncident,
  useIncident,
  useIncidents,
  useTicketsByIds,
} from './flows-api';
import { TICKETS_IDS } from './testids';
import { STATUS_COLORS } from './ticket-colors';

const GRADE_COLORS: Record<number, string> = { 1: 'red', 2: 'volcano', 3: 'orange', 4: 'gold' };
const INCIDENT_COLORS: Record<Incident['status'], string> = { open: 'red', mitigated: 'orange', resolved: 'green' };
/** Open or mitigated: what the IVR's incident_active node announces. */
const announcing = (i: Incident) => i.status !== 'resolved';

/** 重大故障: the incidents, gravest first; `?id=` opens one with its linked orders and the bulk update. */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  if (id) return <IncidentDetail id={id} onBack={() => setParams({})} />;
  return <IncidentList onOpen={(next) => setParams({ id: next })} />;
}

function GradeTag({ grade }: { grade: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`incidents.grade.${grade}`)}>
      <Tag color={GRADE_COLORS[grade]}>{t('incidents.gradeShort', { grade })}</Tag>
    </Tooltip>
  );
}

function ActiveTag({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('incidents.activeHint')}>
      <Tag color={announcing(incident) ? 'red' : undefined}>
        {t(announcing(incident) ? 'incidents.active' : 'incidents.inactive')}
      </Tag>
    </Tooltip>
  );
}

function IncidentList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const list = useIncidents();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<Incident> = [
    {
      key: 'title',
      title: t('incidents.col.title'),
      render: (_v, i) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(i.id)}>
          {i.title}
        </Button>
      ),
    },
    { key: 'grade', title: t('incidents.col.grade'), render: (_v, i) => <GradeTag grade={i.grade} /> },
    { key: 'area', title: t('incidents.col.area'), dataIndex: 'area', ellipsis: true },
    {
      key: 'service',
      title: t('incidents.col.service'),
      render: (_v, i) => (
        <span className="mono" data-identifier>
          {i.serviceKey}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('incidents.col.status'),
      render: (_v, i) => <Tag color={INCIDENT_COLORS[i.status]}>{t(`incidents.status.${i.status}`)}</Tag>,
    },
    { key: 'active', title: t('incidents.col.active'), render: (_v, i) => <ActiveTag incident={i} /> },
    { key: 'tickets', title: t('incidents.col.tickets'), align: 'right', render: (_v, i) => i.ticketIds.length },
    {
      key: 'recovery',
      title: t('incidents.col.recovery'),
      render: (_v, i) => <DateTime value={i.expectedRecoveryAt} />,
    },
    { key: 'createdAt', title: t('incidents.col.createdAt'), render: (_v, i) => <DateTime value={i.createdAt} /> },
  ];
  return (
    <div data-testid={TICKETS_IDS.incidents}>
      <PageHeader
        title={t('incidents.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            {session.can('tickets.manage') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid={TICKETS_IDS.incidentCreate}
              >
                {t('incidents.create')}
              </Button>
            ) : null}
          </>
        }
      />
      {list.isError ? <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : null}
      <Table<Incident>
        rowKey="id"
        columns={columns}
        dataSource={list.data}
        loading={list.isFetching}
        locale={{ emptyText: t('incidents.empty') }}
        onRow={(i) =>
          ({
            'data-testid': TICKETS_IDS.incidentRow(i.id),
            'data-status': i.status,
            'data-active': announcing(i),
          }) as never
        }
        pagination={false}
      />
      {creating ? <IncidentFormDialog onClose={() => setCreating(false)} onCreated={onOpen} /> : null}
    </div>
  );
}

type CreateValues = {
  title: string;
  grade: number;
  area: string;
  serviceKey: string;
  messageZh: string;
  messageEn: string;
  ivrPrompt?: string;
  expectedRecoveryAt?: Dayjs | null;
};

function IncidentFormDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<CreateValues>();
  const save = useFormSubmit(
    form,
    (v: CreateValues) =>
      createIncident({
        title: v.title.trim(),
        grade: v.grade,
        area: v.area.trim(),
        serviceKey: v.serviceKey.trim(),
        messageZh: v.messageZh.trim(),
        messageEn: v.messageEn.trim(),
        ...(v.ivrPrompt?.trim() ? { ivrPrompt: v.ivrPrompt.trim() } : {}),
        ...(v.expectedRecoveryAt ? { expectedRecoveryAt: v.expectedRecoveryAt.toISOString() } : {}),
      }),
    {
      onSuccess: (created) => {
        invalidate();
        void message.success(t('incidents.created'));
        onClose();
        onCreated(created.id);
      },
    },
  );
  const required = [{ required: true, whitespace: true, message: t('incidents.form.required') }];
  const text = (name: keyof CreateValues, rows?: number) => (
    <Form.Item name={name} label={t(`incidents.form.${name}`)} rules={required}>
      {rows ? (
        <Input.TextArea rows={rows} data-testid={TICKETS_IDS.incidentForm(name)} />
      ) : (
        <Input data-testid={TICKETS_IDS.incidentForm(name)} />
      )}
    </Form.Item>
  );
  return (
    <FormModal
      title={t('incidents.create')}
      onClose={onClose}
      form={form}
      initialValues={{ grade: 2 }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('incidents.create')}
      submitTestId={TICKETS_IDS.incidentFormSubmit}
      width={640}
    >
      {text('title')}
      <Form.Item name="grade" label={t('incidents.form.grade')} rules={[{ required: true }]}>
        <Select
          data-testid={TICKETS_IDS.incidentForm('grade')}
          options={[1, 2, 3, 4].map((g) => ({ value: g, label: t(`incidents.grade.${g}`) }))}
        />
      </Form.Item>
      {text('area')}
      <Form.Item name="serviceKey" label={t('incidents.form.serviceKey')} rules={required}>
        <Input className="mono" data-testid={TICKETS_IDS.incidentForm('serviceKey')} />
      </Form.Item>
      {text('messageZh', 2)}
      {text('messageEn', 2)}
      <Form.Item name="ivrPrompt" label={t('incidents.form.ivrPrompt')}>
        <Input className="mono" />
      </Form.Item>
      <Form.Item name="expectedRecoveryAt" label={t('incidents.form.expectedRecoveryAt')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
    </FormModal>
  );
}

function IncidentDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const incident = useIncident(id);
  const inc = incident.data;
  const resolve = async () => {
    try {
      const out = await updateIncident(id, { status: 'resolved' });
      void message.success(t('incidents.bulk.applied', out.applied));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      invalidate();
    }
  };
  return (
    <div data-testid={TICKETS_IDS.incidentDetail} data-status={inc?.status}>
      <PageHeader
        title={
          inc ? (
            <Flex gap={8} align="center" wrap>
              {inc.title}
              <GradeTag grade={inc.grade} />
              <Tag color={INCIDENT_COLORS[inc.status]}>{t(`incidents.status.${inc.status}`)}</Tag>
              <ActiveTag incident={inc} />
            </Flex>
          ) : (
            t('incidents.title')
          )
        }
        extra={
          <>
            {inc && inc.status !== 'resolved' && session.can('tickets.manage') ? (
              <Popconfirm title={t('incidents.resolveConfirm')} onConfirm={() => void resolve()}>
                <Button type="primary" data-testid={TICKETS_IDS.incidentResolve}>
                  {t('incidents.resolve')}
                </Button>
              </Popconfirm>
            ) : null}
            <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
              {t('incidents.back')}
            </Button>
          </>
        }
      />
      {incident.isError ? (
        <QueryError message={errorMessage(incident.error)} onRetry={() => void incident.refetch()} />
      ) : null}
      {incident.isLoading ? <Spin /> : null}
      {inc ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'area', label: t('incidents.col.area'), children: inc.area },
                  {
                    key: 'service',
                    label: t('incidents.col.service'),
                    children: (
                      <span className="mono" data-identifier>
                        {inc.serviceKey}
                      </span>
                    ),
                  },
                  { key: 'zh', label: t('incidents.form.messageZh'), children: inc.messageZh },
                  { key: 'en', label: t('incidents.form.messageEn'), children: inc.messageEn },
                  {
                    key: 'ivr',
                    label: t('incidents.form.ivrPrompt'),
                    children: inc.ivrPrompt ?? t('common.none'),
                  },
                  {
                    key: 'recovery',
                    label: t('incidents.col.recovery'),
                    children: <DateTime value={inc.expectedRecoveryAt} />,
                  },
                  { key: 'created', label: t('incidents.col.createdAt'), children: <DateTime value={inc.createdAt} /> },
                ]}
              />
            </Card>
            {session.can('tickets.manage') && inc.ticketIds.length ? <BulkUpdate incident={inc} /> : null}
          </Col>
          <Col xs={24} xl={14}>
            <LinkedTickets incident={inc} />
          </Col>
        </Row>
      ) : null}
    </div>
  );
}

/** Work-order numbers (GD…) or ids → ids, through the order search; unknown numbers are returned apart. */
async function resolveNumbers(words: string[]): Promise<{ ids: string[]; missing: string[] }> {
  const ids: string[] = [];
  const missing: string[] = [];
  for (const w of words) {
    if (/^[0-9a-f-]{36}$/i.test(w)) {
      ids.push(w);
      continue;
    }
    const page = await contractApi.get(TicketPage, '/tickets', { q: w, pageSize: 20 });
    const hit = page.items.find((x) => x.number.toUpperCase() === w.toUpperCase());
    if (hit) ids.push(hit.id);
    else missing.push(w);
  }
  return { ids, missing };
}

function LinkedTickets({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const tickets = useTicketsByIds(incident.ticketIds);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const canWork = session.can('tickets.work');
  const link = async () => {
    const words = text.split(/[\s,，;；]+/).filter(Boolean);
    if (!words.length) return;
    setBusy(true);
    try {
      const { ids, missing } = await resolveNumbers(words);
      if (missing.length) void message.error(t('incidents.notFound', { numbers: missing.join(', ') }));
      if (ids.length) {
        await linkIncidentTickets(incident.id, ids);
        void message.success(t('incidents.linkedOk', { count: ids.length }));
        setText(missing.join(' '));
      }
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(false);
      invalidate();
    }
  };
  const unlink = async (ticketId: string) => {
    try {
      await unlinkIncidentTicket(incident.id, ticketId);
      void message.success(t('incidents.unlinked'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      invalidate();
    }
  };
  const columns: TableColumnsType<Ticket> = [
    {
      key: 'number',
      title: t('tickets.col.number'),
      render: (_v, tk) => (
        <Link className="mono" to={`/tickets?id=${encodeURIComponent(tk.id)}`}>
          {tk.number}
        </Link>
      ),
    },
    { key: 'subject', title: t('tickets.col.subject'), dataIndex: 'subject', ellipsis: true },
    {
      key: 'status',
      title: t('tickets.col.status'),
      render: (_v, tk) => <Tag color={STATUS_COLORS[tk.status]}>{t(`tickets.status.${tk.status}`)}</Tag>,
    },
    ...(canWork
      ? [
          {
            key: 'unlink',
            title: '',
            render: (_v: unknown, tk: Ticket) => (
              <Button size="small" onClick={() => void unlink(tk.id)} data-testid={TICKETS_IDS.incidentUnlink(tk.id)}>
                {t('incidents.unlink')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={t('incidents.linked')} data-testid={TICKETS_IDS.incidentTickets}>
      {canWork ? (
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Input
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={() => void link()}
            placeholder={t('incidents.linkPlaceholder')}
            data-testid={TICKETS_IDS.incidentLinkInput}
          />
          <Button
            type="primary"
            loading={busy}
            onClick={() => void link()}
            data-testid={TICKETS_IDS.incidentLinkSubmit}
          >
            {t('incidents.link')}
          </Button>
        </Flex>
      ) : null}
      {tickets.isError ? (
        <QueryError message={errorMessage(tickets.error)} onRetry={() => void tickets.refetch()} />
      ) : null}
      <Table<Ticket>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={incident.ticketIds.length ? tickets.data : []}
        loading={tickets.isFetching}
        locale={{ emptyText: t('incidents.noTickets') }}
        pagination={false}
      />
    </Card>
  );
}

type BulkValues = { comment?: string; status?: Incident['status'] | 'keep'; resolution?: string; notify?: boolean };

/** One PATCH: a customer-visible comment on every linked order, a status (resolving resolves them), notices. */
function BulkUpdate({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTickets();
  const [form] = Form.useForm<BulkValues>();
  const status = Form.useWatch('status', form);
  const bodyOf = (v: BulkValues): Partial<UpdateIncidentBody> => ({
    ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
    ...(v.status && v.status !== 'keep' ? { status: v.status } : {}),
    ...(v.status === 'resolved' && v.resolution?.trim() ? { resolution: v.resolution.trim() } : {}),
    ...(v.notify ? { notifyCustomers: true } : {}),
  });
  const save = useFormSubmit(form, (v: BulkValues) => updateIncident(incident.id, bodyOf(v) as UpdateIncidentBody), {
    onSuccess: (out) => {
      invalidate();
      form.resetFields();
      void message.success(t('incidents.bulk.applied', out.applied));
    },
  });
  // An empty update is refused by the server; say what to fill in instead of sending it.
  const submit = (v: BulkValues) =>
    Object.keys(bodyOf(v)).length ? save.submit(v) : void message.warning(t('incidents.bulk.nothing'));
  return (
    <Card size="small" title={t('incidents.bulk.title')} data-testid={TICKETS_IDS.incidentBulk}>
      <Form form={form} layout="vertical" initialValues={{ status: 'keep' }} onFinish={submit}>
        <FormError message={save.formError} />
        <Form.Item name="comment" label={t('incidents.bulk.comment')} rules={[{ max: 10_000 }]}>
          <Input.TextArea rows={3} data-testid={TICKETS_IDS.incidentBulkComment} />
        </Form.Item>
        <Form.Item name="status" label={t('incidents.bulk.status')}>
          <Select
            data-testid={TICKETS_IDS.incidentBulkStatus}
            options={[
              { value: 'keep', label: t('incidents.bulk.keep') },
              ...INCIDENT_STATUSES.filter((s) => s !== incident.status).map((s) => ({
                value: s,
                label: t(`incidents.status.${s}`),
              })),
            ]}
          />
        </Form.Item>
        {status === 'resolved' ? (
          <Form.Item name="resolution" label={t('incidents.resolution')} rules={[{ max: 10_000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : null}
        <Form.Item name="notify" valuePropName="checked">
          <Checkbox data-testid={TICKETS_IDS.incidentBulkNotify}>{t('incidents.bulk.notify')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.pending} data-testid={TICKETS_IDS.incidentBulkSubmit}>
          {t('incidents.bulk.submit')}
        </Button>
      </Form>
    </Card>
  );
}
