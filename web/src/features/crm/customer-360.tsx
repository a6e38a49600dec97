import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  List,
  Row,
  Segmented,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Customer, TIMELINE_KINDS, type TimelineEntry, type VerifiableField } from '../../../../contracts/crm';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { addNote, useCustomer, useInvalidateCustomers, useTimeline } from './api';
import { PreferredAgent } from './preferred-agent';
import { CRM_IDS } from './testids';
import { TIER_COLORS } from './tier';

/** 验证后可见: a field the admin hides until the caller is verified, shown masked to this reader. */
function HiddenHint({ customer: c, field }: { customer: Customer; field: VerifiableField }) {
  const { t } = useTranslation();
  if (!c.verification?.hiddenFields.includes(field)) return null;
  return (
    <Tag icon={<LockOutlined />} data-testid={CRM_IDS.hiddenHint} style={{ marginInlineStart: 8 }}>
      {t('crm.hiddenUntilVerified')}
    </Tag>
  );
}

/** Customer 360 (客户全景): profile, phones, tags, products, notes and the history of contacts. */
export function Customer360({ id, onBack }: { id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const customer = useCustomer(id);
  const c = customer.data;
  return (
    <div data-testid={CRM_IDS.profile}>
      <PageHeader
        title={c ? c.name : t('crm.title')}
        description={c ? t(`crm.kind.${c.kind}`) : undefined}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
            {t('crm.back')}
          </Button>
        }
      />
      {customer.isError ? (
        <QueryError message={errorMessage(customer.error)} onRetry={() => void customer.refetch()} />
      ) : null}
      {customer.isLoading ? <Spin /> : null}
      {c?.verification?.hiddenFields.length ? (
        <Alert
          type="info"
          showIcon
          icon={<LockOutlined />}
          title={t('crm.hiddenBanner')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {c ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Profile customer={c} />
            <Products customer={c} />
            <Notes customer={c} />
          </Col>
          <Col xs={24} xl={14}>
            <Timeline id={c.id} />
          </Col>
        </Row>
      ) : null}
    </div>
  );
}

function Profile({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const consent = (['marketingCalls', 'sms', 'email'] as const).filter((k) => c.consent[k]);
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'phones',
            label: t('crm.field.phones'),
            children: (
              <>
                <span className="mono">{c.phones.map((p) => p.number).join(' / ') || none}</span>
                <HiddenHint customer={c} field="phones" />
              </>
            ),
          },
          {
            key: 'emails',
            label: t('crm.field.emails'),
            children: (
              <>
                {c.emails.join(', ') || none}
                <HiddenHint customer={c} field="emails" />
              </>
            ),
          },
          {
            key: 'accounts',
            label: t('crm.field.accountNumbers'),
            children: (
              <>
                {c.accountNumbers.join(', ') || none}
                <HiddenHint customer={c} field="accountNumbers" />
              </>
            ),
          },
          {
            key: 'idNumber',
            label: t('crm.field.idNumber'),
            children: (
              <>
                <span className="mono">{c.idNumber ?? none}</span>
                <HiddenHint customer={c} field="idNumber" />
              </>
            ),
          },
          {
            key: 'tier',
            label: t('crm.field.tier'),
            children: <Tag color={TIER_COLORS[c.tier]}>{t(`crm.tier.${c.tier}`)}</Tag>,
          },
          {
            key: 'tags',
            label: t('crm.field.tags'),
            children: c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : none,
          },
          {
            key: 'language',
            label: t('crm.field.preferredLanguage'),
            children: c.preferredLanguage ? t(`crm.language.${c.preferredLanguage}`) : none,
          },
          {
            key: 'channel',
            label: t('crm.field.preferredChannel'),
            children: c.preferredChannel ? t(`crm.channel.${c.preferredChannel}`) : none,
          },
          {
            key: 'preferredAgent',
            label: t('crm.field.preferredAgent'),
            children: <PreferredAgent customer={c} />,
          },
          {
            key: 'consent',
            label: t('crm.field.consent'),
            children: consent.length ? consent.map((k) => t(`crm.consent.${k}`)).join(', ') : t('crm.consent.none'),
          },
          {
            key: 'createdAt',
            label: t('crm.field.createdAt'),
            children: <DateTime value={c.createdAt} style="date" />,
          },
          ...Object.entries(c.customFields).map(([k, v]) => ({
            key: `cf-${k}`,
            label: k,
            children: String(v ?? none),
          })),
        ]}
      />
    </Card>
  );
}

function Products({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <>
          {t('crm.products')}
          <HiddenHint customer={c} field="products" />
        </>
      }
      style={{ marginBottom: 16 }}
    >
      <Table
        size="small"
        rowKey={(p) => `${p.kind}-${p.name}-${p.number ?? ''}`}
        pagination={false}
        dataSource={c.products}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { key: 'kind', title: t('crm.productCol.kind'), render: (_v, p) => t(`crm.product.${p.kind}`) },
          { key: 'name', title: t('crm.productCol.name'), dataIndex: 'name' },
          { key: 'number', title: t('crm.productCol.number'), render: (_v, p) => p.number ?? t('common.none') },
          { key: 'since', title: t('crm.productCol.since'), render: (_v, p) => p.since ?? t('common.none') },
        ]}
      />
    </Card>
  );
}

