import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs on stdout; secrets never reach them (redacted paths below). */
export function createLogger(level: pino.LevelWithSilent, name = 'kefu'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
