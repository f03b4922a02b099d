import mongoose from 'mongoose';
import { createModels, type Models } from './models.js';

/** Opens a dedicated connection, binds the models and makes sure their indexes exist. */
export async function connectDatabase(
  uri: string,
): Promise<{ conn: mongoose.Connection; models: Models }> {
  // autoCreate off: the embedded server lacks the `create` command; collections appear on insert.
  const conn = mongoose.createConnection(uri, {
    autoCreate: false,
    autoIndex: false,
    serverSelectionTimeoutMS: 10_000,
  });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { conn, models };
}
