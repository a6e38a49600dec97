export { type AuditServices, createAuditModule } from './audit.module';
export { registerAuditRoutes } from './audit.routes';
