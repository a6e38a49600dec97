import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CANNED_VARIABLES } from '../../../../contracts/conversations';

// i18next reads dots in a key as nesting: the texts are keyed by a dotless name.
const TEXT_KEY: Record<(typeof CANNED_VARIABLES)[number], string> = {
  'customer.name': 'customerName',
  'agent.name': 'agentName',
  'ticket.number': 'ticketNumber',
  'conversation.id': 'conversationId',
};

/** The placeholders a canned reply may use, written as they are typed: {{customer.name}}. */
export function CannedVariables() {
  const { t } = useTranslation();
  return (
    <div>
      <div>{t('canned.variables')}</div>
      <Flex wrap gap="4px 16px">
        {CANNED_VARIABLES.map((v) => (
          <span key={v}>
            <Typography.Text code copyable={{ text: `{{${v}}}` }}>{`{{${v}}}`}</Typography.Text>{' '}
            {t(`canned.variable.${TEXT_KEY[v]}`)}
          </span>
        ))}
      </Flex>
    </div>
  );
}
