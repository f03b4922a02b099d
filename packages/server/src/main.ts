/* The `npm start` entry: configuration from the environment, graceful stop on signals. */
import { optionsFromEnv } from './config.js';
import { startServer } from './server.js';

const server = await startServer(optionsFromEnv());
const { logger } = server;
if (server.embeddedDatabase) {
  logger.warn(
    'MONGODB_URI is not set: using the embedded in-memory database. Data is lost when the server stops.',
  );
}
logger.info(
  `Scrub In is up: ${server.publicUrl} (REST ${server.publicUrl}/api, docs ${server.publicUrl}/docs, Socket.IO ${server.publicUrl}/socket.io)`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: flushing the event log and stopping`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
