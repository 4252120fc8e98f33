import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768–60999): ports the system hands out for port 0 never land here. */
const LOW = 20000;
const HIGH = 32767;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * A port for a child process to listen on. Not from port 0: that range is where the embedded
 * PostgreSQL and every outgoing connection take theirs, so a port picked there can be taken again
 * before the child binds it. Ports already given out in this run are not given again.
 */
const given = new Set<number>();
export async function unusedPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (given.has(port) || !(await isFree(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after 100 tries`);
}
