import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, Select, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  Customer,
  type Customer as CustomerT,
  LookupReply,
  VERIFICATION_METHODS,
  Verification,
} from '../../../../contracts/crm';
import { contractApi } from '../../app/api-client';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DESKTOP_IDS } from './testids';

const popKey = (contactId: string) => ['customers', 'pop', contactId] as const;

/**
 * The customer the pop settled on, per contact: the one match, or the agent's choice among several.
 * Kept beyond the pop's life because the wrap-up (shown after the pop is gone) files the work order
 * for that customer.
 */
const chosenByContact = new Map<string, string>();

const lookup = (contactId: string, signal?: AbortSignal) =>
  contractApi.get(LookupReply, '/customers/lookup', { contactId }, signal);

/** The customer the pop showed for this contact, if it showed one. */
export function usePoppedCustomer(contactId: string, enabled: boolean): CustomerT | undefined {
  const pop = useQuery({
    queryKey: popKey(contactId),
    queryFn: ({ signal }) => lookup(contactId, signal),
    enabled,
    staleTime: 60_000,
  });
  const matches = pop.data?.matches ?? [];
  return matches.length === 1 ? matches[0] : matches.find((m) => m.id === chosenByContact.get(contactId));
}

/**
 * A chat, e-mail, SMS or WeChat customer as they introduced themselves (the pre-chat form, the
 * sender): no caller number to speak of, and what they gave fills the quick create.
 */
export type CustomerHint = { name?: string | null; phone?: string | null };

/**
 * 客户弹屏: the customer of the offered or connected contact, matched by the CRM on the caller's
 * number as routing holds it (the desktop only sees it masked). One match shows the customer, several
 * a chooser, none a quick create. A conversation's contact passes a `hint` instead of a caller.
 */
export function CustomerPop({ contactId, hint }: { contactId: string; hint?: CustomerHint }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const pop = useQuery({
    queryKey: popKey(contactId),
    queryFn: ({ signal }) => lookup(contactId, signal),
  });
  const [chosen, setChosenState] = useState<string | undefined>(() => chosenByContact.get(contactId));
  const setChosen = (id: string) => {
    chosenByContact.set(contactId, id);
    setChosenState(id);
  };
  const matches = pop.data?.matches ?? [];
  const shown = matches.length === 1 ? matches[0] : matches.find((m) => m.id === chosen);
  return (
    <Card size="small" title={t('desktopCrm.title')} data-testid={DESKTOP_IDS.customerPop}>
      {pop.isLoading ? <Spin /> : null}
      {pop.isError ? <Typography.Text type="danger">{errorMessage(pop.error)}</Typography.Text> : null}
      {pop.data && matches.length === 0 ? <QuickCreate contactId={contactId} hint={hint} /> : null}
      {matches.length > 1 ? (
        <Select
          style={{ width: '100%', marginBottom: 8 }}
          placeholder={t('desktopCrm.choose', { count: matches.length })}
          value={chosen}
          onChange={setChosen}
          options={matches.map((m) => ({ value: m.id, label: `${m.name} · ${m.phones[0]?.number ?? ''}` }))}
        />
      ) : null}
      {shown ? <CustomerSummary customer={shown} /> : null}
      {shown?.verification ? <Verify customer={shown} contactId={contactId} /> : null}
    </Card>
  );
}

function CustomerSummary({ customer: c }: { customer: CustomerT }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <>
      <Flex gap={8} align="center" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.name}
        </Typography.Title>
        <Tag color={c.tier === 'vip' ? 'red' : c.tier === 'gold' ? 'gold' : undefined}>
          {t(`desktopCrm.tier.${c.tier}`)}
        </Tag>
        {c.tags.map((tag) => (
          <Tag key={tag} color={tag === '易投诉' ? 'volcano' : undefined}>
            {tag}
          </Tag>
        ))}
      </Flex>
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          { key: 'phones', label: t('desktopCrm.phones'), children: c.phones.map((p) => p.number).join(' / ') || none },
          {
            key: 'products',
            label: t('desktopCrm.products'),
            children: c.products.map((p) => p.name).join('、') || none,
          },
          ...(c.notes.length
            ? [{ key: 'note', label: t('desktopCrm.lastNote'), children: c.notes[c.notes.length - 1]!.text }]
            : []),
        ]}
      />
      <Link to={`/customers?id=${encodeURIComponent(c.id)}`}>{t('desktopCrm.open')}</Link>
    </>
  );
}

function QuickCreate({ contactId, hint }: { contactId: string; hint: CustomerHint | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const none = (
    <Typography.Text type="secondary">{t(hint ? 'desktopCrm.noneMatch' : 'desktopCrm.none')}</Typography.Text>
  );
  if (!session.can('customers.manage')) return none;
  const create = async (v: { name: string; phone?: string }) => {
    setSaving(true);
    try {
      await contractApi.post(Customer, '/customers', { name: v.name.trim(), phones: v.phone ? [v.phone] : [] });
      void queryClient.invalidateQueries({ queryKey: popKey(contactId) });
      void message.success(t('desktopCrm.created'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      {none}
      <Form
        layout="vertical"
        size="small"
        onFinish={(v) => void create(v)}
        // A phone the server masked for this agent would only be in the way.
        initialValues={{ name: hint?.name ?? undefined, phone: hint?.phone?.includes('*') ? undefined : hint?.phone }}
        style={{ marginTop: 8 }}
      >
        <Form.Item
          name="name"
          label={t('desktopCrm.name')}
          rules={[{ required: true, whitespace: true }, { max: 200 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('desktopCrm.phone')} extra={hint ? undefined : t('desktopCrm.phoneHelp')}>
          <Input autoComplete="off" className="mono" />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={saving}>
          {t('desktopCrm.create')}
        </Button>
      </Form>
    </>
  );
}

/** 身份核验: the agent asks (service password, ID digits, SMS code) and records the result. */
function Verify({ customer: c, contactId }: { customer: CustomerT; contactId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<(typeof VERIFICATION_METHODS)[number]>('service_password');
  const verified = c.verification?.verified === true;
  const record = async (result: 'passed' | 'failed') => {
    try {
      await contractApi.post(Verification, `/customers/${encodeURIComponent(c.id)}/verifications`, {
        contactId,
        method,
        result,
      });
      void queryClient.invalidateQueries({ queryKey: popKey(contactId) });
      void message.success(t(result === 'passed' ? 'desktopCrm.verify.passed' : 'desktopCrm.verify.failed'));
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };
  return (
    <Flex gap={8} align="center" wrap style={{ marginTop: 12 }} data-testid={DESKTOP_IDS.customerVerify}>
      <Tag color={verified ? 'green' : 'orange'}>{t(verified ? 'desktopCrm.verify.yes' : 'desktopCrm.verify.no')}</Tag>
      {!verified && session.can('customers.manage') ? (
        <>
          <Select
            size="small"
            value={method}
            onChange={setMethod}
            style={{ width: 140 }}
            options={VERIFICATION_METHODS.map((m) => ({ value: m, label: t(`desktopCrm.verify.method.${m}`) }))}
          />
          <Button size="small" type="primary" onClick={() => void record('passed')}>
            {t('desktopCrm.verify.pass')}
          </Button>
          <Button size="small" danger onClick={() => void record('failed')}>
            {t('desktopCrm.verify.fail')}
          </Button>
        </>
      ) : null}
    </Flex>
  );
}
