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
 * relay.stall(); // a silent network: nothing arrives, nothing is refused (what timeouts are for)
 * relay.restore(); // traffic flows again on the same connections
 */
export class TcpRelay {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  /** Relayed connections: the client side and its upstream. */
  readonly #pairs = new Set<readonly [Socket, Socket]>();
  /** Connections accepted while stalled, not yet relayed. */
  readonly #held = new Set<Socket>();
  readonly #target: { readonly host: string; readonly port: number };
  #open = true;
  #stalled = false;
  #port = 0;

  private constructor(target: { readonly host: string; readonly port: number }) {
    this.#target = target;
    this.#server = createServer((client) => {
      if (!this.#open) {
        client.destroy();
        return;
      }
      this.#track(client);
      if (this.#stalled) {
        // Accepted but never answered, as when packets to the database are dropped.
        this.#held.add(client);
        client.on("close", () => this.#held.delete(client));
        return;
      }
      this.#relay(client);
    });
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  }

  #relay(client: Socket): void {
    const upstream = connect(this.#target.port, this.#target.host);
    this.#track(upstream);
    const pair = [client, upstream] as const;
    this.#pairs.add(pair);
    client.pipe(upstream).pipe(client);
    client.on("close", () => {
      this.#pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on("close", () => client.destroy());
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
    this.#stalled = false;
    for (const socket of this.#sockets) socket.destroy();
  }

  /**
   * Silences the network until {@link restore}: open connections stay open but carry nothing in
   * either direction, and new ones are accepted but never reach the database. Nothing is refused
   * or reset, so only the client's own timeouts end a wait (a dropped route, a frozen host).
   */
  stall(): void {
    this.#stalled = true;
    for (const [client, upstream] of this.#pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Accepts connections again; after {@link stall}, traffic flows again on the same connections. */
  restore(): void {
    this.#open = true;
    if (!this.#stalled) return;
    this.#stalled = false;
    for (const [client, upstream] of this.#pairs) {
      client.pipe(upstream);
      upstream.pipe(client);
    }
    for (const client of this.#held) this.#relay(client);
    this.#held.clear();
  }

  /** Cuts and stops listening. */
  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
