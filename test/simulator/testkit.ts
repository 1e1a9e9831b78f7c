// Small helpers for the simulator's own tests: plain fetch against the server under test.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Simulator } from './index';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
}

export function basic(username: string, secret: string): string {
  return `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
}

export const ADMIN = basic('admin', 'admin');
export const JOHN = basic('john.doe', 'john');
export const JANE = basic('jane.roe', 'jane');

export interface CallOptions {
  auth?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Adds `X-Atlassian-Token: no-check` on POST/PUT/DELETE unless false. */
  noCheck?: boolean;
  redirect?: RequestRedirect;
}

/** Calls `<baseUrl><path>`; `path` starts with `/rest/...`. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.auth) headers.authorization = options.auth;
  if (method !== 'GET' && options.noCheck !== false) headers['x-atlassian-token'] = 'no-check';
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers,
    body: options.body,
    redirect: options.redirect ?? 'follow',
  });
  const text = await response.text();
  let json: unknown;
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const TOKENS_2 = '/rest/ksso/api/apitokens/2.0';
export const TOKENS_3 = '/rest/ksso/api/apitokens/3.0';
export const SNAPSHOTS = '/rest/ksso/api/snapshot/1.0/config/snapshot/';
export const PING = '/rest/ksso/api/info/1.0/ping';

export const asRecord = (value: unknown): Record<string, unknown> => {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
};

export const asArray = (value: unknown): Record<string, unknown>[] => {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value.map(asRecord);
};

/** Runs the CLI (test/simulator/cli.ts) until it prints its URL; `stop()` sends SIGTERM and waits for the exit code. */
export async function startCli(args: string[]): Promise<{ baseUrl: string; output: string; stop(): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/simulator/cli.ts', ...args], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CLI printed no URL in time:\n${output}`)), 10_000);
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /listening at (\S+)/.exec(output);
        if (match && output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`CLI exited with ${code}:\n${output}`)));
    });
    return {
      baseUrl,
      output,
      async stop() {
        if (child.exitCode !== null) return child.exitCode;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = (await exited) as [number];
        return code;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
