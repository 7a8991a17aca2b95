// Starts the shared server for the suite; its teardown stops it.
import type { FullConfig } from '@playwright/test';
import { RumblServer } from './server';

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  const server = new RumblServer(Number(new URL(baseURL).port));
  await server.start();
  return async () => server.stop();
}
