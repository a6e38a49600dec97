export { createSystemModule } from './system.module';
export { registerSystemRoutes } from './system.routes';
export { createSystemService, type SystemService } from './system.service';
