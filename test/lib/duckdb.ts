import { DuckDBInstance } from '@duckdb/node-api';

/** Rows of one SQL statement run in a fresh in-memory DuckDB (Node), as plain JS values. */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
