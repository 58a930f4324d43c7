/**
 * A TCP proxy in front of a test Neo4j that can lose a commit acknowledgement, the one
 * failure that makes a driver retry a transaction that did commit: it forwards the
 * client's COMMIT, lets the server commit and answer, then drops that answer and closes
 * the connection. To neo4j-driver this is a connection lost during commit, which it
 * retries like any other (it cannot know the commit landed).
 *
 * Bolt frames messages in chunks (2-byte length, payload, 0x0000 end marker); COMMIT is
 * a struct with no fields and signature 0x12, so the whole message is the six bytes
 * below. Tests send no parameter that could contain them.
 */
import { createServer, Socket, type AddressInfo } from "node:net";

const COMMIT_MESSAGE = Buffer.from([0x00, 0x02, 0xb0, 0x12, 0x00, 0x00]);

export interface BoltFaultProxy {
  /** bolt:// URI of the proxy, on 127.0.0.1. */
  readonly uri: string;
  /** Arms the proxy: the next commit on any connection commits, but its acknowledgement is lost. */
  loseNextCommitAck(): void;
  /** How many acknowledgements were dropped so far. */
  readonly lostAcks: number;
  close(): Promise<void>;
}

export async function startBoltFaultProxy(target: string): Promise<BoltFaultProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let armed = false;
  let lostAcks = 0;

  const server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    let dropNextReply = false;
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (data: Buffer) => {
      if (armed && data.includes(COMMIT_MESSAGE)) {
        armed = false;
        dropNextReply = true;
      }
      upstream.write(data);
    });
    upstream.on("data", (data: Buffer) => {
      if (dropNextReply) {
        // The server has committed and answered: the client never hears of it.
        lostAcks += 1;
        closeBoth();
        return;
      }
      client.write(data);
    });
    for (const socket of [client, upstream]) {
      socket.on("error", closeBoth);
      socket.on("close", () => {
        sockets.delete(socket);
        closeBoth();
      });
    }
    upstream.connect(Number(port), hostname);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;

  return {
    uri: `bolt://127.0.0.1:${address.port}`,
    loseNextCommitAck() {
      armed = true;
    },
    get lostAcks() {
      return lostAcks;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
