import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Team, UpdateTeamBody } from '../../../../contracts/teams';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { createTeam, updateTeam, useInvalidateTeams } from './api';
import { LeadSelect } from './lead-select';
import { TEAMS_IDS } from './testids';

type Values = { name: string; leadUserId?: string | null };

/** Create or edit a team; rendered only while open. */
export function TeamFormDialog({ team, onClose }: { team?: Team; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateTeams();
  const [form] = Form.useForm<Values>();

  const save = useFormSubmit(
    form,
    async (values: Values): Promise<Team> => {
      const name = values.name.trim();
      const leadUserId = values.leadUserId ?? null;
      if (!team) return createTeam({ name, leadUserId });
      const body: UpdateTeamBody = {};
      if (name !== team.name) body.name = name;
      if (leadUserId !== team.leadUserId) body.leadUserId = leadUserId;
      return Object.keys(body).length === 0 ? team : updateTeam(team.id, body);
    },
    {
      fieldsByCode: { 'TEAMS.NAME_TAKEN': 'name', 'TEAMS.LEAD_NOT_FOUND': 'leadUserId' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t(team ? 'teams.updated' : 'teams.created', { name: saved.name }));
        onClose();
      },
    },
  );

  return (
    <FormModal
      title={t(team ? 'teams.edit' : 'teams.create')}
      onClose={onClose}
      form={form}
      initialValues={{ name: team?.name, leadUserId: team?.leadUserId ?? undefined }}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(team ? 'common.save' : 'common.create')}
      submitTestId={TEAMS_IDS.formSubmit}
    >
      <Form.Item
        name="name"
        label={t('teams.form.name')}
        rules={[{ required: true, whitespace: true, message: t('teams.form.nameRequired') }, { max: 100 }]}
      >
        <Input autoComplete="off" autoFocus data-testid={TEAMS_IDS.formName} />
      </Form.Item>
      <Form.Item name="leadUserId" label={t('teams.form.lead')}>
        <LeadSelect />
      </Form.Item>
    </FormModal>
  );
}
