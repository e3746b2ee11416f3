import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a dependency that can make the network bad on demand: added latency on
 * every chunk each way, and every open connection dropped at once (RST). The chaos run puts one
 * between the services and PostgreSQL; no Docker, no root.
 */
export interface FaultProxy {
  /** `host:port` clients connect to. */
  readonly address: string;
  readonly port: number;
  /** Delay each chunk by this many ms each way (0: none). */
  setLatency(ms: number): void;
  /** Resets every connection open now; new ones are accepted as before. Returns how many. */
  dropConnections(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(options: {
  /** Where the proxy listens (127.0.0.1). */
  readonly port: number;
  readonly targetHost: string;
  readonly targetPort: number;
}): Promise<FaultProxy> {
  let latencyMs = 0;
  const open = new Set<Socket>();
  const delayed = (from: Socket, to: Socket): void => {
    // Order is kept: each chunk waits for the one before it, then for the latency.
    let chain = Promise.resolve();
    from.on('data', (chunk) => {
      const delay = latencyMs;
      if (delay === 0) {
        chain = chain.then(() => void (to.destroyed || to.write(chunk)));
        return;
      }
      from.pause();
      chain = chain
        .then(() => new Promise((done) => setTimeout(done, delay)))
        .then(() => {
          if (!to.destroyed) to.write(chunk);
          from.resume();
        });
    });
    from.on('end', () => void chain.then(() => to.end()));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(options.targetPort, options.targetHost);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  return {
    address: `127.0.0.1:${options.port}`,
    port: options.port,
    setLatency: (ms) => void (latencyMs = ms),
    dropConnections: () => {
      const sockets = [...open];
      for (const socket of sockets) socket.resetAndDestroy();
      return sockets.length / 2;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => done());
      }),
  };
}
