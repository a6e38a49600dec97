import { Divider, Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Capacity } from '../../../../contracts/routing';
import { FormModal } from '../../ui/form-modal';
import { type AgentRoutingRow, putAgentRouting, useQueues, useSkills } from './api';
import { keyedOptions, RowList } from './form-fields';
import { ROUTING_IDS } from './testids';
import { useConfigSave } from './use-config-save';

type Values = {
  skills: Array<{ skill: string; level: number }>;
  memberships: Array<{ queue: string; priority: number; delaySeconds: number }>;
  chat?: number;
};

/** An agent's skills (level 1–5), the queues they serve (priority and delay), and how many chats at once. */
export function AgentRoutingDialog({ agent, onClose }: { agent: AgentRoutingRow; onClose: () => void }) {
  const { t } = useTranslation();
  const skills = useSkills();
  const queues = useQueues();
  const [form] = Form.useForm<Values>();
  const save = useConfigSave(
    form,
    (v: Values) => {
      const capacity: Capacity = { ...agent.capacity };
      if (v.chat === undefined || v.chat === null) delete capacity.chat;
      else capacity.chat = v.chat;
      return putAgentRouting(agent.userId, {
        skills: v.skills ?? [],
        memberships: v.memberships ?? [],
        capacity,
      });
    },
    {
      savedMessage: () => t('routingAdmin.agentSaved', { name: agent.displayName }),
      onClose,
    },
  );

  return (
    <FormModal
      title={t('routingAdmin.editAgent', { name: agent.displayName })}
      width={720}
      onClose={onClose}
      form={form}
      initialValues={{
        skills: agent.skills.map((s) => ({ ...s })),
        memberships: agent.memberships.map((m) => ({
          queue: m.queueKey,
          priority: m.priority,
          delaySeconds: m.delaySeconds,
        })),
        chat: agent.capacity.chat,
      }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t('common.save')}
      submitTestId={ROUTING_IDS.agentRoutingSubmit}
    >
      <RowList
        name="skills"
        title={t('routingAdmin.skills')}
        addLabel={t('routingAdmin.addSkill')}
        newRow={{ level: 3 }}
      >
        {(field) => (
          <>
            <Form.Item
              name={[field.name, 'skill']}
              rules={[{ required: true, message: t('routingAdmin.skillRequired') }]}
            >
              <Select style={{ width: 240 }} options={keyedOptions(skills.data)} />
            </Form.Item>
            <Form.Item name={[field.name, 'level']} label={t('routingAdmin.level')} rules={[{ required: true }]}>
              <InputNumber min={1} max={5} precision={0} />
            </Form.Item>
          </>
        )}
      </RowList>
      <RowList
        name="memberships"
        title={t('routingAdmin.memberships')}
        addLabel={t('routingAdmin.addMembership')}
        newRow={{ priority: 1, delaySeconds: 0 }}
      >
        {(field) => (
          <>
            <Form.Item
              name={[field.name, 'queue']}
              rules={[{ required: true, message: t('routingAdmin.queueRequired') }]}
            >
              <Select style={{ width: 220 }} options={keyedOptions(queues.data)} />
            </Form.Item>
            <Form.Item name={[field.name, 'priority']} label={t('routingAdmin.priority')} rules={[{ required: true }]}>
              <InputNumber min={1} max={9} precision={0} />
            </Form.Item>
            <Form.Item
              name={[field.name, 'delaySeconds']}
              label={t('routingAdmin.delaySeconds')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={3_600} precision={0} />
            </Form.Item>
          </>
        )}
      </RowList>
      <Divider titlePlacement="start">{t('routingAdmin.capacity')}</Divider>
      <Form.Item name="chat" label={t('routingAdmin.chatCapacity')} extra={t('routingAdmin.chatCapacityHint')}>
        <InputNumber min={0} max={20} precision={0} />
      </Form.Item>
    </FormModal>
  );
}
