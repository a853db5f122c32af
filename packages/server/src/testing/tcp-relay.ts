import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP relay on 127.0.0.1 between a server and its database that a test can cut and restore:
 * "the database is unreachable" (every connection dropped, new ones refused) without stopping a
 * database server that other tests share. Point the store's connection string at {@link port}.
 *
 * @example
 * const relay = await TcpRelay.start({ host: "127.0.0.1", port: 5432 });
 * // connectionString: `postgres://postgres@127.0.0.1:${relay.port}/postgres`
 * relay.cut(); // requests now fail with 503
 * relay.restore(); // and succeed again
 */
export class TcpRelay {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #open = true;
  #port = 0;

  private constructor(target: { readonly host: string; readonly port: number }) {
    this.#server = createServer((client) => {
      if (!this.#open) {
        client.destroy();
        return;
      }
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  }

  /** Starts a relay to `target` on a free port of 127.0.0.1. */
  static async start(target: { readonly host: string; readonly port: number }): Promise<TcpRelay> {
    const relay = new TcpRelay(target);
    relay.#port = await new Promise<number>((resolve) =>
      relay.#server.listen(0, "127.0.0.1", () => resolve((relay.#server.address() as AddressInfo).port)),
    );
    return relay;
  }

  /** The relay's port on 127.0.0.1. */
  get port(): number {
    return this.#port;
  }

  /** Drops every open connection and refuses new ones until {@link restore}. */
  cut(): void {
    this.#open = false;
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Accepts connections again. */
  restore(): void {
    this.#open = true;
  }

  /** Cuts and stops listening. */
  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
