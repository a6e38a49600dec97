import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { pingDatabase } from './db';
import { routeNotFound } from './errors';
import { registerErrorHandling } from './http';
import type { IdGenerator } from './ids';
import type { Logger } from './logger';
import { webDistFolder } from './paths';

/**
 * The HTTP server every module registers on: JSON only, zod validation, request ids, cookies, rate
 * limits, WebSockets, OpenAPI at /api/docs, and the one error handler.
 */
export async function createHttpServer(deps: {
  log: Logger;
  ids: IdGenerator;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe for client IPs (audit, rate limits). */
  trustProxy?: boolean | string[];
}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    trustProxy: deps.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : deps.ids.next();
    },
  });
  // The API speaks JSON only; text/plain would otherwise reach the validators as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kefu API', version: '1', description: 'Kefu (客服) contact-center platform' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'kefu_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  registerErrorHandling(app);
  return app;
}

/** `/healthz` (database reachable) and the OpenAPI document; both public and hidden from the docs. */
export function registerHealthRoutes(app: FastifyInstance, pool: pg.Pool): void {
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await pingDatabase(pool);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: 'database' });
    }
  });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
}

/**
 * Serves the built web app from dist/web (when built and not turned off) with client-side routes
 * falling back to index.html; anything else unknown answers the API's 404.
 */
export async function registerWebApp(app: FastifyInstance, enabled: boolean): Promise<void> {
  const webDir = webDistFolder();
  const serveWeb = enabled && existsSync(path.join(webDir, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (serveWeb && req.method === 'GET' && !url.startsWith('/api/') && !path.extname(url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw routeNotFound(req.method, url);
  });
}