function Notes({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateCustomers();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await addNote(c.id, text.trim());
      setText('');
      invalidate();
      void message.success(t('crm.noteAdded'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <>
          {t('crm.notes')}
          <HiddenHint customer={c} field="notes" />
        </>
      }
    >
      <List
        size="small"
        dataSource={[...c.notes].reverse()}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={n.text}
              description={
                <>
                  <DateTime value={n.at} /> {n.by ?? ''}
                </>
              }
            />
          </List.Item>
        )}
      />
      {session.can('customers.manage') ? (
        <>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            value={text}
            placeholder={t('crm.notePlaceholder')}
            onChange={(e) => setText(e.target.value)}
            style={{ marginTop: 8 }}
          />
          <Button style={{ marginTop: 8 }} disabled={!text.trim()} loading={saving} onClick={() => void save()}>
            {t('crm.addNote')}
          </Button>
        </>
      ) : null}
    </Card>
  );
}

function Timeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<TimelineEntry['kind'] | 'all'>('all');
  const [page, setPage] = useState(1);
  const timeline = useTimeline(id, kind === 'all' ? undefined : kind, page);
  return (
    <Card size="small" title={t('crm.timeline')} data-testid={CRM_IDS.timeline}>
      <Segmented
        value={kind}
        onChange={(v) => {
          setKind(v as TimelineEntry['kind'] | 'all');
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('common.all') },
          ...TIMELINE_KINDS.map((k) => ({ value: k, label: t(`crm.timelineKind.${k}`) })),
        ]}
        style={{ marginBottom: 12 }}
      />
      {timeline.isError ? (
        <QueryError message={errorMessage(timeline.error)} onRetry={() => void timeline.refetch()} />
      ) : null}
      {timeline.data && timeline.data.items.length === 0 ? <Empty description={t('crm.timelineEmpty')} /> : null}
      <List
        size="small"
        loading={timeline.isFetching}
        dataSource={timeline.data?.items ?? []}
        pagination={
          (timeline.data?.total ?? 0) > 20
            ? { current: page, pageSize: 20, total: timeline.data?.total ?? 0, onChange: setPage }
            : false
        }
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta
              avatar={<Tag>{t(`crm.timelineKind.${e.kind}`)}</Tag>}
              title={<DateTime value={e.at} />}
              description={<EntrySummary entry={e} />}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function EntrySummary({ entry: e }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const s = e.summary;
  if (e.kind === 'note' && s.hidden === true)
    return (
      <Tag icon={<LockOutlined />} data-testid={CRM_IDS.hiddenHint}>
        {t('crm.hiddenUntilVerified')}
      </Tag>
    );
  if (e.kind === 'note') return <Typography.Text>{String(s.text ?? '')}</Typography.Text>;
  if (e.kind === 'call') {
    const direction = s.direction === 'outbound' ? t('crm.call.outbound') : t('crm.call.inbound');
    const talk =
      s.answered === true
        ? t('crm.call.answered', { seconds: Math.round(Number(s.talkMs ?? 0) / 1000) })
        : t('crm.call.missed');
    return (
      <Typography.Text>
        {direction} · {talk}
        {s.recordingId ? ` · ${t('crm.call.recorded')}` : ''}
        {e.refs.callId && can('calls.view') ? (
          <>
            {' · '}
            <Link to={`/calls?id=${e.refs.callId}`}>{t('crm.call.open')}</Link>
          </>
        ) : null}
      </Typography.Text>
    );
  }
  if ((e.kind === 'chat' || e.kind === 'email' || e.kind === 'sms') && typeof s.channel === 'string') {
    const parts = [
      s.answered === true
        ? t('crm.contact.handled', { minutes: Math.max(1, Math.round(Number(s.handledMs ?? 0) / 60_000)) })
        : t('crm.contact.unanswered'),
    ];
    if (typeof s.disposition === 'string')
      parts.push(t(`acd.disposition.${s.disposition}`, { defaultValue: s.disposition }));
    return <Typography.Text>{parts.join(' · ')}</Typography.Text>;
  }
  if (e.kind === 'survey' && typeof s.satisfaction === 'number') {
    return (
      <Typography.Text>
        {t('crm.survey.followUp', { number: String(s.number ?? ''), score: s.satisfaction })}{' '}
        {e.refs.ticketId ? <Link to={`/tickets?id=${e.refs.ticketId}`}>{t('crm.ticket.open')}</Link> : null}
      </Typography.Text>
    );
  }
  if (e.kind === 'survey' && s.source !== 'follow_up') {
    const scores = (['csat', 'nps', 'ces'] as const)
      .filter((k) => typeof s[k] === 'number')
      .map((k) => `${t(`surveys.question.${k}`)} ${String(s[k])}`)
      .join(' · ');
    return (
      <Typography.Text>
        {t('crm.survey.answer', { channel: t(`surveys.channel.${String(s.source)}`), scores })}
      </Typography.Text>
    );
  }
  if (e.kind === 'ticket' && typeof s.number === 'string') {
    const status = (v: unknown) => t(`crm.ticket.status.${String(v)}`, { defaultValue: String(v) });
    return (
      <Typography.Text>
        {s.change === 'transitioned'
          ? t('crm.ticket.transitioned', { number: s.number, from: status(s.from), to: status(s.to) })
          : t('crm.ticket.created', { number: s.number, subject: String(s.subject ?? '') })}{' '}
        {e.refs.ticketId && can('tickets.view') ? (
          <Link to={`/tickets?id=${e.refs.ticketId}`}>{t('crm.ticket.open')}</Link>
        ) : null}
      </Typography.Text>
    );
  }
  return <Typography.Text type="secondary">{Object.values(e.refs).join(' · ')}</Typography.Text>;
}
