import pino, { type Logger } from 'pino'

/** The process's one root logger. Pretty output only on a terminal; secrets and connection strings redacted. */
export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: ['*.password', 'password', 'config.db.url', 'db.url', 'req.headers.authorization'],
    transport: process.stdout.isTTY ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } : undefined,
  })
}
