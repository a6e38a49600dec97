export { createAuditModule } from './audit.module';
export { registerAuditRoutes } from './audit.routes';
