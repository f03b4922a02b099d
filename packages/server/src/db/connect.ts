import mongoose from 'mongoose';
import { createModels, type Models } from './models.js';

/** Options of {@link connectDatabase}. */
export interface ConnectDatabaseOptions {
  /** Deadline of every operation, connecting included. @default 5000 */
  timeoutMs?: number;
}

/** Opens a dedicated connection, binds the models and makes sure their indexes exist. */
export async function connectDatabase(
  uri: string,
  options: ConnectDatabaseOptions = {},
): Promise<{ conn: mongoose.Connection; models: Models }> {
  const timeoutMs = options.timeoutMs ?? 5000;
  // autoCreate off: the embedded server lacks the `create` command; collections appear on insert.
  // bufferTimeoutMS is read by mongoose but missing from its ConnectOptions type.
  const connectOptions: mongoose.ConnectOptions & { bufferTimeoutMS: number } = {
    autoCreate: false,
    autoIndex: false,
    // The driver's client-side operation timeout bounds server selection, connection checkout
    // and the reply: a stalled database fails operations instead of holding them.
    timeoutMS: timeoutMs,
    // A read retried after a cleared pool selects its server with this, not with timeoutMS.
    serverSelectionTimeoutMS: timeoutMs,
    // While disconnected, mongoose queues operations itself; bound that wait too.
    bufferTimeoutMS: timeoutMs,
  };
  const conn = mongoose.createConnection(uri, connectOptions);
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { conn, models };
}
