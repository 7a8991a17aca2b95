// Starts and stops a real Rumbl server for the browser tests: the release
// binary, on a given port and data folder, waited on until /healthz answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export class RumblServer {
  readonly url: string;
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    readonly dataDir: string = mkdtempSync(path.join(tmpdir(), 'rumbl-e2e-')),
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const bin = process.env.RUMBL_SERVER_BIN;
    if (!bin) throw new Error('RUMBL_SERVER_BIN is not set: run the suite through scripts/test.sh');
    this.child = spawn(bin, [], {
      env: {
        ...process.env,
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_ENV: 'PROD',
        RUMBL_DATA_DIR: this.dataDir,
        RUMBL_MEDIA_DIR: path.join(ROOT, 'media'),
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(ROOT, 'target', 'site'),
        // The embedded default: a fresh SQLite file in the throw-away folder.
        DATABASE_URL: undefined,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await this.waitHealthy();
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(`the server exited with code ${this.child.exitCode}`);
      }
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server on ${this.url} did not become healthy within 30 s`);
  }

  /** Kills the server outright (SIGKILL): what a crash looks like to the browser. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server as an operator would (SIGTERM), waiting for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
