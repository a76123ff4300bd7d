/** Vitest globalSetup of the e2e project: one app build per test run. */
import { buildApp } from './harness.ts';

export default async function setup(): Promise<void> {
  if (process.env.GONGKAI_E2E_SKIP_BUILD) return;
  await buildApp();
}
