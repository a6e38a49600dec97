import { namesFromList } from '../../platform/entity-names';
import type { KefuModule, Platform } from '../../platform/module';
import type { RoutingService } from '../routing';
import { seedDemoIvr } from './ivr.demo';
import { createIvrRepo } from './ivr.repo';
import { registerIvrRoutes } from './ivr.routes';
import { createIvrService, type IvrService } from './ivr.service';

/** Voice menus (语音导航): versioned flows, validated on save, immutable once published (docs/ivr.md). */
export function createIvrModule(
  p: Platform,
  { routing }: { routing: Pick<RoutingService, 'listQueues'> },
): KefuModule<{ ivr: IvrService }> {
  const ivr = createIvrService({
    ...p,
    repo: createIvrRepo(),
    // Queue keys are checked against the ACD at publish time through a port, not routing's internals.
    queues: { queueExists: (key) => routing.listQueues().some((q) => q.key === key) },
  });
  return {
    name: 'ivr',
    services: { ivr },
    routes: (app) => registerIvrRoutes(app, { ivr }),
    entityNames: { ivr_flow: namesFromList(ivr.list, (f) => f.name) },
    async seedDemo(demo) {
      const { flowId, created } = await seedDemoIvr(ivr, demo.actor);
      demo.refs.set('ivr.flow.hotline', flowId);
      return created ? 1 : 0;
    },
  };
}
